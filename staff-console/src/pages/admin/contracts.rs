//! Route `/admin/contracts`: which follow-up organisation serves which health centre; add one,
//! or end one after confirming.

use super::{AdminProblem, flatten, of_kind};
use crate::api;
use crate::components::{ErrorBeside, Loading, TitleText, error_beside_id};
use crate::format;
use crate::hc_forms::Errors;
use crate::state::{expire_session, use_lang, use_session};
use dioxus::prelude::*;
use mimamori_shared::api::Problem;
use mimamori_shared::api::admin::{CreateContract, OrgKind};
use mimamori_shared::i18n::staff_admin::AdminText;
use mimamori_shared::ids::{ContractId, OrgId};

/// The contracts page.
#[component]
pub fn ContractsPage() -> Element {
    let lang = use_lang();
    let session = use_session();
    let mut contracts = use_resource(api::admin::contracts);
    let tree = use_resource(api::admin::orgs);
    let mut followup = use_signal(String::new);
    let mut centre = use_signal(String::new);
    let mut errors = use_signal(Errors::default);
    let mut problem = use_signal(|| None::<Problem>);
    let mut notice = use_signal(|| None::<AdminText>);
    let mut confirming = use_signal(|| None::<ContractId>);
    let mut busy = use_signal(|| false);

    use_effect(move || {
        if let Some(Err(p)) = &*contracts.read()
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
        let request = CreateContract {
            followup_org_id: followup().parse().ok().map(OrgId),
            health_centre_id: centre().parse().ok().map(OrgId),
        };
        if let Err(invalid) = request.validate() {
            errors.set(Errors(invalid));
            return;
        }
        errors.set(Errors::default());
        problem.set(None);
        notice.set(None);
        busy.set(true);
        spawn(async move {
            let result = api::admin::create_contract(&request).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    notice.set(Some(AdminText::ContractAdded));
                    contracts.restart();
                }
                Err(failed) if failed.status == 401 => expire_session(session),
                Err(failed) if failed.status == 422 => errors.set(Errors::from_problem(&failed)),
                Err(failed) => problem.set(Some(failed)),
            }
        });
    };

    let mut end = move |id: ContractId| {
        busy.set(true);
        problem.set(None);
        notice.set(None);
        spawn(async move {
            let result = api::admin::delete_contract(id).await;
            busy.set(false);
            confirming.set(None);
            match result {
                Ok(()) => {
                    notice.set(Some(AdminText::ContractEnded));
                    contracts.restart();
                }
                Err(failed) if failed.status == 401 => expire_session(session),
                Err(failed) => problem.set(Some(failed)),
            }
        });
    };

    let flat = match &*tree.read() {
        Some(Ok(view)) => flatten(view),
        _ => Vec::new(),
    };
    let followups = of_kind(&flat, OrgKind::FollowupOrg);
    let centres = of_kind(&flat, OrgKind::HealthCentre);
    let message = move |field: &str| errors.read().admin(lang, field);
    let loaded = contracts.read().clone();
    rsx! {
        TitleText { title: AdminText::ContractsTitle.get(lang) }
        div { class: "page-head",
            h1 { {AdminText::ContractsTitle.get(lang)} }
        }
        p { class: "lead", {AdminText::ContractsIntro.get(lang)} }
        if let Some(text) = notice() {
            p { class: "notice notice-ok", role: "status", "data-testid": "contract-notice", {text.get(lang)} }
        }
        if let Some(failed) = problem() {
            AdminProblem { problem: failed }
        }
        match loaded {
            None => rsx! { Loading {} },
            Some(Err(failed)) => rsx! { AdminProblem { problem: failed } },
            Some(Ok(list)) if list.items.is_empty() => rsx! {
                p { class: "empty", {AdminText::NoContracts.get(lang)} }
            },
            Some(Ok(list)) => rsx! {
                div { class: "table-scroll",
                    table { class: "admin-table", "data-testid": "contract-table",
                        thead {
                            tr {
                                th { scope: "col", {AdminText::HealthCentre.get(lang)} }
                                th { scope: "col", {AdminText::FollowupOrg.get(lang)} }
                                th { scope: "col", {AdminText::Since.get(lang)} }
                                th { scope: "col", {AdminText::Actions.get(lang)} }
                            }
                        }
                        tbody {
                            for contract in list.items.iter().cloned() {
                                tr { key: "{contract.id}",
                                    td { {contract.health_centre.name.clone()} }
                                    td { {contract.followup_org.name.clone()} }
                                    td { {format::local_date_time(contract.created_at)} }
                                    td {
                                        if confirming() == Some(contract.id) {
                                            span { class: "confirm", role: "group",
                                                "aria-label": AdminText::ConfirmEndContract.get(lang),
                                                span { {AdminText::ConfirmEndContract.get(lang)} " " }
                                                button {
                                                    r#type: "button",
                                                    class: "button button-primary",
                                                    "data-testid": "contract-confirm",
                                                    disabled: busy(),
                                                    onclick: move |_| end(contract.id),
                                                    {AdminText::Confirm.get(lang)}
                                                }
                                                button {
                                                    r#type: "button",
                                                    class: "button button-quiet",
                                                    onclick: move |_| confirming.set(None),
                                                    {AdminText::Cancel.get(lang)}
                                                }
                                            }
                                        } else {
                                            button {
                                                r#type: "button",
                                                class: "button button-quiet",
                                                "data-testid": "contract-end",
                                                onclick: move |_| confirming.set(Some(contract.id)),
                                                {AdminText::EndContract.get(lang)}
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            },
        }
        section { class: "panel", "aria-labelledby": "contract-add-heading",
            h2 { id: "contract-add-heading", {AdminText::AddContract.get(lang)} }
            form { class: "admin-form", novalidate: true, onsubmit,
                div { class: "form-grid",
                    div { class: "field",
                        label { r#for: "contract-centre", {AdminText::HealthCentre.get(lang)} }
                        select {
                            id: "contract-centre",
                            "aria-invalid": message("health_centre_id").is_some().to_string(),
                            "aria-describedby": message("health_centre_id").map(|_| error_beside_id("contract", "health_centre_id")),
                            onchange: move |e| centre.set(e.value()),
                            option { value: "", selected: centre().is_empty(), {AdminText::Choose.get(lang)} }
                            for o in centres.iter() {
                                option { key: "{o.org.id}", value: "{o.org.id}", selected: centre() == o.org.id.to_string(),
                                    {o.org.name.clone()}
                                }
                            }
                        }
                        ErrorBeside { id: error_beside_id("contract", "health_centre_id"), message: message("health_centre_id") }
                    }
                    div { class: "field",
                        label { r#for: "contract-followup", {AdminText::FollowupOrg.get(lang)} }
                        select {
                            id: "contract-followup",
                            "aria-invalid": message("followup_org_id").is_some().to_string(),
                            "aria-describedby": message("followup_org_id").map(|_| error_beside_id("contract", "followup_org_id")),
                            onchange: move |e| followup.set(e.value()),
                            option { value: "", selected: followup().is_empty(), {AdminText::Choose.get(lang)} }
                            for o in followups.iter() {
                                option { key: "{o.org.id}", value: "{o.org.id}", selected: followup() == o.org.id.to_string(),
                                    {o.org.name.clone()}
                                }
                            }
                        }
                        ErrorBeside { id: error_beside_id("contract", "followup_org_id"), message: message("followup_org_id") }
                    }
                }
                div { class: "actions",
                    button { r#type: "submit", class: "button button-primary", "data-testid": "contract-submit", disabled: busy(),
                        if busy() { {AdminText::Saving.get(lang)} } else { {AdminText::Add.get(lang)} }
                    }
                }
            }
        }
    }
}
