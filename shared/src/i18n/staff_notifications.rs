//! Strings of staff notifications: the console's bell and notifications page, the e-mails sent
//! to staff, and the administrators' organisation-settings form. Japanese and English, like
//! [`super::staff`]. E-mails carry case and notification numbers and links only, never a name
//! or clinical text.

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
    /// Link to the notification (発生届).
    OpenNotification,
    /// Before a notification's number.
    NotificationNumber,
    /// Before an accepted notification's case number.
    CaseNumber,
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
            N::OpenNotification => pick(lang, "発生届を開く", "Open the notification"),
            N::NotificationNumber => pick(lang, "発生届 No.", "Notification No."),
            N::CaseNumber => pick(lang, "患者番号", "Case number"),
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
        NotificationKind::CaseNotificationSubmitted => {
            pick(lang, "発生届の提出", "Notification submitted")
        }
        NotificationKind::CaseNotificationReturned => {
            pick(lang, "発生届の差戻し", "Notification returned")
        }
        NotificationKind::CaseNotificationAccepted => {
            pick(lang, "発生届の受理", "Notification accepted")
        }
        NotificationKind::PatientAdmitted => pick(lang, "入院の報告", "Patient admitted"),
        NotificationKind::PatientDischarged => pick(lang, "退院の報告", "Patient discharged"),
        NotificationKind::PatientDied => pick(lang, "死亡の報告", "Patient died"),
        NotificationKind::FinderLocked => pick(
            lang,
            "医療機関の患者検索を停止（不一致の多発）",
            "An institution's case finder paused (too many misses)",
        ),
        NotificationKind::AmendedAfterLapse => pick(
            lang,
            "閲覧期間後の医師所見の訂正（委託先）",
            "A finding amended after the organisation's access ended",
        ),
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

/// A hand-off e-mail: the Japanese text, then the English, each followed by `link`.
fn handoff_mail(subject: String, ja: String, en: String, link: &str) -> StaffMail {
    StaffMail {
        subject,
        body: format!("{ja}\n{link}\n\n{en}\n{link}\n{FOOTER}"),
    }
}

/// The e-mail telling a health centre's staff that an institution submitted notification
/// `notification_id` (発生届; again, after a return).
pub fn case_notification_submitted_mail(notification_id: i64, link: &str) -> StaffMail {
    handoff_mail(
        format!("発生届の提出 No.{notification_id} / Notification {notification_id} submitted"),
        format!(
            "医療機関から発生届（No.{notification_id}）が提出されました。内容を確認し、受理または差戻ししてください。"
        ),
        format!(
            "A medical institution submitted notification No. {notification_id}. Please review it, then accept or return it."
        ),
        link,
    )
}

/// The e-mail telling an institution's staff that the health centre returned notification
/// `notification_id` with a comment (the comment stays in the console).
pub fn case_notification_returned_mail(notification_id: i64, link: &str) -> StaffMail {
    handoff_mail(
        format!("発生届の差戻し No.{notification_id} / Notification {notification_id} returned"),
        format!(
            "保健所が発生届（No.{notification_id}）を差し戻しました。コメントを確認し、修正して再提出してください。"
        ),
        format!(
            "The health centre returned notification No. {notification_id} with a comment. Please read it, correct the notification and submit it again."
        ),
        link,
    )
}

/// The e-mail telling an institution's staff that the health centre accepted notification
/// `notification_id` as case `case_number`.
pub fn case_notification_accepted_mail(
    notification_id: i64,
    case_number: &str,
    link: &str,
) -> StaffMail {
    handoff_mail(
        format!(
            "発生届の受理 No.{notification_id}（患者番号 {case_number}） / Notification {notification_id} accepted: case {case_number}"
        ),
        format!(
            "保健所が発生届（No.{notification_id}）を受理しました。患者番号は {case_number} です。"
        ),
        format!(
            "The health centre accepted notification No. {notification_id}; its case number is {case_number}."
        ),
        link,
    )
}

/// The e-mail telling a case's follow-up staff that an inpatient status report says the
/// patient of `case_number` was admitted, discharged or died (`kind`); `None` for any other kind.
pub fn inpatient_mail(kind: NotificationKind, case_number: &str, link: &str) -> Option<StaffMail> {
    let (subject, ja, en) = match kind {
        NotificationKind::PatientAdmitted => (
            format!("入院の報告 {case_number} / Admitted: case {case_number}"),
            format!(
                "医療機関から、患者番号 {case_number} の入院の報告がありました。自宅での健康観察は退院まで停止します。"
            ),
            format!(
                "A medical institution reported that the patient of case {case_number} was admitted to hospital. Home follow-up is paused until discharge."
            ),
        ),
        NotificationKind::PatientDischarged => (
            format!("退院の報告 {case_number} / Discharged: case {case_number}"),
            format!(
                "医療機関から、患者番号 {case_number} の退院の報告がありました。健康観察を再開したか終了したかを患者記録で確認してください。"
            ),
            format!(
                "A medical institution reported that the patient of case {case_number} left hospital. Please check the case record: home follow-up resumes while its period lasts, else it has ended."
            ),
        ),
        NotificationKind::PatientDied => (
            format!("死亡の報告 {case_number} / Death reported: case {case_number}"),
            format!(
                "医療機関から、患者番号 {case_number} の患者が亡くなったとの報告がありました。健康観察は終了しました。"
            ),
            format!(
                "A medical institution reported the death of the patient of case {case_number}. Follow-up has ended."
            ),
        ),
        _ => return None,
    };
    Some(handoff_mail(subject, ja, en, link))
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
    fn hand_off_mails_carry_numbers_and_the_link_in_both_languages() {
        let link = "https://x.example/staff/intake/7";
        for mail in [
            case_notification_submitted_mail(7, link),
            case_notification_returned_mail(7, link),
            case_notification_accepted_mail(7, "T-0009", link),
        ] {
            assert!(mail.subject.contains("No.7") && mail.subject.contains("Notification 7"));
            assert_eq!(mail.body.matches(link).count(), 2, "{}", mail.subject);
        }
        for kind in NotificationKind::ALL {
            let mail = inpatient_mail(kind, "T-0009", link);
            let inpatient = matches!(
                kind,
                NotificationKind::PatientAdmitted
                    | NotificationKind::PatientDischarged
                    | NotificationKind::PatientDied
            );
            assert_eq!(mail.is_some(), inpatient, "{kind:?}");
            if let Some(mail) = mail {
                assert!(mail.subject.contains("case T-0009"));
                assert_eq!(mail.body.matches(link).count(), 2);
            }
        }
    }

    #[test]
    fn every_kind_has_a_label_in_both_languages() {
        for kind in NotificationKind::ALL {
            assert_ne!(
                kind_label(kind, Lang::Ja),
                kind_label(kind, Lang::En),
                "{kind:?}"
            );
        }
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
