//! Route `/admin/audit`: the audit log for administrators, newest first, with filters.

use crate::api;
use crate::browser;
use crate::components::{Loading, ProblemNotice};
use crate::format;
use crate::state::{expire_session, use_lang, use_session};
use chrono::NaiveDate;
use dioxus::prelude::*;
use mimamori_shared::api::Problem;
use mimamori_shared::api::audit::{AuditEntryView, AuditQuery};
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::i18n::staff_audit::AuditText;
use mimamori_shared::ids::CaseId;

/// The audit-log page.
#[component]
pub fn AuditPage() -> Element {
    let lang = use_lang();
    let session = use_session();
    let mut actor = use_signal(String::new);
    let mut action = use_signal(String::new);
    let mut case_id = use_signal(String::new);
    let mut from = use_signal(String::new);
    let mut to = use_signal(String::new);
    // The filters in force (changed by "search"), and the entries loaded so far.
    let mut applied = use_signal(AuditQuery::default);
    let mut entries = use_signal(Vec::<AuditEntryView>::new);
    let mut next = use_signal(|| None::<i64>);
    let mut problem = use_signal(|| None::<Problem>);
    let mut busy = use_signal(|| false);

    let title = format!(
        "{} — {}",
        AuditText::Title.get(lang),
        Text::AppName.get(lang)
    );
    use_effect(use_reactive!(|title| browser::set_title(&title)));

    // Loads the first page of `applied`, or the page after `before` when continuing.
    let mut load = move |before: Option<i64>| {
        let mut query = applied();
        query.before = before;
        busy.set(true);
        spawn(async move {
            match api::audit_entries(&query).await {
                Ok(page) => {
                    if before.is_some() {
                        entries.write().extend(page.items);
                    } else {
                        entries.set(page.items);
                    }
                    next.set(page.next);
                    problem.set(None);
                }
                Err(p) if p.status == 401 => expire_session(session),
                Err(p) => problem.set(Some(p)),
            }
            busy.set(false);
        });
    };
    use_hook(move || load(None));

    let on_search = move |e: FormEvent| {
        e.prevent_default();
        applied.set(AuditQuery {
            actor: Some(actor()),
            action: Some(action()),
            case_id: case_id().trim().parse().ok().map(CaseId),
            from: NaiveDate::parse_from_str(&from(), "%Y-%m-%d").ok(),
            to: NaiveDate::parse_from_str(&to(), "%Y-%m-%d").ok(),
            ..AuditQuery::default()
        });
        load(None);
    };
    let on_clear = move |_| {
        for mut field in [actor, action, case_id, from, to] {
            field.set(String::new());
        }
        applied.set(AuditQuery::default());
        load(None);
    };
    let field_error = |name: &str| {
        problem
            .read()
            .as_ref()
            .and_then(|p| p.errors.iter().find(|e| e.field == name))
            .map(|e| e.message.clone())
    };

    rsx! {
        div { class: "page-head",
            h1 { {AuditText::Title.get(lang)} }
        }
        p { class: "lead", {AuditText::Intro.get(lang)} }
        form { class: "audit-filters", onsubmit: on_search,
            div { class: "field",
                label { r#for: "audit-actor", {AuditText::Actor.get(lang)} }
                input { id: "audit-actor", value: actor(), oninput: move |e| actor.set(e.value()) }
            }
            div { class: "field",
                label { r#for: "audit-action", {AuditText::Action.get(lang)} }
                input {
                    id: "audit-action",
                    placeholder: "case.read",
                    value: action(),
                    oninput: move |e| action.set(e.value()),
                }
            }
            div { class: "field",
                label { r#for: "audit-case", {AuditText::CaseId.get(lang)} }
                input {
                    id: "audit-case",
                    inputmode: "numeric",
                    value: case_id(),
                    oninput: move |e| case_id.set(e.value()),
                }
            }
            div { class: "field",
                label { r#for: "audit-from", {AuditText::From.get(lang)} }
                input { id: "audit-from", r#type: "date", value: from(), oninput: move |e| from.set(e.value()) }
            }
            div { class: "field",
                label { r#for: "audit-to", {AuditText::To.get(lang)} }
                input {
                    id: "audit-to",
                    r#type: "date",
                    value: to(),
                    "aria-describedby": "error-to",
                    oninput: move |e| to.set(e.value()),
                }
                if let Some(message) = field_error("to") {
                    p { id: "error-to", class: "field-error", {message} }
                }
            }
            div { class: "audit-filter-actions",
                button { r#type: "submit", class: "button button-primary", disabled: busy(),
                    {AuditText::Search.get(lang)}
                }
                button { r#type: "button", class: "button button-quiet", onclick: on_clear,
                    {AuditText::Clear.get(lang)}
                }
            }
        }
        if let Some(p) = problem() {
            ProblemNotice { problem: p, on_retry: move |_| load(None) }
        }
        if busy() && entries.read().is_empty() {
            Loading {}
        } else if entries.read().is_empty() {
            p { class: "empty", "data-testid": "audit-empty", {AuditText::Empty.get(lang)} }
        } else {
            div { class: "table-scroll",
                table { class: "audit-table", "data-testid": "audit-table",
                    thead {
                        tr {
                            th { scope: "col", {AuditText::When.get(lang)} }
                            th { scope: "col", {AuditText::Who.get(lang)} }
                            th { scope: "col", {AuditText::Action.get(lang)} }
                            th { scope: "col", {AuditText::CaseId.get(lang)} }
                            th { scope: "col", {AuditText::Address.get(lang)} }
                            th { scope: "col", {AuditText::Chain.get(lang)} }
                        }
                    }
                    tbody {
                        for entry in entries.read().iter().cloned() {
                            AuditRow { key: "{entry.id}", entry }
                        }
                    }
                }
            }
            if next().is_some() {
                button {
                    r#type: "button",
                    class: "button",
                    disabled: busy(),
                    onclick: move |_| load(next()),
                    {AuditText::Older.get(lang)}
                }
            }
        }
        p { class: "hint", {AuditText::VerifyHint.get(lang)} }
    }
}

#[component]
fn AuditRow(entry: AuditEntryView) -> Element {
    let lang = use_lang();
    let who = match (entry.actor_kind.as_str(), &entry.actor_login) {
        ("staff", Some(login)) => login.clone(),
        ("patient", _) => format!(
            "{} #{}",
            AuditText::Patient.get(lang),
            entry.actor_id.unwrap_or_default()
        ),
        _ => AuditText::System.get(lang).to_owned(),
    };
    rsx! {
        tr {
            td { {format::local_date_time(entry.at)} }
            td {
                span { class: "audit-who", {who} }
                if let Some(role) = &entry.role {
                    span { class: "audit-role", " {role}" }
                }
                if let Some(org) = entry.organisation_id {
                    span { class: "audit-org", " @{org}" }
                }
            }
            td { code { {entry.action.clone()} } }
            td { {entry.case_id.map(|c| c.to_string()).unwrap_or_default()} }
            td { {entry.client_addr.clone().unwrap_or_default()} }
            td {
                match entry.seq {
                    Some(seq) => rsx! { "{seq}" },
                    None => rsx! { span { class: "audit-unsealed", {AuditText::NotSealed.get(lang)} } },
                }
            }
        }
    }
}
