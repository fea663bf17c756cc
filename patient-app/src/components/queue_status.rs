//! What the patient sees of the offline queue: "waiting to send" (送信待ち) for a report kept on
//! the phone, then "sent" (送信しました) once it has gone.
//!
//! Screen readers hear the queue through one live region, [`QueueAnnouncer`], in the frame of
//! every page: it speaks when waiting reports have gone. The waiting view of a report just made
//! takes focus itself, so it is read at once without the announcer repeating it.

use super::DangerAdvice;
use crate::forms::fill;
use crate::state::use_app_state;
use crate::sync;
use chrono::{DateTime, Local, Utc};
use dioxus::prelude::*;
use mimamori_shared::api::auth::PatientCaseView;
use mimamori_shared::i18n::patient::Text;
use mimamori_shared::ids::CaseId;
use mimamori_shared::{Flag, Lang};

/// Id of the waiting view's heading; focus moves there when a report has to wait (unless red).
pub const QUEUED_HEADING_ID: &str = "queued-heading";

/// The button that sends the waiting reports now (`data-testid="queue-send-now"`).
#[component]
fn SendNowButton(lang: Lang) -> Element {
    let state = use_app_state();
    let sending = state.outbox().read().sending();
    rsx! {
        button {
            r#type: "button",
            class: "button button-secondary",
            "data-testid": "queue-send-now",
            aria_disabled: if sending { "true" } else { "false" },
            onclick: move |_| {
                if !state.outbox().peek().sending() {
                    spawn(sync::flush(state));
                }
            },
            if sending {
                "{Text::Sending.get(lang)}"
            } else {
                "{Text::QueueSendNow.get(lang)}"
            }
        }
    }
}

/// "Last tried at 08:15", in the phone's time zone, once an attempt found no network.
fn last_tried(at: Option<DateTime<Utc>>, lang: Lang) -> Option<String> {
    let time = at?.with_timezone(&Local).format("%H:%M").to_string();
    Some(fill(Text::QueueLastTried.get(lang), &[("time", &time)]))
}

/// A report just made that waits for the network (`data-testid="queued-report"`): danger
/// advice first when red, then what happens to the report.
#[component]
pub fn QueuedReport(
    case: PatientCaseView,
    /// The app's own judgement of the report.
    local: Flag,
    lang: Lang,
    on_done: EventHandler<()>,
) -> Element {
    let state = use_app_state();
    let tried = last_tried(state.outbox().read().last_failed, lang);
    rsx! {
        div { class: "queued", "data-testid": "queued-report",
            if local == Flag::Red {
                DangerAdvice {
                    health_centre: case.health_centre.clone(),
                    lang,
                    not_sent: true,
                    queued: true,
                }
            }
            section { class: "queue-card", aria_labelledby: QUEUED_HEADING_ID,
                h2 { id: QUEUED_HEADING_ID, class: "result-title", tabindex: "-1",
                    "{Text::QueueWaitingTitle.get(lang)}"
                }
                p { class: "result-who", "{case.name}" }
                p { "data-testid": "queue-status", "data-state": "waiting",
                    "{Text::QueueWaitingBody.get(lang)}"
                }
                if let Some(tried) = tried {
                    p { class: "field-hint", "data-testid": "queue-last-tried", "{tried}" }
                }
                div { class: "actions",
                    SendNowButton { lang }
                    button {
                        r#type: "button",
                        class: "button button-primary",
                        "data-testid": "queued-done",
                        onclick: move |_| on_done.call(()),
                        "{Text::ResultDone.get(lang)}"
                    }
                }
            }
        }
    }
}

/// Above the report form: reports of this account still waiting on the phone, or those that
/// have just gone (`data-testid="outbox-status"`, `data-state="waiting|sent"`), and a report the
/// server refused for good (`data-testid="outbox-refused"`).
#[component]
pub fn QueueBanner(cases: Vec<CaseId>, lang: Lang) -> Element {
    let state = use_app_state();
    let mut outbox = state.outbox();
    let (waiting, sent, refused, tried) = {
        let current = outbox.read();
        (
            current.waiting_for(&cases),
            current.sent_unseen,
            current.refused_unseen,
            last_tried(current.last_failed, lang),
        )
    };
    rsx! {
        if waiting > 0 {
            div { class: "notice queue-notice", "data-testid": "outbox-status", "data-state": "waiting",
                p { class: "queue-notice-title",
                    "{Text::QueueWaitingTitle.get(lang)}"
                }
                p { {fill(Text::QueueWaitingCount.get(lang), &[("n", &waiting.to_string())])} }
                if let Some(tried) = tried {
                    p { class: "field-hint", "data-testid": "queue-last-tried", "{tried}" }
                }
                SendNowButton { lang }
            }
        } else if sent > 0 {
            div { class: "notice queue-notice queue-notice-sent", "data-testid": "outbox-status", "data-state": "sent",
                p { class: "queue-notice-title",
                    "{Text::QueueSentTitle.get(lang)}"
                }
                p { {fill(Text::QueueSentCount.get(lang), &[("n", &sent.to_string())])} }
                button {
                    r#type: "button",
                    class: "button button-secondary",
                    "data-testid": "outbox-close",
                    onclick: move |_| outbox.write().sent_unseen = 0,
                    "{Text::Close.get(lang)}"
                }
            }
        }
        if refused > 0 {
            div { class: "notice notice-error", "data-testid": "outbox-refused",
                p { "{Text::QueueRefused.get(lang)}" }
                button {
                    r#type: "button",
                    class: "button button-secondary",
                    onclick: move |_| outbox.write().refused_unseen = 0,
                    "{Text::Close.get(lang)}"
                }
            }
        }
    }
}

/// The queue's voice for screen readers, in the frame of every page: a polite live region,
/// present from the start (a region that appears with its text is often not read out).
#[component]
pub fn QueueAnnouncer() -> Element {
    let state = use_app_state();
    let lang = state.lang();
    let announcement = state.outbox().read().announcement;
    rsx! {
        p {
            class: "visually-hidden",
            role: "status",
            aria_live: "polite",
            "data-testid": "queue-announcer",
            if let Some(text) = announcement {
                "{text.get(lang)}"
            }
        }
    }
}
