//! The report-submission load generator behind `load_reports` and `scripts/bench-load.sh`:
//! patients signed in over HTTP submit realistic reports, each with its own
//! idempotency key, with C connections for D seconds, as fast as possible or at a set rate; the
//! same client then measures a bare axum JSON echo endpoint as the baseline. A journal of every
//! report sent and its answer lets [`check`] prove after a crash that nothing acknowledged was
//! lost and that resending changes nothing (`scripts/durability-*.sh`).

pub mod bodies;
pub mod check;
pub mod driver;
pub mod echo;
pub mod journal;
pub mod patients;
