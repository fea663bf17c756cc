//! Strings of the health centre's screens in the staff console (case registration, CSV import,
//! assignment, invitation and its printed letter), Japanese and English.

use super::{Lang, pick};

/// A string of the health centre's screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HcText {
    /// Navigation: register a case.
    NavRegister,
    /// Navigation: import cases from CSV.
    NavImport,

    /// Heading of the registration page.
    RegisterTitle,
    /// Under the heading.
    RegisterIntro,
    /// Section: the person.
    SectionPerson,
    /// Section: the illness.
    SectionIllness,
    /// Section: follow-up.
    SectionFollowup,
    /// Name field.
    Name,
    /// Kana field.
    NameKana,
    /// Hint under the kana field.
    NameKanaHint,
    /// Date of birth.
    BirthDate,
    /// Sex.
    Sex,
    /// The empty choice of a select.
    Choose,
    /// Phone.
    Phone,
    /// The patient's e-mail address (for reminders when push does not reach them).
    Email,
    /// Hint under the e-mail field.
    EmailHint,
    /// Hint under the phone field.
    PhoneHint,
    /// Address.
    Address,
    /// Risk factors (a group of checkboxes).
    RiskFactors,
    /// Onset date.
    OnsetDate,
    /// Specimen date.
    SpecimenDate,
    /// Tests.
    TestSummary,
    /// Interview notes.
    InterviewNotes,
    /// Follow-up organisation.
    FollowupOrg,
    /// Choice: no organisation yet.
    AssignLater,
    /// Length of the follow-up period.
    FollowupDays,
    /// How the period is counted.
    FollowupDaysHint,
    /// Reports a day.
    SlotsPerDay,
    /// Once a day.
    SlotsOne,
    /// Twice a day.
    SlotsTwo,
    /// Submit button.
    Register,
    /// Submit button while saving.
    Registering,
    /// 409: the person is registered already.
    Duplicate,
    /// Link to the case already registered.
    OpenExisting,

    /// Heading of the import page.
    ImportTitle,
    /// What the import does.
    ImportIntro,
    /// Link to the template.
    DownloadTemplate,
    /// Link to the format description.
    FormatHelp,
    /// File field.
    CsvFile,
    /// Import button.
    Import,
    /// Import button while sending.
    Importing,
    /// Heading of the error table.
    ImportFailed,
    /// Column: row.
    ColRow,
    /// Column: item.
    ColItem,
    /// Column: what is wrong.
    ColProblem,
    /// The whole row (a duplicate).
    WholeRow,
    /// The file as a whole.
    WholeFile,
    /// The header row.
    HeaderRow,
    /// No file chosen.
    NoFile,
    /// Link to the imported cases' list.
    ToWorkList,

    /// Heading of the assignment panel.
    AssignTitle,
    /// Current organisation.
    AssignCurrent,
    /// Assign button.
    Assign,
    /// Transfer button (the case has an organisation).
    Transfer,
    /// After assigning.
    Assigned,
    /// The health centre has no contract.
    NoContracts,

    /// Heading of the invitation panel.
    InvitationTitle,
    /// What issuing does.
    InvitationIntro,
    /// Issue button.
    Issue,
    /// Issue button when an invitation was issued before.
    Reissue,
    /// While issuing.
    Issuing,
    /// The link.
    InvitationLink,
    /// Expiry.
    InvitationExpires,
    /// The token is shown once.
    ShownOnce,
    /// Opens the printable letter.
    OpenLetter,
    /// 409 `already_enrolled`.
    AlreadyEnrolled,
    /// Alternative text of the QR code.
    QrAlt,

    /// Heading of the letter page (screen only).
    LetterTitle,
    /// Print button.
    Print,
    /// Back to the case.
    BackToCase,
    /// The letter cannot be shown (reloaded page: the link is not kept).
    LetterMissing,

    /// Field error: required.
    ErrRequired,
    /// Field error: katakana.
    ErrKatakana,
    /// Field error: phone format.
    ErrPhone,
    /// Field error: e-mail format.
    ErrEmail,
    /// Field error: date in the future.
    ErrFuture,
    /// Field error: before the date of birth.
    ErrBeforeBirth,
    /// Field error: the period has ended already.
    ErrPeriodOver,
    /// Field error: out of range.
    ErrOutOfRange,
    /// Field error: too long.
    ErrTooLong,
    /// Field error: too short.
    ErrTooShort,
    /// Field error: no contract with the health centre.
    ErrNoContract,
    /// Field error: a date Excel did not write as a date.
    ErrDateFormat,
    /// Field error: unknown risk factor.
    ErrRiskFactor,
    /// Field error: a sex that is none of the accepted words.
    ErrSexValue,
    /// Field error: not a whole number.
    ErrNotANumber,
    /// Field error: registered already.
    ErrDuplicateCase,
    /// Field error: the same person as another row.
    ErrDuplicateInFile,
    /// Header: an unknown column.
    ErrUnknownColumn,
    /// Header: a required column missing.
    ErrMissingColumn,
    /// Header: a column twice.
    ErrDuplicateColumn,
    /// File: not UTF-8 nor Shift_JIS.
    ErrEncoding,
    /// File: too large.
    ErrTooLarge,
    /// File: too many rows.
    ErrTooManyRows,
    /// File: no rows.
    ErrEmpty,
    /// File: broken quoting.
    ErrCsvSyntax,
    /// More errors than listed.
    ErrMoreErrors,
    /// Anything else.
    ErrInvalid,
}

impl HcText {
    /// The text in `lang` (English for every language but Japanese).
    pub fn get(self, lang: Lang) -> &'static str {
        let (ja, en) = self.pair();
        pick(lang, ja, en)
    }

    /// The message for a field error's stable code.
    pub fn field_error(code: &str) -> HcText {
        use HcText::*;
        match code {
            "required" => ErrRequired,
            "katakana" => ErrKatakana,
            "phone_format" => ErrPhone,
            "email_format" => ErrEmail,
            "in_future" => ErrFuture,
            "before_birth" => ErrBeforeBirth,
            "period_over" => ErrPeriodOver,
            "out_of_range" => ErrOutOfRange,
            "too_long" => ErrTooLong,
            "too_short" => ErrTooShort,
            "no_contract" => ErrNoContract,
            "date_format" => ErrDateFormat,
            "unknown_risk_factor" => ErrRiskFactor,
            "sex_value" => ErrSexValue,
            "not_a_number" => ErrNotANumber,
            "duplicate_case" => ErrDuplicateCase,
            "duplicate_in_file" => ErrDuplicateInFile,
            "unknown_column" => ErrUnknownColumn,
            "missing_column" => ErrMissingColumn,
            "duplicate_column" => ErrDuplicateColumn,
            "encoding" => ErrEncoding,
            "too_large" => ErrTooLarge,
            "too_many_rows" => ErrTooManyRows,
            "empty" => ErrEmpty,
            "csv_syntax" => ErrCsvSyntax,
            "more_errors" => ErrMoreErrors,
            _ => ErrInvalid,
        }
    }

    /// Whether the server's message for `code` names something the translation cannot (a
    /// column, a risk factor, a case number, a row), so the console shows it too.
    pub fn code_has_detail(code: &str) -> bool {
        matches!(
            code,
            "unknown_risk_factor"
                | "duplicate_case"
                | "duplicate_in_file"
                | "unknown_column"
                | "missing_column"
                | "duplicate_column"
                | "more_errors"
                | "csv_syntax"
        )
    }

    fn pair(self) -> (&'static str, &'static str) {
        use HcText::*;
        match self {
            NavRegister => ("患者登録", "Register case"),
            NavImport => ("CSV一括登録", "Import CSV"),

            RegisterTitle => ("患者の登録", "Register a case"),
            RegisterIntro => (
                "発生届の内容を入力してください。同じ氏名・生年月日・電話番号の患者がすでに登録されている場合はお知らせします。",
                "Enter the notification's details. You are told if a case with the same name, date of birth and phone is registered already.",
            ),
            SectionPerson => ("本人", "The person"),
            SectionIllness => ("発症・検査", "Illness and tests"),
            SectionFollowup => ("健康観察", "Follow-up"),
            Name => ("氏名", "Name"),
            NameKana => ("フリガナ", "Name in kana"),
            NameKanaHint => (
                "カタカナで入力してください（ひらがなは自動でカタカナになります）。",
                "In katakana (hiragana is converted).",
            ),
            BirthDate => ("生年月日", "Date of birth"),
            Sex => ("性別", "Sex"),
            Choose => ("選択してください", "Choose"),
            Phone => ("電話番号", "Phone"),
            Email => ("メールアドレス", "E-mail"),
            EmailHint => (
                "任意。スマートフォンに通知が届かないとき、入力のお願いをここに送ります。",
                "Optional. Reminders go here when the phone's notifications do not arrive.",
            ),
            PhoneHint => ("例：090-1234-5678", "e.g. 090-1234-5678"),
            Address => ("住所", "Address"),
            RiskFactors => ("重症化リスク因子", "Risk factors for severe disease"),
            OnsetDate => ("発症日", "Onset date"),
            SpecimenDate => ("検体採取日", "Specimen date"),
            TestSummary => ("検査（方法・結果）", "Tests (method and result)"),
            InterviewNotes => ("聞き取りメモ", "Interview notes"),
            FollowupOrg => ("健康観察の委託先", "Follow-up organisation"),
            AssignLater => ("あとで割り当てる", "Assign later"),
            FollowupDays => ("療養期間（日数）", "Follow-up period (days)"),
            FollowupDaysHint => (
                "発症日から数えます（発症日がなければ検体採取日、どちらもなければ今日から）。",
                "Counted from the onset date (else the specimen date, else today).",
            ),
            SlotsPerDay => ("1日の報告回数", "Reports a day"),
            SlotsOne => ("1回", "Once"),
            SlotsTwo => ("2回（朝・夕）", "Twice (morning and evening)"),
            Register => ("登録する", "Register"),
            Registering => ("登録中…", "Registering…"),
            Duplicate => (
                "同じ氏名・生年月日・電話番号の患者がすでに登録されています。",
                "A case with the same name, date of birth and phone is registered already.",
            ),
            OpenExisting => ("登録済みの患者を開く", "Open the registered case"),

            ImportTitle => ("CSVで一括登録", "Import cases from CSV"),
            ImportIntro => (
                "Excelで作成したCSVファイル（UTF-8またはShift_JIS）を選んでください。1行目は見出し行です。すべての行に誤りがないときだけ登録し、一部の行だけが登録されることはありません。",
                "Choose a CSV file saved from Excel (UTF-8 or Shift_JIS). Row 1 is the header. The cases are registered only if every row is right; a file is never half-imported.",
            ),
            DownloadTemplate => ("テンプレートをダウンロード", "Download the template"),
            FormatHelp => (
                "列：氏名・氏名カナ・生年月日・性別・電話番号（必須）、住所・発症日・検体採取日・重症化リスク因子（「・」区切り）・検査・聞き取りメモ・委託先ID・療養日数・1日の報告回数。最大5,000行、2 MBまで。",
                "Columns: name, kana, date of birth, sex, phone (required); address, onset date, specimen date, risk factors (separated by ・ or ;), tests, interview notes, follow-up organisation ID, days, reports a day. Up to 5,000 rows and 2 MB.",
            ),
            CsvFile => ("CSVファイル", "CSV file"),
            Import => ("取り込む", "Import"),
            Importing => ("取り込み中…", "Importing…"),
            ImportFailed => (
                "取り込めませんでした（1件も登録していません）。次の誤りを直して、もう一度取り込んでください。",
                "Nothing was imported. Correct these problems and import the file again.",
            ),
            ColRow => ("行", "Row"),
            ColItem => ("項目", "Item"),
            ColProblem => ("内容", "Problem"),
            WholeRow => ("行全体", "Whole row"),
            WholeFile => ("ファイル", "File"),
            HeaderRow => ("見出し行", "Header row"),
            NoFile => ("ファイルを選んでください。", "Choose a file."),
            ToWorkList => ("報告一覧へ", "To the reports"),

            AssignTitle => ("委託先の割り当て", "Follow-up organisation"),
            AssignCurrent => ("現在の委託先", "Now assigned to"),
            Assign => ("割り当てる", "Assign"),
            Transfer => ("移管する", "Transfer"),
            Assigned => ("委託先を変更しました。", "Assignment saved."),
            NoContracts => (
                "契約している委託先がありません。管理者に契約の登録を依頼してください。",
                "No follow-up organisation has a contract with this health centre. Ask an administrator.",
            ),

            InvitationTitle => ("患者への案内", "Patient invitation"),
            InvitationIntro => (
                "患者がスマートフォンで開くリンクとQRコードを発行します。以前に発行した未使用の案内は使えなくなります。登録済みの患者がパスワードを忘れたときも、新しい案内でパスワードを設定し直せます（古いサインインは終了します）。",
                "Issues the link and QR code the patient opens on a smartphone. Earlier unused invitations stop working. A patient who forgot the password sets a new one with a new invitation (old sign-ins end).",
            ),
            Issue => ("案内を発行", "Issue invitation"),
            Reissue => ("案内を再発行", "Issue a new invitation"),
            Issuing => ("発行中…", "Issuing…"),
            InvitationLink => ("リンク", "Link"),
            InvitationExpires => ("有効期限", "Valid until"),
            ShownOnce => (
                "このリンクは今だけ表示されます。印刷するか患者に伝えてから、この画面を離れてください。",
                "This link is shown only now. Print it or give it to the patient before leaving this page.",
            ),
            OpenLetter => ("案内状を印刷", "Print the letter"),
            AlreadyEnrolled => (
                "この患者はすでにサインインを設定しています。患者番号とパスワードでサインインできます。",
                "The patient has already set up a sign-in: they sign in with the case number and password.",
            ),
            QrAlt => ("案内リンクのQRコード", "QR code of the invitation link"),

            LetterTitle => ("案内状", "Invitation letter"),
            Print => ("印刷する", "Print"),
            BackToCase => ("患者情報へ戻る", "Back to the case"),
            LetterMissing => (
                "案内状を表示できません。リンクは発行した画面でだけ表示されます。患者情報の画面で案内を発行してから開いてください。",
                "The letter cannot be shown: the link is shown only where it was issued. Issue the invitation on the case page, then open the letter.",
            ),

            ErrRequired => ("入力してください。", "Required."),
            ErrKatakana => ("カタカナで入力してください。", "Use katakana."),
            ErrEmail => (
                "メールアドレスの形式ではありません。",
                "Not an e-mail address.",
            ),
            ErrPhone => (
                "10桁または11桁の数字で入力してください（ハイフン可）。",
                "Enter 10 or 11 digits (hyphens allowed).",
            ),
            ErrFuture => ("未来の日付は入力できません。", "Must not be in the future."),
            ErrBeforeBirth => ("生年月日より前の日付です。", "Before the date of birth."),
            ErrPeriodOver => (
                "この日付では療養期間がすでに終わっています。",
                "With this date the follow-up period has already ended.",
            ),
            ErrOutOfRange => ("範囲外の値です。", "Out of range."),
            ErrTooLong => ("文字数が多すぎます。", "Too long."),
            ErrTooShort => ("短すぎます。", "Too short."),
            ErrNoContract => (
                "この保健所と契約している委託先を選んでください。",
                "Choose an organisation with a contract with this health centre.",
            ),
            ErrDateFormat => (
                "日付は 2026/11/23 の形で入力してください。",
                "Write dates as 2026/11/23.",
            ),
            ErrRiskFactor => ("重症化リスク因子の名前が違います。", "Unknown risk factor."),
            ErrSexValue => (
                "「男」「女」「その他」のいずれかを入力してください。",
                "Write 男, 女 or その他 (or M, F, other).",
            ),
            ErrNotANumber => ("半角の整数で入力してください。", "Write a whole number."),
            ErrDuplicateCase => ("すでに登録されている患者です。", "Registered already."),
            ErrDuplicateInFile => (
                "ファイル内の別の行と同じ患者です。",
                "The same person as another row.",
            ),
            ErrUnknownColumn => ("知らない列があります。", "Unknown column."),
            ErrMissingColumn => ("必須の列がありません。", "A required column is missing."),
            ErrDuplicateColumn => ("同じ列が2回あります。", "A column appears twice."),
            ErrEncoding => (
                "文字コードを読み取れません。「CSV UTF-8」または「CSV（コンマ区切り）」で保存してください。",
                "The encoding cannot be read. Save as \"CSV UTF-8\" or \"CSV (comma delimited)\".",
            ),
            ErrTooLarge => (
                "2 MBを超えるファイルは取り込めません。",
                "Files over 2 MB cannot be imported.",
            ),
            ErrTooManyRows => (
                "5,000行を超えています。ファイルを分けてください。",
                "More than 5,000 rows: split the file.",
            ),
            ErrEmpty => ("データの行がありません。", "The file has no data rows."),
            ErrCsvSyntax => (
                "CSVとして読めない箇所があります。",
                "The file cannot be read as CSV.",
            ),
            ErrMoreErrors => ("ほかにも誤りがあります。", "There are more errors."),
            ErrInvalid => ("入力内容が正しくありません。", "Not valid."),
        }
    }
}

/// "N cases registered."
pub fn imported(lang: Lang, count: usize) -> String {
    match lang {
        Lang::Ja => format!("{count}件の患者を登録しました。"),
        _ if count == 1 => "1 case registered.".to_owned(),
        _ => format!("{count} cases registered."),
    }
}

/// The printed invitation letter: its text in Japanese and English together, whatever the
/// console's language, so the patient can read it either way.
pub mod letter {
    /// Heading.
    pub const HEADING: (&str, &str) = ("健康観察のご案内", "Health follow-up: how to start");
    /// Salutation suffix after the name (Japanese only).
    pub const HONORIFIC: &str = "様";
    /// Label of the case number.
    pub const CASE_NUMBER: (&str, &str) = ("患者番号", "Case number");
    /// The steps.
    pub const STEPS: [(&str, &str); 3] = [
        (
            "スマートフォンのカメラで右のQRコードを読み取るか、下のアドレスを入力してください。",
            "Scan the QR code with your smartphone's camera, or type the address below.",
        ),
        (
            "言語を選び、ご自分のパスワード（8文字以上）を決めてください。",
            "Choose your language and set your own password (8 characters or more).",
        ),
        (
            "毎日、体温・酸素飽和度（SpO2）・症状を入力してください。",
            "Every day, enter your temperature, oxygen saturation (SpO2) and symptoms.",
        ),
    ];
    /// The link works once and expires (followed by the date).
    pub const EXPIRES: (&str, &str) = (
        "このアドレスは1回だけ使えます。有効期限：",
        "This address works once. Valid until:",
    );
    /// Later sign-ins.
    pub const LATER: (&str, &str) = (
        "2回目からは、患者番号とパスワードでサインインしてください。",
        "After that, sign in with your case number and password.",
    );
    /// When to call (followed by the health centre's name and phone).
    pub const CALL: (&str, &str) = (
        "息苦しいなど具合が悪くなったときは、すぐに連絡してください。緊急のときは119番へ。",
        "If you feel worse (for example, short of breath), call at once. In an emergency, call 119.",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_the_server_sends_has_its_own_message() {
        for code in [
            "katakana",
            "phone_format",
            "in_future",
            "before_birth",
            "period_over",
            "no_contract",
            "date_format",
            "unknown_risk_factor",
            "sex_value",
            "not_a_number",
            "duplicate_case",
            "duplicate_in_file",
            "unknown_column",
            "missing_column",
            "duplicate_column",
            "encoding",
            "too_large",
            "too_many_rows",
            "empty",
            "csv_syntax",
        ] {
            assert_ne!(HcText::field_error(code), HcText::ErrInvalid, "{code}");
        }
        assert_eq!(HcText::field_error("whatever"), HcText::ErrInvalid);
    }

    #[test]
    fn counts_read_naturally() {
        assert_eq!(imported(Lang::Ja, 3), "3件の患者を登録しました。");
        assert_eq!(imported(Lang::En, 1), "1 case registered.");
        assert_eq!(imported(Lang::En, 2), "2 cases registered.");
    }
}
