//! One case record: basic information, reports, physician findings and messages to the patient.

use crate::api;
use crate::components::{
    CaseInfo, FindingList, Loading, MessagePanel, NewFindingForm, PageTitle, ProblemNotice,
    ReportList,
};
use crate::route::Route;
use crate::state::{expire_session, use_lang, use_session};
use dioxus::prelude::*;
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::api::findings::FindingView;
use mimamori_shared::api::patient::MessageView;
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::ids::CaseId;

/// The case page; doctors also get the finding form.
#[component]
pub fn CasePage(id: CaseId) -> Element {
    let lang = use_lang();
    let session = use_session();
    let mut case = use_resource(use_reactive!(|id| api::case(id)));

    use_effect(move || {
        if let Some(Err(problem)) = &*case.read()
            && problem.status == 401
        {
            expire_session(session);
        }
    });

    // Only doctors write findings; the server checks again and answers 403 to anyone else.
    let is_doctor = session.read().me().map(|me| me.role) == Some(StaffRole::FollowupDoctor);
    let on_created = move |finding: FindingView| {
        if let Some(Ok(view)) = case.write().as_mut() {
            view.findings.insert(0, finding);
        }
    };

    let on_sent = move |message: MessageView| {
        if let Some(Ok(view)) = case.write().as_mut() {
            view.messages.insert(0, message);
        }
    };

    let loaded = case.read().clone();
    rsx! {
        PageTitle { page: Text::CaseTitle }
        p { class: "back",
            Link { to: Route::Today {}, "← " {Text::BackToReports.get(lang)} }
        }
        match loaded {
            None => rsx! { Loading {} },
            Some(Err(problem)) if problem.status == 401 => rsx! { Loading {} },
            Some(Err(problem)) if problem.status == 404 => rsx! {
                p { class: "notice notice-error", role: "alert", "data-testid": "case-not-found",
                    {Text::ErrorCaseNotFound.get(lang)}
                }
            },
            Some(Err(problem)) => rsx! {
                ProblemNotice { problem, on_retry: move |_| case.restart() }
            },
            Some(Ok(view)) => rsx! {
                CaseInfo { case: view.clone() }
                div { class: "case-columns",
                    ReportList { reports: view.reports.clone() }
                    section { class: "panel", "aria-labelledby": "findings-heading",
                        h2 { id: "findings-heading", {Text::Findings.get(lang)} }
                        if is_doctor {
                            NewFindingForm {
                                case_id: view.id,
                                reports: view.reports.clone(),
                                on_created,
                            }
                        }
                        FindingList {
                            findings: view.findings.clone(),
                            reports: view.reports.clone(),
                        }
                    }
                }
                MessagePanel { case_id: view.id, messages: view.messages.clone(), on_sent }
            },
        }
    }
}
