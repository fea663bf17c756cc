//! Every page of the console, as a route under the `/staff` base path.
//!
//! Paths here are relative to the base path: the router's history adds [`BASE_PATH`] to every
//! URL it writes and strips it from every URL it reads (see `main.rs`), so `Case { id: 7 }` is
//! `/staff/cases/7` in the address bar.

use crate::components::Shell;
use crate::pages::ImplementationReportsPage;
use crate::pages::WorkListPage;
use crate::pages::{
    AuditPage, CasePage, DayPage, NotFoundPage, SignInPage, SignInThenPage, TodayPage,
};
use crate::pages::{
    CaseNotificationPage, CaseNotificationsPage, IntakeNotificationPage, IntakePage,
    NewCaseNotificationPage,
};
use crate::pages::{ChangePasswordPage, EnrolPage};
use crate::pages::{
    ContractsPage, ImportCasesPage, LetterPage, OrgsPage, RegisterCasePage, UsersPage,
};
use crate::pages::{ImportOrgsPage, ImportUsersPage};
use crate::pages::{InpatientsPage, TestCountSummaryPage, TestCountsPage};
use crate::pages::{NotificationsPage, OrgSettingsPage};
use chrono::NaiveDate;
use dioxus::prelude::*;
use mimamori_shared::ids::{CaseId, CaseNotificationId, OrgId};

/// Where the server hosts the console (docs/api-slice.md, "Static hosting").
#[cfg_attr(
    not(all(target_arch = "wasm32", target_os = "unknown")),
    expect(dead_code, reason = "only the browser build creates the history")
)]
pub const BASE_PATH: &str = "/staff";

/// A page of the staff console.
#[derive(Debug, Clone, PartialEq, Routable)]
#[rustfmt::skip]
pub enum Route {
    /// Sign-in, then `next` (a route of this enum, as text): where a signed-out visitor was going.
    #[route("/signin?:next", SignInThenPage)]
    SignInThen { next: String },
    // Listed after `SignInThen`: the router tries variants in order and a route without a
    // query would also match `/signin?next=…`.
    /// Sign-in, then today's reports.
    #[route("/signin", SignInPage)]
    SignIn {},
    /// First sign-in: enrol the authenticator app, then note the recovery codes.
    #[route("/enrol", EnrolPage)]
    Enrol {},
    // Pages behind `Shell` need a signed-in staff member; it sends everyone else to sign-in.
    #[layout(Shell)]
        /// Change of one's own password.
        #[route("/account/password", ChangePasswordPage)]
        ChangePassword {},
        /// Home: the triage work list, most urgent first.
        #[route("/", WorkListPage)]
        WorkList {},
        /// Today's reports, most urgent first ("today" in the organisation's time zone).
        /// Before `Day`: `today` is no date.
        #[route("/reports/today", TodayPage)]
        Today {},
        /// The reports of another day.
        #[route("/reports/:date", DayPage)]
        Day { date: NaiveDate },
        /// Registration of a case by hand (health-centre staff). Before `Case`: `new` is no id.
        #[route("/cases/new", RegisterCasePage)]
        RegisterCase {},
        /// Import of cases from a CSV file (health-centre staff).
        #[route("/cases/import", ImportCasesPage)]
        ImportCases {},
        /// One case record.
        #[route("/cases/:id", CasePage)]
        Case { id: CaseId },
        /// The printable invitation letter of a case (just issued in this tab).
        #[route("/cases/:id/letter", LetterPage)]
        Letter { id: CaseId },
        /// The organisation tree (administrators).
        #[route("/admin/orgs", OrgsPage)]
        AdminOrgs {},
        /// Organisations (and contracts) from a CSV file (administrators).
        #[route("/admin/orgs/import", ImportOrgsPage)]
        ImportOrgs {},
        /// An organisation's notification and cut-off settings (administrators).
        #[route("/admin/orgs/:id/settings", OrgSettingsPage)]
        OrgSettings { id: OrgId },
        /// The signed-in staff member's notifications (red reports, escalations, cut-offs).
        #[route("/notifications", NotificationsPage)]
        Notifications {},
        /// Contracts between follow-up organisations and health centres (administrators).
        #[route("/admin/contracts", ContractsPage)]
        AdminContracts {},
        /// Staff accounts (administrators).
        #[route("/admin/users", UsersPage)]
        AdminUsers {},
        /// Staff accounts from a CSV file, with their one-time passwords (administrators).
        #[route("/admin/users/import", ImportUsersPage)]
        ImportUsers {},
        /// The audit log (administrators).
        #[route("/admin/audit", AuditPage)]
        Audit {},
        /// Daily implementation reports (health centres and follow-up organisations).
        #[route("/implementation-reports", ImplementationReportsPage)]
        ImplementationReports {},
        /// Inpatient status reports of the cases an institution may report on (institution staff).
        #[route("/inpatients", InpatientsPage)]
        Inpatients {},
        /// The institution's daily test counts (institution staff).
        #[route("/test-counts", TestCountsPage)]
        TestCounts {},
        /// Test counts of a health centre's institutions or of its prefecture (health-centre staff).
        #[route("/test-counts/summary", TestCountSummaryPage)]
        TestCountSummary {},
        /// The notifications (発生届) an institution filed, newest first (institution staff; their home).
        #[route("/case-notifications", CaseNotificationsPage)]
        CaseNotifications {},
        /// A new notification (institution staff). Before `CaseNotification`: `new` is no id.
        #[route("/case-notifications/new", NewCaseNotificationPage)]
        NewCaseNotification {},
        /// One notification: editable as a draft or when returned, else read-only.
        #[route("/case-notifications/:id", CaseNotificationPage)]
        CaseNotification { id: CaseNotificationId },
        /// The health centre's queue of submitted notifications, oldest first.
        #[route("/intake", IntakePage)]
        Intake {},
        /// One submitted notification, to accept or return (health-centre staff).
        #[route("/intake/:id", IntakeNotificationPage)]
        IntakeNotification { id: CaseNotificationId },
    #[end_layout]
    /// Anything else.
    #[route("/:..segments", NotFoundPage)]
    NotFound { segments: Vec<String> },
}

impl Route {
    /// The sign-in page that leads back to `self` afterwards.
    pub fn sign_in_then(&self) -> Route {
        let next = match self {
            // Nothing to come back to: sign-in leads to the work list anyway.
            Route::SignIn {}
            | Route::SignInThen { .. }
            | Route::Enrol {}
            | Route::NotFound { .. }
            | Route::WorkList {} => None,
            other => Some(other.to_string()),
        };
        match next {
            Some(next) => Route::SignInThen { next },
            None => Route::SignIn {},
        }
    }

    /// Where a sign-in with `next` leads: that route when it is one of ours, else the work list.
    ///
    /// Parsing through the enum means a crafted link can never send a signed-in user to
    /// another site (open redirect).
    pub fn after_sign_in(next: Option<&str>) -> Route {
        next.and_then(|next| next.parse::<Route>().ok())
            .filter(|route| {
                !matches!(
                    route,
                    Route::SignIn {}
                        | Route::SignInThen { .. }
                        | Route::Enrol {}
                        | Route::NotFound { .. }
                )
            })
            .unwrap_or(Route::WorkList {})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(path: &str) -> Option<Route> {
        path.parse().ok()
    }

    fn may_day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 5, 1).unwrap_or_default()
    }

    #[test]
    fn paths_parse_to_pages() {
        assert_eq!(parse("/"), Some(Route::WorkList {}));
        assert_eq!(parse("/reports/today"), Some(Route::Today {}));
        assert_eq!(
            parse("/reports/2024-05-01"),
            Some(Route::Day { date: may_day() })
        );
        assert_eq!(parse("/cases/12"), Some(Route::Case { id: CaseId(12) }));
        assert!(matches!(
            parse("/signin"),
            Some(Route::SignIn {} | Route::SignInThen { .. })
        ));
        assert!(matches!(
            parse("/nothing/here"),
            Some(Route::NotFound { .. })
        ));
        assert!(matches!(
            parse("/reports/yesterday"),
            Some(Route::NotFound { .. })
        ));
    }

    #[test]
    fn pages_write_clean_paths() {
        assert_eq!(Route::WorkList {}.to_string(), "/");
        assert_eq!(Route::Today {}.to_string(), "/reports/today");
        assert_eq!(
            Route::Day { date: may_day() }.to_string(),
            "/reports/2024-05-01"
        );
        assert_eq!(Route::Case { id: CaseId(7) }.to_string(), "/cases/7");
        assert_eq!(Route::SignIn {}.to_string(), "/signin");
    }

    #[test]
    fn sign_in_leads_back_to_the_page_asked_for() {
        for page in [
            Route::Case { id: CaseId(7) },
            Route::Day { date: may_day() },
            Route::Today {},
        ] {
            let sign_in = page.sign_in_then().to_string();
            let Some(Route::SignInThen { next }) = parse(&sign_in) else {
                panic!("sign-in route must round-trip: {sign_in}");
            };
            assert_eq!(Route::after_sign_in(Some(&next)), page);
        }
        assert_eq!(Route::WorkList {}.sign_in_then(), Route::SignIn {});
    }

    #[test]
    fn sign_in_never_leads_off_site() {
        for next in ["https://evil.example/", "//evil.example", "/signin", ""] {
            assert_eq!(
                Route::after_sign_in(Some(next)),
                Route::WorkList {},
                "{next}"
            );
        }
        assert_eq!(Route::after_sign_in(None), Route::WorkList {});
    }

    #[test]
    fn notification_pages_have_their_paths() {
        use mimamori_shared::ids::CaseNotificationId;
        assert_eq!(
            parse("/case-notifications"),
            Some(Route::CaseNotifications {})
        );
        // `new` is the form for a new one, not an id.
        assert_eq!(
            parse("/case-notifications/new"),
            Some(Route::NewCaseNotification {})
        );
        assert_eq!(
            parse("/case-notifications/5"),
            Some(Route::CaseNotification {
                id: CaseNotificationId(5)
            })
        );
        assert_eq!(parse("/intake"), Some(Route::Intake {}));
        let one = Route::IntakeNotification {
            id: CaseNotificationId(5),
        };
        assert_eq!(one.to_string(), "/intake/5");
        let Some(Route::SignInThen { next }) = parse(&one.sign_in_then().to_string()) else {
            panic!("sign-in leads back to the intake");
        };
        assert_eq!(Route::after_sign_in(Some(&next)), one);
    }

    #[test]
    fn enrolment_and_account_pages_have_their_paths() {
        assert_eq!(parse("/enrol"), Some(Route::Enrol {}));
        assert_eq!(parse("/account/password"), Some(Route::ChangePassword {}));
        // Sign-in never leads back to enrolment: the session's stage decides that.
        assert_eq!(Route::after_sign_in(Some("/enrol")), Route::WorkList {});
        assert_eq!(Route::Enrol {}.sign_in_then(), Route::SignIn {});
    }

    #[test]
    fn the_imports_of_organisations_and_staff_have_their_paths() {
        assert_eq!(parse("/admin/orgs/import"), Some(Route::ImportOrgs {}));
        assert_eq!(parse("/admin/users/import"), Some(Route::ImportUsers {}));
        assert_eq!(
            parse("/admin/orgs/4/settings"),
            Some(Route::OrgSettings { id: OrgId(4) })
        );
        assert_eq!(Route::ImportUsers {}.to_string(), "/admin/users/import");
    }
}
