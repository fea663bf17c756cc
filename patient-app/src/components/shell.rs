//! The frame around every page: the app's name, the language switch and, when signed in, the
//! sign-out button.

use super::{LangSwitch, QueueAnnouncer};
use crate::api;
use crate::forms::messages::general_error_text;
use crate::route::Route;
use crate::state::{Session, use_app_state};
use dioxus::prelude::*;
use mimamori_shared::i18n::patient::Text;

/// Layout of every route.
#[component]
pub fn Shell() -> Element {
    let state = use_app_state();
    let lang = state.lang();
    let signed_in = matches!(*state.session().read(), Session::SignedIn(_));
    rsx! {
        header { class: "app-header",
            p { class: "app-name", "{Text::AppName.get(lang)}" }
            div { class: "header-actions",
                LangSwitch {}
                if signed_in {
                    SignOutButton {}
                }
            }
        }
        main { class: "app-main", Outlet::<Route> {} }
        QueueAnnouncer {}
    }
}

/// Signs out (`data-testid="signout"`) and goes to the sign-in page.
#[component]
fn SignOutButton() -> Element {
    let state = use_app_state();
    let lang = state.lang();
    let navigator = use_navigator();
    let mut error = use_signal(|| None::<&'static str>);
    let mut busy = use_signal(|| false);
    let sign_out = move |_| {
        if busy() {
            return;
        }
        busy.set(true);
        spawn(async move {
            let result = api::sign_out().await;
            busy.set(false);
            match result {
                Ok(()) => {
                    state.signed_out_by_user();
                    navigator.replace(Route::SignIn {});
                }
                // Already signed out on the server: the goal is reached.
                Err(e) if e.status() == Some(401) => {
                    state.signed_out_by_user();
                    navigator.replace(Route::SignIn {});
                }
                Err(e) => error.set(Some(general_error_text(&e, state.lang()))),
            }
        });
    };
    rsx! {
        button {
            r#type: "button",
            class: "signout-button",
            "data-testid": "signout",
            aria_disabled: if busy() { "true" } else { "false" },
            onclick: sign_out,
            "{Text::SignOut.get(lang)}"
        }
        p { class: "header-error", role: "alert",
            if let Some(message) = error() {
                "{message}"
            }
        }
    }
}
