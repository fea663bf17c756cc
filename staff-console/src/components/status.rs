//! Loading, failure and field-error messages, written once so every page says them alike.

use crate::state::use_lang;
use crate::{browser, format};
use dioxus::prelude::*;
use mimamori_shared::api::Problem;
use mimamori_shared::i18n::staff::Text;

/// Shown while data loads; announced politely by screen readers.
#[component]
pub fn Loading() -> Element {
    let lang = use_lang();
    rsx! {
        p { class: "loading", role: "status", {Text::Loading.get(lang)} }
    }
}

/// A failed call, with a retry button when the caller can repeat it.
#[component]
pub fn ProblemNotice(problem: Problem, on_retry: Option<EventHandler<()>>) -> Element {
    let lang = use_lang();
    rsx! {
        div { class: "notice notice-error", role: "alert", "data-testid": "problem",
            p { {format::problem(&problem).get(lang)} }
            if let Some(on_retry) = on_retry {
                button { r#type: "button", class: "button", onclick: move |_| on_retry.call(()),
                    {Text::Retry.get(lang)}
                }
            }
        }
    }
}

/// The id of the error message beside `field`, for `aria-describedby`.
pub fn error_id(field: &str) -> String {
    format!("error-{field}")
}

/// The error message beside a field, if it has one.
#[component]
pub fn FieldMessage(field: &'static str, message: Option<&'static str>) -> Element {
    rsx! {
        if let Some(message) = message {
            p {
                id: error_id(field),
                class: "field-error",
                "data-testid": error_id(field),
                {message}
            }
        }
    }
}

/// Sets the browser tab's title to `page — console name`.
///
/// Not `document::Title`: Dioxus sets that through `eval`, which the server's CSP (no
/// `unsafe-eval`) refuses, and the refusal stops the whole app.
#[component]
pub fn PageTitle(page: Text) -> Element {
    let lang = use_lang();
    let title = format!("{} — {}", page.get(lang), Text::AppName.get(lang));
    use_effect(use_reactive!(|title| browser::set_title(&title)));
    rsx! {}
}
