//! The case timeline (経過記録): calls, escalations, assignments, invitations, reminders and the
//! end of follow-up, newest first, each with who did it and from which organisation.

use crate::format;
use crate::state::use_lang;
use dioxus::prelude::*;
use mimamori_shared::api::cases::{CaseEventKind, CaseEventView};
use mimamori_shared::api::inpatient::InpatientOutcome;
use mimamori_shared::i18n::staff_case::{self, CaseText};
use mimamori_shared::i18n::staff_inpatient;

/// The timeline panel (`data-testid="timeline"`).
#[component]
pub fn CaseTimeline(events: Vec<CaseEventView>) -> Element {
    let lang = use_lang();
    rsx! {
        section { class: "panel", "data-testid": "timeline", "aria-labelledby": "timeline-heading",
            h2 { id: "timeline-heading", {CaseText::Timeline.get(lang)} }
            if events.is_empty() {
                p { class: "empty", {CaseText::NoEvents.get(lang)} }
            } else {
                ol { class: "event-list timeline",
                    for event in events {
                        TimelineEntry { key: "{event.id}", event }
                    }
                }
            }
        }
    }
}

#[component]
fn TimelineEntry(event: CaseEventView) -> Element {
    let lang = use_lang();
    // An inpatient report's outcome is its 転帰 code.
    let inpatient = match event.kind {
        CaseEventKind::Inpatient => event.outcome.as_deref().and_then(InpatientOutcome::parse),
        _ => None,
    };
    let outcome = match (event.call_outcome(), event.end_reason(), inpatient) {
        (Some(outcome), _, _) => Some(staff_case::call_outcome(lang, outcome).to_owned()),
        (None, Some(reason), _) => Some(staff_case::end_reason(lang, reason).to_owned()),
        (None, None, Some(outcome)) => Some(staff_inpatient::outcome(lang, outcome).to_owned()),
        _ => event
            .outcome
            .clone()
            .map(|code| staff_case::other_outcome(lang, &code).map_or(code, str::to_owned)),
    };
    let actor = match (&event.actor_name, &event.actor_org) {
        (Some(name), Some(org)) => format!("{name}（{org}）"),
        (Some(name), None) => name.clone(),
        (None, Some(org)) => org.clone(),
        (None, None) => CaseText::System.get(lang).to_owned(),
    };
    let strong = matches!(event.kind, CaseEventKind::Escalation | CaseEventKind::Ended)
        || inpatient.is_some_and(InpatientOutcome::in_hospital);
    rsx! {
        li {
            class: if strong { "event event-strong" } else { "event" },
            "data-testid": "timeline-event",
            "data-kind": event.kind.as_str(),
            div { class: "event-head",
                time { datetime: event.at.to_rfc3339(), {format::local_date_time(event.at)} }
                strong { {staff_case::event_kind(lang, event.kind)} }
                if let Some(outcome) = outcome {
                    span { class: "tag", {outcome} }
                }
                span { class: "muted", {CaseText::By.get(lang)} ": " {actor} }
                if let Some(org) = event.related_org.clone() {
                    span { class: "muted", {CaseText::To.get(lang)} ": " {org} }
                }
            }
            if !event.note.is_empty() {
                p { class: "note", {event.note.clone()} }
            }
        }
    }
}
