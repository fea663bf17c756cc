//! Strings of the notification (発生届) screens in the staff console: the medical
//! institution's list and form, and the health centre's intake queue, Japanese and English.

use super::{Lang, pick};
use crate::api::case_notifications::{
    ClinicalSymptom, NotificationStatus, Pregnancy, Severity, TestMethod, TestResult,
};

/// A string of the notification screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstText {
    /// Navigation (institution staff): their notifications.
    NavNotifications,
    /// Navigation (health-centre staff): the intake queue.
    NavIntake,

    /// Heading of the institution's list.
    ListTitle,
    /// Under the heading.
    ListIntro,
    /// Button: start a new notification.
    NewNotification,
    /// The institution has filed nothing yet.
    ListEmpty,
    /// Column: patient.
    ColPatient,
    /// Column: diagnosis date.
    ColDiagnosis,
    /// Column: status.
    ColStatus,
    /// Column: last saved.
    ColUpdated,
    /// Column: filing institution.
    ColInstitution,
    /// Column: submitted at.
    ColSubmitted,
    /// Column: severity.
    ColSeverity,
    /// Link: open a notification.
    Open,
    /// Link: edit a draft or a returned notification.
    Edit,
    /// Label before the health centre's comment on a returned notification.
    ReturnComment,
    /// Link to the case made from an accepted notification.
    CaseLink,
    /// A draft without a name yet.
    Unnamed,

    /// Heading of a new notification.
    NewTitle,
    /// Heading of an existing notification.
    EditTitle,
    /// Under the heading of the form.
    FormIntro,
    /// The filing institution (read-only).
    Institution,
    /// Where the filing institution is (the form's 所在地, read-only).
    InstitutionAddress,
    /// The filing institution's phone (read-only).
    InstitutionPhone,
    /// The health centre it goes to (read-only).
    HealthCentre,
    /// Section: the patient.
    SectionPatient,
    /// Section: the diagnosis.
    SectionDiagnosis,
    /// Section: the test.
    SectionTest,
    /// Section: clinical picture.
    SectionClinical,
    /// Section: anything else.
    SectionOther,
    /// 患者氏名.
    PatientName,
    /// フリガナ.
    PatientKana,
    /// Hint under the kana field.
    KanaHint,
    /// 性別.
    Sex,
    /// 生年月日.
    BirthDate,
    /// 住所.
    Address,
    /// 居所.
    Whereabouts,
    /// Hint under the whereabouts field.
    WhereaboutsHint,
    /// 電話番号.
    Phone,
    /// Hint under the phone field.
    PhoneHint,
    /// E-mail.
    Email,
    /// Hint under the e-mail field.
    EmailHint,
    /// 診断した医師.
    DoctorName,
    /// 診断日.
    DiagnosisDate,
    /// 検体採取日.
    SpecimenDate,
    /// 発症日.
    OnsetDate,
    /// 無症状病原体保有者.
    Asymptomatic,
    /// 検査方法.
    TestMethod,
    /// 検査結果.
    TestResult,
    /// 症状.
    Symptoms,
    /// 重症度.
    Severity,
    /// 重症化リスク因子.
    RiskFactors,
    /// 妊娠の有無.
    Pregnancy,
    /// Hint: pregnancy only for a female patient.
    PregnancyHint,
    /// Choice: not answered.
    NotAnswered,
    /// 入院の要否.
    NeedsAdmission,
    /// 新たな酸素投与.
    NewOxygen,
    /// 備考.
    Notes,
    /// Yes (read-only view).
    Yes,
    /// No (read-only view).
    No,
    /// None (an empty list in the read-only view).
    NoneListed,
    /// Button: save the draft.
    SaveDraft,
    /// While saving.
    Saving,
    /// Button: submit to the health centre.
    Submit,
    /// While submitting.
    Submitting,
    /// After saving a draft.
    Saved,
    /// After submitting.
    SubmittedNotice,
    /// A submitted or accepted notification cannot be changed.
    ReadOnlyNotice,
    /// A returned notification: correct and resubmit.
    ReturnedNotice,
    /// Errors above the buttons.
    FixErrors,
    /// Back to the institution's list.
    BackToList,

    /// Heading of the intake queue.
    IntakeTitle,
    /// Under the heading.
    IntakeIntro,
    /// Nothing waits.
    IntakeEmpty,
    /// Heading of one notification in intake.
    IntakeDetailTitle,
    /// Back to the queue.
    BackToQueue,
    /// A case with the same name, date of birth and phone exists (followed by its number).
    PossibleDuplicate,
    /// Link to that case.
    OpenCase,
    /// Heading of the accept panel.
    AcceptTitle,
    /// What accepting does.
    AcceptIntro,
    /// Button: accept.
    Accept,
    /// While accepting.
    Accepting,
    /// 409 on accept: the person is registered already (followed by the case number).
    AcceptDuplicate,
    /// Button: link the notification to the existing case.
    LinkToExisting,
    /// Heading of the return panel.
    ReturnTitle,
    /// What returning does.
    ReturnIntro,
    /// Button: return.
    Return,
    /// While returning.
    Returning,
    /// After returning.
    ReturnedDone,
    /// The notification was decided already.
    AlreadyDecided,

    /// Field error: required.
    ErrRequired,
    /// Field error: too long.
    ErrTooLong,
    /// Field error: katakana.
    ErrKatakana,
    /// Field error: phone.
    ErrPhone,
    /// Field error: e-mail.
    ErrEmail,
    /// Field error: in the future.
    ErrFuture,
    /// Field error: before the date of birth.
    ErrBeforeBirth,
    /// Field error: after the diagnosis.
    ErrAfterDiagnosis,
    /// Field error: an asymptomatic case with an onset date or symptoms.
    ErrAsymptomatic,
    /// Field error: a result that is not positive.
    ErrNotPositive,
    /// Field error: pregnancy for a patient who is not female.
    ErrNotApplicable,
    /// Field error: out of range.
    ErrOutOfRange,
    /// Field error: a date the browser could not read.
    ErrDateFormat,
    /// Field error: no contract with the health centre.
    ErrNoContract,
    /// Field error: anything else.
    ErrInvalid,
}

impl InstText {
    /// The text in `lang` (English for every language but Japanese).
    pub fn get(self, lang: Lang) -> &'static str {
        let (ja, en) = self.pair();
        pick(lang, ja, en)
    }

    /// The message for a field error's stable code.
    pub fn field_error(code: &str) -> InstText {
        use InstText::*;
        match code {
            "required" => ErrRequired,
            "too_long" => ErrTooLong,
            "katakana" => ErrKatakana,
            "phone_format" => ErrPhone,
            "email_format" => ErrEmail,
            "in_future" => ErrFuture,
            "before_birth" => ErrBeforeBirth,
            "after_diagnosis" => ErrAfterDiagnosis,
            "asymptomatic" => ErrAsymptomatic,
            "not_positive" => ErrNotPositive,
            "not_applicable" => ErrNotApplicable,
            "out_of_range" => ErrOutOfRange,
            "date_format" => ErrDateFormat,
            "no_contract" => ErrNoContract,
            _ => ErrInvalid,
        }
    }

    fn pair(self) -> (&'static str, &'static str) {
        use InstText::*;
        match self {
            NavNotifications => ("発生届", "Notifications"),
            NavIntake => ("発生届の受付", "Notification intake"),

            ListTitle => ("発生届", "Notifications"),
            ListIntro => (
                "この医療機関が作成した発生届です。新しいものから順に表示します。下書きは何度でも保存でき、提出すると管轄の保健所に届きます。",
                "The notifications this institution filed, newest first. Save a draft as often as you like; submitting sends it to the health centre with jurisdiction.",
            ),
            NewNotification => ("新しい発生届", "New notification"),
            ListEmpty => ("まだ発生届はありません。", "No notifications yet."),
            ColPatient => ("患者", "Patient"),
            ColDiagnosis => ("診断日", "Diagnosed"),
            ColStatus => ("状態", "Status"),
            ColUpdated => ("最終保存", "Last saved"),
            ColInstitution => ("医療機関", "Institution"),
            ColSubmitted => ("提出日時", "Submitted"),
            ColSeverity => ("重症度", "Severity"),
            Open => ("開く", "Open"),
            Edit => ("編集", "Edit"),
            ReturnComment => ("差戻しの理由", "Why it was returned"),
            CaseLink => ("患者番号", "Case"),
            Unnamed => ("（氏名未入力）", "(no name yet)"),

            NewTitle => ("発生届の作成", "New notification"),
            EditTitle => ("発生届", "Notification"),
            FormIntro => (
                "新型コロナウイルス感染症の発生届（2022年の届出項目）です。下書きは必須項目が空でも保存できます。提出するとすべての項目を確認します。",
                "COVID-19 notification (the 2022 items). A draft may be saved with required fields empty; submitting checks every item.",
            ),
            Institution => ("届出医療機関", "Filing institution"),
            InstitutionAddress => ("医療機関の所在地", "Institution's address"),
            InstitutionPhone => ("医療機関の電話番号", "Institution's phone"),
            HealthCentre => ("届出先の保健所", "Goes to health centre"),
            SectionPatient => ("患者", "Patient"),
            SectionDiagnosis => ("診断", "Diagnosis"),
            SectionTest => ("検査", "Test"),
            SectionClinical => ("臨床", "Clinical picture"),
            SectionOther => ("その他", "Other"),
            PatientName => ("患者氏名", "Patient's name"),
            PatientKana => ("フリガナ", "Name in kana"),
            KanaHint => (
                "カタカナで入力してください（ひらがなは自動でカタカナになります）。",
                "In katakana (hiragana is converted).",
            ),
            Sex => ("性別", "Sex"),
            BirthDate => ("生年月日", "Date of birth"),
            Address => ("住所", "Address"),
            Whereabouts => ("居所", "Whereabouts"),
            WhereaboutsHint => (
                "住所と異なる場所で療養する場合に入力してください。",
                "Only if the patient stays somewhere other than the address.",
            ),
            Phone => ("電話番号", "Phone"),
            PhoneHint => ("例：090-1234-5678", "e.g. 090-1234-5678"),
            Email => ("メールアドレス", "E-mail"),
            EmailHint => (
                "任意。健康観察の入力のお願いに使います。",
                "Optional. Used for follow-up reminders.",
            ),
            DoctorName => ("診断した医師", "Diagnosing doctor"),
            DiagnosisDate => ("診断日", "Diagnosis date"),
            SpecimenDate => ("検体採取日", "Specimen date"),
            OnsetDate => ("発症日", "Onset date"),
            Asymptomatic => (
                "無症状病原体保有者（発症日・症状なし）",
                "Asymptomatic carrier (no onset date, no symptoms)",
            ),
            TestMethod => ("検査方法", "Test method"),
            TestResult => ("検査結果", "Test result"),
            Symptoms => ("症状", "Symptoms"),
            Severity => ("重症度", "Severity"),
            RiskFactors => ("重症化リスク因子", "Risk factors for severe disease"),
            Pregnancy => ("妊娠の有無", "Pregnancy"),
            PregnancyHint => ("女性の場合のみ", "Female patients only"),
            NotAnswered => ("未選択", "Not answered"),
            NeedsAdmission => ("入院が必要", "Admission needed"),
            NewOxygen => ("新たな酸素投与を開始", "New oxygen therapy started"),
            Notes => ("備考", "Notes"),
            Yes => ("あり", "Yes"),
            No => ("なし", "No"),
            NoneListed => ("なし", "None"),
            SaveDraft => ("下書き保存", "Save draft"),
            Saving => ("保存中…", "Saving…"),
            Submit => ("保健所に提出", "Submit to the health centre"),
            Submitting => ("提出中…", "Submitting…"),
            Saved => ("下書きを保存しました。", "Draft saved."),
            SubmittedNotice => (
                "提出しました。保健所の受付をお待ちください。",
                "Submitted. The health centre will take it from here.",
            ),
            ReadOnlyNotice => (
                "提出済みの発生届は変更できません。",
                "A submitted notification cannot be changed.",
            ),
            ReturnedNotice => (
                "保健所から差し戻されました。内容を直して、もう一度提出してください。",
                "The health centre returned this notification. Correct it and submit it again.",
            ),
            FixErrors => (
                "入力内容を確認してください。誤りのある項目の横に理由を表示しています。",
                "Please check the form: each problem is shown beside its field.",
            ),
            BackToList => ("発生届の一覧へ", "Back to the notifications"),

            IntakeTitle => ("発生届の受付", "Notification intake"),
            IntakeIntro => (
                "医療機関から提出された発生届です。古いものから順に表示します。受理すると患者が登録され、委託先の割り当てと案内の発行ができます。",
                "Notifications submitted by medical institutions, oldest first. Accepting one registers the case; then assign it and issue the invitation as usual.",
            ),
            IntakeEmpty => (
                "受付待ちの発生届はありません。",
                "No notification is waiting.",
            ),
            IntakeDetailTitle => ("発生届の確認", "Review notification"),
            BackToQueue => ("受付一覧へ", "Back to the intake queue"),
            PossibleDuplicate => (
                "同じ氏名・生年月日・電話番号の患者がすでに登録されています：",
                "A case with the same name, date of birth and phone is registered already:",
            ),
            OpenCase => ("患者情報を開く", "Open the case"),
            AcceptTitle => ("受理", "Accept"),
            AcceptIntro => (
                "受理すると患者を登録します。委託先はあとで割り当てることもできます。",
                "Accepting registers the case. The follow-up organisation may be assigned later.",
            ),
            Accept => ("受理する", "Accept"),
            Accepting => ("受理中…", "Accepting…"),
            AcceptDuplicate => (
                "この患者はすでに登録されています：",
                "This person is registered already:",
            ),
            LinkToExisting => (
                "登録済みの患者に紐付けて受理する",
                "Accept by linking to the registered case",
            ),
            ReturnTitle => ("差戻し", "Return to the institution"),
            ReturnIntro => (
                "医療機関に直してほしい点を書いてください。医療機関は修正して再提出できます。",
                "Say what the institution should correct; it can then correct and resubmit.",
            ),
            Return => ("差し戻す", "Return"),
            Returning => ("差戻し中…", "Returning…"),
            ReturnedDone => ("差し戻しました。", "Returned to the institution."),
            AlreadyDecided => (
                "この発生届は受付待ちではありません。",
                "This notification is not waiting for intake.",
            ),

            ErrRequired => ("入力してください。", "Required."),
            ErrTooLong => ("文字数が多すぎます。", "Too long."),
            ErrKatakana => ("カタカナで入力してください。", "Use katakana."),
            ErrPhone => (
                "10桁または11桁の数字で入力してください（ハイフン可）。",
                "Enter 10 or 11 digits (hyphens allowed).",
            ),
            ErrEmail => (
                "メールアドレスの形式ではありません。",
                "Not an e-mail address.",
            ),
            ErrFuture => ("未来の日付は入力できません。", "Must not be in the future."),
            ErrBeforeBirth => ("生年月日より前の日付です。", "Before the date of birth."),
            ErrAfterDiagnosis => ("診断日より後の日付です。", "After the diagnosis date."),
            ErrAsymptomatic => (
                "無症状病原体保有者には入力できません。",
                "Not for an asymptomatic carrier.",
            ),
            ErrNotPositive => (
                "発生届は陽性の結果で提出します。",
                "A notification needs a positive result.",
            ),
            ErrNotApplicable => ("女性の場合のみ選択できます。", "Female patients only."),
            ErrOutOfRange => ("範囲外の値です。", "Out of range."),
            ErrDateFormat => ("日付を読み取れません。", "Not a date."),
            ErrNoContract => (
                "この保健所と契約している委託先を選んでください。",
                "Choose an organisation with a contract with this health centre.",
            ),
            ErrInvalid => ("入力内容が正しくありません。", "Not valid."),
        }
    }
}

/// A notification's status as its badge says it.
pub fn status(lang: Lang, status: NotificationStatus) -> &'static str {
    use NotificationStatus as S;
    match status {
        S::Draft => pick(lang, "下書き", "Draft"),
        S::Submitted => pick(lang, "提出済み", "Submitted"),
        S::Accepted => pick(lang, "受理", "Accepted"),
        S::Returned => pick(lang, "差戻し", "Returned"),
    }
}

/// 検査方法.
pub fn test_method(lang: Lang, method: TestMethod) -> &'static str {
    use TestMethod as M;
    match method {
        M::Pcr => pick(lang, "PCR法", "PCR"),
        M::AntigenQualitative => pick(lang, "抗原定性検査", "Antigen test (qualitative)"),
        M::AntigenQuantitative => pick(lang, "抗原定量検査", "Antigen test (quantitative)"),
        M::Lamp => pick(lang, "LAMP法等", "LAMP and similar"),
        M::Other => pick(lang, "その他", "Other"),
    }
}

/// 検査結果.
pub fn test_result(lang: Lang, result: TestResult) -> &'static str {
    match result {
        TestResult::Positive => pick(lang, "陽性", "Positive"),
        TestResult::Negative => pick(lang, "陰性", "Negative"),
    }
}

/// 重症度 (2022 classification).
pub fn severity(lang: Lang, severity: Severity) -> &'static str {
    use Severity as S;
    match severity {
        S::Mild => pick(lang, "軽症", "Mild"),
        S::ModerateI => pick(lang, "中等症Ⅰ", "Moderate I"),
        S::ModerateIi => pick(lang, "中等症Ⅱ", "Moderate II"),
        S::Severe => pick(lang, "重症", "Severe"),
    }
}

/// 症状.
pub fn symptom(lang: Lang, symptom: ClinicalSymptom) -> &'static str {
    use ClinicalSymptom as C;
    match symptom {
        C::Fever => pick(lang, "発熱", "Fever"),
        C::Cough => pick(lang, "咳", "Cough"),
        C::SoreThroat => pick(lang, "咽頭痛", "Sore throat"),
        C::Fatigue => pick(lang, "全身倦怠感", "Fatigue"),
        C::Headache => pick(lang, "頭痛", "Headache"),
        C::Breathlessness => pick(lang, "呼吸困難", "Breathlessness"),
        C::TasteSmellDisorder => pick(lang, "味覚・嗅覚障害", "Loss of taste or smell"),
        C::Diarrhoea => pick(lang, "下痢", "Diarrhoea"),
        C::Pneumonia => pick(lang, "肺炎像", "Pneumonia"),
        C::Ards => pick(lang, "重篤な肺炎・ARDS", "Severe pneumonia / ARDS"),
    }
}

/// 妊娠の有無.
pub fn pregnancy(lang: Lang, pregnancy: Pregnancy) -> &'static str {
    match pregnancy {
        Pregnancy::No => pick(lang, "なし", "No"),
        Pregnancy::Yes => pick(lang, "あり", "Yes"),
        Pregnancy::Unknown => pick(lang, "不明", "Unknown"),
    }
}

/// The age in whole years shown beside the date of birth: `72歳` / `72 years`.
pub fn age(lang: Lang, years: u32) -> String {
    match lang {
        Lang::Ja => format!("{years}歳"),
        _ if years == 1 => "1 year".to_owned(),
        _ => format!("{years} years"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_the_form_sends_has_its_own_message() {
        for code in [
            "required",
            "too_long",
            "katakana",
            "phone_format",
            "email_format",
            "in_future",
            "before_birth",
            "after_diagnosis",
            "asymptomatic",
            "not_positive",
            "not_applicable",
            "out_of_range",
            "date_format",
            "no_contract",
        ] {
            assert_ne!(InstText::field_error(code), InstText::ErrInvalid, "{code}");
        }
        assert_eq!(InstText::field_error("whatever"), InstText::ErrInvalid);
    }

    #[test]
    fn every_code_has_a_label_in_both_languages() {
        for lang in [Lang::Ja, Lang::En] {
            for s in NotificationStatus::ALL {
                assert!(!status(lang, *s).is_empty());
            }
            for m in TestMethod::ALL {
                assert!(!test_method(lang, *m).is_empty());
            }
            for s in Severity::ALL {
                assert!(!severity(lang, *s).is_empty());
            }
            for s in ClinicalSymptom::ALL {
                assert!(!symptom(lang, *s).is_empty());
            }
        }
        assert_eq!(status(Lang::Ja, NotificationStatus::Returned), "差戻し");
        assert_eq!(age(Lang::Ja, 76), "76歳");
        assert_eq!(age(Lang::En, 1), "1 year");
    }
}
