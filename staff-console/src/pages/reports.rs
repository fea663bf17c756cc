//! The reports of one day, most urgent first (today's by default).

use crate::api;
use crate::components::{FlagCountBar, FlagCounts, Loading, PageTitle, ProblemNotice, ReportTable};
use crate::format;
use crate::route::Route;
use crate::state::{expire_session, use_lang, use_session};
use chrono::NaiveDate;
use dioxus::prelude::*;
use mimamori_shared::i18n::staff::Text;

/// Route `/`: today's reports.
#[component]
pub fn TodayPage() -> Element {
    rsx! {
        DailyReports { date: None }
    }
}

/// Route `/reports/:date`: the reports of another day.
#[component]
pub fn DayPage(date: NaiveDate) -> Element {
    rsx! {
        DailyReports { date: Some(date) }
    }
}

/// Counts per flag, a day picker and the table of the day's reports.
#[component]
fn DailyReports(date: Option<NaiveDate>) -> Element {
    let lang = use_lang();
    let session = use_session();
    let nav = use_navigator();
    // `date` comes from the URL: `use_reactive!` reloads when it changes (back/forward, picker).
    let mut list = use_resource(use_reactive!(|date| api::daily_reports(date)));

    use_effect(move || {
        if let Some(Err(problem)) = &*list.read()
            && problem.status == 401
        {
            expire_session(session);
        }
    });

    let loaded = list.read().clone();
    // The server decides what "today" is (the organisation's time zone), so the picker shows
    // the day of the list once it is known.
    let shown = date.or_else(|| {
        loaded
            .as_ref()
            .and_then(|r| r.as_ref().ok())
            .map(|l| l.date)
    });
    let pending = list.pending();

    rsx! {
        PageTitle { page: Text::ReportsTitle }
        div { class: "page-head",
            h1 { {Text::ReportsTitle.get(lang)} }
            div { class: "day-picker",
                label { r#for: "report-date", {Text::Date.get(lang)} }
                input {
                    id: "report-date",
                    r#type: "date",
                    value: shown.map(format::date).unwrap_or_default(),
                    onchange: move |e| {
                        // An emptied or half-typed date shows nothing new.
                        if let Ok(day) = NaiveDate::parse_from_str(&e.value(), "%Y-%m-%d") {
                            nav.push(Route::Day { date: day });
                        }
                    },
                }
                button {
                    r#type: "button",
                    class: "button",
                    "data-testid": "today",
                    onclick: move |_| {
                        if date.is_some() {
                            nav.push(Route::Today {});
                        } else {
                            list.restart();
                        }
                    },
                    {Text::Today.get(lang)}
                }
            }
        }
        match loaded {
            None => rsx! { Loading {} },
            Some(Err(problem)) if problem.status == 401 => rsx! { Loading {} },
            Some(Err(problem)) => rsx! {
                ProblemNotice { problem, on_retry: move |_| list.restart() }
            },
            Some(Ok(day)) => rsx! {
                div { class: "report-day", "aria-busy": pending.to_string(),
                    FlagCountBar { counts: FlagCounts::of(&day.items) }
                    if day.items.is_empty() {
                        p { class: "empty", "data-testid": "no-reports",
                            {Text::NoReportsForDay.get(lang)}
                        }
                    } else {
                        ReportTable { rows: day.items }
                    }
                }
            },
        }
    }
}
