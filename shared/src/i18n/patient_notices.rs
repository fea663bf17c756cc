//! What the server sends a patient outside the app: reminder and end-of-follow-up push
//! notifications and their e-mail fallbacks. Kept apart from the app's strings (`patient`) so
//! they do not weigh on the app's download. Nothing clinical: a lock screen shows these.
//! Translations other than Japanese and English need a native speaker's review.

use super::Lang;

/// A message to a patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// First reminder to report.
    Reminder,
    /// Second nudge, later in the window.
    SecondReminder,
    /// Follow-up ended because the period was completed.
    FollowupEnded,
    /// The period is over, but staff review the recent reports before follow-up ends (the
    /// review gate): keep reporting.
    FollowupEndUnderReview,
    /// A doctor or the health centre extended the follow-up period.
    FollowupExtended,
}

/// The words of one notice in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoticeText {
    /// Notification title and e-mail subject.
    pub title: &'static str,
    /// Notification text and first line of the e-mail.
    pub body: &'static str,
    /// E-mail line before the link to the app.
    pub open_app: &'static str,
}

/// `notice` in `lang`.
pub fn text(lang: Lang, notice: Notice) -> NoticeText {
    use Notice::*;
    let (title, body, open_app) = match (lang, notice) {
        (Lang::Ja, Reminder) => (
            "健康観察の入力をお願いします",
            "今日の体温と体調を入力してください。",
            "こちらから入力できます：",
        ),
        (Lang::Ja, SecondReminder) => (
            "健康観察の入力がまだです",
            "今日の体温と体調の入力がまだ届いていません。入力をお願いします。",
            "こちらから入力できます：",
        ),
        (Lang::Ja, FollowupEnded) => (
            "健康観察が終了しました",
            "療養期間が終わり、健康観察は終了しました。お大事になさってください。体調が悪くなったときは、かかりつけ医か保健所にご相談ください。",
            "これまでの記録はこちらで見られます：",
        ),
        (Lang::En, Reminder) => (
            "Time for your health report",
            "Please enter today's temperature and how you feel.",
            "You can report here:",
        ),
        (Lang::En, SecondReminder) => (
            "Your health report has not arrived yet",
            "We have not received today's report yet. Please enter your temperature and how you feel.",
            "You can report here:",
        ),
        (Lang::En, FollowupEnded) => (
            "Your health follow-up has ended",
            "Your recovery period is over and the health follow-up has ended. Take care. If you feel unwell, talk to your doctor or the health centre.",
            "Your records are here:",
        ),
        (Lang::ZhHans, Reminder) => (
            "请填写健康观察",
            "请输入今天的体温和身体状况。",
            "请在这里填写：",
        ),
        (Lang::ZhHans, SecondReminder) => (
            "今天的健康观察还没有填写",
            "我们还没有收到您今天的报告。请输入体温和身体状况。",
            "请在这里填写：",
        ),
        (Lang::ZhHans, FollowupEnded) => (
            "健康观察已结束",
            "疗养期已结束，健康观察也已结束。请多保重。如感到不适，请咨询医生或保健所。",
            "您的记录在这里：",
        ),
        (Lang::Ko, Reminder) => (
            "건강 관찰 입력을 부탁드립니다",
            "오늘의 체온과 몸 상태를 입력해 주세요.",
            "여기에서 입력할 수 있습니다:",
        ),
        (Lang::Ko, SecondReminder) => (
            "건강 관찰이 아직 입력되지 않았습니다",
            "오늘의 보고가 아직 도착하지 않았습니다. 체온과 몸 상태를 입력해 주세요.",
            "여기에서 입력할 수 있습니다:",
        ),
        (Lang::Ko, FollowupEnded) => (
            "건강 관찰이 종료되었습니다",
            "요양 기간이 끝나 건강 관찰이 종료되었습니다. 몸조리 잘 하세요. 몸이 안 좋으면 의사나 보건소에 상담하세요.",
            "지금까지의 기록은 여기에서 볼 수 있습니다:",
        ),
        (Lang::Vi, Reminder) => (
            "Xin hãy nhập báo cáo sức khỏe",
            "Xin hãy nhập nhiệt độ và tình trạng sức khỏe hôm nay.",
            "Bạn có thể nhập tại đây:",
        ),
        (Lang::Vi, SecondReminder) => (
            "Chưa nhận được báo cáo sức khỏe",
            "Chúng tôi chưa nhận được báo cáo hôm nay. Xin hãy nhập nhiệt độ và tình trạng sức khỏe.",
            "Bạn có thể nhập tại đây:",
        ),
        (Lang::Vi, FollowupEnded) => (
            "Theo dõi sức khỏe đã kết thúc",
            "Thời gian điều trị đã hết và việc theo dõi sức khỏe đã kết thúc. Hãy giữ gìn sức khỏe. Nếu thấy không khỏe, hãy hỏi bác sĩ hoặc trung tâm y tế công cộng (Hokenjo).",
            "Hồ sơ của bạn ở đây:",
        ),
        (Lang::PtBr, Reminder) => (
            "Hora do seu relatório de saúde",
            "Informe a temperatura de hoje e como você se sente.",
            "Você pode informar aqui:",
        ),
        (Lang::PtBr, SecondReminder) => (
            "Seu relatório de saúde ainda não chegou",
            "Ainda não recebemos o relatório de hoje. Informe sua temperatura e como você se sente.",
            "Você pode informar aqui:",
        ),
        (Lang::PtBr, FollowupEnded) => (
            "Seu acompanhamento de saúde terminou",
            "O período de recuperação terminou e o acompanhamento de saúde foi encerrado. Cuide-se. Se não se sentir bem, fale com seu médico ou com o Centro de Saúde Pública (Hokenjo).",
            "Seus registros estão aqui:",
        ),
        (lang, FollowupEndUnderReview | FollowupExtended) => review_text(lang, notice),
    };
    NoticeText {
        title,
        body,
        open_app,
    }
}

/// The words of the review gate's notices.
fn review_text(lang: Lang, notice: Notice) -> (&'static str, &'static str, &'static str) {
    use Notice::*;
    match (lang, notice) {
        (Lang::Ja, FollowupExtended) => (
            "健康観察の期間が延長されました",
            "担当の医師または保健所の判断で、健康観察の期間が延長されました。引き続き毎日の入力をお願いします。",
            "こちらから入力できます：",
        ),
        (Lang::Ja, _) => (
            "健康観察の終了前に確認します",
            "療養期間が終わりましたが、担当者が最近の記録を確認してから健康観察を終了します。それまで毎日の入力を続けてください。",
            "こちらから入力できます：",
        ),
        (Lang::En, FollowupExtended) => (
            "Your health follow-up has been extended",
            "Your doctor or the health centre has extended your health follow-up. Please keep reporting every day.",
            "You can report here:",
        ),
        (Lang::En, _) => (
            "Your follow-up goes on until a review",
            "Your recovery period is over, but staff will look at your recent reports before the health follow-up ends. Please keep reporting every day until then.",
            "You can report here:",
        ),
        (Lang::ZhHans, FollowupExtended) => (
            "健康观察期已延长",
            "医生或保健所延长了您的健康观察期。请继续每天填写。",
            "请在这里填写：",
        ),
        (Lang::ZhHans, _) => (
            "结束健康观察前需要确认",
            "疗养期已结束，但工作人员会先确认您最近的报告，然后再结束健康观察。在此之前请继续每天填写。",
            "请在这里填写：",
        ),
        (Lang::Ko, FollowupExtended) => (
            "건강 관찰 기간이 연장되었습니다",
            "담당 의사 또는 보건소가 건강 관찰 기간을 연장했습니다. 계속 매일 입력해 주세요.",
            "여기에서 입력할 수 있습니다:",
        ),
        (Lang::Ko, _) => (
            "건강 관찰 종료 전에 확인합니다",
            "요양 기간이 끝났지만, 담당자가 최근 기록을 확인한 후 건강 관찰을 종료합니다. 그때까지 매일 입력을 계속해 주세요.",
            "여기에서 입력할 수 있습니다:",
        ),
        (Lang::Vi, FollowupExtended) => (
            "Việc theo dõi sức khỏe đã được kéo dài",
            "Bác sĩ hoặc nhân viên phụ trách đã kéo dài thời gian theo dõi sức khỏe. Xin hãy tiếp tục nhập báo cáo mỗi ngày.",
            "Bạn có thể nhập tại đây:",
        ),
        (Lang::Vi, _) => (
            "Việc theo dõi sẽ được xem xét trước khi kết thúc",
            "Thời gian điều trị đã hết, nhưng nhân viên sẽ xem các báo cáo gần đây trước khi kết thúc việc theo dõi sức khỏe. Xin hãy tiếp tục nhập báo cáo mỗi ngày cho đến lúc đó.",
            "Bạn có thể nhập tại đây:",
        ),
        (Lang::PtBr, FollowupExtended) => (
            "Seu acompanhamento de saúde foi prorrogado",
            "O médico ou a equipe responsável prorrogou o acompanhamento de saúde. Continue informando todos os dias.",
            "Você pode informar aqui:",
        ),
        (Lang::PtBr, _) => (
            "O acompanhamento continua até uma revisão",
            "O período de recuperação terminou, mas a equipe vai verificar os relatórios recentes antes de encerrar o acompanhamento de saúde. Continue informando todos os dias até lá.",
            "Você pode informar aqui:",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_notice_has_words_in_every_language() {
        for lang in Lang::ALL {
            for notice in [
                Notice::Reminder,
                Notice::SecondReminder,
                Notice::FollowupEnded,
                Notice::FollowupEndUnderReview,
                Notice::FollowupExtended,
            ] {
                let text = text(lang, notice);
                assert!(
                    !text.title.is_empty() && !text.body.is_empty() && !text.open_app.is_empty()
                );
            }
        }
    }

    /// 保健所 is named as in the app (`patient::tests`): one term, with "Hokenjo".
    #[test]
    fn the_health_centre_is_named_as_in_the_app() {
        let terms = [
            (
                Lang::Vi,
                "trung tâm y tế",
                "trung tâm y tế công cộng (Hokenjo)",
            ),
            (
                Lang::PtBr,
                "centro de saúde",
                "Centro de Saúde Pública (Hokenjo)",
            ),
        ];
        for (lang, bare, full) in terms {
            for notice in [
                Notice::Reminder,
                Notice::SecondReminder,
                Notice::FollowupEnded,
                Notice::FollowupEndUnderReview,
                Notice::FollowupExtended,
            ] {
                let words = text(lang, notice);
                for line in [words.title, words.body, words.open_app] {
                    let mentions = line.to_lowercase().matches(bare).count();
                    assert_eq!(line.matches(full).count(), mentions, "{line:?}");
                }
            }
        }
        let ended = text(Lang::Vi, Notice::FollowupEnded).body;
        assert!(
            ended.contains("trung tâm y tế công cộng (Hokenjo)"),
            "{ended:?}"
        );
    }
}
