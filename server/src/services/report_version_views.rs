//! Versions of a report as the API shows them.

use super::reports::parse_column;
use crate::entities::{health_report, health_report_version};
use crate::error::ApiError;
use mimamori_shared::api::reports::ReportVersionView;
use mimamori_shared::ids::StaffId;

/// A version a correction replaced.
pub fn earlier_view(row: &health_report_version::Model) -> Result<ReportVersionView, ApiError> {
    Ok(ReportVersionView {
        version: u32::try_from(row.version).unwrap_or(1),
        entered_at: row.submitted_at,
        entered_by: row.entered_by.0,
        entered_by_staff: row.entered_by_staff_id.map(StaffId),
        temperature_c: f64::from(row.temperature_tenths) / 10.0,
        spo2: row.spo2.and_then(|v| u8::try_from(v).ok()),
        pulse: row.pulse.and_then(|v| u8::try_from(v).ok()),
        symptoms: parse_column(row.report_id, "symptoms", &row.symptoms)?,
        urgent_signs: parse_column(row.report_id, "urgent_signs", &row.urgent_signs)?,
        note: row.note.clone(),
        flag: row.flag.shown("health_report_version", row.id),
        reasons: parse_column(row.report_id, "reasons", &row.reasons)?,
        ruleset_version: row.ruleset_version.clone(),
        threshold_version: row.threshold_version.and_then(|v| u32::try_from(v).ok()),
        reviewed_at: row.reviewed_at,
        current: false,
    })
}

/// The current version.
pub fn current_view(row: &health_report::Model) -> Result<ReportVersionView, ApiError> {
    Ok(ReportVersionView {
        version: u32::try_from(row.version).unwrap_or(1),
        entered_at: row.corrected_at.unwrap_or(row.submitted_at),
        entered_by: row.entered_by.0,
        entered_by_staff: row.entered_by_staff_id.map(StaffId),
        temperature_c: f64::from(row.temperature_tenths) / 10.0,
        spo2: row.spo2.and_then(|v| u8::try_from(v).ok()),
        pulse: row.pulse.and_then(|v| u8::try_from(v).ok()),
        symptoms: parse_column(row.id, "symptoms", &row.symptoms)?,
        urgent_signs: parse_column(row.id, "urgent_signs", &row.urgent_signs)?,
        note: row.note.clone(),
        flag: row.flag.shown("health_report", row.id),
        reasons: parse_column(row.id, "reasons", &row.reasons)?,
        ruleset_version: row.ruleset_version.clone(),
        threshold_version: row.threshold_version.and_then(|v| u32::try_from(v).ok()),
        reviewed_at: row.reviewed_at,
        current: true,
    })
}
