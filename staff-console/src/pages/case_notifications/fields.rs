//! The notification form's controls: a labelled field, a radio group and a checkbox list, each
//! with its hint and the error beside it. Native inputs only, so the keyboard works as the
//! browser makes it work (Tab between controls, arrow keys within a radio group, Space to tick).

use crate::components::{ErrorBeside, error_beside_id};
use crate::state::use_lang;
use dioxus::prelude::*;
use mimamori_shared::i18n::staff::Text;

/// Prefix of every control id and error id of the form.
pub const FORM: &str = "cn";

/// The id of a control.
pub fn control(field: &str) -> String {
    format!("{FORM}-{field}")
}

/// The id of a control's hint.
fn hint_id(field: &str) -> String {
    format!("{FORM}-{field}-hint")
}

/// `aria-describedby` of a control: its hint and its error, when shown.
pub fn described(field: &str, hint: bool, error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(hint_id(field));
    }
    if error {
        ids.push(error_beside_id(FORM, field));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// A labelled field (the control is the child, with the id [`control`] of `field`).
#[component]
pub fn Field(
    field: &'static str,
    label: &'static str,
    required: bool,
    hint: Option<&'static str>,
    message: Option<&'static str>,
    /// Shown after the control (the age beside the date of birth).
    after: Option<Element>,
    children: Element,
) -> Element {
    let lang = use_lang();
    rsx! {
        div { class: "field",
            label { r#for: control(field),
                {label}
                if required {
                    " "
                    span { class: "required", {Text::Required.get(lang)} }
                }
            }
            if let Some(hint) = hint {
                p { class: "hint", id: hint_id(field), {hint} }
            }
            div { class: "cn-control",
                {children}
                {after}
            }
            ErrorBeside { id: error_beside_id(FORM, field), message }
        }
    }
}

/// One choice of a radio group or checkbox list: its code, its label, whether it is chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// The code sent to the API (empty for "not answered").
    pub code: &'static str,
    /// What the person reads.
    pub label: &'static str,
    /// Chosen or ticked.
    pub on: bool,
}

/// A radio group: one choice of several (`on_choose` gets the code).
#[component]
pub fn RadioGroup(
    field: &'static str,
    label: &'static str,
    required: bool,
    hint: Option<&'static str>,
    message: Option<&'static str>,
    choices: Vec<Choice>,
    disabled: bool,
    on_choose: EventHandler<String>,
) -> Element {
    let lang = use_lang();
    rsx! {
        fieldset {
            class: "choice-group cn-group",
            id: control(field),
            "aria-invalid": message.is_some().to_string(),
            "aria-describedby": described(field, hint.is_some(), message.is_some()),
            legend {
                {label}
                if required {
                    " "
                    span { class: "required", {Text::Required.get(lang)} }
                }
            }
            if let Some(hint) = hint {
                p { class: "hint", id: hint_id(field), {hint} }
            }
            for choice in choices {
                label { key: "{choice.code}", class: "choice",
                    input {
                        r#type: "radio",
                        name: control(field),
                        value: choice.code,
                        checked: choice.on,
                        disabled,
                        onchange: move |_| on_choose.call(choice.code.to_owned()),
                    }
                    " "
                    {choice.label}
                }
            }
            ErrorBeside { id: error_beside_id(FORM, field), message }
        }
    }
}

/// A checkbox list: any number of choices (`on_toggle` gets the code and whether it is ticked).
#[component]
pub fn CheckList(
    field: &'static str,
    label: &'static str,
    message: Option<&'static str>,
    choices: Vec<Choice>,
    disabled: bool,
    on_toggle: EventHandler<(String, bool)>,
) -> Element {
    rsx! {
        fieldset {
            class: "choice-group cn-group",
            id: control(field),
            "aria-invalid": message.is_some().to_string(),
            "aria-describedby": described(field, false, message.is_some()),
            legend { {label} }
            for choice in choices {
                label { key: "{choice.code}", class: "choice",
                    input {
                        r#type: "checkbox",
                        name: control(field),
                        value: choice.code,
                        checked: choice.on,
                        disabled,
                        onchange: move |e: FormEvent| on_toggle.call((choice.code.to_owned(), e.checked())),
                    }
                    " "
                    {choice.label}
                }
            }
            ErrorBeside { id: error_beside_id(FORM, field), message }
        }
    }
}

/// A single checkbox with its label (a yes/no item).
#[component]
pub fn Tick(
    field: &'static str,
    label: &'static str,
    on: bool,
    message: Option<&'static str>,
    on_change: EventHandler<bool>,
) -> Element {
    rsx! {
        div { class: "field",
            label { class: "choice",
                input {
                    r#type: "checkbox",
                    id: control(field),
                    checked: on,
                    "aria-describedby": described(field, false, message.is_some()),
                    onchange: move |e: FormEvent| on_change.call(e.checked()),
                }
                " "
                {label}
            }
            ErrorBeside { id: error_beside_id(FORM, field), message }
        }
    }
}
