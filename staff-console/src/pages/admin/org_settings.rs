//! Route `/admin/orgs/:id/settings`: an organisation's notification address, quiet hours,
//! second nudge, afternoon reminder, cut-offs and daily report time (administrators).

use super::AdminProblem;
use crate::api;
use crate::components::{ErrorBeside, Loading, TitleText, error_beside_id};
use crate::hc_forms::Errors;
use crate::route::Route;
use crate::state::{expire_session, use_lang, use_session};
use dioxus::prelude::*;
use mimamori_shared::api::Problem;
use mimamori_shared::api::org_settings::{OrgSettingsView, UpdateOrgSettings};
use mimamori_shared::i18n::staff_admin::AdminText;
use mimamori_shared::i18n::staff_notifications::{NoticeText, setting_error};
use mimamori_shared::ids::OrgId;

/// The form's time fields: (field, label).
const TIMES: [(&str, NoticeText); 6] = [
    ("quiet_start", NoticeText::QuietStart),
    ("quiet_end", NoticeText::QuietEnd),
    ("afternoon_reminder", NoticeText::AfternoonReminder),
    ("cutoff", NoticeText::Cutoff),
    ("afternoon_cutoff", NoticeText::AfternoonCutoff),
    ("report_time", NoticeText::ReportTime),
];

fn time_of(view: &OrgSettingsView, field: &str) -> String {
    match field {
        "quiet_start" => view.quiet_start.clone(),
        "quiet_end" => view.quiet_end.clone(),
        "afternoon_reminder" => view.afternoon_reminder.clone(),
        "cutoff" => view.cutoff.clone(),
        "afternoon_cutoff" => view.afternoon_cutoff.clone(),
        _ => view.report_time.clone(),
    }
}

/// The settings page of organisation `id`.
#[component]
pub fn OrgSettingsPage(id: OrgId) -> Element {
    let lang = use_lang();
    let session = use_session();
    let mut loaded = use_resource(move || api::notifications::org_settings(id));
    let mut email = use_signal(String::new);
    let mut nudge = use_signal(String::new);
    let mut times = use_signal(|| vec![String::new(); TIMES.len()]);
    let mut errors = use_signal(Errors::default);
    let mut problem = use_signal(|| None::<Problem>);
    let mut busy = use_signal(|| false);
    let mut saved = use_signal(|| false);

    // Fill the form from what the server holds, once it has answered.
    use_effect(move || match &*loaded.read() {
        Some(Ok(view)) => {
            email.set(view.notify_email.clone().unwrap_or_default());
            nudge.set(view.second_nudge_minutes.to_string());
            times.set(TIMES.iter().map(|(f, _)| time_of(view, f)).collect());
        }
        Some(Err(p)) if p.status == 401 => expire_session(session),
        _ => {}
    });

    let onsubmit = move |evt: FormEvent| {
        evt.prevent_default();
        if busy() {
            return;
        }
        let t = times();
        let request = UpdateOrgSettings {
            notify_email: Some(email()),
            quiet_start: t[0].clone(),
            quiet_end: t[1].clone(),
            second_nudge_minutes: nudge().trim().parse().ok(),
            afternoon_reminder: t[2].clone(),
            cutoff: t[3].clone(),
            afternoon_cutoff: t[4].clone(),
            report_time: t[5].clone(),
        };
        if let Err(invalid) = request.validate() {
            errors.set(Errors(invalid));
            return;
        }
        errors.set(Errors::default());
        problem.set(None);
        saved.set(false);
        busy.set(true);
        spawn(async move {
            let result = api::notifications::update_org_settings(id, &request).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    saved.set(true);
                    loaded.restart();
                }
                Err(failed) if failed.status == 401 => expire_session(session),
                Err(failed) if failed.status == 422 => errors.set(Errors::from_problem(&failed)),
                Err(failed) => problem.set(Some(failed)),
            }
        });
    };

    let message = move |field: &str| errors.read().code(field).map(|c| setting_error(c, lang));
    let current = loaded.read().clone();
    rsx! {
        TitleText { title: NoticeText::SettingsTitle.get(lang) }
        div { class: "page-head",
            h1 { {NoticeText::SettingsTitle.get(lang)} }
            Link { to: Route::AdminOrgs {}, {AdminText::OrgsTitle.get(lang)} }
        }
        p { class: "lead", {NoticeText::SettingsIntro.get(lang)} }
        match current {
            None => rsx! { Loading {} },
            Some(Err(failed)) => rsx! { AdminProblem { problem: failed } },
            Some(Ok(view)) => rsx! {
                p { class: "muted", "data-testid": "org-settings-zone",
                    {NoticeText::TimeZone.get(lang)} ": {view.time_zone}"
                    if !view.customised { " · " {NoticeText::Defaults.get(lang)} }
                }
                form { class: "admin-form panel", novalidate: true, onsubmit, "data-testid": "org-settings-form",
                    div { class: "form-grid",
                        div { class: "field",
                            label { r#for: "set-notify_email", {NoticeText::NotifyEmail.get(lang)} }
                            input {
                                id: "set-notify_email",
                                r#type: "email",
                                value: email(),
                                "aria-invalid": message("notify_email").is_some().to_string(),
                                "aria-describedby": message("notify_email").map(|_| error_beside_id("set", "notify_email")),
                                oninput: move |e| email.set(e.value()),
                            }
                            ErrorBeside { id: error_beside_id("set", "notify_email"), message: message("notify_email") }
                        }
                        div { class: "field",
                            label { r#for: "set-second_nudge_minutes", {NoticeText::SecondNudge.get(lang)} }
                            input {
                                id: "set-second_nudge_minutes",
                                r#type: "number",
                                min: "5",
                                max: "240",
                                value: nudge(),
                                "aria-invalid": message("second_nudge_minutes").is_some().to_string(),
                                "aria-describedby": message("second_nudge_minutes").map(|_| error_beside_id("set", "second_nudge_minutes")),
                                oninput: move |e| nudge.set(e.value()),
                            }
                            ErrorBeside { id: error_beside_id("set", "second_nudge_minutes"), message: message("second_nudge_minutes") }
                        }
                        for (index, (field, label)) in TIMES.iter().copied().enumerate() {
                            div { class: "field", key: "{field}",
                                label { r#for: "set-{field}", {label.get(lang)} }
                                input {
                                    id: "set-{field}",
                                    r#type: "time",
                                    value: times.read()[index].clone(),
                                    "aria-invalid": message(field).is_some().to_string(),
                                    "aria-describedby": message(field).map(|_| error_beside_id("set", field)),
                                    oninput: move |e| times.write()[index] = e.value(),
                                }
                                ErrorBeside { id: error_beside_id("set", field), message: message(field) }
                            }
                        }
                    }
                    if let Some(failed) = problem() {
                        AdminProblem { problem: failed }
                    }
                    if saved() {
                        p { class: "notice notice-ok", role: "status", "data-testid": "org-settings-saved",
                            {NoticeText::Saved.get(lang)}
                        }
                    }
                    div { class: "actions",
                        button { r#type: "submit", class: "button button-primary", "data-testid": "org-settings-submit", disabled: busy(),
                            {NoticeText::Save.get(lang)}
                        }
                    }
                }
            },
        }
    }
}
