//! Rules that span several tables or carry invariants. Handlers stay thin and call these.

pub mod audit;
pub mod audit_chain;
pub mod cases;
pub mod findings;
pub mod messages;
pub mod patient_auth;
pub mod push;
pub mod reports;
pub mod setup;
pub mod staff_auth;
pub mod time;
