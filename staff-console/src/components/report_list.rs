//! A case's reports, newest first, each with everything the patient answered.

use crate::components::FlagBadge;
use crate::format;
use crate::state::use_lang;
use dioxus::prelude::*;
use mimamori_shared::api::reports::{EnteredBy, ReportView};
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::{Answer, Lang};

/// The reports of a case, in the order given (the server sends newest first).
#[component]
pub fn ReportList(reports: Vec<ReportView>) -> Element {
    let lang = use_lang();
    rsx! {
        section { class: "panel", "aria-labelledby": "reports-heading",
            h2 { id: "reports-heading", {Text::CaseReports.get(lang)} }
            if reports.is_empty() {
                p { class: "empty", {Text::NoCaseReports.get(lang)} }
            } else {
                ol { class: "report-list",
                    for report in reports {
                        ReportCard { key: "{report.id}", report }
                    }
                }
            }
        }
    }
}

#[component]
fn ReportCard(report: ReportView) -> Element {
    let lang = use_lang();
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
                    span { class: "tag", {Text::Reviewed.get(lang)} }
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
