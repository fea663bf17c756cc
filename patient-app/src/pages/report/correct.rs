//! `/correct/<case id>`: correcting the report of the current slot.
//!
//! The form starts from the stored answers, so the patient changes only what was wrong; the
//! corrected report replaces the stored one (`PUT …/reports/{id}`) and is judged again. Once the
//! slot is over the server answers 409 `not_current_slot`, and the page says the report can no
//! longer be changed. The draft is this page's own: an unsent new report stays untouched.

use super::{FORM_ALERT_ID, FormStatus, Phase, ReportFields, ReportForm, TITLE_ID};
use crate::api::{self, ApiError};
use crate::components::danger::DANGER_HEADING_ID;
use crate::components::result::RESULT_HEADING_ID;
use crate::components::{
    BackToToday, DangerAdvice, Outcome, ReportResult, SessionPending, use_signed_in,
};
use crate::forms::messages::{field_errors_of, general_error_text};
use crate::forms::report::ReportDraft;
use crate::platform;
use crate::route::Route;
use crate::state::{use_app_state, use_focus_request};
use dioxus::prelude::*;
use mimamori_shared::api::auth::{PatientCaseView, PatientMe};
use mimamori_shared::api::reports::ReportView;
use mimamori_shared::i18n::patient::Text;
use mimamori_shared::ids::{CaseId, ReportId};
use mimamori_shared::triage::judge_for_case;
use mimamori_shared::{Flag, Lang};
use uuid::Uuid;

impl ReportForm {
    /// Validates and sends the corrected answers in place of report `report_id`.
    fn submit_correction(mut self, case: PatientCaseView, report_id: ReportId) {
        if matches!(*self.phase.peek(), Phase::Sending { .. }) {
            return;
        }
        // A fresh key per attempt: the correction replaces the report's answers, key included,
        // and a PUT repeated after a lost answer changes nothing further.
        let (request, valid) = match self.draft.peek().to_request(Uuid::new_v4()) {
            Ok(built) => built,
            Err(errors) => return self.show_errors(errors),
        };
        let local = judge_for_case(&valid, None, case.thresholds).flag;
        self.errors.set(Vec::new());
        self.phase.set(Phase::Sending { local });
        if local == Flag::Red {
            platform::scroll_to_top();
            self.focus.focus(DANGER_HEADING_ID);
        }
        spawn(async move {
            let result = api::correct_report(case.case_id, report_id, &request).await;
            self.finish_correction(case, local, result);
        });
    }

    fn finish_correction(
        mut self,
        case: PatientCaseView,
        local: Flag,
        result: Result<ReportView, ApiError>,
    ) {
        let error = match result {
            Ok(report) => {
                let flag = local.max(report.flag);
                self.phase
                    .set(Phase::Done(Box::new(Outcome { flag, case, report })));
                platform::scroll_to_top();
                self.focus.focus(if flag == Flag::Red {
                    DANGER_HEADING_ID
                } else {
                    RESULT_HEADING_ID
                });
                return;
            }
            Err(error) => error,
        };
        let fields = field_errors_of(&error);
        if !fields.is_empty() {
            return self.show_errors(fields);
        }
        if error.status() == Some(401) {
            self.state.signed_out();
            return;
        }
        let lang = self.state.lang();
        let message = correction_error_text(&error, lang);
        self.phase.set(Phase::Failed { local, message });
        self.focus.focus(if local == Flag::Red {
            DANGER_HEADING_ID
        } else {
            FORM_ALERT_ID
        });
    }
}

/// What to say when a correction is refused for a reason other than a field.
fn correction_error_text(error: &ApiError, lang: Lang) -> &'static str {
    match (error.status(), error.code()) {
        (Some(409), Some("not_current_slot")) => Text::CorrectionTooLate.get(lang),
        (Some(404), _) => Text::CaseUnavailable.get(lang),
        _ => general_error_text(error, lang),
    }
}

/// The correction page: waits for the session, then for the report to correct.
#[component]
pub fn CorrectReport(case_id: CaseId) -> Element {
    match use_signed_in() {
        Some(me) => rsx! {
            CorrectionLoader { me, case_id }
        },
        None => rsx! {
            SessionPending {}
        },
    }
}

/// Loads the case's newest report: the one of the current slot, if the slot has one.
#[component]
fn CorrectionLoader(me: PatientMe, case_id: CaseId) -> Element {
    let state = use_app_state();
    let lang = state.lang();
    let reports = use_resource(use_reactive!(|case_id| api::list_reports(case_id)));
    use_effect(move || {
        if let Some(Err(error)) = &*reports.read()
            && error.status() == Some(401)
        {
            // The sign-in page brings the patient back to today's screen.
            state.signed_out();
        }
    });
    let Some(case) = me.cases.iter().find(|c| c.case_id == case_id).cloned() else {
        return rsx! {
            p { class: "notice notice-error", role: "alert", "{Text::CaseUnavailable.get(lang)}" }
            BackToToday {}
        };
    };
    let loaded = reports.read().clone();
    match loaded {
        None => rsx! {
            p { class: "loading", role: "status", "{Text::Loading.get(lang)}" }
        },
        Some(Err(error)) => {
            let message = correction_error_text(&error, lang);
            let mut reports = reports;
            rsx! {
                div { class: "notice notice-error", role: "alert",
                    p { "{message}" }
                    button {
                        r#type: "button",
                        class: "button button-primary",
                        onclick: move |_| reports.restart(),
                        "{Text::TryAgain.get(lang)}"
                    }
                }
                BackToToday {}
            }
        }
        Some(Ok(list)) => match (case.reported_current_slot, list.items.into_iter().next()) {
            (true, Some(report)) => rsx! {
                CorrectionForm { key: "{report.id}", case, report }
            },
            _ => rsx! {
                p { class: "notice", "data-testid": "nothing-to-correct", "{Text::NothingToCorrect.get(lang)}" }
                BackToToday {}
            },
        },
    }
}

/// The report form, filled with `report`'s answers, sending a correction.
#[component]
fn CorrectionForm(case: PatientCaseView, report: ReportView) -> Element {
    let state = use_app_state();
    let lang = state.lang();
    let navigator = use_navigator();
    let initial = ReportDraft::from_report(&report, lang);
    let form = ReportForm {
        state,
        draft: use_signal(move || initial),
        errors: use_signal(Vec::new),
        pending: use_signal(|| None),
        phase: use_signal(|| Phase::Editing),
        focus: use_focus_request(),
    };
    // Straight to the heading, so a screen reader starts with what this page is.
    use_hook(|| form.focus.focus(TITLE_ID));
    let mut phase = form.phase;
    if let Phase::Done(outcome) = phase() {
        return rsx! {
            ReportResult {
                outcome: *outcome,
                lang,
                household: false,
                on_done: move |()| {
                    navigator.replace(Route::Today {});
                },
                on_another: move |()| {},
                on_correct: move |()| {
                    phase.set(Phase::Editing);
                    form.focus.focus(TITLE_ID);
                },
            }
        };
    }
    let (sending, local_red, failure) = match phase() {
        Phase::Sending { local } => (true, local == Flag::Red, None),
        Phase::Failed { local, message } => (false, local == Flag::Red, Some(message)),
        _ => (false, false, None),
    };
    let too_late = failure == Some(Text::CorrectionTooLate.get(lang));
    let report_id = report.id;
    let case_for_submit = case.clone();
    rsx! {
        if local_red {
            DangerAdvice {
                health_centre: case.health_centre.clone(),
                lang,
                not_sent: true,
            }
        }
        h1 { id: TITLE_ID, class: "page-title", tabindex: "-1", "{Text::CorrectTitle.get(lang)}" }
        p { class: "page-subtitle", "{case.name}" }
        p { "{Text::CorrectIntro.get(lang)}" }
        form {
            class: "report-form",
            novalidate: true,
            "data-testid": "correction-form",
            onsubmit: move |event: FormEvent| {
                event.prevent_default();
                form.submit_correction(case_for_submit.clone(), report_id);
            },
            ReportFields { form, lang }
            FormStatus { form, lang, sending, failure }
            if too_late {
                Link {
                    class: "button button-primary button-big",
                    to: Route::Today {},
                    "{Text::GoToTodaysReport.get(lang)}"
                }
            } else {
                button {
                    r#type: "submit",
                    class: "button button-primary button-big",
                    "data-testid": "correction-submit",
                    aria_disabled: if sending { "true" } else { "false" },
                    if sending {
                        "{Text::Sending.get(lang)}"
                    } else {
                        "{Text::CorrectSubmit.get(lang)}"
                    }
                }
            }
        }
        BackToToday {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mimamori_shared::api::Problem;

    fn problem(status: u16, code: &str) -> ApiError {
        ApiError::Problem(Box::new(Problem {
            kind: "about:blank".into(),
            title: "t".into(),
            status,
            detail: None,
            code: code.into(),
            errors: vec![],
        }))
    }

    #[test]
    fn a_correction_after_the_slot_says_it_is_too_late() {
        let en = |e: &ApiError| correction_error_text(e, Lang::En);
        assert_eq!(
            en(&problem(409, "not_current_slot")),
            Text::CorrectionTooLate.get(Lang::En)
        );
        assert_eq!(
            en(&problem(404, "not_found")),
            Text::CaseUnavailable.get(Lang::En)
        );
        assert_eq!(en(&ApiError::Network), Text::ErrorConnection.get(Lang::En));
    }
}
