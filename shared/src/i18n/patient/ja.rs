//! 日本語 (Japanese): every patient-facing string.
//!
//! The reference language: the other languages translate these.
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
        Symptom::CoughRunnyNose => "咳・鼻水",
        Symptom::Breathlessness => "息苦しさ",
        Symptom::Fatigue => "全身倦怠感（だるさ）",
        Symptom::NauseaVomiting => "吐き気・嘔吐",
        Symptom::Diarrhoea => "下痢",
        Symptom::DifficultyEating => "食事がとれない",
        Symptom::NoUrination => "尿が出ない",
        Symptom::TasteSmellDisorder => "味覚・嗅覚の異常",
        Symptom::SoreThroat => "のどの痛み",
        Symptom::Headache => "頭痛",
    }
}

fn answer(answer: Answer) -> &'static str {
    match answer {
        Answer::No => "いいえ",
        Answer::Yes => "はい",
        Answer::Unsure => "わからない",
    }
}

fn urgent_sign(sign: UrgentSign) -> &'static str {
    match sign {
        UrgentSign::PaleFace => "顔色が明らかに悪い",
        UrgentSign::PurpleLips => "唇が紫色になっている",
        UrgentSign::NotThemselves => "いつもと違う、様子がおかしい",
        UrgentSign::RapidBreathing => "息が荒くなった（呼吸数が多くなった）",
        UrgentSign::SuddenBreathlessness => "急に息苦しくなった",
        UrgentSign::BreathlessOnExertion => "日常生活の中で少し動くと息苦しい",
        UrgentSign::ChestPain => "胸の痛みがある",
        UrgentSign::CannotLieDown => "横になれない・座らないと息ができない",
        UrgentSign::ShoulderBreathing => "肩で息をしている",
        UrgentSign::SuddenWheezing => "突然（2時間以内を目安）ゼーゼーしはじめた",
        UrgentSign::Drowsy => "ぼんやりしている（反応が弱い）",
        UrgentSign::Unresponsive => "もうろうとしている（返事がない）",
        UrgentSign::IrregularPulse => "脈がとぶ、脈のリズムが乱れる感じがする",
    }
}

fn flag(flag: Flag) -> &'static str {
    match flag {
        Flag::Red | Flag::NeedsAttention => "緊急",
        Flag::Amber => "要確認",
        Flag::None => "問題なし",
    }
}

fn short_date(date: NaiveDate) -> String {
    format!("{}月{}日", date.month(), date.day())
}

fn text(text: Text) -> &'static str {
    match text {
        Text::AppName => "みまもり 健康観察",
        Text::Loading => "読み込み中です…",
        Text::SignOut => "ログアウト",
        Text::LanguageSwitchLabel => "表示する言語",
        Text::ErrorConnection => {
            "インターネットにつながりませんでした。電波の届く場所で、もう一度お試しください。"
        }
        Text::ErrorServer => {
            "ただいま処理できませんでした。少し時間をおいて、もう一度お試しください。"
        }
        Text::ErrorFollowupEnded => {
            "健康観察は終了しています。記録を見ることはできますが、変更はできません。"
        }
        Text::ErrorFollowupOver => {
            "健康観察の終了から30日が過ぎたため、サインインできません。ご不明な点は保健所にお問い合わせください。"
        }
        Text::ErrorTooManyAttempts => {
            "続けて何度も試されたため、しばらく使えません。数分待ってから、もう一度お試しください。"
        }
        Text::TryAgain => "もう一度試す",
        Text::NotFoundTitle => "ページが見つかりません",
        Text::GoToStart => "最初の画面へ",

        Text::ChooseLanguage => "言語を選んでください",
        Text::InviteWelcome => {
            "みまもり 健康観察へようこそ。毎日の体温や体調を、この画面から報告します。"
        }
        Text::SetPasswordTitle => "パスワードを決めてください",
        Text::SetPasswordIntro => {
            "次からは、ケース番号とこのパスワードで使えます。忘れないよう、メモしておいてください。"
        }
        Text::PasswordLabel => "パスワード",
        Text::PasswordRule => "{min}文字以上。使う文字の種類は自由です（ひらがなも使えます）。",
        Text::PasswordCount => "いま {n} 文字",
        Text::PasswordRuleMet => "この長さで大丈夫です",
        Text::ShowPassword => "表示する",
        Text::HidePassword => "隠す",
        Text::RedeemSubmit => "決定して始める",
        Text::ChangeLanguage => "言語を変える",
        Text::InvitationProblemTitle => "招待リンクを使えません",
        Text::InvitationNotFound => {
            "この招待リンクは使えません。リンクが途中で切れていないか確かめてください。それでも使えないときは、保健所にお問い合わせください。"
        }
        Text::InvitationExpired => {
            "この招待リンクは有効期限が切れています。保健所に連絡して、新しいリンクを送ってもらってください。"
        }
        Text::InvitationUsed => {
            "この招待リンクはすでに使われています。パスワードを決めた方は、ログインしてください。心当たりがないときは、保健所にお問い合わせください。"
        }
        Text::GoToSignIn => "ログイン画面へ",

        Text::SignInTitle => "ログイン",
        Text::CaseNumberLabel => "ケース番号",
        Text::CaseNumberHint => "保健所からのお知らせに書かれている番号です。",
        Text::SignInSubmit => "ログインする",
        Text::InvalidCredentials => "ケース番号かパスワードが違います。もう一度入力してください。",
        Text::ForgotPassword => "パスワードを忘れたときは、保健所にお問い合わせください。",

        Text::ReportTitle => "今日の健康観察",
        Text::FollowUpDay => "療養{day}日目（{end}まで）",
        Text::AlreadyReported => {
            "今回の報告は送信ずみです。体調が変わったときは、もう一度送ってください。"
        }
        Text::WhoseReport => "どなたの報告ですか",
        Text::CaseNumberShown => "ケース番号: {n}",
        Text::TemperatureLabel => "体温",
        Text::TemperatureHint => "例: 36.5",
        Text::Spo2Label => "酸素飽和度（SpO2）",
        Text::Spo2Hint => "パルスオキシメーターがないときは、空欄のままで大丈夫です。",
        Text::PulseLabel => "脈拍",
        Text::PulseHint => "わからないときは、空欄のままで大丈夫です。",
        Text::Optional => "（なくても可）",
        Text::Required => "（必須）",
        Text::PerMinute => "回/分",
        Text::SymptomsTitle => "今の症状",
        Text::SymptomsIntro => "それぞれ、あてはまる答えを選んでください。",
        Text::UrgentTitle => "次のような症状はありますか",
        Text::UrgentIntro => "あてはまるものすべてに印をつけてください。",
        Text::UrgentNone => "どれもない",
        Text::NoteLabel => "看護師・保健所への連絡（なくても可）",
        Text::NoteCount => "{n} / {max} 文字",
        Text::ReportSubmit => "報告を送る",
        Text::Sending => "送信中です…",
        Text::FormHasErrors => "入力内容を確かめてください（{n}か所）",
        Text::SendFailedKept => "送信できませんでした。入力した内容はそのまま残っています。",
        Text::SessionExpired => "ログインの有効期限が切れました。もう一度ログインしてください。",
        Text::InHospital => {
            "入院中のため、自宅での健康観察はお休みです。報告は必要ありません。退院して自宅療養に戻ると、また報告できます。"
        }
        Text::CaseUnavailable => "この方の報告は受け付けられません。保健所にお問い合わせください。",
        Text::NoCases => {
            "報告できる方がいません。療養期間が終わった可能性があります。保健所にお問い合わせください。"
        }

        Text::ErrRequired => "入力してください",
        Text::ErrNotNumber => "数字で入力してください",
        Text::ErrOutOfRange => "{min}から{max}までの数字を入力してください",
        Text::ErrTooPrecise => "小数点以下は1けたまでにしてください（例: 36.5）",
        Text::ErrTooLong => "{max}文字以内にしてください",
        Text::ErrTooShort => "{min}文字以上にしてください",
        Text::ErrPasswordTooCommon => {
            "よく使われているパスワードのため使えません。別のパスワードにしてください"
        }
        Text::FailedSignIns => {
            "前回のログインから、あなたの番号で間違ったパスワードが{n}回入力されました。心当たりがなければ保健所にお知らせください。"
        }
        Text::ErrInvalid => "入力内容を確かめてください",

        Text::ResultSentTitle => "報告を受け付けました",
        Text::ResultNone => {
            "ありがとうございました。担当者が内容を確認します。次の報告もお願いします。"
        }
        Text::ResultAmber => {
            "担当者が内容を確認します。今日のうちに看護師からお電話することがあります。電話に出られるようにしておいてください。"
        }
        Text::ResultRed => {
            "報告は届いています。ただし、電話を待たずに、上の番号にすぐ電話してください。"
        }
        Text::ResultDone => "OK",
        Text::ReportForAnother => "ほかの方の報告をする",

        Text::DangerTitle => "今すぐ電話してください",
        Text::DangerBody => "急いで対応が必要な症状があります。すぐに保健所に電話してください。",
        Text::DangerCallCentre => "{name}に電話する",
        Text::DangerNoPhone => {
            "保健所の電話番号が登録されていません。お知らせに書かれた番号に電話してください。"
        }
        Text::Danger119 => {
            "息ができない、呼びかけに答えないなど、命にかかわるときは、迷わず119番に電話して救急車を呼んでください。"
        }
        Text::DangerCall119 => "119番に電話する（救急）",
        Text::DangerNotSent => {
            "報告はまだ送られていません。先に電話をしてから、あとでもう一度送ってください。"
        }

        // --- offline queue ---
        Text::OfflineNotice => {
            "電波が届いていません。このまま報告すると、この端末に保存して、電波が戻ったときに自動で送信します。"
        }
        Text::QueueWaitingTitle => "送信待ち",
        Text::QueueWaitingBody => {
            "電波が届かないため、報告はまだ届いていません。報告はこの端末に保存してあり、電波が戻ると自動で送信します。アプリを閉じても消えません。"
        }
        Text::QueueWaitingCount => {
            "送信待ちの報告が{n}件あります。この端末に保存してあり、電波が戻ると自動で送信します。"
        }
        Text::QueueLastTried => "最後に送信を試した時刻: {time}",
        Text::QueueSendNow => "今すぐ送信する",
        Text::QueueSentTitle => "送信しました",
        Text::QueueSentAfterWaiting => {
            "電波が戻ったので、この端末に保存していた報告を送信しました。"
        }
        Text::QueueSentCount => "この端末に保存していた報告を送信しました（{n}件）。",
        Text::QueueRefused => {
            "この端末に保存していた報告を受け付けられませんでした。お手数ですが、もう一度入力して送信してください。"
        }
        Text::DangerQueued => {
            "報告はまだ届いていません。電波が戻ると自動で送信しますが、届くのを待たずに、すぐ電話してください。"
        }
        Text::Close => "閉じる",

        // --- correction of the current slot's report ---
        Text::CorrectThisReport => "この報告を訂正する",
        Text::CorrectTodaysReport => "送った報告を訂正する",
        Text::CorrectTitle => "報告の訂正",
        Text::CorrectIntro => {
            "送った内容が入っています。まちがっているところだけ直して、送信してください。前の報告は、この内容に置き換わります。"
        }
        Text::CorrectSubmit => "訂正して送る",
        Text::CorrectionTooLate => {
            "この報告は、もう訂正できません。訂正できるのは、その回の報告の時間のうちだけです。今の体調は、今日の報告として送ってください。"
        }
        Text::NothingToCorrect => "今回はまだ報告を送っていないので、訂正するものはありません。",
        Text::GoToTodaysReport => "今日の報告へ",
        Text::BackToToday => "今日の報告にもどる",

        // --- links from today's report ---
        Text::MoreNavLabel => "そのほかのメニュー",
        Text::HistoryLink => "これまでの記録とお知らせ",
        Text::HouseholdLink => "家族の報告もする",
        Text::SettingsLink => "お知らせ（リマインダー）の設定",

        // --- history ---
        Text::HistoryTitle => "これまでの記録",
        Text::WhoseHistory => "どなたの記録を見ますか",
        Text::MessagesTitle => "保健所・看護師からのお知らせ",
        Text::NoMessages => "お知らせはまだありません。",
        Text::MessageFrom => "{from}から",
        Text::ReportsTitle => "送った報告",
        Text::NoReportsYet => "まだ報告がありません。",
        Text::ChartLegend => {
            "点線は、37.5℃（発熱の目安）と、酸素飽和度93%（すぐに相談が必要な目安）です。"
        }
        Text::ChartSummary => {
            "体温と酸素飽和度のグラフ。報告{n}回。体温は{min}℃から{max}℃、最新は{latest}℃。"
        }
        Text::ChartSummarySpo2 => "酸素飽和度は{min}%から{max}%、最新は{latest}%。",
        Text::HistoryFlagNone => "特に問題はありませんでした",
        Text::HistoryFlagAmber => "看護師が確認する内容でした",
        Text::HistoryFlagRed => "すぐに相談が必要な内容でした",
        Text::SlotFirst => "1回目",
        Text::SlotSecond => "2回目",
        Text::NoSymptoms => "なし",

        // --- household ---
        Text::HouseholdTitle => "家族の報告",
        Text::HouseholdIntro => {
            "同じ家に住むご家族も療養中で、保健所から招待が届いている場合は、ここで追加すると、このスマートフォンからその方の報告も送れます。"
        }
        Text::HouseholdMembers => "報告する方",
        Text::HouseholdAdded => {
            "{name}さんを追加しました。今日の報告の画面で選ぶと、この方の報告を送れます。"
        }
        Text::ReportForMember => "{name}さんの報告をする",
        Text::HouseholdAddTitle => "家族を追加する",
        Text::HouseholdCodeLabel => "その方の招待リンク、または招待コード",
        Text::HouseholdCodeHint => {
            "保健所から届いたメッセージのリンクをそのまま貼り付けるか、お知らせの紙に書かれたコードを入力してください。"
        }
        Text::HouseholdCodeInvalid => {
            "招待リンクまたはコードとして読み取れませんでした。リンク全体を貼り付けたか、コードに間違いがないか確かめてください。"
        }
        Text::HouseholdAlreadyEnrolled => {
            "この方は、すでにご自分でログインして使っています。ここには追加できません。このスマートフォンから報告したいときは、保健所にお問い合わせください。"
        }
        Text::HouseholdAddSubmit => "追加する",
        Text::MemberReported => "今回の報告ずみ",
        Text::MemberNotReported => "まだ報告していません",

        // --- reminders by web push ---
        Text::SettingsTitle => "お知らせ（リマインダー）の設定",
        Text::RemindersIntro => {
            "報告を送り忘れているとき、このスマートフォンにお知らせを出せます。お知らせは、下で選んだ時間のあいだだけ届きます。夜には届きません。"
        }
        Text::RemindersTitle => "このスマートフォンへのお知らせ",
        Text::RemindersStatusOn => "お知らせはオンです。",
        Text::RemindersStatusOff => "お知らせはオフです。",
        Text::RemindersSwitchLabel => "お知らせ",
        Text::RemindersOn => "オン",
        Text::RemindersOffHint => "お知らせを止めるときは、このスイッチを押してください。",
        Text::RemindersUnsupported => {
            "このブラウザーでは、お知らせを出せません。毎日忘れずにこのアプリを開いて、報告してください。"
        }
        Text::RemindersDenied => {
            "このアプリのお知らせは、ブラウザーでブロックされています。このままではお知らせは届きません。"
        }
        Text::RemindersHowToAllow => {
            "お知らせを受け取るには、ブラウザーの設定で、このサイトの「通知」を「許可」にしてから、この画面にもどってください。"
        }
        Text::RemindersBeforePrompt => {
            "下のボタンを押すと、スマートフォンが「通知を許可しますか」とたずねます。「許可」を選んでください。"
        }
        Text::RemindersIfBlocked => {
            "「ブロック」を選ぶと、お知らせは届きません。あとから変えるには、ブラウザーの設定を開く必要があります。"
        }
        Text::RemindersTurnOn => "お知らせをオンにする",
        Text::RemindersFailed => {
            "お知らせをオンにできませんでした。少し時間をおいて、もう一度お試しください。"
        }
        Text::ReminderWindowTitle => "お知らせを受け取る時間",
        Text::ReminderWindowHint => {
            "6:00から21:00のあいだで選んでください。終わりは、始まりから30分以上あとにしてください。"
        }
        Text::ReminderWindowStart => "この時刻から",
        Text::ReminderWindowEnd => "この時刻まで",
        Text::ReminderWindowSave => "時間を保存する",
        Text::ReminderWindowSaved => "保存しました",
        Text::ReminderWindowRange => "6:00から21:00までの時刻にしてください",
        Text::ReminderWindowTooShort => "始まりから30分以上あとの時刻にしてください",
    }
}
