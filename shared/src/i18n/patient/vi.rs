//! Tiếng Việt (Vietnamese): every patient-facing string.
//!
//! 保健所 is "trung tâm y tế công cộng (Hokenjo)" in every string, the name on the letters
//! patients get (a bare "trung tâm y tế" is a district medical centre in Vietnam);
//! decimals are written with a comma, as the app also reads them.
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
        Symptom::CoughRunnyNose => "Ho, sổ mũi",
        Symptom::Breathlessness => "Khó thở",
        Symptom::Fatigue => "Mệt mỏi, uể oải khắp người",
        Symptom::NauseaVomiting => "Buồn nôn, nôn",
        Symptom::Diarrhoea => "Tiêu chảy",
        Symptom::DifficultyEating => "Không ăn được",
        Symptom::NoUrination => "Không đi tiểu (không có nước tiểu)",
        Symptom::TasteSmellDisorder => "Không cảm nhận được vị hoặc mùi như bình thường",
        Symptom::SoreThroat => "Đau họng",
        Symptom::Headache => "Đau đầu",
    }
}

fn answer(answer: Answer) -> &'static str {
    match answer {
        Answer::No => "Không",
        Answer::Yes => "Có",
        Answer::Unsure => "Không rõ",
    }
}

fn urgent_sign(sign: UrgentSign) -> &'static str {
    match sign {
        UrgentSign::PaleFace => "Sắc mặt xấu thấy rõ",
        UrgentSign::PurpleLips => "Môi bị tím",
        UrgentSign::NotThemselves => "Khác với bình thường, có vẻ không ổn",
        UrgentSign::RapidBreathing => "Thở gấp (thở nhanh hơn bình thường)",
        UrgentSign::SuddenBreathlessness => "Đột nhiên thấy khó thở",
        UrgentSign::BreathlessOnExertion => {
            "Chỉ cử động một chút trong sinh hoạt hằng ngày cũng thấy khó thở"
        }
        UrgentSign::ChestPain => "Đau ngực",
        UrgentSign::CannotLieDown => "Không nằm được, phải ngồi dậy mới thở được",
        UrgentSign::ShoulderBreathing => "Vai nhô lên hạ xuống theo mỗi nhịp thở",
        UrgentSign::SuddenWheezing => "Đột nhiên (trong khoảng 2 giờ gần đây) bắt đầu thở khò khè",
        UrgentSign::Drowsy => "Lừ đừ, phản ứng yếu",
        UrgentSign::Unresponsive => "Lơ mơ, không tỉnh táo (gọi không trả lời)",
        UrgentSign::IrregularPulse => "Mạch đập ngắt quãng, hoặc cảm thấy nhịp mạch không đều",
    }
}

fn flag(flag: Flag) -> &'static str {
    match flag {
        Flag::Red | Flag::NeedsAttention => "Khẩn cấp",
        Flag::Amber => "Cần xem lại",
        Flag::None => "Không có vấn đề",
    }
}

fn short_date(date: NaiveDate) -> String {
    format!("ngày {} tháng {}", date.day(), date.month())
}

fn text(text: Text) -> &'static str {
    match text {
        Text::AppName => "Mimamori – Theo dõi sức khỏe",
        Text::Loading => "Đang tải…",
        Text::SignOut => "Đăng xuất",
        Text::LanguageSwitchLabel => "Ngôn ngữ hiển thị",
        Text::ErrorConnection => {
            "Không kết nối được Internet. Hãy đến chỗ có sóng tốt rồi thử lại."
        }
        Text::ErrorServer => "Hiện không xử lý được. Vui lòng đợi một lát rồi thử lại.",
        Text::ErrorFollowupEnded => {
            "Việc theo dõi sức khỏe đã kết thúc. Bạn vẫn có thể xem hồ sơ nhưng không thể thay đổi."
        }
        Text::ErrorFollowupOver => {
            "Việc theo dõi sức khỏe đã kết thúc hơn 30 ngày nên bạn không thể đăng nhập nữa. Vui lòng liên hệ trung tâm y tế công cộng (Hokenjo) nếu cần."
        }
        Text::ErrorTooManyAttempts => {
            "Bạn đã thử quá nhiều lần nên tạm thời không dùng được. Vui lòng đợi vài phút rồi thử lại."
        }
        Text::TryAgain => "Thử lại",
        Text::NotFoundTitle => "Không tìm thấy trang",
        Text::GoToStart => "Về trang đầu",

        Text::ChooseLanguage => "Hãy chọn ngôn ngữ",
        Text::InviteWelcome => {
            "Chào mừng bạn đến với Mimamori. Mỗi ngày, bạn sẽ báo cáo nhiệt độ cơ thể và tình trạng sức khỏe trên trang này."
        }
        Text::SetPasswordTitle => "Hãy đặt mật khẩu",
        Text::SetPasswordIntro => {
            "Từ lần sau, bạn đăng nhập bằng mã số hồ sơ và mật khẩu này. Hãy ghi lại để không quên."
        }
        Text::PasswordLabel => "Mật khẩu",
        Text::PasswordRule => "Ít nhất {min} ký tự. Dùng ký tự nào cũng được (kể cả chữ có dấu).",
        Text::PasswordCount => "Đã nhập {n} ký tự",
        Text::PasswordRuleMet => "Độ dài này là đủ",
        Text::ShowPassword => "Hiện",
        Text::HidePassword => "Ẩn",
        Text::RedeemSubmit => "Lưu và bắt đầu",
        Text::ChangeLanguage => "Đổi ngôn ngữ",
        Text::InvitationProblemTitle => "Không dùng được đường link mời này",
        Text::InvitationNotFound => {
            "Đường link mời này không dùng được. Hãy kiểm tra xem đường link có bị thiếu không. Nếu vẫn không được, hãy liên hệ trung tâm y tế công cộng (Hokenjo)."
        }
        Text::InvitationExpired => {
            "Đường link mời này đã hết hạn. Hãy liên hệ trung tâm y tế công cộng (Hokenjo) để được gửi đường link mới."
        }
        Text::InvitationUsed => {
            "Đường link mời này đã được sử dụng. Nếu bạn đã đặt mật khẩu, hãy đăng nhập. Nếu bạn chưa từng đặt, hãy liên hệ trung tâm y tế công cộng (Hokenjo)."
        }
        Text::GoToSignIn => "Đến trang đăng nhập",

        Text::SignInTitle => "Đăng nhập",
        Text::CaseNumberLabel => "Mã số hồ sơ",
        Text::CaseNumberHint => {
            "Là mã số ghi trong thông báo của trung tâm y tế công cộng (Hokenjo)."
        }
        Text::SignInSubmit => "Đăng nhập",
        Text::InvalidCredentials => "Mã số hồ sơ hoặc mật khẩu không đúng. Vui lòng nhập lại.",
        Text::ForgotPassword => {
            "Nếu quên mật khẩu, hãy liên hệ trung tâm y tế công cộng (Hokenjo)."
        }

        Text::ReportTitle => "Báo cáo sức khỏe hôm nay",
        Text::FollowUpDay => "Ngày thứ {day} theo dõi (đến {end})",
        Text::AlreadyReported => {
            "Báo cáo lần này đã được gửi. Nếu tình trạng sức khỏe thay đổi, hãy gửi lại."
        }
        Text::WhoseReport => "Báo cáo này là của ai?",
        Text::CaseNumberShown => "Mã số hồ sơ: {n}",
        Text::TemperatureLabel => "Nhiệt độ cơ thể",
        Text::TemperatureHint => "Ví dụ: 36,5",
        Text::Spo2Label => "Nồng độ oxy trong máu (SpO2)",
        Text::Spo2Hint => "Nếu không có máy đo nồng độ oxy (máy kẹp ngón tay), có thể để trống.",
        Text::PulseLabel => "Mạch",
        Text::PulseHint => "Nếu không biết, có thể để trống.",
        Text::Optional => "(không bắt buộc)",
        Text::Required => "(bắt buộc)",
        Text::PerMinute => "lần/phút",
        Text::SymptomsTitle => "Triệu chứng hiện tại",
        Text::SymptomsIntro => "Hãy chọn câu trả lời cho từng mục.",
        Text::UrgentTitle => "Có triệu chứng nào dưới đây không?",
        Text::UrgentIntro => "Hãy đánh dấu tất cả các mục đang có.",
        Text::UrgentNone => "Không có mục nào",
        Text::NoteLabel => {
            "Lời nhắn cho y tá hoặc trung tâm y tế công cộng (Hokenjo) (không bắt buộc)"
        }
        Text::NoteCount => "{n} / {max} ký tự",
        Text::ReportSubmit => "Gửi báo cáo",
        Text::Sending => "Đang gửi…",
        Text::FormHasErrors => "Hãy kiểm tra lại nội dung đã nhập ({n} chỗ)",
        Text::SendFailedKept => "Chưa gửi được. Nội dung bạn đã nhập vẫn còn nguyên.",
        Text::SessionExpired => "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.",
        Text::InHospital => {
            "Bạn đang nằm viện nên việc theo dõi sức khỏe tại nhà tạm dừng, không cần báo cáo. Khi xuất viện về nhà điều trị, bạn có thể báo cáo lại."
        }
        Text::CaseUnavailable => {
            "Không thể nhận báo cáo của người này. Hãy liên hệ trung tâm y tế công cộng (Hokenjo)."
        }
        Text::NoCases => {
            "Không có ai để báo cáo. Có thể thời gian theo dõi đã kết thúc. Hãy liên hệ trung tâm y tế công cộng (Hokenjo)."
        }

        Text::ErrRequired => "Vui lòng nhập mục này",
        Text::ErrNotNumber => "Vui lòng nhập bằng số",
        Text::ErrOutOfRange => "Hãy nhập số từ {min} đến {max}",
        Text::ErrTooPrecise => "Chỉ nhập tối đa 1 chữ số sau dấu thập phân (ví dụ: 36,5)",
        Text::ErrTooLong => "Tối đa {max} ký tự",
        Text::ErrTooShort => "Cần ít nhất {min} ký tự",
        Text::ErrPasswordTooCommon => "Mật khẩu này quá phổ biến. Hãy chọn mật khẩu khác.",
        Text::FailedSignIns => {
            "Từ lần đăng nhập trước, mật khẩu sai đã được nhập {n} lần với số của bạn. Nếu không phải bạn, hãy báo cho trung tâm y tế công cộng (Hokenjo)."
        }
        Text::ErrInvalid => "Hãy kiểm tra lại nội dung đã nhập",

        Text::ResultSentTitle => "Đã nhận báo cáo",
        Text::ResultNone => {
            "Xin cảm ơn. Nhân viên sẽ xem báo cáo của bạn. Lần tới cũng xin hãy báo cáo."
        }
        Text::ResultAmber => {
            "Nhân viên sẽ xem báo cáo của bạn. Trong hôm nay, y tá có thể gọi điện cho bạn. Hãy để điện thoại ở gần để nghe máy."
        }
        Text::ResultRed => {
            "Báo cáo đã đến nơi. Nhưng đừng chờ người khác gọi, hãy gọi ngay số điện thoại ở trên."
        }
        Text::ResultDone => "OK",
        Text::ReportForAnother => "Báo cáo cho người khác",

        Text::DangerTitle => "Hãy gọi điện ngay bây giờ",
        Text::DangerBody => {
            "Có triệu chứng cần được xử lý gấp. Hãy gọi điện ngay cho trung tâm y tế công cộng (Hokenjo)."
        }
        Text::DangerCallCentre => "Gọi cho {name}",
        Text::DangerNoPhone => {
            "Chưa có số điện thoại của trung tâm y tế công cộng (Hokenjo). Hãy gọi số ghi trong thông báo."
        }
        Text::Danger119 => {
            "Khi nguy hiểm đến tính mạng, như không thở được hoặc gọi không trả lời, đừng chần chừ, hãy gọi ngay số 119 để gọi xe cấp cứu."
        }
        Text::DangerCall119 => "Gọi 119 (xe cấp cứu)",
        Text::DangerNotSent => "Báo cáo chưa được gửi. Hãy gọi điện trước, sau đó gửi lại.",

        // --- offline queue ---
        Text::OfflineNotice => {
            "Hiện không có sóng. Nếu bạn gửi báo cáo bây giờ, báo cáo sẽ được lưu trên điện thoại này và tự động gửi khi có sóng trở lại."
        }
        Text::QueueWaitingTitle => "Đang chờ gửi",
        Text::QueueWaitingBody => {
            "Vì không có sóng nên báo cáo chưa được gửi đến. Báo cáo đã được lưu trên điện thoại này và sẽ tự động gửi khi có sóng trở lại. Đóng ứng dụng cũng không làm mất báo cáo."
        }
        Text::QueueWaitingCount => {
            "Có {n} báo cáo đang chờ gửi. Các báo cáo đã được lưu trên điện thoại này và sẽ tự động gửi khi có sóng trở lại."
        }
        Text::QueueLastTried => "Lần thử gửi gần nhất: {time}",
        Text::QueueSendNow => "Gửi ngay",
        Text::QueueSentTitle => "Đã gửi",
        Text::QueueSentAfterWaiting => {
            "Đã có sóng trở lại, báo cáo được lưu trên điện thoại này đã được gửi."
        }
        Text::QueueSentCount => "Đã gửi các báo cáo được lưu trên điện thoại này: {n}.",
        Text::QueueRefused => {
            "Một báo cáo được lưu trên điện thoại này không được chấp nhận. Vui lòng nhập lại và gửi lại."
        }
        Text::DangerQueued => {
            "Báo cáo chưa được gửi đến. Báo cáo sẽ tự động gửi khi có sóng trở lại, nhưng đừng chờ: hãy gọi điện ngay."
        }
        Text::Close => "Đóng",

        // --- correction of the current slot's report ---
        Text::CorrectThisReport => "Sửa báo cáo này",
        Text::CorrectTodaysReport => "Sửa báo cáo đã gửi",
        Text::CorrectTitle => "Sửa báo cáo",
        Text::CorrectIntro => {
            "Nội dung bạn đã gửi được điền sẵn. Chỉ sửa chỗ sai rồi gửi. Nội dung đã sửa sẽ thay cho báo cáo trước."
        }
        Text::CorrectSubmit => "Gửi nội dung đã sửa",
        Text::CorrectionTooLate => {
            "Không thể sửa báo cáo này nữa. Chỉ có thể sửa trong thời gian của lần báo cáo đó. Hãy gửi tình trạng hiện tại như báo cáo hôm nay."
        }
        Text::NothingToCorrect => "Lần này bạn chưa gửi báo cáo nên không có gì để sửa.",
        Text::GoToTodaysReport => "Đến báo cáo hôm nay",
        Text::BackToToday => "Quay lại báo cáo hôm nay",

        // --- links from today's report ---
        Text::MoreNavLabel => "Các mục khác",
        Text::HistoryLink => "Hồ sơ đã qua và tin nhắn",
        Text::HouseholdLink => "Báo cáo cho người nhà",
        Text::SettingsLink => "Cài đặt nhắc nhở",

        // --- history ---
        Text::HistoryTitle => "Hồ sơ đã qua",
        Text::WhoseHistory => "Xem hồ sơ của ai?",
        Text::MessagesTitle => "Tin nhắn từ trung tâm y tế công cộng (Hokenjo) và y tá",
        Text::NoMessages => "Chưa có tin nhắn.",
        Text::MessageFrom => "Từ {from}",
        Text::ReportsTitle => "Báo cáo đã gửi",
        Text::NoReportsYet => "Chưa có báo cáo.",
        Text::ChartLegend => {
            "Đường chấm chấm là mức 37,5 ℃ (sốt) và nồng độ oxy 93 % (cần được giúp ngay)."
        }
        Text::ChartSummary => {
            "Biểu đồ nhiệt độ và nồng độ oxy. {n} lần báo cáo. Nhiệt độ từ {min} đến {max} ℃, mới nhất {latest} ℃."
        }
        Text::ChartSummarySpo2 => "Nồng độ oxy từ {min} đến {max} %, mới nhất {latest} %.",
        Text::HistoryFlagNone => "Không có gì đáng lo",
        Text::HistoryFlagAmber => "Cần y tá kiểm tra",
        Text::HistoryFlagRed => "Cần được giúp ngay",
        Text::SlotFirst => "Lần 1",
        Text::SlotSecond => "Lần 2",
        Text::NoSymptoms => "Không có",

        // --- household ---
        Text::HouseholdTitle => "Người nhà",
        Text::HouseholdIntro => {
            "Nếu người sống cùng nhà cũng đang điều trị tại nhà và đã nhận được lời mời từ trung tâm y tế công cộng (Hokenjo), hãy thêm người đó ở đây. Sau đó bạn có thể gửi báo cáo của họ từ điện thoại này."
        }
        Text::HouseholdMembers => "Những người bạn báo cáo",
        Text::HouseholdAdded => {
            "Đã thêm {name}. Chọn người này ở màn hình báo cáo hôm nay để gửi báo cáo."
        }
        Text::ReportForMember => "Gửi báo cáo của {name}",
        Text::HouseholdAddTitle => "Thêm người nhà",
        Text::HouseholdCodeLabel => "Đường link mời hoặc mã mời của người đó",
        Text::HouseholdCodeHint => {
            "Dán nguyên đường link trong tin nhắn từ trung tâm y tế công cộng (Hokenjo), hoặc nhập mã in trên giấy thông báo."
        }
        Text::HouseholdCodeInvalid => {
            "Không đọc được đường link mời hay mã mời. Hãy kiểm tra xem đã dán toàn bộ đường link chưa, hoặc mã có đúng không."
        }
        Text::HouseholdAlreadyEnrolled => {
            "Người này đã tự đăng nhập và sử dụng, nên không thể thêm ở đây. Nếu muốn báo cáo cho họ từ điện thoại này, hãy liên hệ trung tâm y tế công cộng (Hokenjo)."
        }
        Text::HouseholdAddSubmit => "Thêm",
        Text::MemberReported => "Đã báo cáo lần này",
        Text::MemberNotReported => "Chưa báo cáo",

        // --- reminders by web push ---
        Text::SettingsTitle => "Cài đặt nhắc nhở",
        Text::RemindersIntro => {
            "Nếu bạn quên gửi báo cáo, điện thoại này có thể nhắc bạn. Lời nhắc chỉ đến trong khoảng thời gian bạn chọn bên dưới, không bao giờ vào ban đêm."
        }
        Text::RemindersTitle => "Nhắc nhở trên điện thoại này",
        Text::RemindersStatusOn => "Nhắc nhở đang bật.",
        Text::RemindersStatusOff => "Nhắc nhở đang tắt.",
        Text::RemindersSwitchLabel => "Nhắc nhở",
        Text::RemindersOn => "Bật",
        Text::RemindersOffHint => "Để tắt nhắc nhở, hãy nhấn công tắc này.",
        Text::RemindersUnsupported => {
            "Trình duyệt này không hiển thị được lời nhắc. Hãy nhớ mở ứng dụng này và báo cáo mỗi ngày."
        }
        Text::RemindersDenied => {
            "Thông báo của ứng dụng này đang bị chặn trong trình duyệt, nên không có lời nhắc nào đến được."
        }
        Text::RemindersHowToAllow => {
            "Để nhận lời nhắc, hãy mở cài đặt của trình duyệt cho trang này, chọn “Cho phép” thông báo, rồi quay lại trang này."
        }
        Text::RemindersBeforePrompt => {
            "Khi bạn nhấn nút bên dưới, điện thoại sẽ hỏi có cho phép ứng dụng này hiển thị thông báo không. Hãy chọn “Cho phép”."
        }
        Text::RemindersIfBlocked => {
            "Nếu chọn “Chặn”, sẽ không có lời nhắc nào. Muốn đổi lại sau này thì phải mở cài đặt của trình duyệt."
        }
        Text::RemindersTurnOn => "Bật nhắc nhở",
        Text::RemindersFailed => "Không bật được nhắc nhở. Vui lòng đợi một chút rồi thử lại.",
        Text::ReminderWindowTitle => "Thời gian nhận lời nhắc",
        Text::ReminderWindowHint => {
            "Chọn giờ trong khoảng 6:00 đến 21:00. Giờ kết thúc phải sau giờ bắt đầu ít nhất 30 phút."
        }
        Text::ReminderWindowStart => "Từ",
        Text::ReminderWindowEnd => "Đến",
        Text::ReminderWindowSave => "Lưu thời gian",
        Text::ReminderWindowSaved => "Đã lưu",
        Text::ReminderWindowRange => "Hãy chọn giờ trong khoảng 6:00 đến 21:00",
        Text::ReminderWindowTooShort => "Hãy chọn giờ sau giờ bắt đầu ít nhất 30 phút",
    }
}
