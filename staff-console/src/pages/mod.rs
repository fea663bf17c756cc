//! One component per route (see `route.rs`).

mod account;
mod audit;
mod case;
mod enrol;
mod not_found;
mod reports;
mod sign_in;

pub use account::ChangePasswordPage;
pub use audit::AuditPage;
pub use case::CasePage;
pub use enrol::EnrolPage;
pub use not_found::NotFoundPage;
pub use reports::{DayPage, TodayPage};
pub use sign_in::{SignInPage, SignInThenPage};
