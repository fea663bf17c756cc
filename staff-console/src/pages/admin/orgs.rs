//! Route `/admin/orgs`: the organisation tree, and a form to add an organisation under one of
//! the administrator's (many at once: the CSV import it links to).

use super::{AdminProblem, flatten};
use crate::api;
use crate::components::{ErrorBeside, Loading, TitleText, error_beside_id};
use crate::hc_forms::Errors;
use crate::route::Route;
use crate::state::{expire_session, use_lang, use_session};
use dioxus::prelude::*;
use mimamori_shared::api::Problem;
use mimamori_shared::api::admin::{CreateOrg, OrgKind, OrgNode};
use mimamori_shared::i18n::staff_admin::AdminText;
use mimamori_shared::i18n::staff_bulk_import::BulkText;
use mimamori_shared::i18n::staff_notifications::NoticeText;
use mimamori_shared::ids::OrgId;

/// Kinds an administrator may add, in the form's order.
const ADDABLE: [OrgKind; 4] = [
    OrgKind::Prefecture,
    OrgKind::HealthCentre,
    OrgKind::FollowupOrg,
    OrgKind::Institution,
];

/// The organisations page.
#[component]
pub fn OrgsPage() -> Element {
    let lang = use_lang();
    let session = use_session();
    let mut tree = use_resource(api::admin::orgs);
    let mut kind = use_signal(String::new);
    let mut name = use_signal(String::new);
    let mut parent = use_signal(String::new);
    let mut phone = use_signal(String::new);
    let mut address = use_signal(String::new);
    let mut time_zone = use_signal(String::new);
    let mut errors = use_signal(Errors::default);
    let mut problem = use_signal(|| None::<Problem>);
    let mut busy = use_signal(|| false);
    let mut added = use_signal(|| false);

    use_effect(move || {
        if let Some(Err(p)) = &*tree.read()
            && p.status == 401
        {
            expire_session(session);
        }
    });

    let onsubmit = move |evt: FormEvent| {
        evt.prevent_default();
        if busy() {
            return;
        }
        let optional = |s: String| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let request = CreateOrg {
            kind: OrgKind::parse(&kind()),
            name: name(),
            parent_id: parent().parse().ok().map(OrgId),
            phone: optional(phone()),
            time_zone: optional(time_zone()),
            address: optional(address()),
        };
        if let Err(invalid) = request.validate() {
            errors.set(Errors(invalid));
            return;
        }
        errors.set(Errors::default());
        problem.set(None);
        added.set(false);
        busy.set(true);
        spawn(async move {
            let result = api::admin::create_org(&request).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    added.set(true);
                    for mut field in [name, phone, address, time_zone] {
                        field.set(String::new());
                    }
                    tree.restart();
                }
                Err(failed) if failed.status == 401 => expire_session(session),
                Err(failed) if failed.status == 422 => errors.set(Errors::from_problem(&failed)),
                Err(failed) => problem.set(Some(failed)),
            }
        });
    };

    let loaded = tree.read().clone();
    let flat = match &loaded {
        Some(Ok(view)) => flatten(view),
        _ => Vec::new(),
    };
    // Only organisations of the kind the new one sits under are offered as its parent.
    let wanted_parent = OrgKind::parse(&kind()).and_then(OrgKind::parent_kind);
    let parents: Vec<_> = flat
        .iter()
        .filter(|o| wanted_parent.is_none_or(|k| o.org.kind == k))
        .cloned()
        .collect();
    let message = move |field: &str| errors.read().admin(lang, field);
    let field_attrs = move |field: &str| {
        let id = error_beside_id("org", field);
        (
            message(field).is_some().to_string(),
            message(field).map(|_| id),
        )
    };
    rsx! {
        TitleText { title: AdminText::OrgsTitle.get(lang) }
        div { class: "page-head",
            h1 { {AdminText::OrgsTitle.get(lang)} }
            Link { class: "button", to: Route::ImportOrgs {}, "data-testid": "orgs-import-link",
                {BulkText::ImportLink.get(lang)}
            }
        }
        p { class: "lead", {AdminText::OrgsIntro.get(lang)} }
        match loaded {
            None => rsx! { Loading {} },
            Some(Err(failed)) => rsx! { AdminProblem { problem: failed } },
            Some(Ok(view)) => rsx! {
                section { class: "panel", "data-testid": "org-tree",
                    OrgList { nodes: view.roots.clone() }
                }
            },
        }
        section { class: "panel", "aria-labelledby": "org-add-heading",
            h2 { id: "org-add-heading", {AdminText::AddOrg.get(lang)} }
            form { class: "admin-form", novalidate: true, onsubmit,
                div { class: "form-grid",
                    div { class: "field",
                        label { r#for: "org-kind", {AdminText::Kind.get(lang)} }
                        select {
                            id: "org-kind",
                            "aria-invalid": field_attrs("kind").0,
                            "aria-describedby": field_attrs("kind").1,
                            onchange: move |e| { kind.set(e.value()); parent.set(String::new()); },
                            option { value: "", selected: kind().is_empty(), {AdminText::Choose.get(lang)} }
                            for k in ADDABLE {
                                option { key: "{k.as_str()}", value: k.as_str(), selected: kind() == k.as_str(),
                                    {AdminText::kind(k).get(lang)}
                                }
                            }
                        }
                        ErrorBeside { id: error_beside_id("org", "kind"), message: message("kind") }
                    }
                    div { class: "field",
                        label { r#for: "org-parent", {AdminText::Parent.get(lang)} }
                        select {
                            id: "org-parent",
                            "aria-invalid": field_attrs("parent_id").0,
                            "aria-describedby": field_attrs("parent_id").1,
                            onchange: move |e| parent.set(e.value()),
                            option { value: "", selected: parent().is_empty(), {AdminText::Choose.get(lang)} }
                            for o in parents.iter() {
                                option { key: "{o.org.id}", value: "{o.org.id}", selected: parent() == o.org.id.to_string(),
                                    {o.indented()}
                                }
                            }
                        }
                        ErrorBeside { id: error_beside_id("org", "parent_id"), message: message("parent_id") }
                    }
                    div { class: "field",
                        label { r#for: "org-name", {AdminText::OrgName.get(lang)} }
                        input {
                            id: "org-name",
                            value: name(),
                            "aria-invalid": field_attrs("name").0,
                            "aria-describedby": field_attrs("name").1,
                            oninput: move |e| name.set(e.value()),
                        }
                        ErrorBeside { id: error_beside_id("org", "name"), message: message("name") }
                    }
                    div { class: "field",
                        label { r#for: "org-phone", {AdminText::Phone.get(lang)} }
                        input {
                            id: "org-phone",
                            r#type: "tel",
                            value: phone(),
                            "aria-invalid": field_attrs("phone").0,
                            "aria-describedby": field_attrs("phone").1,
                            oninput: move |e| phone.set(e.value()),
                        }
                        ErrorBeside { id: error_beside_id("org", "phone"), message: message("phone") }
                    }
                    div { class: "field",
                        label { r#for: "org-address", {AdminText::Address.get(lang)} }
                        input {
                            id: "org-address",
                            autocomplete: "street-address",
                            value: address(),
                            "aria-invalid": field_attrs("address").0,
                            "aria-describedby": field_attrs("address").1,
                            oninput: move |e| address.set(e.value()),
                        }
                        ErrorBeside { id: error_beside_id("org", "address"), message: message("address") }
                    }
                    div { class: "field",
                        label { r#for: "org-tz", {AdminText::TimeZone.get(lang)} }
                        p { class: "hint", id: "org-tz-hint", {AdminText::TimeZoneHint.get(lang)} }
                        input {
                            id: "org-tz",
                            placeholder: "Asia/Tokyo",
                            value: time_zone(),
                            "aria-invalid": field_attrs("time_zone").0,
                            "aria-describedby": field_attrs("time_zone").1.unwrap_or_else(|| "org-tz-hint".to_owned()),
                            oninput: move |e| time_zone.set(e.value()),
                        }
                        ErrorBeside { id: error_beside_id("org", "time_zone"), message: message("time_zone") }
                    }
                }
                if let Some(failed) = problem() {
                    AdminProblem { problem: failed }
                }
                if added() {
                    p { class: "notice notice-ok", role: "status", "data-testid": "org-added",
                        {AdminText::OrgAdded.get(lang)}
                    }
                }
                div { class: "actions",
                    button { r#type: "submit", class: "button button-primary", "data-testid": "org-submit", disabled: busy(),
                        if busy() { {AdminText::Saving.get(lang)} } else { {AdminText::Add.get(lang)} }
                    }
                }
            }
        }
    }
}

/// One level of the tree as a nested list.
#[component]
fn OrgList(nodes: Vec<OrgNode>) -> Element {
    let lang = use_lang();
    rsx! {
        ul { class: "org-tree",
            for node in nodes.iter() {
                li { key: "{node.id}",
                    span { class: "tag", {AdminText::kind(node.kind).get(lang)} }
                    " "
                    span { class: "org-name", "data-testid": "org-name", {node.name.clone()} }
                    span { class: "muted", " (ID {node.id})" }
                    " "
                    Link { to: Route::OrgSettings { id: node.id }, "data-testid": "org-settings-link",
                        {NoticeText::EditSettings.get(lang)}
                    }
                    if let Some(phone) = &node.phone {
                        span { class: "muted", " TEL {phone}" }
                    }
                    if !node.children.is_empty() {
                        OrgList { nodes: node.children.clone() }
                    }
                }
            }
        }
    }
}
