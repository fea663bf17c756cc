//! UI strings of the staff console: Japanese and English. The console offers only
//! [`STAFF_LANGS`]; asked for another language, these strings answer in English.

use super::{Lang, pick};
use crate::api::auth::StaffRole;
use crate::api::cases::Sex;
use crate::api::findings::Referral;

/// The languages the staff console offers, in its switch's order.
pub const STAFF_LANGS: [Lang; 2] = [Lang::Ja, Lang::En];

/// A string of the staff console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// The console's name.
    AppName,
    /// Shown while data loads.
    Loading,
    /// Button that repeats a failed load.
    Retry,
    /// Label of the language switch.
    Language,

    /// The server could not be reached at all.
    ErrorNetwork,
    /// The server answered 5xx.
    ErrorServer,
    /// 403: the caller's role may not do this.
    ErrorForbidden,
    /// 404 of a case: out of scope and missing look the same on purpose, so ids cannot be probed.
    ErrorCaseNotFound,
    /// 429: too many attempts.
    ErrorTooManyAttempts,
    /// Any other failure.
    ErrorGeneric,

    /// Heading of the sign-in page.
    SignInTitle,
    /// Login ID field.
    LoginId,
    /// Password field.
    Password,
    /// TOTP code field.
    TotpCode,
    /// Hint under the TOTP code field.
    TotpHint,
    /// Sign-in button.
    SignIn,
    /// Sign-in button while the request runs.
    SigningIn,
    /// 401 of sign-in: one message whichever factor was wrong.
    SignInFailed,
    /// Sign-out button.
    SignOut,
    /// Sign-out did not reach the server, so the session may still be open.
    SignOutFailed,

    /// Name of the main navigation landmark.
    MainNavigation,
    /// Link to the daily report list.
    NavReports,
    /// Role: follow-up staff.
    RoleFollowupStaff,
    /// Role: follow-up doctor.
    RoleFollowupDoctor,
    /// Role: health-centre staff.
    RoleHcStaff,
    /// Role: medical-institution staff.
    RoleInstitutionStaff,
    /// Role: administrator.
    RoleAdmin,

    /// Heading of the daily report list.
    ReportsTitle,
    /// Label of the date picker.
    Date,
    /// Button that goes back to today's list.
    Today,
    /// Button that shows the chosen day.
    Show,
    /// Summary of flag counts (screen readers).
    FlagCounts,
    /// Empty daily list.
    NoReportsForDay,
    /// Column: flag.
    ColFlag,
    /// Column: reasons.
    ColReasons,
    /// Column: case number.
    ColCaseNumber,
    /// Column: patient name.
    ColPatient,
    /// Column: temperature.
    ColTemperature,
    /// Column: SpO2.
    ColSpo2,
    /// Column: submitted time.
    ColSubmitted,
    /// Column: slot.
    ColSlot,
    /// First report of the day (or the only one).
    SlotFirst,
    /// Second report of the day.
    SlotSecond,
    /// A value the patient did not measure (no oximeter).
    NotMeasured,
    /// Badge of a report entered by staff after a phone call (代理入力).
    EnteredByStaff,
    /// Badge of a report staff marked reviewed.
    Reviewed,

    /// Title of the case page.
    CaseTitle,
    /// Link back to the work list (the console's home).
    BackToReports,
    /// Section: basic information.
    BasicInformation,
    /// Case number.
    CaseNumber,
    /// Patient name.
    Name,
    /// Name in kana.
    NameKana,
    /// Date of birth.
    BirthDate,
    /// Sex.
    Sex,
    /// Male.
    SexMale,
    /// Female.
    SexFemale,
    /// Other or unknown.
    SexOther,
    /// Phone number.
    Phone,
    /// Health centre.
    HealthCentre,
    /// Follow-up organisation.
    FollowupOrg,
    /// No follow-up organisation yet.
    NotAssigned,
    /// Follow-up period.
    FollowupPeriod,

    /// Section: reports of a case.
    CaseReports,
    /// A case without reports.
    NoCaseReports,
    /// Temperature.
    Temperature,
    /// SpO2.
    Spo2,
    /// Pulse.
    Pulse,
    /// Symptoms answered yes or unsure.
    Symptoms,
    /// No symptom answered yes or unsure; no urgent sign.
    NoneReported,
    /// Urgent signs.
    UrgentSigns,
    /// Note to staff.
    Note,
    /// Version of the rule set that judged a report.
    RulesetVersion,
    /// Reasons a report was flagged.
    Reasons,

    /// Section: physician findings.
    Findings,
    /// A case without findings.
    NoFindings,
    /// Heading of the finding form.
    NewFinding,
    /// Assessment field.
    Assessment,
    /// Plan field.
    Plan,
    /// Referral field.
    Referral,
    /// Referral: none.
    ReferralNone,
    /// Referral: outpatient.
    ReferralOutpatient,
    /// Referral: admission.
    ReferralAdmission,
    /// Which report a finding is about.
    FindingReport,
    /// A finding about no particular report.
    FindingNoReport,
    /// Submit button of the finding form.
    SaveFinding,
    /// Submit button while saving.
    Saving,
    /// Confirmation after a finding was saved.
    FindingSaved,
    /// Author of a finding.
    WrittenBy,
    /// Marks a required field.
    Required,

    /// Section: messages staff sent to the patient (shown in the patient's app).
    Messages,
    /// Heading of the message form.
    NewMessage,
    /// Message text field.
    MessageBody,
    /// Under the message field: where the patient sees it, and the length limit.
    MessageHint,
    /// Submit button of the message form.
    SendMessage,
    /// Submit button while sending.
    SendingMessage,
    /// Confirmation after a message was sent.
    MessageSent,
    /// A case without messages.
    NoMessages,
    /// Sender of a message (the organisation).
    MessageFrom,

    /// Field error: required.
    ErrRequired,
    /// Field error: too long.
    ErrTooLong,
    /// Field error: out of range.
    ErrOutOfRange,
    /// Field error: not a six-digit code.
    ErrTotpCode,
    /// Field error: any other invalid value.
    ErrInvalid,

    /// Heading of the not-found page.
    PageNotFound,
}

impl Text {
    /// The string in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        let (ja, en) = self.pair();
        pick(lang, ja, en)
    }

    /// The label of a staff role.
    pub fn role(role: StaffRole) -> Text {
        match role {
            StaffRole::FollowupStaff => Text::RoleFollowupStaff,
            StaffRole::FollowupDoctor => Text::RoleFollowupDoctor,
            StaffRole::HcStaff => Text::RoleHcStaff,
            StaffRole::InstitutionStaff => Text::RoleInstitutionStaff,
            StaffRole::Admin => Text::RoleAdmin,
        }
    }

    /// The label of a sex.
    pub fn sex(sex: Sex) -> Text {
        match sex {
            Sex::Male => Text::SexMale,
            Sex::Female => Text::SexFemale,
            Sex::Other => Text::SexOther,
        }
    }

    /// The label of a referral.
    pub fn referral(referral: Referral) -> Text {
        match referral {
            Referral::None => Text::ReferralNone,
            Referral::Outpatient => Text::ReferralOutpatient,
            Referral::Admission => Text::ReferralAdmission,
        }
    }

    /// The message for a field error, from its field and stable code (`FieldError::code`).
    pub fn field_error(field: &str, code: &str) -> Text {
        match (field, code) {
            (_, "required") => Text::ErrRequired,
            ("totp_code", _) => Text::ErrTotpCode,
            (_, "too_long") => Text::ErrTooLong,
            (_, "out_of_range") => Text::ErrOutOfRange,
            _ => Text::ErrInvalid,
        }
    }

    fn pair(self) -> (&'static str, &'static str) {
        match self {
            Text::AppName => ("みまもり 職員コンソール", "Mimamori staff console"),
            Text::Loading => ("読み込み中…", "Loading…"),
            Text::Retry => ("再試行", "Try again"),
            Text::Language => ("言語", "Language"),

            Text::ErrorNetwork => (
                "サーバーに接続できません。通信環境を確認してください。",
                "Cannot reach the server. Check the connection.",
            ),
            Text::ErrorServer => (
                "サーバーでエラーが発生しました。しばらくしてから再試行してください。",
                "The server had a problem. Try again shortly.",
            ),
            Text::ErrorForbidden => (
                "この操作を行う権限がありません。",
                "Your role is not allowed to do this.",
            ),
            Text::ErrorCaseNotFound => (
                "見つからないか、所属組織の担当範囲外の患者です。",
                "Not found, or not in your organisation's scope.",
            ),
            Text::ErrorTooManyAttempts => (
                "試行回数が多すぎます。しばらくしてから再試行してください。",
                "Too many attempts. Wait a while and try again.",
            ),
            Text::ErrorGeneric => (
                "処理できませんでした。入力内容を確認してください。",
                "The request could not be completed. Check what you entered.",
            ),

            Text::SignInTitle => ("職員サインイン", "Staff sign-in"),
            Text::LoginId => ("ログインID", "Login ID"),
            Text::Password => ("パスワード", "Password"),
            Text::TotpCode => ("確認コード（6桁）", "Verification code (6 digits)"),
            Text::TotpHint => (
                "認証アプリに表示されている6桁の数字",
                "The 6-digit number shown in your authenticator app",
            ),
            Text::SignIn => ("サインイン", "Sign in"),
            Text::SigningIn => ("サインイン中…", "Signing in…"),
            Text::SignInFailed => (
                "ID、パスワードまたは確認コードが正しくありません。",
                "ID, password or code is wrong.",
            ),
            Text::SignOut => ("サインアウト", "Sign out"),
            Text::SignOutFailed => (
                "サインアウトできませんでした。再試行してください。",
                "Could not sign out. Try again.",
            ),

            Text::MainNavigation => ("メインメニュー", "Main menu"),
            Text::NavReports => ("報告一覧", "Reports"),
            Text::RoleFollowupStaff => ("健康観察担当", "Follow-up staff"),
            Text::RoleFollowupDoctor => ("医師", "Follow-up doctor"),
            Text::RoleHcStaff => ("保健所職員", "Health-centre staff"),
            Text::RoleInstitutionStaff => ("医療機関職員", "Medical-institution staff"),
            Text::RoleAdmin => ("管理者", "Administrator"),

            Text::ReportsTitle => ("健康観察の報告", "Health reports"),
            Text::Date => ("日付", "Date"),
            Text::Today => ("今日", "Today"),
            Text::Show => ("表示", "Show"),
            Text::FlagCounts => ("判定ごとの件数", "Reports by flag"),
            Text::NoReportsForDay => ("この日の報告はありません。", "No reports for this day."),
            Text::ColFlag => ("判定", "Flag"),
            Text::ColReasons => ("理由", "Reasons"),
            Text::ColCaseNumber => ("患者番号", "Case no."),
            Text::ColPatient => ("氏名", "Name"),
            Text::ColTemperature => ("体温", "Temp."),
            Text::ColSpo2 => ("SpO2", "SpO2"),
            Text::ColSubmitted => ("報告時刻", "Submitted"),
            Text::ColSlot => ("回", "Slot"),
            Text::SlotFirst => ("1回目", "1st"),
            Text::SlotSecond => ("2回目", "2nd"),
            Text::NotMeasured => ("未測定", "not measured"),
            Text::EnteredByStaff => ("代理入力", "Entered by staff"),
            Text::Reviewed => ("確認済", "Reviewed"),

            Text::CaseTitle => ("患者情報", "Case record"),
            Text::BackToReports => ("トリアージ一覧へ戻る", "Back to the work list"),
            Text::BasicInformation => ("基本情報", "Basic information"),
            Text::CaseNumber => ("患者番号", "Case number"),
            Text::Name => ("氏名", "Name"),
            Text::NameKana => ("フリガナ", "Name (kana)"),
            Text::BirthDate => ("生年月日", "Date of birth"),
            Text::Sex => ("性別", "Sex"),
            Text::SexMale => ("男", "Male"),
            Text::SexFemale => ("女", "Female"),
            Text::SexOther => ("その他・不明", "Other or unknown"),
            Text::Phone => ("電話番号", "Phone"),
            Text::HealthCentre => ("保健所", "Health centre"),
            Text::FollowupOrg => ("健康観察実施機関", "Follow-up organisation"),
            Text::NotAssigned => ("未割当", "Not assigned"),
            Text::FollowupPeriod => ("療養期間", "Follow-up period"),

            Text::CaseReports => ("健康観察の報告", "Reports"),
            Text::NoCaseReports => ("報告はまだありません。", "No reports yet."),
            Text::Temperature => ("体温", "Temperature"),
            Text::Spo2 => ("SpO2", "SpO2"),
            Text::Pulse => ("脈拍", "Pulse"),
            Text::Symptoms => ("症状", "Symptoms"),
            Text::NoneReported => ("なし", "None"),
            Text::UrgentSigns => ("緊急性の高い症状", "Urgent signs"),
            Text::Note => ("連絡事項", "Note"),
            Text::RulesetVersion => ("判定ルール", "Rule set"),
            Text::Reasons => ("判定理由", "Reasons"),

            Text::Findings => ("医師所見", "Physician findings"),
            Text::NoFindings => ("所見はまだありません。", "No findings yet."),
            Text::NewFinding => ("所見を記載", "Write a finding"),
            Text::Assessment => ("所見", "Assessment"),
            Text::Plan => ("方針", "Plan"),
            Text::Referral => ("受診・入院調整", "Referral"),
            Text::ReferralNone => ("なし（自宅療養継続）", "None (stays at home)"),
            Text::ReferralOutpatient => ("外来受診", "Outpatient visit"),
            Text::ReferralAdmission => ("入院調整", "Admission"),
            Text::FindingReport => ("対象の報告", "About report"),
            Text::FindingNoReport => ("特定の報告なし", "No particular report"),
            Text::SaveFinding => ("所見を登録", "Save finding"),
            Text::Saving => ("登録中…", "Saving…"),
            Text::FindingSaved => ("所見を登録しました。", "Finding saved."),
            Text::WrittenBy => ("記載者", "Written by"),
            Text::Required => ("必須", "required"),

            Text::Messages => ("患者へのメッセージ", "Messages to the patient"),
            Text::NewMessage => ("メッセージを送る", "Send a message"),
            Text::MessageBody => ("本文", "Message"),
            Text::MessageHint => (
                "患者のアプリの「これまでの記録」に表示されます。やさしい言葉で、1,000文字以内で書いてください。",
                "Shown in the patient's app with their records. Use plain words, up to 1,000 characters.",
            ),
            Text::SendMessage => ("送信", "Send"),
            Text::SendingMessage => ("送信中…", "Sending…"),
            Text::MessageSent => ("メッセージを送信しました。", "Message sent."),
            Text::NoMessages => ("送信したメッセージはありません。", "No messages sent yet."),
            Text::MessageFrom => ("送信元", "From"),

            Text::ErrRequired => ("入力してください。", "Required."),
            Text::ErrTooLong => ("文字数が多すぎます。", "Too long."),
            Text::ErrOutOfRange => ("範囲外の値です。", "Out of range."),
            Text::ErrTotpCode => ("6桁の数字を入力してください。", "Enter the 6-digit code."),
            Text::ErrInvalid => ("入力内容が正しくありません。", "Not valid."),

            Text::PageNotFound => ("ページが見つかりません。", "Page not found."),
        }
    }
}

/// "Day N" of the follow-up period.
pub fn day_of_period(lang: Lang, day: i64) -> String {
    match lang {
        Lang::Ja => format!("{day}日目"),
        _ => format!("day {day}"),
    }
}

/// An age in whole years.
pub fn age(lang: Lang, years: u32) -> String {
    match lang {
        Lang::Ja => format!("{years}歳"),
        _ => format!("{years} years"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_pick_a_message_by_code() {
        assert_eq!(
            Text::field_error("assessment", "required"),
            Text::ErrRequired
        );
        assert_eq!(
            Text::field_error("totp_code", "required"),
            Text::ErrRequired
        );
        assert_eq!(Text::field_error("totp_code", "invalid"), Text::ErrTotpCode);
        assert_eq!(Text::field_error("plan", "too_long"), Text::ErrTooLong);
        assert_eq!(Text::field_error("date", "whatever"), Text::ErrInvalid);
    }

    #[test]
    fn numbers_are_placed_per_language() {
        assert_eq!(day_of_period(Lang::Ja, 3), "3日目");
        assert_eq!(day_of_period(Lang::En, 3), "day 3");
        assert_eq!(age(Lang::Ja, 42), "42歳");
    }

    #[test]
    fn languages_the_console_does_not_offer_read_english() {
        for lang in Lang::ALL.into_iter().filter(|l| !STAFF_LANGS.contains(l)) {
            assert_eq!(Text::SignIn.get(lang), Text::SignIn.get(Lang::En));
            assert_eq!(day_of_period(lang, 3), "day 3");
        }
    }
}
