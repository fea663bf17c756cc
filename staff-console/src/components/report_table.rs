//! The daily report list as a table; on narrow screens each row becomes a card (style.css).

use crate::components::FlagBadge;
use crate::format;
use crate::route::Route;
use crate::state::use_lang;
use dioxus::prelude::*;
use mimamori_shared::api::reports::{DailyReportRow, EnteredBy};
use mimamori_shared::i18n::staff::Text;

/// One row per report, in the order the server gives (red, amber, the rest).
#[component]
pub fn ReportTable(rows: Vec<DailyReportRow>) -> Element {
    let lang = use_lang();
    let columns = [
        Text::ColFlag,
        Text::ColReasons,
        Text::ColCaseNumber,
        Text::ColPatient,
        Text::ColTemperature,
        Text::ColSpo2,
        Text::ColSubmitted,
        Text::ColSlot,
    ];
    rsx! {
        div { class: "table-wrap",
            table { class: "report-table",
                caption { class: "visually-hidden", {Text::ReportsTitle.get(lang)} }
                thead {
                    tr {
                        for column in columns {
                            th { scope: "col", {column.get(lang)} }
                        }
                    }
                }
                tbody {
                    for row in rows {
                        ReportRow { key: "{row.report.id}", row }
                    }
                }
            }
        }
    }
}

/// One report; the whole row opens the case, the name is the keyboard-reachable link.
#[component]
fn ReportRow(row: DailyReportRow) -> Element {
    let lang = use_lang();
    let nav = use_navigator();
    let report = &row.report;
    let flag = report.flag.as_str();
    let case = Route::Case { id: report.case_id };
    let open = case.clone();
    let label = |text: Text| text.get(lang);
    rsx! {
        tr {
            class: "report-row row-{flag}",
            "data-testid": "report-row",
            "data-flag": flag,
            "data-case-number": row.case_number.clone(),
            onclick: move |evt: MouseEvent| {
                // Modified clicks belong to the link (new tab, new window).
                if evt.modifiers().is_empty() {
                    nav.push(open.clone());
                }
            },
            td { "data-label": label(Text::ColFlag), FlagBadge { flag: report.flag } }
            td { class: "reasons", "data-label": label(Text::ColReasons),
                if report.reasons.is_empty() {
                    "—"
                } else {
                    ul { class: "reason-list",
                        for (i, reason) in report.reasons.iter().enumerate() {
                            li { key: "{i}", {reason.label(lang)} }
                        }
                    }
                }
            }
            td { class: "case-number nowrap", "data-label": label(Text::ColCaseNumber),
                {row.case_number.clone()}
            }
            td { class: "patient nowrap", "data-label": label(Text::ColPatient),
                Link { to: case, {row.patient_name.clone()} }
            }
            td { class: "number", "data-label": label(Text::ColTemperature),
                {format::temperature(report.temperature_c)}
            }
            td { class: "number", "data-label": label(Text::ColSpo2),
                {format::spo2(lang, report.spo2)}
            }
            td { class: "nowrap", "data-label": label(Text::ColSubmitted),
                time { datetime: report.submitted_at.to_rfc3339(),
                    {format::local_time(report.submitted_at)}
                }
                if report.entered_by == EnteredBy::Staff {
                    " "
                    span { class: "tag", {label(Text::EnteredByStaff)} }
                }
            }
            td { class: "nowrap", "data-label": label(Text::ColSlot),
                {format::slot(lang, report.slot)}
            }
        }
    }
}
