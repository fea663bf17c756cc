//! The health centre's panels on the case page: assignment (or transfer) to a follow-up
//! organisation, and the patient's invitation with its printable letter. Shown to health-centre
//! staff only; the server checks the role again.

use crate::api;
use crate::components::{ActionProblem, ErrorBeside, error_beside_id};
use crate::format;
use crate::hc_forms::Errors;
use crate::pages::{LETTER, Letter};
use crate::route::Route;
use crate::state::{expire_session, use_lang, use_session};
use dioxus::prelude::*;
use mimamori_shared::api::Problem;
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::api::cases::{CaseStatus, CaseView};
use mimamori_shared::api::intake::{AssignCase, InvitationView};
use mimamori_shared::i18n::staff_hc::HcText;
use mimamori_shared::ids::OrgId;

/// Both panels, for health-centre staff; `on_changed` after an assignment (the page reloads the
/// record so the timeline shows it).
#[component]
pub fn HcCaseTools(case: CaseView, on_changed: EventHandler<()>) -> Element {
    let session = use_session();
    let is_hc = session.read().me().map(|me| me.role) == Some(StaffRole::HcStaff);
    rsx! {
        if is_hc {
            AssignmentPanel { case: case.clone(), on_changed }
            InvitationPanel { case }
        }
    }
}

/// The follow-up organisation choice (only those under contract are offered).
#[component]
fn AssignmentPanel(case: CaseView, on_changed: EventHandler<()>) -> Element {
    let lang = use_lang();
    let session = use_session();
    let orgs = use_resource(api::hc::contracted_orgs);
    let current = case.followup_org.as_ref().map(|o| o.id);
    let mut chosen = use_signal(|| current.map(|id| id.to_string()).unwrap_or_default());
    let mut errors = use_signal(Errors::default);
    let mut problem = use_signal(|| None::<Problem>);
    let mut busy = use_signal(|| false);
    let mut saved = use_signal(|| false);
    let case_id = case.id;
    let ended = case.status == CaseStatus::Ended;

    let onsubmit = move |evt: FormEvent| {
        evt.prevent_default();
        if busy() {
            return;
        }
        let request = AssignCase {
            followup_org_id: chosen().parse().ok().map(OrgId),
        };
        busy.set(true);
        saved.set(false);
        problem.set(None);
        errors.set(Errors::default());
        spawn(async move {
            let result = api::hc::assign_case(case_id, &request).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    saved.set(true);
                    on_changed.call(());
                }
                Err(failed) if failed.status == 401 => expire_session(session),
                Err(failed) if failed.status == 422 => errors.set(Errors::from_problem(&failed)),
                Err(failed) => problem.set(Some(failed)),
            }
        });
    };

    let error_id = error_beside_id("assign", "followup_org_id");
    let message = errors.read().hc(lang, "followup_org_id");
    let loaded = orgs.read().clone();
    rsx! {
        section { class: "panel hc-panel", "aria-labelledby": "assign-heading",
            h2 { id: "assign-heading", {HcText::AssignTitle.get(lang)} }
            p { class: "muted",
                {HcText::AssignCurrent.get(lang)}
                "："
                strong { "data-testid": "assigned-org",
                    {case.followup_org.as_ref().map_or("—".to_owned(), |o| o.name.clone())}
                }
            }
            match loaded {
                None => rsx! {},
                Some(Err(failed)) => rsx! { ActionProblem { problem: failed } },
                Some(Ok(list)) if list.items.is_empty() => rsx! {
                    p { class: "notice notice-error", {HcText::NoContracts.get(lang)} }
                },
                Some(Ok(list)) => rsx! {
                    form { class: "assign-form", novalidate: true, onsubmit,
                        div { class: "field",
                            label { r#for: "assign-org", {HcText::FollowupOrg.get(lang)} }
                            select {
                                id: "assign-org",
                                "data-testid": "assign-org",
                                disabled: ended,
                                "aria-invalid": message.is_some().to_string(),
                                "aria-describedby": message.map(|_| error_id.clone()),
                                onchange: move |e| chosen.set(e.value()),
                                option { value: "", selected: chosen().is_empty(), {HcText::Choose.get(lang)} }
                                for org in list.items.iter() {
                                    option {
                                        key: "{org.id}",
                                        value: "{org.id}",
                                        selected: chosen() == org.id.to_string(),
                                        {org.name.clone()}
                                    }
                                }
                            }
                            ErrorBeside { id: error_id.clone(), message }
                        }
                        if let Some(failed) = problem() {
                            ActionProblem { problem: failed }
                        }
                        if saved() {
                            p { class: "notice notice-ok", role: "status", "data-testid": "assign-saved",
                                {HcText::Assigned.get(lang)}
                            }
                        }
                        div { class: "actions",
                            button {
                                r#type: "submit",
                                class: "button button-primary",
                                "data-testid": "assign-submit",
                                disabled: busy() || ended,
                                if current.is_some() { {HcText::Transfer.get(lang)} } else { {HcText::Assign.get(lang)} }
                            }
                        }
                    }
                },
            }
        }
    }
}

/// Issue or re-issue the invitation; the link and QR code are shown once, with the letter.
#[component]
fn InvitationPanel(case: CaseView) -> Element {
    let lang = use_lang();
    let session = use_session();
    let mut issued = use_signal(|| None::<InvitationView>);
    let mut problem = use_signal(|| None::<Problem>);
    let mut busy = use_signal(|| false);
    let case_id = case.id;
    // No invitation while in hospital: the patient cannot report until a discharge home (the
    // server answers 409 `followup_paused`).
    let ended = case.status != CaseStatus::Active;
    let letter_case = case.clone();

    let on_issue = move |_| {
        if busy() {
            return;
        }
        busy.set(true);
        problem.set(None);
        let case = letter_case.clone();
        spawn(async move {
            let result = api::hc::issue_invitation(case_id).await;
            busy.set(false);
            match result {
                Ok(view) => {
                    // Kept in memory only, for the letter page: the token is never stored.
                    *LETTER.write() = Some(Letter::of(&case, &view));
                    issued.set(Some(view));
                }
                Err(failed) if failed.status == 401 => expire_session(session),
                Err(failed) => problem.set(Some(failed)),
            }
        });
    };

    let enrolled = problem
        .read()
        .as_ref()
        .is_some_and(|p| p.code == "already_enrolled");
    rsx! {
        section { class: "panel hc-panel", "aria-labelledby": "invitation-heading",
            h2 { id: "invitation-heading", {HcText::InvitationTitle.get(lang)} }
            p { class: "hint", {HcText::InvitationIntro.get(lang)} }
            if enrolled {
                p { class: "notice notice-ok", role: "status", "data-testid": "invitation-enrolled",
                    {HcText::AlreadyEnrolled.get(lang)}
                }
            } else if let Some(failed) = problem() {
                ActionProblem { problem: failed }
            }
            if let Some(view) = issued() {
                div { class: "invitation", "data-testid": "invitation",
                    img {
                        class: "invitation-qr",
                        src: "data:image/png;base64,{view.qr_png_base64}",
                        alt: HcText::QrAlt.get(lang),
                        width: "160",
                        height: "160",
                    }
                    dl { class: "facts facts-compact",
                        div { class: "fact fact-wide",
                            dt { {HcText::InvitationLink.get(lang)} }
                            dd {
                                input {
                                    class: "invitation-url",
                                    "data-testid": "invitation-url",
                                    "aria-label": HcText::InvitationLink.get(lang),
                                    readonly: true,
                                    value: "{view.url}",
                                }
                            }
                        }
                        div { class: "fact",
                            dt { {HcText::InvitationExpires.get(lang)} }
                            dd { {format::local_date_time(view.expires_at)} }
                        }
                    }
                    p { class: "notice notice-error", role: "note", {HcText::ShownOnce.get(lang)} }
                    Link {
                        class: "button button-primary",
                        to: Route::Letter { id: case_id },
                        "data-testid": "open-letter",
                        {HcText::OpenLetter.get(lang)}
                    }
                }
            }
            div { class: "actions",
                button {
                    r#type: "button",
                    class: "button",
                    "data-testid": "issue-invitation",
                    disabled: busy() || ended || enrolled,
                    onclick: on_issue,
                    if busy() {
                        {HcText::Issuing.get(lang)}
                    } else if issued().is_some() {
                        {HcText::Reissue.get(lang)}
                    } else {
                        {HcText::Issue.get(lang)}
                    }
                }
            }
        }
    }
}
