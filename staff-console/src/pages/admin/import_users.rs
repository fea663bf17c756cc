//! Route `/admin/users/import`: administrators create staff accounts from a CSV file, all of
//! them or none. The answer lists each new account's one-time password: shown this once (the
//! server keeps only its hash), to be handed over in person.

use crate::components::CsvImportPanel;
use crate::state::use_lang;
use dioxus::prelude::*;
use mimamori_shared::api::bulk_import::UserImportResult;
use mimamori_shared::i18n::staff_admin::AdminText;
use mimamori_shared::i18n::staff_bulk_import::{BulkText, users_imported};

/// The staff import page.
#[component]
pub fn ImportUsersPage() -> Element {
    rsx! {
        CsvImportPanel::<UserImportResult> { done: move |done: UserImportResult| rsx! { UsersImported { done } } }
    }
}

/// The new accounts with their one-time passwords, and what to do with them.
#[component]
fn UsersImported(done: UserImportResult) -> Element {
    let lang = use_lang();
    rsx! {
        div { class: "notice notice-ok", role: "status", "data-testid": "import-done",
            p { {users_imported(lang, done.users.len())} }
        }
        div { class: "notice notice-error", role: "note", "data-testid": "passwords-once",
            p { {BulkText::PasswordsShownOnce.get(lang)} }
            p { {BulkText::FirstSignIn.get(lang)} }
        }
        div { class: "actions no-print",
            button {
                r#type: "button",
                class: "button",
                "data-testid": "imported-print",
                onclick: move |_| crate::browser::print(),
                {BulkText::Print.get(lang)}
            }
        }
        div { class: "table-scroll",
            table { class: "admin-table imported-users", "data-testid": "imported-users",
                caption { {BulkText::ImportedUsersLabel.get(lang)} }
                thead {
                    tr {
                        th { scope: "col", {AdminText::LoginId.get(lang)} }
                        th { scope: "col", {AdminText::DisplayName.get(lang)} }
                        th { scope: "col", {AdminText::Organisation.get(lang)} }
                        th { scope: "col", {BulkText::OneTimePassword.get(lang)} }
                    }
                }
                tbody {
                    for user in done.users.iter() {
                        tr { key: "{user.login_id}", "data-login": "{user.login_id}",
                            th { scope: "row", {user.login_id.clone()} }
                            td { {user.display_name.clone()} }
                            td { {user.organisation.clone()} }
                            td {
                                // Monospace: 1/l and 0/O must not be confused when copied by hand.
                                code { class: "one-time-password", "data-testid": "imported-password",
                                    {user.one_time_password.clone()}
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
