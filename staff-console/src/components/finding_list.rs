//! Physician findings (医師所見) of a case, newest first. Each original is shown with its
//! amendments in the order they were written, every one with its author and time; the text in
//! force is marked "current", the others "superseded" — nothing is hidden or overwritten.

use crate::case_forms::current_of;
use crate::components::NewFindingForm;
use crate::format;
use crate::state::use_lang;
use dioxus::prelude::*;
use mimamori_shared::api::findings::{FindingView, Referral};
use mimamori_shared::api::reports::ReportView;
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::i18n::staff_case::CaseText;
use mimamori_shared::ids::CaseId;

/// The findings, each with the report it is about when that report is listed. With
/// `can_amend` (doctors, case under follow-up) each group gets an "amend" button that opens a
/// form starting from the current text; `on_amended` gets the stored amendment.
#[component]
pub fn FindingList(
    findings: Vec<FindingView>,
    reports: Vec<ReportView>,
    case_id: Option<CaseId>,
    #[props(default)] can_amend: bool,
    on_amended: Option<EventHandler<FindingView>>,
) -> Element {
    let lang = use_lang();
    let amend_case = if can_amend { case_id } else { None };
    rsx! {
        if findings.is_empty() {
            p { class: "empty", "data-testid": "no-findings", {Text::NoFindings.get(lang)} }
        } else {
            ol { class: "finding-list",
                for finding in findings {
                    FindingGroup {
                        key: "{finding.id}",
                        finding,
                        reports: reports.clone(),
                        amend_case,
                        on_amended,
                    }
                }
            }
        }
    }
}

/// An original finding, its amendments, and (for doctors) the amend button and form.
#[component]
fn FindingGroup(
    finding: FindingView,
    reports: Vec<ReportView>,
    amend_case: Option<CaseId>,
    on_amended: Option<EventHandler<FindingView>>,
) -> Element {
    let lang = use_lang();
    let mut amending = use_signal(|| false);
    let about = |f: &FindingView| {
        f.report_id
            .and_then(|id| reports.iter().find(|r| r.id == id))
            .map(|r| format::report_name(lang, r))
    };
    let current = current_of(&finding).clone();
    let amend_label = format!(
        "{} ({})",
        CaseText::Amend.get(lang),
        format::local_date_time(finding.created_at)
    );
    rsx! {
        li {
            class: "finding",
            "data-testid": "finding",
            "data-finding-id": "{finding.id}",
            FindingEntry {
                about: about(&finding),
                label: finding.superseded.then_some(CaseText::Original),
                finding: finding.clone(),
            }
            if !finding.amendments.is_empty() {
                ol { class: "amendment-list",
                    for amendment in finding.amendments.iter().cloned() {
                        li {
                            key: "{amendment.id}",
                            class: "amendment",
                            "data-testid": "finding-amendment",
                            "data-finding-id": "{amendment.id}",
                            FindingEntry {
                                about: about(&amendment),
                                label: Some(CaseText::Amendment),
                                finding: amendment.clone(),
                            }
                        }
                    }
                }
            }
            if let Some(case_id) = amend_case {
                if amending() {
                    NewFindingForm {
                        case_id,
                        reports: reports.clone(),
                        amends: current,
                        on_created: move |amendment: FindingView| {
                            amending.set(false);
                            if let Some(handler) = on_amended {
                                handler.call(amendment);
                            }
                        },
                        on_cancel: move |_| amending.set(false),
                    }
                } else {
                    div { class: "actions",
                        button {
                            r#type: "button",
                            class: "button button-quiet",
                            "data-testid": "finding-amend",
                            "aria-label": amend_label,
                            onclick: move |_| amending.set(true),
                            {CaseText::Amend.get(lang)}
                        }
                    }
                }
            }
        }
    }
}

/// One written text: when, by whom, whether it is in force, and what it says.
#[component]
fn FindingEntry(finding: FindingView, about: Option<String>, label: Option<CaseText>) -> Element {
    let lang = use_lang();
    let referral_class = match finding.referral {
        Referral::None => "tag",
        Referral::Outpatient | Referral::Admission => "tag tag-strong",
    };
    let state = if finding.superseded {
        CaseText::Superseded
    } else {
        CaseText::Current
    };
    rsx! {
        div {
            class: if finding.superseded { "finding-entry superseded" } else { "finding-entry" },
            "data-superseded": finding.superseded.to_string(),
            div { class: "finding-head",
                if let Some(label) = label {
                    strong { class: "finding-label", {label.get(lang)} }
                }
                span { class: "finding-when",
                    {CaseText::WrittenAt.get(lang)} ": "
                    time { "data-testid": "finding-time", datetime: finding.created_at.to_rfc3339(),
                        {format::local_date_time(finding.created_at)}
                    }
                }
                span { class: "finding-author", "data-testid": "finding-author",
                    {Text::WrittenBy.get(lang)} ": " {finding.author_name.clone()}
                }
                span { class: referral_class, "data-testid": "finding-referral",
                    {Text::referral(finding.referral).get(lang)}
                }
                if label.is_some() || finding.superseded {
                    span {
                        class: if finding.superseded { "tag" } else { "tag tag-current" },
                        "data-testid": "finding-state",
                        {state.get(lang)}
                    }
                }
            }
            dl { class: "facts facts-compact",
                div { class: "fact fact-wide",
                    dt { {Text::Assessment.get(lang)} }
                    dd { class: "note", "data-testid": "finding-assessment", {finding.assessment.clone()} }
                }
                if !finding.plan.is_empty() {
                    div { class: "fact fact-wide",
                        dt { {Text::Plan.get(lang)} }
                        dd { class: "note", {finding.plan.clone()} }
                    }
                }
                if let Some(about) = about {
                    div { class: "fact fact-wide",
                        dt { {Text::FindingReport.get(lang)} }
                        dd { {about} }
                    }
                }
            }
        }
    }
}
