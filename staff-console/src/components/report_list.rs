//! A case's reports, newest first, each with everything the patient answered; staff who may
//! mark reports reviewed get a button on each unreviewed one and one for all of them.

use crate::api;
use crate::components::{ActionProblem, FlagBadge, ReportVersions};
use crate::format;
use crate::state::{expire_session, use_lang, use_session};
use dioxus::prelude::*;
use mimamori_shared::api::Problem;
use mimamori_shared::api::case_actions::MarkReviewed;
use mimamori_shared::api::reports::{EnteredBy, ReportView};
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::i18n::staff_case::{self, CaseText};
use mimamori_shared::i18n::staff_safety::{SafetyText, version_label};
use mimamori_shared::ids::{CaseId, ReportId};
use mimamori_shared::{Answer, Lang};

/// The reports of a case, in the order given (the server sends newest first). With
/// `can_review`, unreviewed reports get a "mark reviewed" button; `on_reviewed` gets the ids
/// marked (empty: all of them) after the server answered.
#[component]
pub fn ReportList(
    reports: Vec<ReportView>,
    case_id: Option<CaseId>,
    #[props(default)] can_review: bool,
    on_reviewed: Option<EventHandler<Vec<ReportId>>>,
    /// Staff who may enter reports get a "correct" button on each report.
    on_correct: Option<EventHandler<ReportView>>,
) -> Element {
    let lang = use_lang();
    let session = use_session();
    let mut busy = use_signal(|| false);
    let mut problem = use_signal(|| None::<Problem>);
    let mut done = use_signal(|| None::<u32>);
    let unreviewed = reports.iter().filter(|r| !r.reviewed).count();
    let mut review = move |ids: Vec<ReportId>| {
        let Some(case_id) = case_id else { return };
        if busy() {
            return;
        }
        busy.set(true);
        problem.set(None);
        done.set(None);
        spawn(async move {
            let request = MarkReviewed {
                report_ids: (!ids.is_empty()).then(|| ids.clone()),
            };
            let result = api::mark_reviewed(case_id, &request).await;
            busy.set(false);
            match result {
                Ok(answer) => {
                    done.set(Some(answer.reviewed));
                    if let Some(handler) = on_reviewed {
                        handler.call(ids);
                    }
                }
                Err(failed) if failed.status == 401 => expire_session(session),
                Err(failed) => problem.set(Some(failed)),
            }
        });
    };
    let can_review = can_review && case_id.is_some();
    rsx! {
        section { class: "panel", "aria-labelledby": "reports-heading",
            div { class: "panel-head",
                h2 { id: "reports-heading", {Text::CaseReports.get(lang)} }
                if unreviewed > 0 {
                    span { class: "tag", "data-testid": "unreviewed-count",
                        {CaseText::Unreviewed.get(lang)} " " {unreviewed.to_string()}
                    }
                }
                if can_review && unreviewed > 0 {
                    button {
                        r#type: "button",
                        class: "button button-quiet",
                        "data-testid": "review-all",
                        disabled: busy(),
                        onclick: move |_| review(Vec::new()),
                        {CaseText::MarkAllReviewed.get(lang)}
                    }
                }
            }
            if let Some(failed) = problem() {
                ActionProblem { problem: failed }
            }
            p { class: "status", role: "status",
                if let Some(n) = done() {
                    span { class: "notice notice-ok", "data-testid": "review-done",
                        {staff_case::reviewed_count(lang, n)}
                    }
                }
            }
            if reports.is_empty() {
                p { class: "empty", {Text::NoCaseReports.get(lang)} }
            } else {
                ol { class: "report-list",
                    for report in reports {
                        ReportCard {
                            key: "{report.id}",
                            report: report.clone(),
                            case_id,
                            on_review: if can_review && !report.reviewed {
                                Some(EventHandler::new(move |id: ReportId| review(vec![id])))
                            } else {
                                None
                            },
                            busy: busy(),
                            on_correct,
                        }
                    }
                }
            }
        }
    }
}

#[component]
fn ReportCard(
    report: ReportView,
    case_id: Option<CaseId>,
    on_review: Option<EventHandler<ReportId>>,
    #[props(default)] busy: bool,
    on_correct: Option<EventHandler<ReportView>>,
) -> Element {
    let lang = use_lang();
    let to_correct = report.clone();
    let symptoms = symptoms(lang, &report);
    let urgent: Vec<&str> = report.urgent_signs.iter().map(|u| u.label(lang)).collect();
    let reasons: Vec<&str> = report.reasons.iter().map(|r| r.label(lang)).collect();
    let flag = report.flag.as_str();
    rsx! {
        li { class: "report-card row-{flag}", "data-testid": "case-report", "data-flag": flag,
            div { class: "report-card-head",
                FlagBadge { flag: report.flag }
                span { class: "report-when",
                    {format::date(report.slot_date)}
                    " "
                    {format::slot(lang, report.slot)}
                    " · "
                    time { datetime: report.submitted_at.to_rfc3339(),
                        {format::local_date_time(report.submitted_at)}
                    }
                }
                if report.entered_by == EnteredBy::Staff {
                    span { class: "tag", {Text::EnteredByStaff.get(lang)} }
                }
                if report.reviewed {
                    span { class: "tag", "data-testid": "report-reviewed", {Text::Reviewed.get(lang)} }
                }
                if report.version > 1 {
                    span { class: "tag tag-corrected", "data-testid": "report-corrected",
                        {SafetyText::Corrected.get(lang)} " " {version_label(lang, report.version)}
                    }
                }
                if let Some(on_correct) = on_correct {
                    button {
                        r#type: "button",
                        class: "button button-quiet",
                        "data-testid": "correct-report",
                        onclick: move |_| on_correct.call(to_correct.clone()),
                        {CaseText::CorrectReport.get(lang)}
                    }
                }
                if let Some(on_review) = on_review {
                    button {
                        r#type: "button",
                        class: "button button-quiet review-button",
                        "data-testid": "review-report",
                        disabled: busy,
                        onclick: move |_| on_review.call(report.id),
                        {CaseText::MarkReviewed.get(lang)}
                    }
                }
            }
            dl { class: "facts facts-compact",
                div { class: "fact",
                    dt { {Text::Temperature.get(lang)} }
                    dd { {format::temperature(report.temperature_c)} }
                }
                div { class: "fact",
                    dt { {Text::Spo2.get(lang)} }
                    dd { {format::spo2(lang, report.spo2)} }
                }
                div { class: "fact",
                    dt { {Text::Pulse.get(lang)} }
                    dd { {format::pulse(lang, report.pulse)} }
                }
                div { class: "fact fact-wide",
                    dt { {Text::Symptoms.get(lang)} }
                    dd { {list_or_none(lang, &symptoms)} }
                }
                div { class: "fact fact-wide",
                    dt { {Text::UrgentSigns.get(lang)} }
                    dd { class: if !urgent.is_empty() { "urgent" }, {list_or_none(lang, &urgent)} }
                }
                if !report.reasons.is_empty() {
                    div { class: "fact fact-wide",
                        dt { {Text::Reasons.get(lang)} }
                        dd { {reasons.join(" / ")} }
                    }
                }
                if !report.note.is_empty() {
                    div { class: "fact fact-wide",
                        dt { {Text::Note.get(lang)} }
                        dd { class: "note", {report.note.clone()} }
                    }
                }
                div { class: "fact fact-wide",
                    dt { {Text::RulesetVersion.get(lang)} }
                    dd { class: "muted", {report.ruleset_version.clone()} }
                }
            }
            if let (true, Some(case_id)) = (report.version > 1, case_id) {
                ReportVersions { case_id, report_id: report.id }
            }
        }
    }
}

/// Symptoms answered yes or unsure, as "label: answer", in catalogue order.
fn symptoms(lang: Lang, report: &ReportView) -> Vec<String> {
    report
        .symptoms
        .iter()
        .filter(|(_, answer)| **answer != Answer::No)
        .map(|(symptom, answer)| format!("{}: {}", symptom.label(lang), answer.label(lang)))
        .collect()
}

fn list_or_none(lang: Lang, items: &[impl AsRef<str>]) -> String {
    if items.is_empty() {
        Text::NoneReported.get(lang).to_owned()
    } else {
        let separator = match lang {
            Lang::Ja => "、",
            _ => ", ",
        };
        items
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<_>>()
            .join(separator)
    }
}
