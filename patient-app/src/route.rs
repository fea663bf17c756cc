//! The app's addresses. One variant per page; each variant's fields are its page's props.

use crate::components::Shell;
use crate::pages::{Invite, NotFound, SignIn, Today};
use dioxus::prelude::*;

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
        /// Anything else.
        #[route("/:..segments")]
        NotFound { segments: Vec<String> },
}
