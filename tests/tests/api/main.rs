//! Integration tests of the HTTP API against a real server and database (SQLite, or PostgreSQL
//! when `TEST_DATABASE_URL` is set). One binary, so the server is linked once.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers should fail loudly at the failing call"
)]

mod access_lapse;
mod admin;
mod audit_log;
mod backup_restore;
mod bulk_import;
mod case_notifications;
mod case_record;
mod clinical_safety;
mod config_check;
mod deployment_init;
mod durability;
mod email_delivery;
mod encryption_at_rest;
mod handoff_notices;
mod health_centre;
mod housekeeping;
mod implementation_reports;
mod inpatient_reports;
mod key_rotation;
mod metrics;
mod openapi;
mod operations;
mod org_settings;
mod patient_enrolment;
mod patient_reports;
mod patient_settings;
mod policy_matrix;
mod push_delivery;
mod push_endpoints;
mod rate_limits;
mod red_path_invariant;
mod reminders;
mod report_batch;
mod retention;
mod sign_in_limits;
mod staff_notifications;
mod staff_security;
mod staff_sign_in;
mod staff_work;
mod static_hosting;
mod test_counts;
mod tls;
mod two_instances;
mod two_processes;
mod worklist;

use mimamori_shared::api::Problem;

/// Reads a problem+json body, checking the content type.
pub async fn problem(response: reqwest::Response) -> Problem {
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert_eq!(
        content_type, "application/problem+json",
        "error bodies are problem+json"
    );
    response.json().await.expect("problem body")
}
