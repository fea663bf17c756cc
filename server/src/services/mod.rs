//! Rules that span several tables or carry invariants. Handlers stay thin and call these.

pub mod admin_orgs;
pub mod admin_users;
pub mod assignment;
pub mod audit;
pub mod audit_chain;
pub mod audit_view;
pub mod case_actions;
pub mod case_events;
pub mod cases;
pub mod findings;
pub mod implementation_reports;
pub mod intake;
pub mod intake_csv;
pub mod job_runs;
pub mod messages;
pub mod org_settings;
pub mod org_settings_admin;
pub mod patient_auth;
pub mod push;
pub mod reports;
pub mod setup;
pub mod staff_auth;
pub mod staff_notifications;
pub mod time;
pub mod worklist;
