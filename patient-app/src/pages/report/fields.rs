//! The inputs of the report form, top to bottom: vital signs, symptoms, urgent signs, the note.

use super::ReportForm;
use crate::components::{FieldErrorLine, NumberField, SymptomQuestion, UrgentSigns};
use crate::forms::fill;
use crate::forms::messages::field_error_text;
use dioxus::prelude::*;
use mimamori_shared::i18n::patient::Text;
use mimamori_shared::values::NOTE_MAX_CHARS;
use mimamori_shared::{Lang, Symptom};

/// Vital signs, symptoms, urgent signs and the note, bound to the form's draft.
#[component]
pub(super) fn ReportFields(form: ReportForm, lang: Lang) -> Element {
    let mut draft = form.draft;
    let errors = form.errors.read();
    let error_for = |field: &str| {
        errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| field_error_text(e, lang))
    };
    let d = draft.read();
    let note_count = fill(
        Text::NoteCount.get(lang),
        &[
            ("n", &d.note.chars().count().to_string()),
            ("max", &NOTE_MAX_CHARS.to_string()),
        ],
    );
    let note_error = error_for("note");
    let required = Text::Required.get(lang);
    let optional = Text::Optional.get(lang);
    rsx! {
        section { class: "form-section vitals",
            NumberField {
                id: "temperature",
                field: "temperature_c",
                label: Text::TemperatureLabel.get(lang),
                marker: required,
                unit: "℃",
                hint: Text::TemperatureHint.get(lang),
                inputmode: "decimal",
                required: true,
                value: d.temperature.clone(),
                error: error_for("temperature_c"),
                on_input: move |text: String| {
                    draft.write().temperature = text;
                    form.clear_error("temperature_c");
                },
            }
            NumberField {
                id: "spo2",
                field: "spo2",
                label: Text::Spo2Label.get(lang),
                marker: optional,
                unit: "%",
                hint: Text::Spo2Hint.get(lang),
                inputmode: "numeric",
                required: false,
                value: d.spo2.clone(),
                error: error_for("spo2"),
                on_input: move |text: String| {
                    draft.write().spo2 = text;
                    form.clear_error("spo2");
                },
            }
            NumberField {
                id: "pulse",
                field: "pulse",
                label: Text::PulseLabel.get(lang),
                marker: optional,
                unit: Text::PerMinute.get(lang),
                hint: Text::PulseHint.get(lang),
                inputmode: "numeric",
                required: false,
                value: d.pulse.clone(),
                error: error_for("pulse"),
                on_input: move |text: String| {
                    draft.write().pulse = text;
                    form.clear_error("pulse");
                },
            }
        }
        section { class: "form-section symptoms", aria_labelledby: "symptoms-title",
            h2 { id: "symptoms-title", class: "section-title", "{Text::SymptomsTitle.get(lang)}" }
            p { class: "field-hint", "{Text::SymptomsIntro.get(lang)}" }
            for symptom in Symptom::ALL {
                SymptomQuestion {
                    key: "{symptom:?}",
                    symptom,
                    answer: d.answer(symptom),
                    lang,
                    on_change: move |answer| draft.write().set_answer(symptom, answer),
                }
            }
        }
        section { class: "form-section",
            UrgentSigns {
                selected: d.urgent_signs.clone(),
                lang,
                on_toggle: move |(sign, ticked)| draft.write().toggle_urgent(sign, ticked),
                on_none: move |()| draft.write().urgent_signs.clear(),
            }
        }
        section { class: "form-section",
            div { class: if note_error.is_some() { "field field-invalid" } else { "field" },
                label { r#for: "note", class: "field-label", "{Text::NoteLabel.get(lang)}" }
                if let Some(message) = note_error.clone() {
                    FieldErrorLine { input_id: "note", field: "note", message }
                }
                textarea {
                    id: "note",
                    name: "note",
                    class: "input textarea",
                    rows: 4,
                    value: "{d.note}",
                    aria_invalid: if note_error.is_some() { "true" } else { "false" },
                    aria_describedby: if note_error.is_some() { "note-error note-count" } else { "note-count" },
                    oninput: move |event: FormEvent| {
                        draft.write().note = event.value();
                        form.clear_error("note");
                    },
                }
                p { id: "note-count", class: "field-hint note-count", "{note_count}" }
            }
        }
    }
}
