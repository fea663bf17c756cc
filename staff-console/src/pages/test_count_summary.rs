//! Route `/test-counts/summary`: health-centre staff see the test counts (検査件数) of their
//! centre's institutions, or of the whole prefecture, by day and by institution, with the total
//! and a CSV download of the same figures.

use crate::api;
use crate::api::test_counts::csv_url;
use crate::components::{ErrorBeside, Loading, ProblemNotice, TitleText, error_beside_id};
use crate::format;
use crate::hc_forms::Errors;
use crate::institution_forms::date_text;
use crate::state::{expire_session, use_lang, use_session};
use chrono::{Duration, NaiveDate};
use dioxus::prelude::*;
use mimamori_shared::api::test_counts::{
    SummaryLevel, TestCountSummary, TestCountSummaryQuery, TestCounts,
};
use mimamori_shared::i18n::staff_test_counts::{self, CountText};

const FORM: &str = "tcs";

/// The summary page (health-centre staff; the server refuses everyone else).
#[component]
pub fn TestCountSummaryPage() -> Element {
    let lang = use_lang();
    let session = use_session();
    let today = chrono::Local::now().date_naive();
    // The last seven days, as the server's own default.
    let mut level = use_signal(|| SummaryLevel::HealthCentre);
    let mut from = use_signal(move || date_text(today - Duration::days(6)));
    let mut to = use_signal(move || date_text(today));
    let mut applied = use_signal(move || TestCountSummaryQuery {
        level: Some(SummaryLevel::HealthCentre),
        from: Some(today - Duration::days(6)),
        to: Some(today),
    });
    let mut summary = use_resource(move || {
        let query = applied();
        async move { api::test_counts::summary(&query).await }
    });

    use_effect(move || {
        if let Some(Err(problem)) = &*summary.read()
            && problem.status == 401
        {
            expire_session(session);
        }
    });

    let on_show = move |e: FormEvent| {
        e.prevent_default();
        let parse = |text: String| NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok();
        applied.set(TestCountSummaryQuery {
            level: Some(level()),
            from: parse(from()),
            to: parse(to()),
        });
    };
    let loaded = summary.read().clone();
    let errors = match &loaded {
        Some(Err(problem)) => Errors::from_problem(problem),
        _ => Errors::default(),
    };
    let message = |field: &str| {
        errors
            .code(field)
            .map(|code| CountText::field_error(code).get(lang))
    };
    rsx! {
        TitleText { title: CountText::SummaryTitle.get(lang) }
        div { class: "page-head",
            h1 { {CountText::SummaryTitle.get(lang)} }
        }
        p { class: "lead", {CountText::SummaryIntro.get(lang)} }
        form { class: "audit-filters", novalidate: true, onsubmit: on_show,
            div { class: "field",
                label { r#for: "tcs-level", {CountText::Level.get(lang)} }
                select { id: "tcs-level", "data-testid": "tcs-level",
                    onchange: move |e| level.set(SummaryLevel::parse(&e.value()).unwrap_or(SummaryLevel::HealthCentre)),
                    for choice in SummaryLevel::ALL.iter().copied() {
                        option { key: "{choice.as_str()}", value: choice.as_str(), selected: level() == choice,
                            {staff_test_counts::level(lang, choice)}
                        }
                    }
                }
            }
            div { class: "field",
                label { r#for: "tcs-from", {CountText::From.get(lang)} }
                input { id: "tcs-from", r#type: "date", value: from(),
                    "aria-invalid": message("from").is_some().to_string(),
                    "aria-describedby": message("from").map(|_| error_beside_id(FORM, "from")),
                    oninput: move |e| from.set(e.value()),
                }
                ErrorBeside { id: error_beside_id(FORM, "from"), message: message("from") }
            }
            div { class: "field",
                label { r#for: "tcs-to", {CountText::To.get(lang)} }
                input { id: "tcs-to", r#type: "date", value: to(),
                    "aria-invalid": message("to").is_some().to_string(),
                    "aria-describedby": message("to").map(|_| error_beside_id(FORM, "to")),
                    oninput: move |e| to.set(e.value()),
                }
                ErrorBeside { id: error_beside_id(FORM, "to"), message: message("to") }
            }
            div { class: "audit-filter-actions",
                button { r#type: "submit", class: "button button-primary", "data-testid": "tcs-show",
                    {CountText::Show.get(lang)}
                }
            }
        }
        match loaded {
            None => rsx! { Loading {} },
            Some(Err(problem)) if problem.status == 401 => rsx! { Loading {} },
            // Field errors are shown beside the dates.
            Some(Err(problem)) if problem.status == 422 && !errors.has_other_than(&["from", "to", "level"]) => rsx! {},
            Some(Err(problem)) => rsx! { ProblemNotice { problem, on_retry: move |_| summary.restart() } },
            Some(Ok(view)) => rsx! { SummaryTables { csv: csv_url(&applied()), view } },
        }
    }
}

/// The figures of one summary.
#[component]
fn SummaryTables(view: TestCountSummary, csv: String) -> Element {
    let lang = use_lang();
    rsx! {
        div { class: "panel", "data-testid": "tcs-summary", "data-level": view.level.as_str(),
            p {
                {CountText::Area.get(lang)} "："
                strong { "data-testid": "tcs-area", {view.area.name.clone()} }
                " （" {format::period(view.from, view.to)} "）"
            }
            p {
                a { class: "button", href: csv, download: "", "data-testid": "tcs-csv", {CountText::Csv.get(lang)} }
            }
            h2 { {CountText::ByDay.get(lang)} }
            div { class: "table-scroll",
                table { class: "admin-table", "data-testid": "tcs-by-day",
                    thead {
                        tr {
                            th { scope: "col", {CountText::Date.get(lang)} }
                            CountHeads {}
                            th { scope: "col", class: "num", {CountText::InstitutionsReporting.get(lang)} }
                        }
                    }
                    tbody {
                        for day in view.by_day.iter() {
                            tr { key: "{day.date}", "data-testid": "tcs-day", "data-date": date_text(day.date),
                                td { class: "nowrap", {format::date(day.date)} }
                                CountCells { counts: day.counts }
                                td { class: "num", "{day.institutions_reporting}" }
                            }
                        }
                    }
                    tfoot {
                        tr { "data-testid": "tcs-total",
                            th { scope: "row", {CountText::Total.get(lang)} }
                            CountCells { counts: view.total }
                            td {}
                        }
                    }
                }
            }
            h2 { {CountText::ByInstitution.get(lang)} }
            if view.by_institution.is_empty() {
                p { class: "empty", {CountText::NoInstitutions.get(lang)} }
            } else {
                div { class: "table-scroll",
                    table { class: "admin-table", "data-testid": "tcs-by-institution",
                        thead {
                            tr {
                                th { scope: "col", {CountText::Institution.get(lang)} }
                                if view.level == SummaryLevel::Prefecture {
                                    th { scope: "col", {CountText::HealthCentre.get(lang)} }
                                }
                                CountHeads {}
                                th { scope: "col", class: "num", {CountText::DaysReported.get(lang)} }
                            }
                        }
                        tbody {
                            for row in view.by_institution.iter() {
                                tr { key: "{row.institution.id}", "data-testid": "tcs-institution",
                                    td { {row.institution.name.clone()} }
                                    if view.level == SummaryLevel::Prefecture {
                                        td { {row.health_centre.name.clone()} }
                                    }
                                    CountCells { counts: row.counts }
                                    td { class: "num", "{row.days_reported}" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The four count column headers.
#[component]
fn CountHeads() -> Element {
    let lang = use_lang();
    rsx! {
        for (kind, what) in [
            (CountText::Pcr, CountText::Performed),
            (CountText::Pcr, CountText::Positive),
            (CountText::Antigen, CountText::Performed),
            (CountText::Antigen, CountText::Positive),
        ] {
            th { scope: "col", class: "num", {kind.get(lang)} " " {what.get(lang)} }
        }
    }
}

/// The four counts as cells.
#[component]
fn CountCells(counts: TestCounts) -> Element {
    rsx! {
        td { class: "num", "{counts.pcr_performed}" }
        td { class: "num", "{counts.pcr_positive}" }
        td { class: "num", "{counts.antigen_performed}" }
        td { class: "num", "{counts.antigen_positive}" }
    }
}
