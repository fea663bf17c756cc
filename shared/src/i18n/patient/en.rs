//! English: every patient-facing string.
//!
//! Plain words for a reader who may not be a native speaker.
//! Arms follow the order of the enums; placeholders in braces (`{n}`) stay as they are.

use super::{Text, Translation};
use crate::catalogue::{Answer, Symptom, UrgentSign};
use crate::triage::Flag;
use chrono::NaiveDate;

pub(super) static TRANSLATION: Translation = Translation {
    text,
    symptom,
    answer,
    urgent_sign,
    flag,
    short_date,
};

fn symptom(symptom: Symptom) -> &'static str {
    match symptom {
        Symptom::CoughRunnyNose => "Cough or runny nose",
        Symptom::Breathlessness => "Shortness of breath",
        Symptom::Fatigue => "Feeling weak or tired all over",
        Symptom::NauseaVomiting => "Nausea or vomiting",
        Symptom::Diarrhoea => "Diarrhoea",
        Symptom::DifficultyEating => "Unable to eat",
        Symptom::NoUrination => "Not passing urine",
        Symptom::TasteSmellDisorder => "Loss of taste or smell",
        Symptom::SoreThroat => "Sore throat",
        Symptom::Headache => "Headache",
    }
}

fn answer(answer: Answer) -> &'static str {
    match answer {
        Answer::No => "No",
        Answer::Yes => "Yes",
        Answer::Unsure => "Not sure",
    }
}

fn urgent_sign(sign: UrgentSign) -> &'static str {
    match sign {
        UrgentSign::PaleFace => "Face is clearly pale",
        UrgentSign::PurpleLips => "Lips have turned purple",
        UrgentSign::NotThemselves => "Not themselves, something is wrong",
        UrgentSign::RapidBreathing => "Breathing fast",
        UrgentSign::SuddenBreathlessness => "Suddenly short of breath",
        UrgentSign::BreathlessOnExertion => "Short of breath after moving a little",
        UrgentSign::ChestPain => "Chest pain",
        UrgentSign::CannotLieDown => "Cannot lie down; can only breathe sitting up",
        UrgentSign::ShoulderBreathing => "Shoulders heave up and down with each breath",
        UrgentSign::SuddenWheezing => "Started wheezing suddenly (within about 2 hours)",
        UrgentSign::Drowsy => "Drowsy, responding weakly",
        UrgentSign::Unresponsive => "Confused, not answering",
        UrgentSign::IrregularPulse => "Pulse skips or feels irregular",
    }
}

fn flag(flag: Flag) -> &'static str {
    match flag {
        Flag::Red | Flag::NeedsAttention => "Urgent",
        Flag::Amber => "Review",
        Flag::None => "No flag",
    }
}

fn short_date(date: NaiveDate) -> String {
    date.format("%-d %B").to_string()
}

fn text(text: Text) -> &'static str {
    match text {
        Text::AppName => "Mimamori health check",
        Text::Loading => "Loading…",
        Text::SignOut => "Sign out",
        Text::LanguageSwitchLabel => "Language",
        Text::ErrorConnection => {
            "Could not connect to the internet. Move to where the signal is good and try again."
        }
        Text::ErrorServer => "Something went wrong. Please wait a little and try again.",
        Text::ErrorFollowupEnded => {
            "Your follow-up has ended. You can still read your records, but not change them."
        }
        Text::ErrorFollowupOver => {
            "Your follow-up ended more than 30 days ago, so you can no longer sign in. Please contact your health centre if you need anything."
        }
        Text::ErrorTooManyAttempts => "Too many attempts. Please wait a few minutes and try again.",
        Text::TryAgain => "Try again",
        Text::NotFoundTitle => "Page not found",
        Text::GoToStart => "Go to the start page",

        Text::ChooseLanguage => "Choose your language",
        Text::InviteWelcome => {
            "Welcome to Mimamori. You will use this page to report your temperature and how you feel each day."
        }
        Text::SetPasswordTitle => "Choose a password",
        Text::SetPasswordIntro => {
            "Next time, you sign in with your case number and this password. Write it down so you do not forget it."
        }
        Text::PasswordLabel => "Password",
        Text::PasswordRule => "At least {min} characters. Any characters are fine.",
        Text::PasswordCount => "{n} characters so far",
        Text::PasswordRuleMet => "That is long enough",
        Text::ShowPassword => "Show",
        Text::HidePassword => "Hide",
        Text::RedeemSubmit => "Save and start",
        Text::ChangeLanguage => "Change language",
        Text::InvitationProblemTitle => "This invitation link cannot be used",
        Text::InvitationNotFound => {
            "This invitation link does not work. Check that the whole link was opened. If it still does not work, please contact your health centre."
        }
        Text::InvitationExpired => {
            "This invitation link has expired. Please contact your health centre and ask for a new link."
        }
        Text::InvitationUsed => {
            "This invitation link has already been used. If you already chose a password, please sign in. If you did not, please contact your health centre."
        }
        Text::GoToSignIn => "Go to sign-in",

        Text::SignInTitle => "Sign in",
        Text::CaseNumberLabel => "Case number",
        Text::CaseNumberHint => "The number on the letter or message from your health centre.",
        Text::SignInSubmit => "Sign in",
        Text::InvalidCredentials => "The case number or password is not right. Please try again.",
        Text::ForgotPassword => "If you forgot your password, please contact your health centre.",

        Text::ReportTitle => "Today's health report",
        Text::FollowUpDay => "Day {day} of follow-up (until {end})",
        Text::AlreadyReported => {
            "This report has already been sent. If you feel different, you can send another one."
        }
        Text::WhoseReport => "Who is this report for?",
        Text::CaseNumberShown => "Case number: {n}",
        Text::TemperatureLabel => "Temperature",
        Text::TemperatureHint => "For example 36.5",
        Text::Spo2Label => "Oxygen level (SpO2)",
        Text::Spo2Hint => "Leave empty if you do not have a pulse oximeter.",
        Text::PulseLabel => "Pulse",
        Text::PulseHint => "Leave empty if you do not know.",
        Text::Optional => "(optional)",
        Text::Required => "(required)",
        Text::PerMinute => "per minute",
        Text::SymptomsTitle => "Symptoms now",
        Text::SymptomsIntro => "Choose an answer for each.",
        Text::UrgentTitle => "Are there any of these signs?",
        Text::UrgentIntro => "Tick every one that applies.",
        Text::UrgentNone => "None of these",
        Text::NoteLabel => "Message for the nurse (optional)",
        Text::NoteCount => "{n} / {max} characters",
        Text::ReportSubmit => "Send report",
        Text::Sending => "Sending…",
        Text::FormHasErrors => "Please check your answers ({n} to fix)",
        Text::SendFailedKept => "The report was not sent. Your answers are still here.",
        Text::SessionExpired => "You have been signed out. Please sign in again.",
        Text::InHospital => {
            "You are in hospital, so home follow-up is paused and no report is needed. Once you are discharged to recover at home, you can report again."
        }
        Text::CaseUnavailable => {
            "Reports for this person cannot be accepted. Please contact your health centre."
        }
        Text::NoCases => {
            "There is no one to report for. The follow-up period may have ended. Please contact your health centre."
        }

        Text::ErrRequired => "Please fill this in",
        Text::ErrNotNumber => "Please enter a number",
        Text::ErrOutOfRange => "Enter a number from {min} to {max}",
        Text::ErrTooPrecise => "Use one decimal place at most (for example 36.5)",
        Text::ErrTooLong => "Use at most {max} characters",
        Text::ErrTooShort => "Use at least {min} characters",
        Text::ErrPasswordTooCommon => {
            "This password is one of the most common ones. Choose another."
        }
        Text::FailedSignIns => {
            "Since you last signed in, a wrong password was entered {n} times for your case number. If this was not you, tell your health centre."
        }
        Text::ErrInvalid => "Please check this entry",

        Text::ResultSentTitle => "Your report was sent",
        Text::ResultNone => {
            "Thank you. Staff will check your report. Please report again next time."
        }
        Text::ResultAmber => {
            "Staff will check your report. A nurse may call you today, so please keep your phone near you."
        }
        Text::ResultRed => {
            "Your report has arrived, but do not wait for a call: call the number above now."
        }
        Text::ResultDone => "OK",
        Text::ReportForAnother => "Report for another person",

        Text::DangerTitle => "Call for help now",
        Text::DangerBody => {
            "Your answers show signs that need help now. Call your health centre right away."
        }
        Text::DangerCallCentre => "Call {name}",
        Text::DangerNoPhone => {
            "The health centre's number is not on file. Call the number on your letter."
        }
        Text::Danger119 => {
            "If a life is in danger (cannot breathe, not responding), call 119 for an ambulance now."
        }
        Text::DangerCall119 => "Call 119 (ambulance)",
        Text::DangerNotSent => {
            "Your report has not been sent yet. Make the call first, then try sending again."
        }

        // --- offline queue ---
        Text::OfflineNotice => {
            "No signal right now. If you send your report, it is saved on this phone and sent by itself when the signal returns."
        }
        Text::QueueWaitingTitle => "Waiting to send",
        Text::QueueWaitingBody => {
            "There is no signal, so your report has not arrived yet. It is saved on this phone and will be sent by itself when the signal returns. Closing the app does not delete it."
        }
        Text::QueueWaitingCount => {
            "Reports waiting to send: {n}. They are saved on this phone and will be sent by themselves when the signal returns."
        }
        Text::QueueLastTried => "Last tried at {time}",
        Text::QueueSendNow => "Send now",
        Text::QueueSentTitle => "Sent",
        Text::QueueSentAfterWaiting => {
            "The signal is back, so the report saved on this phone has been sent."
        }
        Text::QueueSentCount => "Reports saved on this phone have been sent: {n}.",
        Text::QueueRefused => {
            "A report saved on this phone could not be accepted. Please fill it in and send it again."
        }
        Text::DangerQueued => {
            "Your report has not arrived yet. It will be sent when the signal returns, but do not wait for that: call now."
        }
        Text::Close => "Close",

        // --- correction of the current slot's report ---
        Text::CorrectThisReport => "Correct this report",
        Text::CorrectTodaysReport => "Correct the report you sent",
        Text::CorrectTitle => "Correct your report",
        Text::CorrectIntro => {
            "Your answers are filled in. Change only what was wrong, then send. The corrected answers replace the earlier ones."
        }
        Text::CorrectSubmit => "Send the correction",
        Text::CorrectionTooLate => {
            "This report can no longer be changed: corrections are possible only while its reporting time lasts. Please send how you feel now as today's report."
        }
        Text::NothingToCorrect => {
            "You have not sent a report for this time yet, so there is nothing to correct."
        }
        Text::GoToTodaysReport => "Go to today's report",
        Text::BackToToday => "Back to today's report",

        // --- links from today's report ---
        Text::MoreNavLabel => "More",
        Text::HistoryLink => "My records and messages",
        Text::HouseholdLink => "Report for family members",
        Text::SettingsLink => "Reminder settings",

        // --- history ---
        Text::HistoryTitle => "My records",
        Text::WhoseHistory => "Whose records?",
        Text::MessagesTitle => "Messages from the health centre and nurses",
        Text::NoMessages => "No messages yet.",
        Text::MessageFrom => "From {from}",
        Text::ReportsTitle => "Reports sent",
        Text::NoReportsYet => "No reports yet.",
        Text::ChartLegend => {
            "The dotted lines mark 37.5 ℃ (fever) and an oxygen level of 93 % (get help at once)."
        }
        Text::ChartSummary => {
            "Chart of temperature and oxygen level. {n} reports. Temperature from {min} to {max} ℃, latest {latest} ℃."
        }
        Text::ChartSummarySpo2 => "Oxygen level from {min} to {max} %, latest {latest} %.",
        Text::HistoryFlagNone => "Nothing of concern",
        Text::HistoryFlagAmber => "A nurse needed to check this",
        Text::HistoryFlagRed => "Needed help at once",
        Text::SlotFirst => "1st report",
        Text::SlotSecond => "2nd report",
        Text::NoSymptoms => "None",

        // --- household ---
        Text::HouseholdTitle => "Family members",
        Text::HouseholdIntro => {
            "If someone you live with is also recovering at home and got an invitation from the health centre, add them here. Then you can send their reports from this phone too."
        }
        Text::HouseholdMembers => "Who you report for",
        Text::HouseholdAdded => {
            "{name} was added. Choose them on today's report to send their report."
        }
        Text::ReportForMember => "Send {name}'s report",
        Text::HouseholdAddTitle => "Add a family member",
        Text::HouseholdCodeLabel => "Their invitation link or code",
        Text::HouseholdCodeHint => {
            "Paste the link from their message as it is, or type the code printed on their letter."
        }
        Text::HouseholdCodeInvalid => {
            "This does not look like an invitation link or code. Check that you pasted the whole link, or that the code is typed correctly."
        }
        Text::HouseholdAlreadyEnrolled => {
            "This person already signs in on their own, so they cannot be added here. To report for them from this phone, please contact the health centre."
        }
        Text::HouseholdAddSubmit => "Add",
        Text::MemberReported => "Reported",
        Text::MemberNotReported => "Not reported yet",

        // --- reminders by web push ---
        Text::SettingsTitle => "Reminder settings",
        Text::RemindersIntro => {
            "If you forget to send your report, this phone can remind you. Reminders come only between the times you choose below, never at night."
        }
        Text::RemindersTitle => "Reminders on this phone",
        Text::RemindersStatusOn => "Reminders are on.",
        Text::RemindersStatusOff => "Reminders are off.",
        Text::RemindersSwitchLabel => "Reminders",
        Text::RemindersOn => "On",
        Text::RemindersOffHint => "To stop reminders, press this switch.",
        Text::RemindersUnsupported => {
            "This browser cannot show reminders. Please remember to open this app and report every day."
        }
        Text::RemindersDenied => {
            "Notifications from this app are blocked in this browser, so no reminders can come."
        }
        Text::RemindersHowToAllow => {
            "To get reminders, open the browser's settings for this site, set Notifications to Allow, then come back to this page."
        }
        Text::RemindersBeforePrompt => {
            "When you press the button below, your phone will ask whether this app may show notifications. Please choose Allow."
        }
        Text::RemindersIfBlocked => {
            "If you choose Block, no reminders can come, and changing it later means opening the browser's settings."
        }
        Text::RemindersTurnOn => "Turn on reminders",
        Text::RemindersFailed => {
            "Reminders could not be turned on. Please wait a little and try again."
        }
        Text::ReminderWindowTitle => "When to remind me",
        Text::ReminderWindowHint => {
            "Choose times between 06:00 and 21:00. The end must be at least 30 minutes after the start."
        }
        Text::ReminderWindowStart => "From",
        Text::ReminderWindowEnd => "Until",
        Text::ReminderWindowSave => "Save times",
        Text::ReminderWindowSaved => "Saved",
        Text::ReminderWindowRange => "Choose a time between 06:00 and 21:00",
        Text::ReminderWindowTooShort => "Choose a time at least 30 minutes after the start",
    }
}
