//! UI strings of the patient app.
//!
//! Written for a tired, possibly elderly reader on a small phone: short sentences, plain words,
//! and always what to do next. Placeholders in braces (`{min}`, `{name}`) are filled in by the
//! app; every language of a variant uses the same placeholders.

use super::{Lang, pick};

/// A string of the patient app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Text {
    /// The app's name.
    AppName,
    /// Shown while data loads.
    Loading,
    /// Sign-out button.
    SignOut,
    /// Accessible name of the language switch in the header.
    LanguageSwitchLabel,
    /// The request did not reach the server (offline, no signal).
    ErrorConnection,
    /// The server failed (5xx) or answered something unexpected.
    ErrorServer,
    /// 429: rate limit.
    ErrorTooManyAttempts,
    /// Button that repeats a failed request.
    TryAgain,
    /// Heading of the page for unknown addresses.
    NotFoundTitle,
    /// Link back to the start page.
    GoToStart,

    // --- invitation -------------------------------------------------------------------------
    /// First screen of an invitation, before a language is chosen; the app shows it in every
    /// language at once.
    ChooseLanguage,
    /// Welcome text under the language buttons.
    InviteWelcome,
    /// Heading of the set-password step.
    SetPasswordTitle,
    /// What the password is for.
    SetPasswordIntro,
    /// Label of the password input.
    PasswordLabel,
    /// The length rule; `{min}`.
    PasswordRule,
    /// Live count of characters typed; `{n}`.
    PasswordCount,
    /// Shown once the password satisfies the rule.
    PasswordRuleMet,
    /// Toggle that shows the password.
    ShowPassword,
    /// Toggle that hides the password.
    HidePassword,
    /// Submit button of the set-password step.
    RedeemSubmit,
    /// Link back to the language choice.
    ChangeLanguage,
    /// Heading when the invitation cannot be used.
    InvitationProblemTitle,
    /// 404 `invitation_not_found` (also a link without a token).
    InvitationNotFound,
    /// 410 `invitation_expired`.
    InvitationExpired,
    /// 410 `invitation_used`.
    InvitationUsed,
    /// Link to the sign-in page.
    GoToSignIn,

    // --- sign-in ----------------------------------------------------------------------------
    /// Heading and title of the sign-in page.
    SignInTitle,
    /// Label of the case-number input.
    CaseNumberLabel,
    /// Where to find the case number.
    CaseNumberHint,
    /// Submit button of the sign-in form.
    SignInSubmit,
    /// 401 `invalid_credentials`.
    InvalidCredentials,
    /// What to do after forgetting the password.
    ForgotPassword,

    // --- daily report -----------------------------------------------------------------------
    /// Heading of the report page.
    ReportTitle,
    /// Day of the follow-up period; `{day}`, `{end}`.
    FollowUpDay,
    /// The current slot already has a report.
    AlreadyReported,
    /// Legend of the household member choice.
    WhoseReport,
    /// The case number, shown so the patient can sign in elsewhere; `{n}`.
    CaseNumberShown,
    /// 体温.
    TemperatureLabel,
    /// Example under the temperature input.
    TemperatureHint,
    /// 酸素飽和度.
    Spo2Label,
    /// SpO2 may be left empty.
    Spo2Hint,
    /// 脈拍.
    PulseLabel,
    /// Pulse may be left empty.
    PulseHint,
    /// Marker after the label of an optional input.
    Optional,
    /// Marker after the label of a required input.
    Required,
    /// Unit of the pulse.
    PerMinute,
    /// Heading of the symptom questions.
    SymptomsTitle,
    /// How to answer the symptom questions.
    SymptomsIntro,
    /// Heading of the urgent signs.
    UrgentTitle,
    /// How to answer the urgent signs.
    UrgentIntro,
    /// The "none of these" checkbox.
    UrgentNone,
    /// Label of the note.
    NoteLabel,
    /// Characters used in the note; `{n}`, `{max}`.
    NoteCount,
    /// Submit button of the report.
    ReportSubmit,
    /// The report is on its way.
    Sending,
    /// Summary of a refused form; `{n}` is the number of fields to fix.
    FormHasErrors,
    /// A send failed; the answers stay on screen.
    SendFailedKept,
    /// 401 while signed in: the session ended.
    SessionExpired,
    /// 404 for a case: it cannot take reports any more.
    CaseUnavailable,
    /// The account has no case to report for.
    NoCases,

    // --- field errors -----------------------------------------------------------------------
    /// `required`.
    ErrRequired,
    /// The input is not a number.
    ErrNotNumber,
    /// `out_of_range`; `{min}`, `{max}`.
    ErrOutOfRange,
    /// `too_precise`.
    ErrTooPrecise,
    /// `too_long`; `{max}`.
    ErrTooLong,
    /// `too_short` of a password; `{min}`.
    ErrTooShort,
    /// Any other code.
    ErrInvalid,

    // --- after sending ----------------------------------------------------------------------
    /// Heading of the confirmation.
    ResultSentTitle,
    /// Next steps after a report without a flag.
    ResultNone,
    /// Next steps after an amber report.
    ResultAmber,
    /// After a red report was stored: do not wait for a call.
    ResultRed,
    /// Closes the confirmation.
    ResultDone,
    /// Starts a report for another household member.
    ReportForAnother,

    // --- danger advice (red) ----------------------------------------------------------------
    /// Heading of the danger advice.
    DangerTitle,
    /// What the answers mean and what to do.
    DangerBody,
    /// Call button of the health centre; `{name}`.
    DangerCallCentre,
    /// The health centre has no phone number on file.
    DangerNoPhone,
    /// When to call 119.
    Danger119,
    /// Call button for 119.
    DangerCall119,
    /// A red report could not be sent yet.
    DangerNotSent,
}

impl Text {
    /// The string in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        match self {
            Text::AppName => pick(lang, "みまもり 健康観察", "Mimamori health check"),
            Text::Loading => pick(lang, "読み込み中です…", "Loading…"),
            Text::SignOut => pick(lang, "ログアウト", "Sign out"),
            Text::LanguageSwitchLabel => pick(lang, "表示する言語", "Language"),
            Text::ErrorConnection => pick(
                lang,
                "インターネットにつながりませんでした。電波の届く場所で、もう一度お試しください。",
                "Could not connect to the internet. Move to where the signal is good and try again.",
            ),
            Text::ErrorServer => pick(
                lang,
                "ただいま処理できませんでした。少し時間をおいて、もう一度お試しください。",
                "Something went wrong. Please wait a little and try again.",
            ),
            Text::ErrorTooManyAttempts => pick(
                lang,
                "続けて何度も試されたため、しばらく使えません。数分待ってから、もう一度お試しください。",
                "Too many attempts. Please wait a few minutes and try again.",
            ),
            Text::TryAgain => pick(lang, "もう一度試す", "Try again"),
            Text::NotFoundTitle => pick(lang, "ページが見つかりません", "Page not found"),
            Text::GoToStart => pick(lang, "最初の画面へ", "Go to the start page"),

            Text::ChooseLanguage => pick(lang, "言語を選んでください", "Choose your language"),
            Text::InviteWelcome => pick(
                lang,
                "みまもり 健康観察へようこそ。毎日の体温や体調を、この画面から報告します。",
                "Welcome to Mimamori. You will use this page to report your temperature and how you feel each day.",
            ),
            Text::SetPasswordTitle => pick(lang, "パスワードを決めてください", "Choose a password"),
            Text::SetPasswordIntro => pick(
                lang,
                "次からは、ケース番号とこのパスワードで使えます。忘れないよう、メモしておいてください。",
                "Next time, you sign in with your case number and this password. Write it down so you do not forget it.",
            ),
            Text::PasswordLabel => pick(lang, "パスワード", "Password"),
            Text::PasswordRule => pick(
                lang,
                "{min}文字以上。使う文字の種類は自由です（ひらがなも使えます）。",
                "At least {min} characters. Any characters are fine.",
            ),
            Text::PasswordCount => pick(lang, "いま {n} 文字", "{n} characters so far"),
            Text::PasswordRuleMet => pick(lang, "この長さで大丈夫です", "That is long enough"),
            Text::ShowPassword => pick(lang, "表示する", "Show"),
            Text::HidePassword => pick(lang, "隠す", "Hide"),
            Text::RedeemSubmit => pick(lang, "決定して始める", "Save and start"),
            Text::ChangeLanguage => pick(lang, "言語を変える", "Change language"),
            Text::InvitationProblemTitle => pick(
                lang,
                "招待リンクを使えません",
                "This invitation link cannot be used",
            ),
            Text::InvitationNotFound => pick(
                lang,
                "この招待リンクは使えません。リンクが途中で切れていないか確かめてください。それでも使えないときは、保健所にお問い合わせください。",
                "This invitation link does not work. Check that the whole link was opened. If it still does not work, please contact your health centre.",
            ),
            Text::InvitationExpired => pick(
                lang,
                "この招待リンクは有効期限が切れています。保健所に連絡して、新しいリンクを送ってもらってください。",
                "This invitation link has expired. Please contact your health centre and ask for a new link.",
            ),
            Text::InvitationUsed => pick(
                lang,
                "この招待リンクはすでに使われています。パスワードを決めた方は、ログインしてください。心当たりがないときは、保健所にお問い合わせください。",
                "This invitation link has already been used. If you already chose a password, please sign in. If you did not, please contact your health centre.",
            ),
            Text::GoToSignIn => pick(lang, "ログイン画面へ", "Go to sign-in"),

            Text::SignInTitle => pick(lang, "ログイン", "Sign in"),
            Text::CaseNumberLabel => pick(lang, "ケース番号", "Case number"),
            Text::CaseNumberHint => pick(
                lang,
                "保健所からのお知らせに書かれている番号です。",
                "The number on the letter or message from your health centre.",
            ),
            Text::SignInSubmit => pick(lang, "ログインする", "Sign in"),
            Text::InvalidCredentials => pick(
                lang,
                "ケース番号かパスワードが違います。もう一度入力してください。",
                "The case number or password is not right. Please try again.",
            ),
            Text::ForgotPassword => pick(
                lang,
                "パスワードを忘れたときは、保健所にお問い合わせください。",
                "If you forgot your password, please contact your health centre.",
            ),

            Text::ReportTitle => pick(lang, "今日の健康観察", "Today's health report"),
            Text::FollowUpDay => pick(
                lang,
                "療養{day}日目（{end}まで）",
                "Day {day} of follow-up (until {end})",
            ),
            Text::AlreadyReported => pick(
                lang,
                "今回の報告は送信ずみです。体調が変わったときは、もう一度送ってください。",
                "This report has already been sent. If you feel different, you can send another one.",
            ),
            Text::WhoseReport => pick(lang, "どなたの報告ですか", "Who is this report for?"),
            Text::CaseNumberShown => pick(lang, "ケース番号: {n}", "Case number: {n}"),
            Text::TemperatureLabel => pick(lang, "体温", "Temperature"),
            Text::TemperatureHint => pick(lang, "例: 36.5", "For example 36.5"),
            Text::Spo2Label => pick(lang, "酸素飽和度（SpO2）", "Oxygen level (SpO2)"),
            Text::Spo2Hint => pick(
                lang,
                "パルスオキシメーターがないときは、空欄のままで大丈夫です。",
                "Leave empty if you do not have a pulse oximeter.",
            ),
            Text::PulseLabel => pick(lang, "脈拍", "Pulse"),
            Text::PulseHint => pick(
                lang,
                "わからないときは、空欄のままで大丈夫です。",
                "Leave empty if you do not know.",
            ),
            Text::Optional => pick(lang, "（なくても可）", "(optional)"),
            Text::Required => pick(lang, "（必須）", "(required)"),
            Text::PerMinute => pick(lang, "回/分", "per minute"),
            Text::SymptomsTitle => pick(lang, "今の症状", "Symptoms now"),
            Text::SymptomsIntro => pick(
                lang,
                "それぞれ、あてはまる答えを選んでください。",
                "Choose an answer for each.",
            ),
            Text::UrgentTitle => pick(
                lang,
                "次のような症状はありますか",
                "Do you have any of these signs?",
            ),
            Text::UrgentIntro => pick(
                lang,
                "あてはまるものすべてに印をつけてください。",
                "Tick every one that applies.",
            ),
            Text::UrgentNone => pick(lang, "どれもない", "None of these"),
            Text::NoteLabel => pick(
                lang,
                "看護師・保健所への連絡（なくても可）",
                "Message for the nurse (optional)",
            ),
            Text::NoteCount => pick(lang, "{n} / {max} 文字", "{n} / {max} characters"),
            Text::ReportSubmit => pick(lang, "報告を送る", "Send report"),
            Text::Sending => pick(lang, "送信中です…", "Sending…"),
            Text::FormHasErrors => pick(
                lang,
                "入力内容を確かめてください（{n}か所）",
                "Please check your answers ({n} to fix)",
            ),
            Text::SendFailedKept => pick(
                lang,
                "送信できませんでした。入力した内容はそのまま残っています。",
                "The report was not sent. Your answers are still here.",
            ),
            Text::SessionExpired => pick(
                lang,
                "ログインの有効期限が切れました。もう一度ログインしてください。",
                "You have been signed out. Please sign in again.",
            ),
            Text::CaseUnavailable => pick(
                lang,
                "この方の報告は受け付けられません。保健所にお問い合わせください。",
                "Reports for this person cannot be accepted. Please contact your health centre.",
            ),
            Text::NoCases => pick(
                lang,
                "報告できる方がいません。療養期間が終わった可能性があります。保健所にお問い合わせください。",
                "There is no one to report for. The follow-up period may have ended. Please contact your health centre.",
            ),

            Text::ErrRequired => pick(lang, "入力してください", "Please fill this in"),
            Text::ErrNotNumber => pick(lang, "数字で入力してください", "Please enter a number"),
            Text::ErrOutOfRange => pick(
                lang,
                "{min}から{max}までの数字を入力してください",
                "Enter a number from {min} to {max}",
            ),
            Text::ErrTooPrecise => pick(
                lang,
                "小数点以下は1けたまでにしてください（例: 36.5）",
                "Use one decimal place at most (for example 36.5)",
            ),
            Text::ErrTooLong => pick(
                lang,
                "{max}文字以内にしてください",
                "Use at most {max} characters",
            ),
            Text::ErrTooShort => pick(
                lang,
                "{min}文字以上にしてください",
                "Use at least {min} characters",
            ),
            Text::ErrInvalid => pick(
                lang,
                "入力内容を確かめてください",
                "Please check this entry",
            ),

            Text::ResultSentTitle => pick(lang, "報告を受け付けました", "Your report was sent"),
            Text::ResultNone => pick(
                lang,
                "ありがとうございました。担当者が内容を確認します。次の報告もお願いします。",
                "Thank you. Staff will check your report. Please report again next time.",
            ),
            Text::ResultAmber => pick(
                lang,
                "担当者が内容を確認します。今日のうちに看護師からお電話することがあります。電話に出られるようにしておいてください。",
                "Staff will check your report. A nurse may call you today, so please keep your phone near you.",
            ),
            Text::ResultRed => pick(
                lang,
                "報告は届いています。ただし、電話を待たずに、上の番号にすぐ電話してください。",
                "Your report has arrived, but do not wait for a call: call the number above now.",
            ),
            Text::ResultDone => pick(lang, "OK", "OK"),
            Text::ReportForAnother => {
                pick(lang, "ほかの方の報告をする", "Report for another person")
            }

            Text::DangerTitle => pick(lang, "今すぐ電話してください", "Call for help now"),
            Text::DangerBody => pick(
                lang,
                "急いで対応が必要な症状があります。すぐに保健所に電話してください。",
                "Your answers show signs that need help now. Call your health centre right away.",
            ),
            Text::DangerCallCentre => pick(lang, "{name}に電話する", "Call {name}"),
            Text::DangerNoPhone => pick(
                lang,
                "保健所の電話番号が登録されていません。お知らせに書かれた番号に電話してください。",
                "The health centre's number is not on file. Call the number on your letter.",
            ),
            Text::Danger119 => pick(
                lang,
                "息ができない、呼びかけに答えないなど、命にかかわるときは、迷わず119番に電話して救急車を呼んでください。",
                "If a life is in danger (cannot breathe, not responding), call 119 for an ambulance now.",
            ),
            Text::DangerCall119 => pick(lang, "119番に電話する（救急）", "Call 119 (ambulance)"),
            Text::DangerNotSent => pick(
                lang,
                "報告はまだ送られていません。先に電話をしてから、あとでもう一度送ってください。",
                "Your report has not been sent yet. Make the call first, then try sending again.",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Placeholders the app fills in; a translation that drops or misspells one would show
    /// `{min}` to the patient or lose the number.
    #[test]
    fn every_language_uses_the_same_placeholders() {
        let with_placeholders = [
            (Text::PasswordRule, &["{min}"][..]),
            (Text::PasswordCount, &["{n}"]),
            (Text::FollowUpDay, &["{day}", "{end}"]),
            (Text::CaseNumberShown, &["{n}"]),
            (Text::NoteCount, &["{n}", "{max}"]),
            (Text::FormHasErrors, &["{n}"]),
            (Text::ErrOutOfRange, &["{min}", "{max}"]),
            (Text::ErrTooLong, &["{max}"]),
            (Text::ErrTooShort, &["{min}"]),
            (Text::DangerCallCentre, &["{name}"]),
        ];
        for (text, placeholders) in with_placeholders {
            for lang in Lang::ALL {
                for placeholder in placeholders {
                    assert!(
                        text.get(lang).contains(placeholder),
                        "{text:?} in {lang:?} lacks {placeholder}"
                    );
                }
            }
        }
    }
}
