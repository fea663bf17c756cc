//! 简体中文 (Simplified Chinese): every patient-facing string.
//!
//! Plain Mainland usage; 保健所 as in MHLW's Chinese materials. 119 is called Japan's ambulance
//! number wherever it appears: in China 119 is the fire brigade and 120 the ambulance.
//! Arms follow the order of the enums; placeholders in braces (`{n}`) stay as they are.

use super::{Text, Translation};
use crate::catalogue::{Answer, Symptom, UrgentSign};
use crate::triage::Flag;
use chrono::{Datelike, NaiveDate};

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
        Symptom::CoughRunnyNose => "咳嗽、流鼻涕",
        Symptom::Breathlessness => "呼吸困难（喘不上气）",
        Symptom::Fatigue => "全身乏力（没有力气）",
        Symptom::NauseaVomiting => "恶心、呕吐",
        Symptom::Diarrhoea => "腹泻（拉肚子）",
        Symptom::DifficultyEating => "吃不下饭",
        Symptom::NoUrination => "没有小便（没有排尿）",
        Symptom::TasteSmellDisorder => "味觉或嗅觉异常（尝不出味道、闻不到气味）",
        Symptom::SoreThroat => "嗓子疼",
        Symptom::Headache => "头痛",
    }
}

fn answer(answer: Answer) -> &'static str {
    match answer {
        Answer::No => "没有",
        Answer::Yes => "有",
        Answer::Unsure => "不清楚",
    }
}

fn urgent_sign(sign: UrgentSign) -> &'static str {
    match sign {
        UrgentSign::PaleFace => "脸色明显很差",
        UrgentSign::PurpleLips => "嘴唇发紫",
        UrgentSign::NotThemselves => "和平时不一样，样子不对劲",
        UrgentSign::RapidBreathing => "呼吸急促（呼吸次数变多）",
        UrgentSign::SuddenBreathlessness => "突然感到呼吸困难",
        UrgentSign::BreathlessOnExertion => "日常生活中稍微一动就喘不上气",
        UrgentSign::ChestPain => "胸口疼痛",
        UrgentSign::CannotLieDown => "无法平躺，不坐起来就无法呼吸",
        UrgentSign::ShoulderBreathing => "每次呼吸时肩膀都跟着上下起伏",
        UrgentSign::SuddenWheezing => "突然（大约2小时以内）开始喘鸣（呼吸时有咝咝的哨音）",
        UrgentSign::Drowsy => "精神萎靡，反应迟钝（反应很弱）",
        UrgentSign::Unresponsive => "意识模糊（叫了也不回答）",
        UrgentSign::IrregularPulse => "脉搏有漏跳，或感觉脉搏跳动不规律",
    }
}

fn flag(flag: Flag) -> &'static str {
    match flag {
        Flag::Red | Flag::NeedsAttention => "紧急",
        Flag::Amber => "需确认",
        Flag::None => "无异常",
    }
}

fn short_date(date: NaiveDate) -> String {
    format!("{}月{}日", date.month(), date.day())
}

fn text(text: Text) -> &'static str {
    match text {
        Text::AppName => "Mimamori 健康观察",
        Text::Loading => "正在加载…",
        Text::SignOut => "退出登录",
        Text::LanguageSwitchLabel => "显示语言",
        Text::ErrorConnection => "无法连接到互联网。请到信号好的地方再试一次。",
        Text::ErrorServer => "现在无法处理。请稍等片刻，再试一次。",
        Text::ErrorFollowupEnded => "健康观察已结束。您仍可查看记录，但不能更改。",
        Text::ErrorFollowupOver => "健康观察结束已超过30天，无法再登录。如有需要，请联系保健所。",
        Text::ErrorTooManyAttempts => "尝试次数太多，暂时无法使用。请等几分钟后再试一次。",
        Text::TryAgain => "再试一次",
        Text::NotFoundTitle => "找不到该页面",
        Text::GoToStart => "返回首页",

        Text::ChooseLanguage => "请选择语言",
        Text::InviteWelcome => "欢迎使用 Mimamori 健康观察。您每天要在这个页面报告体温和身体状况。",
        Text::SetPasswordTitle => "请设置密码",
        Text::SetPasswordIntro => "以后请用病例编号和这个密码登录。为了不忘记，请把它记下来。",
        Text::PasswordLabel => "密码",
        Text::PasswordRule => "至少 {min} 个字。任何文字都可以（也可以用中文）。",
        Text::PasswordCount => "已输入 {n} 个字",
        Text::PasswordRuleMet => "长度已经足够",
        Text::ShowPassword => "显示",
        Text::HidePassword => "隐藏",
        Text::RedeemSubmit => "确定并开始",
        Text::ChangeLanguage => "更改语言",
        Text::InvitationProblemTitle => "无法使用此邀请链接",
        Text::InvitationNotFound => {
            "此邀请链接无法使用。请确认链接是否完整打开。如果仍然无法使用，请联系保健所。"
        }
        Text::InvitationExpired => "此邀请链接已过期。请联系保健所，请他们重新发送新的链接。",
        Text::InvitationUsed => {
            "此邀请链接已经被使用过。如果您已经设置了密码，请登录。如果不是您设置的，请联系保健所。"
        }
        Text::GoToSignIn => "前往登录页面",

        Text::SignInTitle => "登录",
        Text::CaseNumberLabel => "病例编号",
        Text::CaseNumberHint => "保健所发给您的通知上写的编号。",
        Text::SignInSubmit => "登录",
        Text::InvalidCredentials => "病例编号或密码不正确。请重新输入。",
        Text::ForgotPassword => "如果忘记了密码，请联系保健所。",

        Text::ReportTitle => "今天的健康观察",
        Text::FollowUpDay => "疗养第{day}天（到{end}为止）",
        Text::AlreadyReported => "本次报告已经发送。如果身体状况有变化，请再发送一次。",
        Text::WhoseReport => "这是谁的报告？",
        Text::CaseNumberShown => "病例编号：{n}",
        Text::TemperatureLabel => "体温",
        Text::TemperatureHint => "例：36.5",
        Text::Spo2Label => "血氧饱和度（SpO2）",
        Text::Spo2Hint => "如果没有血氧仪（脉搏血氧仪），可以不填。",
        Text::PulseLabel => "脉搏",
        Text::PulseHint => "不知道的话，可以不填。",
        Text::Optional => "（可以不填）",
        Text::Required => "（必填）",
        Text::PerMinute => "次/分钟",
        Text::SymptomsTitle => "现在的症状",
        Text::SymptomsIntro => "请为每一项选择符合的回答。",
        Text::UrgentTitle => "有没有以下这些症状？",
        Text::UrgentIntro => "请勾选所有符合的项目。",
        Text::UrgentNone => "以上都没有",
        Text::NoteLabel => "给护士或保健所的留言（可以不填）",
        Text::NoteCount => "{n} / {max} 字",
        Text::ReportSubmit => "发送报告",
        Text::Sending => "正在发送…",
        Text::FormHasErrors => "请检查填写的内容（{n}处）",
        Text::SendFailedKept => "没能发送。您填写的内容还保留着。",
        Text::SessionExpired => "登录已过期。请重新登录。",
        Text::InHospital => "正在住院，居家健康观察暂停，无需报告。出院回家疗养后，可以再次报告。",
        Text::CaseUnavailable => "无法接收这个人的报告。请联系保健所。",
        Text::NoCases => "没有可以报告的人。疗养期可能已经结束。请联系保健所。",

        Text::ErrRequired => "请填写",
        Text::ErrNotNumber => "请输入数字",
        Text::ErrOutOfRange => "请输入{min}到{max}之间的数字",
        Text::ErrTooPrecise => "小数点后最多填1位（例：36.5）",
        Text::ErrTooLong => "请不要超过{max}个字",
        Text::ErrTooShort => "请至少输入{min}个字",
        Text::ErrPasswordTooCommon => "这个密码太常见，请换一个",
        Text::FailedSignIns => {
            "自您上次登录以来，有人用您的编号输错密码{n}次。如果不是您本人，请告知保健所。"
        }
        Text::ErrInvalid => "请检查填写的内容",

        Text::ResultSentTitle => "报告已收到",
        Text::ResultNone => "谢谢您。工作人员会查看报告内容。下次也请按时报告。",
        Text::ResultAmber => {
            "工作人员会查看报告内容。今天护士可能会给您打电话，请把电话放在身边，以便接听。"
        }
        Text::ResultRed => "报告已经收到。但是请不要等电话，马上拨打上面的号码。",
        Text::ResultDone => "好的",
        Text::ReportForAnother => "为其他人报告",

        Text::DangerTitle => "请马上打电话",
        Text::DangerBody => "您有需要紧急处理的症状。请马上给保健所打电话。",
        Text::DangerCallCentre => "给{name}打电话",
        Text::DangerNoPhone => "没有登记保健所的电话号码。请拨打通知上写的号码。",
        Text::Danger119 => {
            "如果无法呼吸、叫了没有反应等危及生命时，请不要犹豫，马上拨打119叫救护车（在日本，救护车是119，不是120）。"
        }
        Text::DangerCall119 => "拨打119（日本的救护车电话）",
        Text::DangerNotSent => "报告还没有发送出去。请先打电话，之后再发送一次。",

        // --- offline queue ---
        Text::OfflineNotice => {
            "现在没有信号。您现在提交的报告会先保存在这部手机上，信号恢复后会自动发送。"
        }
        Text::QueueWaitingTitle => "等待发送",
        Text::QueueWaitingBody => {
            "因为没有信号，报告还没有送达。报告已保存在这部手机上，信号恢复后会自动发送。关闭应用也不会丢失。"
        }
        Text::QueueWaitingCount => {
            "有{n}份报告等待发送。它们已保存在这部手机上，信号恢复后会自动发送。"
        }
        Text::QueueLastTried => "上次尝试发送的时间：{time}",
        Text::QueueSendNow => "立即发送",
        Text::QueueSentTitle => "已发送",
        Text::QueueSentAfterWaiting => "信号已恢复，保存在这部手机上的报告已经发送。",
        Text::QueueSentCount => "保存在这部手机上的报告已经发送（{n}份）。",
        Text::QueueRefused => "保存在这部手机上的一份报告未能被接收。请重新填写并发送。",
        Text::DangerQueued => "报告还没有送达。信号恢复后会自动发送，但请不要等待，现在就打电话。",
        Text::Close => "关闭",

        // --- correction of the current slot's report ---
        Text::CorrectThisReport => "更正这份报告",
        Text::CorrectTodaysReport => "更正已发送的报告",
        Text::CorrectTitle => "更正报告",
        Text::CorrectIntro => {
            "已填入您发送的内容。请只修改错误的地方，然后发送。更正后的内容会替换之前的报告。"
        }
        Text::CorrectSubmit => "发送更正",
        Text::CorrectionTooLate => {
            "这份报告已经不能更正了。只有在该次报告的时间内才能更正。请把现在的身体状况作为今天的报告发送。"
        }
        Text::NothingToCorrect => "本次还没有发送报告，所以没有需要更正的内容。",
        Text::GoToTodaysReport => "前往今天的报告",
        Text::BackToToday => "返回今天的报告",

        // --- links from today's report ---
        Text::MoreNavLabel => "其他菜单",
        Text::HistoryLink => "以往记录和通知",
        Text::HouseholdLink => "也为家人报告",
        Text::SettingsLink => "提醒设置",

        // --- history ---
        Text::HistoryTitle => "以往记录",
        Text::WhoseHistory => "查看谁的记录？",
        Text::MessagesTitle => "来自保健所和护士的通知",
        Text::NoMessages => "还没有通知。",
        Text::MessageFrom => "来自{from}",
        Text::ReportsTitle => "已发送的报告",
        Text::NoReportsYet => "还没有报告。",
        Text::ChartLegend => "虚线表示37.5℃（发热的标准）和血氧饱和度93%（需要马上咨询的标准）。",
        Text::ChartSummary => {
            "体温和血氧饱和度的图表。共报告{n}次。体温从{min}℃到{max}℃，最新为{latest}℃。"
        }
        Text::ChartSummarySpo2 => "血氧饱和度从{min}%到{max}%，最新为{latest}%。",
        Text::HistoryFlagNone => "没有特别的问题",
        Text::HistoryFlagAmber => "需要护士确认的内容",
        Text::HistoryFlagRed => "需要马上咨询的内容",
        Text::SlotFirst => "第1次",
        Text::SlotSecond => "第2次",
        Text::NoSymptoms => "无",

        // --- household ---
        Text::HouseholdTitle => "家人的报告",
        Text::HouseholdIntro => {
            "如果同住的家人也在居家疗养，并且收到了保健所的邀请，请在这里添加。之后也可以用这部手机发送他们的报告。"
        }
        Text::HouseholdMembers => "报告对象",
        Text::HouseholdAdded => "已添加{name}。在今天的报告画面中选择此人，就可以发送此人的报告。",
        Text::ReportForMember => "发送{name}的报告",
        Text::HouseholdAddTitle => "添加家人",
        Text::HouseholdCodeLabel => "此人的邀请链接或邀请码",
        Text::HouseholdCodeHint => {
            "请直接粘贴保健所发来的消息中的链接，或者输入通知信上写的邀请码。"
        }
        Text::HouseholdCodeInvalid => {
            "无法识别为邀请链接或邀请码。请确认是否粘贴了完整的链接，或者邀请码是否输入正确。"
        }
        Text::HouseholdAlreadyEnrolled => {
            "此人已经用自己的账号登录使用，无法在这里添加。如果想用这部手机为此人报告，请联系保健所。"
        }
        Text::HouseholdAddSubmit => "添加",
        Text::MemberReported => "本次已报告",
        Text::MemberNotReported => "还没有报告",

        // --- reminders by web push ---
        Text::SettingsTitle => "提醒设置",
        Text::RemindersIntro => {
            "如果您忘了发送报告，这部手机可以提醒您。提醒只会在下面选择的时间段内出现，夜间不会提醒。"
        }
        Text::RemindersTitle => "这部手机的提醒",
        Text::RemindersStatusOn => "提醒已开启。",
        Text::RemindersStatusOff => "提醒已关闭。",
        Text::RemindersSwitchLabel => "提醒",
        Text::RemindersOn => "开",
        Text::RemindersOffHint => "要停止提醒，请按这个开关。",
        Text::RemindersUnsupported => "这个浏览器无法显示提醒。请记得每天打开这个应用进行报告。",
        Text::RemindersDenied => "这个应用的通知在浏览器中被屏蔽了，所以无法收到提醒。",
        Text::RemindersHowToAllow => {
            "如果想收到提醒，请在浏览器的设置中把这个网站的“通知”改为“允许”，然后回到这个画面。"
        }
        Text::RemindersBeforePrompt => {
            "按下面的按钮后，手机会询问是否允许这个应用显示通知。请选择“允许”。"
        }
        Text::RemindersIfBlocked => {
            "如果选择“屏蔽”，就收不到提醒。以后要更改的话，需要打开浏览器的设置。"
        }
        Text::RemindersTurnOn => "开启提醒",
        Text::RemindersFailed => "未能开启提醒。请稍等片刻后再试一次。",
        Text::ReminderWindowTitle => "接收提醒的时间",
        Text::ReminderWindowHint => "请在6:00到21:00之间选择。结束时间要比开始时间晚30分钟以上。",
        Text::ReminderWindowStart => "开始时间",
        Text::ReminderWindowEnd => "结束时间",
        Text::ReminderWindowSave => "保存时间",
        Text::ReminderWindowSaved => "已保存",
        Text::ReminderWindowRange => "请选择6:00到21:00之间的时间",
        Text::ReminderWindowTooShort => "请选择比开始时间晚30分钟以上的时间",
    }
}
