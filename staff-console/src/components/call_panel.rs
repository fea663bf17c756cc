//! The call log (架電記録): a short form — outcome as radio buttons, a note — and the calls
//! made so far, newest first.

use crate::api;
use crate::case_forms::{CallForm, field_message, has_other_than};
use crate::components::{ActionProblem, ErrorBeside, error_beside_id};
use crate::format;
use crate::state::{expire_session, use_lang, use_session};
use dioxus::prelude::*;
use mimamori_shared::api::cases::{CallOutcome, CaseEventView};
use mimamori_shared::api::{FieldError, Problem};
use mimamori_shared::i18n::staff_case::{self, CaseText};
use mimamori_shared::ids::CaseId;

/// The calls panel (`data-testid="calls"`). The form is there only with `can_log`;
/// `on_logged` gets the stored call after a 201.
#[component]
pub fn CallPanel(
    case_id: CaseId,
    calls: Vec<CaseEventView>,
    can_log: bool,
    on_logged: EventHandler<CaseEventView>,
) -> Element {
    let lang = use_lang();
    rsx! {
        section { class: "panel", "data-testid": "calls", "aria-labelledby": "calls-heading",
            h2 { id: "calls-heading", {CaseText::Calls.get(lang)} }
            if can_log {
                NewCallForm { case_id, on_logged }
            }
            if calls.is_empty() {
                p { class: "empty", "data-testid": "no-calls", {CaseText::NoCalls.get(lang)} }
            } else {
                ol { class: "event-list",
                    for call in calls {
                        li { key: "{call.id}", class: "event", "data-testid": "call",
                            "data-outcome": call.outcome.clone().unwrap_or_default(),
                            div { class: "event-head",
                                time { datetime: call.at.to_rfc3339(), {format::local_date_time(call.at)} }
                                if let Some(outcome) = call.call_outcome() {
                                    span { class: if outcome == CallOutcome::Reached { "tag" } else { "tag tag-warn" },
                                        {staff_case::call_outcome(lang, outcome)}
                                    }
                                }
                                span { class: "muted",
                                    {CaseText::By.get(lang)} ": "
                                    {call.actor_name.clone().unwrap_or_default()}
                                }
                            }
                            if !call.note.is_empty() {
                                p { class: "note", {call.note.clone()} }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Outcome and note of a new call.
#[component]
fn NewCallForm(case_id: CaseId, on_logged: EventHandler<CaseEventView>) -> Element {
    let lang = use_lang();
    let session = use_session();
    let mut form = use_signal(CallForm::default);
    let mut errors = use_signal(Vec::<FieldError>::new);
    let mut problem = use_signal(|| None::<Problem>);
    let mut saving = use_signal(|| false);
    let mut saved = use_signal(|| false);

    let onsubmit = move |evt: FormEvent| {
        evt.prevent_default();
        if saving() {
            return;
        }
        saved.set(false);
        problem.set(None);
        let request = match form.read().to_request() {
            Ok(request) => request,
            Err(invalid) => {
                errors.set(invalid);
                return;
            }
        };
        errors.set(Vec::new());
        saving.set(true);
        spawn(async move {
            let result = api::create_call(case_id, &request).await;
            saving.set(false);
            match result {
                Ok(call) => {
                    on_logged.call(call);
                    form.set(CallForm::default());
                    saved.set(true);
                }
                Err(failed) if failed.status == 401 => expire_session(session),
                Err(failed) => {
                    if failed.errors.is_empty() || has_other_than(&failed.errors, &CallForm::FIELDS)
                    {
                        problem.set(Some(failed.clone()));
                    }
                    errors.set(failed.errors);
                }
            }
        });
    };

    let current = form.read().clone();
    let outcome_error = field_message(lang, &errors.read(), "outcome");
    let note_error = field_message(lang, &errors.read(), "note");
    rsx! {
        form { class: "action-form", novalidate: true, onsubmit,
            h3 { {CaseText::NewCall.get(lang)} }
            fieldset {
                class: "choice-group",
                "aria-invalid": outcome_error.is_some().to_string(),
                "aria-describedby": outcome_error.map(|_| error_beside_id("call", "outcome")),
                legend {
                    {CaseText::CallOutcome.get(lang)}
                    " "
                    span { class: "required", {mimamori_shared::i18n::staff::Text::Required.get(lang)} }
                }
                for outcome in CallOutcome::ALL.iter().copied() {
                    label { key: "{outcome.as_str()}", class: "choice", r#for: "call-outcome-{outcome.as_str()}",
                        input {
                            id: "call-outcome-{outcome.as_str()}",
                            r#type: "radio",
                            name: "outcome",
                            value: outcome.as_str(),
                            checked: current.outcome == Some(outcome),
                            onchange: move |_| {
                                form.write().outcome = Some(outcome);
                                saved.set(false);
                            },
                        }
                        {staff_case::call_outcome(lang, outcome)}
                    }
                }
                ErrorBeside { id: error_beside_id("call", "outcome"), message: outcome_error }
            }
            div { class: "field",
                label { r#for: "call-note", {CaseText::CallNote.get(lang)} }
                textarea {
                    id: "call-note",
                    name: "note",
                    rows: 2,
                    "aria-invalid": note_error.is_some().to_string(),
                    "aria-describedby": note_error.map(|_| error_beside_id("call", "note")),
                    value: current.note.clone(),
                    oninput: move |e| form.write().note = e.value(),
                }
                ErrorBeside { id: error_beside_id("call", "note"), message: note_error }
            }
            if let Some(failed) = problem() {
                ActionProblem { problem: failed }
            }
            p { class: "status", role: "status",
                if saved() {
                    span { class: "notice notice-ok", "data-testid": "call-saved", {CaseText::CallSaved.get(lang)} }
                }
            }
            div { class: "actions",
                button {
                    r#type: "submit",
                    class: "button button-primary",
                    "data-testid": "call-submit",
                    disabled: saving(),
                    if saving() { {CaseText::Saving.get(lang)} } else { {CaseText::SaveCall.get(lang)} }
                }
            }
        }
    }
}
