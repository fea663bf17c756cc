//! One component per route (see `route.rs`).

mod account;
mod admin;
mod audit;
mod case;
mod case_notifications;
mod enrol;
mod import_cases;
mod inpatients;
mod letter;
mod not_found;
mod notifications;
mod register_case;
mod reports;
mod reports_daily;
mod sign_in;
mod test_count_summary;
mod test_counts;
mod worklist;

pub use account::ChangePasswordPage;
pub use admin::{
    ContractsPage, ImportOrgsPage, ImportUsersPage, OrgSettingsPage, OrgsPage, UsersPage,
};
pub use audit::AuditPage;
pub use case::CasePage;
pub use case_notifications::{
    CaseNotificationPage, CaseNotificationsPage, IntakeNotificationPage, IntakePage,
    NewCaseNotificationPage,
};
pub use enrol::EnrolPage;
pub use import_cases::ImportCasesPage;
pub use inpatients::InpatientsPage;
pub use letter::{LETTER, Letter, LetterPage};
pub use not_found::NotFoundPage;
pub use notifications::NotificationsPage;
pub use register_case::RegisterCasePage;
pub use reports::{DayPage, TodayPage};
pub use reports_daily::ImplementationReportsPage;
pub use sign_in::{SignInPage, SignInThenPage};
pub use test_count_summary::TestCountSummaryPage;
pub use test_counts::TestCountsPage;
pub use worklist::WorkListPage;
