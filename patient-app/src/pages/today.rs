//! `/`: today's report for a signed-in patient; anyone else goes to the sign-in page.

use super::report::ReportPage;
use crate::components::TodayNav;
use crate::route::Route;
use crate::state::{Session, use_app_state};
use dioxus::prelude::*;
use mimamori_shared::i18n::patient::Text;

/// Today's report, once `GET /api/patient/me` says who is signed in.
#[component]
pub fn Today() -> Element {
    let state = use_app_state();
    let lang = state.lang();
    let navigator = use_navigator();
    let session = state.session();
    use_effect(move || {
        if *session.read() == Session::SignedOut {
            navigator.replace(Route::SignIn {});
        }
    });
    let mut retrying = use_signal(|| false);
    let retry = move |_| {
        retrying.set(true);
        spawn(async move {
            state.refresh_session().await;
            retrying.set(false);
        });
    };
    match session() {
        Session::Loading | Session::SignedOut => rsx! {
            p { class: "loading", role: "status", "{Text::Loading.get(lang)}" }
        },
        Session::Unreachable => rsx! {
            div { class: "notice notice-error", role: "alert",
                p { "{Text::ErrorConnection.get(lang)}" }
                button {
                    r#type: "button",
                    class: "button button-primary",
                    "data-testid": "retry",
                    aria_disabled: if retrying() { "true" } else { "false" },
                    onclick: retry,
                    "{Text::TryAgain.get(lang)}"
                }
            }
        },
        Session::SignedIn(me) => rsx! {
            ReportPage { me }
            TodayNav { lang }
        },
    }
}
