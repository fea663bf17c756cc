//! Versions of a report as the API shows them: the earlier ones (`health_report_version`) and
//! the current one (`health_report`) carry the same values, so one conversion serves both.

use super::reports::parse_column;
use crate::entities::codes::{StoredEnteredBy, StoredFlag};
use crate::entities::{health_report, health_report_version};
use crate::error::ApiError;
use chrono::{DateTime, Utc};
use mimamori_shared::api::reports::ReportVersionView;
use mimamori_shared::ids::StaffId;

/// The values of one version, wherever it is stored.
struct Version<'a> {
    /// Table and row, for the log of an unknown flag.
    table: &'static str,
    row_id: i64,
    /// The report the version belongs to (for error messages about its columns).
    report_id: i64,
    version: i32,
    entered_at: DateTime<Utc>,
    entered_by: StoredEnteredBy,
    entered_by_staff_id: Option<i64>,
    temperature_tenths: i16,
    spo2: Option<i16>,
    pulse: Option<i16>,
    symptoms: &'a str,
    urgent_signs: &'a str,
    note: &'a str,
    flag: &'a StoredFlag,
    reasons: &'a str,
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
            symptoms: parse_column(self.report_id, "symptoms", self.symptoms)?,
            urgent_signs: parse_column(self.report_id, "urgent_signs", self.urgent_signs)?,
            note: self.note.to_owned(),
            flag: self.flag.shown(self.table, self.row_id),
            reasons: parse_column(self.report_id, "reasons", self.reasons)?,
            ruleset_version: self.ruleset_version.to_owned(),
            threshold_version: self.threshold_version.and_then(|v| u32::try_from(v).ok()),
            reviewed_at: self.reviewed_at,
            current: self.current,
        })
    }
}

/// A version a correction replaced.
pub fn earlier_view(row: &health_report_version::Model) -> Result<ReportVersionView, ApiError> {
    Version {
        table: "health_report_version",
        row_id: row.id,
        report_id: row.report_id,
        version: row.version,
        entered_at: row.submitted_at,
        entered_by: row.entered_by,
        entered_by_staff_id: row.entered_by_staff_id,
        temperature_tenths: row.temperature_tenths,
        spo2: row.spo2,
        pulse: row.pulse,
        symptoms: &row.symptoms,
        urgent_signs: &row.urgent_signs,
        note: &row.note,
        flag: &row.flag,
        reasons: &row.reasons,
        ruleset_version: &row.ruleset_version,
        threshold_version: row.threshold_version,
        reviewed_at: row.reviewed_at,
        current: false,
    }
    .view()
}

/// The current version.
pub fn current_view(row: &health_report::Model) -> Result<ReportVersionView, ApiError> {
    Version {
        table: "health_report",
        row_id: row.id,
        report_id: row.id,
        version: row.version,
        entered_at: row.corrected_at.unwrap_or(row.submitted_at),
        entered_by: row.entered_by,
        entered_by_staff_id: row.entered_by_staff_id,
        temperature_tenths: row.temperature_tenths,
        spo2: row.spo2,
        pulse: row.pulse,
        symptoms: &row.symptoms,
        urgent_signs: &row.urgent_signs,
        note: &row.note,
        flag: &row.flag,
        reasons: &row.reasons,
        ruleset_version: &row.ruleset_version,
        threshold_version: row.threshold_version,
        reviewed_at: row.reviewed_at,
        current: true,
    }
    .view()
}
