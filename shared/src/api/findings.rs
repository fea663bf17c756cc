//! Physician findings (医師所見) written by follow-up doctors.

use super::problem::{FieldError, FieldErrors};
use crate::ids::{CaseId, FindingId, ReportId};
use crate::values::{ValueError, check_text_len};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Longest assessment or plan, in characters.
pub const FINDING_TEXT_MAX_CHARS: usize = 4_000;

/// Where the doctor refers the patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "db",
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum Referral {
    /// Stay at home under follow-up.
    #[default]
    None,
    /// 外来受診.
    Outpatient,
    /// 入院調整.
    Admission,
}

impl Referral {
    /// Stable name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Outpatient => "outpatient",
            Self::Admission => "admission",
        }
    }

    /// Inverse of [`Referral::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        [Self::None, Self::Outpatient, Self::Admission]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// `POST /api/staff/cases/{case_id}/findings`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateFinding {
    /// The report the finding is about, if any.
    #[serde(default)]
    pub report_id: Option<ReportId>,
    /// Assessment (所見); required.
    #[serde(default)]
    pub assessment: String,
    /// Plan (方針).
    #[serde(default)]
    pub plan: String,
    /// Referral; none when left out.
    #[serde(default)]
    pub referral: Referral,
}

impl CreateFinding {
    /// Checks that the assessment is written and both texts are within length.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        if self.assessment.trim().is_empty() {
            errors.check::<()>("assessment", Err(ValueError::Required));
        } else {
            errors.check(
                "assessment",
                check_text_len(&self.assessment, FINDING_TEXT_MAX_CHARS),
            );
        }
        errors.check("plan", check_text_len(&self.plan, FINDING_TEXT_MAX_CHARS));
        errors.finish(|| Some(()))
    }
}

/// A stored finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FindingView {
    /// Id of the finding.
    pub id: FindingId,
    /// The case.
    pub case_id: CaseId,
    /// The report it is about, if any.
    pub report_id: Option<ReportId>,
    /// Name of the doctor who wrote it.
    pub author_name: String,
    /// Assessment.
    pub assessment: String,
    /// Plan.
    pub plan: String,
    /// Referral.
    pub referral: Referral,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// The finding this one amends; `None` for an original. Amending never changes the
    /// finding amended.
    #[serde(default)]
    pub amends_id: Option<FindingId>,
    /// Whether a later amendment replaces this text (it stays visible, marked as such).
    #[serde(default)]
    pub superseded: bool,
    /// In the case record, on an original: its amendments, oldest first (an amendment of an
    /// amendment is listed here too, with its own `amends_id`). Empty elsewhere.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub amendments: Vec<FindingView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assessment_is_required() {
        let errors = CreateFinding::default().validate().unwrap_err();
        assert_eq!(errors[0].field, "assessment");
        assert!(
            CreateFinding {
                assessment: "安定".into(),
                ..Default::default()
            }
            .validate()
            .is_ok()
        );
    }
}
