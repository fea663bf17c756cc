//! Request and response types of the JSON API under `/api/`.
//!
//! Requests carry raw values (`Option<f64>`, `Option<i64>`, strings) so that every field can be
//! checked and reported on its own; `validate()` turns a request into validated values or a list
//! of [`FieldError`]s that the apps show next to the fields.

pub mod admin;
pub mod audit;
pub mod auth;
pub mod bulk_import;
pub mod case_actions;
pub mod case_notifications;
pub mod cases;
pub mod findings;
pub mod implementation_reports;
pub mod inpatient;
pub mod intake;
pub mod intake_csv;
pub mod org_settings;
pub mod paths;
pub mod patient;
pub mod problem;
pub mod reports;
pub mod staff_notifications;
pub mod staff_security;
pub mod test_counts;
pub mod worklist;

pub use problem::{FieldError, Problem};
