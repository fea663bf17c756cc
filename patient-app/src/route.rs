//! The app's addresses. One variant per page; each variant's fields are its page's props.

use crate::components::Shell;
use crate::pages::{CorrectReport, History, Household, Invite, NotFound, Settings, SignIn, Today};
use dioxus::prelude::*;
use mimamori_shared::ids::CaseId;

/// Every page of the patient app, inside the [`Shell`] layout.
#[derive(Routable, Clone, PartialEq, Debug)]
#[rustfmt::skip]
pub enum Route {
    #[layout(Shell)]
        /// Today's report (sign-in required).
        #[route("/")]
        Today {},
        /// An invitation link: `/invite?token=<token>` (a query string keeps the token out of
        /// path-based access logs).
        #[redirect("/report", || Route::Today {})]
        #[route("/invite?:token")]
        Invite { token: String },
        /// Sign-in with case number and password.
        #[route("/signin")]
        SignIn {},
        /// Correcting the current slot's report of a case.
        #[route("/correct/:case_id", CorrectReport)]
        Correct { case_id: CaseId },
        /// The patient's reports, a chart, the follow-up day and messages from staff.
        #[route("/history")]
        History {},
        /// Adding a household member with their invitation.
        #[route("/household")]
        Household {},
        /// Reminders: web push on this device and the reminder window.
        #[route("/settings")]
        Settings {},
        /// Anything else.
        #[route("/:..segments")]
        NotFound { segments: Vec<String> },
}
