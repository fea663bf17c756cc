//! Delivery of notifications to patients and staff: web push (more channels join here).

pub mod email;
pub mod push;
pub mod push_endpoint;
