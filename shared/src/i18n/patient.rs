//! UI strings of the patient app, and the translations of everything a patient reads.
//!
//! Written for a tired, possibly elderly reader on a small phone: short sentences, plain words,
//! and always what to do next. Placeholders in braces (`{min}`, `{name}`) are filled in by the
//! app; every language of a variant uses the same placeholders.
//!
//! Each language has one file under `patient/` holding all its strings: the [`Text`]s below, the
//! catalogue labels ([`Symptom`], [`Answer`], [`UrgentSign`], [`Flag`]) and how a date is written.
//! To add a string, add a variant to [`Text`] with a doc comment that tells translators what it is
//! for, then an arm in each language file: the compiler lists every file still missing it.
//! Unsure of a translation? Write your best and say so in the commit: a missing language does not
//! compile, on purpose.

mod en;
mod ja;
mod ko;
mod pt_br;
mod vi;
mod zh_hans;

use super::Lang;
use crate::catalogue::{Answer, Symptom, UrgentSign};
use crate::triage::Flag;
use chrono::NaiveDate;

/// A string of the patient app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(test, derive(serde::Deserialize))]
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
    /// 409 `followup_ended`: follow-up has ended, the sign-in only reads.
    ErrorFollowupEnded,
    /// 403 `followup_over` at sign-in: follow-up ended more than 30 days ago.
    ErrorFollowupOver,
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
    /// The case is in hospital (409 `followup_paused`): no report is needed from home.
    InHospital,
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
    /// `too_common`: the password is one of the most common ones.
    ErrPasswordTooCommon,
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

    // --- offline queue (service worker, offline queue, PWA) ---------------------------------
    /// Shown above the report form while the phone has no network: what will happen to a report sent now.
    OfflineNotice,
    /// After a sign-in: wrong passwords were given for this case number since the last one;
    /// `{n}`.
    FailedSignIns,
    /// "Waiting to send" (送信待ち): a report is kept on the phone until the network returns.
    QueueWaitingTitle,
    /// Why a report just made is waiting, and that it will go by itself (even if the app is closed).
    QueueWaitingBody,
    /// Notice of reports waiting on this phone; `{n}` is how many.
    QueueWaitingCount,
    /// When the app last tried to send; `{time}` is a time of day (08:15).
    QueueLastTried,
    /// Button that tries to send the waiting reports at once.
    QueueSendNow,
    /// "Sent" (送信しました): a waiting report has reached the server.
    QueueSentTitle,
    /// Under "Sent", on the confirmation of a report that had to wait for the network.
    QueueSentAfterWaiting,
    /// Notice that reports kept on this phone have been sent; `{n}` is how many.
    QueueSentCount,
    /// A report kept on this phone was refused by the server for good: enter it again.
    QueueRefused,
    /// A red report waits for the network: call now, do not wait for it to be sent.
    DangerQueued,
    /// Closes a notice.
    Close,

    // --- correction of the current slot's report -------------------------------------------------
    /// Button on the confirmation: correct the report just sent.
    CorrectThisReport,
    /// Button on today's screen when the current slot is already reported.
    CorrectTodaysReport,
    /// Heading of the correction page.
    CorrectTitle,
    /// How a correction works: the stored answers are filled in and will be replaced.
    CorrectIntro,
    /// Submit button of the correction.
    CorrectSubmit,
    /// 409 `not_current_slot`: the slot is over, so the report can no longer be changed.
    CorrectionTooLate,
    /// The current slot has no report yet, so there is nothing to correct.
    NothingToCorrect,
    /// Button to today's report after a refused correction.
    GoToTodaysReport,
    /// Button at the end of the other pages, back to today's report.
    BackToToday,

    // --- links from today's report ---------------------------------------------------------------
    /// Accessible name of the group of links under today's report.
    MoreNavLabel,
    /// Button to the history page.
    HistoryLink,
    /// Button to the household page.
    HouseholdLink,
    /// Button to the reminder settings.
    SettingsLink,

    // --- history ---------------------------------------------------------------------------------
    /// Heading of the history page.
    HistoryTitle,
    /// Legend of the household member choice on the history page.
    WhoseHistory,
    /// Heading of the messages staff wrote to the patient.
    MessagesTitle,
    /// No message from staff yet.
    NoMessages,
    /// Sender of a message; `{from}` is the organisation's name.
    MessageFrom,
    /// Heading of the list of reports sent.
    ReportsTitle,
    /// No report sent yet.
    NoReportsYet,
    /// Under the chart: what the two dotted lines mean.
    ChartLegend,
    /// What the chart shows, read by screen readers; `{n}` reports, temperatures `{min}`, `{max}`, `{latest}` in ℃.
    ChartSummary,
    /// Follows [`Text::ChartSummary`] when SpO2 was measured; `{min}`, `{max}`, `{latest}` in %.
    ChartSummarySpo2,
    /// A past report the rules did not flag, in plain words.
    HistoryFlagNone,
    /// A past report flagged amber (review today), in plain words.
    HistoryFlagAmber,
    /// A past report flagged red (urgent), in plain words.
    HistoryFlagRed,
    /// The first (morning) report of a day, for cases that report twice a day.
    SlotFirst,
    /// The second (evening) report of a day.
    SlotSecond,
    /// A report with every symptom answered "no".
    NoSymptoms,

    // --- household -------------------------------------------------------------------------------
    /// Heading of the household page.
    HouseholdTitle,
    /// Who can be added, and what adding them does.
    HouseholdIntro,
    /// Heading of the list of people this sign-in reports for.
    HouseholdMembers,
    /// A member was added; `{name}` is their name.
    HouseholdAdded,
    /// Button after adding a member: fill in their report now; `{name}`.
    ReportForMember,
    /// Heading of the form that adds a member.
    HouseholdAddTitle,
    /// Label of the input for the member's invitation.
    HouseholdCodeLabel,
    /// Where the invitation link or code is found.
    HouseholdCodeHint,
    /// What was typed is neither an invitation link nor a code.
    HouseholdCodeInvalid,
    /// 409 `already_enrolled` (or the invitation was used): the member has their own sign-in.
    HouseholdAlreadyEnrolled,
    /// Submit button of the member form.
    HouseholdAddSubmit,
    /// A member's report for the current slot is done.
    MemberReported,
    /// A member's report for the current slot is still to do.
    MemberNotReported,

    // --- reminders by web push -------------------------------------------------------------------
    /// Heading of the reminder settings page.
    SettingsTitle,
    /// What reminders are, and that they never come at night.
    RemindersIntro,
    /// Heading of the on/off part.
    RemindersTitle,
    /// Status: reminders reach this phone.
    RemindersStatusOn,
    /// Status: reminders do not reach this phone.
    RemindersStatusOff,
    /// Label of the on/off switch.
    RemindersSwitchLabel,
    /// State shown on the switch when on.
    RemindersOn,
    /// Under the switch: how to stop reminders.
    RemindersOffHint,
    /// The browser has no web push.
    RemindersUnsupported,
    /// Notifications were refused or are blocked: no reminders can come.
    RemindersDenied,
    /// How to undo a block: the browser's site settings.
    RemindersHowToAllow,
    /// Shown before the browser's permission prompt: what it will ask and what to choose.
    RemindersBeforePrompt,
    /// Shown before the prompt: what happens when the patient refuses.
    RemindersIfBlocked,
    /// Button that asks the browser for permission and turns reminders on.
    RemindersTurnOn,
    /// Subscribing failed (no service worker, push service unreachable).
    RemindersFailed,
    /// Heading of the reminder window form.
    ReminderWindowTitle,
    /// The rules of the window (06:00–21:00, at least 30 minutes).
    ReminderWindowHint,
    /// Label of the window's start time.
    ReminderWindowStart,
    /// Label of the window's end time.
    ReminderWindowEnd,
    /// Submit button of the window form.
    ReminderWindowSave,
    /// The window was saved.
    ReminderWindowSaved,
    /// `out_of_range` of a window time.
    ReminderWindowRange,
    /// `too_short`: the end is less than 30 minutes after the start.
    ReminderWindowTooShort,
}

impl Text {
    /// The string in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        (translation(lang).text)(self)
    }
}

/// A day as people say it in `lang`, without the year: "1月5日", "5 January", "5 de janeiro".
pub fn short_date(date: NaiveDate, lang: Lang) -> String {
    (translation(lang).short_date)(date)
}

/// Every patient-facing string of one language. Each language file defines one, built from
/// exhaustive `match`es, so a string without a translation does not compile.
pub(crate) struct Translation {
    /// The patient app's UI strings.
    pub(crate) text: fn(Text) -> &'static str,
    /// [`Symptom::label`].
    pub(crate) symptom: fn(Symptom) -> &'static str,
    /// [`Answer::label`].
    pub(crate) answer: fn(Answer) -> &'static str,
    /// [`UrgentSign::label`].
    pub(crate) urgent_sign: fn(UrgentSign) -> &'static str,
    /// [`Flag::label`].
    pub(crate) flag: fn(Flag) -> &'static str,
    /// [`short_date`].
    pub(crate) short_date: fn(NaiveDate) -> String,
}

/// The strings of `lang`.
pub(crate) fn translation(lang: Lang) -> &'static Translation {
    match lang {
        Lang::Ja => &ja::TRANSLATION,
        Lang::En => &en::TRANSLATION,
        Lang::ZhHans => &zh_hans::TRANSLATION,
        Lang::Ko => &ko::TRANSLATION,
        Lang::Vi => &vi::TRANSLATION,
        Lang::PtBr => &pt_br::TRANSLATION,
    }
}

#[cfg(test)]
mod tests;
