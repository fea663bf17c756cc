//! One component per route (see `route.rs`).

mod case;
mod not_found;
mod reports;
mod sign_in;

pub use case::CasePage;
pub use not_found::NotFoundPage;
pub use reports::{DayPage, TodayPage};
pub use sign_in::{SignInPage, SignInThenPage};
