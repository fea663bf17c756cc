//! `/history`: the patient's own reports with a small chart, the day of the follow-up period and
//! its end, and messages from staff.

use crate::api::{self, ApiError};
use crate::components::{
    BackToToday, CHART_LAYOUT, CasePicker, SessionPending, VitalsChart, use_signed_in,
};
use crate::forms::messages::general_error_text;
use crate::forms::{fill, short_date};
use crate::state::use_app_state;
use chrono::{DateTime, Local, Utc};
use dioxus::prelude::*;
use mimamori_shared::api::auth::{PatientCaseView, PatientMe};
use mimamori_shared::api::patient::MessageView;
use mimamori_shared::api::reports::ReportView;
use mimamori_shared::chart::ChartModel;
use mimamori_shared::i18n::number::format_decimal;
use mimamori_shared::i18n::patient::Text;
use mimamori_shared::ids::CaseId;
use mimamori_shared::{Answer, Flag, Lang};

/// The history page, once the session is known.
#[component]
pub fn History() -> Element {
    match use_signed_in() {
        Some(me) => rsx! {
            HistoryPage { me }
        },
        None => rsx! {
            SessionPending {}
        },
    }
}

#[component]
fn HistoryPage(me: PatientMe) -> Element {
    let state = use_app_state();
    let lang = state.lang();
    let mut selected = state.selected_case();
    let case = selected()
        .and_then(|id| me.cases.iter().find(|c| c.case_id == id))
        .or(me.cases.first())
        .cloned();
    let Some(case) = case else {
        return rsx! {
            h1 { class: "page-title", "{Text::HistoryTitle.get(lang)}" }
            p { class: "notice", "{Text::NoCases.get(lang)}" }
            BackToToday {}
        };
    };
    let day = fill(
        Text::FollowUpDay.get(lang),
        &[
            ("day", &case.day.to_string()),
            ("end", &short_date(case.followup_end, lang)),
        ],
    );
    rsx! {
        h1 { class: "page-title", "{Text::HistoryTitle.get(lang)}" }
        if me.cases.len() > 1 {
            CasePicker {
                cases: me.cases.clone(),
                selected: case.case_id,
                lang,
                legend: Text::WhoseHistory.get(lang),
                on_select: move |id: CaseId| selected.set(Some(id)),
            }
        }
        p { class: "followup-day", "data-testid": "followup-day", "{day}" }
        CaseHistory { case: case.clone(), lang }
        BackToToday {}
    }
}

/// Messages and reports of one case.
#[component]
fn CaseHistory(case: PatientCaseView, lang: Lang) -> Element {
    let state = use_app_state();
    let case_id = case.case_id;
    let mut reports = use_resource(use_reactive!(|case_id| api::list_reports(case_id)));
    let mut messages = use_resource(use_reactive!(|case_id| api::list_messages(case_id)));
    use_effect(move || {
        let unauthenticated = |r: Option<&ApiError>| r.and_then(ApiError::status) == Some(401);
        if unauthenticated(reports.read().as_ref().and_then(|r| r.as_ref().err()))
            || unauthenticated(messages.read().as_ref().and_then(|r| r.as_ref().err()))
        {
            state.signed_out();
        }
    });
    let loaded_messages = messages.read().clone();
    let loaded_reports = reports.read().clone();
    rsx! {
        section { class: "history-section", aria_labelledby: "messages-title",
            h2 { id: "messages-title", class: "section-title", "{Text::MessagesTitle.get(lang)}" }
            match loaded_messages {
                None => rsx! { p { class: "loading", role: "status", "{Text::Loading.get(lang)}" } },
                Some(Err(error)) => rsx! {
                    LoadFailed { error, lang, on_retry: move |()| messages.restart() }
                },
                Some(Ok(list)) if list.items.is_empty() => rsx! {
                    p { class: "empty", "data-testid": "no-messages", "{Text::NoMessages.get(lang)}" }
                },
                Some(Ok(list)) => rsx! {
                    ol { class: "message-list",
                        for message in list.items {
                            MessageItem { key: "{message.id}", message, lang }
                        }
                    }
                },
            }
        }
        section { class: "history-section", aria_labelledby: "reports-title",
            h2 { id: "reports-title", class: "section-title", "{Text::ReportsTitle.get(lang)}" }
            match loaded_reports {
                None => rsx! { p { class: "loading", role: "status", "{Text::Loading.get(lang)}" } },
                Some(Err(error)) => rsx! {
                    LoadFailed { error, lang, on_retry: move |()| reports.restart() }
                },
                Some(Ok(list)) if list.items.is_empty() => rsx! {
                    p { class: "empty", "data-testid": "no-reports", "{Text::NoReportsYet.get(lang)}" }
                },
                Some(Ok(list)) => rsx! {
                    ReportsOverview { case: case.clone(), reports: list.items, lang }
                },
            }
        }
    }
}

/// The chart, then every report as text, newest first.
#[component]
fn ReportsOverview(case: PatientCaseView, reports: Vec<ReportView>, lang: Lang) -> Element {
    let model = ChartModel::build(
        &CHART_LAYOUT,
        &reports,
        case.followup_start,
        case.followup_end,
        case.slots_per_day,
    );
    let summary = chart_summary(&reports, lang);
    let units = (
        format!("{} ℃", Text::TemperatureLabel.get(lang)),
        format!("{} %", Text::Spo2Label.get(lang)),
    );
    let two_slots = case.slots_per_day > 1;
    rsx! {
        figure { class: "chart-figure",
            VitalsChart { model, summary, units }
            figcaption { class: "field-hint", "{Text::ChartLegend.get(lang)}" }
        }
        ol { class: "history-list", "data-testid": "history-list",
            for report in reports {
                ReportItem { key: "{report.id}", report, two_slots, lang }
            }
        }
    }
}

/// One report: when, what the rules made of it in plain words, and every answer given.
#[component]
fn ReportItem(report: ReportView, two_slots: bool, lang: Lang) -> Element {
    let mut when = short_date(report.slot_date, lang);
    if two_slots {
        let slot = if report.slot == 2 {
            Text::SlotSecond
        } else {
            Text::SlotFirst
        };
        when = format!("{when} {}", slot.get(lang));
    }
    let flag_words = match report.flag {
        Flag::Red | Flag::NeedsAttention => Text::HistoryFlagRed,
        Flag::Amber => Text::HistoryFlagAmber,
        Flag::None => Text::HistoryFlagNone,
    };
    let symptoms: Vec<String> = report
        .symptoms
        .iter()
        .filter(|(_, a)| **a != Answer::No)
        .map(|(s, a)| format!("{}: {}", s.label(lang), a.label(lang)))
        .collect();
    let urgent: Vec<&'static str> = report.urgent_signs.iter().map(|u| u.label(lang)).collect();
    let temperature = format_decimal(report.temperature_c, 1, lang);
    rsx! {
        li {
            class: "history-item history-{report.flag.as_str()}",
            "data-testid": "history-report",
            "data-flag": "{report.flag.as_str()}",
            h3 { class: "history-when", "{when}" }
            p { class: "history-flag", "{flag_words.get(lang)}" }
            dl { class: "result-summary",
                dt { "{Text::TemperatureLabel.get(lang)}" }
                dd { "data-testid": "history-temperature", "{temperature} ℃" }
                if let Some(spo2) = report.spo2 {
                    dt { "{Text::Spo2Label.get(lang)}" }
                    dd { "data-testid": "history-spo2", "{spo2} %" }
                }
                if let Some(pulse) = report.pulse {
                    dt { "{Text::PulseLabel.get(lang)}" }
                    dd { "{pulse} {Text::PerMinute.get(lang)}" }
                }
                dt { "{Text::SymptomsTitle.get(lang)}" }
                dd {
                    if symptoms.is_empty() {
                        "{Text::NoSymptoms.get(lang)}"
                    } else {
                        "{symptoms.join(\", \")}"
                    }
                }
                if !urgent.is_empty() {
                    dt { "{Text::UrgentTitle.get(lang)}" }
                    dd { class: "history-urgent", "{urgent.join(\", \")}" }
                }
                if !report.note.is_empty() {
                    dt { "{Text::NoteLabel.get(lang)}" }
                    dd { class: "history-note", "{report.note}" }
                }
            }
        }
    }
}

/// One message from staff.
#[component]
fn MessageItem(message: MessageView, lang: Lang) -> Element {
    let from = fill(Text::MessageFrom.get(lang), &[("from", &message.from)]);
    rsx! {
        li { class: "message", "data-testid": "message",
            p { class: "message-meta",
                time { datetime: "{message.created_at.to_rfc3339()}", "{local_date_time(message.created_at, lang)}" }
                " · {from}"
            }
            p { class: "message-body", "{message.body}" }
        }
    }
}

/// A list that could not be loaded, with a retry.
#[component]
fn LoadFailed(error: ApiError, lang: Lang, on_retry: EventHandler<()>) -> Element {
    rsx! {
        div { class: "notice notice-error", role: "alert",
            p { "{general_error_text(&error, lang)}" }
            button {
                r#type: "button",
                class: "button button-primary",
                onclick: move |_| on_retry.call(()),
                "{Text::TryAgain.get(lang)}"
            }
        }
    }
}

/// The chart's name for screen readers: how many reports, the temperature range and the latest
/// value (with `lang`'s decimal separator, as a screen reader reads the language's numbers), and
/// the same for SpO2 when there is any.
fn chart_summary(reports: &[ReportView], lang: Lang) -> String {
    // Newest first, as the API lists them.
    let Some(latest) = reports.first() else {
        return Text::NoReportsYet.get(lang).to_owned();
    };
    let temperatures = reports.iter().map(|r| r.temperature_c);
    let t_min = temperatures.clone().fold(f64::INFINITY, f64::min);
    let t_max = temperatures.fold(f64::NEG_INFINITY, f64::max);
    let mut summary = fill(
        Text::ChartSummary.get(lang),
        &[
            ("n", &reports.len().to_string()),
            ("min", &format_decimal(t_min, 1, lang)),
            ("max", &format_decimal(t_max, 1, lang)),
            ("latest", &format_decimal(latest.temperature_c, 1, lang)),
        ],
    );
    let spo2: Vec<u8> = reports.iter().filter_map(|r| r.spo2).collect();
    if let (Some(min), Some(max), Some(newest)) =
        (spo2.iter().min(), spo2.iter().max(), spo2.first())
    {
        summary.push(' ');
        summary.push_str(&fill(
            Text::ChartSummarySpo2.get(lang),
            &[
                ("min", &min.to_string()),
                ("max", &max.to_string()),
                ("latest", &newest.to_string()),
            ],
        ));
    }
    summary
}

/// Day and time on the phone's clock.
fn local_date_time(at: DateTime<Utc>, lang: Lang) -> String {
    let local = at.with_timezone(&Local);
    format!(
        "{} {}",
        short_date(local.date_naive(), lang),
        local.format("%H:%M")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use mimamori_shared::api::reports::EnteredBy;
    use mimamori_shared::ids::ReportId;

    fn report(id: i64, temperature: f64, spo2: Option<u8>) -> ReportView {
        ReportView {
            id: ReportId(id),
            case_id: CaseId(1),
            slot_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default(),
            slot: 1,
            submitted_at: DateTime::UNIX_EPOCH,
            temperature_c: temperature,
            spo2,
            pulse: None,
            symptoms: Default::default(),
            urgent_signs: Vec::new(),
            note: String::new(),
            flag: Flag::None,
            reasons: Vec::new(),
            ruleset_version: "v".into(),
            entered_by: EnteredBy::Patient,
            reviewed: false,
            version: 1,
            corrected_at: None,
            threshold_version: None,
        }
    }

    /// Newest first, as the API lists them.
    fn reports() -> [ReportView; 3] {
        [
            report(3, 36.8, Some(97)),
            report(2, 38.4, None),
            report(1, 37.0, Some(95)),
        ]
    }

    #[test]
    fn the_chart_summary_writes_decimals_as_the_language_does() {
        let cases = [
            (
                Lang::Ja,
                "体温と酸素飽和度のグラフ。報告3回。体温は36.8℃から38.4℃、最新は36.8℃。 酸素飽和度は95%から97%、最新は97%。",
            ),
            (
                Lang::Vi,
                "Biểu đồ nhiệt độ và nồng độ oxy. 3 lần báo cáo. Nhiệt độ từ 36,8 đến 38,4 ℃, mới nhất 36,8 ℃. Nồng độ oxy từ 95 đến 97 %, mới nhất 97 %.",
            ),
            (
                Lang::PtBr,
                "Gráfico de temperatura e oxigênio. 3 relatórios. Temperatura de 36,8 a 38,4 ℃, a mais recente 36,8 ℃. Oxigênio de 95 a 97 %, o mais recente 97 %.",
            ),
        ];
        for (lang, expected) in cases {
            assert_eq!(chart_summary(&reports(), lang), expected, "{lang:?}");
        }
    }

    #[test]
    fn no_reports_has_its_own_summary() {
        assert_eq!(
            chart_summary(&[], Lang::En),
            Text::NoReportsYet.get(Lang::En)
        );
    }
}
