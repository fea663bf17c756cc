//! Whose report this is, when one account reports for a household. Deliberately simple: the
//! household screens come later.

use crate::forms::fill;
use dioxus::prelude::*;
use mimamori_shared::Lang;
use mimamori_shared::api::auth::PatientCaseView;
use mimamori_shared::i18n::patient::Text;
use mimamori_shared::ids::CaseId;

/// One large radio per case (`name="case"`, id `case-<case id>`).
#[component]
pub fn CasePicker(
    cases: Vec<PatientCaseView>,
    selected: CaseId,
    lang: Lang,
    on_select: EventHandler<CaseId>,
) -> Element {
    rsx! {
        fieldset { class: "case-picker",
            legend { class: "section-title", "{Text::WhoseReport.get(lang)}" }
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
    rsx! {
        label { r#for: "{id}", class: if checked { "check check-case checked" } else { "check check-case" },
            input {
                id: "{id}",
                r#type: "radio",
                name: "case",
                value: "{case_id}",
                checked,
                onchange: move |_| on_select.call(case_id),
            }
            span { class: "case-name", "{case.name}" }
            span { class: "case-number", "{number}" }
        }
    }
}
