//! UI strings of the staff console's sign-in security: the code field's hint, lockout,
//! authenticator enrolment, recovery codes and the change of password. Japanese and English,
//! like [`super::staff`].

use super::{Lang, pick};

/// A string of the console's sign-in security pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthText {
    /// Label of the sign-in code field (TOTP or recovery code).
    CodeLabel,
    /// Hint under the sign-in code field.
    CodeHint,
    /// 429 `account_locked` at sign-in.
    AccountLocked,

    /// Heading (and tab title) of the enrolment page.
    EnrolTitle,
    /// What to do first.
    EnrolIntro,
    /// Text alternative of the QR code.
    QrAlt,
    /// Label of the secret shown for typing by hand.
    SecretLabel,
    /// Label of the code field of the enrolment.
    EnrolCodeLabel,
    /// Hint under it.
    EnrolCodeHint,
    /// Button that confirms the enrolment.
    Confirm,
    /// The same while the request runs.
    Confirming,
    /// Button that asks for a new secret.
    NewSecret,
    /// The account has an authenticator already (409 `already_enrolled`).
    AlreadyEnrolled,

    /// Heading of the recovery codes.
    RecoveryTitle,
    /// What the codes are for, and that they are shown once.
    RecoveryIntro,
    /// Name of the list of codes.
    RecoveryListLabel,
    /// Button that prints the page.
    Print,
    /// Button that leaves the codes page.
    StoredContinue,

    /// Heading of the change-password page, and the header's link to it.
    PasswordTitle,
    /// On the change-password page when the password is a one-time password.
    OneTimePassword,
    /// Current password field.
    CurrentPassword,
    /// New password field.
    NewPassword,
    /// Hint under the new password.
    NewPasswordHint,
    /// Submit button.
    ChangePassword,
    /// The same while the request runs.
    Changing,
    /// Success message.
    PasswordChanged,

    /// 403 `enrolment_required`: anything tried before enrolment is finished.
    EnrolmentRequired,

    /// A field is empty.
    ErrRequired,
    /// The sign-in code has neither shape.
    ErrSignInCode,
    /// The enrolment code is not six digits, or does not match the secret.
    ErrEnrolCode,
    /// The current password is wrong.
    ErrCurrentPassword,
    /// The new password is too short.
    ErrPasswordTooShort,
    /// The new password is one of the most common ones.
    ErrPasswordTooCommon,
    /// The new password is too long.
    ErrPasswordTooLong,
    /// The new password is the current one.
    ErrPasswordUnchanged,
    /// Any other field error.
    ErrInvalid,
}

impl AuthText {
    /// The string in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        let (ja, en) = self.pair();
        pick(lang, ja, en)
    }

    /// The message for a field error of these forms, from its field and stable code.
    pub fn field_error(field: &str, code: &str) -> AuthText {
        match (field, code) {
            (_, "required") => AuthText::ErrRequired,
            ("totp_code", _) => AuthText::ErrSignInCode,
            ("code", _) => AuthText::ErrEnrolCode,
            ("current_password", _) => AuthText::ErrCurrentPassword,
            (_, "too_short") => AuthText::ErrPasswordTooShort,
            (_, "too_common") => AuthText::ErrPasswordTooCommon,
            (_, "too_long") => AuthText::ErrPasswordTooLong,
            (_, "unchanged") => AuthText::ErrPasswordUnchanged,
            _ => AuthText::ErrInvalid,
        }
    }

    fn pair(self) -> (&'static str, &'static str) {
        match self {
            AuthText::CodeLabel => (
                "確認コード（6桁）または回復コード",
                "Verification code (6 digits) or recovery code",
            ),
            AuthText::CodeHint => (
                "認証アプリに表示される6桁の数字です。認証アプリを使えないときは、回復コード（例: k7f3-9qx2-m4hp）を入力できます。初めてサインインするときは空欄のままにしてください。",
                "The 6-digit number shown in your authenticator app. If you cannot use the app, you can type a recovery code instead (such as k7f3-9qx2-m4hp). Leave it empty the first time you sign in.",
            ),
            AuthText::AccountLocked => (
                "サインインに続けて失敗したため、このアカウントは15分間ロックされています。15分ほど待ってから、もう一度お試しください。",
                "This account is locked for 15 minutes after repeated failed sign-ins. Try again in 15 minutes.",
            ),

            AuthText::EnrolTitle => ("2段階認証の設定", "Set up two-step verification"),
            AuthText::EnrolIntro => (
                "初回のサインインです。スマートフォンの認証アプリ（Google Authenticator、Microsoft Authenticator など）で次のQRコードを読み取り、表示された6桁のコードを入力してください。",
                "This is your first sign-in. Scan this QR code with an authenticator app on your phone (Google Authenticator, Microsoft Authenticator or similar), then enter the 6-digit code it shows.",
            ),
            AuthText::QrAlt => (
                "認証アプリで読み取るQRコード",
                "QR code to scan with the authenticator app",
            ),
            AuthText::SecretLabel => (
                "QRコードを読み取れない場合は、このキーを認証アプリに手入力してください",
                "If you cannot scan the code, type this key into the app",
            ),
            AuthText::EnrolCodeLabel => (
                "認証アプリに表示された6桁のコード",
                "The 6-digit code shown in the app",
            ),
            AuthText::EnrolCodeHint => (
                "コードは30秒ごとに変わります。最新のコードを入力してください。",
                "The code changes every 30 seconds: enter the current one.",
            ),
            AuthText::Confirm => ("確認して設定を完了", "Confirm and finish"),
            AuthText::Confirming => ("確認中…", "Confirming…"),
            AuthText::NewSecret => ("新しいQRコードを表示", "Show a new QR code"),
            AuthText::AlreadyEnrolled => (
                "このアカウントの2段階認証はすでに設定されています。",
                "Two-step verification is already set up for this account.",
            ),

            AuthText::RecoveryTitle => ("回復コード", "Recovery codes"),
            AuthText::RecoveryIntro => (
                "スマートフォンをなくしたときなど、認証アプリを使えない場合に確認コードの代わりに入力できます。各コードは1回だけ使えます。この画面は二度と表示されないため、印刷するか安全な場所に保管してください。",
                "Use one of these instead of the app's code when you cannot use the app, for example after losing your phone. Each works once. This page is never shown again: print the codes or keep them somewhere safe.",
            ),
            AuthText::RecoveryListLabel => ("回復コードの一覧", "List of recovery codes"),
            AuthText::Print => ("印刷する", "Print"),
            AuthText::StoredContinue => ("保管しました（次へ）", "I have stored them — continue"),

            AuthText::PasswordTitle => ("パスワードの変更", "Change password"),
            AuthText::OneTimePassword => (
                "お使いのパスワードは一回限りの仮パスワードです。ご自分のパスワードに変更すると、コンソールを使えるようになります。",
                "You signed in with a one-time password. Choose your own password to go on to the console.",
            ),
            AuthText::CurrentPassword => ("現在のパスワード", "Current password"),
            AuthText::NewPassword => ("新しいパスワード", "New password"),
            AuthText::NewPasswordHint => (
                "12〜128文字。よく使われるパスワードは使えません。覚えやすい長めの文がおすすめです。",
                "12–128 characters, not one of the common passwords. A long phrase you can remember works well.",
            ),
            AuthText::ChangePassword => ("パスワードを変更", "Change password"),
            AuthText::Changing => ("変更中…", "Changing…"),
            AuthText::PasswordChanged => (
                "パスワードを変更しました。ほかの端末でのサインインは終了しました。",
                "Your password has been changed. Sign-ins on other devices have been ended.",
            ),

            AuthText::EnrolmentRequired => (
                "先に2段階認証の設定を完了してください。",
                "Finish setting up two-step verification first.",
            ),

            AuthText::ErrRequired => ("入力してください。", "Required."),
            AuthText::ErrSignInCode => (
                "6桁の確認コードか回復コードを入力してください。",
                "Enter the 6-digit code or a recovery code.",
            ),
            AuthText::ErrEnrolCode => (
                "コードが正しくありません。認証アプリに表示されている最新の6桁のコードを入力してください。",
                "The code is not correct. Enter the 6-digit code the app shows now.",
            ),
            AuthText::ErrCurrentPassword => (
                "現在のパスワードが正しくありません。",
                "The current password is not correct.",
            ),
            AuthText::ErrPasswordTooShort => {
                ("12文字以上にしてください。", "Use at least 12 characters.")
            }
            AuthText::ErrPasswordTooCommon => (
                "よく使われているパスワードのため使えません。",
                "This is one of the most common passwords: choose another.",
            ),
            AuthText::ErrPasswordTooLong => {
                ("128文字以内にしてください。", "Use at most 128 characters.")
            }
            AuthText::ErrPasswordUnchanged => (
                "現在とは別のパスワードにしてください。",
                "Choose a password other than the current one.",
            ),
            AuthText::ErrInvalid => ("入力内容が正しくありません。", "Not valid."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_of_the_forms_pick_their_message() {
        let cases = [
            ("totp_code", "required", AuthText::ErrRequired),
            ("totp_code", "invalid", AuthText::ErrSignInCode),
            ("code", "invalid", AuthText::ErrEnrolCode),
            ("code", "required", AuthText::ErrRequired),
            ("current_password", "invalid", AuthText::ErrCurrentPassword),
            ("new_password", "too_short", AuthText::ErrPasswordTooShort),
            ("new_password", "too_common", AuthText::ErrPasswordTooCommon),
            ("new_password", "too_long", AuthText::ErrPasswordTooLong),
            ("new_password", "unchanged", AuthText::ErrPasswordUnchanged),
            ("new_password", "whatever", AuthText::ErrInvalid),
        ];
        for (field, code, expected) in cases {
            assert_eq!(
                AuthText::field_error(field, code),
                expected,
                "{field} {code}"
            );
        }
    }

    #[test]
    fn the_locked_message_says_how_long() {
        assert!(AuthText::AccountLocked.get(Lang::Ja).contains("15分"));
        assert!(AuthText::AccountLocked.get(Lang::En).contains("15 minutes"));
        assert!(AuthText::CodeHint.get(Lang::Ja).contains("回復コード"));
        assert!(AuthText::CodeHint.get(Lang::En).contains("recovery code"));
    }

    #[test]
    fn other_languages_read_english() {
        assert_eq!(
            AuthText::RecoveryTitle.get(Lang::Vi),
            AuthText::RecoveryTitle.get(Lang::En)
        );
    }
}
