//! Route `/inpatients`: a medical institution's inpatient status reports (入院患者の状況報告).
//! The cases it may report on (in hospital first, with the latest severity and outcome), a
//! search for a case another institution notified (case number + date of birth), and per case
//! the report form with its history.

use crate::api;
use crate::components::error_beside_id;
use crate::components::{ErrorBeside, InpatientReportPanel, Loading, ProblemNotice, TitleText};
use crate::format;
use crate::hc_forms::Errors;
use crate::state::{expire_session, use_lang, use_session};
use chrono::NaiveDate;
use dioxus::prelude::*;
use mimamori_shared::api::Problem;
use mimamori_shared::api::inpatient::{FindInpatientCase, InpatientCase};
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::i18n::staff_inpatient::{self, InpatientText};
use mimamori_shared::i18n::staff_institution::severity;
use mimamori_shared::ids::CaseId;

/// The inpatients page (institution staff; the server refuses everyone else).
#[component]
pub fn InpatientsPage() -> Element {
    let lang = use_lang();
    let session = use_session();
    let mut list = use_resource(api::inpatient::inpatients);
    // Cases found by the search, until the list itself holds them (after a first report).
    let mut found = use_signal(Vec::<InpatientCase>::new);
    let mut open = use_signal(|| None::<CaseId>);

    use_effect(move || {
        if let Some(Err(problem)) = &*list.read()
            && problem.status == 401
        {
            expire_session(session);
        }
    });

    let loaded = list.read().clone();
    let mut cases = match &loaded {
        Some(Ok(list)) => list.items.clone(),
        _ => Vec::new(),
    };
    for case in found.read().iter() {
        if !cases.iter().any(|c| c.case.id == case.case.id) {
            cases.push(case.clone());
        }
    }
    let selected = open().and_then(|id| cases.iter().find(|c| c.case.id == id).cloned());
    let on_found = move |case: InpatientCase| {
        let id = case.case.id;
        found.write().retain(|c| c.case.id != id);
        found.write().push(case);
        open.set(Some(id));
    };

    rsx! {
        TitleText { title: InpatientText::Title.get(lang) }
        div { class: "page-head",
            h1 { {InpatientText::Title.get(lang)} }
        }
        p { class: "lead", {InpatientText::Intro.get(lang)} }
        match loaded {
            None => rsx! { Loading {} },
            Some(Err(problem)) if problem.status == 401 => rsx! { Loading {} },
            Some(Err(problem)) => rsx! { ProblemNotice { problem, on_retry: move |_| list.restart() } },
            Some(Ok(_)) if cases.is_empty() => rsx! {
                p { class: "empty", "data-testid": "inpatients-empty", {InpatientText::ListEmpty.get(lang)} }
            },
            Some(Ok(_)) => rsx! {
                InpatientTable { cases: cases.clone(), open: open(), on_open: move |id| open.set(Some(id)) }
            },
        }
        if let Some(case) = selected {
            InpatientReportPanel {
                key: "{case.case.id}",
                case,
                on_filed: move |_| list.restart(),
            }
        }
        FindPanel { on_found }
    }
}

/// The cases, one row each, with a button that opens the report form.
#[component]
fn InpatientTable(
    cases: Vec<InpatientCase>,
    open: Option<CaseId>,
    on_open: EventHandler<CaseId>,
) -> Element {
    let lang = use_lang();
    rsx! {
        div { class: "table-scroll",
            table { class: "admin-table", "data-testid": "inpatients-table",
                thead {
                    tr {
                        th { scope: "col", {InpatientText::ColCaseNumber.get(lang)} }
                        th { scope: "col", {InpatientText::ColPatient.get(lang)} }
                        th { scope: "col", {InpatientText::ColBirthDate.get(lang)} }
                        th { scope: "col", {InpatientText::ColStatus.get(lang)} }
                        th { scope: "col", {InpatientText::ColSeverity.get(lang)} }
                        th { scope: "col", {InpatientText::ColOutcome.get(lang)} }
                        th { scope: "col", {InpatientText::ColReported.get(lang)} }
                        th { scope: "col", span { class: "visually-hidden", {InpatientText::Report.get(lang)} } }
                    }
                }
                tbody {
                    for case in cases {
                        InpatientRow { key: "{case.case.id}", is_open: open == Some(case.case.id), case, on_open }
                    }
                }
            }
        }
    }
}

#[component]
fn InpatientRow(case: InpatientCase, is_open: bool, on_open: EventHandler<CaseId>) -> Element {
    let lang = use_lang();
    let id = case.case.id;
    let latest = case.latest.as_ref();
    let level = latest.and_then(|r| r.form.severity);
    let outcome = latest.and_then(|r| r.form.outcome);
    rsx! {
        tr { "data-testid": "inpatient-row", "data-case-number": case.case.case_number.clone(),
            "data-status": case.status.as_str(),
            td { class: "nowrap", {case.case.case_number.clone()} }
            td {
                {case.patient_name.clone()}
                br {}
                span { class: "muted", lang: "ja", {case.patient_kana.clone()} }
            }
            td { class: "nowrap", {format::date(case.birth_date)} }
            td {
                span {
                    class: if case.status == mimamori_shared::api::cases::CaseStatus::Hospitalised { "tag tag-hospitalised" } else { "tag" },
                    {staff_inpatient::case_status(lang, case.status)}
                }
            }
            td { {level.map(|l| severity(lang, l)).unwrap_or("—")} }
            td { "data-testid": "inpatient-outcome",
                {outcome.map(|o| staff_inpatient::outcome(lang, o)).unwrap_or(InpatientText::NotReported.get(lang))}
            }
            td { class: "nowrap",
                match latest {
                    Some(report) => rsx! {
                        time { datetime: report.reported_at.to_rfc3339(), {format::local_date_time(report.reported_at)} }
                    },
                    None => rsx! { "—" },
                }
            }
            td {
                if is_open {
                    span { class: "tag tag-current", {InpatientText::Selected.get(lang)} }
                } else {
                    button { r#type: "button", class: "button", "data-testid": "inpatient-open",
                        onclick: move |_| on_open.call(id),
                        if latest.is_some() { {InpatientText::Update.get(lang)} } else { {InpatientText::Report.get(lang)} }
                    }
                }
            }
        }
    }
}

/// Find a case admitted here that another institution notified.
#[component]
fn FindPanel(on_found: EventHandler<InpatientCase>) -> Element {
    let lang = use_lang();
    let session = use_session();
    let mut number = use_signal(String::new);
    let mut birth = use_signal(String::new);
    let mut kana = use_signal(String::new);
    let mut locked = use_signal(|| false);
    let mut errors = use_signal(Errors::default);
    let mut problem = use_signal(|| None::<Problem>);
    let mut missing = use_signal(|| false);
    let mut busy = use_signal(|| false);

    let onsubmit = move |evt: FormEvent| {
        evt.prevent_default();
        if busy() {
            return;
        }
        let request = FindInpatientCase {
            case_number: number().trim().to_owned(),
            birth_date: NaiveDate::parse_from_str(&birth(), "%Y-%m-%d").ok(),
            name_kana: kana().trim().to_owned(),
        };
        let mut local = Vec::new();
        if request.case_number.is_empty() {
            local.push(mimamori_shared::api::FieldError::custom(
                "case_number",
                "required",
                "required",
            ));
        }
        if request.birth_date.is_none() {
            local.push(mimamori_shared::api::FieldError::custom(
                "birth_date",
                "required",
                "required",
            ));
        }
        if request.name_kana.is_empty() {
            local.push(mimamori_shared::api::FieldError::custom(
                "name_kana",
                "required",
                "required",
            ));
        }
        missing.set(false);
        locked.set(false);
        problem.set(None);
        errors.set(Errors(local));
        if !errors.read().is_empty() {
            return;
        }
        busy.set(true);
        spawn(async move {
            let result = api::inpatient::find(&request).await;
            busy.set(false);
            match result {
                Ok(case) => {
                    number.set(String::new());
                    birth.set(String::new());
                    kana.set(String::new());
                    on_found.call(case);
                }
                Err(failed) if failed.status == 401 => expire_session(session),
                // Nothing is revealed about which of the two did not match.
                Err(failed) if failed.status == 404 => missing.set(true),
                Err(failed) if failed.status == 429 => locked.set(true),
                Err(failed) if failed.status == 422 => errors.set(Errors::from_problem(&failed)),
                Err(failed) => problem.set(Some(failed)),
            }
        });
    };

    let message = move |field: &str| {
        errors
            .read()
            .code(field)
            .map(|code| InpatientText::field_error(code).get(lang))
    };
    rsx! {
        section { class: "panel", "aria-labelledby": "find-heading", "data-testid": "inpatient-find",
            h2 { id: "find-heading", {InpatientText::FindTitle.get(lang)} }
            p { class: "hint", {InpatientText::FindIntro.get(lang)} }
            form { class: "audit-filters", novalidate: true, onsubmit,
                div { class: "field",
                    label { r#for: "find-case-number", {InpatientText::CaseNumber.get(lang)} " " span { class: "required", {Text::Required.get(lang)} } }
                    input { id: "find-case-number", autocomplete: "off", value: number(),
                        "aria-invalid": message("case_number").is_some().to_string(),
                        "aria-describedby": message("case_number").map(|_| error_beside_id("find", "case_number")),
                        oninput: move |e| number.set(e.value()),
                    }
                    ErrorBeside { id: error_beside_id("find", "case_number"), message: message("case_number") }
                }
                div { class: "field",
                    label { r#for: "find-birth-date", {InpatientText::BirthDate.get(lang)} " " span { class: "required", {Text::Required.get(lang)} } }
                    input { id: "find-birth-date", r#type: "date", value: birth(),
                        "aria-invalid": message("birth_date").is_some().to_string(),
                        "aria-describedby": message("birth_date").map(|_| error_beside_id("find", "birth_date")),
                        oninput: move |e| birth.set(e.value()),
                    }
                    ErrorBeside { id: error_beside_id("find", "birth_date"), message: message("birth_date") }
                }
                div { class: "field",
                    label { r#for: "find-name-kana", {InpatientText::NameKana.get(lang)} " " span { class: "required", {Text::Required.get(lang)} } }
                    input { id: "find-name-kana", autocomplete: "off", value: kana(),
                        "aria-invalid": message("name_kana").is_some().to_string(),
                        "aria-describedby": if message("name_kana").is_some() { format!("find-name-kana-hint {}", error_beside_id("find", "name_kana")) } else { "find-name-kana-hint".to_owned() },
                        oninput: move |e| kana.set(e.value()),
                    }
                    p { id: "find-name-kana-hint", class: "hint", {InpatientText::NameKanaHint.get(lang)} }
                    ErrorBeside { id: error_beside_id("find", "name_kana"), message: message("name_kana") }
                }
                div { class: "audit-filter-actions",
                    button { r#type: "submit", class: "button button-primary", "data-testid": "find-submit", disabled: busy(),
                        {InpatientText::Find.get(lang)}
                    }
                }
            }
            if locked() {
                p { class: "notice notice-error", role: "alert", "data-testid": "find-locked",
                    {InpatientText::FindLocked.get(lang)}
                }
            }
            if missing() {
                p { class: "notice notice-error", role: "alert", "data-testid": "find-not-found",
                    {InpatientText::FindNotFound.get(lang)}
                }
            }
            if let Some(failed) = problem() {
                ProblemNotice { problem: failed }
            }
        }
    }
}
