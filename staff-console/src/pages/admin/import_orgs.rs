//! Route `/admin/orgs/import`: administrators register health centres, follow-up organisations
//! (with their contracts) and medical institutions from a CSV file, all of it or nothing.

use crate::components::CsvImportPanel;
use crate::route::Route;
use crate::state::use_lang;
use dioxus::prelude::*;
use mimamori_shared::api::bulk_import::OrgImportResult;
use mimamori_shared::i18n::staff_admin::AdminText;
use mimamori_shared::i18n::staff_bulk_import::{BulkText, orgs_imported};

/// The organisations import page.
#[component]
pub fn ImportOrgsPage() -> Element {
    rsx! {
        CsvImportPanel::<OrgImportResult> { done: move |done: OrgImportResult| rsx! { OrgsImported { done } } }
    }
}

/// What was stored, and where to go next: the tree, the contracts, or the staff of the new
/// organisations.
#[component]
fn OrgsImported(done: OrgImportResult) -> Element {
    let lang = use_lang();
    rsx! {
        div { class: "notice notice-ok", role: "status", "data-testid": "import-done",
            p { {orgs_imported(lang, done.organisations, done.contracts)} }
            p { class: "import-next",
                Link { to: Route::AdminOrgs {}, {AdminText::OrgsTitle.get(lang)} }
                Link { to: Route::AdminContracts {}, {AdminText::ContractsTitle.get(lang)} }
                Link { to: Route::ImportUsers {}, "data-testid": "to-users-import",
                    {BulkText::ToUsersImport.get(lang)}
                }
            }
        }
    }
}
