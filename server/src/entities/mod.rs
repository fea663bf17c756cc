//! sea-orm entities, one per table. They never cross the HTTP boundary: handlers convert them
//! into `mimamori_shared` views.

pub mod app_secret;
pub mod audit_log;
pub mod case_event;
pub mod case_notification;
pub mod case_search_token;
pub mod case_threshold;
pub mod codes;
pub mod contract;
pub mod data_key;
pub mod data_upgrade;
pub mod delivery;
pub mod finding;
pub mod health_report;
pub mod health_report_version;
pub mod implementation_report;
pub mod inpatient_case_link;
pub mod inpatient_report;
pub mod invitation;
pub mod job_run;
pub mod org_setting;
pub mod organisation;
pub mod patient_account;
pub mod patient_account_case;
pub mod patient_case;
pub mod patient_message;
pub mod patient_session;
pub mod push_subscription;
pub mod sign_in_throttle;
pub mod staff_notification;
pub mod staff_recovery_code;
pub mod staff_session;
pub mod staff_user;
pub mod test_count;
