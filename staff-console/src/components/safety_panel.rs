//! Clinical-safety panels of a case record (docs/triage.md): the review gate's banner, the
//! case's own SpO2 thresholds (doctors set them) and extending the follow-up period (doctors
//! and the health centre).

use crate::api;
use crate::case_forms::field_message;
use crate::components::{ActionProblem, ErrorBeside, error_beside_id};
use crate::state::{expire_session, use_lang, use_session};
use dioxus::prelude::*;
use mimamori_shared::api::case_actions::{ExtendFollowUp, SetCaseThresholds};
use mimamori_shared::api::cases::{CaseThresholdView, CaseView};
use mimamori_shared::api::{FieldError, Problem};
use mimamori_shared::end_review::EndReviewSign;
use mimamori_shared::i18n::staff_safety::{SafetyText, end_review_sign};
use mimamori_shared::ids::CaseId;

/// Why the review gate holds the case (status `end_review`).
#[component]
pub fn EndReviewBanner(signs: Vec<EndReviewSign>) -> Element {
    let lang = use_lang();
    rsx! {
        section { class: "panel panel-danger", role: "alert", "data-testid": "end-review",
            h2 { {SafetyText::EndReviewTitle.get(lang)} }
            p { {SafetyText::EndReviewBody.get(lang)} }
            ul {
                for sign in signs {
                    li { key: "{sign:?}", {end_review_sign(lang, sign)} }
                }
            }
        }
    }
}

/// A number typed into a field: `None` when empty, the text's number otherwise (the server
/// reports a value out of range beside the field; text that is no number is sent as 0).
fn number(text: &str) -> Option<i64> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.parse().unwrap_or(0))
}

/// The case's own SpO2 thresholds: what is in force, and for doctors a form to change it.
#[component]
pub fn ThresholdsPanel(
    case_id: CaseId,
    current: Option<CaseThresholdView>,
    can_set: bool,
    on_changed: EventHandler<CaseView>,
) -> Element {
    let lang = use_lang();
    let session = use_session();
    let in_force = current.as_ref().and_then(|c| c.thresholds);
    let mut red = use_signal(|| {
        in_force
            .map(|t| t.spo2_red_at_most.to_string())
            .unwrap_or_default()
    });
    let mut amber = use_signal(|| {
        in_force
            .map(|t| t.spo2_amber_at_most.to_string())
            .unwrap_or_default()
    });
    let mut reason = use_signal(String::new);
    let mut errors = use_signal(Vec::<FieldError>::new);
    let mut problem = use_signal(|| None::<Problem>);
    let mut busy = use_signal(|| false);
    let mut send = move |clear: bool| {
        if busy() {
            return;
        }
        let request = SetCaseThresholds {
            spo2_red_at_most: if clear { None } else { number(&red()) },
            spo2_amber_at_most: if clear { None } else { number(&amber()) },
            reason: reason(),
        };
        busy.set(true);
        problem.set(None);
        spawn(async move {
            let result = api::set_thresholds(case_id, &request).await;
            busy.set(false);
            match result {
                Ok(view) => {
                    errors.set(Vec::new());
                    reason.set(String::new());
                    on_changed.call(view);
                }
                Err(failed) if failed.status == 401 => expire_session(session),
                Err(failed) if !failed.errors.is_empty() => errors.set(failed.errors),
                Err(failed) => problem.set(Some(failed)),
            }
        });
    };
    let red_error = field_message(lang, &errors.read(), "spo2_red_at_most");
    let amber_error = field_message(lang, &errors.read(), "spo2_amber_at_most");
    let reason_error = field_message(lang, &errors.read(), "reason");
    rsx! {
        section { class: "panel", "data-testid": "thresholds", "aria-labelledby": "thresholds-heading",
            h2 { id: "thresholds-heading", {SafetyText::ThresholdsTitle.get(lang)} }
            match (&current, in_force) {
                (Some(view), Some(t)) => rsx! {
                    p { "data-testid": "thresholds-in-force",
                        {format!("{} ≤ {} % · {} ≤ {} %", SafetyText::RedAtMost.get(lang), t.spo2_red_at_most,
                            SafetyText::AmberAtMost.get(lang), t.spo2_amber_at_most)}
                    }
                    p { class: "hint", {format!("v{} · {}", view.version, view.reason)} }
                },
                _ => rsx! { p { class: "hint", {SafetyText::ThresholdsDefault.get(lang)} } },
            }
            if can_set {
                form { class: "action-form", novalidate: true,
                    onsubmit: move |evt: FormEvent| { evt.prevent_default(); send(false) },
                    div { class: "field",
                        label { r#for: "threshold-red", {SafetyText::RedAtMost.get(lang)} }
                        input { id: "threshold-red", r#type: "number", inputmode: "numeric",
                            value: red(), oninput: move |e| red.set(e.value()),
                            "aria-invalid": red_error.is_some().to_string(),
                            "aria-describedby": red_error.map(|_| error_beside_id("threshold", "red")),
                        }
                        ErrorBeside { id: error_beside_id("threshold", "red"), message: red_error }
                    }
                    div { class: "field",
                        label { r#for: "threshold-amber", {SafetyText::AmberAtMost.get(lang)} }
                        input { id: "threshold-amber", r#type: "number", inputmode: "numeric",
                            value: amber(), oninput: move |e| amber.set(e.value()),
                            "aria-invalid": amber_error.is_some().to_string(),
                            "aria-describedby": amber_error.map(|_| error_beside_id("threshold", "amber")),
                        }
                        ErrorBeside { id: error_beside_id("threshold", "amber"), message: amber_error }
                    }
                    div { class: "field",
                        label { r#for: "threshold-reason", {SafetyText::Reason.get(lang)} }
                        textarea { id: "threshold-reason", rows: 2, value: reason(),
                            oninput: move |e| reason.set(e.value()),
                            "aria-invalid": reason_error.is_some().to_string(),
                            "aria-describedby": reason_error.map(|_| error_beside_id("threshold", "reason")),
                        }
                        ErrorBeside { id: error_beside_id("threshold", "reason"), message: reason_error }
                    }
                    if let Some(failed) = problem() {
                        ActionProblem { problem: failed }
                    }
                    div { class: "actions",
                        button { r#type: "submit", class: "button", disabled: busy(),
                            "data-testid": "save-thresholds", {SafetyText::SaveThresholds.get(lang)}
                        }
                        if in_force.is_some() {
                            button { r#type: "button", class: "button button-quiet", disabled: busy(),
                                onclick: move |_| send(true), {SafetyText::ClearThresholds.get(lang)}
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Extends the follow-up period by some days, with a reason.
#[component]
pub fn ExtendPanel(case_id: CaseId, on_extended: EventHandler<CaseView>) -> Element {
    let lang = use_lang();
    let session = use_session();
    let mut days = use_signal(String::new);
    let mut reason = use_signal(String::new);
    let mut errors = use_signal(Vec::<FieldError>::new);
    let mut problem = use_signal(|| None::<Problem>);
    let mut busy = use_signal(|| false);
    let onsubmit = move |evt: FormEvent| {
        evt.prevent_default();
        if busy() {
            return;
        }
        let request = ExtendFollowUp {
            days: number(&days()),
            reason: reason(),
        };
        busy.set(true);
        problem.set(None);
        spawn(async move {
            let result = api::extend_follow_up(case_id, &request).await;
            busy.set(false);
            match result {
                Ok(view) => {
                    errors.set(Vec::new());
                    on_extended.call(view);
                }
                Err(failed) if failed.status == 401 => expire_session(session),
                Err(failed) if !failed.errors.is_empty() => errors.set(failed.errors),
                Err(failed) => problem.set(Some(failed)),
            }
        });
    };
    let days_error = field_message(lang, &errors.read(), "days");
    let reason_error = field_message(lang, &errors.read(), "reason");
    rsx! {
        section { class: "panel", "data-testid": "extend-follow-up", "aria-labelledby": "extend-heading",
            h2 { id: "extend-heading", {SafetyText::ExtendTitle.get(lang)} }
            form { class: "action-form", novalidate: true, onsubmit,
                div { class: "field",
                    label { r#for: "extend-days", {SafetyText::ExtendDays.get(lang)} }
                    input { id: "extend-days", r#type: "number", inputmode: "numeric", min: "1", max: "30",
                        value: days(), oninput: move |e| days.set(e.value()),
                        "aria-invalid": days_error.is_some().to_string(),
                        "aria-describedby": days_error.map(|_| error_beside_id("extend", "days")),
                    }
                    ErrorBeside { id: error_beside_id("extend", "days"), message: days_error }
                }
                div { class: "field",
                    label { r#for: "extend-reason", {SafetyText::Reason.get(lang)} }
                    textarea { id: "extend-reason", rows: 2, value: reason(),
                        oninput: move |e| reason.set(e.value()),
                        "aria-invalid": reason_error.is_some().to_string(),
                        "aria-describedby": reason_error.map(|_| error_beside_id("extend", "reason")),
                    }
                    ErrorBeside { id: error_beside_id("extend", "reason"), message: reason_error }
                }
                if let Some(failed) = problem() {
                    ActionProblem { problem: failed }
                }
                button { r#type: "submit", class: "button", disabled: busy(), "data-testid": "extend",
                    {SafetyText::Extend.get(lang)}
                }
            }
        }
    }
}
