//! What staff do on a case record besides findings and messages: log a call, mark reports
//! reviewed, escalate to the health centre, end follow-up. (A proxy report after a call is a
//! [`super::reports::CreateReport`]; an amendment of a finding is a
//! [`super::findings::CreateFinding`].)

use super::cases::{CallOutcome, EndReason};
use super::problem::{FieldError, FieldErrors};
use crate::ids::ReportId;
use crate::triage::{CASE_SPO2_AMBER_MAX, CASE_SPO2_RED_MIN, CaseThresholds, ThresholdError};
use crate::values::{NOTE_MAX_CHARS, ValueError, check_text_len};
use serde::{Deserialize, Serialize};

/// Most report ids one review request may name (a case has at most a few dozen reports).
pub const REVIEW_MAX_IDS: usize = 500;

/// `POST /api/staff/cases/{case_id}/calls`: a phone call to the patient (架電記録).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateCall {
    /// How the call went; required.
    #[serde(default)]
    pub outcome: Option<CallOutcome>,
    /// What was said or agreed, at most 1,000 characters.
    #[serde(default)]
    pub note: String,
}

impl CreateCall {
    /// The outcome, or the errors of `outcome` and `note`.
    pub fn validate(&self) -> Result<CallOutcome, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let outcome = errors.check("outcome", self.outcome.ok_or(ValueError::Required));
        errors.check("note", check_text_len(self.note.trim(), NOTE_MAX_CHARS));
        errors.finish(|| outcome)
    }
}

/// `POST /api/staff/cases/{case_id}/escalations`: a doctor asks the health centre to act.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateEscalation {
    /// Why, for the health centre; required, at most 1,000 characters.
    #[serde(default)]
    pub note: String,
}

impl CreateEscalation {
    /// Checks that the note is written and within length.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        if self.note.trim().is_empty() {
            errors.check::<()>("note", Err(ValueError::Required));
        } else {
            errors.check("note", check_text_len(self.note.trim(), NOTE_MAX_CHARS));
        }
        errors.finish(|| Some(()))
    }
}

/// `POST /api/staff/cases/{case_id}/end`: ends follow-up with a reason code (転帰).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EndFollowUp {
    /// Why follow-up ends; required.
    #[serde(default)]
    pub reason: Option<EndReason>,
    /// Details, at most 1,000 characters.
    #[serde(default)]
    pub note: String,
}

impl EndFollowUp {
    /// The reason, or the errors of `reason` and `note`.
    pub fn validate(&self) -> Result<EndReason, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let reason = errors.check("reason", self.reason.ok_or(ValueError::Required));
        errors.check("note", check_text_len(self.note.trim(), NOTE_MAX_CHARS));
        errors.finish(|| reason)
    }
}

/// Longest extension of a follow-up period one request may make, in days.
pub const EXTEND_MAX_DAYS: i64 = 30;

/// `POST /api/staff/cases/{case_id}/extend`: a doctor or the health centre extends the
/// follow-up period by some days, with a reason (e.g. a case the review gate held).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExtendFollowUp {
    /// Days to add to the period, 1–30.
    #[serde(default)]
    pub days: Option<i64>,
    /// Why; required, at most 1,000 characters.
    #[serde(default)]
    pub reason: String,
}

impl ExtendFollowUp {
    /// The days, or the errors of `days` and `reason`.
    pub fn validate(&self) -> Result<i64, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let days = errors.check(
            "days",
            self.days.ok_or(ValueError::Required).and_then(|d| {
                if (1..=EXTEND_MAX_DAYS).contains(&d) {
                    Ok(d)
                } else {
                    Err(ValueError::OutOfRange {
                        min: "1".to_owned(),
                        max: EXTEND_MAX_DAYS.to_string(),
                    })
                }
            }),
        );
        required_text(&mut errors, "reason", &self.reason);
        errors.finish(|| days)
    }
}

/// `PUT /api/staff/cases/{case_id}/thresholds`: a doctor sets the SpO2 thresholds that judge
/// this patient's reports from now on instead of the rule set's, with a reason; both left out
/// goes back to the rule set's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetCaseThresholds {
    /// Red at or below this SpO2, 80–97.
    #[serde(default)]
    pub spo2_red_at_most: Option<i64>,
    /// Amber at or below this SpO2, above the red threshold and at most 98.
    #[serde(default)]
    pub spo2_amber_at_most: Option<i64>,
    /// Why (e.g. "COPD, usual SpO2 91 %"); required, at most 1,000 characters.
    #[serde(default)]
    pub reason: String,
}

impl SetCaseThresholds {
    /// The thresholds (`None`: back to the rule set's), or the errors of each field.
    pub fn validate(&self) -> Result<Option<CaseThresholds>, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        required_text(&mut errors, "reason", &self.reason);
        let as_u8 = |v: i64| u8::try_from(v).unwrap_or(u8::MAX);
        let thresholds = match (self.spo2_red_at_most, self.spo2_amber_at_most) {
            (None, None) => Some(None),
            (None, Some(_)) => errors
                .check::<()>("spo2_red_at_most", Err(ValueError::Required))
                .map(|_| None),
            (Some(_), None) => errors
                .check::<()>("spo2_amber_at_most", Err(ValueError::Required))
                .map(|_| None),
            (Some(red), Some(amber)) => match CaseThresholds::new(as_u8(red), as_u8(amber)) {
                Ok(t) => Some(Some(t)),
                Err(ThresholdError::RedOutOfRange) => errors
                    .check::<()>(
                        "spo2_red_at_most",
                        Err(ValueError::OutOfRange {
                            min: CASE_SPO2_RED_MIN.to_string(),
                            max: (CASE_SPO2_AMBER_MAX - 1).to_string(),
                        }),
                    )
                    .map(|_| None),
                Err(ThresholdError::AmberNotAboveRed) => errors
                    .check::<()>(
                        "spo2_amber_at_most",
                        Err(ValueError::OutOfRange {
                            min: (red + 1).to_string(),
                            max: CASE_SPO2_AMBER_MAX.to_string(),
                        }),
                    )
                    .map(|_| None),
            },
        };
        errors.finish(|| thresholds)
    }
}

/// Checks that a free-text field is given and at most [`NOTE_MAX_CHARS`] long.
fn required_text(errors: &mut FieldErrors, field: &'static str, text: &str) {
    if text.trim().is_empty() {
        errors.check::<()>(field, Err(ValueError::Required));
    } else {
        errors.check(field, check_text_len(text.trim(), NOTE_MAX_CHARS));
    }
}

/// `POST /api/staff/cases/{case_id}/reviews`: marks reports reviewed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkReviewed {
    /// The reports to mark; absent or empty marks every unreviewed report of the case.
    #[serde(default)]
    pub report_ids: Option<Vec<ReportId>>,
}

impl MarkReviewed {
    /// The ids named (empty: all unreviewed), without repeats, or an error on `report_ids`.
    pub fn validate(&self) -> Result<Vec<ReportId>, Vec<FieldError>> {
        let mut ids = self.report_ids.clone().unwrap_or_default();
        ids.sort();
        ids.dedup();
        let mut errors = FieldErrors::default();
        if ids.len() > REVIEW_MAX_IDS {
            errors.check::<()>(
                "report_ids",
                Err(ValueError::TooLong {
                    max: REVIEW_MAX_IDS,
                }),
            );
        }
        errors.finish(|| Some(ids))
    }
}

/// The answer to [`MarkReviewed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewView {
    /// How many reports were newly marked (those already reviewed keep their first review).
    pub reviewed: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(errors: &[FieldError]) -> Vec<(&str, &str)> {
        errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect()
    }

    #[test]
    fn a_call_needs_an_outcome_and_a_short_note() {
        let errors = CreateCall {
            outcome: None,
            note: "あ".repeat(NOTE_MAX_CHARS + 1),
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            fields(&errors),
            [("outcome", "required"), ("note", "too_long")]
        );
        let call = CreateCall {
            outcome: Some(CallOutcome::NoAnswer),
            note: String::new(),
        };
        assert_eq!(call.validate(), Ok(CallOutcome::NoAnswer));
    }

    #[test]
    fn an_escalation_says_why() {
        let errors = CreateEscalation { note: " \n".into() }
            .validate()
            .unwrap_err();
        assert_eq!(fields(&errors), [("note", "required")]);
        assert!(
            CreateEscalation {
                note: "SpO2 低下が続く".into()
            }
            .validate()
            .is_ok()
        );
    }

    #[test]
    fn the_end_needs_a_reason() {
        let errors = EndFollowUp::default().validate().unwrap_err();
        assert_eq!(fields(&errors), [("reason", "required")]);
        let end = EndFollowUp {
            reason: Some(EndReason::Hospitalised),
            note: "A病院へ入院".into(),
        };
        assert_eq!(end.validate(), Ok(EndReason::Hospitalised));
    }

    #[test]
    fn review_ids_are_deduplicated_and_bounded() {
        let request = MarkReviewed {
            report_ids: Some(vec![ReportId(3), ReportId(1), ReportId(3)]),
        };
        assert_eq!(request.validate(), Ok(vec![ReportId(1), ReportId(3)]));
        assert_eq!(MarkReviewed::default().validate(), Ok(Vec::new()));
        let many = MarkReviewed {
            report_ids: Some((0..=REVIEW_MAX_IDS as i64).map(ReportId).collect()),
        };
        assert_eq!(
            fields(&many.validate().unwrap_err()),
            [("report_ids", "too_long")]
        );
    }
}
