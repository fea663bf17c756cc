//! Labelled inputs with a hint and an inline error, in the order a screen reader should meet
//! them: label, hint, error, input.

use dioxus::prelude::*;

/// The error line of one field: element id `<input id>-error` (the input's `aria-describedby`
/// points at it), test id `error-<API field name>`.
#[component]
pub fn FieldErrorLine(input_id: String, field: String, message: String) -> Element {
    rsx! {
        p {
            id: "{input_id}-error",
            class: "field-error",
            "data-testid": "error-{field}",
            "{message}"
        }
    }
}

/// The `aria-describedby` value of an input: its error first (read first), then its hint.
pub fn described_by(input_id: &str, has_hint: bool, has_error: bool) -> String {
    let mut ids = Vec::new();
    if has_error {
        ids.push(format!("{input_id}-error"));
    }
    if has_hint {
        ids.push(format!("{input_id}-hint"));
    }
    ids.join(" ")
}

/// A short text input for a number (temperature, SpO2, pulse), with its unit after it.
///
/// `type="text"` with an `inputmode` rather than `type="number"`: number inputs change value
/// under a scrolling thumb, differ between browsers in what they accept, and hide what was typed
/// from the app when it is not a number, so the patient could not be told what is wrong.
#[component]
pub fn NumberField(
    /// Element id (also the `name`): a stable selector for tests.
    id: String,
    /// The API field the value goes to, for the error's test id.
    field: String,
    /// Visible label.
    label: &'static str,
    /// "(required)" or "(optional)".
    marker: &'static str,
    /// Unit shown after the input (℃, %, /min).
    unit: &'static str,
    /// Help under the label.
    hint: &'static str,
    /// `decimal` or `numeric`: which keyboard a phone shows.
    inputmode: &'static str,
    /// Whether the field must be filled in.
    required: bool,
    /// Current text.
    value: String,
    /// Translated error, when the last check refused the value.
    error: Option<String>,
    /// Called with the new text at each keystroke.
    on_input: EventHandler<String>,
) -> Element {
    let invalid = error.is_some();
    let describedby = described_by(&id, !hint.is_empty(), invalid);
    rsx! {
        div { class: if invalid { "field field-invalid" } else { "field" },
            label { r#for: "{id}", class: "field-label",
                "{label}"
                span { class: "visually-hidden", " ({unit})" }
                span { class: "field-marker", "{marker}" }
            }
            if !hint.is_empty() {
                p { id: "{id}-hint", class: "field-hint", "{hint}" }
            }
            if let Some(message) = error {
                FieldErrorLine { input_id: id.clone(), field: field.clone(), message }
            }
            div { class: "input-with-unit",
                input {
                    id: "{id}",
                    name: "{id}",
                    class: "input input-number",
                    r#type: "text",
                    inputmode: "{inputmode}",
                    autocomplete: "off",
                    enterkeyhint: "next",
                    value: "{value}",
                    aria_required: if required { "true" } else { "false" },
                    aria_invalid: if invalid { "true" } else { "false" },
                    aria_describedby: "{describedby}",
                    oninput: move |event: FormEvent| on_input.call(event.value()),
                }
                span { class: "unit", aria_hidden: "true", "{unit}" }
            }
        }
    }
}
