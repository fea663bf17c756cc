//! Route `/cases/import`: health-centre staff import cases from a CSV file saved by Excel.
//! The answer is either the number registered, or a table of every problem by row (and then
//! nothing was registered).

use crate::components::CsvImportPanel;
use crate::route::Route;
use crate::state::use_lang;
use dioxus::prelude::*;
use mimamori_shared::api::intake::ImportResult;
use mimamori_shared::i18n::staff_hc::{HcText, imported};

/// The import page.
#[component]
pub fn ImportCasesPage() -> Element {
    rsx! {
        CsvImportPanel::<ImportResult> { done: move |done: ImportResult| rsx! { CasesImported { done } } }
    }
}

/// How many were registered, and the way to them.
#[component]
fn CasesImported(done: ImportResult) -> Element {
    let lang = use_lang();
    rsx! {
        div { class: "notice notice-ok", role: "status", "data-testid": "import-done",
            p { {imported(lang, done.imported)} }
            p { Link { to: Route::WorkList {}, {HcText::ToWorkList.get(lang)} } }
        }
    }
}
