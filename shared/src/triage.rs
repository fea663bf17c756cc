//! Triage rules (DESIGN.md §4): a pure function from a report to a flag, so the patient app can
//! show danger advice offline exactly as the server will record it.

use crate::catalogue::{Answer, Symptom};
use crate::report::ValidReport;
use crate::values::{Spo2, Temperature};
use serde::{Deserialize, Serialize};

/// Version of the default rule set; stored with every judged report so a later change of the
/// rules never rewrites history.
pub const RULESET_VERSION: &str = "default-2022.1";

/// How urgent a report is. Ordered, so `max` gives the most urgent.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// Nothing that needs attention today.
    #[default]
    None,
    /// Review today.
    Amber,
    /// Urgent: shown to staff at once; the patient sees what to do now.
    Red,
}

impl Flag {
    /// Stable name used in storage and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::None => "none",
            Flag::Amber => "amber",
            Flag::Red => "red",
        }
    }

    /// Inverse of [`Flag::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "none" => Some(Flag::None),
            "amber" => Some(Flag::Amber),
            "red" => Some(Flag::Red),
            _ => None,
        }
    }
}

/// Why a report got its flag; every rule that fired is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// red: SpO2 ≤ 93 %.
    Spo2AtMost93,
    /// red: at least one urgent sign.
    UrgentSign,
    /// red: 息苦しさ yes together with SpO2 ≤ 95 %.
    BreathlessWithLowSpo2,
    /// amber: SpO2 94–95 %.
    Spo2Borderline,
    /// amber: SpO2 fell by 3 points or more since the previous report.
    Spo2Fall,
    /// amber: temperature ≥ 38.0 °C (high fever, 届出基準).
    HighFever,
    /// amber: 息苦しさ yes.
    Breathlessness,
    /// amber: 食事困難 yes.
    DifficultyEating,
    /// amber: 排尿がない yes.
    NoUrination,
}

impl Reason {
    /// The flag this reason raises on its own.
    pub fn flag(self) -> Flag {
        match self {
            Reason::Spo2AtMost93 | Reason::UrgentSign | Reason::BreathlessWithLowSpo2 => Flag::Red,
            _ => Flag::Amber,
        }
    }
}

/// Outcome of the rules for one report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Judgement {
    /// The most urgent flag any rule raised.
    pub flag: Flag,
    /// Every rule that fired, most urgent first.
    pub reasons: Vec<Reason>,
}

/// Fever threshold (発熱), 37.5 °C, in tenths.
pub const FEVER_TENTHS: u16 = 375;
/// High-fever threshold (高熱), 38.0 °C, in tenths.
pub const HIGH_FEVER_TENTHS: u16 = 380;

/// Judges a report with the default rule set.
///
/// `previous_spo2` is the SpO2 of the patient's previous report, if it had one; a fall of three
/// points or more is amber even when the value itself is normal.
pub fn judge(report: &ValidReport, previous_spo2: Option<Spo2>) -> Judgement {
    let spo2 = report.spo2.map(Spo2::get);
    let yes = |symptom: Symptom| report.symptoms.get(&symptom) == Some(&Answer::Yes);
    let breathless = yes(Symptom::Breathlessness);

    let mut reasons = Vec::new();
    if spo2.is_some_and(|s| s <= 93) {
        reasons.push(Reason::Spo2AtMost93);
    }
    if !report.urgent_signs.is_empty() {
        reasons.push(Reason::UrgentSign);
    }
    if breathless && spo2.is_some_and(|s| s <= 95) {
        reasons.push(Reason::BreathlessWithLowSpo2);
    }
    if spo2.is_some_and(|s| (94..=95).contains(&s)) {
        reasons.push(Reason::Spo2Borderline);
    }
    if let (Some(now), Some(before)) = (spo2, previous_spo2.map(Spo2::get))
        && before >= now.saturating_add(3)
    {
        reasons.push(Reason::Spo2Fall);
    }
    if is_high_fever(report.temperature) {
        reasons.push(Reason::HighFever);
    }
    if breathless {
        reasons.push(Reason::Breathlessness);
    }
    if yes(Symptom::DifficultyEating) {
        reasons.push(Reason::DifficultyEating);
    }
    if yes(Symptom::NoUrination) {
        reasons.push(Reason::NoUrination);
    }
    let flag = reasons.iter().map(|r| r.flag()).max().unwrap_or_default();
    Judgement { flag, reasons }
}

/// Whether a temperature counts as high fever (≥ 38.0 °C).
pub fn is_high_fever(temperature: Temperature) -> bool {
    temperature.tenths() >= HIGH_FEVER_TENTHS
}

/// Whether a temperature counts as fever (≥ 37.5 °C).
pub fn is_fever(temperature: Temperature) -> bool {
    temperature.tenths() >= FEVER_TENTHS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::UrgentSign;
    use std::collections::{BTreeMap, BTreeSet};

    struct Case {
        name: &'static str,
        temp: f64,
        spo2: Option<i64>,
        previous: Option<i64>,
        yes: &'static [Symptom],
        unsure: &'static [Symptom],
        urgent: &'static [UrgentSign],
        flag: Flag,
        reasons: &'static [Reason],
    }

    const NORMAL: Case = Case {
        name: "normal",
        temp: 36.6,
        spo2: Some(98),
        previous: None,
        yes: &[],
        unsure: &[],
        urgent: &[],
        flag: Flag::None,
        reasons: &[],
    };

    fn run(case: &Case) -> Judgement {
        let mut symptoms = BTreeMap::new();
        for s in case.yes {
            symptoms.insert(*s, Answer::Yes);
        }
        for s in case.unsure {
            symptoms.insert(*s, Answer::Unsure);
        }
        let report = ValidReport {
            temperature: Temperature::from_celsius(case.temp).unwrap(),
            spo2: case.spo2.map(|v| Spo2::new(v).unwrap()),
            pulse: None,
            symptoms,
            urgent_signs: case.urgent.iter().copied().collect::<BTreeSet<_>>(),
            note: String::new(),
        };
        judge(&report, case.previous.map(|v| Spo2::new(v).unwrap()))
    }

    #[test]
    fn default_rules_table() {
        use Reason as R;
        use Symptom as S;
        let table = [
            NORMAL,
            Case {
                name: "no oximeter, no symptoms",
                spo2: None,
                ..NORMAL
            },
            Case {
                name: "spo2 93 is red",
                spo2: Some(93),
                flag: Flag::Red,
                reasons: &[R::Spo2AtMost93],
                ..NORMAL
            },
            Case {
                name: "spo2 88 is red",
                spo2: Some(88),
                flag: Flag::Red,
                reasons: &[R::Spo2AtMost93],
                ..NORMAL
            },
            Case {
                name: "spo2 94 is amber",
                spo2: Some(94),
                flag: Flag::Amber,
                reasons: &[R::Spo2Borderline],
                ..NORMAL
            },
            Case {
                name: "spo2 95 is amber",
                spo2: Some(95),
                flag: Flag::Amber,
                reasons: &[R::Spo2Borderline],
                ..NORMAL
            },
            Case {
                name: "spo2 96 is none",
                spo2: Some(96),
                ..NORMAL
            },
            Case {
                name: "one urgent sign is red",
                urgent: &[UrgentSign::PurpleLips],
                flag: Flag::Red,
                reasons: &[R::UrgentSign],
                ..NORMAL
            },
            Case {
                name: "breathless with spo2 95 is red",
                spo2: Some(95),
                yes: &[S::Breathlessness],
                flag: Flag::Red,
                reasons: &[
                    R::BreathlessWithLowSpo2,
                    R::Spo2Borderline,
                    R::Breathlessness,
                ],
                ..NORMAL
            },
            Case {
                name: "breathless with spo2 96 is amber",
                spo2: Some(96),
                yes: &[S::Breathlessness],
                flag: Flag::Amber,
                reasons: &[R::Breathlessness],
                ..NORMAL
            },
            Case {
                name: "breathless without oximeter is amber",
                spo2: None,
                yes: &[S::Breathlessness],
                flag: Flag::Amber,
                reasons: &[R::Breathlessness],
                ..NORMAL
            },
            Case {
                name: "unsure breathless is not yes",
                unsure: &[S::Breathlessness],
                ..NORMAL
            },
            Case {
                name: "37.9 is not high fever",
                temp: 37.9,
                ..NORMAL
            },
            Case {
                name: "38.0 is amber",
                temp: 38.0,
                flag: Flag::Amber,
                reasons: &[R::HighFever],
                ..NORMAL
            },
            Case {
                name: "cannot eat is amber",
                yes: &[S::DifficultyEating],
                flag: Flag::Amber,
                reasons: &[R::DifficultyEating],
                ..NORMAL
            },
            Case {
                name: "no urination is amber",
                yes: &[S::NoUrination],
                flag: Flag::Amber,
                reasons: &[R::NoUrination],
                ..NORMAL
            },
            Case {
                name: "cough alone is none",
                yes: &[S::CoughRunnyNose, S::Headache],
                ..NORMAL
            },
            Case {
                name: "fall of 3 points is amber",
                spo2: Some(96),
                previous: Some(99),
                flag: Flag::Amber,
                reasons: &[R::Spo2Fall],
                ..NORMAL
            },
            Case {
                name: "fall of 2 points is none",
                spo2: Some(97),
                previous: Some(99),
                ..NORMAL
            },
            Case {
                name: "a rise is none",
                spo2: Some(99),
                previous: Some(94),
                ..NORMAL
            },
            Case {
                name: "red wins over amber",
                temp: 39.2,
                spo2: Some(92),
                previous: Some(97),
                flag: Flag::Red,
                reasons: &[R::Spo2AtMost93, R::Spo2Fall, R::HighFever],
                ..NORMAL
            },
        ];
        for case in &table {
            let judgement = run(case);
            assert_eq!(judgement.flag, case.flag, "{}", case.name);
            assert_eq!(judgement.reasons, case.reasons, "{}", case.name);
        }
    }

    #[test]
    fn fever_thresholds() {
        let t = |c| Temperature::from_celsius(c).unwrap();
        assert!(!is_fever(t(37.4)));
        assert!(is_fever(t(37.5)));
        assert!(!is_high_fever(t(37.9)));
        assert!(is_high_fever(t(38.0)));
    }
}
