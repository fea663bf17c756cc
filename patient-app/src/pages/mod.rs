//! One module per page of [`crate::route::Route`].

mod invite;
mod not_found;
mod report;
mod sign_in;
mod today;

pub use invite::Invite;
pub use not_found::NotFound;
pub use sign_in::SignIn;
pub use today::Today;
