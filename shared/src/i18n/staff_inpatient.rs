//! Strings of the inpatient status reports (入院患者の状況報告) in the staff console: the
//! institution's page and the hospitalised case as follow-up and health-centre staff see it.
//! Japanese and English.

use super::{Lang, pick};
use crate::api::cases::CaseStatus;
use crate::api::inpatient::InpatientOutcome;

/// A string of the inpatient screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InpatientText {
    /// Navigation (institution staff).
    NavInpatients,
    /// Heading of the institution's page.
    Title,
    /// Under the heading.
    Intro,
    /// No case to report on yet.
    ListEmpty,
    /// Column: case number.
    ColCaseNumber,
    /// Column: patient.
    ColPatient,
    /// Column: date of birth.
    ColBirthDate,
    /// Column: the case's state.
    ColStatus,
    /// Column: latest severity.
    ColSeverity,
    /// Column: latest outcome.
    ColOutcome,
    /// Column: when last reported.
    ColReported,
    /// No report filed yet.
    NotReported,
    /// Button: the first report on a case.
    Report,
    /// Button: a further report.
    Update,
    /// The case whose form is open.
    Selected,

    /// Heading of the search.
    FindTitle,
    /// Under it.
    FindIntro,
    /// Case number field.
    CaseNumber,
    /// Date of birth field.
    BirthDate,
    /// Name in kana field.
    NameKana,
    /// Under it.
    NameKanaHint,
    /// Search button.
    Find,
    /// 404 from the search.
    FindNotFound,
    /// 429 from the search: too many misses.
    FindLocked,

    /// Heading of the report form.
    FormTitle,
    /// Under it, for a first report.
    FormIntroFirst,
    /// Under it, when a report exists.
    FormIntroUpdate,
    /// 入院日.
    AdmissionDate,
    /// 退院日.
    DischargeDate,
    /// Hint of 退院日.
    DischargeHint,
    /// 医療機関名.
    HospitalName,
    /// 主治医.
    DoctorName,
    /// 重症度.
    Severity,
    /// 症状.
    Symptoms,
    /// 所見.
    Findings,
    /// Intensive care group.
    IntensiveCare,
    /// ICU.
    Icu,
    /// Ventilator.
    Ventilator,
    /// ECMO.
    Ecmo,
    /// 転帰.
    Outcome,
    /// A select's empty choice.
    Choose,
    /// Submit.
    Submit,
    /// While sending.
    Saving,
    /// After filing.
    Saved,
    /// Some field is wrong.
    CheckFields,

    /// Heading of the history.
    History,
    /// No report yet.
    HistoryEmpty,
    /// Who filed a report.
    ReportedBy,
    /// No symptom ticked.
    NoSymptoms,

    /// Banner on a hospitalised case.
    HospitalisedBanner,
    /// 409 `followup_paused`.
    ErrorPaused,

    /// Field error: required.
    ErrRequired,
    /// Field error: too long.
    ErrTooLong,
    /// Field error: in the future.
    ErrFuture,
    /// Field error: a discharge date while still in hospital.
    ErrStillInHospital,
    /// Field error: discharge before admission.
    ErrBeforeAdmission,
    /// Field error: anything else.
    ErrInvalid,
}

impl InpatientText {
    /// The text in `lang` (English for every language but Japanese).
    pub fn get(self, lang: Lang) -> &'static str {
        let (ja, en) = self.pair();
        pick(lang, ja, en)
    }

    /// The message for a field error's stable code.
    pub fn field_error(code: &str) -> InpatientText {
        use InpatientText::*;
        match code {
            "required" => ErrRequired,
            "too_long" => ErrTooLong,
            "in_future" => ErrFuture,
            "still_in_hospital" => ErrStillInHospital,
            "before_admission" => ErrBeforeAdmission,
            _ => ErrInvalid,
        }
    }

    fn pair(self) -> (&'static str, &'static str) {
        use InpatientText::*;
        match self {
            NavInpatients => ("入院患者", "Inpatients"),
            Title => ("入院患者の状況報告", "Inpatient status reports"),
            Intro => (
                "貴院が届け出て受理された患者と、入院を受け入れた患者の入院状況を報告します。報告のたびに新しい報告として残り、入院中の患者は自宅での健康観察が止まります。",
                "Report the stay of patients your institution notified (once accepted) or \
                 admitted. Each update is kept as a new report; while a patient is in hospital, \
                 home follow-up is paused.",
            ),
            ListEmpty => (
                "報告できる患者はまだいません。他の医療機関が届け出た患者は「患者を探す」から探せます。",
                "No patient to report on yet. Find a patient another institution notified \
                 with “Find a patient”.",
            ),
            ColCaseNumber => ("症例番号", "Case number"),
            ColPatient => ("患者", "Patient"),
            ColBirthDate => ("生年月日", "Date of birth"),
            ColStatus => ("状態", "Status"),
            ColSeverity => ("重症度", "Severity"),
            ColOutcome => ("転帰", "Outcome"),
            ColReported => ("最終報告", "Last report"),
            NotReported => ("未報告", "Not reported"),
            Report => ("報告する", "Report"),
            Update => ("状況を更新", "Update"),
            Selected => ("表示中", "Open"),

            FindTitle => ("患者を探す", "Find a patient"),
            FindIntro => (
                "他の医療機関が届け出た患者を受け入れた場合は、保健所の入院依頼にある症例番号と患者の生年月日・氏名（カナ）で探してください。",
                "For a patient another institution notified, enter the case number on the \
                 health centre's admission request, the patient's date of birth and name in kana.",
            ),
            NameKana => ("氏名（カナ）", "Name in kana"),
            NameKanaHint => (
                "ひらがな・半角カナ・空白の有無は問いません。",
                "Hiragana, half-width kana and spaces are all accepted.",
            ),
            FindLocked => (
                "見つからない検索が続いたため、この医療機関からの検索を一時停止しています。保健所に連絡済みです。しばらくしてからお試しください。",
                "Too many searches found nothing, so searching is paused for this institution \
                 and the health centre has been told. Try again later.",
            ),
            CaseNumber => ("症例番号", "Case number"),
            BirthDate => ("生年月日", "Date of birth"),
            Find => ("探す", "Find"),
            FindNotFound => (
                "該当する患者が見つかりません。症例番号・生年月日・氏名（カナ）を確認してください。",
                "No patient matches. Check the case number, the date of birth and the name in kana.",
            ),

            FormTitle => ("状況報告", "Status report"),
            FormIntroFirst => (
                "入院した日から報告してください。",
                "Start with the day of admission.",
            ),
            FormIntroUpdate => (
                "前回の報告内容が入っています。変わったところを直して保存すると、新しい報告として残ります。",
                "The form holds the last report. Change what changed and save: it is kept as a \
                 new report.",
            ),
            AdmissionDate => ("入院日", "Admission date"),
            DischargeDate => ("退院日", "Discharge date"),
            DischargeHint => (
                "退院・死亡の場合に入力します（入院中・転院は空欄）",
                "For a discharge or death (empty while in hospital or after a transfer)",
            ),
            HospitalName => ("医療機関名", "Hospital"),
            DoctorName => ("主治医", "Attending doctor"),
            Severity => ("重症度", "Severity"),
            Symptoms => ("症状", "Symptoms"),
            Findings => ("所見", "Findings"),
            IntensiveCare => ("集中治療", "Intensive care"),
            Icu => ("ICU入室", "ICU"),
            Ventilator => ("人工呼吸器", "Ventilator"),
            Ecmo => ("ECMO", "ECMO"),
            Outcome => ("転帰", "Outcome"),
            Choose => ("選択してください", "Choose"),
            Submit => ("報告を保存", "Save report"),
            Saving => ("保存中…", "Saving…"),
            Saved => ("報告を保存しました。", "Report saved."),
            CheckFields => ("入力内容を確認してください。", "Check the fields marked."),

            History => ("報告履歴", "Report history"),
            HistoryEmpty => ("まだ報告はありません。", "No report yet."),
            ReportedBy => ("報告", "Reported by"),
            NoSymptoms => ("症状なし", "No symptoms"),

            HospitalisedBanner => (
                "入院中のため自宅での健康観察は停止しています。患者の報告の代理入力、メッセージ、招待、保健所への報告は、退院（自宅療養へ）の報告まで行えません。",
                "In hospital: home follow-up is paused. Proxy reports, messages, invitations \
                 and escalation wait for a discharge home.",
            ),
            ErrorPaused => (
                "入院中のため、この操作はできません。",
                "Not possible while the patient is in hospital.",
            ),

            ErrRequired => ("入力してください。", "Required."),
            ErrTooLong => ("長すぎます。", "Too long."),
            ErrFuture => (
                "今日より後の日付は入力できません。",
                "Must not be in the future.",
            ),
            ErrStillInHospital => (
                "入院中・転院の場合、退院日は空欄にしてください。",
                "Leave empty while the patient is in hospital.",
            ),
            ErrBeforeAdmission => (
                "入院日より前の日付は入力できません。",
                "Must not be before the admission date.",
            ),
            ErrInvalid => ("正しく入力してください。", "Invalid."),
        }
    }
}

/// 転帰.
pub fn outcome(lang: Lang, outcome: InpatientOutcome) -> &'static str {
    use InpatientOutcome as O;
    match outcome {
        O::Inpatient => pick(lang, "入院中", "In hospital"),
        O::DischargedHome => pick(lang, "退院（自宅療養へ）", "Discharged home"),
        O::Recovered => pick(lang, "軽快退院", "Discharged recovered"),
        O::Transferred => pick(lang, "転院", "Transferred"),
        O::Died => pick(lang, "死亡", "Died"),
    }
}

/// A case's state, as badges and the case heading say it.
pub fn case_status(lang: Lang, status: CaseStatus) -> &'static str {
    match status {
        CaseStatus::Active => pick(lang, "健康観察中", "Under follow-up"),
        CaseStatus::Ended => pick(lang, "終了", "Ended"),
        CaseStatus::Hospitalised => pick(lang, "入院中", "Hospitalised"),
        CaseStatus::EndReview => pick(lang, "終了前の確認待ち", "Ready to end: needs review"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_codes_have_their_own_messages() {
        assert_eq!(
            InpatientText::field_error("still_in_hospital").get(Lang::Ja),
            "入院中・転院の場合、退院日は空欄にしてください。"
        );
        assert_eq!(
            InpatientText::field_error("before_admission"),
            InpatientText::ErrBeforeAdmission
        );
        assert_eq!(
            InpatientText::field_error("whatever"),
            InpatientText::ErrInvalid
        );
    }

    #[test]
    fn every_outcome_and_status_has_a_label_in_both_languages() {
        for o in InpatientOutcome::ALL.iter().copied() {
            assert_ne!(outcome(Lang::Ja, o), outcome(Lang::En, o), "{o:?}");
        }
        assert_eq!(case_status(Lang::Ja, CaseStatus::Hospitalised), "入院中");
        assert_eq!(
            case_status(Lang::Vi, CaseStatus::Hospitalised),
            "Hospitalised"
        );
    }
}
