//! Route `/cases/import`: health-centre staff import cases from a CSV file saved by Excel.
//! The answer is either the number registered, or a table of every problem by row (and then
//! nothing was registered).

use crate::api;
use crate::api::hc::IMPORT_TEMPLATE_URL;
use crate::components::{ErrorBeside, ProblemNotice, TitleText, error_beside_id};
use crate::hc_forms::{ImportError, import_errors};
use crate::route::Route;
use crate::state::{expire_session, use_lang, use_session};
use dioxus::prelude::*;
use mimamori_shared::api::Problem;
use mimamori_shared::api::intake::ImportResult;
use mimamori_shared::i18n::staff_hc::{HcText, imported};

/// Largest file the server takes; larger ones are refused here without sending them.
const MAX_BYTES: u64 = 2 * 1024 * 1024;

/// What the last attempt gave.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    /// Nothing yet.
    None,
    /// Every row was registered.
    Imported(ImportResult),
    /// The server listed problems (nothing was registered).
    Rejected(Vec<ImportError>),
    /// Another failure.
    Failed(Problem),
}

/// The import page.
#[component]
pub fn ImportCasesPage() -> Element {
    let lang = use_lang();
    let session = use_session();
    let mut file = use_signal(|| None::<dioxus::html::FileData>);
    let mut file_error = use_signal(|| None::<&'static str>);
    let mut outcome = use_signal(|| Outcome::None);
    let mut busy = use_signal(|| false);

    let onsubmit = move |evt: FormEvent| {
        evt.prevent_default();
        if busy() {
            return;
        }
        let Some(chosen) = file() else {
            file_error.set(Some(HcText::NoFile.get(lang)));
            return;
        };
        if chosen.size() > MAX_BYTES {
            file_error.set(Some(HcText::ErrTooLarge.get(lang)));
            return;
        }
        file_error.set(None);
        outcome.set(Outcome::None);
        busy.set(true);
        spawn(async move {
            let result = match chosen.read_bytes().await {
                Ok(bytes) => api::hc::import_cases(bytes.to_vec()).await,
                Err(error) => Err(api::local_problem(
                    api::NETWORK_STATUS,
                    "file",
                    error.to_string(),
                )),
            };
            busy.set(false);
            match result {
                Ok(done) => outcome.set(Outcome::Imported(done)),
                Err(failed) if failed.status == 401 => expire_session(session),
                Err(failed) if failed.status == 422 && !failed.errors.is_empty() => {
                    outcome.set(Outcome::Rejected(import_errors(lang, &failed)));
                }
                Err(failed) if failed.status == 413 => {
                    file_error.set(Some(HcText::ErrTooLarge.get(lang)));
                }
                Err(failed) => outcome.set(Outcome::Failed(failed)),
            }
        });
    };

    let error_id = error_beside_id("import", "file");
    rsx! {
        TitleText { title: HcText::ImportTitle.get(lang) }
        div { class: "page-head",
            h1 { {HcText::ImportTitle.get(lang)} }
        }
        p { class: "lead", {HcText::ImportIntro.get(lang)} }
        section { class: "panel",
            p { class: "hint", {HcText::FormatHelp.get(lang)} }
            p {
                // A plain link: the browser downloads the file the server sends.
                a {
                    href: IMPORT_TEMPLATE_URL,
                    download: "mimamori-cases-template.csv",
                    "data-testid": "import-template",
                    {HcText::DownloadTemplate.get(lang)}
                }
            }
            form { class: "import-form", novalidate: true, onsubmit,
                div { class: "field",
                    label { r#for: "import-file", {HcText::CsvFile.get(lang)} }
                    input {
                        id: "import-file",
                        "data-testid": "import-file",
                        r#type: "file",
                        accept: ".csv,text/csv",
                        "aria-invalid": file_error().is_some().to_string(),
                        "aria-describedby": file_error().map(|_| error_id.clone()),
                        onchange: move |evt: FormEvent| {
                            file.set(evt.files().into_iter().next());
                            file_error.set(None);
                            outcome.set(Outcome::None);
                        },
                    }
                    ErrorBeside { id: error_id.clone(), message: file_error() }
                }
                div { class: "actions",
                    button {
                        r#type: "submit",
                        class: "button button-primary",
                        "data-testid": "import-submit",
                        disabled: busy(),
                        if busy() { {HcText::Importing.get(lang)} } else { {HcText::Import.get(lang)} }
                    }
                }
            }
        }
        match outcome() {
            Outcome::None => rsx! {},
            Outcome::Imported(done) => rsx! {
                div { class: "notice notice-ok", role: "status", "data-testid": "import-done",
                    p { {imported(lang, done.imported)} }
                    p { Link { to: Route::WorkList {}, {HcText::ToWorkList.get(lang)} } }
                }
            },
            Outcome::Rejected(rows) => rsx! {
                div { class: "notice notice-error", role: "alert", "data-testid": "import-rejected",
                    p { {HcText::ImportFailed.get(lang)} }
                }
                div { class: "table-scroll",
                    table { class: "import-errors", "data-testid": "import-errors",
                        thead {
                            tr {
                                th { scope: "col", {HcText::ColRow.get(lang)} }
                                th { scope: "col", {HcText::ColItem.get(lang)} }
                                th { scope: "col", {HcText::ColProblem.get(lang)} }
                            }
                        }
                        tbody {
                            for (index, row) in rows.iter().enumerate() {
                                tr { key: "{index}",
                                    td { class: "number", {row.row.map(|r| r.to_string()).unwrap_or_else(|| "—".to_owned())} }
                                    td { {row.item.clone()} }
                                    td { {row.message.clone()} }
                                }
                            }
                        }
                    }
                }
            },
            Outcome::Failed(failed) => rsx! { ProblemNotice { problem: failed } },
        }
    }
}
