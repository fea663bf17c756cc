//! Proxy report entry (代理入力): the daily report's items (`shared::catalogue`) as staff ask
//! them on the phone. Collapsed in a `<details>` until needed; every control is a native input
//! with its label, so it works from the keyboard alone.

use crate::api;
use crate::case_forms::{ProxyDraft, field_message, has_other_than, proxy_key};
use crate::components::{ActionProblem, ErrorBeside, FlagBadge, error_beside_id};
use crate::state::{expire_session, use_lang, use_session};
use dioxus::prelude::*;
use mimamori_shared::api::reports::ReportView;
use mimamori_shared::api::{FieldError, Problem};
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::i18n::staff_case::CaseText;
use mimamori_shared::ids::CaseId;
use mimamori_shared::{Answer, Symptom, UrgentSign};
use uuid::Uuid;

/// The answers in the order the radio buttons show them: the default first.
const ANSWERS: [Answer; 3] = [Answer::No, Answer::Yes, Answer::Unsure];

/// The proxy report panel (`data-testid="proxy-report"`); `on_stored` gets the stored report.
/// With `correcting`, the form starts from that report's values and stores a correction of it
/// (a new version) instead of a new report; `on_cancel` leaves the correction. The parent keys
/// the panel by the report corrected, so a new choice starts a fresh form.
#[component]
pub fn ProxyReportPanel(
    case_id: CaseId,
    on_stored: EventHandler<ReportView>,
    correcting: Option<ReportView>,
    on_cancel: Option<EventHandler<()>>,
) -> Element {
    let lang = use_lang();
    let session = use_session();
    let corrected_id = correcting.as_ref().map(|report| report.id);
    let mut draft = use_signal(|| {
        correcting
            .as_ref()
            .map(ProxyDraft::from_report)
            .unwrap_or_default()
    });
    let mut last_attempt = use_signal(|| None::<(Uuid, ProxyDraft)>);
    let mut errors = use_signal(Vec::<FieldError>::new);
    let mut problem = use_signal(|| None::<Problem>);
    let mut saving = use_signal(|| false);
    let mut stored = use_signal(|| None::<ReportView>);

    let onsubmit = move |evt: FormEvent| {
        evt.prevent_default();
        if saving() {
            return;
        }
        stored.set(None);
        problem.set(None);
        let current = draft.read().clone();
        let key = proxy_key(last_attempt.read().as_ref(), &current);
        let request = match current.to_request(key) {
            Ok(request) => request,
            Err(invalid) => {
                errors.set(invalid);
                return;
            }
        };
        errors.set(Vec::new());
        last_attempt.set(Some((key, current)));
        saving.set(true);
        spawn(async move {
            let result = match corrected_id {
                Some(report_id) => api::correct_report(case_id, report_id, &request).await,
                None => api::create_proxy_report(case_id, &request).await,
            };
            saving.set(false);
            match result {
                Ok(report) => {
                    on_stored.call(report.clone());
                    stored.set(Some(report));
                    draft.set(ProxyDraft::default());
                    last_attempt.set(None);
                }
                Err(failed) if failed.status == 401 => expire_session(session),
                Err(failed) => {
                    if failed.errors.is_empty()
                        || has_other_than(&failed.errors, &ProxyDraft::FIELDS)
                    {
                        problem.set(Some(failed.clone()));
                    }
                    errors.set(failed.errors);
                }
            }
        });
    };

    let current = draft.read().clone();
    let message = |field: &str| field_message(lang, &errors.read(), field);
    let error_id = |field: &str| error_beside_id("proxy", field);
    let described = |field: &str, hint: Option<&str>| {
        let mut ids: Vec<String> = hint.map(str::to_owned).into_iter().collect();
        if message(field).is_some() {
            ids.push(error_id(field));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    let (heading, hint, saved, save) = if corrected_id.is_some() {
        (
            CaseText::CorrectingReport,
            CaseText::CorrectingHint,
            CaseText::CorrectionSaved,
            CaseText::SaveCorrection,
        )
    } else {
        (
            CaseText::ProxyReport,
            CaseText::ProxyHint,
            CaseText::ProxySaved,
            CaseText::SaveProxy,
        )
    };
    rsx! {
        section { class: "panel", "data-testid": "proxy-report", "aria-labelledby": "proxy-heading",
            "data-correcting": corrected_id.map(|id| id.to_string()),
            h2 { id: "proxy-heading", {heading.get(lang)} }
            p { class: "hint", {hint.get(lang)} }
            p { class: "status", role: "status",
                if let Some(report) = stored() {
                    span { class: "notice notice-ok", "data-testid": "proxy-saved",
                        {saved.get(lang)} " "
                        FlagBadge { flag: report.flag }
                    }
                }
            }
            details { class: "proxy-details", open: corrected_id.is_some(),
                summary { "data-testid": "proxy-open", {CaseText::OpenProxyForm.get(lang)} }
                form { class: "action-form proxy-form", novalidate: true, onsubmit,
                    div { class: "vitals-fields",
                        div { class: "field",
                            label { r#for: "proxy-temperature",
                                {CaseText::TemperatureField.get(lang)}
                                " "
                                span { class: "required", {Text::Required.get(lang)} }
                            }
                            input {
                                id: "proxy-temperature",
                                name: "temperature_c",
                                inputmode: "decimal",
                                autocomplete: "off",
                                required: true,
                                "aria-invalid": message("temperature_c").is_some().to_string(),
                                "aria-describedby": described("temperature_c", None),
                                value: current.temperature.clone(),
                                oninput: move |e| draft.write().temperature = e.value(),
                            }
                            ErrorBeside { id: error_id("temperature_c"), message: message("temperature_c") }
                        }
                        div { class: "field",
                            label { r#for: "proxy-spo2", {CaseText::Spo2Field.get(lang)} }
                            input {
                                id: "proxy-spo2",
                                name: "spo2",
                                inputmode: "numeric",
                                autocomplete: "off",
                                "aria-invalid": message("spo2").is_some().to_string(),
                                "aria-describedby": described("spo2", Some("proxy-optional")),
                                value: current.spo2.clone(),
                                oninput: move |e| draft.write().spo2 = e.value(),
                            }
                            ErrorBeside { id: error_id("spo2"), message: message("spo2") }
                        }
                        div { class: "field",
                            label { r#for: "proxy-pulse", {CaseText::PulseField.get(lang)} }
                            input {
                                id: "proxy-pulse",
                                name: "pulse",
                                inputmode: "numeric",
                                autocomplete: "off",
                                "aria-invalid": message("pulse").is_some().to_string(),
                                "aria-describedby": described("pulse", Some("proxy-optional")),
                                value: current.pulse.clone(),
                                oninput: move |e| draft.write().pulse = e.value(),
                            }
                            ErrorBeside { id: error_id("pulse"), message: message("pulse") }
                        }
                    }
                    p { id: "proxy-optional", class: "hint", {CaseText::OptionalMeasure.get(lang)} }
                    fieldset { class: "symptom-grid",
                        "aria-describedby": described("symptoms", None),
                        legend { {Text::Symptoms.get(lang)} }
                        for symptom in Symptom::ALL {
                            SymptomRow {
                                key: "{item_name(symptom)}",
                                symptom,
                                answer: current.answer(symptom),
                                on_change: move |answer| draft.write().set_answer(symptom, answer),
                            }
                        }
                        ErrorBeside { id: error_id("symptoms"), message: message("symptoms") }
                    }
                    fieldset { class: "urgent-grid",
                        "aria-describedby": described("urgent_signs", None),
                        legend { {Text::UrgentSigns.get(lang)} }
                        label { class: "choice", r#for: "proxy-urgent-none",
                            input {
                                id: "proxy-urgent-none",
                                r#type: "checkbox",
                                checked: current.urgent_signs.is_empty(),
                                onchange: move |_| draft.write().urgent_signs.clear(),
                            }
                            {CaseText::UrgentNone.get(lang)}
                        }
                        for sign in UrgentSign::ALL {
                            label {
                                key: "{item_name(sign)}",
                                class: "choice",
                                r#for: "proxy-urgent-{item_name(sign)}",
                                input {
                                    id: "proxy-urgent-{item_name(sign)}",
                                    r#type: "checkbox",
                                    checked: current.urgent_signs.contains(&sign),
                                    onchange: move |e: FormEvent| draft.write().toggle_urgent(sign, e.checked()),
                                }
                                {sign.label(lang)}
                            }
                        }
                        ErrorBeside { id: error_id("urgent_signs"), message: message("urgent_signs") }
                    }
                    div { class: "field",
                        label { r#for: "proxy-note", {CaseText::ProxyNote.get(lang)} }
                        textarea {
                            id: "proxy-note",
                            name: "note",
                            rows: 2,
                            "aria-invalid": message("note").is_some().to_string(),
                            "aria-describedby": described("note", None),
                            value: current.note.clone(),
                            oninput: move |e| draft.write().note = e.value(),
                        }
                        ErrorBeside { id: error_id("note"), message: message("note") }
                    }
                    if let Some(failed) = problem() {
                        ActionProblem { problem: failed }
                    }
                    div { class: "actions",
                        button {
                            r#type: "submit",
                            class: "button button-primary",
                            "data-testid": "proxy-submit",
                            disabled: saving(),
                            if saving() { {CaseText::Saving.get(lang)} } else { {save.get(lang)} }
                        }
                        if let Some(on_cancel) = on_cancel.filter(|_| corrected_id.is_some()) {
                            button {
                                r#type: "button",
                                class: "button button-quiet",
                                "data-testid": "correction-cancel",
                                onclick: move |_| on_cancel.call(()),
                                {CaseText::CancelCorrection.get(lang)}
                            }
                        }
                    }
                }
            }
        }
    }
}

/// One symptom as three radio buttons in a row: `#proxy-symptom-<item>-<no|yes|unsure>`.
#[component]
fn SymptomRow(symptom: Symptom, answer: Answer, on_change: EventHandler<Answer>) -> Element {
    let lang = use_lang();
    let name = format!("proxy-symptom-{}", item_name(symptom));
    rsx! {
        div { class: "symptom-row", role: "radiogroup", "aria-labelledby": "{name}-label",
            span { id: "{name}-label", class: "symptom-label", {symptom.label(lang)} }
            for option in ANSWERS {
                label { key: "{item_name(option)}", class: "choice", r#for: "{name}-{item_name(option)}",
                    input {
                        id: "{name}-{item_name(option)}",
                        r#type: "radio",
                        name: "{name}",
                        value: item_name(option),
                        checked: option == answer,
                        onchange: move |_| on_change.call(option),
                    }
                    {option.label(lang)}
                }
            }
        }
    }
}

/// The API name of a catalogue item (`cough_runny_nose`), for ids and names.
fn item_name(item: impl serde::Serialize) -> String {
    match serde_json::to_value(item) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::from("unknown"),
    }
}
