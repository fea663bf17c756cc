//! Whose report (or history) this is, when one account reports for a household, with each
//! member's state for the current slot so the representative sees who is still to report.

use crate::forms::fill;
use dioxus::prelude::*;
use mimamori_shared::Lang;
use mimamori_shared::api::auth::PatientCaseView;
use mimamori_shared::i18n::patient::Text;
use mimamori_shared::ids::CaseId;

/// One large radio per case (`name="case"`, id `case-<case id>`), each saying whether the
/// current slot is reported (`data-reported="true|false"`).
#[component]
pub fn CasePicker(
    cases: Vec<PatientCaseView>,
    selected: CaseId,
    lang: Lang,
    on_select: EventHandler<CaseId>,
    /// The question above the choice; "Who is this report for?" by default.
    #[props(default)]
    legend: Option<&'static str>,
) -> Element {
    let legend = legend.unwrap_or(Text::WhoseReport.get(lang));
    rsx! {
        fieldset { class: "case-picker",
            legend { class: "section-title", "{legend}" }
            for case in cases {
                CaseOption {
                    key: "{case.case_id}",
                    checked: case.case_id == selected,
                    case,
                    lang,
                    on_select,
                }
            }
        }
    }
}

#[component]
fn CaseOption(
    case: PatientCaseView,
    checked: bool,
    lang: Lang,
    on_select: EventHandler<CaseId>,
) -> Element {
    let id = format!("case-{}", case.case_id);
    let case_id = case.case_id;
    let number = fill(Text::CaseNumberShown.get(lang), &[("n", &case.case_number)]);
    let reported = case.reported_current_slot;
    rsx! {
        label {
            r#for: "{id}",
            class: if checked { "check check-case checked" } else { "check check-case" },
            "data-reported": if reported { "true" } else { "false" },
            input {
                id: "{id}",
                r#type: "radio",
                name: "case",
                value: "{case_id}",
                checked,
                onchange: move |_| on_select.call(case_id),
            }
            span { class: "case-text",
                span { class: "case-name", "{case.name}" }
                span { class: "case-number", "{number}" }
                if reported {
                    span { class: "case-status case-status-done", "✓ {Text::MemberReported.get(lang)}" }
                } else {
                    span { class: "case-status", "{Text::MemberNotReported.get(lang)}" }
                }
            }
        }
    }
}
