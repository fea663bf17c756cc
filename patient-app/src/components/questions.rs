//! The report's questions: a symptom answered no / yes / unsure, and the urgent-sign checklist.

use crate::forms::item_name;
use dioxus::prelude::*;
use mimamori_shared::i18n::patient::Text;
use mimamori_shared::{Answer, Lang, Symptom, UrgentSign};
use std::collections::BTreeSet;

/// The answers in the order the buttons show them: the default first.
const ANSWERS: [Answer; 3] = [Answer::No, Answer::Yes, Answer::Unsure];

/// One symptom as three large segmented radio buttons: `name="symptom-<snake_case>"`,
/// `value="no|yes|unsure"`, id `symptom-<snake_case>-<value>`.
#[component]
pub fn SymptomQuestion(
    symptom: Symptom,
    answer: Answer,
    lang: Lang,
    on_change: EventHandler<Answer>,
) -> Element {
    let name = format!("symptom-{}", item_name(symptom));
    rsx! {
        fieldset { class: "question",
            legend { class: "question-label", "{symptom.label(lang)}" }
            div { class: "segmented",
                for option in ANSWERS {
                    Segment {
                        key: "{item_name(option)}",
                        name: name.clone(),
                        option,
                        checked: option == answer,
                        lang,
                        on_pick: on_change,
                    }
                }
            }
        }
    }
}

/// One answer button. The radio input covers its label, transparent, so a tap anywhere on the
/// segment lands on the input itself (and browser tests can click the input directly).
#[component]
fn Segment(
    name: String,
    option: Answer,
    checked: bool,
    lang: Lang,
    on_pick: EventHandler<Answer>,
) -> Element {
    let value = item_name(option);
    let id = format!("{name}-{value}");
    rsx! {
        label { r#for: "{id}", class: "segment segment-{value}",
            input {
                id: "{id}",
                r#type: "radio",
                name: "{name}",
                value: "{value}",
                class: "segment-input",
                checked,
                onchange: move |_| on_pick.call(option),
            }
            span { class: "segment-text", "{option.label(lang)}" }
        }
    }
}

/// The 13 urgent signs as checkboxes (`#urgent-<snake_case>`), preceded by "none of these"
/// (`#urgent-none`), which is ticked exactly when no sign is.
#[component]
pub fn UrgentSigns(
    selected: BTreeSet<UrgentSign>,
    lang: Lang,
    on_toggle: EventHandler<(UrgentSign, bool)>,
    on_none: EventHandler<()>,
) -> Element {
    let none = selected.is_empty();
    rsx! {
        fieldset {
            class: if none { "urgent" } else { "urgent urgent-some" },
            aria_describedby: "urgent-intro",
            legend { class: "section-title", "{Text::UrgentTitle.get(lang)}" }
            p { id: "urgent-intro", class: "field-hint", "{Text::UrgentIntro.get(lang)}" }
            label { r#for: "urgent-none", class: "check check-none",
                input {
                    id: "urgent-none",
                    r#type: "checkbox",
                    name: "urgent-none",
                    checked: none,
                    onclick: move |event: MouseEvent| {
                        if none {
                            // "None" cannot be unticked by itself: it goes when a sign is ticked.
                            event.prevent_default();
                        } else {
                            on_none.call(());
                        }
                    },
                }
                span { "{Text::UrgentNone.get(lang)}" }
            }
            for sign in UrgentSign::ALL {
                UrgentSignBox {
                    key: "{item_name(sign)}",
                    sign,
                    checked: selected.contains(&sign),
                    lang,
                    on_toggle,
                }
            }
        }
    }
}

#[component]
fn UrgentSignBox(
    sign: UrgentSign,
    checked: bool,
    lang: Lang,
    on_toggle: EventHandler<(UrgentSign, bool)>,
) -> Element {
    let id = format!("urgent-{}", item_name(sign));
    rsx! {
        label { r#for: "{id}", class: if checked { "check check-urgent checked" } else { "check check-urgent" },
            input {
                id: "{id}",
                r#type: "checkbox",
                name: "{id}",
                checked,
                onchange: move |event: FormEvent| on_toggle.call((sign, event.checked())),
            }
            span { "{sign.label(lang)}" }
        }
    }
}
