//! One case record: basic information, the chart, reports (with review), calls, proxy reports,
//! physician findings and their amendments, escalation, the end of follow-up, the timeline,
//! messages to the patient and the inpatient status reports of a stay in hospital.
//!
//! What is offered follows `CaseView::allowed`, which the server computes from its policy and
//! the case's state; the server checks every action again.

use crate::api;
use crate::case_forms::{add_amendment, mark_reviewed};
use crate::components::{
    CallPanel, CaseInfo, CaseTimeline, EndPanel, EndReviewBanner, EscalationPanel, ExtendPanel,
    FindingList, HcCaseTools, InpatientPanel, Loading, MessagePanel, NewFindingForm, PageTitle,
    ProblemNotice, ProxyReportPanel, ReportList, ThresholdsPanel, VitalsPanel,
};
use crate::route::Route;
use crate::state::{expire_session, use_lang, use_session};
use dioxus::prelude::*;
use mimamori_shared::api::cases::{CaseEventKind, CaseEventView, CaseStatus, CaseView};
use mimamori_shared::api::findings::FindingView;
use mimamori_shared::api::patient::MessageView;
use mimamori_shared::api::reports::ReportView;
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::ids::{CaseId, ReportId};

/// The case page.
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

    // Each action's answer updates the record on screen, so nothing is read again.
    let mut edit = move |change: &dyn Fn(&mut CaseView)| {
        if let Some(Ok(view)) = case.write().as_mut() {
            change(view);
        }
    };
    let on_created = move |finding: FindingView| edit(&|v| v.findings.insert(0, finding.clone()));
    let on_amended =
        move |amendment: FindingView| edit(&|v| add_amendment(&mut v.findings, amendment.clone()));
    let on_sent = move |message: MessageView| edit(&|v| v.messages.insert(0, message.clone()));
    let on_event = move |event: CaseEventView| {
        edit(&|v| {
            if event.kind == CaseEventKind::Escalation {
                v.escalated_at = Some(event.at);
            }
            v.events.insert(0, event.clone());
        })
    };
    // The report a nurse is correcting after a call, in the proxy form (none: a new report).
    let mut correcting = use_signal(|| None::<ReportView>);
    let on_report = move |report: ReportView| {
        edit(
            &|v| match v.reports.iter_mut().find(|r| r.id == report.id) {
                // A correction: its new version replaces the one shown.
                Some(shown) => *shown = report.clone(),
                None => v.reports.insert(0, report.clone()),
            },
        );
        correcting.set(None);
    };
    let on_reviewed = move |ids: Vec<ReportId>| edit(&|v| mark_reviewed(&mut v.reports, &ids));
    let on_ended = move |ended: CaseView| {
        if let Some(Ok(view)) = case.write().as_mut() {
            *view = ended;
        }
    };

    let loaded = case.read().clone();
    rsx! {
        PageTitle { page: Text::CaseTitle }
        p { class: "back",
            Link { to: Route::WorkList {}, "← " {Text::BackToReports.get(lang)} }
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
            Some(Ok(view)) => {
                let may = view.allowed;
                let calls: Vec<CaseEventView> = view
                    .events
                    .iter()
                    .filter(|e| e.kind == CaseEventKind::Call)
                    .cloned()
                    .collect();
                rsx! {
                    CaseInfo { case: view.clone() }
                    if view.status == CaseStatus::EndReview {
                        EndReviewBanner { signs: view.end_review_signs.clone() }
                    }
                    div { class: "case-columns",
                        div { class: "case-main",
                            // Asked for only when there is a stay to show: every read is audited.
                            if view.status == CaseStatus::Hospitalised
                                || view.events.iter().any(|e| e.kind == CaseEventKind::Inpatient)
                            {
                                InpatientPanel { case_id: view.id }
                            }
                            VitalsPanel {
                                reports: view.reports.clone(),
                                start: view.followup_start,
                                end: view.followup_end,
                                slots_per_day: view.slots_per_day,
                            }
                            ReportList {
                                reports: view.reports.clone(),
                                case_id: view.id,
                                can_review: may.mark_reviewed,
                                on_reviewed,
                                on_correct: may
                                    .proxy_report
                                    .then_some(EventHandler::new(move |report| correcting.set(Some(report)))),
                            }
                            CaseTimeline { events: view.events.clone() }
                        }
                        div { class: "case-side",
                            HcCaseTools { case: view.clone(), on_changed: move |_| case.restart() }
                            CallPanel {
                                case_id: view.id,
                                calls,
                                can_log: may.log_call,
                                on_logged: on_event,
                            }
                            if may.proxy_report {
                                ProxyReportPanel {
                                    key: "{correcting.read().as_ref().map_or(0, |r| r.id.0)}",
                                    case_id: view.id,
                                    on_stored: on_report,
                                    correcting: correcting(),
                                    on_cancel: move |_| correcting.set(None),
                                }
                            }
                            section { class: "panel", "aria-labelledby": "findings-heading",
                                h2 { id: "findings-heading", {Text::Findings.get(lang)} }
                                if may.write_finding {
                                    NewFindingForm {
                                        case_id: view.id,
                                        reports: view.reports.clone(),
                                        on_created,
                                    }
                                }
                                FindingList {
                                    findings: view.findings.clone(),
                                    reports: view.reports.clone(),
                                    case_id: view.id,
                                    can_amend: may.amend_finding,
                                    on_amended,
                                }
                            }
                            if may.escalate {
                                EscalationPanel { case_id: view.id, on_escalated: on_event }
                            }
                            MessagePanel {
                                case_id: view.id,
                                messages: view.messages.clone(),
                                on_sent,
                                can_send: may.send_message,
                            }
                            ThresholdsPanel {
                                case_id: view.id,
                                current: view.thresholds.clone(),
                                can_set: may.set_thresholds,
                                on_changed: on_ended,
                            }
                            if may.extend_follow_up {
                                ExtendPanel { case_id: view.id, on_extended: on_ended }
                            }
                            if may.end_follow_up {
                                EndPanel { case_id: view.id, on_ended }
                            }
                        }
                    }
                }
            }
        }
    }
}
