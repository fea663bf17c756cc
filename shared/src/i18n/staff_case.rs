//! UI strings of the staff console's case record (basic information, chart, calls, proxy
//! reports, reviews, findings and their amendments, escalation, end of follow-up, timeline):
//! Japanese and English, like [`super::staff`].

use super::{Lang, pick};
use crate::api::cases::{CallOutcome, CaseEventKind, EndReason, RiskFactor};

/// A string of the case record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseText {
    /// 住所.
    Address,
    /// Risk factors for severe disease.
    RiskFactors,
    /// No risk factor recorded.
    NoRiskFactors,
    /// Age 65 or over, shown with the risk factors.
    Age65OrOver,
    /// 発症日.
    OnsetDate,
    /// 検体採取日.
    SpecimenDate,
    /// Tests done.
    Tests,
    /// The diagnosing institution's interview notes.
    InterviewNotes,
    /// Under the interview notes: where they come from, and that they cannot be edited here.
    InterviewNotesHint,
    /// A value nobody recorded.
    NotRecorded,
    /// Reports a day.
    SlotsPerDay,
    /// Status of follow-up.
    Status,
    /// Under follow-up.
    StatusActive,
    /// Follow-up ended.
    StatusEnded,
    /// The staff member in charge.
    AssignedStaff,
    /// Nobody named in charge.
    NoAssignedStaff,
    /// When the case was last escalated.
    LastEscalated,
    /// Banner of an ended case.
    EndedBanner,

    /// Heading of the chart.
    ChartTitle,
    /// Caption of the temperature panel.
    ChartTemperatureUnit,
    /// Caption of the SpO2 panel.
    ChartSpo2Unit,
    /// Legend of the dashed reference lines.
    ChartLegend,
    /// Caption of the table of values under the chart.
    VitalsTable,
    /// Column: day of follow-up.
    ColDay,
    /// A chart without reports.
    ChartEmpty,

    /// Section: phone calls.
    Calls,
    /// Heading of the call form.
    NewCall,
    /// The call's outcome.
    CallOutcome,
    /// Note of a call.
    CallNote,
    /// Submit button of the call form.
    SaveCall,
    /// Confirmation after a call was logged.
    CallSaved,
    /// No call logged yet.
    NoCalls,

    /// Section: proxy report.
    ProxyReport,
    /// Button on a report: correct it with what the patient says on the phone.
    CorrectReport,
    /// Heading of the proxy form while it corrects a report.
    CorrectingReport,
    /// Under that heading.
    CorrectingHint,
    /// Submit button of a correction.
    SaveCorrection,
    /// Confirmation after a correction was stored.
    CorrectionSaved,
    /// Leaves the correction without storing it.
    CancelCorrection,
    /// Under the proxy report heading.
    ProxyHint,
    /// Button that opens the proxy report form.
    OpenProxyForm,
    /// Temperature field.
    TemperatureField,
    /// SpO2 field.
    Spo2Field,
    /// Pulse field.
    PulseField,
    /// Hint under SpO2 and pulse: leave empty when not measured.
    OptionalMeasure,
    /// "None of these" urgent signs.
    UrgentNone,
    /// Note field of the proxy report.
    ProxyNote,
    /// Submit button of the proxy form.
    SaveProxy,
    /// Confirmation after a proxy report was stored.
    ProxySaved,

    /// Button: mark one report reviewed.
    MarkReviewed,
    /// Button: mark every unreviewed report reviewed.
    MarkAllReviewed,
    /// Count of unreviewed reports.
    Unreviewed,

    /// Button: amend a finding.
    Amend,
    /// Heading of the amendment form.
    AmendTitle,
    /// Under the amendment heading.
    AmendHint,
    /// Submit button of the amendment form.
    SaveAmendment,
    /// Confirmation after an amendment was stored.
    AmendmentSaved,
    /// Cancel button.
    Cancel,
    /// Label of an original finding that was amended.
    Original,
    /// Label of an amendment.
    Amendment,
    /// Marks a text replaced by a later amendment.
    Superseded,
    /// Marks the text in force.
    Current,
    /// When a finding or amendment was written.
    WrittenAt,

    /// Section: escalation to the health centre.
    Escalation,
    /// Under the escalation heading.
    EscalationHint,
    /// The note of an escalation.
    EscalationNote,
    /// Button: escalate.
    Escalate,
    /// Confirmation after escalating.
    Escalated,

    /// Section: end of follow-up.
    EndFollowUp,
    /// Under the end heading.
    EndHint,
    /// Reason field.
    EndReasonField,
    /// Placeholder of the reason select.
    ChooseReason,
    /// Note of the end.
    EndNote,
    /// Button that asks for confirmation.
    EndButton,
    /// The confirmation question.
    ConfirmEnd,
    /// The button that ends it.
    ConfirmEndButton,

    /// Section: timeline.
    Timeline,
    /// No timeline entries.
    NoEvents,
    /// Who did something.
    By,
    /// The system (the scheduler), as an actor.
    System,
    /// The organisation something was assigned to, or an escalation went to.
    To,

    /// Shown while an action is being saved.
    Saving,
    /// 409 `followup_ended`.
    ErrorEnded,
    /// Field error: choose an option.
    ErrChoose,
    /// Field error: a report named is not this case's.
    ErrReportIds,
}

impl CaseText {
    /// The string in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        let (ja, en) = self.pair();
        pick(lang, ja, en)
    }

    /// The message for a field error of the case record's forms, when it says more than the
    /// console's general one ([`super::staff::Text::field_error`]).
    pub fn field_error(field: &str, code: &str) -> Option<CaseText> {
        match (field, code) {
            ("outcome" | "reason", "required" | "invalid") => Some(CaseText::ErrChoose),
            ("report_ids", _) => Some(CaseText::ErrReportIds),
            _ => None,
        }
    }

    fn pair(self) -> (&'static str, &'static str) {
        use CaseText as T;
        match self {
            T::Address => ("住所", "Address"),
            T::RiskFactors => ("重症化リスク因子", "Risk factors"),
            T::NoRiskFactors => ("なし", "None"),
            T::Age65OrOver => ("65歳以上", "Aged 65 or over"),
            T::OnsetDate => ("発症日", "Onset date"),
            T::SpecimenDate => ("検体採取日", "Specimen date"),
            T::Tests => ("検査", "Tests"),
            T::InterviewNotes => ("医療機関の聞き取り内容", "Diagnosing institution's notes"),
            T::InterviewNotesHint => (
                "発生届を出した医療機関の記載です（閲覧のみ）。",
                "Written by the institution that filed the notification (read-only).",
            ),
            T::NotRecorded => ("記載なし", "Not recorded"),
            T::SlotsPerDay => ("1日の報告回数", "Reports a day"),
            T::Status => ("状態", "Status"),
            T::StatusActive => ("健康観察中", "Under follow-up"),
            T::StatusEnded => ("終了", "Ended"),
            T::AssignedStaff => ("担当者", "Staff in charge"),
            T::NoAssignedStaff => ("未設定", "Not named"),
            T::LastEscalated => ("保健所への報告", "Escalated to the health centre"),
            T::EndedBanner => (
                "健康観察は終了しています。記録は閲覧のみです。",
                "Follow-up has ended. The record is read-only.",
            ),

            T::ChartTitle => ("体温・SpO2の推移", "Temperature and SpO2"),
            T::ChartTemperatureUnit => ("体温 ℃", "Temperature ℃"),
            T::ChartSpo2Unit => ("SpO2 %", "SpO2 %"),
            T::ChartLegend => (
                "点線：37.5℃（発熱）、SpO2 95%・93%（判定の目安）",
                "Dashed lines: 37.5 ℃ (fever), SpO2 95 % and 93 % (flag thresholds)",
            ),
            T::VitalsTable => ("測定値の一覧", "Values by day"),
            T::ColDay => ("日目", "Day"),
            T::ChartEmpty => ("まだ報告がありません。", "No reports yet."),

            T::Calls => ("電話連絡の記録", "Phone calls"),
            T::NewCall => ("電話連絡を記録", "Log a call"),
            T::CallOutcome => ("結果", "Outcome"),
            T::CallNote => ("メモ", "Note"),
            T::SaveCall => ("記録する", "Save call"),
            T::CallSaved => ("電話連絡を記録しました。", "Call logged."),
            T::NoCalls => ("電話連絡の記録はありません。", "No calls logged yet."),

            T::ProxyReport => ("代理入力", "Report entered by staff"),
            T::CorrectReport => ("訂正する", "Correct"),
            T::CorrectingReport => ("報告の訂正", "Correct a report"),
            T::CorrectingHint => (
                "電話で確認した値に訂正します。元の値は以前の版として残り、訂正は改めて判定されて「代理入力」と表示されます。",
                "Enter the values the patient confirmed on the phone. The earlier values stay as an earlier version; the correction is judged again and shown as entered by staff.",
            ),
            T::SaveCorrection => ("訂正を登録", "Save correction"),
            T::CorrectionSaved => ("訂正を登録しました。", "Correction saved."),
            T::CancelCorrection => ("訂正をやめる", "Cancel correction"),
            T::ProxyHint => (
                "電話で聞き取った内容を入力します。本人の報告と同じ基準で判定され、「代理入力」と表示されます。",
                "Enter what the patient told you on the phone. It is judged like the patient's own report and shown as entered by staff.",
            ),
            T::OpenProxyForm => ("代理入力フォーム", "Proxy report form"),
            T::TemperatureField => ("体温（℃）", "Temperature (℃)"),
            T::Spo2Field => ("SpO2（%）", "SpO2 (%)"),
            T::PulseField => ("脈拍（回/分）", "Pulse (/min)"),
            T::OptionalMeasure => ("測定していない場合は空欄", "Leave empty if not measured"),
            T::UrgentNone => ("いずれも該当しない", "None of these"),
            T::ProxyNote => ("連絡事項", "Note"),
            T::SaveProxy => ("代理入力を登録", "Save report"),
            T::ProxySaved => ("代理入力を登録しました。", "Report saved."),

            T::MarkReviewed => ("確認済みにする", "Mark reviewed"),
            T::MarkAllReviewed => ("すべて確認済みにする", "Mark all reviewed"),
            T::Unreviewed => ("未確認", "Unreviewed"),

            T::Amend => ("修正する", "Amend"),
            T::AmendTitle => ("所見を修正", "Amend the finding"),
            T::AmendHint => (
                "修正しても元の所見は残り、記載者と日時とともに表示されます。",
                "The original stays on the record with its author and time.",
            ),
            T::SaveAmendment => ("修正を登録", "Save amendment"),
            T::AmendmentSaved => ("修正を登録しました。", "Amendment saved."),
            T::Cancel => ("キャンセル", "Cancel"),
            T::Original => ("元の所見", "Original"),
            T::Amendment => ("修正", "Amendment"),
            T::Superseded => ("修正前", "Superseded"),
            T::Current => ("最新", "Current"),
            T::WrittenAt => ("記載日時", "Written at"),

            T::Escalation => ("保健所への報告", "Escalation to the health centre"),
            T::EscalationHint => (
                "保健所の対応が必要なときに使います。経過記録に残り、保健所からも見えます。",
                "Use when the health centre needs to act. It is kept in the timeline and the health centre sees it.",
            ),
            T::EscalationNote => ("報告内容", "What the health centre should know"),
            T::Escalate => ("保健所へ報告する", "Escalate"),
            T::Escalated => ("保健所へ報告しました。", "Escalated to the health centre."),

            T::EndFollowUp => ("健康観察の終了", "End of follow-up"),
            T::EndHint => (
                "終了すると、この患者の記録は変更できなくなります。",
                "Once ended, this record can no longer be changed.",
            ),
            T::EndReasonField => ("終了理由", "Reason"),
            T::ChooseReason => ("選択してください", "Choose a reason"),
            T::EndNote => ("備考", "Note"),
            T::EndButton => ("健康観察を終了する…", "End follow-up…"),
            T::ConfirmEnd => (
                "健康観察を終了します。よろしいですか？",
                "End follow-up for this patient?",
            ),
            T::ConfirmEndButton => ("終了する", "End follow-up"),

            T::Timeline => ("経過記録", "Timeline"),
            T::NoEvents => ("記録はまだありません。", "Nothing recorded yet."),
            T::By => ("実施者", "By"),
            T::System => ("システム", "System"),
            T::To => ("宛先", "To"),

            T::Saving => ("登録中…", "Saving…"),
            T::ErrorEnded => (
                "健康観察は終了しているため、変更できません。",
                "Follow-up has ended, so the record cannot be changed.",
            ),
            T::ErrChoose => ("選択してください。", "Choose one."),
            T::ErrReportIds => (
                "この患者の報告ではないものが含まれています。",
                "Some of the reports are not this patient's.",
            ),
        }
    }
}

/// The label of a risk factor (as on the 2022 notification form).
pub fn risk_factor(lang: Lang, factor: RiskFactor) -> &'static str {
    use RiskFactor as R;
    match factor {
        R::Cancer => pick(lang, "悪性腫瘍", "Cancer"),
        R::ChronicRespiratory => pick(
            lang,
            "慢性呼吸器疾患（COPD等）",
            "Chronic respiratory disease (COPD etc.)",
        ),
        R::ChronicKidney => pick(lang, "慢性腎臓病", "Chronic kidney disease"),
        R::Cardiovascular => pick(lang, "心血管疾患", "Cardiovascular disease"),
        R::Cerebrovascular => pick(lang, "脳血管疾患", "Cerebrovascular disease"),
        R::Smoking => pick(lang, "喫煙歴", "Smoking history"),
        R::Hypertension => pick(lang, "高血圧", "Hypertension"),
        R::Diabetes => pick(lang, "糖尿病", "Diabetes"),
        R::Dyslipidaemia => pick(lang, "脂質異常症", "Dyslipidaemia"),
        R::Obesity => pick(lang, "肥満（BMI 30以上）", "Obesity (BMI 30 or more)"),
        R::Immunosuppression => pick(
            lang,
            "臓器移植・免疫抑制剤・抗がん剤等の使用",
            "Transplant, immunosuppressants or chemotherapy",
        ),
        R::Pregnancy => pick(lang, "妊娠", "Pregnancy"),
    }
}

/// The label of an end reason (転帰).
pub fn end_reason(lang: Lang, reason: EndReason) -> &'static str {
    use EndReason as E;
    match reason {
        E::PeriodCompleted => pick(lang, "療養期間満了", "Period completed"),
        E::Hospitalised => pick(lang, "入院", "Hospitalised"),
        E::Transferred => pick(lang, "転出・移管", "Transferred"),
        E::Died => pick(lang, "死亡", "Died"),
        E::Other => pick(lang, "その他", "Other"),
    }
}

/// The label of a call outcome.
pub fn call_outcome(lang: Lang, outcome: CallOutcome) -> &'static str {
    use CallOutcome as C;
    match outcome {
        C::Reached => pick(lang, "応答あり", "Reached"),
        C::NoAnswer => pick(lang, "応答なし", "No answer"),
        C::WrongNumber => pick(lang, "番号違い", "Wrong number"),
    }
}

/// The label of a timeline entry's kind.
pub fn event_kind(lang: Lang, kind: CaseEventKind) -> &'static str {
    use CaseEventKind as K;
    match kind {
        K::Registered => pick(lang, "患者登録", "Registered"),
        K::Call => pick(lang, "電話連絡", "Phone call"),
        K::Escalation => pick(lang, "保健所へ報告", "Escalated to the health centre"),
        K::Assignment => pick(lang, "担当機関の割当・変更", "Assigned to an organisation"),
        K::Invitation => pick(lang, "招待の発行", "Invitation issued"),
        K::Reminder => pick(lang, "リマインダー", "Reminder"),
        K::Ended => pick(lang, "健康観察終了", "Follow-up ended"),
        K::Inpatient => pick(lang, "入院患者の状況報告", "Inpatient status report"),
        K::NotificationLinked => pick(lang, "発生届の紐付け", "Notification linked"),
        K::EndReview => pick(
            lang,
            "期間満了・終了前の確認待ち",
            "Period over: needs review before ending",
        ),
        K::Extended => pick(lang, "観察期間の延長", "Follow-up period extended"),
        K::ThresholdsSet => pick(lang, "SpO2判定基準の個別設定", "Own SpO2 thresholds set"),
        K::ReportCorrected => pick(lang, "報告の訂正", "Report corrected"),
        K::SignInLocked => pick(
            lang,
            "患者ログインの一時停止（パスワード誤り10回）",
            "Patient sign-in locked (10 wrong passwords)",
        ),
    }
}

/// "3日目 / 全10日": day N of a period of `total` days.
pub fn day_of_total(lang: Lang, day: i64, total: i64) -> String {
    match lang {
        Lang::Ja => format!("{day}日目 / 全{total}日"),
        _ => format!("day {day} of {total}"),
    }
}

/// "1日1回" / "1日2回".
pub fn slots_per_day(lang: Lang, slots: u8) -> String {
    match lang {
        Lang::Ja => format!("1日{slots}回"),
        _ if slots == 1 => "once a day".to_owned(),
        _ => format!("{slots} times a day"),
    }
}

/// The chart's name for screen readers: how many reports, the highest temperature and the
/// lowest SpO2 (the numbers that decide urgency), and where the full values are.
pub fn chart_summary(
    lang: Lang,
    reports: usize,
    max_temperature: Option<f64>,
    min_spo2: Option<u8>,
) -> String {
    let temperature = max_temperature.map(|t| format!("{t:.1}"));
    let spo2 = min_spo2.map(|s| s.to_string());
    match lang {
        Lang::Ja => {
            let mut text = format!("体温とSpO2の推移のグラフ（報告{reports}件）。");
            if let Some(t) = temperature {
                text.push_str(&format!("最高体温{t}℃。"));
            }
            if let Some(s) = spo2 {
                text.push_str(&format!("最低SpO2 {s}%。"));
            }
            text.push_str("数値はグラフの下の表にあります。");
            text
        }
        _ => {
            let mut text = format!("Chart of temperature and SpO2 ({reports} reports).");
            if let Some(t) = temperature {
                text.push_str(&format!(" Highest temperature {t} ℃."));
            }
            if let Some(s) = spo2 {
                text.push_str(&format!(" Lowest SpO2 {s} %."));
            }
            text.push_str(" The values are in the table below the chart.");
            text
        }
    }
}

/// "2件を確認済みにしました。"
pub fn reviewed_count(lang: Lang, n: u32) -> String {
    match lang {
        Lang::Ja => format!("{n}件を確認済みにしました。"),
        _ if n == 1 => "1 report marked reviewed.".to_owned(),
        _ => format!("{n} reports marked reviewed."),
    }
}

/// The label of a timeline entry's other outcome codes (how a case was registered, assigned or
/// invited); `None` for a code this console does not know, which is then shown as it is.
pub fn other_outcome(lang: Lang, code: &str) -> Option<&'static str> {
    Some(match code {
        "manual" => pick(lang, "手入力", "entered by hand"),
        "csv" => pick(lang, "CSV取込", "CSV import"),
        "notification" => pick(lang, "発生届から", "from a notification"),
        "assign" => pick(lang, "割り当て", "assigned"),
        "transfer" => pick(lang, "移管", "transferred"),
        "issued" => pick(lang, "発行", "issued"),
        "reissued" => pick(lang, "再発行", "re-issued"),
        "password_reset" => pick(lang, "パスワード再設定用", "for a password reset"),
        "sent" => pick(lang, "送信", "sent"),
        "sent_push" => pick(lang, "プッシュ通知で送信", "sent by push notification"),
        "sent_email" => pick(lang, "メールで送信", "sent by e-mail"),
        "failed" => pick(lang, "失敗", "failed"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_label_in_both_languages() {
        for lang in [Lang::Ja, Lang::En] {
            for f in RiskFactor::ALL {
                assert!(!risk_factor(lang, *f).is_empty());
            }
            for r in EndReason::ALL {
                assert!(!end_reason(lang, *r).is_empty());
            }
            for c in CallOutcome::ALL {
                assert!(!call_outcome(lang, *c).is_empty());
            }
            for k in CaseEventKind::ALL {
                assert!(!event_kind(lang, *k).is_empty());
            }
        }
        assert_ne!(
            risk_factor(Lang::Ja, RiskFactor::Diabetes),
            risk_factor(Lang::En, RiskFactor::Diabetes)
        );
    }

    #[test]
    fn the_review_button_says_what_nurses_expect() {
        assert_eq!(CaseText::MarkReviewed.get(Lang::Ja), "確認済みにする");
        assert_eq!(CaseText::MarkReviewed.get(Lang::En), "Mark reviewed");
    }

    #[test]
    fn choices_get_their_own_field_message() {
        assert_eq!(
            CaseText::field_error("outcome", "required"),
            Some(CaseText::ErrChoose)
        );
        assert_eq!(
            CaseText::field_error("report_ids", "invalid"),
            Some(CaseText::ErrReportIds)
        );
        assert_eq!(CaseText::field_error("note", "too_long"), None);
    }

    #[test]
    fn counts_and_days_read_naturally() {
        assert_eq!(day_of_total(Lang::Ja, 3, 10), "3日目 / 全10日");
        assert_eq!(day_of_total(Lang::En, 3, 10), "day 3 of 10");
        assert_eq!(slots_per_day(Lang::Ja, 2), "1日2回");
        assert_eq!(reviewed_count(Lang::En, 1), "1 report marked reviewed.");
        let summary = chart_summary(Lang::Ja, 3, Some(38.4), Some(92));
        assert!(
            summary.contains("38.4℃") && summary.contains("92%"),
            "{summary}"
        );
        let empty = chart_summary(Lang::En, 0, None, None);
        assert!(empty.starts_with("Chart of temperature and SpO2 (0 reports)."));
    }
}
