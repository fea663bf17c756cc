//! 한국어 (Korean): every patient-facing string.
//!
//! Polite -세요/-습니다 for what to do; plain -다 for the urgent signs, as Korean
//! symptom checklists write them.
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
        Symptom::CoughRunnyNose => "기침·콧물",
        Symptom::Breathlessness => "숨이 참(숨쉬기 힘듦)",
        Symptom::Fatigue => "온몸이 나른하고 기운이 없음",
        Symptom::NauseaVomiting => "메스꺼움·구토",
        Symptom::Diarrhoea => "설사",
        Symptom::DifficultyEating => "식사를 못 함",
        Symptom::NoUrination => "소변이 나오지 않음",
        Symptom::TasteSmellDisorder => "맛이나 냄새를 잘 못 느낌",
        Symptom::SoreThroat => "목이 아픔",
        Symptom::Headache => "두통",
    }
}

fn answer(answer: Answer) -> &'static str {
    match answer {
        Answer::No => "아니요",
        Answer::Yes => "예",
        Answer::Unsure => "잘 모르겠음",
    }
}

fn urgent_sign(sign: UrgentSign) -> &'static str {
    match sign {
        UrgentSign::PaleFace => "얼굴색이 눈에 띄게 나쁘다",
        UrgentSign::PurpleLips => "입술이 보라색이다",
        UrgentSign::NotThemselves => "평소와 다르다, 상태가 이상하다",
        UrgentSign::RapidBreathing => "숨이 거칠어졌다(호흡이 빨라졌다)",
        UrgentSign::SuddenBreathlessness => "갑자기 숨쉬기가 힘들어졌다",
        UrgentSign::BreathlessOnExertion => "일상생활에서 조금만 움직여도 숨이 차다",
        UrgentSign::ChestPain => "가슴이 아프다",
        UrgentSign::CannotLieDown => "누울 수 없다, 앉아 있어야만 숨을 쉴 수 있다",
        UrgentSign::ShoulderBreathing => "어깨를 들썩이며 숨을 쉰다",
        UrgentSign::SuddenWheezing => "갑자기(대략 2시간 이내) 쌕쌕거리는 숨소리가 나기 시작했다",
        UrgentSign::Drowsy => "멍하다(반응이 약하다)",
        UrgentSign::Unresponsive => "의식이 흐릿하다(불러도 대답이 없다)",
        UrgentSign::IrregularPulse => "맥박이 건너뛰거나, 맥박이 불규칙하게 느껴진다",
    }
}

fn flag(flag: Flag) -> &'static str {
    match flag {
        Flag::Red | Flag::NeedsAttention => "긴급",
        Flag::Amber => "확인 필요",
        Flag::None => "이상 없음",
    }
}

fn short_date(date: NaiveDate) -> String {
    format!("{}월 {}일", date.month(), date.day())
}

fn text(text: Text) -> &'static str {
    match text {
        Text::AppName => "Mimamori 건강 관찰",
        Text::Loading => "불러오는 중입니다…",
        Text::SignOut => "로그아웃",
        Text::LanguageSwitchLabel => "표시 언어",
        Text::ErrorConnection => {
            "인터넷에 연결되지 않았습니다. 신호가 잘 잡히는 곳에서 다시 시도해 주세요."
        }
        Text::ErrorServer => "지금은 처리할 수 없습니다. 잠시 후 다시 시도해 주세요.",
        Text::ErrorFollowupEnded => {
            "건강 관찰이 종료되었습니다. 기록은 볼 수 있지만 변경할 수는 없습니다."
        }
        Text::ErrorFollowupOver => {
            "건강 관찰이 종료된 지 30일이 지나 더 이상 로그인할 수 없습니다. 필요한 경우 보건소에 문의하세요."
        }
        Text::ErrorTooManyAttempts => {
            "여러 번 계속 시도하여 잠시 사용할 수 없습니다. 몇 분 기다린 후 다시 시도해 주세요."
        }
        Text::TryAgain => "다시 시도",
        Text::NotFoundTitle => "페이지를 찾을 수 없습니다",
        Text::GoToStart => "처음 화면으로",

        Text::ChooseLanguage => "언어를 선택해 주세요",
        Text::InviteWelcome => {
            "Mimamori 건강 관찰에 오신 것을 환영합니다. 매일 이 화면에서 체온과 몸 상태를 보고합니다."
        }
        Text::SetPasswordTitle => "비밀번호를 정해 주세요",
        Text::SetPasswordIntro => {
            "다음부터는 케이스 번호와 이 비밀번호로 로그인합니다. 잊지 않도록 적어 두세요."
        }
        Text::PasswordLabel => "비밀번호",
        Text::PasswordRule => "{min}자 이상. 어떤 문자든 쓸 수 있습니다(한글도 됩니다).",
        Text::PasswordCount => "지금 {n}자",
        Text::PasswordRuleMet => "이 길이면 됩니다",
        Text::ShowPassword => "보기",
        Text::HidePassword => "숨기기",
        Text::RedeemSubmit => "정하고 시작하기",
        Text::ChangeLanguage => "언어 바꾸기",
        Text::InvitationProblemTitle => "초대 링크를 사용할 수 없습니다",
        Text::InvitationNotFound => {
            "이 초대 링크는 사용할 수 없습니다. 링크가 중간에 잘리지 않았는지 확인해 주세요. 그래도 안 되면 보건소에 문의해 주세요."
        }
        Text::InvitationExpired => {
            "이 초대 링크는 유효 기간이 지났습니다. 보건소에 연락해서 새 링크를 받으세요."
        }
        Text::InvitationUsed => {
            "이 초대 링크는 이미 사용되었습니다. 비밀번호를 정하셨다면 로그인해 주세요. 비밀번호를 정한 적이 없다면 보건소에 문의해 주세요."
        }
        Text::GoToSignIn => "로그인 화면으로",

        Text::SignInTitle => "로그인",
        Text::CaseNumberLabel => "케이스 번호",
        Text::CaseNumberHint => "보건소에서 받은 안내문에 적혀 있는 번호입니다.",
        Text::SignInSubmit => "로그인하기",
        Text::InvalidCredentials => {
            "케이스 번호 또는 비밀번호가 맞지 않습니다. 다시 입력해 주세요."
        }
        Text::ForgotPassword => "비밀번호를 잊어버렸을 때는 보건소에 문의해 주세요.",

        Text::ReportTitle => "오늘의 건강 관찰",
        Text::FollowUpDay => "요양 {day}일째({end}까지)",
        Text::AlreadyReported => "이번 보고는 이미 보냈습니다. 몸 상태가 바뀌면 다시 보내 주세요.",
        Text::WhoseReport => "누구의 보고입니까?",
        Text::CaseNumberShown => "케이스 번호: {n}",
        Text::TemperatureLabel => "체온",
        Text::TemperatureHint => "예: 36.5",
        Text::Spo2Label => "산소포화도(SpO2)",
        Text::Spo2Hint => "산소포화도 측정기(펄스옥시미터)가 없으면 비워 두어도 됩니다.",
        Text::PulseLabel => "맥박",
        Text::PulseHint => "모르면 비워 두어도 됩니다.",
        Text::Optional => "(안 적어도 됨)",
        Text::Required => "(필수)",
        Text::PerMinute => "회/분",
        Text::SymptomsTitle => "지금의 증상",
        Text::SymptomsIntro => "항목마다 알맞은 답을 골라 주세요.",
        Text::UrgentTitle => "다음과 같은 증상이 있습니까?",
        Text::UrgentIntro => "해당하는 것에 모두 표시해 주세요.",
        Text::UrgentNone => "모두 없음",
        Text::NoteLabel => "간호사·보건소에 전할 말(안 적어도 됨)",
        Text::NoteCount => "{n} / {max}자",
        Text::ReportSubmit => "보고 보내기",
        Text::Sending => "보내는 중입니다…",
        Text::FormHasErrors => "입력 내용을 확인해 주세요({n}곳)",
        Text::SendFailedKept => "보내지 못했습니다. 입력한 내용은 그대로 남아 있습니다.",
        Text::SessionExpired => "로그인 유효 기간이 끝났습니다. 다시 로그인해 주세요.",
        Text::InHospital => {
            "입원 중이므로 자택 건강 관찰은 쉬고 있습니다. 보고는 필요하지 않습니다. 퇴원하여 자택 요양으로 돌아오면 다시 보고할 수 있습니다."
        }
        Text::CaseUnavailable => "이분의 보고는 받을 수 없습니다. 보건소에 문의해 주세요.",
        Text::NoCases => {
            "보고할 수 있는 분이 없습니다. 요양 기간이 끝났을 수 있습니다. 보건소에 문의해 주세요."
        }

        Text::ErrRequired => "입력해 주세요",
        Text::ErrNotNumber => "숫자로 입력해 주세요",
        Text::ErrOutOfRange => "{min}부터 {max}까지의 숫자를 입력해 주세요",
        Text::ErrTooPrecise => "소수점 아래는 한 자리까지만 입력해 주세요(예: 36.5)",
        Text::ErrTooLong => "{max}자 이내로 입력해 주세요",
        Text::ErrTooShort => "{min}자 이상으로 입력해 주세요",
        Text::ErrPasswordTooCommon => {
            "너무 흔한 비밀번호라 사용할 수 없습니다. 다른 비밀번호를 입력해 주세요"
        }
        Text::FailedSignIns => {
            "지난번 로그인 이후 회원님의 번호로 잘못된 비밀번호가 {n}번 입력되었습니다. 본인이 아니라면 보건소에 알려 주세요."
        }
        Text::ErrInvalid => "입력 내용을 확인해 주세요",

        Text::ResultSentTitle => "보고가 접수되었습니다",
        Text::ResultNone => "감사합니다. 담당자가 내용을 확인합니다. 다음 보고도 부탁드립니다.",
        Text::ResultAmber => {
            "담당자가 내용을 확인합니다. 오늘 중으로 간호사가 전화할 수도 있습니다. 전화를 받을 수 있도록 해 주세요."
        }
        Text::ResultRed => {
            "보고는 접수되었습니다. 하지만 전화를 기다리지 말고, 위의 번호로 바로 전화해 주세요."
        }
        Text::ResultDone => "확인",
        Text::ReportForAnother => "다른 분의 보고하기",

        Text::DangerTitle => "지금 바로 전화해 주세요",
        Text::DangerBody => "서둘러 대처해야 하는 증상이 있습니다. 바로 보건소에 전화해 주세요.",
        Text::DangerCallCentre => "{name}에 전화하기",
        Text::DangerNoPhone => {
            "보건소 전화번호가 등록되어 있지 않습니다. 안내문에 적힌 번호로 전화해 주세요."
        }
        Text::Danger119 => {
            "숨을 쉴 수 없거나 불러도 대답이 없는 등 생명이 위험할 때는 망설이지 말고 119에 전화해서 구급차를 부르세요."
        }
        Text::DangerCall119 => "119에 전화하기(구급차)",
        Text::DangerNotSent => {
            "보고는 아직 보내지지 않았습니다. 먼저 전화를 하고 나서, 나중에 다시 보내 주세요."
        }

        // --- offline queue ---
        Text::OfflineNotice => {
            "지금은 신호가 없습니다. 지금 보고를 보내면 이 휴대폰에 저장되었다가, 신호가 돌아오면 자동으로 전송됩니다."
        }
        Text::QueueWaitingTitle => "전송 대기 중",
        Text::QueueWaitingBody => {
            "신호가 없어서 보고가 아직 도착하지 않았습니다. 보고는 이 휴대폰에 저장되어 있으며, 신호가 돌아오면 자동으로 전송됩니다. 앱을 닫아도 지워지지 않습니다."
        }
        Text::QueueWaitingCount => {
            "전송 대기 중인 보고가 {n}건 있습니다. 이 휴대폰에 저장되어 있으며, 신호가 돌아오면 자동으로 전송됩니다."
        }
        Text::QueueLastTried => "마지막 전송 시도: {time}",
        Text::QueueSendNow => "지금 보내기",
        Text::QueueSentTitle => "전송했습니다",
        Text::QueueSentAfterWaiting => {
            "신호가 돌아와서, 이 휴대폰에 저장되어 있던 보고를 전송했습니다."
        }
        Text::QueueSentCount => "이 휴대폰에 저장되어 있던 보고를 전송했습니다({n}건).",
        Text::QueueRefused => {
            "이 휴대폰에 저장되어 있던 보고가 접수되지 않았습니다. 번거로우시겠지만 다시 입력해서 보내 주세요."
        }
        Text::DangerQueued => {
            "보고가 아직 도착하지 않았습니다. 신호가 돌아오면 자동으로 전송되지만, 기다리지 말고 지금 바로 전화하세요."
        }
        Text::Close => "닫기",

        // --- correction of the current slot's report ---
        Text::CorrectThisReport => "이 보고 정정하기",
        Text::CorrectTodaysReport => "보낸 보고 정정하기",
        Text::CorrectTitle => "보고 정정",
        Text::CorrectIntro => {
            "보낸 내용이 들어 있습니다. 틀린 부분만 고친 뒤 보내 주세요. 정정한 내용이 이전 보고를 대신합니다."
        }
        Text::CorrectSubmit => "정정해서 보내기",
        Text::CorrectionTooLate => {
            "이 보고는 더 이상 정정할 수 없습니다. 정정은 그 회차의 보고 시간 안에만 할 수 있습니다. 지금의 몸 상태는 오늘의 보고로 보내 주세요."
        }
        Text::NothingToCorrect => "이번에는 아직 보고를 보내지 않았으므로 정정할 것이 없습니다.",
        Text::GoToTodaysReport => "오늘의 보고로",
        Text::BackToToday => "오늘의 보고로 돌아가기",

        // --- links from today's report ---
        Text::MoreNavLabel => "그 밖의 메뉴",
        Text::HistoryLink => "지금까지의 기록과 알림",
        Text::HouseholdLink => "가족의 보고도 하기",
        Text::SettingsLink => "알림 설정",

        // --- history ---
        Text::HistoryTitle => "지금까지의 기록",
        Text::WhoseHistory => "누구의 기록을 볼까요?",
        Text::MessagesTitle => "보건소·간호사의 알림",
        Text::NoMessages => "아직 알림이 없습니다.",
        Text::MessageFrom => "{from}에서",
        Text::ReportsTitle => "보낸 보고",
        Text::NoReportsYet => "아직 보고가 없습니다.",
        Text::ChartLegend => {
            "점선은 37.5℃(발열 기준)와 산소포화도 93%(바로 상담이 필요한 기준)를 나타냅니다."
        }
        Text::ChartSummary => {
            "체온과 산소포화도 그래프. 보고 {n}회. 체온은 {min}℃부터 {max}℃까지, 최근 값은 {latest}℃."
        }
        Text::ChartSummarySpo2 => "산소포화도는 {min}%부터 {max}%까지, 최근 값은 {latest}%.",
        Text::HistoryFlagNone => "특별한 문제는 없었습니다",
        Text::HistoryFlagAmber => "간호사가 확인할 내용이었습니다",
        Text::HistoryFlagRed => "바로 상담이 필요한 내용이었습니다",
        Text::SlotFirst => "1회차",
        Text::SlotSecond => "2회차",
        Text::NoSymptoms => "없음",

        // --- household ---
        Text::HouseholdTitle => "가족의 보고",
        Text::HouseholdIntro => {
            "함께 사는 가족도 요양 중이고 보건소에서 초대를 받았다면 여기에서 추가하세요. 그러면 이 휴대폰으로 그분의 보고도 보낼 수 있습니다."
        }
        Text::HouseholdMembers => "보고할 분",
        Text::HouseholdAdded => {
            "{name} 님을 추가했습니다. 오늘의 보고 화면에서 이분을 고르면 보고를 보낼 수 있습니다."
        }
        Text::ReportForMember => "{name} 님의 보고하기",
        Text::HouseholdAddTitle => "가족 추가하기",
        Text::HouseholdCodeLabel => "그분의 초대 링크 또는 초대 코드",
        Text::HouseholdCodeHint => {
            "보건소에서 온 메시지의 링크를 그대로 붙여 넣거나, 안내문에 적힌 코드를 입력하세요."
        }
        Text::HouseholdCodeInvalid => {
            "초대 링크나 코드로 읽을 수 없었습니다. 링크 전체를 붙여 넣었는지, 코드가 맞는지 확인해 주세요."
        }
        Text::HouseholdAlreadyEnrolled => {
            "이분은 이미 본인이 직접 로그인해서 사용하고 있어 여기에 추가할 수 없습니다. 이 휴대폰으로 보고하고 싶으면 보건소에 문의해 주세요."
        }
        Text::HouseholdAddSubmit => "추가하기",
        Text::MemberReported => "이번 보고 완료",
        Text::MemberNotReported => "아직 보고하지 않음",

        // --- reminders by web push ---
        Text::SettingsTitle => "알림 설정",
        Text::RemindersIntro => {
            "보고를 잊었을 때 이 휴대폰으로 알림을 보낼 수 있습니다. 알림은 아래에서 고른 시간에만 오며, 밤에는 오지 않습니다."
        }
        Text::RemindersTitle => "이 휴대폰의 알림",
        Text::RemindersStatusOn => "알림이 켜져 있습니다.",
        Text::RemindersStatusOff => "알림이 꺼져 있습니다.",
        Text::RemindersSwitchLabel => "알림",
        Text::RemindersOn => "켜짐",
        Text::RemindersOffHint => "알림을 끄려면 이 스위치를 누르세요.",
        Text::RemindersUnsupported => {
            "이 브라우저에서는 알림을 받을 수 없습니다. 매일 잊지 말고 이 앱을 열어 보고해 주세요."
        }
        Text::RemindersDenied => "이 앱의 알림이 브라우저에서 차단되어 있어 알림이 오지 않습니다.",
        Text::RemindersHowToAllow => {
            "알림을 받으려면 브라우저 설정에서 이 사이트의 ‘알림’을 ‘허용’으로 바꾼 뒤 이 화면으로 돌아오세요."
        }
        Text::RemindersBeforePrompt => {
            "아래 버튼을 누르면 휴대폰이 이 앱의 알림을 허용할지 묻습니다. ‘허용’을 골라 주세요."
        }
        Text::RemindersIfBlocked => {
            "‘차단’을 고르면 알림이 오지 않습니다. 나중에 바꾸려면 브라우저 설정을 열어야 합니다."
        }
        Text::RemindersTurnOn => "알림 켜기",
        Text::RemindersFailed => "알림을 켜지 못했습니다. 잠시 후 다시 시도해 주세요.",
        Text::ReminderWindowTitle => "알림을 받을 시간",
        Text::ReminderWindowHint => {
            "6:00부터 21:00 사이에서 고르세요. 끝나는 시간은 시작 시간보다 30분 이상 뒤여야 합니다."
        }
        Text::ReminderWindowStart => "시작 시간",
        Text::ReminderWindowEnd => "끝나는 시간",
        Text::ReminderWindowSave => "시간 저장하기",
        Text::ReminderWindowSaved => "저장했습니다",
        Text::ReminderWindowRange => "6:00부터 21:00 사이의 시간을 고르세요",
        Text::ReminderWindowTooShort => "시작 시간보다 30분 이상 뒤의 시간을 고르세요",
    }
}
