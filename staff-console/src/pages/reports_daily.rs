//! Route `/implementation-reports`: the daily implementation reports (実施報告) of the
//! caller's health centre or follow-up organisation, newest first, with their counts and
//! links to the CSV and Excel files.

use crate::api::reports_daily as api;
use crate::browser;
use crate::components::{Loading, ProblemNotice};
use crate::state::{expire_session, use_lang, use_session};
use chrono::NaiveDate;
use dioxus::prelude::*;
use mimamori_shared::api::Problem;
use mimamori_shared::api::implementation_reports::{
    ImplementationCounts, ImplementationReportQuery, ImplementationReportView,
};
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::i18n::staff_reports_daily::{DailyReportText, count_label};

/// The implementation-reports page.
#[component]
pub fn ImplementationReportsPage() -> Element {
    let lang = use_lang();
    let session = use_session();
    let mut from = use_signal(String::new);
    let mut to = use_signal(String::new);
    let mut applied = use_signal(ImplementationReportQuery::default);
    let mut reports = use_signal(Vec::<ImplementationReportView>::new);
    let mut problem = use_signal(|| None::<Problem>);
    let mut busy = use_signal(|| false);
    let mut loaded = use_signal(|| false);

    let title = format!(
        "{} — {}",
        DailyReportText::Title.get(lang),
        Text::AppName.get(lang)
    );
    use_effect(use_reactive!(|title| browser::set_title(&title)));

    let mut load = move || {
        let query = applied();
        busy.set(true);
        spawn(async move {
            match api::implementation_reports(&query).await {
                Ok(list) => {
                    reports.set(list.items);
                    problem.set(None);
                }
                Err(p) if p.status == 401 => expire_session(session),
                Err(p) => problem.set(Some(p)),
            }
            busy.set(false);
            loaded.set(true);
        });
    };
    use_hook(load);

    let on_search = move |e: FormEvent| {
        e.prevent_default();
        applied.set(ImplementationReportQuery {
            from: NaiveDate::parse_from_str(&from(), "%Y-%m-%d").ok(),
            to: NaiveDate::parse_from_str(&to(), "%Y-%m-%d").ok(),
        });
        load();
    };
    let field_error = |name: &str| {
        problem
            .read()
            .as_ref()
            .and_then(|p| p.errors.iter().find(|e| e.field == name))
            .map(|e| e.message.clone())
    };
    let keys: Vec<&'static str> = ImplementationCounts::default()
        .entries()
        .iter()
        .map(|(key, _)| *key)
        .collect();

    rsx! {
        div { class: "page-head",
            h1 { {DailyReportText::Title.get(lang)} }
        }
        p { class: "lead", {DailyReportText::Intro.get(lang)} }
        form { class: "audit-filters", onsubmit: on_search,
            div { class: "field",
                label { r#for: "ir-from", {DailyReportText::From.get(lang)} }
                input { id: "ir-from", r#type: "date", value: from(), oninput: move |e| from.set(e.value()) }
            }
            div { class: "field",
                label { r#for: "ir-to", {DailyReportText::To.get(lang)} }
                input {
                    id: "ir-to",
                    r#type: "date",
                    value: to(),
                    "aria-describedby": "error-to",
                    oninput: move |e| to.set(e.value()),
                }
                if let Some(message) = field_error("to") {
                    p { id: "error-to", class: "field-error", {message} }
                }
            }
            div { class: "audit-filter-actions",
                button { r#type: "submit", class: "button button-primary", disabled: busy(),
                    {DailyReportText::Search.get(lang)}
                }
            }
        }
        if let Some(p) = problem() {
            ProblemNotice { problem: p, on_retry: move |_| load() }
        }
        if !loaded() {
            Loading {}
        } else if reports.read().is_empty() {
            p { class: "empty", "data-testid": "implementation-reports-empty",
                {DailyReportText::Empty.get(lang)}
            }
        } else {
            div { class: "table-scroll",
                table { class: "audit-table", "data-testid": "implementation-reports-table",
                    thead {
                        tr {
                            th { scope: "col", {DailyReportText::Date.get(lang)} }
                            th { scope: "col", {DailyReportText::HealthCentre.get(lang)} }
                            th { scope: "col", {DailyReportText::FollowupOrg.get(lang)} }
                            for key in keys.iter() {
                                th { scope: "col", {count_label(key, lang)} }
                            }
                            th { scope: "col", {DailyReportText::EndedTotal.get(lang)} }
                            th { scope: "col", {DailyReportText::Downloads.get(lang)} }
                        }
                    }
                    tbody {
                        for report in reports.read().iter().cloned() {
                            ReportRow { key: "{report.id}", report }
                        }
                    }
                }
            }
        }
    }
}

#[component]
fn ReportRow(report: ImplementationReportView) -> Element {
    let lang = use_lang();
    let counts = report.counts;
    rsx! {
        tr { "data-testid": "implementation-report-row",
            td { {report.report_date.format("%Y-%m-%d").to_string()} }
            td { {report.health_centre_name.clone()} }
            td { {report.followup_org_name.clone()} }
            for (key, n) in counts.entries() {
                td { key: "{key}", class: "num", "{n}" }
            }
            td { class: "num", "{counts.ended_total()}" }
            td {
                a { href: api::file_url(report.id, "csv"), download: "", {DailyReportText::Csv.get(lang)} }
                " · "
                a { href: api::file_url(report.id, "xlsx"), download: "", {DailyReportText::Xlsx.get(lang)} }
            }
        }
    }
}
