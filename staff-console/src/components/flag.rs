//! The triage flag as staff see it: always a word and a shape besides the colour, so it reads
//! the same to colour-blind staff and on a monochrome printout.

use crate::state::use_lang;
use dioxus::prelude::*;
use mimamori_shared::Flag;
use mimamori_shared::api::reports::DailyReportRow;
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::i18n::staff_safety::SafetyText;

/// How many reports of a list carry each flag.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FlagCounts {
    /// Red reports.
    pub red: usize,
    /// Amber reports.
    pub amber: usize,
    /// Reports without a flag.
    pub none: usize,
}

impl FlagCounts {
    /// Counts the rows of a daily list.
    pub fn of(rows: &[DailyReportRow]) -> Self {
        rows.iter().fold(Self::default(), |mut counts, row| {
            match row.report.flag {
                // An unknown stored flag is counted with red: it is looked at first.
                Flag::Red | Flag::NeedsAttention => counts.red += 1,
                Flag::Amber => counts.amber += 1,
                Flag::None => counts.none += 1,
            }
            counts
        })
    }

    /// The count of one flag.
    pub fn get(self, flag: Flag) -> usize {
        match flag {
            Flag::Red | Flag::NeedsAttention => self.red,
            Flag::Amber => self.amber,
            Flag::None => self.none,
        }
    }
}

/// The shape drawn before a flag's word.
fn symbol(flag: Flag) -> &'static str {
    match flag {
        Flag::NeedsAttention => "‼",
        Flag::Red => "▲",
        Flag::Amber => "◆",
        Flag::None => "○",
    }
}

/// A flag as a badge: shape, word and colour.
#[component]
pub fn FlagBadge(flag: Flag) -> Element {
    let lang = use_lang();
    // Staff must see that an unknown code is not simply red: it needs someone to look.
    let word = match flag {
        Flag::NeedsAttention => SafetyText::NeedsAttention.get(lang),
        _ => flag.label(lang),
    };
    let class = format!("badge badge-{}", flag.as_str());
    rsx! {
        span { class,
            span { class: "badge-symbol", "aria-hidden": "true", {symbol(flag)} }
            {word}
        }
    }
}

/// The number of reports per flag, most urgent first.
#[component]
pub fn FlagCountBar(counts: FlagCounts) -> Element {
    let lang = use_lang();
    rsx! {
        ul { class: "flag-counts", "aria-label": Text::FlagCounts.get(lang),
            for flag in [Flag::Red, Flag::Amber, Flag::None] {
                li { key: "{flag.as_str()}", class: "flag-count",
                    FlagBadge { flag }
                    strong {
                        class: "flag-count-number",
                        "data-testid": format!("count-{}", flag.as_str()),
                        {counts.get(flag).to_string()}
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, Utc};
    use mimamori_shared::api::reports::{EnteredBy, ReportView};
    use mimamori_shared::ids::{CaseId, ReportId};

    pub(crate) fn row(flag: Flag) -> DailyReportRow {
        DailyReportRow {
            report: ReportView {
                id: ReportId(1),
                case_id: CaseId(1),
                slot_date: NaiveDate::default(),
                slot: 1,
                submitted_at: Utc::now(),
                temperature_c: 36.5,
                spo2: Some(97),
                pulse: None,
                symptoms: Default::default(),
                urgent_signs: Vec::new(),
                note: String::new(),
                flag,
                reasons: Vec::new(),
                ruleset_version: "test".into(),
                entered_by: EnteredBy::Patient,
                reviewed: false,
                version: 1,
                corrected_at: None,
                threshold_version: None,
            },
            case_number: "C-1".into(),
            patient_name: "Test".into(),
        }
    }

    #[test]
    fn counts_each_flag() {
        let rows = [Flag::Red, Flag::None, Flag::Amber, Flag::Red].map(row);
        let counts = FlagCounts::of(&rows);
        assert_eq!(
            counts,
            FlagCounts {
                red: 2,
                amber: 1,
                none: 1
            }
        );
        assert_eq!(counts.get(Flag::Red), 2);
        assert_eq!(FlagCounts::of(&[]), FlagCounts::default());
    }
}
