//! Português (Brasil) (Brazilian Portuguese): every patient-facing string.
//!
//! 保健所 is "Centro de Saúde Pública (Hokenjo)" in every string, the term of MHLW's own
//! Portuguese pages (in Brazil a bare "centro de saúde" is a primary-care clinic); "você"
//! throughout; decimals with a comma, as the app also reads them.
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
        Symptom::CoughRunnyNose => "Tosse ou nariz escorrendo",
        Symptom::Breathlessness => "Falta de ar",
        Symptom::Fatigue => "Cansaço ou fraqueza no corpo todo",
        Symptom::NauseaVomiting => "Enjoo ou vômito",
        Symptom::Diarrhoea => "Diarreia",
        Symptom::DifficultyEating => "Não consegue comer",
        Symptom::NoUrination => "Não está urinando (não faz xixi)",
        Symptom::TasteSmellDisorder => "Perda ou mudança do paladar ou do olfato",
        Symptom::SoreThroat => "Dor de garganta",
        Symptom::Headache => "Dor de cabeça",
    }
}

fn answer(answer: Answer) -> &'static str {
    match answer {
        Answer::No => "Não",
        Answer::Yes => "Sim",
        Answer::Unsure => "Não sei",
    }
}

fn urgent_sign(sign: UrgentSign) -> &'static str {
    match sign {
        UrgentSign::PaleFace => "Rosto claramente pálido ou com cor ruim",
        UrgentSign::PurpleLips => "Lábios arroxeados",
        UrgentSign::NotThemselves => "Diferente do normal, parece que algo está errado",
        UrgentSign::RapidBreathing => "Respiração ofegante (respirando mais rápido)",
        UrgentSign::SuddenBreathlessness => "Falta de ar que começou de repente",
        UrgentSign::BreathlessOnExertion => "Falta de ar ao se mexer só um pouco no dia a dia",
        UrgentSign::ChestPain => "Dor no peito",
        UrgentSign::CannotLieDown => "Não consegue ficar deitado; só consegue respirar sentado",
        UrgentSign::ShoulderBreathing => "Respira com esforço, levantando os ombros",
        UrgentSign::SuddenWheezing => {
            "Chiado no peito que começou de repente (há cerca de 2 horas ou menos)"
        }
        UrgentSign::Drowsy => "Sonolento, reage pouco",
        UrgentSign::Unresponsive => "Meio inconsciente, não responde quando chamado",
        UrgentSign::IrregularPulse => "O pulso falha ou parece irregular",
    }
}

fn flag(flag: Flag) -> &'static str {
    match flag {
        Flag::Red | Flag::NeedsAttention => "Urgente",
        Flag::Amber => "Verificar",
        Flag::None => "Sem alerta",
    }
}

fn short_date(date: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ];
    let month = MONTHS
        .get(date.month0() as usize)
        .copied()
        .unwrap_or_default();
    format!("{} de {month}", date.day())
}

fn text(text: Text) -> &'static str {
    match text {
        Text::AppName => "Mimamori – acompanhamento de saúde",
        Text::Loading => "Carregando…",
        Text::SignOut => "Sair",
        Text::LanguageSwitchLabel => "Idioma",
        Text::ErrorConnection => {
            "Não foi possível conectar à internet. Vá para um lugar com bom sinal e tente de novo."
        }
        Text::ErrorServer => "Não foi possível concluir agora. Espere um pouco e tente de novo.",
        Text::ErrorFollowupEnded => {
            "Seu acompanhamento terminou. Você ainda pode ver seus registros, mas não pode alterá-los."
        }
        Text::ErrorFollowupOver => {
            "Seu acompanhamento terminou há mais de 30 dias, por isso não é mais possível entrar. Se precisar, entre em contato com o Centro de Saúde Pública (Hokenjo)."
        }
        Text::ErrorTooManyAttempts => {
            "Muitas tentativas seguidas. Espere alguns minutos e tente de novo."
        }
        Text::TryAgain => "Tentar de novo",
        Text::NotFoundTitle => "Página não encontrada",
        Text::GoToStart => "Ir para o início",

        Text::ChooseLanguage => "Escolha o idioma",
        Text::InviteWelcome => {
            "Boas-vindas ao Mimamori. Todos os dias, você vai informar aqui a sua temperatura e como está se sentindo."
        }
        Text::SetPasswordTitle => "Crie uma senha",
        Text::SetPasswordIntro => {
            "Da próxima vez, você vai entrar com o número do caso e esta senha. Anote a senha para não esquecer."
        }
        Text::PasswordLabel => "Senha",
        Text::PasswordRule => {
            "Pelo menos {min} caracteres. Pode usar qualquer caractere (inclusive letras com acento)."
        }
        Text::PasswordCount => "{n} caracteres até agora",
        Text::PasswordRuleMet => "O tamanho já está bom",
        Text::ShowPassword => "Mostrar",
        Text::HidePassword => "Ocultar",
        Text::RedeemSubmit => "Salvar e começar",
        Text::ChangeLanguage => "Mudar o idioma",
        Text::InvitationProblemTitle => "Não é possível usar este link de convite",
        Text::InvitationNotFound => {
            "Este link de convite não funciona. Verifique se o link foi aberto por inteiro. Se ainda não funcionar, entre em contato com o Centro de Saúde Pública (Hokenjo)."
        }
        Text::InvitationExpired => {
            "Este link de convite está vencido. Entre em contato com o Centro de Saúde Pública (Hokenjo) e peça um link novo."
        }
        Text::InvitationUsed => {
            "Este link de convite já foi usado. Se você já criou uma senha, faça o login. Se não foi você, entre em contato com o Centro de Saúde Pública (Hokenjo)."
        }
        Text::GoToSignIn => "Ir para o login",

        Text::SignInTitle => "Entrar",
        Text::CaseNumberLabel => "Número do caso",
        Text::CaseNumberHint => {
            "É o número que está no aviso do Centro de Saúde Pública (Hokenjo)."
        }
        Text::SignInSubmit => "Entrar",
        Text::InvalidCredentials => "O número do caso ou a senha estão incorretos. Digite de novo.",
        Text::ForgotPassword => {
            "Se esqueceu a senha, entre em contato com o Centro de Saúde Pública (Hokenjo)."
        }

        Text::ReportTitle => "Relatório de saúde de hoje",
        Text::FollowUpDay => "Dia {day} do acompanhamento (até {end})",
        Text::AlreadyReported => {
            "Este relatório já foi enviado. Se você passar a se sentir diferente, envie de novo."
        }
        Text::WhoseReport => "De quem é este relatório?",
        Text::CaseNumberShown => "Número do caso: {n}",
        Text::TemperatureLabel => "Temperatura",
        Text::TemperatureHint => "Por exemplo: 36,5",
        Text::Spo2Label => "Oxigênio no sangue (SpO2)",
        Text::Spo2Hint => "Se você não tem oxímetro, pode deixar em branco.",
        Text::PulseLabel => "Pulso",
        Text::PulseHint => "Se não souber, pode deixar em branco.",
        Text::Optional => "(opcional)",
        Text::Required => "(obrigatório)",
        Text::PerMinute => "por minuto",
        Text::SymptomsTitle => "Sintomas agora",
        Text::SymptomsIntro => "Escolha uma resposta para cada item.",
        Text::UrgentTitle => "Há algum destes sinais?",
        Text::UrgentIntro => "Marque todos os que estiverem presentes.",
        Text::UrgentNone => "Nenhum destes",
        Text::NoteLabel => {
            "Mensagem para a enfermagem ou o Centro de Saúde Pública (Hokenjo) (opcional)"
        }
        Text::NoteCount => "{n} / {max} caracteres",
        Text::ReportSubmit => "Enviar relatório",
        Text::Sending => "Enviando…",
        Text::FormHasErrors => "Confira suas respostas ({n} para corrigir)",
        Text::SendFailedKept => "Não foi possível enviar. Suas respostas continuam aqui.",
        Text::SessionExpired => "Seu login expirou. Faça o login de novo.",
        Text::InHospital => {
            "Você está internado(a), então o acompanhamento em casa está pausado e não é preciso enviar relatório. Depois da alta para recuperação em casa, você poderá enviar de novo."
        }
        Text::CaseUnavailable => {
            "Não é possível receber relatórios desta pessoa. Entre em contato com o Centro de Saúde Pública (Hokenjo)."
        }
        Text::NoCases => {
            "Não há ninguém para quem enviar relatório. O período de acompanhamento pode ter terminado. Entre em contato com o Centro de Saúde Pública (Hokenjo)."
        }

        Text::ErrRequired => "Preencha este campo",
        Text::ErrNotNumber => "Digite um número",
        Text::ErrOutOfRange => "Digite um número de {min} a {max}",
        Text::ErrTooPrecise => "Use no máximo uma casa decimal (por exemplo: 36,5)",
        Text::ErrTooLong => "Use no máximo {max} caracteres",
        Text::ErrTooShort => "Use pelo menos {min} caracteres",
        Text::ErrPasswordTooCommon => "Esta senha é uma das mais usadas. Escolha outra.",
        Text::FailedSignIns => {
            "Desde o seu último acesso, uma senha errada foi digitada {n} vezes com o seu número. Se não foi você, avise o Centro de Saúde Pública (Hokenjo)."
        }
        Text::ErrInvalid => "Confira este campo",

        Text::ResultSentTitle => "Seu relatório foi recebido",
        Text::ResultNone => {
            "Obrigado. A equipe vai conferir seu relatório. Não se esqueça de enviar o próximo."
        }
        Text::ResultAmber => {
            "A equipe vai conferir seu relatório. A enfermagem pode ligar para você hoje. Deixe o telefone por perto para atender."
        }
        Text::ResultRed => {
            "Seu relatório chegou. Mas não espere que liguem para você: ligue agora para o número acima."
        }
        Text::ResultDone => "OK",
        Text::ReportForAnother => "Enviar o relatório de outra pessoa",

        Text::DangerTitle => "Ligue agora",
        Text::DangerBody => {
            "Suas respostas mostram sinais que precisam de atendimento com urgência. Ligue agora para o Centro de Saúde Pública (Hokenjo)."
        }
        Text::DangerCallCentre => "Ligar para {name}",
        Text::DangerNoPhone => {
            "O telefone do Centro de Saúde Pública (Hokenjo) não está cadastrado. Ligue para o número que está no aviso."
        }
        Text::Danger119 => {
            "Se houver risco de vida (não consegue respirar, não responde quando chamado), não hesite: ligue 119 e chame uma ambulância."
        }
        Text::DangerCall119 => "Ligar 119 (ambulância)",
        Text::DangerNotSent => {
            "Seu relatório ainda não foi enviado. Primeiro faça a ligação e depois tente enviar de novo."
        }

        // --- offline queue ---
        Text::OfflineNotice => {
            "Sem sinal agora. Se você enviar o relatório, ele fica guardado neste celular e é enviado sozinho quando o sinal voltar."
        }
        Text::QueueWaitingTitle => "Aguardando envio",
        Text::QueueWaitingBody => {
            "Como não há sinal, seu relatório ainda não chegou. Ele está guardado neste celular e será enviado sozinho quando o sinal voltar. Fechar o aplicativo não o apaga."
        }
        Text::QueueWaitingCount => {
            "Relatórios aguardando envio: {n}. Eles estão guardados neste celular e serão enviados sozinhos quando o sinal voltar."
        }
        Text::QueueLastTried => "Última tentativa às {time}",
        Text::QueueSendNow => "Enviar agora",
        Text::QueueSentTitle => "Enviado",
        Text::QueueSentAfterWaiting => {
            "O sinal voltou, e o relatório guardado neste celular foi enviado."
        }
        Text::QueueSentCount => "Relatórios guardados neste celular foram enviados: {n}.",
        Text::QueueRefused => {
            "Um relatório guardado neste celular não pôde ser aceito. Preencha e envie de novo, por favor."
        }
        Text::DangerQueued => {
            "Seu relatório ainda não chegou. Ele será enviado quando o sinal voltar, mas não espere: ligue agora."
        }
        Text::Close => "Fechar",

        // --- correction of the current slot's report ---
        Text::CorrectThisReport => "Corrigir este relatório",
        Text::CorrectTodaysReport => "Corrigir o relatório enviado",
        Text::CorrectTitle => "Corrigir o relatório",
        Text::CorrectIntro => {
            "Suas respostas já estão preenchidas. Mude só o que estava errado e envie. As respostas corrigidas substituem as anteriores."
        }
        Text::CorrectSubmit => "Enviar a correção",
        Text::CorrectionTooLate => {
            "Este relatório não pode mais ser alterado: só é possível corrigir dentro do horário dele. Envie como você está agora como o relatório de hoje."
        }
        Text::NothingToCorrect => {
            "Você ainda não enviou o relatório deste horário, então não há nada para corrigir."
        }
        Text::GoToTodaysReport => "Ir para o relatório de hoje",
        Text::BackToToday => "Voltar ao relatório de hoje",

        // --- links from today's report ---
        Text::MoreNavLabel => "Mais opções",
        Text::HistoryLink => "Meus registros e mensagens",
        Text::HouseholdLink => "Enviar relatórios da família",
        Text::SettingsLink => "Lembretes",

        // --- history ---
        Text::HistoryTitle => "Meus registros",
        Text::WhoseHistory => "Registros de quem?",
        Text::MessagesTitle => "Mensagens do Centro de Saúde Pública (Hokenjo) e da enfermagem",
        Text::NoMessages => "Ainda não há mensagens.",
        Text::MessageFrom => "De {from}",
        Text::ReportsTitle => "Relatórios enviados",
        Text::NoReportsYet => "Ainda não há relatórios.",
        Text::ChartLegend => {
            "As linhas pontilhadas marcam 37,5 ℃ (febre) e oxigênio de 93 % (procure ajuda na hora)."
        }
        Text::ChartSummary => {
            "Gráfico de temperatura e oxigênio. {n} relatórios. Temperatura de {min} a {max} ℃, a mais recente {latest} ℃."
        }
        Text::ChartSummarySpo2 => "Oxigênio de {min} a {max} %, o mais recente {latest} %.",
        Text::HistoryFlagNone => "Nada preocupante",
        Text::HistoryFlagAmber => "Precisou de verificação da enfermagem",
        Text::HistoryFlagRed => "Precisou de ajuda na hora",
        Text::SlotFirst => "1º relatório",
        Text::SlotSecond => "2º relatório",
        Text::NoSymptoms => "Nenhum",

        // --- household ---
        Text::HouseholdTitle => "Família",
        Text::HouseholdIntro => {
            "Se alguém que mora com você também está se recuperando em casa e recebeu um convite do Centro de Saúde Pública (Hokenjo), adicione a pessoa aqui. Assim você também pode enviar os relatórios dela por este celular."
        }
        Text::HouseholdMembers => "Por quem você envia",
        Text::HouseholdAdded => {
            "{name} foi adicionado(a). Escolha essa pessoa no relatório de hoje para enviar o relatório dela."
        }
        Text::ReportForMember => "Enviar o relatório de {name}",
        Text::HouseholdAddTitle => "Adicionar um familiar",
        Text::HouseholdCodeLabel => "Link ou código de convite da pessoa",
        Text::HouseholdCodeHint => {
            "Cole o link da mensagem do Centro de Saúde Pública (Hokenjo) do jeito que está, ou digite o código impresso na carta."
        }
        Text::HouseholdCodeInvalid => {
            "Isto não parece um link ou código de convite. Verifique se colou o link inteiro ou se o código está digitado corretamente."
        }
        Text::HouseholdAlreadyEnrolled => {
            "Esta pessoa já entra com o próprio acesso, por isso não pode ser adicionada aqui. Para enviar os relatórios dela por este celular, entre em contato com o Centro de Saúde Pública (Hokenjo)."
        }
        Text::HouseholdAddSubmit => "Adicionar",
        Text::MemberReported => "Relatório enviado",
        Text::MemberNotReported => "Ainda não enviado",

        // --- reminders by web push ---
        Text::SettingsTitle => "Configurar lembretes",
        Text::RemindersIntro => {
            "Se você esquecer de enviar o relatório, este celular pode lembrar você. Os lembretes chegam só no horário que você escolher abaixo, nunca à noite."
        }
        Text::RemindersTitle => "Lembretes neste celular",
        Text::RemindersStatusOn => "Os lembretes estão ligados.",
        Text::RemindersStatusOff => "Os lembretes estão desligados.",
        Text::RemindersSwitchLabel => "Lembretes",
        Text::RemindersOn => "Ligado",
        Text::RemindersOffHint => "Para parar os lembretes, toque neste botão.",
        Text::RemindersUnsupported => {
            "Este navegador não consegue mostrar lembretes. Lembre-se de abrir este aplicativo e enviar o relatório todos os dias."
        }
        Text::RemindersDenied => {
            "As notificações deste aplicativo estão bloqueadas neste navegador, por isso nenhum lembrete pode chegar."
        }
        Text::RemindersHowToAllow => {
            "Para receber lembretes, abra as configurações do navegador para este site, mude Notificações para Permitir e depois volte a esta página."
        }
        Text::RemindersBeforePrompt => {
            "Quando você tocar no botão abaixo, o celular vai perguntar se este aplicativo pode mostrar notificações. Escolha Permitir."
        }
        Text::RemindersIfBlocked => {
            "Se escolher Bloquear, nenhum lembrete vai chegar, e para mudar depois será preciso abrir as configurações do navegador."
        }
        Text::RemindersTurnOn => "Ligar os lembretes",
        Text::RemindersFailed => {
            "Não foi possível ligar os lembretes. Espere um pouco e tente de novo."
        }
        Text::ReminderWindowTitle => "Quando lembrar",
        Text::ReminderWindowHint => {
            "Escolha horários entre 06:00 e 21:00. O fim precisa ser pelo menos 30 minutos depois do início."
        }
        Text::ReminderWindowStart => "De",
        Text::ReminderWindowEnd => "Até",
        Text::ReminderWindowSave => "Salvar horários",
        Text::ReminderWindowSaved => "Salvo",
        Text::ReminderWindowRange => "Escolha um horário entre 06:00 e 21:00",
        Text::ReminderWindowTooShort => "Escolha um horário pelo menos 30 minutos depois do início",
    }
}
