//! Escalation to the health centre (doctors): a note saying why, kept in the timeline that the
//! health centre sees too.

use crate::api;
use crate::case_forms::{EscalationForm, field_message, has_other_than};
use crate::components::{ActionProblem, ErrorBeside, error_beside_id};
use crate::state::{expire_session, use_lang, use_session};
use dioxus::prelude::*;
use mimamori_shared::api::cases::CaseEventView;
use mimamori_shared::api::{FieldError, Problem};
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::i18n::staff_case::CaseText;
use mimamori_shared::ids::CaseId;

/// The escalation panel (`data-testid="escalation"`); `on_escalated` gets the timeline entry.
#[component]
pub fn EscalationPanel(case_id: CaseId, on_escalated: EventHandler<CaseEventView>) -> Element {
    let lang = use_lang();
    let session = use_session();
    let mut form = use_signal(EscalationForm::default);
    let mut errors = use_signal(Vec::<FieldError>::new);
    let mut problem = use_signal(|| None::<Problem>);
    let mut saving = use_signal(|| false);
    let mut done = use_signal(|| false);

    let onsubmit = move |evt: FormEvent| {
        evt.prevent_default();
        if saving() {
            return;
        }
        done.set(false);
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
            let result = api::escalate(case_id, &request).await;
            saving.set(false);
            match result {
                Ok(event) => {
                    on_escalated.call(event);
                    form.set(EscalationForm::default());
                    done.set(true);
                }
                Err(failed) if failed.status == 401 => expire_session(session),
                Err(failed) => {
                    if failed.errors.is_empty()
                        || has_other_than(&failed.errors, &EscalationForm::FIELDS)
                    {
                        problem.set(Some(failed.clone()));
                    }
                    errors.set(failed.errors);
                }
            }
        });
    };

    let note = form.read().note.clone();
    let message = field_message(lang, &errors.read(), "note");
    let error_id = error_beside_id("escalation", "note");
    let described = match message {
        Some(_) => format!("escalation-hint {error_id}"),
        None => "escalation-hint".to_owned(),
    };
    rsx! {
        section { class: "panel", "data-testid": "escalation", "aria-labelledby": "escalation-heading",
            h2 { id: "escalation-heading", {CaseText::Escalation.get(lang)} }
            form { class: "action-form", novalidate: true, onsubmit,
                p { id: "escalation-hint", class: "hint", {CaseText::EscalationHint.get(lang)} }
                div { class: "field",
                    label { r#for: "escalation-note",
                        {CaseText::EscalationNote.get(lang)}
                        " "
                        span { class: "required", {Text::Required.get(lang)} }
                    }
                    textarea {
                        id: "escalation-note",
                        name: "note",
                        rows: 3,
                        required: true,
                        "aria-invalid": message.is_some().to_string(),
                        "aria-describedby": described,
                        value: note,
                        oninput: move |e| {
                            form.write().note = e.value();
                            done.set(false);
                        },
                    }
                    ErrorBeside { id: error_id.clone(), message }
                }
                if let Some(failed) = problem() {
                    ActionProblem { problem: failed }
                }
                p { class: "status", role: "status",
                    if done() {
                        span { class: "notice notice-ok", "data-testid": "escalated", {CaseText::Escalated.get(lang)} }
                    }
                }
                div { class: "actions",
                    button {
                        r#type: "submit",
                        class: "button button-primary",
                        "data-testid": "escalation-submit",
                        disabled: saving(),
                        if saving() { {CaseText::Saving.get(lang)} } else { {CaseText::Escalate.get(lang)} }
                    }
                }
            }
        }
    }
}
