//! Inpatient status reports (入院患者の状況報告) of a case, newest first: the history under the
//! institution's form, and the read-only panel on the case page.

use crate::api;
use crate::format;
use crate::state::{expire_session, use_lang, use_session};
use dioxus::prelude::*;
use mimamori_shared::api::inpatient::InpatientReportView;
use mimamori_shared::i18n::staff_inpatient::{self, InpatientText};
use mimamori_shared::i18n::staff_institution::{severity, symptom};
use mimamori_shared::ids::CaseId;

/// Every report, newest first (`data-testid="inpatient-history"`).
#[component]
pub fn InpatientHistoryList(items: Vec<InpatientReportView>) -> Element {
    let lang = use_lang();
    rsx! {
        if items.is_empty() {
            p { class: "empty", "data-testid": "inpatient-history-empty",
                {InpatientText::HistoryEmpty.get(lang)}
            }
        } else {
            ol { class: "event-list inpatient-history", "data-testid": "inpatient-history",
                for report in items {
                    InpatientEntry { key: "{report.id}", report }
                }
            }
        }
    }
}

#[component]
fn InpatientEntry(report: InpatientReportView) -> Element {
    let lang = use_lang();
    let form = report.form.clone();
    let stay = match (form.admission_date, form.discharge_date) {
        (Some(from), Some(to)) => format::period(from, to),
        (Some(from), None) => format!("{} –", format::date(from)),
        _ => String::new(),
    };
    let outcome = form.outcome.map(|o| staff_inpatient::outcome(lang, o));
    let in_hospital = form.outcome.is_some_and(|o| o.in_hospital());
    let symptoms: Vec<&str> = form.symptoms.iter().map(|s| symptom(lang, *s)).collect();
    let care: Vec<&str> = [
        (form.icu, InpatientText::Icu),
        (form.ventilator, InpatientText::Ventilator),
        (form.ecmo, InpatientText::Ecmo),
    ]
    .into_iter()
    .filter(|(used, _)| *used)
    .map(|(_, text)| text.get(lang))
    .collect();
    rsx! {
        li {
            class: if in_hospital { "event event-strong" } else { "event" },
            "data-testid": "inpatient-report",
            "data-outcome": form.outcome.map(|o| o.as_str()).unwrap_or_default(),
            div { class: "event-head",
                time { datetime: report.reported_at.to_rfc3339(), {format::local_date_time(report.reported_at)} }
                if let Some(outcome) = outcome {
                    strong { {outcome} }
                }
                if let Some(level) = form.severity {
                    span { class: "tag", "data-testid": "inpatient-severity", {severity(lang, level)} }
                }
                for used in care {
                    span { key: "{used}", class: "tag tag-strong", {used} }
                }
                span { class: "muted",
                    {InpatientText::ReportedBy.get(lang)}
                    ": "
                    {format!("{}（{}）", report.reported_by.name, report.institution.name)}
                }
            }
            dl { class: "facts facts-compact",
                div { class: "fact",
                    dt { {InpatientText::AdmissionDate.get(lang)} " – " {InpatientText::DischargeDate.get(lang)} }
                    dd { {stay} }
                }
                div { class: "fact",
                    dt { {InpatientText::HospitalName.get(lang)} }
                    dd { {form.hospital_name.clone()} }
                }
                div { class: "fact",
                    dt { {InpatientText::DoctorName.get(lang)} }
                    dd { {form.doctor_name.clone()} }
                }
                div { class: "fact",
                    dt { {InpatientText::Symptoms.get(lang)} }
                    dd {
                        if symptoms.is_empty() {
                            {InpatientText::NoSymptoms.get(lang)}
                        } else {
                            {symptoms.join("、")}
                        }
                    }
                }
                if !form.findings.is_empty() {
                    div { class: "fact fact-wide",
                        dt { {InpatientText::Findings.get(lang)} }
                        dd { p { class: "note", {form.findings.clone()} } }
                    }
                }
            }
        }
    }
}

/// The case page's panel: the case's inpatient reports, read-only. Shown only once the server
/// answers with at least one report (a role that may not read them gets nothing, not an
/// error).
#[component]
pub fn InpatientPanel(case_id: CaseId) -> Element {
    let lang = use_lang();
    let session = use_session();
    let history = use_resource(use_reactive!(|case_id| api::inpatient::history(case_id)));
    use_effect(move || {
        if let Some(Err(problem)) = &*history.read()
            && problem.status == 401
        {
            expire_session(session);
        }
    });
    let items = match &*history.read() {
        Some(Ok(history)) => history.items.clone(),
        _ => Vec::new(),
    };
    if items.is_empty() {
        return rsx! {};
    }
    rsx! {
        section { class: "panel", "aria-labelledby": "inpatient-heading", "data-testid": "inpatient-panel",
            h2 { id: "inpatient-heading", {InpatientText::Title.get(lang)} }
            InpatientHistoryList { items }
        }
    }
}
