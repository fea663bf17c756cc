//! The page every CSV import shares: heading, template link, file field and the answer, which
//! is either what was stored (drawn by the page, `done`) or the table of every problem by row
//! (and then nothing was stored).

use crate::components::{ErrorBeside, ProblemNotice, TitleText, error_beside_id};
use crate::csv_import::{CsvImport, ImportError, import_errors};
use crate::state::{expire_session, use_lang, use_session};
use dioxus::prelude::*;
use mimamori_shared::api::Problem;
use mimamori_shared::i18n::staff_hc::HcText;

/// Largest file the server takes; larger ones are refused here without sending them.
const MAX_BYTES: u64 = 2 * 1024 * 1024;

/// What the last attempt gave.
#[derive(Debug, Clone, PartialEq)]
enum Outcome<T> {
    /// Nothing yet.
    None,
    /// Every row was stored.
    Imported(T),
    /// The server listed problems (nothing was stored); kept as they came, so that the table
    /// follows a change of language.
    Rejected(Problem),
    /// Another failure.
    Failed(Problem),
}

/// An import page for the import whose answer is `T`; `done` draws the answer of a stored file.
#[component]
pub fn CsvImportPanel<T: CsvImport>(done: Callback<T, Element>) -> Element {
    let lang = use_lang();
    let session = use_session();
    let mut file = use_signal(|| None::<dioxus::html::FileData>);
    // The text, not its words: the message follows a change of language.
    let mut file_error = use_signal(|| None::<HcText>);
    let mut outcome = use_signal(|| Outcome::<T>::None);
    let mut busy = use_signal(|| false);

    let onsubmit = move |evt: FormEvent| {
        evt.prevent_default();
        if busy() {
            return;
        }
        let Some(chosen) = file() else {
            file_error.set(Some(HcText::NoFile));
            return;
        };
        if chosen.size() > MAX_BYTES {
            file_error.set(Some(HcText::ErrTooLarge));
            return;
        }
        file_error.set(None);
        outcome.set(Outcome::None);
        busy.set(true);
        spawn(async move {
            let result = match chosen.read_bytes().await {
                Ok(bytes) => T::send(bytes.to_vec()).await,
                Err(error) => Err(crate::api::local_problem(
                    crate::api::NETWORK_STATUS,
                    "file",
                    error.to_string(),
                )),
            };
            busy.set(false);
            match result {
                Ok(stored) => outcome.set(Outcome::Imported(stored)),
                Err(failed) if failed.status == 401 => expire_session(session),
                Err(failed) if failed.status == 422 && !failed.errors.is_empty() => {
                    outcome.set(Outcome::Rejected(failed));
                }
                Err(failed) if failed.status == 413 => {
                    file_error.set(Some(HcText::ErrTooLarge));
                }
                Err(failed) => outcome.set(Outcome::Failed(failed)),
            }
        });
    };

    let texts = T::texts(lang);
    let error_id = error_beside_id("import", "file");
    rsx! {
        TitleText { title: texts.title }
        div { class: "page-head",
            h1 { {texts.title} }
            if let Some((route, name)) = T::back(lang) {
                Link { class: "no-print", to: route, "data-testid": "import-back", "← " {name} }
            }
        }
        p { class: "lead", {texts.intro} }
        section { class: "panel no-print",
            p { class: "hint", {texts.format} }
            p {
                // A plain link: the browser downloads the file the server sends.
                a {
                    href: T::TEMPLATE_URL,
                    download: T::TEMPLATE_FILE,
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
                    ErrorBeside { id: error_id.clone(), message: file_error().map(|t| t.get(lang)) }
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
            Outcome::Imported(stored) => done.call(stored),
            Outcome::Rejected(failed) => rsx! { ErrorTable { rows: import_errors::<T>(lang, &failed) } },
            Outcome::Failed(failed) => rsx! { ProblemNotice { problem: failed } },
        }
    }
}

/// The problems of a refused file, by row.
#[component]
fn ErrorTable(rows: Vec<ImportError>) -> Element {
    let lang = use_lang();
    rsx! {
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
    }
}
