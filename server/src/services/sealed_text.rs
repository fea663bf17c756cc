//! Free text sealed at rest in rows whose id the database gives (findings, messages, reports,
//! timeline entries, inpatient reports): their sealed values' associated data names the row's
//! `seal_id`, a random id made before the insert (the row id as text for rows written before
//! the column existed, migrations m0017 and m0018).
//! Notifications (`services::sealed_notifications`) use the same scheme. Also: how a date is
//! sealed (as `YYYY-MM-DD` text) and opened again.

use crate::keys::{Keyring, KeyringError};
use chrono::NaiveDate;

/// A report's note (`health_report.note`).
pub const REPORT_NOTE_FIELD: &str = "health_report.note";
/// An earlier version's note (`health_report_version.note`).
pub const REPORT_VERSION_NOTE_FIELD: &str = "health_report_version.note";
/// A timeline entry's note: a call's notes, a reason (`case_event.note`).
pub const EVENT_NOTE_FIELD: &str = "case_event.note";

/// A new, random seal id.
pub fn new_seal_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// A date as it is sealed: `YYYY-MM-DD`.
pub fn date_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// A date sealed as [`date_text`] in `field` of the row `row`, opened; a value that opens but
/// is no date counts as tampered.
pub fn open_date(
    keys: &Keyring,
    field: &str,
    row: &str,
    sealed: &str,
) -> Result<NaiveDate, KeyringError> {
    let text = keys.unseal(field, row, sealed)?;
    NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| KeyringError::Tampered {
        field: field.to_owned(),
    })
}

/// The seal id of version `version` of the report whose seal id is `report_seal_id`, when a
/// correction keeps it in `health_report_version`: unique, as the pair is.
pub fn version_seal_id(report_seal_id: &str, version: i32) -> String {
    format!("{report_seal_id}.v{version}")
}
