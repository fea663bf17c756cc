//! Route `/admin/users`: staff accounts with filters; add one (they enrol an authenticator at
//! their first sign-in) or many (the CSV import it links to); deactivate or reset two-factor
//! sign-in after confirming.

use super::{AdminProblem, FlatOrg, flatten};
use crate::api;
use crate::components::{ErrorBeside, Loading, TitleText, error_beside_id};
use crate::format;
use crate::hc_forms::{Errors, ROLES, parse_role};
use crate::route::Route;
use crate::state::{expire_session, use_lang, use_session};
use dioxus::prelude::*;
use mimamori_shared::api::Problem;
use mimamori_shared::api::admin::{CreateUser, UserQuery, UserView};
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::i18n::staff_admin::AdminText;
use mimamori_shared::i18n::staff_bulk_import::BulkText;
use mimamori_shared::ids::{OrgId, StaffId};

/// A change waiting for confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    Deactivate(StaffId),
    Reset(StaffId),
}

/// The staff accounts page.
#[component]
pub fn UsersPage() -> Element {
    let lang = use_lang();
    let session = use_session();
    let tree = use_resource(api::admin::orgs);
    let mut filter_org = use_signal(String::new);
    let mut filter_role = use_signal(String::new);
    let mut filter_active = use_signal(String::new);
    let mut applied = use_signal(UserQuery::default);
    let mut users = use_resource(move || {
        let query = applied();
        async move { api::admin::users(&query).await }
    });
    let mut pending = use_signal(|| None::<Pending>);
    let mut notice = use_signal(|| None::<AdminText>);
    let mut problem = use_signal(|| None::<Problem>);
    let mut busy = use_signal(|| false);

    use_effect(move || {
        if let Some(Err(p)) = &*users.read()
            && p.status == 401
        {
            expire_session(session);
        }
    });

    let on_filter = move |evt: FormEvent| {
        evt.prevent_default();
        applied.set(UserQuery {
            organisation_id: filter_org().parse().ok().map(OrgId),
            role: parse_role(&filter_role()),
            active: filter_active().parse().ok(),
        });
    };

    let run = move |change: Pending| {
        busy.set(true);
        problem.set(None);
        notice.set(None);
        spawn(async move {
            let result = match change {
                Pending::Deactivate(id) => api::admin::deactivate_user(id).await,
                Pending::Reset(id) => api::admin::reset_two_factor(id).await,
            };
            busy.set(false);
            pending.set(None);
            match result {
                Ok(_) => {
                    notice.set(Some(match change {
                        Pending::Deactivate(_) => AdminText::Deactivated,
                        Pending::Reset(_) => AdminText::ResetDone,
                    }));
                    users.restart();
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
    let me = session.read().me().map(|me| me.id);
    let loaded = users.read().clone();
    rsx! {
        TitleText { title: AdminText::UsersTitle.get(lang) }
        div { class: "page-head",
            h1 { {AdminText::UsersTitle.get(lang)} }
            Link { class: "button", to: Route::ImportUsers {}, "data-testid": "users-import-link",
                {BulkText::ImportLink.get(lang)}
            }
        }
        p { class: "lead", {AdminText::UsersIntro.get(lang)} }
        form { class: "admin-filters", onsubmit: on_filter,
            div { class: "field",
                label { r#for: "user-filter-org", {AdminText::FilterOrg.get(lang)} }
                select { id: "user-filter-org", onchange: move |e| filter_org.set(e.value()),
                    option { value: "", {AdminText::Any.get(lang)} }
                    for o in flat.iter() {
                        option { key: "{o.org.id}", value: "{o.org.id}", selected: filter_org() == o.org.id.to_string(),
                            {o.indented()}
                        }
                    }
                }
            }
            div { class: "field",
                label { r#for: "user-filter-role", {AdminText::FilterRole.get(lang)} }
                select { id: "user-filter-role", onchange: move |e| filter_role.set(e.value()),
                    option { value: "", {AdminText::Any.get(lang)} }
                    for role in ROLES {
                        option { key: "{role.as_str()}", value: role.as_str(), selected: filter_role() == role.as_str(),
                            {Text::role(role).get(lang)}
                        }
                    }
                }
            }
            div { class: "field",
                label { r#for: "user-filter-active", {AdminText::FilterActive.get(lang)} }
                select { id: "user-filter-active", onchange: move |e| filter_active.set(e.value()),
                    option { value: "", {AdminText::Any.get(lang)} }
                    option { value: "true", selected: filter_active() == "true", {AdminText::Active.get(lang)} }
                    option { value: "false", selected: filter_active() == "false", {AdminText::Inactive.get(lang)} }
                }
            }
            div { class: "admin-filter-actions",
                button { r#type: "submit", class: "button", {AdminText::Filter.get(lang)} }
            }
        }
        if let Some(text) = notice() {
            p { class: "notice notice-ok", role: "status", "data-testid": "user-notice", {text.get(lang)} }
        }
        if let Some(failed) = problem() {
            AdminProblem { problem: failed }
        }
        match loaded {
            None => rsx! { Loading {} },
            Some(Err(failed)) => rsx! { AdminProblem { problem: failed } },
            Some(Ok(list)) if list.items.is_empty() => rsx! {
                p { class: "empty", {AdminText::NoUsers.get(lang)} }
            },
            Some(Ok(list)) => rsx! {
                div { class: "table-scroll",
                    table { class: "admin-table", "data-testid": "user-table",
                        thead {
                            tr {
                                th { scope: "col", {AdminText::LoginId.get(lang)} }
                                th { scope: "col", {AdminText::DisplayName.get(lang)} }
                                th { scope: "col", {AdminText::Role.get(lang)} }
                                th { scope: "col", {AdminText::Organisation.get(lang)} }
                                th { scope: "col", {AdminText::State.get(lang)} }
                                th { scope: "col", {AdminText::Actions.get(lang)} }
                            }
                        }
                        tbody {
                            for user in list.items.iter().cloned() {
                                UserRow {
                                    key: "{user.id}",
                                    user: user.clone(),
                                    is_self: Some(user.id) == me,
                                    pending: pending(),
                                    busy: busy(),
                                    on_ask: move |change| pending.set(Some(change)),
                                    on_confirm: run,
                                    on_cancel: move |_| pending.set(None),
                                }
                            }
                        }
                    }
                }
            },
        }
        NewUserForm { orgs: flat.clone(), on_created: move |_| users.restart() }
    }
}

#[component]
fn UserRow(
    user: UserView,
    is_self: bool,
    pending: Option<Pending>,
    busy: bool,
    on_ask: EventHandler<Pending>,
    on_confirm: EventHandler<Pending>,
    on_cancel: EventHandler<()>,
) -> Element {
    let lang = use_lang();
    let asked = pending.filter(|p| match p {
        Pending::Deactivate(id) | Pending::Reset(id) => *id == user.id,
    });
    rsx! {
        tr { "data-testid": "user-row-{user.login_id}",
            td { {user.login_id.clone()} }
            td { {user.display_name.clone()} }
            td { {Text::role(user.role).get(lang)} }
            td { {user.organisation.name.clone()} }
            td {
                span { class: if user.active { "tag" } else { "tag tag-strong" },
                    if user.active { {AdminText::Active.get(lang)} } else { {AdminText::Inactive.get(lang)} }
                }
                " "
                span { class: "tag",
                    if user.totp_enrolled { {AdminText::Enrolled.get(lang)} } else { {AdminText::NotEnrolled.get(lang)} }
                }
                if let Some(until) = user.locked_until {
                    " "
                    span { class: "tag tag-strong", {AdminText::Locked.get(lang)} " ~" {format::local_time(until)} }
                }
            }
            td {
                match asked {
                    Some(change) => rsx! {
                        span { class: "confirm", role: "group",
                            span {
                                match change {
                                    Pending::Deactivate(_) => AdminText::ConfirmDeactivate.get(lang),
                                    Pending::Reset(_) => AdminText::ConfirmReset.get(lang),
                                }
                            }
                            " "
                            button {
                                r#type: "button",
                                class: "button button-primary",
                                "data-testid": "user-confirm",
                                disabled: busy,
                                onclick: move |_| on_confirm.call(change),
                                {AdminText::Confirm.get(lang)}
                            }
                            button { r#type: "button", class: "button button-quiet", onclick: move |_| on_cancel.call(()),
                                {AdminText::Cancel.get(lang)}
                            }
                        }
                    },
                    None => rsx! {
                        // One's own account stays: the server refuses it too (409 `own_account`).
                        if user.active && !is_self {
                            button {
                                r#type: "button",
                                class: "button button-quiet",
                                "data-testid": "user-deactivate",
                                onclick: move |_| on_ask.call(Pending::Deactivate(user.id)),
                                {AdminText::Deactivate.get(lang)}
                            }
                        }
                        if user.active {
                            " "
                            button {
                                r#type: "button",
                                class: "button button-quiet",
                                "data-testid": "user-reset",
                                onclick: move |_| on_ask.call(Pending::Reset(user.id)),
                                {AdminText::ResetTwoFactor.get(lang)}
                            }
                        }
                    },
                }
            }
        }
    }
}

#[component]
fn NewUserForm(orgs: Vec<FlatOrg>, on_created: EventHandler<()>) -> Element {
    let lang = use_lang();
    let session = use_session();
    let mut form = use_signal(CreateUser::default);
    let mut org = use_signal(String::new);
    let mut role = use_signal(String::new);
    let mut errors = use_signal(Errors::default);
    let mut problem = use_signal(|| None::<Problem>);
    let mut busy = use_signal(|| false);
    let mut added = use_signal(|| false);

    let onsubmit = move |evt: FormEvent| {
        evt.prevent_default();
        if busy() {
            return;
        }
        let mut request = form();
        request.organisation_id = org().parse().ok().map(OrgId);
        request.role = parse_role(&role());
        if let Err(invalid) = request.validate() {
            errors.set(Errors(invalid));
            return;
        }
        errors.set(Errors::default());
        problem.set(None);
        added.set(false);
        busy.set(true);
        spawn(async move {
            let result = api::admin::create_user(&request).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    added.set(true);
                    form.set(CreateUser::default());
                    on_created.call(());
                }
                Err(failed) if failed.status == 401 => expire_session(session),
                Err(failed) if failed.status == 422 => errors.set(Errors::from_problem(&failed)),
                Err(failed) => problem.set(Some(failed)),
            }
        });
    };

    let current = form();
    let message = move |field: &str| errors.read().admin(lang, field);
    let invalid = move |field: &str| message(field).is_some().to_string();
    let described = move |field: &str| message(field).map(|_| error_beside_id("user", field));
    rsx! {
        section { class: "panel", "aria-labelledby": "user-add-heading",
            h2 { id: "user-add-heading", {AdminText::AddUser.get(lang)} }
            form { class: "admin-form", novalidate: true, onsubmit,
                div { class: "form-grid",
                    div { class: "field",
                        label { r#for: "user-login", {AdminText::LoginId.get(lang)} }
                        p { class: "hint", {AdminText::LoginIdHint.get(lang)} }
                        input {
                            id: "user-login",
                            autocomplete: "off",
                            value: current.login_id.clone(),
                            "aria-invalid": invalid("login_id"),
                            "aria-describedby": described("login_id"),
                            oninput: move |e| form.write().login_id = e.value(),
                        }
                        ErrorBeside { id: error_beside_id("user", "login_id"), message: message("login_id") }
                    }
                    div { class: "field",
                        label { r#for: "user-name", {AdminText::DisplayName.get(lang)} }
                        input {
                            id: "user-name",
                            value: current.display_name.clone(),
                            "aria-invalid": invalid("display_name"),
                            "aria-describedby": described("display_name"),
                            oninput: move |e| form.write().display_name = e.value(),
                        }
                        ErrorBeside { id: error_beside_id("user", "display_name"), message: message("display_name") }
                    }
                    div { class: "field",
                        label { r#for: "user-org", {AdminText::Organisation.get(lang)} }
                        select {
                            id: "user-org",
                            "aria-invalid": invalid("organisation_id"),
                            "aria-describedby": described("organisation_id"),
                            onchange: move |e| org.set(e.value()),
                            option { value: "", selected: org().is_empty(), {AdminText::Choose.get(lang)} }
                            for o in orgs.iter() {
                                option { key: "{o.org.id}", value: "{o.org.id}", selected: org() == o.org.id.to_string(),
                                    {o.indented()}
                                }
                            }
                        }
                        ErrorBeside { id: error_beside_id("user", "organisation_id"), message: message("organisation_id") }
                    }
                    div { class: "field",
                        label { r#for: "user-role", {AdminText::Role.get(lang)} }
                        select {
                            id: "user-role",
                            "aria-invalid": invalid("role"),
                            "aria-describedby": described("role"),
                            onchange: move |e| role.set(e.value()),
                            option { value: "", selected: role().is_empty(), {AdminText::Choose.get(lang)} }
                            for r in ROLES {
                                option { key: "{r.as_str()}", value: r.as_str(), selected: role() == r.as_str(),
                                    {Text::role(r).get(lang)}
                                }
                            }
                        }
                        ErrorBeside { id: error_beside_id("user", "role"), message: message("role") }
                    }
                    div { class: "field",
                        label { r#for: "user-email", {AdminText::Email.get(lang)} }
                        input {
                            id: "user-email",
                            r#type: "email",
                            value: current.email.clone().unwrap_or_default(),
                            "aria-invalid": invalid("email"),
                            "aria-describedby": described("email"),
                            oninput: move |e| form.write().email = Some(e.value()),
                        }
                        ErrorBeside { id: error_beside_id("user", "email"), message: message("email") }
                    }
                    div { class: "field",
                        label { r#for: "user-password", {AdminText::InitialPassword.get(lang)} }
                        p { class: "hint", {AdminText::InitialPasswordHint.get(lang)} }
                        input {
                            id: "user-password",
                            r#type: "text",
                            autocomplete: "off",
                            value: current.initial_password.clone(),
                            "aria-invalid": invalid("initial_password"),
                            "aria-describedby": described("initial_password"),
                            oninput: move |e| form.write().initial_password = e.value(),
                        }
                        ErrorBeside { id: error_beside_id("user", "initial_password"), message: message("initial_password") }
                    }
                }
                if let Some(failed) = problem() {
                    AdminProblem { problem: failed }
                }
                if added() {
                    p { class: "notice notice-ok", role: "status", "data-testid": "user-added",
                        {AdminText::UserAdded.get(lang)}
                    }
                }
                div { class: "actions",
                    button { r#type: "submit", class: "button button-primary", "data-testid": "user-submit", disabled: busy(),
                        if busy() { {AdminText::Saving.get(lang)} } else { {AdminText::Add.get(lang)} }
                    }
                }
            }
        }
    }
}
