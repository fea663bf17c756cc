//! End of follow-up (follow-up doctors and health-centre staff): a reason code and a note, then
//! an explicit confirmation, because the record is read-only afterwards.

use crate::api;
use crate::case_forms::{EndForm, field_message, has_other_than};
use crate::components::{ActionProblem, ErrorBeside, error_beside_id};
use crate::state::{expire_session, use_lang, use_session};
use dioxus::prelude::*;
use mimamori_shared::api::cases::{CaseView, EndReason};
use mimamori_shared::api::{FieldError, Problem};
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::i18n::staff_case::{self, CaseText};
use mimamori_shared::ids::CaseId;

/// The end panel (`data-testid="end-follow-up"`); `on_ended` gets the ended record.
#[component]
pub fn EndPanel(case_id: CaseId, on_ended: EventHandler<CaseView>) -> Element {
    let lang = use_lang();
    let session = use_session();
    let mut form = use_signal(EndForm::default);
    let mut errors = use_signal(Vec::<FieldError>::new);
    let mut problem = use_signal(|| None::<Problem>);
    let mut saving = use_signal(|| false);
    let mut confirming = use_signal(|| false);

    // First step: check the form, then ask. Nothing is sent yet.
    let onsubmit = move |evt: FormEvent| {
        evt.prevent_default();
        problem.set(None);
        match form.read().to_request() {
            Ok(_) => {
                errors.set(Vec::new());
                confirming.set(true);
            }
            Err(invalid) => errors.set(invalid),
        }
    };
    let confirm = move |_| {
        if saving() {
            return;
        }
        let Ok(request) = form.read().to_request() else {
            confirming.set(false);
            return;
        };
        saving.set(true);
        spawn(async move {
            let result = api::end_follow_up(case_id, &request).await;
            saving.set(false);
            confirming.set(false);
            match result {
                Ok(view) => on_ended.call(view),
                Err(failed) if failed.status == 401 => expire_session(session),
                Err(failed) => {
                    if failed.errors.is_empty() || has_other_than(&failed.errors, &EndForm::FIELDS)
                    {
                        problem.set(Some(failed.clone()));
                    }
                    errors.set(failed.errors);
                }
            }
        });
    };

    let current = form.read().clone();
    let reason_error = field_message(lang, &errors.read(), "reason");
    let note_error = field_message(lang, &errors.read(), "note");
    rsx! {
        section { class: "panel panel-danger", "data-testid": "end-follow-up", "aria-labelledby": "end-heading",
            h2 { id: "end-heading", {CaseText::EndFollowUp.get(lang)} }
            p { id: "end-hint", class: "hint", {CaseText::EndHint.get(lang)} }
            form { class: "action-form", novalidate: true, onsubmit,
                div { class: "field",
                    label { r#for: "end-reason",
                        {CaseText::EndReasonField.get(lang)}
                        " "
                        span { class: "required", {Text::Required.get(lang)} }
                    }
                    select {
                        id: "end-reason",
                        name: "reason",
                        required: true,
                        disabled: confirming(),
                        "aria-invalid": reason_error.is_some().to_string(),
                        "aria-describedby": reason_error.map(|_| error_beside_id("end", "reason")),
                        onchange: move |e| form.write().reason = EndReason::parse(&e.value()),
                        option { value: "", selected: current.reason.is_none(), {CaseText::ChooseReason.get(lang)} }
                        for reason in EndReason::ALL.iter().copied() {
                            option {
                                key: "{reason.as_str()}",
                                value: reason.as_str(),
                                selected: current.reason == Some(reason),
                                {staff_case::end_reason(lang, reason)}
                            }
                        }
                    }
                    ErrorBeside { id: error_beside_id("end", "reason"), message: reason_error }
                }
                div { class: "field",
                    label { r#for: "end-note", {CaseText::EndNote.get(lang)} }
                    textarea {
                        id: "end-note",
                        name: "note",
                        rows: 2,
                        disabled: confirming(),
                        "aria-invalid": note_error.is_some().to_string(),
                        "aria-describedby": note_error.map(|_| error_beside_id("end", "note")),
                        value: current.note.clone(),
                        oninput: move |e| form.write().note = e.value(),
                    }
                    ErrorBeside { id: error_beside_id("end", "note"), message: note_error }
                }
                if let Some(failed) = problem() {
                    ActionProblem { problem: failed }
                }
                if confirming() {
                    div { class: "confirm", role: "alertdialog", "aria-labelledby": "end-confirm-question",
                        "data-testid": "end-confirm",
                        p { id: "end-confirm-question", class: "confirm-question",
                            {CaseText::ConfirmEnd.get(lang)}
                            if let Some(reason) = current.reason {
                                " ("
                                {staff_case::end_reason(lang, reason)}
                                ")"
                            }
                        }
                        div { class: "actions",
                            button {
                                r#type: "button",
                                class: "button button-danger",
                                "data-testid": "end-confirm-button",
                                // Keyboard and screen-reader users land on the question's answer.
                                onmounted: move |e: MountedEvent| async move {
                                    let _ = e.set_focus(true).await;
                                },
                                disabled: saving(),
                                onclick: confirm,
                                if saving() { {CaseText::Saving.get(lang)} } else { {CaseText::ConfirmEndButton.get(lang)} }
                            }
                            button {
                                r#type: "button",
                                class: "button",
                                "data-testid": "end-cancel",
                                disabled: saving(),
                                onclick: move |_| confirming.set(false),
                                {CaseText::Cancel.get(lang)}
                            }
                        }
                    }
                } else {
                    div { class: "actions",
                        button {
                            r#type: "submit",
                            class: "button button-danger-quiet",
                            "data-testid": "end-submit",
                            {CaseText::EndButton.get(lang)}
                        }
                    }
                }
            }
        }
    }
}
