//! Physician findings (医師所見) of a case, newest first.

use crate::format;
use crate::state::use_lang;
use dioxus::prelude::*;
use mimamori_shared::api::findings::{FindingView, Referral};
use mimamori_shared::api::reports::ReportView;
use mimamori_shared::i18n::staff::Text;

/// The findings, each with the report it is about when that report is listed.
#[component]
pub fn FindingList(findings: Vec<FindingView>, reports: Vec<ReportView>) -> Element {
    let lang = use_lang();
    rsx! {
        if findings.is_empty() {
            p { class: "empty", "data-testid": "no-findings", {Text::NoFindings.get(lang)} }
        } else {
            ol { class: "finding-list",
                for finding in findings {
                    FindingItem {
                        key: "{finding.id}",
                        about: finding
                            .report_id
                            .and_then(|id| reports.iter().find(|r| r.id == id))
                            .map(|r| format::report_name(lang, r)),
                        finding,
                    }
                }
            }
        }
    }
}

#[component]
fn FindingItem(finding: FindingView, about: Option<String>) -> Element {
    let lang = use_lang();
    let referral_class = match finding.referral {
        Referral::None => "tag",
        Referral::Outpatient | Referral::Admission => "tag tag-strong",
    };
    rsx! {
        li { class: "finding", "data-testid": "finding", "data-finding-id": "{finding.id}",
            div { class: "finding-head",
                time { datetime: finding.created_at.to_rfc3339(),
                    {format::local_date_time(finding.created_at)}
                }
                span { class: "finding-author",
                    {Text::WrittenBy.get(lang)} ": " {finding.author_name.clone()}
                }
                span { class: referral_class, "data-testid": "finding-referral",
                    {Text::referral(finding.referral).get(lang)}
                }
            }
            dl { class: "facts facts-compact",
                div { class: "fact fact-wide",
                    dt { {Text::Assessment.get(lang)} }
                    dd { class: "note", {finding.assessment.clone()} }
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
