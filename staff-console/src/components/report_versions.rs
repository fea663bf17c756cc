//! The versions of a corrected report, one click away from it: a table with a column per
//! version (oldest first), each value that differs from the version before highlighted.

use crate::api;
use crate::components::{ActionProblem, Loading};
use crate::format;
use crate::state::{expire_session, use_lang, use_session};
use dioxus::prelude::*;
use mimamori_shared::Lang;
use mimamori_shared::api::Problem;
use mimamori_shared::api::reports::{EnteredBy, ReportVersionView};
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::i18n::staff_safety::{SafetyText, version_label};
use mimamori_shared::ids::{CaseId, ReportId};

/// A "show earlier versions" button that loads and shows the versions table.
#[component]
pub fn ReportVersions(case_id: CaseId, report_id: ReportId) -> Element {
    let lang = use_lang();
    let session = use_session();
    let mut open = use_signal(|| false);
    let mut versions = use_signal(|| None::<Result<Vec<ReportVersionView>, Problem>>);
    let toggle = move |_| {
        let opening = !open();
        open.set(opening);
        if opening && versions.read().is_none() {
            spawn(async move {
                match api::report_versions(case_id, report_id).await {
                    Err(failed) if failed.status == 401 => expire_session(session),
                    answer => versions.set(Some(answer.map(|list| list.items))),
                }
            });
        }
    };
    rsx! {
        button {
            r#type: "button",
            class: "button button-quiet",
            "data-testid": "show-versions",
            "aria-expanded": open().to_string(),
            onclick: toggle,
            if open() { {SafetyText::HideVersions.get(lang)} } else { {SafetyText::ShowVersions.get(lang)} }
        }
        if open() {
            match versions() {
                None => rsx! { Loading {} },
                Some(Err(problem)) => rsx! { ActionProblem { problem } },
                Some(Ok(items)) => rsx! { VersionTable { items } },
            }
        }
    }
}

/// One row of the table: a label and each version's value as text.
fn rows(lang: Lang, items: &[ReportVersionView]) -> Vec<(String, Vec<String>)> {
    let each = |f: &dyn Fn(&ReportVersionView) -> String| items.iter().map(f).collect();
    vec![
        (
            SafetyText::EnteredAt.get(lang).to_owned(),
            each(&|v| format::local_date_time(v.entered_at)),
        ),
        (
            SafetyText::EnteredBy.get(lang).to_owned(),
            each(&|v| {
                match v.entered_by {
                    EnteredBy::Patient => SafetyText::ByPatient,
                    EnteredBy::Staff => SafetyText::ByStaff,
                }
                .get(lang)
                .to_owned()
            }),
        ),
        (
            SafetyText::Flag.get(lang).to_owned(),
            each(&|v| v.flag.label(lang).to_owned()),
        ),
        (
            Text::Temperature.get(lang).to_owned(),
            each(&|v| format::temperature(v.temperature_c)),
        ),
        (
            Text::Spo2.get(lang).to_owned(),
            each(&|v| format::spo2(lang, v.spo2)),
        ),
        (
            Text::Pulse.get(lang).to_owned(),
            each(&|v| format::pulse(lang, v.pulse)),
        ),
        (
            Text::Symptoms.get(lang).to_owned(),
            each(&|v| {
                v.symptoms
                    .iter()
                    .map(|(s, a)| format!("{}: {}", s.label(lang), a.label(lang)))
                    .collect::<Vec<_>>()
                    .join(", ")
            }),
        ),
        (
            Text::UrgentSigns.get(lang).to_owned(),
            each(&|v| {
                v.urgent_signs
                    .iter()
                    .map(|u| u.label(lang))
                    .collect::<Vec<_>>()
                    .join(", ")
            }),
        ),
        (Text::Note.get(lang).to_owned(), each(&|v| v.note.clone())),
        (
            SafetyText::ReviewState.get(lang).to_owned(),
            each(&|v| {
                if v.reviewed_at.is_some() {
                    SafetyText::ReviewedYes
                } else {
                    SafetyText::ReviewedNo
                }
                .get(lang)
                .to_owned()
            }),
        ),
    ]
}

/// Whether a row's value changed from the version before (the "entered" rows always do).
pub fn changed(values: &[String], index: usize) -> bool {
    index > 0 && values.get(index) != values.get(index - 1)
}

#[component]
fn VersionTable(items: Vec<ReportVersionView>) -> Element {
    let lang = use_lang();
    let table = rows(lang, &items);
    rsx! {
        div { class: "table-wrap",
            table { class: "versions-table", "data-testid": "report-versions",
                caption { {SafetyText::VersionsCaption.get(lang)} }
                thead {
                    tr {
                        th { scope: "col", {SafetyText::Version.get(lang)} }
                        for item in items.iter() {
                            th { scope: "col", key: "{item.version}", {version_label(lang, item.version)} }
                        }
                    }
                }
                tbody {
                    for (label, values) in table {
                        tr { key: "{label}",
                            th { scope: "row", {label.clone()} }
                            for (i, value) in values.iter().enumerate() {
                                if changed(&values, i) {
                                    td { key: "{i}", class: "changed", "data-testid": "version-changed",
                                        mark { {value.clone()} }
                                        span { class: "visually-hidden", {SafetyText::ChangedMark.get(lang)} }
                                    }
                                } else {
                                    td { key: "{i}", {value.clone()} }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::changed;

    #[test]
    fn a_value_is_changed_only_when_it_differs_from_the_version_before() {
        let values = ["97".to_owned(), "91".to_owned(), "91".to_owned()];
        assert!(!changed(&values, 0));
        assert!(changed(&values, 1));
        assert!(!changed(&values, 2));
    }
}
