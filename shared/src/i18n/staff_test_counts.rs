//! Strings of the administrative test counts (検査件数) in the staff console: the institution's
//! daily form and the health centre's summary. Japanese and English.

use super::{Lang, pick};
use crate::api::test_counts::SummaryLevel;

/// A string of the test-count screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountText {
    /// Navigation (institution and health-centre staff).
    NavTestCounts,
    /// Heading of the institution's page.
    Title,
    /// Under the heading.
    Intro,
    /// 検査日.
    Date,
    /// Group: PCR.
    Pcr,
    /// Group: antigen.
    Antigen,
    /// Number performed.
    Performed,
    /// Number positive.
    Positive,
    /// Save a new day.
    Save,
    /// Save a correction.
    SaveCorrection,
    /// While sending.
    Saving,
    /// After saving.
    Saved,
    /// The day was filed before.
    Correcting,
    /// Saving it corrects it.
    CorrectingHint,
    /// Heading of the recent days.
    RecentTitle,
    /// No day filed yet.
    RecentEmpty,
    /// Column: revision.
    ColRevision,
    /// Column: last saved.
    ColUpdated,
    /// Button: load a day into the form.
    Edit,

    /// Heading of the health centre's page.
    SummaryTitle,
    /// Under it.
    SummaryIntro,
    /// The level choice.
    Level,
    /// First day.
    From,
    /// Last day.
    To,
    /// Apply.
    Show,
    /// The area shown.
    Area,
    /// Heading: by day.
    ByDay,
    /// Heading: by institution.
    ByInstitution,
    /// Row: the total.
    Total,
    /// Column: institutions that filed that day.
    InstitutionsReporting,
    /// Column: days an institution filed.
    DaysReported,
    /// Column: institution.
    Institution,
    /// Column: its health centre.
    HealthCentre,
    /// Link: the CSV file.
    Csv,
    /// The area has no institution.
    NoInstitutions,

    /// Field error: required.
    ErrRequired,
    /// Field error: not a whole number from 0 to the maximum.
    ErrRange,
    /// Field error: more positive than performed.
    ErrMoreThanPerformed,
    /// Field error: a future day.
    ErrFuture,
    /// Field error: a day too old to file or correct.
    ErrTooOld,
    /// Field error: first day after the last.
    ErrAfterTo,
    /// Field error: range too long.
    ErrRangeTooLong,
    /// Field error: anything else.
    ErrInvalid,
}

impl CountText {
    /// The text in `lang` (English for every language but Japanese).
    pub fn get(self, lang: Lang) -> &'static str {
        let (ja, en) = self.pair();
        pick(lang, ja, en)
    }

    /// The message for a field error's stable code.
    pub fn field_error(code: &str) -> CountText {
        use CountText::*;
        match code {
            "required" => ErrRequired,
            "out_of_range" | "not_a_number" => ErrRange,
            "more_than_performed" => ErrMoreThanPerformed,
            "in_future" => ErrFuture,
            "too_old" => ErrTooOld,
            "after_to" => ErrAfterTo,
            "range_too_long" => ErrRangeTooLong,
            _ => ErrInvalid,
        }
    }

    fn pair(self) -> (&'static str, &'static str) {
        use CountText::*;
        match self {
            NavTestCounts => ("検査件数", "Test counts"),
            Title => ("検査件数の報告", "Daily test counts"),
            Intro => (
                "1日ごとにPCR検査と抗原検査の実施件数・陽性件数を報告します。報告済みの日をもう一度保存すると修正になります（31日前まで）。",
                "File the PCR and antigen tests performed and positive, one day at a time. \
                 Saving a day already filed corrects it (up to 31 days back).",
            ),
            Date => ("検査日", "Day"),
            Pcr => ("PCR検査", "PCR"),
            Antigen => ("抗原検査", "Antigen"),
            Performed => ("実施件数", "Performed"),
            Positive => ("陽性件数", "Positive"),
            Save => ("報告する", "File"),
            SaveCorrection => ("修正を保存", "Save correction"),
            Saving => ("保存中…", "Saving…"),
            Saved => ("保存しました", "Saved"),
            Correcting => ("この日は報告済みです", "This day is filed"),
            CorrectingHint => (
                "保存すると修正として記録されます。",
                "Saving records a correction.",
            ),
            RecentTitle => ("最近の報告", "Recent days"),
            RecentEmpty => ("まだ報告はありません。", "Nothing filed yet."),
            ColRevision => ("版", "Revision"),
            ColUpdated => ("最終更新", "Last saved"),
            Edit => ("修正する", "Correct"),

            SummaryTitle => ("検査件数の集計", "Test count summary"),
            SummaryIntro => (
                "管内の医療機関が報告した検査件数を、日別・医療機関別に集計します。報告のない日は0件として表示します。",
                "The test counts the institutions filed, by day and by institution. Days \
                 nobody filed count as zero.",
            ),
            Level => ("範囲", "Area"),
            From => ("開始日", "From"),
            To => ("終了日", "To"),
            Show => ("表示", "Show"),
            Area => ("対象", "Area"),
            ByDay => ("日別", "By day"),
            ByInstitution => ("医療機関別", "By institution"),
            Total => ("合計", "Total"),
            InstitutionsReporting => ("報告機関数", "Institutions filing"),
            DaysReported => ("報告日数", "Days filed"),
            Institution => ("医療機関", "Institution"),
            HealthCentre => ("保健所", "Health centre"),
            Csv => ("CSVダウンロード", "Download CSV"),
            NoInstitutions => (
                "対象の医療機関はありません。",
                "No institution in this area.",
            ),

            ErrRequired => ("入力してください。", "Required."),
            ErrRange => (
                "0〜100,000の整数で入力してください。",
                "A whole number from 0 to 100,000.",
            ),
            ErrMoreThanPerformed => (
                "陽性件数が実施件数を超えています。",
                "More positive than performed.",
            ),
            ErrFuture => (
                "今日より後の日は報告できません。",
                "Must not be in the future.",
            ),
            ErrTooOld => (
                "31日より前の日は報告・修正できません。",
                "Only the last 31 days can be filed or corrected.",
            ),
            ErrAfterTo => (
                "終了日より後になっています。",
                "Must not be after the last day.",
            ),
            ErrRangeTooLong => ("期間は366日までです。", "At most 366 days."),
            ErrInvalid => ("正しく入力してください。", "Invalid."),
        }
    }
}

/// The level choice.
pub fn level(lang: Lang, level: SummaryLevel) -> &'static str {
    match level {
        SummaryLevel::HealthCentre => pick(lang, "保健所管内", "Health centre"),
        SummaryLevel::Prefecture => pick(lang, "都道府県", "Prefecture"),
    }
}

/// "第2版" / "revision 2".
pub fn revision(lang: Lang, revision: u32) -> String {
    match lang {
        Lang::Ja => format!("第{revision}版"),
        _ => format!("revision {revision}"),
    }
}

/// `text` followed by the revision in brackets: "保存しました（第2版）" / "Saved (revision 2)".
pub fn with_revision(lang: Lang, text: CountText, number: u32) -> String {
    match lang {
        Lang::Ja => format!("{}（{}）", text.get(lang), revision(lang, number)),
        _ => format!("{} ({})", text.get(lang), revision(lang, number)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_errors_say_what_is_wrong() {
        assert_eq!(
            CountText::field_error("more_than_performed").get(Lang::Ja),
            "陽性件数が実施件数を超えています。"
        );
        assert_eq!(CountText::field_error("out_of_range"), CountText::ErrRange);
        assert_eq!(CountText::field_error("x"), CountText::ErrInvalid);
    }

    #[test]
    fn revisions_are_numbered_per_language() {
        assert_eq!(revision(Lang::Ja, 2), "第2版");
        assert_eq!(revision(Lang::En, 2), "revision 2");
        assert_eq!(level(Lang::Ja, SummaryLevel::Prefecture), "都道府県");
        assert_eq!(
            with_revision(Lang::Ja, CountText::Saved, 2),
            "保存しました（第2版）"
        );
        assert_eq!(
            with_revision(Lang::En, CountText::Saved, 1),
            "Saved (revision 1)"
        );
    }
}
