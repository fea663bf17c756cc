//! The three CSV imports (cases, organisations, staff accounts) as one kind of thing: where a
//! file goes, what its page says, and how a refused file's errors become the table of rows,
//! columns and messages. `components::CsvImportPanel` is the page they share.

use crate::api;
use crate::route::Route;
use mimamori_shared::Lang;
use mimamori_shared::api::Problem;
use mimamori_shared::api::bulk_import::{OrgColumn, OrgImportResult, UserColumn, UserImportResult};
use mimamori_shared::api::intake::ImportResult;
use mimamori_shared::api::intake_csv::{CsvColumn, ImportColumn, column_from_header};
use mimamori_shared::i18n::staff_admin::AdminText;
use mimamori_shared::i18n::staff_bulk_import::BulkText;
use mimamori_shared::i18n::staff_hc::HcText;
use std::future::Future;

/// The words of an import page in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportTexts {
    /// Heading (and the tab's title).
    pub title: &'static str,
    /// What the import does.
    pub intro: &'static str,
    /// The file's columns.
    pub format: &'static str,
}

/// One of the CSV imports, named by what the server answers when the file is stored, so that
/// a page built on it is typed by what it shows on success.
pub trait CsvImport: Clone + PartialEq + 'static {
    /// The file's columns (the error table names them).
    type Column: ImportColumn;
    /// Where the template is downloaded from (a plain link: the browser saves the file).
    const TEMPLATE_URL: &'static str;
    /// The name the template is saved under.
    const TEMPLATE_FILE: &'static str;
    /// Sends the file's bytes as they are.
    fn send(file: Vec<u8>) -> impl Future<Output = Result<Self, Problem>>;
    /// The page's words.
    fn texts(lang: Lang) -> ImportTexts;
    /// The page the import belongs to, and its name, for a link back; `None` where the
    /// navigation leads to the import itself.
    fn back(lang: Lang) -> Option<(Route, &'static str)>;
    /// The message of an error code this import words its own way (`field` without its
    /// `rows[N].`); `None` for the codes all imports share.
    fn own_error(field: &str, code: &str) -> Option<BulkText>;
}

impl CsvImport for ImportResult {
    type Column = CsvColumn;
    const TEMPLATE_URL: &'static str = api::hc::IMPORT_TEMPLATE_URL;
    const TEMPLATE_FILE: &'static str = "mimamori-cases-template.csv";

    fn send(file: Vec<u8>) -> impl Future<Output = Result<Self, Problem>> {
        api::hc::import_cases(file)
    }

    fn texts(lang: Lang) -> ImportTexts {
        ImportTexts {
            title: HcText::ImportTitle.get(lang),
            intro: HcText::ImportIntro.get(lang),
            format: HcText::FormatHelp.get(lang),
        }
    }

    fn back(_lang: Lang) -> Option<(Route, &'static str)> {
        None
    }

    fn own_error(_field: &str, _code: &str) -> Option<BulkText> {
        None
    }
}

impl CsvImport for OrgImportResult {
    type Column = OrgColumn;
    const TEMPLATE_URL: &'static str = api::admin::ORGS_TEMPLATE_URL;
    const TEMPLATE_FILE: &'static str = "mimamori-organisations-template.csv";

    fn send(file: Vec<u8>) -> impl Future<Output = Result<Self, Problem>> {
        api::admin::import_orgs(file)
    }

    fn texts(lang: Lang) -> ImportTexts {
        ImportTexts {
            title: BulkText::OrgsTitle.get(lang),
            intro: BulkText::OrgsIntro.get(lang),
            format: BulkText::OrgsFormat.get(lang),
        }
    }

    fn back(lang: Lang) -> Option<(Route, &'static str)> {
        Some((Route::AdminOrgs {}, AdminText::OrgsTitle.get(lang)))
    }

    fn own_error(field: &str, code: &str) -> Option<BulkText> {
        BulkText::org_error(field, code)
    }
}

impl CsvImport for UserImportResult {
    type Column = UserColumn;
    const TEMPLATE_URL: &'static str = api::admin::USERS_TEMPLATE_URL;
    const TEMPLATE_FILE: &'static str = "mimamori-staff-template.csv";

    fn send(file: Vec<u8>) -> impl Future<Output = Result<Self, Problem>> {
        api::admin::import_users(file)
    }

    fn texts(lang: Lang) -> ImportTexts {
        ImportTexts {
            title: BulkText::UsersTitle.get(lang),
            intro: BulkText::UsersIntro.get(lang),
            format: BulkText::UsersFormat.get(lang),
        }
    }

    fn back(lang: Lang) -> Option<(Route, &'static str)> {
        Some((Route::AdminUsers {}, AdminText::UsersTitle.get(lang)))
    }

    fn own_error(field: &str, code: &str) -> Option<BulkText> {
        BulkText::user_error(field, code)
    }
}

/// One line of an import's error table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The row as Excel numbers it; `None` for the header or the file as a whole.
    pub row: Option<u64>,
    /// What the error is about, as shown: a column's name, "header row", "file", "whole row".
    pub item: String,
    /// The translated message, with the server's detail where it names something.
    pub message: String,
}

/// The error table of a file the import `I` refused, in the server's order (by row).
pub fn import_errors<I: CsvImport>(lang: Lang, problem: &Problem) -> Vec<ImportError> {
    problem
        .errors
        .iter()
        .map(|e| {
            let (row, field) = split_row_field(&e.field);
            let item = match (row, field) {
                (_, "header") => HcText::HeaderRow.get(lang).to_owned(),
                (None, _) => HcText::WholeFile.get(lang).to_owned(),
                (Some(_), "") => HcText::WholeRow.get(lang).to_owned(),
                (Some(_), field) => column_label::<I::Column>(lang, field),
            };
            let message = match I::own_error(field, &e.code) {
                Some(text) => text.get(lang).to_owned(),
                None => shared_message(lang, &e.code, &e.message),
            };
            ImportError { row, item, message }
        })
        .collect()
}

/// The translated message of a code every import shares; the server's own words follow where
/// they name what the translation cannot (a column, a case number), or where the console does
/// not know the code.
fn shared_message(lang: Lang, code: &str, detail: &str) -> String {
    let text = HcText::field_error(code);
    let known = text.get(lang);
    match lang {
        _ if !HcText::code_has_detail(code) && text != HcText::ErrInvalid => known.to_owned(),
        Lang::Ja => format!("{known}（{detail}）"),
        _ => format!("{known} ({detail})"),
    }
}

/// `rows[3].phone` → (Some(3), "phone"); `rows[3]` → (Some(3), ""); `file` → (None, "file").
pub fn split_row_field(field: &str) -> (Option<u64>, &str) {
    let Some(rest) = field.strip_prefix("rows[") else {
        return (None, field);
    };
    let Some((row, tail)) = rest.split_once(']') else {
        return (None, field);
    };
    (row.parse().ok(), tail.trim_start_matches('.'))
}

/// A column as its header is written: Japanese as in the template, else the field name.
fn column_label<C: ImportColumn>(lang: Lang, field: &str) -> String {
    let japanese = column_from_header::<C>(field).and_then(|c| c.aliases().first().copied());
    match (lang, japanese) {
        (Lang::Ja, Some(name)) => name.to_owned(),
        _ => field.replace('_', " "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mimamori_shared::api::FieldError;

    fn refused(errors: Vec<FieldError>) -> Problem {
        Problem {
            kind: "about:blank".into(),
            title: "x".into(),
            status: 422,
            detail: None,
            code: "validation".into(),
            errors,
        }
    }

    fn items(table: &[ImportError]) -> Vec<(Option<u64>, &str)> {
        table.iter().map(|e| (e.row, e.item.as_str())).collect()
    }

    #[test]
    fn case_errors_name_the_row_and_column() {
        let problem = refused(vec![
            FieldError::custom("header", "unknown_column", "unknown column: 血液型"),
            FieldError::custom("rows[3].phone", "phone_format", "x"),
            FieldError::custom(
                "rows[4]",
                "duplicate_case",
                "already registered as case 1-2",
            ),
            FieldError::custom("file", "encoding", "x"),
        ]);
        let table = import_errors::<ImportResult>(Lang::Ja, &problem);
        assert_eq!(
            items(&table),
            [
                (None, "見出し行"),
                (Some(3), "電話番号"),
                (Some(4), "行全体"),
                (None, "ファイル")
            ]
        );
        assert!(table[0].message.contains("血液型"));
        assert_eq!(table[1].message, HcText::ErrPhone.get(Lang::Ja));
        assert!(table[2].message.contains("1-2"));
        assert_eq!(
            import_errors::<ImportResult>(Lang::En, &problem)[1].item,
            "phone"
        );
    }

    #[test]
    fn organisation_and_staff_errors_name_their_own_columns() {
        let orgs = refused(vec![
            FieldError::custom("rows[2].kind", "unknown_kind", "x"),
            FieldError::custom("rows[3].parent", "unknown_parent", "x"),
            FieldError::custom("rows[4].time_zone", "invalid", "not an IANA time zone"),
            FieldError::custom("rows[5].contracts", "unknown_health_centre", "x"),
        ]);
        let table = import_errors::<OrgImportResult>(Lang::Ja, &orgs);
        assert_eq!(
            items(&table),
            [
                (Some(2), "種別"),
                (Some(3), "上位組織"),
                (Some(4), "タイムゾーン"),
                (Some(5), "契約保健所")
            ]
        );
        assert_eq!(table[1].message, BulkText::ErrUnknownParent.get(Lang::Ja));
        assert_eq!(table[2].message, BulkText::ErrTimeZone.get(Lang::Ja));
        assert_eq!(
            import_errors::<OrgImportResult>(Lang::En, &orgs)[2].item,
            "time zone"
        );

        let users = refused(vec![
            FieldError::custom("rows[2].login_id", "login_taken", "x"),
            FieldError::custom("rows[2].display_name", "required", "x"),
            FieldError::custom("rows[3].organisation", "unknown_organisation", "x"),
            FieldError::custom("rows[4].login_id", "duplicate_in_file", "as row 2"),
        ]);
        let table = import_errors::<UserImportResult>(Lang::Ja, &users);
        assert_eq!(
            items(&table),
            [
                (Some(2), "ログインID"),
                (Some(2), "氏名"),
                (Some(3), "所属"),
                (Some(4), "ログインID")
            ]
        );
        assert_eq!(table[0].message, BulkText::ErrLoginTaken.get(Lang::Ja));
        assert_eq!(table[1].message, HcText::ErrRequired.get(Lang::Ja));
        // Not the case import's "the same person as another row".
        assert_eq!(table[3].message, BulkText::ErrLoginInFile.get(Lang::Ja));
    }

    #[test]
    fn a_code_the_console_does_not_know_keeps_the_servers_words() {
        let problem = refused(vec![FieldError::custom(
            "rows[9].email",
            "something_new",
            "the server's words",
        )]);
        let table = import_errors::<UserImportResult>(Lang::En, &problem);
        assert_eq!(table[0].message, "Not valid. (the server's words)");
        let cases = refused(vec![FieldError::custom(
            "rows[2]",
            "duplicate_in_file",
            "x",
        )]);
        assert_eq!(
            import_errors::<ImportResult>(Lang::Ja, &cases)[0].message,
            format!("{}（x）", HcText::ErrDuplicateInFile.get(Lang::Ja))
        );
    }

    #[test]
    fn row_fields_split() {
        assert_eq!(
            split_row_field("rows[12].birth_date"),
            (Some(12), "birth_date")
        );
        assert_eq!(split_row_field("rows[2]"), (Some(2), ""));
        assert_eq!(split_row_field("file"), (None, "file"));
        assert_eq!(split_row_field("rows[x"), (None, "rows[x"));
    }

    #[test]
    fn each_import_has_its_template_and_words() {
        let urls = [
            ImportResult::TEMPLATE_URL,
            OrgImportResult::TEMPLATE_URL,
            UserImportResult::TEMPLATE_URL,
        ];
        assert!(urls.iter().all(|u| u.ends_with("/import/template")));
        assert_ne!(
            OrgImportResult::texts(Lang::Ja),
            UserImportResult::texts(Lang::Ja)
        );
        assert_eq!(ImportResult::back(Lang::Ja), None);
        assert_eq!(
            UserImportResult::back(Lang::En).map(|(route, _)| route),
            Some(Route::AdminUsers {})
        );
    }
}
