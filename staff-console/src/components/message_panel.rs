//! Messages to the patient: a short form and the messages sent so far, newest first. The
//! patient reads them in the app's history.

use crate::api;
use crate::components::{FieldMessage, ProblemNotice, error_id};
use crate::format;
use crate::forms::{FieldErrors, MessageForm};
use crate::state::{expire_session, use_lang, use_session};
use dioxus::prelude::*;
use mimamori_shared::api::Problem;
use mimamori_shared::api::patient::MessageView;
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::ids::CaseId;

/// The messages panel (`data-testid="messages"`); `on_sent` gets the stored message after a 201.
#[component]
pub fn MessagePanel(
    case_id: CaseId,
    messages: Vec<MessageView>,
    on_sent: EventHandler<MessageView>,
    // The form is not offered once follow-up has ended: the record is read-only.
    #[props(default = true)] can_send: bool,
) -> Element {
    let lang = use_lang();
    let session = use_session();
    let mut form = use_signal(MessageForm::default);
    let mut errors = use_signal(FieldErrors::default);
    let mut problem = use_signal(|| None::<Problem>);
    let mut sending = use_signal(|| false);
    let mut sent = use_signal(|| false);

    let onsubmit = move |evt: FormEvent| {
        evt.prevent_default();
        if sending() {
            return;
        }
        sent.set(false);
        problem.set(None);
        let request = match form.read().to_request() {
            Ok(request) => request,
            Err(invalid) => {
                errors.set(invalid);
                return;
            }
        };
        errors.set(FieldErrors::default());
        sending.set(true);
        spawn(async move {
            let result = api::create_message(case_id, &request).await;
            sending.set(false);
            match result {
                Ok(message) => {
                    on_sent.call(message);
                    form.set(MessageForm::default());
                    sent.set(true);
                }
                Err(failed) if failed.status == 401 => expire_session(session),
                Err(failed) => {
                    let fields = FieldErrors::from_problem(&failed);
                    if fields.is_empty() || fields.has_other_than(&MessageForm::FIELDS) {
                        problem.set(Some(failed));
                    }
                    errors.set(fields);
                }
            }
        });
    };

    let current = form.read().clone();
    let message = errors.read().message(lang, "body");
    let described = match message {
        Some(_) => format!("{} message-hint message-count", error_id("body")),
        None => "message-hint message-count".to_owned(),
    };
    rsx! {
        section { class: "panel", "data-testid": "messages", "aria-labelledby": "messages-heading",
            h2 { id: "messages-heading", {Text::Messages.get(lang)} }
            if can_send {
                form { class: "message-form", novalidate: true, onsubmit,
                    h3 { {Text::NewMessage.get(lang)} }
                    div { class: "field",
                        label { r#for: "message-body",
                            {Text::MessageBody.get(lang)}
                            " "
                            span { class: "required", {Text::Required.get(lang)} }
                        }
                        p { id: "message-hint", class: "hint", {Text::MessageHint.get(lang)} }
                        textarea {
                            id: "message-body",
                            name: "body",
                            rows: 3,
                            required: true,
                            "aria-invalid": message.is_some().to_string(),
                            "aria-describedby": described,
                            value: current.body.clone(),
                            oninput: move |e| {
                                form.write().body = e.value();
                                sent.set(false);
                            },
                        }
                        p { id: "message-count", class: "hint count", {current.count()} }
                        FieldMessage { field: "body", message }
                    }
                    if let Some(failed) = problem() {
                        ProblemNotice { problem: failed }
                    }
                    p { class: "status", role: "status",
                        if sent() {
                            span { class: "notice notice-ok", "data-testid": "message-sent",
                                {Text::MessageSent.get(lang)}
                            }
                        }
                    }
                    div { class: "actions",
                        button {
                            r#type: "submit",
                            class: "button button-primary",
                            "data-testid": "message-submit",
                            disabled: sending(),
                            if sending() { {Text::SendingMessage.get(lang)} } else { {Text::SendMessage.get(lang)} }
                        }
                    }
                }
            }
            if messages.is_empty() {
                p { class: "empty", "data-testid": "no-messages", {Text::NoMessages.get(lang)} }
            } else {
                ol { class: "message-list",
                    for sent_message in messages {
                        li { key: "{sent_message.id}", class: "message", "data-testid": "message",
                            div { class: "message-head",
                                time { datetime: sent_message.created_at.to_rfc3339(),
                                    {format::local_date_time(sent_message.created_at)}
                                }
                                span { class: "message-from",
                                    {Text::MessageFrom.get(lang)} ": " {sent_message.from.clone()}
                                }
                            }
                            p { class: "note", {sent_message.body.clone()} }
                        }
                    }
                }
            }
        }
    }
}
