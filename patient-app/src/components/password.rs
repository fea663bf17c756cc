//! A password input with a show/hide toggle: seeing what one types beats typing it twice, for
//! a patient with a fever and a small phone (and NIST SP 800-63B §5.1.1.2 recommends it).

use super::field::{FieldErrorLine, described_by};
use dioxus::prelude::*;
use mimamori_shared::Lang;
use mimamori_shared::i18n::patient::Text;

/// Label, optional hint (given as children, rendered with id `<id>-hint`), error, then the input
/// (`#<id>`) and its toggle (`data-testid="password-toggle"`).
#[component]
pub fn PasswordField(
    /// Element id and `name` of the input.
    id: String,
    /// Visible label.
    label: &'static str,
    /// `new-password` or `current-password`, so password managers do the right thing.
    autocomplete: &'static str,
    /// Current text.
    value: String,
    /// Translated error, if the last check refused the value.
    error: Option<String>,
    lang: Lang,
    on_input: EventHandler<String>,
    /// Hint under the label (the length rule); empty for none.
    children: Element,
) -> Element {
    let mut visible = use_signal(|| false);
    let shown = visible();
    let invalid = error.is_some();
    let describedby = described_by(&id, true, invalid);
    rsx! {
        div { class: if invalid { "field field-invalid" } else { "field" },
            label { r#for: "{id}", class: "field-label", "{label}" }
            div { id: "{id}-hint", class: "field-hint", {children} }
            if let Some(message) = error {
                FieldErrorLine { input_id: id.clone(), field: "password", message }
            }
            div { class: "input-with-toggle",
                input {
                    id: "{id}",
                    name: "{id}",
                    class: "input input-password",
                    r#type: if shown { "text" } else { "password" },
                    autocomplete: "{autocomplete}",
                    autocapitalize: "none",
                    spellcheck: "false",
                    value: "{value}",
                    aria_required: "true",
                    aria_invalid: if invalid { "true" } else { "false" },
                    aria_describedby: "{describedby}",
                    oninput: move |event: FormEvent| on_input.call(event.value()),
                }
                button {
                    r#type: "button",
                    class: "button toggle-button",
                    "data-testid": "password-toggle",
                    aria_controls: "{id}",
                    aria_pressed: if shown { "true" } else { "false" },
                    onclick: move |_| visible.set(!shown),
                    if shown {
                        "{Text::HidePassword.get(lang)}"
                    } else {
                        "{Text::ShowPassword.get(lang)}"
                    }
                }
            }
        }
    }
}
