//! The work list's table: one row per case, keyed by case id so a refresh updates rows in place
//! (the browser keeps scroll position and focus). On narrow screens each row becomes a card.

use crate::components::FlagBadge;
use crate::format;
use crate::route::Route;
use crate::state::use_lang;
use dioxus::prelude::*;
use mimamori_shared::api::cases::CaseStatus;
use mimamori_shared::api::reports::EnteredBy;
use mimamori_shared::api::worklist::{Bucket, WorkListRow};
use mimamori_shared::i18n::staff::{self, Text};
use mimamori_shared::i18n::staff_case::risk_factor;
use mimamori_shared::i18n::staff_inpatient::case_status;
use mimamori_shared::i18n::staff_safety::SafetyText;
use mimamori_shared::i18n::staff_worklist::WorkText;
use mimamori_shared::ids::CaseId;
use std::collections::BTreeSet;

/// The id of a row's checkbox (focus is put back on it after a refresh).
pub fn select_id(case: CaseId) -> String {
    format!("wl-select-{case}")
}

/// The id of a row's link to the case.
pub fn link_id(case: CaseId) -> String {
    format!("wl-open-{case}")
}

/// The rows, with a checkbox each for "mark reviewed".
#[component]
pub fn WorkListTable(
    rows: Vec<WorkListRow>,
    selected: BTreeSet<CaseId>,
    show_org: bool,
    on_toggle: EventHandler<(CaseId, bool)>,
    on_toggle_all: EventHandler<bool>,
) -> Element {
    let lang = use_lang();
    let all_selected = !rows.is_empty() && rows.iter().all(|r| selected.contains(&r.id));
    let mut columns = vec![
        WorkText::ColStatus,
        WorkText::ColCaseNumber,
        WorkText::ColPatient,
        WorkText::ColAge,
        WorkText::ColDay,
        WorkText::ColLatest,
        WorkText::ColRisk,
        WorkText::ColAssigned,
    ];
    if show_org {
        columns.push(WorkText::ColOrganisation);
    }
    rsx! {
        div { class: "table-wrap",
            table { class: "report-table worklist-table", "data-testid": "worklist-table",
                caption { class: "visually-hidden", {WorkText::Title.get(lang)} }
                thead {
                    tr {
                        th { scope: "col", class: "wl-select",
                            input {
                                id: "wl-select-all",
                                r#type: "checkbox",
                                "data-testid": "wl-select-all",
                                checked: all_selected,
                                onchange: move |e: FormEvent| on_toggle_all.call(e.checked()),
                            }
                            label { r#for: "wl-select-all", class: "visually-hidden",
                                {WorkText::SelectAll.get(lang)}
                            }
                        }
                        for column in columns {
                            th { scope: "col", {column.get(lang)} }
                        }
                    }
                }
                tbody {
                    for row in rows {
                        WorkListRowView {
                            key: "{row.id}",
                            checked: selected.contains(&row.id),
                            row,
                            show_org,
                            on_toggle,
                        }
                    }
                }
            }
        }
    }
}

/// One case.
#[component]
fn WorkListRowView(
    row: WorkListRow,
    checked: bool,
    show_org: bool,
    on_toggle: EventHandler<(CaseId, bool)>,
) -> Element {
    let lang = use_lang();
    let id = row.id;
    let bucket = row.bucket.as_str();
    let label = |text: WorkText| text.get(lang);
    let select = select_id(id);
    rsx! {
        tr {
            class: "report-row wl-row row-{bucket}",
            "data-testid": "wl-row",
            "data-bucket": bucket,
            "data-case-number": row.case_number.clone(),
            td { class: "wl-select", "data-label": label(WorkText::ColSelect),
                input {
                    id: select.clone(),
                    r#type: "checkbox",
                    "data-testid": "wl-select",
                    checked,
                    onchange: move |e: FormEvent| on_toggle.call((id, e.checked())),
                }
                label { r#for: select, class: "visually-hidden",
                    {format!("{} {}", label(WorkText::SelectRow), row.case_number)}
                }
            }
            td { class: "nowrap", "data-label": label(WorkText::ColStatus),
                BucketBadge { bucket: row.bucket }
                if row.status == CaseStatus::Hospitalised {
                    " "
                    span { class: "tag tag-hospitalised", "data-testid": "wl-hospitalised",
                        {case_status(lang, row.status)}
                    }
                }
                if row.escalated {
                    " "
                    span { class: "tag tag-strong", {label(WorkText::Escalated)} }
                }
            }
            td { class: "case-number nowrap", "data-label": label(WorkText::ColCaseNumber),
                {row.case_number.clone()}
            }
            td { class: "patient", "data-label": label(WorkText::ColPatient),
                Link {
                    id: link_id(id),
                    class: "wl-open",
                    to: Route::Case { id },
                    {row.name.clone()}
                }
                span { class: "wl-kana",
                    // On a tablet the case number column gives way; the number shows here.
                    span { class: "wl-number-inline", {row.case_number.clone()} " · " }
                    {row.name_kana.clone()}
                }
            }
            td { class: "nowrap", "data-label": label(WorkText::ColAge),
                {format!("{} {}", staff::age(lang, row.age), Text::sex(row.sex).get(lang))}
            }
            td { class: "number", "data-label": label(WorkText::ColDay),
                {staff::day_of_period(lang, row.day)}
            }
            td { class: "wl-latest", "data-label": label(WorkText::ColLatest),
                match &row.latest {
                    None => rsx! { span { class: "muted", {label(WorkText::NoReport)} } },
                    Some(latest) => rsx! {
                        FlagBadge { flag: latest.flag }
                        " "
                        span { class: "number", {format::temperature(latest.temperature_c)} }
                        " · "
                        span { class: "number", {format!("SpO2 {}", format::spo2(lang, latest.spo2))} }
                        " · "
                        time { datetime: latest.submitted_at.to_rfc3339(),
                            {short_date_time(latest.submitted_at)}
                        }
                        if latest.entered_by == EnteredBy::Staff {
                            " "
                            span { class: "tag", {label(WorkText::ByStaff)} }
                        }
                        if latest.corrected {
                            " "
                            span { class: "tag tag-corrected", "data-testid": "wl-corrected",
                                {SafetyText::Corrected.get(lang)}
                            }
                        }
                    },
                }
            }
            td { class: "wl-risk", "data-label": label(WorkText::ColRisk),
                if row.risk_factors.is_empty() {
                    "—"
                } else {
                    for factor in row.risk_factors.iter().copied() {
                        span {
                            key: "{factor.as_str()}",
                            class: "tag tag-risk",
                            title: risk_factor(lang, factor),
                            {WorkText::risk_short(lang, factor)}
                        }
                    }
                }
            }
            td { class: "nowrap", "data-label": label(WorkText::ColAssigned),
                {row.assigned_staff_name.clone().unwrap_or_else(|| label(WorkText::Nobody).to_owned())}
            }
            if show_org {
                td { "data-label": label(WorkText::ColOrganisation),
                    {row.followup_org_name.clone().unwrap_or_else(|| label(WorkText::NoOrganisation).to_owned())}
                }
            }
        }
    }
}

/// `11/24 09:05` in the browser's time zone: the year is this one, and the column stays narrow.
fn short_date_time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&format::local_offset(at))
        .format("%m/%d %H:%M")
        .to_string()
}

/// Where a case stands: the flag's badge for red and amber (shape, word, colour), a plain tag
/// for the others.
#[component]
pub fn BucketBadge(bucket: Bucket) -> Element {
    let lang = use_lang();
    rsx! {
        span { class: "wl-bucket wl-bucket-{bucket.as_str()}",
            {WorkText::bucket(lang, bucket)}
        }
    }
}
