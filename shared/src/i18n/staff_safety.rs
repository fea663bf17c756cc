//! UI strings of the staff console's clinical-safety parts (docs/triage.md): report versions,
//! the review gate, the case's own SpO2 thresholds and extending the period. Japanese and
//! English, like [`super::staff`].

use super::{Lang, pick};
use crate::end_review::EndReviewSign;

/// A string of the clinical-safety parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SafetyText {
    /// A stored flag the server does not know.
    NeedsAttention,
    /// Tag on a corrected report.
    Corrected,
    /// Button: show the earlier versions of a report.
    ShowVersions,
    /// Button: hide them.
    HideVersions,
    /// Caption of the versions table.
    VersionsCaption,
    /// Column head: a version.
    Version,
    /// Row: who entered the version.
    EnteredBy,
    /// Row: when.
    EnteredAt,
    /// Row: the flag.
    Flag,
    /// Row: review state.
    ReviewState,
    /// Cell: reviewed.
    ReviewedYes,
    /// Cell: not reviewed.
    ReviewedNo,
    /// Marks a cell that differs from the version before.
    ChangedMark,
    /// By the patient.
    ByPatient,
    /// By staff.
    ByStaff,
    /// Heading of the review-gate banner.
    EndReviewTitle,
    /// Text of the review-gate banner.
    EndReviewBody,
    /// Heading of the thresholds panel.
    ThresholdsTitle,
    /// The rule set's thresholds are in force.
    ThresholdsDefault,
    /// Label: red at or below.
    RedAtMost,
    /// Label: amber at or below.
    AmberAtMost,
    /// Label: reason.
    Reason,
    /// Button: save the thresholds.
    SaveThresholds,
    /// Button: back to the rule set's.
    ClearThresholds,
    /// Heading of the extend panel.
    ExtendTitle,
    /// Label: days.
    ExtendDays,
    /// Button: extend.
    Extend,
    /// Confirmation after saving.
    Saved,
}

impl SafetyText {
    /// The string in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        use SafetyText as T;
        match self {
            T::NeedsAttention => pick(lang, "要注意（不明な判定）", "Needs attention"),
            T::Corrected => pick(lang, "訂正あり", "Corrected"),
            T::ShowVersions => pick(lang, "訂正前の内容を見る", "Show earlier versions"),
            T::HideVersions => pick(lang, "訂正前の内容を閉じる", "Hide earlier versions"),
            T::VersionsCaption => pick(
                lang,
                "報告の版（変更された値は強調表示）",
                "Versions of the report (changed values highlighted)",
            ),
            T::Version => pick(lang, "版", "Version"),
            T::EnteredBy => pick(lang, "入力者", "Entered by"),
            T::EnteredAt => pick(lang, "入力日時", "Entered at"),
            T::Flag => pick(lang, "判定", "Flag"),
            T::ReviewState => pick(lang, "確認", "Review"),
            T::ReviewedYes => pick(lang, "確認済み", "Reviewed"),
            T::ReviewedNo => pick(lang, "未確認", "Not reviewed"),
            T::ChangedMark => pick(lang, "（変更）", " (changed)"),
            T::ByPatient => pick(lang, "本人", "Patient"),
            T::ByStaff => pick(lang, "職員（代理入力）", "Staff (after a call)"),
            T::EndReviewTitle => pick(
                lang,
                "期間満了：終了前の確認が必要です",
                "Period over: review before ending",
            ),
            T::EndReviewBody => pick(
                lang,
                "次の理由で自動終了を止めています。医師または保健所が、理由を付けて終了するか期間を延長してください。",
                "The automatic end was held for the reasons below. A doctor or the health centre ends the follow-up with a reason, or extends the period.",
            ),
            T::ThresholdsTitle => pick(
                lang,
                "SpO2判定基準（この患者）",
                "SpO2 thresholds (this patient)",
            ),
            T::ThresholdsDefault => pick(
                lang,
                "標準の基準（赤 93%以下・黄 95%以下）で判定しています。",
                "Judged by the rule set (red at or below 93 %, amber at or below 95 %).",
            ),
            T::RedAtMost => pick(lang, "赤：SpO2がこの値以下", "Red at or below (%)"),
            T::AmberAtMost => pick(lang, "黄：SpO2がこの値以下", "Amber at or below (%)"),
            T::Reason => pick(lang, "理由", "Reason"),
            T::SaveThresholds => pick(
                lang,
                "この患者の基準を保存",
                "Save this patient's thresholds",
            ),
            T::ClearThresholds => pick(lang, "標準の基準に戻す", "Back to the rule set"),
            T::ExtendTitle => pick(lang, "観察期間の延長", "Extend the follow-up period"),
            T::ExtendDays => pick(lang, "延長する日数（1〜30日）", "Days to add (1–30)"),
            T::Extend => pick(lang, "延長する", "Extend"),
            T::Saved => pick(lang, "保存しました", "Saved"),
        }
    }
}

/// Why the review gate holds a case, as the banner lists it.
pub fn end_review_sign(lang: Lang, sign: EndReviewSign) -> &'static str {
    use EndReviewSign as S;
    match sign {
        S::UnreviewedRedOrAmber => pick(
            lang,
            "未確認の赤・黄の報告があります",
            "A red or amber report is not reviewed",
        ),
        S::RecentRed => pick(
            lang,
            "48時間以内に赤の報告があります",
            "A red report in the last 48 hours",
        ),
        S::RecentFever => pick(
            lang,
            "24時間以内に37.5℃以上の発熱があります",
            "A temperature of 37.5 °C or more in the last 24 hours",
        ),
        S::OpenEscalation => pick(
            lang,
            "保健所への報告（エスカレーション）があります",
            "The case was escalated",
        ),
        S::NoRecentReport => pick(
            lang,
            "24時間以内の報告がありません",
            "No report in the last 24 hours",
        ),
    }
}

/// The version label: "第2版" / "v2".
pub fn version_label(lang: Lang, version: u32) -> String {
    match lang {
        Lang::Ja => format!("第{version}版"),
        _ => format!("v{version}"),
    }
}
