//! An institution's inpatient status report on one case (入院患者の状況報告), with the case's
//! history below. The form starts from the latest report (each update is a new whole report)
//! or, for a first report, from an admission today at the caller's institution.

use crate::api;
use crate::components::error_beside_id;
use crate::components::{ErrorBeside, InpatientHistoryList, Loading, ProblemNotice};
use crate::hc_forms::Errors;
use crate::institution_forms::ReportState;
use crate::state::{expire_session, use_lang, use_session};
use chrono::NaiveDate;
use dioxus::prelude::*;
use mimamori_shared::api::Problem;
use mimamori_shared::api::case_notifications::{ClinicalSymptom, Severity};
use mimamori_shared::api::inpatient::{InpatientCase, InpatientOutcome, InpatientReportView};
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::i18n::staff_inpatient::{self, InpatientText};
use mimamori_shared::i18n::staff_institution::{severity, symptom};

/// The prefix of the form's ids.
const FORM: &str = "ipr";

fn control(field: &str) -> String {
    format!("{FORM}-{field}")
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The report form and history of `case`; `on_filed` after a report is stored.
#[component]
pub fn InpatientReportPanel(
    case: InpatientCase,
    on_filed: EventHandler<InpatientReportView>,
) -> Element {
    let lang = use_lang();
    let session = use_session();
    let case_id = case.case.id;
    let (hospital, doctor) = session
        .read()
        .me()
        .map(|me| (me.organisation.name.clone(), me.display_name.clone()))
        .unwrap_or_default();
    let latest = case.latest.clone();
    let mut state =
        use_signal(move || ReportState::start(latest.as_ref(), &hospital, &doctor, today()));
    let mut history = use_resource(use_reactive!(|case_id| api::inpatient::history(case_id)));
    let mut errors = use_signal(Errors::default);
    let mut problem = use_signal(|| None::<Problem>);
    let mut touched = use_signal(|| false);
    let mut busy = use_signal(|| false);
    let mut saved = use_signal(|| false);

    // After the first attempt every change is checked at once, so an error goes away as soon
    // as it is put right.
    let mut change = move |edit: &dyn Fn(&mut ReportState)| {
        edit(&mut state.write());
        saved.set(false);
        if touched() {
            errors.set(state.read().to_request(today()).err().unwrap_or_default());
        }
    };

    let onsubmit = move |evt: FormEvent| {
        evt.prevent_default();
        if busy() {
            return;
        }
        touched.set(true);
        problem.set(None);
        saved.set(false);
        let request = match state.read().to_request(today()) {
            Ok(request) => request,
            Err(invalid) => {
                errors.set(invalid);
                return;
            }
        };
        errors.set(Errors::default());
        busy.set(true);
        spawn(async move {
            let result = api::inpatient::file_report(case_id, &request).await;
            busy.set(false);
            match result {
                Ok(report) => {
                    saved.set(true);
                    touched.set(false);
                    history.restart();
                    on_filed.call(report);
                }
                Err(failed) if failed.status == 401 => expire_session(session),
                Err(failed) => {
                    let fields = Errors::from_problem(&failed);
                    if fields.is_empty() || fields.has_other_than(&ReportState::FIELDS) {
                        problem.set(Some(failed));
                    }
                    errors.set(fields);
                }
            }
        });
    };

    let current = state.read().clone();
    let message = move |field: &str| {
        errors
            .read()
            .code(field)
            .map(|code| InpatientText::field_error(code).get(lang))
    };
    let described = move |field: &str| message(field).map(|_| error_beside_id(FORM, field));
    let first = case.latest.is_none();
    let loaded = history.read().clone();
    rsx! {
        section { class: "panel inpatient-panel", "aria-labelledby": "ipr-heading", "data-testid": "inpatient-form-panel",
            "data-case-number": case.case.case_number.clone(),
            h2 { id: "ipr-heading", tabindex: "-1",
                onmounted: move |e: MountedEvent| async move {
                    // Opening a case's form takes keyboard users to it.
                    let _ = e.set_focus(true).await;
                },
                {InpatientText::FormTitle.get(lang)}
                "："
                {case.patient_name.clone()}
                " "
                span { class: "muted", {case.case.case_number.clone()} }
            }
            p { class: "hint",
                if first { {InpatientText::FormIntroFirst.get(lang)} } else { {InpatientText::FormIntroUpdate.get(lang)} }
            }
            form { class: "register-form inpatient-form", novalidate: true, onsubmit,
                div { class: "form-grid",
                    DateField { field: "admission_date", label: InpatientText::AdmissionDate, required: true,
                        value: current.admission_date.clone(), message: message("admission_date"),
                        on_change: move |v: String| change(&move |s| s.admission_date = v.clone()),
                    }
                    DateField { field: "discharge_date", label: InpatientText::DischargeDate, required: false,
                        hint: InpatientText::DischargeHint.get(lang),
                        value: current.discharge_date.clone(), message: message("discharge_date"),
                        on_change: move |v: String| change(&move |s| s.discharge_date = v.clone()),
                    }
                    div { class: "field",
                        label { r#for: control("hospital_name"),
                            {InpatientText::HospitalName.get(lang)} " " span { class: "required", {Text::Required.get(lang)} }
                        }
                        input { id: control("hospital_name"), autocomplete: "organization",
                            value: current.form.hospital_name.clone(),
                            "aria-invalid": message("hospital_name").is_some().to_string(),
                            "aria-describedby": described("hospital_name"),
                            oninput: move |e| { let v = e.value(); change(&move |s| s.form.hospital_name = v.clone()) },
                        }
                        ErrorBeside { id: error_beside_id(FORM, "hospital_name"), message: message("hospital_name") }
                    }
                    div { class: "field",
                        label { r#for: control("doctor_name"),
                            {InpatientText::DoctorName.get(lang)} " " span { class: "required", {Text::Required.get(lang)} }
                        }
                        input { id: control("doctor_name"), autocomplete: "off",
                            value: current.form.doctor_name.clone(),
                            "aria-invalid": message("doctor_name").is_some().to_string(),
                            "aria-describedby": described("doctor_name"),
                            oninput: move |e| { let v = e.value(); change(&move |s| s.form.doctor_name = v.clone()) },
                        }
                        ErrorBeside { id: error_beside_id(FORM, "doctor_name"), message: message("doctor_name") }
                    }
                }
                fieldset { class: "choice-group", "data-testid": "ipr-severity",
                    "aria-describedby": described("severity"),
                    legend { {InpatientText::Severity.get(lang)} " " span { class: "required", {Text::Required.get(lang)} } }
                    for level in Severity::ALL.iter().copied() {
                        label { key: "{level.as_str()}", class: "choice",
                            input { r#type: "radio", name: "ipr-severity", value: level.as_str(),
                                checked: current.form.severity == Some(level),
                                onchange: move |_| change(&move |s| s.form.severity = Some(level)),
                            }
                            " " {severity(lang, level)}
                        }
                    }
                    ErrorBeside { id: error_beside_id(FORM, "severity"), message: message("severity") }
                }
                fieldset { class: "choice-group", "data-testid": "ipr-symptoms",
                    legend { {InpatientText::Symptoms.get(lang)} }
                    for item in ClinicalSymptom::ALL.iter().copied() {
                        label { key: "{item.as_str()}", class: "choice",
                            input { r#type: "checkbox", value: item.as_str(),
                                checked: current.form.symptoms.contains(&item),
                                onchange: move |e: FormEvent| { let on = e.checked(); change(&move |s| s.toggle(item, on)) },
                            }
                            " " {symptom(lang, item)}
                        }
                    }
                }
                fieldset { class: "choice-group", "data-testid": "ipr-care",
                    legend { {InpatientText::IntensiveCare.get(lang)} }
                    label { class: "choice",
                        input { r#type: "checkbox", "data-testid": "ipr-icu", checked: current.form.icu,
                            onchange: move |e: FormEvent| { let on = e.checked(); change(&move |s| s.form.icu = on) },
                        }
                        " " {InpatientText::Icu.get(lang)}
                    }
                    label { class: "choice",
                        input { r#type: "checkbox", "data-testid": "ipr-ventilator", checked: current.form.ventilator,
                            onchange: move |e: FormEvent| { let on = e.checked(); change(&move |s| s.form.ventilator = on) },
                        }
                        " " {InpatientText::Ventilator.get(lang)}
                    }
                    label { class: "choice",
                        input { r#type: "checkbox", "data-testid": "ipr-ecmo", checked: current.form.ecmo,
                            onchange: move |e: FormEvent| { let on = e.checked(); change(&move |s| s.form.ecmo = on) },
                        }
                        " " {InpatientText::Ecmo.get(lang)}
                    }
                }
                div { class: "field",
                    label { r#for: control("findings"), {InpatientText::Findings.get(lang)} }
                    textarea { id: control("findings"), rows: 3,
                        value: current.form.findings.clone(),
                        "aria-invalid": message("findings").is_some().to_string(),
                        "aria-describedby": described("findings"),
                        oninput: move |e| { let v = e.value(); change(&move |s| s.form.findings = v.clone()) },
                    }
                    ErrorBeside { id: error_beside_id(FORM, "findings"), message: message("findings") }
                }
                fieldset { class: "choice-group", "data-testid": "ipr-outcome",
                    "aria-describedby": described("outcome"),
                    legend { {InpatientText::Outcome.get(lang)} " " span { class: "required", {Text::Required.get(lang)} } }
                    for outcome in InpatientOutcome::ALL.iter().copied() {
                        label { key: "{outcome.as_str()}", class: "choice",
                            input { r#type: "radio", name: "ipr-outcome", value: outcome.as_str(),
                                checked: current.form.outcome == Some(outcome),
                                onchange: move |_| change(&move |s| s.form.outcome = Some(outcome)),
                            }
                            " " {staff_inpatient::outcome(lang, outcome)}
                        }
                    }
                    ErrorBeside { id: error_beside_id(FORM, "outcome"), message: message("outcome") }
                }
                if !errors.read().is_empty() {
                    p { class: "notice notice-error", role: "alert", {InpatientText::CheckFields.get(lang)} }
                }
                if let Some(failed) = problem() {
                    ProblemNotice { problem: failed }
                }
                if saved() {
                    p { class: "notice notice-ok", role: "status", "data-testid": "ipr-saved",
                        {InpatientText::Saved.get(lang)}
                    }
                }
                div { class: "actions",
                    button { r#type: "submit", class: "button button-primary", "data-testid": "ipr-submit",
                        disabled: busy(),
                        if busy() { {InpatientText::Saving.get(lang)} } else { {InpatientText::Submit.get(lang)} }
                    }
                }
            }
            h3 { {InpatientText::History.get(lang)} }
            match loaded {
                None => rsx! { Loading {} },
                Some(Err(failed)) => rsx! { ProblemNotice { problem: failed, on_retry: move |_| history.restart() } },
                Some(Ok(list)) => rsx! { InpatientHistoryList { items: list.items } },
            }
        }
    }
}

/// A labelled date input with its hint and error message.
#[component]
fn DateField(
    field: &'static str,
    label: InpatientText,
    required: bool,
    hint: Option<&'static str>,
    value: String,
    message: Option<&'static str>,
    on_change: EventHandler<String>,
) -> Element {
    let lang = use_lang();
    let hint_id = format!("{FORM}-{field}-hint");
    let mut described: Vec<String> = Vec::new();
    if hint.is_some() {
        described.push(hint_id.clone());
    }
    if message.is_some() {
        described.push(error_beside_id(FORM, field));
    }
    rsx! {
        div { class: "field",
            label { r#for: control(field),
                {label.get(lang)}
                if required {
                    " "
                    span { class: "required", {Text::Required.get(lang)} }
                }
            }
            if let Some(hint) = hint {
                p { class: "hint", id: hint_id, {hint} }
            }
            input {
                id: control(field),
                r#type: "date",
                max: crate::institution_forms::date_text(today()),
                value,
                "aria-invalid": message.is_some().to_string(),
                "aria-describedby": (!described.is_empty()).then(|| described.join(" ")),
                oninput: move |e| on_change.call(e.value()),
            }
            ErrorBeside { id: error_beside_id(FORM, field), message }
        }
    }
}
