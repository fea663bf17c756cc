//! One module per page of [`crate::route::Route`].

mod history;
mod household;
mod invite;
mod not_found;
mod report;
mod settings;
mod sign_in;
mod today;

pub use history::History;
pub use household::Household;
pub use invite::Invite;
pub use not_found::NotFound;
pub use report::CorrectReport;
pub use settings::Settings;
pub use sign_in::SignIn;
pub use today::Today;
