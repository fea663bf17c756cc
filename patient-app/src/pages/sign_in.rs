//! `/signin`: case number and password.

use crate::api;
use crate::components::{FieldErrorLine, PasswordField};
use crate::forms::messages::{field_error_text, field_errors_of, general_error_text};
use crate::route::Route;
use crate::state::{Session, use_app_state, use_focus_request};
use dioxus::prelude::*;
use mimamori_shared::api::FieldError;
use mimamori_shared::api::auth::PatientSignIn;
use mimamori_shared::i18n::patient::Text;

const ALERT_ID: &str = "signin-alert";

/// The sign-in page; a signed-in patient is sent on to today's report.
#[component]
pub fn SignIn() -> Element {
    let state = use_app_state();
    let lang = state.lang();
    let navigator = use_navigator();
    let focus = use_focus_request();
    let session = state.session();
    use_effect(move || {
        if matches!(*session.read(), Session::SignedIn(_)) {
            navigator.replace(Route::Today {});
        }
    });
    let mut case_number = use_signal(String::new);
    let mut password = use_signal(String::new);
    let mut errors = use_signal(Vec::<FieldError>::new);
    let mut failure = use_signal(|| None::<&'static str>);
    let mut busy = use_signal(|| false);

    let submit = move |event: FormEvent| {
        event.prevent_default();
        if busy() {
            return;
        }
        let body = PatientSignIn {
            case_number: case_number().trim().to_owned(),
            password: password(),
        };
        failure.set(None);
        if let Err(found) = body.validate() {
            focus.focus(input_of(&found[0].field));
            errors.set(found);
            return;
        }
        errors.set(Vec::new());
        busy.set(true);
        spawn(async move {
            let result = api::sign_in(&body).await;
            busy.set(false);
            match result {
                // The effect above moves on to today's report.
                Ok(me) => state.signed_in(me),
                Err(error) => {
                    let found = field_errors_of(&error);
                    if let Some(first) = found.first() {
                        focus.focus(input_of(&first.field));
                        errors.set(found);
                    } else {
                        let message = if error.code() == Some("invalid_credentials") {
                            Text::InvalidCredentials.get(lang)
                        } else {
                            general_error_text(&error, lang)
                        };
                        failure.set(Some(message));
                        focus.focus(ALERT_ID);
                    }
                }
            }
        });
    };

    let error_for = |field: &str| {
        errors
            .read()
            .iter()
            .find(|e| e.field == field)
            .map(|e| field_error_text(e, lang))
    };
    let case_error = error_for("case_number");
    let case_describedby = if case_error.is_some() {
        "case-number-error case-number-hint"
    } else {
        "case-number-hint"
    };
    rsx! {
        h1 { class: "page-title", "{Text::SignInTitle.get(lang)}" }
        form { class: "stack", novalidate: true, onsubmit: submit,
            div { class: if case_error.is_some() { "field field-invalid" } else { "field" },
                label { r#for: "case-number", class: "field-label", "{Text::CaseNumberLabel.get(lang)}" }
                p { id: "case-number-hint", class: "field-hint", "{Text::CaseNumberHint.get(lang)}" }
                if let Some(message) = case_error.clone() {
                    FieldErrorLine { input_id: "case-number", field: "case_number", message }
                }
                input {
                    id: "case-number",
                    name: "case-number",
                    class: "input",
                    r#type: "text",
                    autocomplete: "username",
                    autocapitalize: "none",
                    spellcheck: "false",
                    value: "{case_number}",
                    aria_required: "true",
                    aria_invalid: if case_error.is_some() { "true" } else { "false" },
                    aria_describedby: case_describedby,
                    oninput: move |event: FormEvent| {
                        case_number.set(event.value());
                        forget(errors, "case_number");
                    },
                }
            }
            PasswordField {
                id: "password",
                label: Text::PasswordLabel.get(lang),
                autocomplete: "current-password",
                value: password(),
                error: error_for("password"),
                lang,
                on_input: move |text: String| {
                    password.set(text);
                    forget(errors, "password");
                },
                "{Text::ForgotPassword.get(lang)}"
            }
            div { id: ALERT_ID, class: "form-alert", role: "alert", tabindex: "-1",
                if let Some(message) = failure() {
                    p { class: "form-alert-text", "data-testid": "signin-error", "{message}" }
                }
            }
            button {
                r#type: "submit",
                class: "button button-primary button-big",
                "data-testid": "signin-submit",
                aria_disabled: if busy() { "true" } else { "false" },
                "{Text::SignInSubmit.get(lang)}"
            }
        }
    }
}

/// Drops the error of `field` once the patient edits it (writing only when there is one, as
/// this runs at every keystroke).
fn forget(mut errors: Signal<Vec<FieldError>>, field: &str) {
    if errors.peek().iter().any(|e| e.field == field) {
        errors.write().retain(|e| e.field != field);
    }
}

/// The input that shows a sign-in field.
fn input_of(field: &str) -> &'static str {
    match field {
        "case_number" => "case-number",
        "password" => "password",
        _ => ALERT_ID,
    }
}
