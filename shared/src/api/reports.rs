//! Daily health reports: what a patient submits and what staff see.

use super::problem::{FieldError, FieldErrors};
use crate::catalogue::{Answer, Symptom, UrgentSign};
use crate::ids::{CaseId, ReportId};
use crate::report::ValidReport;
use crate::triage::{Flag, Reason};
use crate::values::{NOTE_MAX_CHARS, Pulse, Spo2, Temperature, ValueError, check_text_len};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// `POST /api/patient/cases/{case_id}/reports`: one report for the current slot.
///
/// Values are raw so that each can be reported on by field; see [`CreateReport::validate`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateReport {
    /// Chosen by the device when the report is made; a resend with the same key stores nothing
    /// new and answers with the report already stored.
    pub idempotency_key: Option<Uuid>,
    /// 体温 in °C, one decimal, 34.0–42.5.
    pub temperature_c: Option<f64>,
    /// SpO2 in %, 50–100; leave out without an oximeter.
    pub spo2: Option<i64>,
    /// Pulse per minute, 30–220; optional.
    pub pulse: Option<i64>,
    /// Answers to the symptom questions; a symptom left out counts as "no".
    #[serde(default)]
    pub symptoms: BTreeMap<Symptom, Answer>,
    /// Urgent signs ticked; empty means none.
    #[serde(default)]
    pub urgent_signs: Vec<UrgentSign>,
    /// Note to staff, at most 1,000 characters.
    #[serde(default)]
    pub note: String,
}

impl CreateReport {
    /// Validates every field, returning the idempotency key and the report, or every error.
    pub fn validate(&self) -> Result<(Uuid, ValidReport), Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let key = errors.check(
            "idempotency_key",
            self.idempotency_key.ok_or(ValueError::Required),
        );
        let temperature = errors.check(
            "temperature_c",
            self.temperature_c
                .ok_or(ValueError::Required)
                .and_then(Temperature::from_celsius),
        );
        let spo2 = errors.check("spo2", self.spo2.map(Spo2::new).transpose());
        let pulse = errors.check("pulse", self.pulse.map(Pulse::new).transpose());
        errors.check("note", check_text_len(&self.note, NOTE_MAX_CHARS));
        errors.finish(|| {
            Some((
                key?,
                ValidReport {
                    temperature: temperature?,
                    spo2: spo2?,
                    pulse: pulse?,
                    // "No" is the default answer: storing only the others keeps rows small.
                    symptoms: self
                        .symptoms
                        .iter()
                        .filter(|(_, a)| **a != Answer::No)
                        .map(|(s, a)| (*s, *a))
                        .collect(),
                    urgent_signs: self.urgent_signs.iter().copied().collect::<BTreeSet<_>>(),
                    note: self.note.trim().to_owned(),
                },
            ))
        })
    }
}

/// Who entered a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EnteredBy {
    /// The patient (or their household representative) in the app.
    Patient,
    /// Staff, after a phone call (代理入力).
    Staff,
}

/// A stored report as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportView {
    /// Id of the report.
    pub id: ReportId,
    /// The case it belongs to.
    pub case_id: CaseId,
    /// Day of the slot, in the case's organisation's time zone.
    pub slot_date: NaiveDate,
    /// Slot of the day: 1 (morning or only), 2 (evening).
    pub slot: u8,
    /// When the server stored it.
    pub submitted_at: DateTime<Utc>,
    /// 体温 °C.
    pub temperature_c: f64,
    /// SpO2 %.
    pub spo2: Option<u8>,
    /// Pulse per minute.
    pub pulse: Option<u8>,
    /// Answers other than "no".
    pub symptoms: BTreeMap<Symptom, Answer>,
    /// Urgent signs ticked.
    pub urgent_signs: Vec<UrgentSign>,
    /// Note to staff.
    pub note: String,
    /// Flag given by the rules on arrival.
    pub flag: Flag,
    /// Rules that fired.
    pub reasons: Vec<Reason>,
    /// Version of the rule set that judged it.
    pub ruleset_version: String,
    /// Who entered it.
    pub entered_by: EnteredBy,
    /// Whether staff marked it reviewed (this version: a correction after a review makes it
    /// unreviewed again when a value changed or the flag worsened).
    pub reviewed: bool,
    /// The version shown, 1 for a report never corrected; each correction adds one, and the
    /// earlier versions are kept (`GET …/reports/{report_id}/versions`).
    #[serde(default = "first_version")]
    pub version: u32,
    /// When it was last corrected, if it was.
    #[serde(default)]
    pub corrected_at: Option<DateTime<Utc>>,
    /// Version of the case's own SpO2 thresholds that judged it; `None`: the rule set's.
    #[serde(default)]
    pub threshold_version: Option<u32>,
}

fn first_version() -> u32 {
    1
}

/// One version of a report: what was entered, how it was judged, and its review state while it
/// was current.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportVersionView {
    /// 1 for the report as first stored.
    pub version: u32,
    /// When this version was entered.
    pub entered_at: DateTime<Utc>,
    /// Who entered it.
    pub entered_by: EnteredBy,
    /// The staff member who entered it, for a staff-entered version.
    pub entered_by_staff: Option<crate::ids::StaffId>,
    /// 体温 °C.
    pub temperature_c: f64,
    /// SpO2 %.
    pub spo2: Option<u8>,
    /// Pulse per minute.
    pub pulse: Option<u8>,
    /// Answers other than "no".
    pub symptoms: BTreeMap<Symptom, Answer>,
    /// Urgent signs ticked.
    pub urgent_signs: Vec<UrgentSign>,
    /// Note to staff.
    pub note: String,
    /// Flag the rules gave this version.
    pub flag: Flag,
    /// Rules that fired.
    pub reasons: Vec<Reason>,
    /// Rule-set version that judged it.
    pub ruleset_version: String,
    /// Version of the case's SpO2 thresholds that judged it; `None`: the rule set's.
    pub threshold_version: Option<u32>,
    /// When staff reviewed this version, if they did while it was current.
    pub reviewed_at: Option<DateTime<Utc>>,
    /// Whether this is the current version.
    pub current: bool,
}

/// `GET /api/staff/cases/{case_id}/reports/{report_id}/versions`: every version, oldest first
/// (the last is the current one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportVersionList {
    /// Versions, oldest first.
    pub items: Vec<ReportVersionView>,
}

/// `GET /api/patient/cases/{case_id}/reports`: a patient's own reports, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportList {
    /// Reports, newest first.
    pub items: Vec<ReportView>,
}

/// `GET /api/staff/reports`: which day to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct DailyReportQuery {
    /// Day to list, in the organisation's time zone; today when left out.
    pub date: Option<NaiveDate>,
}

/// One line of the staff's daily report list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DailyReportRow {
    /// The report.
    pub report: ReportView,
    /// Case number.
    pub case_number: String,
    /// Patient's name.
    pub patient_name: String,
}

/// The reports of one day for the caller's organisation, most urgent first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DailyReportList {
    /// The day listed.
    pub date: NaiveDate,
    /// Reports: red, then amber, then the rest; newest first within each.
    pub items: Vec<DailyReportRow>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> CreateReport {
        CreateReport {
            idempotency_key: Some(Uuid::nil()),
            temperature_c: Some(37.2),
            spo2: Some(97),
            symptoms: BTreeMap::from([
                (Symptom::CoughRunnyNose, Answer::Yes),
                (Symptom::Headache, Answer::No),
            ]),
            ..CreateReport::default()
        }
    }

    #[test]
    fn valid_report_keeps_only_answers_other_than_no() {
        let (_, report) = valid().validate().unwrap();
        assert_eq!(
            report.symptoms,
            BTreeMap::from([(Symptom::CoughRunnyNose, Answer::Yes)])
        );
        assert_eq!(report.temperature.tenths(), 372);
    }

    #[test]
    fn every_bad_field_is_reported() {
        let bad = CreateReport {
            idempotency_key: None,
            temperature_c: Some(43.0),
            spo2: Some(101),
            pulse: Some(10),
            note: "x".repeat(1_001),
            ..valid()
        };
        let errors = bad.validate().unwrap_err();
        let fields: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("idempotency_key", "required"),
                ("temperature_c", "out_of_range"),
                ("spo2", "out_of_range"),
                ("pulse", "out_of_range"),
                ("note", "too_long")
            ]
        );
    }

    #[test]
    fn temperature_is_required() {
        let errors = CreateReport {
            temperature_c: None,
            ..valid()
        }
        .validate()
        .unwrap_err();
        assert_eq!(errors[0].field, "temperature_c");
        assert_eq!(errors[0].code, "required");
    }
}
