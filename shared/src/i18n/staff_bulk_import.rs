//! Strings of the administrators' CSV imports of organisations and staff users in the staff
//! console, Japanese and English. The pieces every import shares (file field, buttons, error
//! table, file-level errors) are the case import's, in [`super::staff_hc::HcText`].

use super::{Lang, pick};

/// A string of the organisation and staff imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkText {
    /// Link from the organisations and users pages to their import.
    ImportLink,

    /// Heading of the organisations import.
    OrgsTitle,
    /// What the organisations import does.
    OrgsIntro,
    /// The organisations file's columns.
    OrgsFormat,
    /// After the organisations: on to the users.
    ToUsersImport,

    /// Heading of the staff import.
    UsersTitle,
    /// What the staff import does.
    UsersIntro,
    /// The staff file's columns.
    UsersFormat,
    /// The one-time passwords are shown this once.
    PasswordsShownOnce,
    /// What each new user does at the first sign-in.
    FirstSignIn,
    /// Column: one-time password.
    OneTimePassword,
    /// Label of the table of new users.
    ImportedUsersLabel,
    /// Print button.
    Print,

    /// Organisations: a kind that is none of 保健所, 委託先, 医療機関.
    ErrUnknownKind,
    /// Organisations: no parent of the right kind by that name.
    ErrUnknownParent,
    /// Organisations: the same kind and name under the same parent exists already.
    ErrDuplicateOrg,
    /// Organisations: contracts on a row that is not a follow-up organisation's.
    ErrContractsFollowupOnly,
    /// Organisations: a contracted health centre that is not there.
    ErrUnknownHealthCentre,
    /// Organisations: not an IANA time zone.
    ErrTimeZone,
    /// Organisations: more rows than the import takes.
    ErrTooManyOrgs,
    /// Staff: the same login ID as an earlier row.
    ErrLoginInFile,
    /// Staff: the login ID is in use.
    ErrLoginTaken,
    /// Staff: the login ID's characters or length.
    ErrLoginFormat,
    /// Staff: a role that is none of the five.
    ErrUnknownRole,
    /// Staff: no organisation of that name among the administrator's.
    ErrUnknownOrganisation,
    /// Staff: several organisations of that name.
    ErrAmbiguousOrganisation,
    /// Staff: the role does not belong to that kind of organisation.
    ErrRoleMismatch,
    /// Staff: more rows than the import takes.
    ErrTooManyUsers,
}

impl BulkText {
    /// The text in `lang` (English for every language but Japanese).
    pub fn get(self, lang: Lang) -> &'static str {
        let (ja, en) = self.pair();
        pick(lang, ja, en)
    }

    /// The message for an error of the organisations file (`field` without its `rows[N].`),
    /// where it is this import's own; the codes every import shares are
    /// [`super::staff_hc::HcText::field_error`]'s.
    pub fn org_error(field: &str, code: &str) -> Option<BulkText> {
        use BulkText::*;
        let text = match (field, code) {
            (_, "unknown_kind") => ErrUnknownKind,
            (_, "unknown_parent") => ErrUnknownParent,
            (_, "duplicate_org") => ErrDuplicateOrg,
            (_, "contracts_followup_only") => ErrContractsFollowupOnly,
            (_, "unknown_health_centre") => ErrUnknownHealthCentre,
            // The only check of the column: a name of the IANA database.
            ("time_zone", _) => ErrTimeZone,
            (_, "too_many_rows") => ErrTooManyOrgs,
            _ => return None,
        };
        Some(text)
    }

    /// The message for an error of the staff file, where it is this import's own (as
    /// [`BulkText::org_error`]).
    pub fn user_error(field: &str, code: &str) -> Option<BulkText> {
        use BulkText::*;
        let text = match (field, code) {
            (_, "duplicate_in_file") => ErrLoginInFile,
            (_, "login_taken") => ErrLoginTaken,
            ("login_id", "login_format" | "out_of_range") => ErrLoginFormat,
            (_, "unknown_role") => ErrUnknownRole,
            (_, "unknown_organisation") => ErrUnknownOrganisation,
            (_, "ambiguous_organisation") => ErrAmbiguousOrganisation,
            (_, "role_mismatch") => ErrRoleMismatch,
            (_, "too_many_rows") => ErrTooManyUsers,
            _ => return None,
        };
        Some(text)
    }

    fn pair(self) -> (&'static str, &'static str) {
        use BulkText::*;
        match self {
            ImportLink => ("CSVで一括登録", "Import from CSV"),

            OrgsTitle => ("組織をCSVで一括登録", "Import organisations from CSV"),
            OrgsIntro => (
                "保健所・委託先・医療機関を、Excelで作成したCSVファイル（UTF-8またはShift_JIS）でまとめて登録します。1行目は見出し行です。すべての行に誤りがないときだけ登録し、一部の行だけが登録されることはありません。",
                "Registers health centres, follow-up organisations and medical institutions from a CSV file saved by Excel (UTF-8 or Shift_JIS). Row 1 is the header. The file is stored only if every row is right; it is never half-imported.",
            ),
            OrgsFormat => (
                "列：名称・種別（保健所／委託先／医療機関）・上位組織（必須）、所在地・電話番号・メールアドレス・タイムゾーン・契約保健所。上位組織は、保健所なら都道府県等、委託先と医療機関なら保健所の名称で、登録済みの組織かファイルの前の行の組織です。契約保健所は委託先の行だけに書き、複数なら「;」か「、」で区切ります。最大2,000行、2 MBまで。",
                "Columns: name, kind (保健所 / 委託先 / 医療機関), parent (required); address, phone, e-mail, time zone, contracted health centres. The parent is the prefecture of a health centre, or the health centre of the others: registered already or on an earlier row. Contracted health centres go on follow-up organisations' rows only, separated by ; or 、. Up to 2,000 rows and 2 MB.",
            ),
            ToUsersImport => ("続けて職員を一括登録", "Import staff accounts next"),

            UsersTitle => ("職員をCSVで一括登録", "Import staff accounts from CSV"),
            UsersIntro => (
                "職員のアカウントを、Excelで作成したCSVファイル（UTF-8またはShift_JIS）でまとめて登録します。1行目は見出し行です。すべての行に誤りがないときだけ登録し、一部の行だけが登録されることはありません。登録すると、一人ずつの仮パスワードを表示します。",
                "Creates staff accounts from a CSV file saved by Excel (UTF-8 or Shift_JIS). Row 1 is the header. The file is stored only if every row is right; it is never half-imported. Each new account's one-time password is then shown.",
            ),
            UsersFormat => (
                "列：ログインID（半角英数字と . _ -）・氏名・役割（保健所職員／委託先医師／委託先看護師／医療機関職員／管理者）・所属（組織の名称）（必須）、メールアドレス。最大300行まで。",
                "Columns: login ID (letters, digits, '.', '_', '-'), name, role (保健所職員 / 委託先医師 / 委託先看護師 / 医療機関職員 / 管理者, or hc_staff, followup_doctor, followup_staff, institution_staff, admin), organisation (its name) (required); e-mail. Up to 300 rows.",
            ),
            PasswordsShownOnce => (
                "仮パスワードは今だけ表示され、あとから確認することはできません。印刷するか書き留めて、本人に直接手渡してください（メールやチャットで送らないでください）。",
                "The one-time passwords are shown only now and cannot be looked up later. Print or write them down and hand each to its user in person (never by e-mail or chat).",
            ),
            FirstSignIn => (
                "各職員は最初のサインインで仮パスワードを自分のパスワードに変更し、続けて認証アプリを登録します。",
                "At the first sign-in each user replaces the one-time password with their own, then enrols an authenticator app.",
            ),
            OneTimePassword => ("仮パスワード", "One-time password"),
            ImportedUsersLabel => (
                "登録した職員と仮パスワード",
                "New accounts and their one-time passwords",
            ),
            Print => ("印刷する", "Print"),

            ErrUnknownKind => (
                "「保健所」「委託先」「医療機関」のいずれかを入力してください。",
                "Write 保健所, 委託先 or 医療機関 (or health_centre, followup_org, institution).",
            ),
            ErrUnknownParent => (
                "上位組織が見つかりません。保健所なら都道府県等、委託先と医療機関なら保健所の名称を、登録済みの組織かファイルの前の行から書いてください。",
                "No such parent: a health centre names its prefecture, the others their health centre, registered already or on an earlier row.",
            ),
            ErrDuplicateOrg => (
                "同じ上位組織の下に、同じ種別・名称の組織がすでにあります。",
                "An organisation of this kind and name is already under that parent.",
            ),
            ErrContractsFollowupOnly => (
                "契約保健所は委託先の行にだけ書けます。",
                "Only a follow-up organisation (委託先) has contracted health centres.",
            ),
            ErrUnknownHealthCentre => (
                "この名称の保健所がありません（登録済みか、ファイルの前の行の保健所を書いてください）。",
                "No health centre of this name, registered already or on an earlier row.",
            ),
            ErrTimeZone => (
                "タイムゾーンは Asia/Tokyo の形で書いてください（空欄なら上位組織と同じです）。",
                "Write the time zone as Asia/Tokyo (empty for the parent's).",
            ),
            ErrTooManyOrgs => (
                "2,000行を超えています。ファイルを分けてください。",
                "More than 2,000 rows: split the file.",
            ),
            ErrLoginInFile => (
                "ファイル内の前の行と同じログインIDです。",
                "The same login ID as an earlier row.",
            ),
            ErrLoginTaken => (
                "このログインIDはすでに使われています。",
                "This login ID is in use.",
            ),
            ErrLoginFormat => (
                "半角英数字と . _ - だけで3〜64文字にしてください。",
                "Use 3–64 letters, digits, '.', '_' and '-' only.",
            ),
            ErrUnknownRole => (
                "「保健所職員」「委託先医師」「委託先看護師」「医療機関職員」「管理者」のいずれかを入力してください。",
                "Write one of the five roles (保健所職員, 委託先医師, 委託先看護師, 医療機関職員, 管理者) or its code.",
            ),
            ErrUnknownOrganisation => (
                "管理している組織に、この名称のものがありません。",
                "None of the organisations you manage has this name.",
            ),
            ErrAmbiguousOrganisation => (
                "この名称の組織が複数あります。先にどちらかの名称を変えてください。",
                "Several organisations have this name: rename one first.",
            ),
            ErrRoleMismatch => (
                "この役割はその組織の種別には設定できません。",
                "This role does not belong to that kind of organisation.",
            ),
            ErrTooManyUsers => (
                "300行を超えています。ファイルを分けてください。",
                "More than 300 rows: split the file.",
            ),
        }
    }
}

/// "N organisations and M contracts registered."
pub fn orgs_imported(lang: Lang, organisations: usize, contracts: usize) -> String {
    match lang {
        Lang::Ja => format!("{organisations}件の組織と{contracts}件の契約を登録しました。"),
        _ => format!(
            "{} and {} registered.",
            counted(organisations, "organisation"),
            counted(contracts, "contract")
        ),
    }
}

/// "N staff accounts created."
pub fn users_imported(lang: Lang, users: usize) -> String {
    match lang {
        Lang::Ja => format!("{users}件の職員アカウントを登録しました。"),
        _ => format!("{} created.", counted(users, "staff account")),
    }
}

/// "1 contract", "2 contracts".
fn counted(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_naturally() {
        assert_eq!(
            orgs_imported(Lang::Ja, 3, 1),
            "3件の組織と1件の契約を登録しました。"
        );
        assert_eq!(
            orgs_imported(Lang::En, 1, 0),
            "1 organisation and 0 contracts registered."
        );
        assert_eq!(users_imported(Lang::En, 1), "1 staff account created.");
        assert_eq!(users_imported(Lang::En, 4), "4 staff accounts created.");
    }

    #[test]
    fn each_import_words_its_own_codes_and_leaves_the_shared_ones() {
        use BulkText::*;
        assert_eq!(
            BulkText::user_error("login_id", "out_of_range"),
            Some(ErrLoginFormat)
        );
        assert_eq!(
            BulkText::user_error("login_id", "duplicate_in_file"),
            Some(ErrLoginInFile)
        );
        assert_eq!(
            BulkText::org_error("time_zone", "invalid"),
            Some(ErrTimeZone)
        );
        assert_eq!(
            BulkText::org_error("file", "too_many_rows"),
            Some(ErrTooManyOrgs)
        );
        // Shared codes, and a code of the other import, are not theirs.
        assert_eq!(BulkText::org_error("phone", "phone_format"), None);
        assert_eq!(BulkText::user_error("display_name", "required"), None);
        assert_eq!(BulkText::org_error("parent", "unknown_organisation"), None);
    }
}
