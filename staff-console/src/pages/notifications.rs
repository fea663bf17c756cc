//! Route `/notifications`: the caller's notifications, newest first — red reports, escalations,
//! cut-off summaries, notifications (発生届) submitted, returned or accepted, admissions,
//! discharges and deaths — each linking to its case or notification, with "mark read" one by
//! one or all at once.

use crate::api;
use crate::components::{ProblemNotice, TitleText};
use crate::format;
use crate::route::Route;
use crate::state::{expire_session, use_lang, use_session};
use dioxus::prelude::*;
use mimamori_shared::api::Problem;
use mimamori_shared::api::staff_notifications::{
    MarkNotificationsRead, NotificationKind, NotificationView,
};
use mimamori_shared::i18n::staff_notifications::{NoticeText, kind_label};
use mimamori_shared::ids::CaseNotificationId;

/// Notifications of one page.
const PAGE: u32 = 50;

/// The notifications page.
#[component]
pub fn NotificationsPage() -> Element {
    let lang = use_lang();
    let session = use_session();
    let mut items = use_signal(Vec::<NotificationView>::new);
    let mut next = use_signal(|| None::<i64>);
    let mut unread = use_signal(|| 0_u64);
    let mut problem = use_signal(|| None::<Problem>);
    let mut loaded = use_signal(|| false);

    let load = move |before: Option<i64>| {
        spawn(async move {
            match api::notifications::list(before, PAGE).await {
                Ok(list) => {
                    if before.is_none() {
                        items.set(list.items);
                    } else {
                        items.write().extend(list.items);
                    }
                    next.set(list.next);
                    unread.set(list.unread);
                    problem.set(None);
                }
                Err(failed) if failed.status == 401 => expire_session(session),
                Err(failed) => problem.set(Some(failed)),
            }
            loaded.set(true);
        });
    };
    use_hook(move || load(None));

    let mark = move |request: MarkNotificationsRead| {
        spawn(async move {
            match api::notifications::mark_read(&request).await {
                Ok(_) => load(None),
                Err(failed) if failed.status == 401 => expire_session(session),
                Err(failed) => problem.set(Some(failed)),
            }
        });
    };

    rsx! {
        TitleText { title: NoticeText::Title.get(lang) }
        div { class: "page-head",
            h1 { {NoticeText::Title.get(lang)} }
            if unread() > 0 {
                button {
                    r#type: "button",
                    class: "button",
                    "data-testid": "notifications-mark-all",
                    onclick: move |_| mark(MarkNotificationsRead { ids: Vec::new(), all: true }),
                    {NoticeText::MarkAllRead.get(lang)}
                }
            }
        }
        if let Some(failed) = problem() {
            ProblemNotice { problem: failed }
        }
        if loaded() && items.read().is_empty() {
            p { class: "muted", "data-testid": "notifications-empty", {NoticeText::Empty.get(lang)} }
        }
        ul { class: "notification-list", "data-testid": "notification-list",
            for item in items.read().iter().cloned() {
                li {
                    key: "{item.id}",
                    class: if item.read_at.is_none() { "notification unread" } else { "notification" },
                    "data-testid": "notification",
                    "data-kind": item.kind.as_str(),
                    div { class: "notification-head",
                        strong { {kind_label(item.kind, lang)} }
                        " "
                        span { class: "muted", {format::local_date_time(item.created_at)} }
                        if item.read_at.is_none() {
                            " "
                            span { class: "tag", {NoticeText::Unread.get(lang)} }
                        }
                    }
                    NotificationBody { item: item.clone() }
                    if item.read_at.is_none() {
                        button {
                            r#type: "button",
                            class: "button button-quiet",
                            onclick: move |_| mark(MarkNotificationsRead { ids: vec![item.id], all: false }),
                            {NoticeText::MarkRead.get(lang)}
                        }
                    }
                }
            }
        }
        if let Some(before) = next() {
            button {
                r#type: "button",
                class: "button",
                onclick: move |_| load(Some(before)),
                {NoticeText::Older.get(lang)}
            }
        }
    }
}

/// What one notification says: its case or notification (発生届), or the summary's counts and
/// cases.
#[component]
fn NotificationBody(item: NotificationView) -> Element {
    let lang = use_lang();
    rsx! {
        if let Some(id) = item.notification_id {
            p {
                Link { to: notification_route(item.kind, id), "data-testid": "notification-record",
                    "{NoticeText::NotificationNumber.get(lang)}{id} — {NoticeText::OpenNotification.get(lang)}"
                }
                if let Some(number) = item.case_number.clone() {
                    " · {NoticeText::CaseNumber.get(lang)} {number}"
                }
            }
        }
        if let Some(name) = item.organisation_name.clone() {
            p { "data-testid": "notification-organisation", {name} }
        }
        if let (Some(case_id), Some(number)) = (item.case_id, item.case_number.clone()) {
            p {
                Link { to: Route::Case { id: case_id }, "data-testid": "notification-case",
                    "{number} — {NoticeText::OpenCase.get(lang)}"
                }
            }
        }
        if let (Some(date), Some(slot)) = (item.slot_date, item.slot) {
            p {
                {format::date(date)}
                " "
                if slot >= 2 { {NoticeText::SlotAfternoon.get(lang)} } else { {NoticeText::SlotMorning.get(lang)} }
                " · "
                {NoticeText::NotReported.get(lang)}
                " {item.not_reported.unwrap_or(0)} · "
                {NoticeText::Silent.get(lang)}
                " {item.silent.unwrap_or(0)}"
            }
            ul { class: "summary-cases",
                for case in item.cases.iter() {
                    li { key: "{case.id}",
                        Link { to: Route::Case { id: case.id }, {case.case_number.clone()} }
                        if case.silent {
                            " "
                            span { class: "tag tag-warn", {NoticeText::Silent.get(lang)} }
                        }
                    }
                }
            }
            if item.not_reported.unwrap_or(0) as usize > item.cases.len() {
                p { class: "muted",
                    {NoticeText::More.get(lang)}
                    " {item.not_reported.unwrap_or(0) as usize - item.cases.len()}"
                }
            }
        }
    }
}

/// The page of a notification (発生届) for a notice of `kind`: the health centre decides on a
/// submitted one in its intake; the institution reads (or corrects) its own.
fn notification_route(kind: NotificationKind, id: CaseNotificationId) -> Route {
    match kind {
        NotificationKind::CaseNotificationSubmitted => Route::IntakeNotification { id },
        _ => Route::CaseNotification { id },
    }
}
