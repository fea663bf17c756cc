//! One component per route (see `route.rs`).

mod account;
mod admin;
mod audit;
mod case;
mod enrol;
mod import_cases;
mod letter;
mod not_found;
mod notifications;
mod register_case;
mod reports;
mod reports_daily;
mod sign_in;
mod worklist;

pub use account::ChangePasswordPage;
pub use admin::{ContractsPage, OrgSettingsPage, OrgsPage, UsersPage};
pub use audit::AuditPage;
pub use case::CasePage;
pub use enrol::EnrolPage;
pub use import_cases::ImportCasesPage;
pub use letter::{LETTER, Letter, LetterPage};
pub use not_found::NotFoundPage;
pub use notifications::NotificationsPage;
pub use register_case::RegisterCasePage;
pub use reports::{DayPage, TodayPage};
pub use reports_daily::ImplementationReportsPage;
pub use sign_in::{SignInPage, SignInThenPage};
pub use worklist::WorkListPage;
