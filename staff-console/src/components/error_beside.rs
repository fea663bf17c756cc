//! An error message beside a field, with an id unique on the page: the case record has several
//! forms with a `note`, so the shared `error-<field>` id would repeat.

use dioxus::prelude::*;

/// The id of the message beside `field` of the form whose inputs start with `form`.
pub fn error_beside_id(form: &str, field: &str) -> String {
    format!("{form}-error-{field}")
}

/// The message, if there is one (`id` and `data-testid` are both `id`).
#[component]
pub fn ErrorBeside(id: String, message: Option<&'static str>) -> Element {
    rsx! {
        if let Some(message) = message {
            p { id: "{id}", class: "field-error", "data-testid": "{id}", {message} }
        }
    }
}

/// A failed case action: "follow-up has ended" for a 409 `followup_ended` (someone ended it
/// meanwhile), "in hospital" for a 409 `followup_paused` (an institution reported an
/// admission meanwhile), else the console's general message for the status.
#[component]
pub fn ActionProblem(problem: mimamori_shared::api::Problem) -> Element {
    let lang = crate::state::use_lang();
    rsx! {
        if problem.code == "followup_paused" {
            div { class: "notice notice-error", role: "alert", "data-testid": "problem-paused",
                p { {mimamori_shared::i18n::staff_inpatient::InpatientText::ErrorPaused.get(lang)} }
            }
        } else if problem.code == "followup_ended" {
            div { class: "notice notice-error", role: "alert", "data-testid": "problem-ended",
                p { {mimamori_shared::i18n::staff_case::CaseText::ErrorEnded.get(lang)} }
            }
        } else {
            crate::components::ProblemNotice { problem }
        }
    }
}
