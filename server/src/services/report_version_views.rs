//! Versions of a report as the API shows them: the earlier ones (`health_report_version`) and
//! the current one (`health_report`) carry the same values, so one conversion serves both.

use crate::entities::codes::{StoredEnteredBy, StoredFlag};
use crate::entities::{health_report, health_report_version};
use crate::error::ApiError;
use crate::keys::Keyring;
use crate::services::sealed_text::{REPORT_NOTE_FIELD, REPORT_VERSION_NOTE_FIELD};
use chrono::{DateTime, Utc};
use mimamori_shared::api::reports::ReportVersionView;
use mimamori_shared::catalogue::{Answer, Symptom, UrgentSign};
use mimamori_shared::ids::StaffId;
use mimamori_shared::triage::Reason;
use std::collections::BTreeMap;

/// The values of one version, wherever it is stored.
struct Version<'a> {
    /// Table and row, for the log of an unknown flag.
    table: &'static str,
    row_id: i64,
    version: i32,
    entered_at: DateTime<Utc>,
    entered_by: StoredEnteredBy,
    entered_by_staff_id: Option<i64>,
    temperature_tenths: i16,
    spo2: Option<i16>,
    pulse: Option<i16>,
    symptoms: &'a BTreeMap<Symptom, Answer>,
    urgent_signs: &'a [UrgentSign],
    /// Opened.
    note: String,
    flag: &'a StoredFlag,
    reasons: &'a [Reason],
    ruleset_version: &'a str,
    threshold_version: Option<i32>,
    reviewed_at: Option<DateTime<Utc>>,
    current: bool,
}

impl Version<'_> {
    fn view(&self) -> Result<ReportVersionView, ApiError> {
        let small = |v: Option<i16>| v.and_then(|v| u8::try_from(v).ok());
        Ok(ReportVersionView {
            version: u32::try_from(self.version).unwrap_or(1),
            entered_at: self.entered_at,
            entered_by: self.entered_by.0,
            entered_by_staff: self.entered_by_staff_id.map(StaffId),
            temperature_c: f64::from(self.temperature_tenths) / 10.0,
            spo2: small(self.spo2),
            pulse: small(self.pulse),
            symptoms: self.symptoms.clone(),
            urgent_signs: self.urgent_signs.to_vec(),
            note: self.note.clone(),
            flag: self.flag.shown(self.table, self.row_id),
            reasons: self.reasons.to_vec(),
            ruleset_version: self.ruleset_version.to_owned(),
            threshold_version: self.threshold_version.and_then(|v| u32::try_from(v).ok()),
            reviewed_at: self.reviewed_at,
            current: self.current,
        })
    }
}

/// A version a correction replaced.
pub fn earlier_view(
    keys: &Keyring,
    row: &health_report_version::Model,
) -> Result<ReportVersionView, ApiError> {
    Version {
        table: "health_report_version",
        row_id: row.id,
        version: row.version,
        entered_at: row.submitted_at,
        entered_by: row.entered_by,
        entered_by_staff_id: row.entered_by_staff_id,
        temperature_tenths: row.temperature_tenths,
        spo2: row.spo2,
        pulse: row.pulse,
        symptoms: &row.symptoms.0,
        urgent_signs: &row.urgent_signs.0,
        note: keys.unseal(REPORT_VERSION_NOTE_FIELD, &row.seal_id, &row.sealed_note)?,
        flag: &row.flag,
        reasons: &row.reasons.0,
        ruleset_version: &row.ruleset_version,
        threshold_version: row.threshold_version,
        reviewed_at: row.reviewed_at,
        current: false,
    }
    .view()
}

/// The current version.
pub fn current_view(
    keys: &Keyring,
    row: &health_report::Model,
) -> Result<ReportVersionView, ApiError> {
    Version {
        table: "health_report",
        row_id: row.id,
        version: row.version,
        entered_at: row.corrected_at.unwrap_or(row.submitted_at),
        entered_by: row.entered_by,
        entered_by_staff_id: row.entered_by_staff_id,
        temperature_tenths: row.temperature_tenths,
        spo2: row.spo2,
        pulse: row.pulse,
        symptoms: &row.symptoms.0,
        urgent_signs: &row.urgent_signs.0,
        note: keys.unseal(REPORT_NOTE_FIELD, &row.seal_id, &row.sealed_note)?,
        flag: &row.flag,
        reasons: &row.reasons.0,
        ruleset_version: &row.ruleset_version,
        threshold_version: row.threshold_version,
        reviewed_at: row.reviewed_at,
        current: true,
    }
    .view()
}
