//! The reminder window: two time inputs, checked as the server checks them, with errors beside
//! the inputs (the server's 422 included).

use crate::api;
use crate::components::FieldErrorLine;
use crate::forms::messages::{field_errors_of, general_error_text};
use crate::forms::reminders::WindowDraft;
use crate::state::{use_app_state, use_focus_request};
use dioxus::prelude::*;
use mimamori_shared::Lang;
use mimamori_shared::api::FieldError;
use mimamori_shared::api::patient::ReminderPreferences;
use mimamori_shared::i18n::patient::Text;

/// The message beside a window input.
fn window_error_text(error: &FieldError, lang: Lang) -> &'static str {
    match error.code.as_str() {
        "required" => Text::ErrRequired.get(lang),
        "out_of_range" => Text::ReminderWindowRange.get(lang),
        "too_short" => Text::ReminderWindowTooShort.get(lang),
        _ => Text::ErrInvalid.get(lang),
    }
}

/// The input showing `field`.
fn input_id(field: &str) -> &'static str {
    if field == "window_end" {
        "window-end"
    } else {
        "window-start"
    }
}

/// The window form; `on_saved` gets the preferences the server stored.
#[component]
pub(super) fn ReminderWindow(
    preferences: ReminderPreferences,
    lang: Lang,
    on_saved: EventHandler<ReminderPreferences>,
) -> Element {
    let state = use_app_state();
    let focus = use_focus_request();
    let mut draft = use_signal(|| WindowDraft::from_preferences(&preferences));
    let mut errors = use_signal(Vec::<FieldError>::new);
    let mut failure = use_signal(|| None::<&'static str>);
    let mut saved = use_signal(|| false);
    let mut busy = use_signal(|| false);

    let submit = move |event: FormEvent| {
        event.prevent_default();
        if busy() {
            return;
        }
        saved.set(false);
        failure.set(None);
        // Reminders stay as they are: this form changes only the times.
        let wanted = match draft.read().to_preferences(preferences.enabled) {
            Ok(wanted) => wanted,
            Err(found) => {
                focus.focus(input_id(&found[0].field));
                errors.set(found);
                return;
            }
        };
        errors.set(Vec::new());
        busy.set(true);
        spawn(async move {
            let result = api::save_preferences(&wanted).await;
            busy.set(false);
            match result {
                Ok(stored) => {
                    draft.set(WindowDraft::from_preferences(&stored));
                    saved.set(true);
                    on_saved.call(stored);
                }
                Err(error) if error.status() == Some(401) => state.signed_out(),
                Err(error) => {
                    let found = field_errors_of(&error);
                    if let Some(first) = found.first() {
                        focus.focus(input_id(&first.field));
                        errors.set(found);
                    } else {
                        failure.set(Some(general_error_text(&error, state.lang())));
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
            .map(|e| window_error_text(e, lang))
    };
    let d = draft.read().clone();
    rsx! {
        form {
            class: "form-section reminder-window",
            novalidate: true,
            aria_labelledby: "window-title",
            onsubmit: submit,
            h2 { id: "window-title", class: "section-title", "{Text::ReminderWindowTitle.get(lang)}" }
            p { id: "window-hint", class: "field-hint", "{Text::ReminderWindowHint.get(lang)}" }
            div { class: "time-pair",
                TimeField {
                    id: "window-start",
                    field: "window_start",
                    label: Text::ReminderWindowStart.get(lang),
                    value: d.start,
                    error: error_for("window_start"),
                    on_input: move |value: String| {
                        draft.write().start = value;
                        errors.write().retain(|e| e.field != "window_start");
                        saved.set(false);
                    },
                }
                TimeField {
                    id: "window-end",
                    field: "window_end",
                    label: Text::ReminderWindowEnd.get(lang),
                    value: d.end,
                    error: error_for("window_end"),
                    on_input: move |value: String| {
                        draft.write().end = value;
                        errors.write().retain(|e| e.field != "window_end");
                        saved.set(false);
                    },
                }
            }
            div { class: "form-alert", role: "alert",
                if let Some(message) = failure() {
                    p { class: "form-alert-text", "{message}" }
                }
            }
            p { class: "form-status", role: "status", "data-testid": "window-status",
                if saved() {
                    "✓ {Text::ReminderWindowSaved.get(lang)}"
                } else if busy() {
                    "{Text::Sending.get(lang)}"
                }
            }
            button {
                r#type: "submit",
                class: "button button-primary button-big",
                "data-testid": "window-save",
                aria_disabled: if busy() { "true" } else { "false" },
                "{Text::ReminderWindowSave.get(lang)}"
            }
        }
    }
}

/// A labelled `<input type="time">` with its error beside it (`data-testid="error-<field>"`).
#[component]
fn TimeField(
    id: &'static str,
    field: &'static str,
    label: &'static str,
    value: String,
    error: Option<&'static str>,
    on_input: EventHandler<String>,
) -> Element {
    let invalid = error.is_some();
    let describedby = if invalid {
        format!("{id}-error window-hint")
    } else {
        "window-hint".to_owned()
    };
    rsx! {
        div { class: if invalid { "field field-invalid" } else { "field" },
            label { r#for: id, class: "field-label", "{label}" }
            if let Some(message) = error {
                FieldErrorLine { input_id: id, field, message }
            }
            input {
                id,
                name: field,
                class: "input input-time",
                r#type: "time",
                min: "06:00",
                max: "21:00",
                value: "{value}",
                aria_invalid: if invalid { "true" } else { "false" },
                aria_describedby: "{describedby}",
                oninput: move |event: FormEvent| on_input.call(event.value()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_errors_say_what_to_change() {
        let error = |field: &str, code: &str| FieldError::custom(field, code, "x");
        assert_eq!(
            window_error_text(&error("window_end", "too_short"), Lang::En),
            Text::ReminderWindowTooShort.get(Lang::En)
        );
        assert_eq!(
            window_error_text(&error("window_start", "out_of_range"), Lang::En),
            Text::ReminderWindowRange.get(Lang::En)
        );
        assert_eq!(input_id("window_end"), "window-end");
        assert_eq!(input_id("window_start"), "window-start");
    }
}
