//! Strings of staff notifications (issue 5, item 3): the console's bell and notifications page,
//! the e-mails sent to staff, and the administrators' organisation-settings form. Japanese and
//! English, like [`super::staff`]. E-mails carry case numbers and links only, never a name.

use super::{Lang, pick};
use crate::api::staff_notifications::NotificationKind;

/// A string of the notifications page, the bell or the settings form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeText {
    /// Page heading and navigation link.
    Title,
    /// The bell's label for screen readers (followed by the unread count).
    Bell,
    /// Nothing to show.
    Empty,
    /// Button: mark every notification read.
    MarkAllRead,
    /// Button: mark one notification read.
    MarkRead,
    /// Tag of an unread notification.
    Unread,
    /// Link to the case.
    OpenCase,
    /// Button: older notifications.
    Older,
    /// Loading failed.
    LoadFailed,
    /// A cut-off summary: "not reported" count label.
    NotReported,
    /// A cut-off summary: "silent" count label.
    Silent,
    /// A cut-off summary: the slot label, morning / only.
    SlotMorning,
    /// A cut-off summary: the afternoon slot.
    SlotAfternoon,
    /// A cut-off summary: more cases than listed.
    More,
    /// Settings form heading.
    SettingsTitle,
    /// Settings form intro.
    SettingsIntro,
    /// Field: notification address.
    NotifyEmail,
    /// Field: quiet hours from.
    QuietStart,
    /// Field: quiet hours until.
    QuietEnd,
    /// Field: second nudge after (minutes).
    SecondNudge,
    /// Field: afternoon reminder.
    AfternoonReminder,
    /// Field: morning cut-off.
    Cutoff,
    /// Field: afternoon cut-off.
    AfternoonCutoff,
    /// Field: daily report time.
    ReportTime,
    /// Button: save.
    Save,
    /// Saved.
    Saved,
    /// The organisation uses the defaults.
    Defaults,
    /// Button: open an organisation's settings.
    EditSettings,
    /// Time zone label.
    TimeZone,
}

impl NoticeText {
    /// The string in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        use NoticeText as N;
        match self {
            N::Title => pick(lang, "通知", "Notifications"),
            N::Bell => pick(lang, "未読の通知", "Unread notifications"),
            N::Empty => pick(lang, "通知はありません。", "No notifications."),
            N::MarkAllRead => pick(lang, "すべて既読にする", "Mark all read"),
            N::MarkRead => pick(lang, "既読にする", "Mark read"),
            N::Unread => pick(lang, "未読", "Unread"),
            N::OpenCase => pick(lang, "患者記録を開く", "Open the case"),
            N::Older => pick(lang, "さらに古い通知", "Older notifications"),
            N::LoadFailed => pick(
                lang,
                "通知を読み込めませんでした。",
                "Could not load notifications.",
            ),
            N::NotReported => pick(lang, "未報告", "Not reported"),
            N::Silent => pick(lang, "連続未報告", "Silent (two slots)"),
            N::SlotMorning => pick(lang, "午前（1日1回の方を含む）", "Morning (or only) slot"),
            N::SlotAfternoon => pick(lang, "午後", "Afternoon slot"),
            N::More => pick(lang, "ほか", "and more:"),
            N::SettingsTitle => pick(lang, "通知と締切の設定", "Notifications and cut-offs"),
            N::SettingsIntro => pick(
                lang,
                "時刻はこの組織のタイムゾーンの現地時刻（HH:MM）です。",
                "Times are local to the organisation's time zone (HH:MM).",
            ),
            N::NotifyEmail => pick(
                lang,
                "通知先メールアドレス（任意）",
                "Notification e-mail (optional)",
            ),
            N::QuietStart => pick(lang, "送信しない時間帯（開始）", "Quiet hours from"),
            N::QuietEnd => pick(lang, "送信しない時間帯（終了）", "Quiet hours until"),
            N::SecondNudge => pick(
                lang,
                "再通知までの分数（5〜240）",
                "Second nudge after (minutes, 5–240)",
            ),
            N::AfternoonReminder => pick(lang, "午後の報告の通知時刻", "Afternoon reminder"),
            N::Cutoff => pick(
                lang,
                "午前（1日1回）の報告締切",
                "Morning (or only) cut-off",
            ),
            N::AfternoonCutoff => pick(lang, "午後の報告締切", "Afternoon cut-off"),
            N::ReportTime => pick(lang, "実施報告の作成時刻", "Daily implementation report at"),
            N::Save => pick(lang, "保存", "Save"),
            N::Saved => pick(lang, "保存しました。", "Saved."),
            N::Defaults => pick(lang, "既定値を使用中です。", "Using the defaults."),
            N::EditSettings => pick(lang, "通知・締切", "Schedule"),
            N::TimeZone => pick(lang, "タイムゾーン", "Time zone"),
        }
    }
}

/// The message beside a settings field for the server's error `code`.
pub fn setting_error(code: &str, lang: Lang) -> &'static str {
    match code {
        "required" => pick(lang, "入力してください。", "Required."),
        "time_format" => pick(
            lang,
            "HH:MM（00:00〜23:59）で入力してください。",
            "Use HH:MM (00:00–23:59).",
        ),
        "before_cutoff" => pick(
            lang,
            "午前の締切より後の時刻にしてください。",
            "Must be later than the morning cut-off.",
        ),
        "out_of_range" => pick(
            lang,
            "5〜240 の範囲で入力してください。",
            "Between 5 and 240.",
        ),
        "email_format" => pick(
            lang,
            "メールアドレスの形式ではありません。",
            "Not an e-mail address.",
        ),
        _ => pick(
            lang,
            "入力内容を確認してください。",
            "Please check this value.",
        ),
    }
}

/// The heading of a notification of `kind`.
pub fn kind_label(kind: NotificationKind, lang: Lang) -> &'static str {
    match kind {
        NotificationKind::RedReport => pick(lang, "至急：赤判定の報告", "Urgent: red report"),
        NotificationKind::CutoffSummary => {
            pick(lang, "締切時点の未報告者", "Non-reporters at the cut-off")
        }
        NotificationKind::Escalation => pick(
            lang,
            "委託先からのエスカレーション",
            "Escalated by a follow-up organisation",
        ),
        NotificationKind::ImplementationReport => pick(lang, "実施報告", "Implementation report"),
    }
}

/// An e-mail to staff, in Japanese with English below it (a staff member's language is not
/// stored; both read the same mail).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMail {
    /// Subject.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}

const FOOTER: &str = "\n--\nMimamori（見守り）: このメールは自動送信です。患者の氏名や病状は記載していません。\nThis message was sent automatically. It never carries a patient's name or clinical details.\n";

/// The e-mail telling staff on duty of a red report of case `case_number`.
pub fn red_report_mail(case_number: &str, link: &str) -> StaffMail {
    StaffMail {
        subject: format!("【至急】赤判定の報告 {case_number} / Urgent: red report {case_number}"),
        body: format!(
            "患者番号 {case_number} の健康観察の報告が赤判定（至急）でした。すぐに確認し、患者に連絡してください。\n{link}\n\n\
             A report of case {case_number} was judged red (urgent). Please check it and phone the patient now.\n{link}\n{FOOTER}"
        ),
    }
}

/// The e-mail telling a health centre's staff that a doctor escalated case `case_number`.
pub fn escalation_mail(case_number: &str, link: &str) -> StaffMail {
    StaffMail {
        subject: format!(
            "委託先からのエスカレーション {case_number} / Case escalated: {case_number}"
        ),
        body: format!(
            "委託先の医師が患者番号 {case_number} を保健所にエスカレーションしました。患者記録で内容を確認してください。\n{link}\n\n\
             A follow-up organisation's doctor escalated case {case_number} to the health centre. Please read the case record.\n{link}\n{FOOTER}"
        ),
    }
}

/// The cut-off summary e-mail: `not_reported` cases (of which `silent` silent) did not report
/// for the slot; `lines` are the listed cases (number and link), `more` how many are not listed.
pub fn cutoff_mail(
    date: &str,
    afternoon: bool,
    not_reported: usize,
    silent: usize,
    lines: &[String],
    more: usize,
    link: &str,
) -> StaffMail {
    let (slot_ja, slot_en) = if afternoon {
        ("午後", "afternoon")
    } else {
        ("午前（1日1回を含む）", "morning (or only)")
    };
    let mut list = lines.join("\n");
    if more > 0 {
        list.push_str(&format!("\n… ほか {more} 件 / and {more} more"));
    }
    StaffMail {
        subject: format!(
            "締切時点の未報告 {not_reported} 件（{date} {slot_ja}） / {not_reported} not reported at the {slot_en} cut-off, {date}"
        ),
        body: format!(
            "{date} の{slot_ja}の報告締切を過ぎても未報告の患者が {not_reported} 件あります（うち連続未報告 {silent} 件）。電話で状況を確認してください。\n\
             {not_reported} cases had not reported by the {slot_en} cut-off of {date} ({silent} of them silent for two slots). Please phone them.\n\n\
             {list}\n\nトリアージ一覧 / Work list: {link}\n{FOOTER}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mails_name_the_case_number_and_link_only() {
        let mail = red_report_mail("T-0001", "https://x.example/staff/cases/1");
        assert!(mail.subject.contains("T-0001"));
        assert!(mail.body.contains("https://x.example/staff/cases/1"));
        let summary = cutoff_mail("2026-11-23", false, 3, 1, &["T-1".into()], 2, "https://x");
        assert!(summary.body.contains("ほか 2 件"));
    }

    #[test]
    fn every_text_has_both_languages() {
        for text in [
            NoticeText::Title,
            NoticeText::Bell,
            NoticeText::SettingsTitle,
        ] {
            assert_ne!(text.get(Lang::Ja), text.get(Lang::En));
        }
    }
}
