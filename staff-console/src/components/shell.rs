//! The layout of every signed-in page: it checks the session, sends signed-out visitors to
//! sign-in (keeping the page they asked for), and frames the page with the header.

use crate::components::{Header, Loading, PasswordOnlyHeader, ProblemNotice};
use crate::route::Route;
use crate::state::{Session, use_checked_session};
use dioxus::prelude::*;

/// Layout route: header + the page, once the session is known to be signed in.
#[component]
pub fn Shell() -> Element {
    let mut session = use_checked_session();
    let nav = use_navigator();

    // An effect, not the render, navigates: the router must not change while it renders.
    use_effect(move || {
        let state = session.read();
        if *state == Session::SignedOut {
            let here = router().current::<Route>();
            nav.replace(here.sign_in_then());
        } else if state.me().is_some_and(|me| me.must_change_password) {
            // A one-time password: the server refuses everything until it is changed.
            if router().current::<Route>() != (Route::ChangePassword {}) {
                nav.replace(Route::ChangePassword {});
            }
        } else if state.me().is_some_and(|me| me.must_enrol_totp) {
            // Opened with the password only: the server refuses everything but enrolment.
            nav.replace(Route::Enrol {});
        }
    });

    let state = session.read().clone();
    match state {
        // Only the password page, without the header's links to pages that would be refused.
        Session::SignedIn(me) if me.must_change_password => rsx! {
            PasswordOnlyHeader {}
            main { id: "main", class: "page", Outlet::<Route> {} }
        },
        Session::SignedIn(me) if !me.must_enrol_totp => rsx! {
            Header { me }
            main { id: "main", class: "page", Outlet::<Route> {} }
        },
        Session::Unreachable(problem) => rsx! {
            main { id: "main", class: "page",
                ProblemNotice { problem, on_retry: move |_| session.set(Session::Checking) }
            }
        },
        Session::Checking | Session::SignedOut | Session::SignedIn(_) => rsx! {
            main { id: "main", class: "page", Loading {} }
        },
    }
}
