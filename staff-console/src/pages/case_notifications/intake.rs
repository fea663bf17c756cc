//! The health centre's intake of notifications: the queue of submitted ones (oldest first, so
//! none waits behind newer ones) and one notification with the whole form, the possible
//! duplicate, and the accept and return panels.

use super::decision::{AcceptPanel, ReturnPanel};
use super::details::{NotificationDetails, StatusBadge};
use super::{expire_on_401, patient};
use crate::api;
use crate::components::{Loading, ProblemNotice, TitleText};
use crate::format;
use crate::notification_form::age_on;
use crate::route::Route;
use crate::state::use_lang;
use dioxus::prelude::*;
use mimamori_shared::api::case_notifications::{NotificationStatus, NotificationSummary};
use mimamori_shared::i18n::staff_institution::{self as words, InstText, severity};
use mimamori_shared::ids::CaseNotificationId;

/// Route `/intake`: notifications submitted to the caller's health centre.
#[component]
pub fn IntakePage() -> Element {
    let lang = use_lang();
    let mut list =
        use_resource(|| api::case_notifications::list(Some(NotificationStatus::Submitted)));
    expire_on_401(list);
    let loaded = list.read().clone();
    rsx! {
        TitleText { title: InstText::IntakeTitle.get(lang) }
        h1 { {InstText::IntakeTitle.get(lang)} }
        p { class: "lead", {InstText::IntakeIntro.get(lang)} }
        match loaded {
            None => rsx! { Loading {} },
            Some(Err(problem)) if problem.status == 401 => rsx! { Loading {} },
            Some(Err(problem)) => rsx! { ProblemNotice { problem, on_retry: move |_| list.restart() } },
            Some(Ok(list)) => {
                let mut items: Vec<NotificationSummary> = list
                    .items
                    .iter()
                    .filter(|n| n.status == NotificationStatus::Submitted)
                    .cloned()
                    .collect();
                // Oldest first: the one waiting longest is handled first.
                items.sort_by_key(|n| (n.submitted_at, n.id));
                rsx! {
                    if items.is_empty() {
                        p { class: "notice", "data-testid": "intake-empty", {InstText::IntakeEmpty.get(lang)} }
                    } else {
                        div { class: "table-scroll",
                            table { class: "audit-table cn-table", "data-testid": "intake-list",
                                thead {
                                    tr {
                                        th { scope: "col", {InstText::ColSubmitted.get(lang)} }
                                        th { scope: "col", {InstText::ColPatient.get(lang)} }
                                        th { scope: "col", {InstText::BirthDate.get(lang)} }
                                        th { scope: "col", {InstText::ColSeverity.get(lang)} }
                                        th { scope: "col", {InstText::ColInstitution.get(lang)} }
                                        th { scope: "col", span { class: "visually-hidden", {InstText::Open.get(lang)} } }
                                    }
                                }
                                tbody {
                                    for item in items {
                                        QueueRow { key: "{item.id}", item }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// One row of the queue.
#[component]
fn QueueRow(item: NotificationSummary) -> Element {
    let lang = use_lang();
    let today = chrono::Local::now().date_naive();
    let birth = item.birth_date.map(|birth| match age_on(birth, today) {
        Some(years) => format!("{} ({})", format::date(birth), words::age(lang, years)),
        None => format::date(birth),
    });
    rsx! {
        tr { "data-testid": "intake-row-{item.id}",
            td {
                if let Some(at) = item.submitted_at {
                    time { datetime: at.to_rfc3339(), {format::local_date_time(at)} }
                }
            }
            td {
                span { class: "cn-patient", {patient(lang, &item)} }
                br {}
                span { class: "muted", lang: "ja", {item.patient_kana.clone()} }
            }
            td { {birth.unwrap_or_default()} }
            td {
                {item.severity.map_or("—", |s| severity(lang, s))}
                if item.needs_admission {
                    " "
                    span { class: "badge badge-amber", {InstText::NeedsAdmission.get(lang)} }
                }
            }
            td { {item.institution.name.clone()} }
            td {
                Link { to: Route::IntakeNotification { id: item.id }, "data-testid": "intake-open-{item.id}",
                    {InstText::Open.get(lang)}
                }
            }
        }
    }
}

/// Route `/intake/{id}`: one notification, to accept or return.
#[component]
pub fn IntakeNotificationPage(id: CaseNotificationId) -> Element {
    let lang = use_lang();
    let mut view = use_resource(use_reactive!(|id| api::case_notifications::get(id)));
    expire_on_401(view);
    let loaded = view.read().clone();
    rsx! {
        TitleText { title: InstText::IntakeDetailTitle.get(lang) }
        p { class: "back",
            Link { to: Route::Intake {}, "← " {InstText::BackToQueue.get(lang)} }
        }
        match loaded {
            None => rsx! { Loading {} },
            Some(Err(problem)) if problem.status == 401 => rsx! { Loading {} },
            Some(Err(problem)) => rsx! { ProblemNotice { problem, on_retry: move |_| view.restart() } },
            Some(Ok(current)) => {
                let summary = current.summary.clone();
                let waiting = summary.status == NotificationStatus::Submitted;
                rsx! {
                    div { class: "page-head",
                        h1 { {InstText::IntakeDetailTitle.get(lang)} }
                        StatusBadge { status: summary.status }
                    }
                    if let Some(at) = summary.submitted_at {
                        p { class: "muted",
                            {InstText::ColSubmitted.get(lang)} "："
                            time { datetime: at.to_rfc3339(), {format::local_date_time(at)} }
                        }
                    }
                    if let Some(existing) = current.possible_duplicate.clone() {
                        div { class: "notice notice-error", role: "status", "data-testid": "intake-possible-duplicate",
                            p { {InstText::PossibleDuplicate.get(lang)} " " {existing.case_number.clone()} }
                            p { Link { to: Route::Case { id: existing.id }, {InstText::OpenCase.get(lang)} } }
                        }
                    }
                    if !waiting {
                        p { class: "notice", role: "status", "data-testid": "intake-decided",
                            if summary.status == NotificationStatus::Returned {
                                {InstText::ReturnedDone.get(lang)}
                            } else {
                                {InstText::AlreadyDecided.get(lang)}
                            }
                        }
                        if let Some(case) = summary.case.clone() {
                            p { Link { to: Route::Case { id: case.id }, {InstText::OpenCase.get(lang)} " " {case.case_number} } }
                        }
                        if let Some(comment) = summary.return_comment.clone().filter(|_| summary.status == NotificationStatus::Returned) {
                            p { strong { {InstText::ReturnComment.get(lang)} "：" } {comment} }
                        }
                    }
                    div { class: "case-columns",
                        div { class: "case-main",
                            NotificationDetails {
                                form: current.form.clone(),
                                institution: summary.institution.clone(),
                                health_centre: summary.health_centre.clone(),
                            }
                        }
                        if waiting {
                            div { class: "case-side",
                                // Decided by a colleague meanwhile: reload, so the page says so.
                                AcceptPanel { id: summary.id, on_stale: move |_| view.restart() }
                                ReturnPanel {
                                    id: summary.id,
                                    on_returned: move |returned| view.set(Some(Ok(returned))),
                                    on_stale: move |_| view.restart(),
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
