//! The review gate before follow-up ends (docs/triage.md#the-review-gate): when a case's period
//! is over, signs that the patient may still be getting worse keep it from ending on its own.
//! Such a case waits, "ready to end — needs review", until a doctor or the health centre ends
//! it with a reason or extends the period. Pure rules, beside the triage rules, versioned.

use crate::triage::{FEVER_TENTHS, Flag};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Version of the gate's rules; stored on the case's timeline entry when it holds a case.
pub const END_REVIEW_RULES_VERSION: &str = "end-review-2026.1";

/// A red report within this many hours keeps a case from ending on its own.
pub const RECENT_RED_HOURS: i64 = 48;
/// A fever (≥ 37.5 °C) within this many hours keeps a case from ending on its own.
pub const RECENT_FEVER_HOURS: i64 = 24;
/// No report within this many hours keeps a case from ending on its own.
pub const SILENT_HOURS: i64 = 24;

/// Why a case needs a person to decide before its follow-up ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EndReviewSign {
    /// A red or amber report nobody has reviewed.
    UnreviewedRedOrAmber,
    /// A red report within the last [`RECENT_RED_HOURS`] hours, reviewed or not.
    RecentRed,
    /// A temperature ≥ 37.5 °C within the last [`RECENT_FEVER_HOURS`] hours.
    RecentFever,
    /// An escalation to the health centre.
    OpenEscalation,
    /// No report within the last [`SILENT_HOURS`] hours.
    NoRecentReport,
}

impl EndReviewSign {
    /// Stable name used in storage and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::UnreviewedRedOrAmber => "unreviewed_red_or_amber",
            Self::RecentRed => "recent_red",
            Self::RecentFever => "recent_fever",
            Self::OpenEscalation => "open_escalation",
            Self::NoRecentReport => "no_recent_report",
        }
    }
}

/// What the gate needs to know of one report (its current version).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportFacts {
    /// When it was made.
    pub submitted_at: DateTime<Utc>,
    /// Its flag; `None` when the stored flag is not one this code knows, which counts as red.
    pub flag: Option<Flag>,
    /// Whether staff reviewed it.
    pub reviewed: bool,
    /// Temperature in tenths of a degree.
    pub temperature_tenths: u16,
}

/// Everything the gate looks at for one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    /// The reports that matter: every unreviewed one and every one of the last
    /// [`RECENT_RED_HOURS`] hours (more do no harm).
    pub reports: Vec<ReportFacts>,
    /// When the case was escalated to the health centre, if it was.
    pub escalated_at: Option<DateTime<Utc>>,
}

/// The signs that hold a case at `now`, most urgent first; empty when it may end on its own.
pub fn signs(facts: &CaseFacts, now: DateTime<Utc>) -> Vec<EndReviewSign> {
    let within = |at: DateTime<Utc>, hours: i64| at > now - Duration::hours(hours);
    // A flag this code does not know is treated as the worst: it must be looked at.
    let flag = |r: &ReportFacts| r.flag.unwrap_or(Flag::Red);
    let mut signs = Vec::new();
    if facts
        .reports
        .iter()
        .any(|r| !r.reviewed && flag(r) >= Flag::Amber)
    {
        signs.push(EndReviewSign::UnreviewedRedOrAmber);
    }
    if facts
        .reports
        .iter()
        .any(|r| flag(r) == Flag::Red && within(r.submitted_at, RECENT_RED_HOURS))
    {
        signs.push(EndReviewSign::RecentRed);
    }
    if facts
        .reports
        .iter()
        .any(|r| r.temperature_tenths >= FEVER_TENTHS && within(r.submitted_at, RECENT_FEVER_HOURS))
    {
        signs.push(EndReviewSign::RecentFever);
    }
    if facts.escalated_at.is_some() {
        signs.push(EndReviewSign::OpenEscalation);
    }
    if !facts
        .reports
        .iter()
        .any(|r| within(r.submitted_at, SILENT_HOURS))
    {
        signs.push(EndReviewSign::NoRecentReport);
    }
    signs
}

#[cfg(test)]
mod tests {
    use super::*;
    use EndReviewSign as S;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 6, 15, 0, 0).unwrap()
    }

    fn report(hours_ago: i64, flag: Flag, reviewed: bool, celsius_tenths: u16) -> ReportFacts {
        ReportFacts {
            submitted_at: now() - Duration::hours(hours_ago),
            flag: Some(flag),
            reviewed,
            temperature_tenths: celsius_tenths,
        }
    }

    #[test]
    fn signs_table() {
        let calm = report(3, Flag::None, true, 365);
        let table: Vec<(&str, Vec<ReportFacts>, bool, Vec<EndReviewSign>)> = vec![
            ("a calm recent report ends", vec![calm], false, vec![]),
            (
                "unreviewed calm report still ends",
                vec![report(3, Flag::None, false, 365)],
                false,
                vec![],
            ),
            (
                "unreviewed amber holds",
                vec![calm, report(30, Flag::Amber, false, 365)],
                false,
                vec![S::UnreviewedRedOrAmber],
            ),
            (
                "reviewed amber ends",
                vec![calm, report(30, Flag::Amber, true, 365)],
                false,
                vec![],
            ),
            (
                "unreviewed red of last week holds",
                vec![calm, report(24 * 7, Flag::Red, false, 365)],
                false,
                vec![S::UnreviewedRedOrAmber],
            ),
            (
                "reviewed red 47 hours ago holds",
                vec![calm, report(47, Flag::Red, true, 365)],
                false,
                vec![S::RecentRed],
            ),
            (
                "reviewed red 49 hours ago ends",
                vec![calm, report(49, Flag::Red, true, 365)],
                false,
                vec![],
            ),
            (
                "37.5 within 24 hours holds",
                vec![report(23, Flag::None, true, 375)],
                false,
                vec![S::RecentFever],
            ),
            (
                "37.4 within 24 hours ends",
                vec![report(23, Flag::None, true, 374)],
                false,
                vec![],
            ),
            (
                "fever 25 hours ago, calm since, ends",
                vec![calm, report(25, Flag::None, true, 385)],
                false,
                vec![],
            ),
            (
                "an escalation holds",
                vec![calm],
                true,
                vec![S::OpenEscalation],
            ),
            (
                "no report for 25 hours holds",
                vec![report(25, Flag::None, true, 365)],
                false,
                vec![S::NoRecentReport],
            ),
            (
                "no report at all holds",
                vec![],
                false,
                vec![S::NoRecentReport],
            ),
            (
                "everything at once, most urgent first",
                vec![report(30, Flag::Red, false, 390)],
                true,
                vec![
                    S::UnreviewedRedOrAmber,
                    S::RecentRed,
                    S::OpenEscalation,
                    S::NoRecentReport,
                ],
            ),
        ];
        for (name, reports, escalated, expected) in table {
            let facts = CaseFacts {
                reports,
                escalated_at: escalated.then(|| now() - Duration::days(2)),
            };
            assert_eq!(signs(&facts, now()), expected, "{name}");
        }
    }

    #[test]
    fn sign_codes_are_their_serialised_names() {
        for sign in [
            S::UnreviewedRedOrAmber,
            S::RecentRed,
            S::RecentFever,
            S::OpenEscalation,
            S::NoRecentReport,
        ] {
            assert_eq!(
                serde_json::to_value(sign).unwrap(),
                serde_json::Value::String(sign.as_str().to_owned())
            );
        }
    }

    #[test]
    fn an_unknown_stored_flag_counts_as_red() {
        let facts = CaseFacts {
            reports: vec![ReportFacts {
                flag: None,
                ..report(2, Flag::None, true, 365)
            }],
            escalated_at: None,
        };
        assert_eq!(signs(&facts, now()), vec![S::RecentRed]);
    }
}
