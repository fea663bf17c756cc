//! Inpatient status reports (入院患者の状況報告) filed by medical institutions
//! (docs/institutions.md).
//!
//! Each report is a whole snapshot of the patient's stay; every report is kept, so the case has
//! a history. The newest report decides the case's state: [`InpatientOutcome::Inpatient`] pauses
//! home follow-up (the case is `hospitalised`: no reminders, no patient reports); a discharge
//! home resumes it while the follow-up period lasts; recovery in hospital or death ends it.
//!
//! Routes (all under `/api/staff`):
//! - `GET  /inpatients` → [`InpatientCaseList`] (institution staff: the cases it may report on,
//!   those of notifications it filed that were accepted and those it already reported on)
//! - `POST /inpatients/find` [`FindInpatientCase`] → [`InpatientCase`] (a case admitted here but
//!   notified by another institution, found by case number and date of birth)
//! - `GET  /cases/{case_id}/inpatient-reports` → [`InpatientHistory`] (the institution for its
//!   cases; health-centre and follow-up staff for cases in their scope, read-only)
//! - `POST /cases/{case_id}/inpatient-reports` [`InpatientReportForm`] → 201 [`InpatientReportView`]

use super::auth::OrgSummary;
use super::case_notifications::{ClinicalSymptom, Severity};
use super::cases::{CaseStatus, StaffSummary, codes};
use super::intake::{CaseRef, NAME_MAX_CHARS, normalise_space};
use super::problem::{FieldError, FieldErrors};
use crate::ids::InpatientReportId;
use crate::values::{ValueError, check_text_len};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Longest findings text, in characters.
pub const FINDINGS_MAX_CHARS: usize = 4_000;

codes! {
    /// 転帰: where the stay stands.
    InpatientOutcome {
        /// 入院中: still in hospital (home follow-up paused).
        Inpatient = "inpatient",
        /// 退院（自宅療養へ）: discharged to recover at home (follow-up resumes).
        DischargedHome = "discharged_home",
        /// 軽快退院: discharged recovered (follow-up ends).
        Recovered = "recovered",
        /// 転院: moved to another hospital (still in hospital).
        Transferred = "transferred",
        /// 死亡.
        Died = "died",
    }
}

impl InpatientOutcome {
    /// Whether the patient is still in (some) hospital after this report.
    pub fn in_hospital(self) -> bool {
        matches!(self, Self::Inpatient | Self::Transferred)
    }
}

/// One inpatient status report, as filed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InpatientReportForm {
    /// 入院日; required, not in the future.
    #[serde(default)]
    pub admission_date: Option<NaiveDate>,
    /// 退院日; required when the outcome is a discharge or death, else empty; not before
    /// admission.
    #[serde(default)]
    pub discharge_date: Option<NaiveDate>,
    /// 医療機関名 (pre-filled with the institution's name); required.
    #[serde(default)]
    pub hospital_name: String,
    /// 主治医; required.
    #[serde(default)]
    pub doctor_name: String,
    /// 重症度; required.
    #[serde(default)]
    pub severity: Option<Severity>,
    /// 症状.
    #[serde(default)]
    pub symptoms: Vec<ClinicalSymptom>,
    /// 所見.
    #[serde(default)]
    pub findings: String,
    /// ICU 入室.
    #[serde(default)]
    pub icu: bool,
    /// 人工呼吸器.
    #[serde(default)]
    pub ventilator: bool,
    /// ECMO.
    #[serde(default)]
    pub ecmo: bool,
    /// 転帰; required.
    #[serde(default)]
    pub outcome: Option<InpatientOutcome>,
}

impl InpatientReportForm {
    /// Every check; `today` is the institution's local date. The normalised form comes back.
    pub fn validate(&self, today: NaiveDate) -> Result<InpatientReportForm, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let mut normal = self.clone();
        normal.hospital_name = normalise_space(&self.hospital_name);
        normal.doctor_name = normalise_space(&self.doctor_name);
        normal.findings = self.findings.trim().to_owned();
        for (field, text, max) in [
            ("hospital_name", &normal.hospital_name, NAME_MAX_CHARS),
            ("doctor_name", &normal.doctor_name, NAME_MAX_CHARS),
        ] {
            if text.is_empty() {
                errors.check::<()>(field, Err(ValueError::Required));
            } else {
                errors.check(field, check_text_len(text, max));
            }
        }
        errors.check(
            "findings",
            check_text_len(&normal.findings, FINDINGS_MAX_CHARS),
        );
        if self.severity.is_none() {
            errors.check::<()>("severity", Err(ValueError::Required));
        }
        match self.admission_date {
            None => {
                errors.check::<()>("admission_date", Err(ValueError::Required));
            }
            Some(date) if date > today => push(&mut errors, "admission_date", "in_future"),
            Some(_) => {}
        }
        match (self.outcome, self.discharge_date) {
            (None, _) => {
                errors.check::<()>("outcome", Err(ValueError::Required));
            }
            (Some(outcome), Some(_)) if outcome.in_hospital() => {
                push(&mut errors, "discharge_date", "still_in_hospital");
            }
            (Some(outcome), None) if !outcome.in_hospital() => {
                errors.check::<()>("discharge_date", Err(ValueError::Required));
            }
            (_, Some(discharge)) if discharge > today => {
                push(&mut errors, "discharge_date", "in_future");
            }
            (_, Some(discharge)) if self.admission_date.is_some_and(|a| discharge < a) => {
                push(&mut errors, "discharge_date", "before_admission");
            }
            _ => {}
        }
        normal.symptoms = ClinicalSymptom::ALL
            .iter()
            .copied()
            .filter(|s| self.symptoms.contains(s))
            .collect();
        errors.finish(|| Some(normal))
    }
}

fn push(errors: &mut FieldErrors, field: &str, code: &str) {
    let message = match code {
        "in_future" => "must not be in the future",
        "still_in_hospital" => "no discharge date while the patient is in hospital",
        "before_admission" => "must not be before the admission date",
        _ => "invalid",
    };
    errors.push(FieldError::custom(field, code, message));
}

/// One report in a case's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InpatientReportView {
    /// Id of the report.
    pub id: InpatientReportId,
    /// When it was filed.
    pub reported_at: DateTime<Utc>,
    /// Who filed it.
    pub reported_by: StaffSummary,
    /// The institution that filed it.
    pub institution: OrgSummary,
    /// What was reported (normalised).
    pub form: InpatientReportForm,
}

/// `GET /api/staff/cases/{case_id}/inpatient-reports`: the case and every report, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InpatientHistory {
    /// The case.
    pub case: CaseRef,
    /// 患者氏名.
    pub patient_name: String,
    /// The case's state now (`hospitalised` while in hospital).
    pub status: CaseStatus,
    /// Every report, newest first.
    pub items: Vec<InpatientReportView>,
}

/// A case an institution may report on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InpatientCase {
    /// The case.
    pub case: CaseRef,
    /// 患者氏名.
    pub patient_name: String,
    /// フリガナ.
    pub patient_kana: String,
    /// 生年月日.
    pub birth_date: NaiveDate,
    /// The case's state now.
    pub status: CaseStatus,
    /// The newest inpatient report, if any.
    pub latest: Option<InpatientReportView>,
}

/// `GET /api/staff/inpatients`: in hospital first, then by newest report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InpatientCaseList {
    /// The cases.
    pub items: Vec<InpatientCase>,
}

/// `POST /api/staff/inpatients/find`: a case admitted to the caller's institution that another
/// institution notified. Both must match; a miss is 404 (nothing is revealed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FindInpatientCase {
    /// Case number (on the health centre's admission request).
    #[serde(default)]
    pub case_number: String,
    /// The patient's date of birth.
    #[serde(default)]
    pub birth_date: Option<NaiveDate>,
    /// The patient's name in kana (氏名カナ), as on the admission request: compared in
    /// [`crate::kana::search_form`] (hiragana, half-width kana and spaces are all the same).
    #[serde(default)]
    pub name_kana: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn admitted() -> InpatientReportForm {
        InpatientReportForm {
            admission_date: NaiveDate::from_ymd_opt(2026, 11, 20),
            hospital_name: " 見守 病院 ".into(),
            doctor_name: "医師 二郎".into(),
            severity: Some(Severity::ModerateIi),
            outcome: Some(InpatientOutcome::Inpatient),
            ..InpatientReportForm::default()
        }
    }

    fn codes(errors: Vec<FieldError>) -> Vec<(String, String)> {
        errors.into_iter().map(|e| (e.field, e.code)).collect()
    }

    #[test]
    fn an_admission_passes_and_is_normalised() {
        assert_eq!(
            admitted().validate(today()).unwrap().hospital_name,
            "見守 病院"
        );
    }

    #[test]
    fn a_discharge_needs_its_date_after_admission() {
        let discharged = InpatientReportForm {
            outcome: Some(InpatientOutcome::DischargedHome),
            ..admitted()
        };
        assert_eq!(
            codes(discharged.validate(today()).unwrap_err()),
            vec![("discharge_date".to_owned(), "required".to_owned())]
        );
        let early = InpatientReportForm {
            discharge_date: NaiveDate::from_ymd_opt(2026, 11, 19),
            ..discharged
        };
        assert_eq!(
            codes(early.validate(today()).unwrap_err()),
            vec![("discharge_date".to_owned(), "before_admission".to_owned())]
        );
    }

    #[test]
    fn an_empty_report_names_every_required_field() {
        let fields: Vec<String> = codes(
            InpatientReportForm::default()
                .validate(today())
                .unwrap_err(),
        )
        .into_iter()
        .map(|(field, _)| field)
        .collect();
        assert_eq!(
            fields,
            [
                "hospital_name",
                "doctor_name",
                "severity",
                "admission_date",
                "outcome"
            ]
        );
    }
}
