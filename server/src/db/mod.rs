//! The only place that builds sea-orm queries. Functions take `&impl ConnectionTrait` so they
//! run on the pool or inside a transaction alike.

pub mod audit;
pub mod cases;
pub mod findings;
pub mod messages;
pub mod orgs;
pub mod patients;
pub mod push;
pub mod reports;
pub mod secrets;
pub mod staff;
