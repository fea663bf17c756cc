//! Triage rules (docs/triage.md): a pure function from a report to a flag, so the patient app can
//! show danger advice offline exactly as the server will record it.

use crate::catalogue::{Answer, Symptom};
use crate::report::ValidReport;
use crate::values::{Spo2, Temperature};
use serde::{Deserialize, Serialize};

/// Version of the default rule set; stored with every judged report so a later change of the
/// rules never rewrites history. 2026.1 added the pulse rules ([`PULSE_RED`], [`PULSE_AMBER`]);
/// reports judged before keep [`RULESET_VERSION_2022`].
pub const RULESET_VERSION: &str = "default-2026.1";

/// The first rule set (SpO2, urgent signs, fever and symptoms, no pulse rule).
pub const RULESET_VERSION_2022: &str = "default-2022.1";

/// Pulse bands that are red: at or below the first, at or above the second (NEWS2 score 3).
pub const PULSE_RED: (u8, u8) = (40, 131);
/// Pulse bands that are amber: at or below the first, at or above the second (NEWS2 score 2
/// and the upper score-1 band that NEWS2 escalates with others; see docs/triage.md).
pub const PULSE_AMBER: (u8, u8) = (50, 111);

/// The default rule set's SpO2 that is red at or below.
pub const SPO2_RED_AT_MOST: u8 = 93;
/// The default rule set's SpO2 that is amber at or below (above the red band).
pub const SPO2_AMBER_AT_MOST: u8 = 95;

/// SpO2 thresholds a doctor set for one patient, overriding the rule set's (e.g. a COPD patient
/// whose usual SpO2 is 91: red at ≤ 88, amber at ≤ 90). Both bands move together; the other
/// rules stay as the rule set has them. Build it with [`CaseThresholds::new`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseThresholds {
    /// Red at or below this SpO2 (%).
    pub spo2_red_at_most: u8,
    /// Amber at or below this SpO2 (%), above the red band.
    pub spo2_amber_at_most: u8,
}

/// Lowest SpO2 a doctor may set as the red threshold: below it, a patient would not be shown
/// red before a value that needs an ambulance anyway.
pub const CASE_SPO2_RED_MIN: u8 = 80;
/// Highest SpO2 a doctor may set as the amber threshold.
pub const CASE_SPO2_AMBER_MAX: u8 = 98;

/// Why a pair of case thresholds was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThresholdError {
    /// The red threshold is outside [`CASE_SPO2_RED_MIN`]–[`CASE_SPO2_AMBER_MAX`].
    RedOutOfRange,
    /// The amber threshold is not above the red one, or above [`CASE_SPO2_AMBER_MAX`].
    AmberNotAboveRed,
}

impl CaseThresholds {
    /// Checks that red is within [`CASE_SPO2_RED_MIN`]..[`CASE_SPO2_AMBER_MAX`] and amber above
    /// red and at most [`CASE_SPO2_AMBER_MAX`].
    pub fn new(spo2_red_at_most: u8, spo2_amber_at_most: u8) -> Result<Self, ThresholdError> {
        if !(CASE_SPO2_RED_MIN..CASE_SPO2_AMBER_MAX).contains(&spo2_red_at_most) {
            return Err(ThresholdError::RedOutOfRange);
        }
        if spo2_amber_at_most <= spo2_red_at_most || spo2_amber_at_most > CASE_SPO2_AMBER_MAX {
            return Err(ThresholdError::AmberNotAboveRed);
        }
        Ok(Self {
            spo2_red_at_most,
            spo2_amber_at_most,
        })
    }

    /// The rule set's own thresholds.
    pub fn default_rules() -> Self {
        Self {
            spo2_red_at_most: SPO2_RED_AT_MOST,
            spo2_amber_at_most: SPO2_AMBER_AT_MOST,
        }
    }
}

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
    /// A stored flag this version of the code does not know (written by a newer version, or
    /// damaged). Never given by the rules: shown to staff above red until a person looks, so
    /// an unknown code can never pass for "no flag".
    NeedsAttention,
}

impl Flag {
    /// Stable name used in storage and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::None => "none",
            Flag::Amber => "amber",
            Flag::Red => "red",
            Flag::NeedsAttention => "needs_attention",
        }
    }

    /// Inverse of [`Flag::as_str`] for the flags the rules give; `needs_attention` is never
    /// stored, so it is not parsed either.
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
    /// red: SpO2 at or below the red threshold a doctor set for this patient.
    Spo2AtOrBelowCaseRed,
    /// amber: SpO2 at or below the amber threshold a doctor set for this patient.
    Spo2AtOrBelowCaseAmber,
    /// red: pulse ≥ 131/min or ≤ 40/min.
    PulseRed,
    /// amber: pulse ≥ 111/min or ≤ 50/min.
    PulseAmber,
}

impl Reason {
    /// The flag this reason raises on its own.
    pub fn flag(self) -> Flag {
        match self {
            Reason::Spo2AtMost93
            | Reason::UrgentSign
            | Reason::BreathlessWithLowSpo2
            | Reason::Spo2AtOrBelowCaseRed
            | Reason::PulseRed => Flag::Red,
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
    judge_for_case(report, previous_spo2, None)
}

/// Judges a report with the default rule set and, when a doctor set them for this patient,
/// the case's SpO2 thresholds instead of the rule set's ([`CaseThresholds`]).
pub fn judge_for_case(
    report: &ValidReport,
    previous_spo2: Option<Spo2>,
    thresholds: Option<CaseThresholds>,
) -> Judgement {
    let spo2 = report.spo2.map(Spo2::get);
    let yes = |symptom: Symptom| report.symptoms.get(&symptom) == Some(&Answer::Yes);
    let breathless = yes(Symptom::Breathlessness);
    let bands = thresholds.unwrap_or_else(CaseThresholds::default_rules);
    let (red_reason, amber_reason) = match thresholds {
        None => (Reason::Spo2AtMost93, Reason::Spo2Borderline),
        Some(_) => (Reason::Spo2AtOrBelowCaseRed, Reason::Spo2AtOrBelowCaseAmber),
    };

    let mut reasons = Vec::new();
    if spo2.is_some_and(|s| s <= bands.spo2_red_at_most) {
        reasons.push(red_reason);
    }
    if !report.urgent_signs.is_empty() {
        reasons.push(Reason::UrgentSign);
    }
    // "Low" for a breathless patient is the amber band: ≤ 95 % by default, the patient's own
    // amber threshold when a doctor set one.
    if breathless && spo2.is_some_and(|s| s <= bands.spo2_amber_at_most) {
        reasons.push(Reason::BreathlessWithLowSpo2);
    }
    if spo2.is_some_and(|s| s > bands.spo2_red_at_most && s <= bands.spo2_amber_at_most) {
        reasons.push(amber_reason);
    }
    if let Some(pulse) = report.pulse.map(|p| p.get()) {
        if pulse <= PULSE_RED.0 || pulse >= PULSE_RED.1 {
            reasons.push(Reason::PulseRed);
        } else if pulse <= PULSE_AMBER.0 || pulse >= PULSE_AMBER.1 {
            reasons.push(Reason::PulseAmber);
        }
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
    use crate::values::Pulse;
    use std::collections::{BTreeMap, BTreeSet};

    struct Case {
        name: &'static str,
        temp: f64,
        spo2: Option<i64>,
        previous: Option<i64>,
        pulse: Option<i64>,
        thresholds: Option<(u8, u8)>,
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
        pulse: None,
        thresholds: None,
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
            pulse: case.pulse.map(|v| Pulse::new(v).unwrap()),
            symptoms,
            urgent_signs: case.urgent.iter().copied().collect::<BTreeSet<_>>(),
            note: String::new(),
        };
        let thresholds = case
            .thresholds
            .map(|(red, amber)| CaseThresholds::new(red, amber).unwrap());
        judge_for_case(
            &report,
            case.previous.map(|v| Spo2::new(v).unwrap()),
            thresholds,
        )
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
            Case {
                name: "pulse 80 is none",
                pulse: Some(80),
                ..NORMAL
            },
            Case {
                name: "pulse 110 is none",
                pulse: Some(110),
                ..NORMAL
            },
            Case {
                name: "pulse 111 is amber",
                pulse: Some(111),
                flag: Flag::Amber,
                reasons: &[R::PulseAmber],
                ..NORMAL
            },
            Case {
                name: "pulse 130 is amber",
                pulse: Some(130),
                flag: Flag::Amber,
                reasons: &[R::PulseAmber],
                ..NORMAL
            },
            Case {
                name: "pulse 131 is red",
                pulse: Some(131),
                flag: Flag::Red,
                reasons: &[R::PulseRed],
                ..NORMAL
            },
            Case {
                name: "pulse 51 is none",
                pulse: Some(51),
                ..NORMAL
            },
            Case {
                name: "pulse 50 is amber",
                pulse: Some(50),
                flag: Flag::Amber,
                reasons: &[R::PulseAmber],
                ..NORMAL
            },
            Case {
                name: "pulse 41 is amber",
                pulse: Some(41),
                flag: Flag::Amber,
                reasons: &[R::PulseAmber],
                ..NORMAL
            },
            Case {
                name: "pulse 40 is red",
                pulse: Some(40),
                flag: Flag::Red,
                reasons: &[R::PulseRed],
                ..NORMAL
            },
            Case {
                name: "COPD thresholds: spo2 91 is none",
                spo2: Some(91),
                thresholds: Some((88, 90)),
                ..NORMAL
            },
            Case {
                name: "COPD thresholds: spo2 90 is amber",
                spo2: Some(90),
                thresholds: Some((88, 90)),
                flag: Flag::Amber,
                reasons: &[R::Spo2AtOrBelowCaseAmber],
                ..NORMAL
            },
            Case {
                name: "COPD thresholds: spo2 89 is amber",
                spo2: Some(89),
                thresholds: Some((88, 90)),
                flag: Flag::Amber,
                reasons: &[R::Spo2AtOrBelowCaseAmber],
                ..NORMAL
            },
            Case {
                name: "COPD thresholds: spo2 88 is red",
                spo2: Some(88),
                thresholds: Some((88, 90)),
                flag: Flag::Red,
                reasons: &[R::Spo2AtOrBelowCaseRed],
                ..NORMAL
            },
            Case {
                name: "COPD thresholds: breathless with spo2 91 is amber, not red",
                spo2: Some(91),
                thresholds: Some((88, 90)),
                yes: &[S::Breathlessness],
                flag: Flag::Amber,
                reasons: &[R::Breathlessness],
                ..NORMAL
            },
            Case {
                name: "COPD thresholds keep the urgent-sign rule",
                spo2: Some(92),
                thresholds: Some((88, 90)),
                urgent: &[UrgentSign::ChestPain],
                flag: Flag::Red,
                reasons: &[R::UrgentSign],
                ..NORMAL
            },
            Case {
                name: "stricter thresholds: spo2 95 is red",
                spo2: Some(95),
                thresholds: Some((95, 97)),
                flag: Flag::Red,
                reasons: &[R::Spo2AtOrBelowCaseRed],
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
    fn case_thresholds_must_leave_an_amber_band_above_red() {
        assert!(CaseThresholds::new(88, 90).is_ok());
        assert_eq!(
            CaseThresholds::new(79, 90),
            Err(ThresholdError::RedOutOfRange)
        );
        assert_eq!(
            CaseThresholds::new(90, 90),
            Err(ThresholdError::AmberNotAboveRed)
        );
        assert_eq!(
            CaseThresholds::new(90, 99),
            Err(ThresholdError::AmberNotAboveRed)
        );
        assert_eq!(
            CaseThresholds::default_rules(),
            CaseThresholds::new(93, 95).unwrap()
        );
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
