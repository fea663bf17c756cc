//! Strings of the daily implementation reports (実施報告): the staff console's page, and the
//! column headers of the CSV and XLSX files the server attaches to its e-mail. Japanese and
//! English.

use super::{Lang, pick};

/// A string of the implementation-reports page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DailyReportText {
    /// Navigation link and page heading.
    Title,
    /// Explains what the page shows.
    Intro,
    /// Filter: first day.
    From,
    /// Filter: last day.
    To,
    /// Applies the filters.
    Search,
    /// No reports match.
    Empty,
    /// Column: report date.
    Date,
    /// Column: health centre.
    HealthCentre,
    /// Column: follow-up organisation.
    FollowupOrg,
    /// Column: all ends of follow-up.
    EndedTotal,
    /// Column: downloads.
    Downloads,
    /// Link: the CSV file.
    Csv,
    /// Link: the XLSX file.
    Xlsx,
    /// While loading.
    Loading,
}

impl DailyReportText {
    /// The text in `lang` (English for every language but Japanese).
    pub fn get(self, lang: Lang) -> &'static str {
        use DailyReportText::*;
        match self {
            Title => pick(lang, "実施報告", "Implementation reports"),
            Intro => pick(
                lang,
                "委託先ごとの健康観察の実施状況です。毎日、保健所の報告時刻に集計し、保健所へメールで送ります。",
                "What each follow-up organisation did, compiled every day at the health \
                 centre's report time and e-mailed to the health centre.",
            ),
            From => pick(lang, "開始日", "From"),
            To => pick(lang, "終了日", "To"),
            Search => pick(lang, "表示", "Show"),
            Empty => pick(lang, "該当する報告はありません。", "No reports match."),
            Date => pick(lang, "報告日", "Date"),
            HealthCentre => pick(lang, "保健所", "Health centre"),
            FollowupOrg => pick(lang, "委託先", "Follow-up organisation"),
            EndedTotal => pick(lang, "終了（計）", "Ended (total)"),
            Downloads => pick(lang, "ダウンロード", "Download"),
            Csv => pick(lang, "CSV", "CSV"),
            Xlsx => pick(lang, "Excel", "Excel"),
            Loading => pick(lang, "読み込み中…", "Loading…"),
        }
    }
}

/// The label of a count (a key of `ImplementationCounts::entries`), for column headers in the
/// console, the CSV and the XLSX file.
pub fn count_label(key: &str, lang: Lang) -> &'static str {
    match key {
        "under_followup" => pick(lang, "健康観察中", "Under follow-up"),
        "new_cases" => pick(lang, "新規", "New"),
        "ended_period_completed" => pick(lang, "終了（期間満了）", "Ended: period completed"),
        "ended_hospitalised" => pick(lang, "終了（入院）", "Ended: hospitalised"),
        "ended_transferred" => pick(lang, "終了（転出・移管）", "Ended: transferred"),
        "ended_died" => pick(lang, "終了（死亡）", "Ended: died"),
        "ended_other" => pick(lang, "終了（その他）", "Ended: other"),
        "reports_app" => pick(lang, "報告（アプリ）", "Reports by app"),
        "reports_proxy" => pick(lang, "報告（代理入力）", "Reports by proxy"),
        "not_reported" => pick(lang, "未報告", "Not reported"),
        "contact_attempts" => pick(lang, "架電数", "Contact attempts"),
        "red" => pick(lang, "赤", "Red"),
        "amber" => pick(lang, "黄", "Amber"),
        "findings" => pick(lang, "医師所見", "Findings written"),
        "referred_admission" => pick(lang, "入院調整", "Referred for admission"),
        _ => "",
    }
}
