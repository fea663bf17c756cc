//! The screen after a report was stored: danger advice first when red, else a calm word on
//! what happens next.

use super::danger::DangerAdvice;
use crate::forms::short_date;
use dioxus::prelude::*;
use mimamori_shared::api::auth::PatientCaseView;
use mimamori_shared::api::reports::ReportView;
use mimamori_shared::i18n::number::format_decimal;
use mimamori_shared::i18n::patient::Text;
use mimamori_shared::{Flag, Lang};

/// Id of the confirmation's heading; focus moves there when it appears (unless red).
pub const RESULT_HEADING_ID: &str = "result-heading";

/// A stored report and what the patient is told about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The more urgent of the app's own judgement and the server's: advice errs on the safe side.
    pub flag: Flag,
    /// Whose report it is.
    pub case: PatientCaseView,
    /// The report as stored.
    pub report: ReportView,
}

/// The confirmation (`data-testid="report-result"`, `data-flag="red|amber|none"`).
#[component]
pub fn ReportResult(
    outcome: Outcome,
    lang: Lang,
    /// The account reports for several people: offer to report for the next one.
    household: bool,
    on_done: EventHandler<()>,
    on_another: EventHandler<()>,
    /// Offers to correct the report just sent (a new answer replaces it while its slot lasts).
    on_correct: Option<EventHandler<()>>,
    /// The report waited on the phone for the network before it went (`data-testid="queue-status"`,
    /// `data-state="sent"`).
    #[props(default)]
    delayed: bool,
) -> Element {
    let flag = outcome.flag;
    let next_steps = match flag {
        Flag::Red | Flag::NeedsAttention => Text::ResultRed,
        Flag::Amber => Text::ResultAmber,
        Flag::None => Text::ResultNone,
    };
    let report = &outcome.report;
    let temperature = format!("{} ℃", format_decimal(report.temperature_c, 1, lang));
    let spo2 = report.spo2.map(|s| format!("{s} %"));
    let pulse = report
        .pulse
        .map(|p| format!("{p} {}", Text::PerMinute.get(lang)));
    rsx! {
        div {
            class: "result result-{flag.as_str()}",
            "data-testid": "report-result",
            "data-flag": "{flag.as_str()}",
            if flag == Flag::Red {
                DangerAdvice {
                    health_centre: outcome.case.health_centre.clone(),
                    lang,
                    not_sent: false,
                }
            }
            section { class: "result-body", aria_labelledby: RESULT_HEADING_ID,
                h2 { id: RESULT_HEADING_ID, class: "result-title", tabindex: "-1",
                    "{Text::ResultSentTitle.get(lang)}"
                }
                p { class: "result-who",
                    "{outcome.case.name} · {short_date(report.slot_date, lang)}"
                }
                if delayed {
                    p { class: "queue-sent", "data-testid": "queue-status", "data-state": "sent",
                        strong { "{Text::QueueSentTitle.get(lang)}" }
                        " {Text::QueueSentAfterWaiting.get(lang)}"
                    }
                }
                p { class: "result-next", "{next_steps.get(lang)}" }
                dl { class: "result-summary",
                    dt { "{Text::TemperatureLabel.get(lang)}" }
                    dd { "{temperature}" }
                    if let Some(spo2) = spo2 {
                        dt { "{Text::Spo2Label.get(lang)}" }
                        dd { "{spo2}" }
                    }
                    if let Some(pulse) = pulse {
                        dt { "{Text::PulseLabel.get(lang)}" }
                        dd { "{pulse}" }
                    }
                }
                div { class: "actions",
                    if let Some(on_correct) = on_correct {
                        button {
                            r#type: "button",
                            class: "button button-secondary",
                            "data-testid": "correct-report",
                            onclick: move |_| on_correct.call(()),
                            "{Text::CorrectThisReport.get(lang)}"
                        }
                    }
                    if household {
                        button {
                            r#type: "button",
                            class: "button button-secondary",
                            "data-testid": "report-another",
                            onclick: move |_| on_another.call(()),
                            "{Text::ReportForAnother.get(lang)}"
                        }
                    }
                    button {
                        r#type: "button",
                        class: "button button-primary",
                        "data-testid": "result-done",
                        onclick: move |_| on_done.call(()),
                        "{Text::ResultDone.get(lang)}"
                    }
                }
            }
        }
    }
}
