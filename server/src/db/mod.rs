//! The only place that builds sea-orm queries. Functions take `&impl ConnectionTrait` so they
//! run on the pool or inside a transaction alike.

pub mod audit;
pub mod case_events;
pub mod cases;
pub mod contracts;
pub mod findings;
pub mod followup_end;
pub mod implementation_reports;
pub mod intake;
pub mod messages;
pub mod org_settings;
pub mod orgs;
pub mod patients;
pub mod push;
pub mod reminders;
pub mod reports;
pub mod secrets;
pub mod staff;
pub mod staff_admin;
pub mod staff_notifications;
pub mod worklist;
