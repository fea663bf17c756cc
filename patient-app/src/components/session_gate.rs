//! What pages behind sign-in share: sending a signed-out visitor to the sign-in page, and the
//! screen shown until the session is known (loading, or the server out of reach with a retry).

use crate::route::Route;
use crate::state::{Session, use_app_state};
use dioxus::prelude::*;
use mimamori_shared::api::auth::PatientMe;
use mimamori_shared::i18n::patient::Text;

/// The signed-in account, or `None` while the session is unknown; a signed-out visitor is sent
/// to the sign-in page.
pub fn use_signed_in() -> Option<PatientMe> {
    let state = use_app_state();
    let navigator = use_navigator();
    let session = state.session();
    use_effect(move || {
        if *session.read() == Session::SignedOut {
            navigator.replace(Route::SignIn {});
        }
    });
    match session() {
        Session::SignedIn(me) => Some(me),
        _ => None,
    }
}

/// Shown instead of a page until [`use_signed_in`] gives the account.
#[component]
pub fn SessionPending() -> Element {
    let state = use_app_state();
    let lang = state.lang();
    let mut retrying = use_signal(|| false);
    let retry = move |_| {
        retrying.set(true);
        spawn(async move {
            state.refresh_session().await;
            retrying.set(false);
        });
    };
    if *state.session().read() == Session::Unreachable {
        rsx! {
            div { class: "notice notice-error", role: "alert",
                p { "{Text::ErrorConnection.get(lang)}" }
                button {
                    r#type: "button",
                    class: "button button-primary",
                    aria_disabled: if retrying() { "true" } else { "false" },
                    onclick: retry,
                    "{Text::TryAgain.get(lang)}"
                }
            }
        }
    } else {
        rsx! {
            p { class: "loading", role: "status", "{Text::Loading.get(lang)}" }
        }
    }
}

/// A way back to today's report (`data-testid="back-to-today"`), at the end of every page
/// reached from it.
#[component]
pub fn BackToToday() -> Element {
    let lang = use_app_state().lang();
    rsx! {
        p { class: "page-back",
            Link {
                class: "button button-secondary button-big",
                to: Route::Today {},
                "data-testid": "back-to-today",
                "{Text::BackToToday.get(lang)}"
            }
        }
    }
}
