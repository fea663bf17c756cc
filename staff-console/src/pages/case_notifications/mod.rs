//! Notifications of a case (発生届): a medical institution's list and form, and the health
//! centre's intake queue (`mimamori_shared::api::case_notifications`).

mod choices;
mod decision;
mod details;
mod editor;
mod fields;
mod intake;

pub use intake::{IntakeNotificationPage, IntakePage};

use crate::api;
use crate::components::{Loading, ProblemNotice, TitleText};
use crate::format;
use crate::route::Route;
use crate::state::{expire_session, use_lang, use_session};
use details::{NotificationDetails, StatusBadge};
use dioxus::prelude::*;
use editor::{Editor, take_flash};
use mimamori_shared::api::case_notifications::{NotificationStatus, NotificationSummary};
use mimamori_shared::i18n::staff_institution::InstText;
use mimamori_shared::ids::CaseNotificationId;

/// Sends the user to sign-in when a load answered 401.
fn expire_on_401<T: 'static>(resource: Resource<Result<T, mimamori_shared::api::Problem>>) {
    let session = use_session();
    use_effect(move || {
        if let Some(Err(problem)) = &*resource.read()
            && problem.status == 401
        {
            expire_session(session);
        }
    });
}

/// The patient's name, or a placeholder for a draft without one.
fn patient(lang: mimamori_shared::Lang, summary: &NotificationSummary) -> String {
    if summary.patient_name.trim().is_empty() {
        InstText::Unnamed.get(lang).to_owned()
    } else {
        summary.patient_name.clone()
    }
}

/// Route `/case-notifications`: the institution's own notifications, newest first.
#[component]
pub fn CaseNotificationsPage() -> Element {
    let lang = use_lang();
    let mut list = use_resource(|| api::case_notifications::list(None));
    expire_on_401(list);
    let loaded = list.read().clone();
    rsx! {
        TitleText { title: InstText::ListTitle.get(lang) }
        div { class: "page-head",
            h1 { {InstText::ListTitle.get(lang)} }
            Link { class: "button button-primary", to: Route::NewCaseNotification {},
                "data-testid": "cn-new",
                {InstText::NewNotification.get(lang)}
            }
        }
        p { class: "lead", {InstText::ListIntro.get(lang)} }
        match loaded {
            None => rsx! { Loading {} },
            Some(Err(problem)) if problem.status == 401 => rsx! { Loading {} },
            Some(Err(problem)) => rsx! { ProblemNotice { problem, on_retry: move |_| list.restart() } },
            Some(Ok(list)) if list.items.is_empty() => rsx! {
                p { class: "notice", "data-testid": "cn-empty", {InstText::ListEmpty.get(lang)} }
            },
            Some(Ok(list)) => {
                let mut items = list.items.clone();
                // Newest first, whatever order the server used.
                items.sort_by_key(|n| std::cmp::Reverse(n.updated_at));
                rsx! {
                    div { class: "table-scroll",
                        table { class: "audit-table cn-table", "data-testid": "cn-list",
                            thead {
                                tr {
                                    th { scope: "col", {InstText::ColPatient.get(lang)} }
                                    th { scope: "col", {InstText::ColDiagnosis.get(lang)} }
                                    th { scope: "col", {InstText::ColStatus.get(lang)} }
                                    th { scope: "col", {InstText::ColUpdated.get(lang)} }
                                    th { scope: "col", span { class: "visually-hidden", {InstText::Open.get(lang)} } }
                                }
                            }
                            tbody {
                                for item in items {
                                    ListRow { key: "{item.id}", item }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// One row of the institution's list.
#[component]
fn ListRow(item: NotificationSummary) -> Element {
    let lang = use_lang();
    let editable = matches!(
        item.status,
        NotificationStatus::Draft | NotificationStatus::Returned
    );
    rsx! {
        tr { "data-testid": "cn-row-{item.id}",
            td {
                span { class: "cn-patient", {patient(lang, &item)} }
                if !item.patient_kana.is_empty() {
                    br {}
                    span { class: "muted", lang: "ja", {item.patient_kana.clone()} }
                }
            }
            td { {item.diagnosis_date.map(format::date).unwrap_or_default()} }
            td {
                StatusBadge { status: item.status }
                if let Some(comment) = item.return_comment.clone().filter(|_| item.status == NotificationStatus::Returned) {
                    p { class: "cn-return-comment", "data-testid": "cn-return-comment",
                        strong { {InstText::ReturnComment.get(lang)} "：" }
                        {comment}
                    }
                }
                if let Some(case) = item.case.clone() {
                    p { class: "muted", {InstText::CaseLink.get(lang)} " " {case.case_number} }
                }
            }
            td {
                time { datetime: item.updated_at.to_rfc3339(), {format::local_date_time(item.updated_at)} }
            }
            td {
                Link { to: Route::CaseNotification { id: item.id }, "data-testid": "cn-open-{item.id}",
                    if editable { {InstText::Edit.get(lang)} } else { {InstText::Open.get(lang)} }
                }
            }
        }
    }
}

/// Route `/case-notifications/new`: a new notification from the defaults.
#[component]
pub fn NewCaseNotificationPage() -> Element {
    let lang = use_lang();
    let mut defaults = use_resource(api::case_notifications::defaults);
    expire_on_401(defaults);
    let loaded = defaults.read().clone();
    rsx! {
        TitleText { title: InstText::NewTitle.get(lang) }
        p { class: "back",
            Link { to: Route::CaseNotifications {}, "← " {InstText::BackToList.get(lang)} }
        }
        h1 { {InstText::NewTitle.get(lang)} }
        p { class: "lead", {InstText::FormIntro.get(lang)} }
        match loaded {
            None => rsx! { Loading {} },
            Some(Err(problem)) if problem.status == 401 => rsx! { Loading {} },
            Some(Err(problem)) => rsx! { ProblemNotice { problem, on_retry: move |_| defaults.restart() } },
            Some(Ok(defaults)) => rsx! {
                Editor {
                    id: None,
                    institution: defaults.institution,
                    health_centre: defaults.health_centre,
                    initial: defaults.form,
                    on_saved: move |_| {},
                }
            },
        }
    }
}

/// Route `/case-notifications/{id}`: a draft or returned notification to edit, or a submitted
/// or accepted one to read.
#[component]
pub fn CaseNotificationPage(id: CaseNotificationId) -> Element {
    let lang = use_lang();
    let mut view = use_resource(use_reactive!(|id| api::case_notifications::get(id)));
    expire_on_401(view);
    let loaded = view.read().clone();
    rsx! {
        TitleText { title: InstText::EditTitle.get(lang) }
        p { class: "back",
            Link { to: Route::CaseNotifications {}, "← " {InstText::BackToList.get(lang)} }
        }
        match loaded {
            None => rsx! { Loading {} },
            Some(Err(problem)) if problem.status == 401 => rsx! { Loading {} },
            Some(Err(problem)) => rsx! { ProblemNotice { problem, on_retry: move |_| view.restart() } },
            Some(Ok(current)) => {
                let summary = current.summary.clone();
                let editable = matches!(
                    summary.status,
                    NotificationStatus::Draft | NotificationStatus::Returned
                );
                rsx! {
                    div { class: "page-head",
                        h1 { {InstText::EditTitle.get(lang)} }
                        StatusBadge { status: summary.status }
                    }
                    if summary.status == NotificationStatus::Returned {
                        div { class: "notice notice-error", role: "status", "data-testid": "cn-returned",
                            p { {InstText::ReturnedNotice.get(lang)} }
                            if let Some(comment) = summary.return_comment.clone() {
                                p {
                                    strong { {InstText::ReturnComment.get(lang)} "：" }
                                    span { "data-testid": "cn-return-comment", {comment} }
                                }
                            }
                        }
                    }
                    if editable {
                        Editor {
                            key: "{summary.id}",
                            id: Some(summary.id),
                            institution: summary.institution.clone(),
                            health_centre: summary.health_centre.clone(),
                            initial: current.form.clone(),
                            on_saved: move |saved| view.set(Some(Ok(saved))),
                        }
                    } else {
                        ReadOnly {
                            status: summary.status,
                            case_number: summary.case.map(|c| c.case_number),
                            details: rsx! {
                                NotificationDetails {
                                    form: current.form.clone(),
                                    institution: summary.institution.clone(),
                                    health_centre: summary.health_centre.clone(),
                                }
                            },
                        }
                    }
                }
            }
        }
    }
}

/// A submitted or accepted notification: the notice (and the one left by the submission).
#[component]
fn ReadOnly(status: NotificationStatus, case_number: Option<String>, details: Element) -> Element {
    let lang = use_lang();
    let flash = use_signal(take_flash);
    rsx! {
        if let Some(text) = flash() {
            p { class: "notice notice-ok", role: "status", "data-testid": "cn-notice", "data-notice": "ok",
                {text.get(lang)}
            }
        }
        p { class: "notice", "data-testid": "cn-readonly", {InstText::ReadOnlyNotice.get(lang)} }
        if let Some(number) = case_number.filter(|_| status == NotificationStatus::Accepted) {
            p { class: "muted", {InstText::CaseLink.get(lang)} " " {number} }
        }
        {details}
    }
}
