//! The daily report: the form, its send, and the confirmation that follows.
//!
//! The answers are judged in the app with the same rules as the server
//! (`shared::triage::judge`), so danger advice shows the moment a red report is sent, even if
//! the send then fails for want of signal. A report goes through the offline queue
//! (`sync::send`): without signal it waits on the phone ("waiting to send") and goes by itself
//! when the network returns ("sent").

use crate::components::danger::DANGER_HEADING_ID;
use crate::components::queue_status::QUEUED_HEADING_ID;
use crate::components::result::RESULT_HEADING_ID;
use crate::components::{
    CasePicker, DangerAdvice, Outcome, QueueBanner, QueuedReport, ReportResult,
};
use crate::forms::messages::{field_error_text, field_errors_of, general_error_text};
use crate::forms::report::{PendingSend, ReportDraft, report_input_id, sort_by_form_order};
use crate::forms::{fill, short_date};
use crate::platform;
use crate::queue::{Attempt, QueuedReport as Queued};
use crate::route::Route;
use crate::state::{AppState, FocusRequest, use_app_state, use_focus_request};
use crate::sync;
use chrono::Utc;
use dioxus::prelude::*;
use mimamori_shared::api::FieldError;
use mimamori_shared::api::auth::{PatientCaseView, PatientMe};
use mimamori_shared::api::cases::CaseStatus;
use mimamori_shared::api::reports::ReportView;
use mimamori_shared::i18n::patient::Text;
use mimamori_shared::ids::CaseId;
use mimamori_shared::triage::judge_for_case;
use mimamori_shared::{Flag, Lang};
use uuid::Uuid;

mod correct;
mod fields;
pub use correct::CorrectReport;
use fields::ReportFields;

/// Id of the form's alert region (error summary, failed send); focus goes there when no field
/// is to blame.
const FORM_ALERT_ID: &str = "form-alert";
/// Id of the page heading.
const TITLE_ID: &str = "report-title";

/// Where the report is in its life.
#[derive(Debug, Clone, PartialEq)]
enum Phase {
    /// Being filled in.
    Editing,
    /// On its way; `local` is the app's own judgement.
    Sending { local: Flag },
    /// The send failed and may be retried; the answers are still on the form.
    Failed { local: Flag, message: &'static str },
    /// No network: the report waits on the phone and goes by itself (`key` is its idempotency
    /// key, to find it in the queue).
    Queued {
        local: Flag,
        key: Uuid,
        case: Box<PatientCaseView>,
    },
    /// Stored by the server (boxed: far larger than the other phases).
    Done(Box<Outcome>),
}

/// The signals of one report page, bundled so the send logic can live outside the markup.
#[derive(Clone, Copy, PartialEq)]
struct ReportForm {
    state: AppState,
    draft: Signal<ReportDraft>,
    errors: Signal<Vec<FieldError>>,
    pending: Signal<Option<PendingSend>>,
    phase: Signal<Phase>,
    focus: FocusRequest,
}

impl ReportForm {
    /// Forgets the error of `field` once the patient changes it. Writes only when there is one:
    /// a write re-renders the form, and this runs at every keystroke.
    fn clear_error(mut self, field: &str) {
        if self.errors.peek().iter().any(|e| e.field == field) {
            self.errors.write().retain(|e| e.field != field);
        }
    }

    fn show_errors(mut self, mut errors: Vec<FieldError>) {
        sort_by_form_order(&mut errors);
        let target = errors
            .iter()
            .find_map(|e| report_input_id(&e.field))
            .unwrap_or_else(|| FORM_ALERT_ID.to_owned());
        self.errors.set(errors);
        self.phase.set(Phase::Editing);
        self.focus.focus(&target);
    }

    /// Validates, stores the report on the phone and sends it; a retry of unchanged answers
    /// reuses the idempotency key.
    fn submit(mut self, case: PatientCaseView) {
        if matches!(*self.phase.peek(), Phase::Sending { .. }) {
            return;
        }
        let send = PendingSend::next(
            self.pending.peek().as_ref(),
            case.case_id,
            &self.draft.peek(),
        );
        let (request, valid) = match send.draft.to_request(send.key) {
            Ok(built) => built,
            Err(errors) => return self.show_errors(errors),
        };
        // No previous SpO2 here: the fall rule only raises amber, never the advice shown now.
        // The case's own thresholds, delivered with the sign-in, judge as the server will.
        let local = judge_for_case(&valid, None, case.thresholds).flag;
        let key = send.key;
        self.errors.set(Vec::new());
        self.pending.set(Some(send));
        self.phase.set(Phase::Sending { local });
        if local == Flag::Red {
            platform::scroll_to_top();
            self.focus.focus(DANGER_HEADING_ID);
        }
        let queued = Queued {
            case_id: case.case_id,
            request,
            local_flag: local,
            queued_at: Utc::now(),
        };
        spawn(async move {
            let attempt = sync::send(self.state, queued).await;
            self.finish(case, local, key, attempt);
        });
    }

    fn finish(mut self, case: PatientCaseView, local: Flag, key: Uuid, attempt: Attempt) {
        let error = match attempt {
            Attempt::Sent(report) => return self.show_stored(case, local, report),
            Attempt::Retry => return self.wait_for_network(case, local, key),
            Attempt::SignInNeeded => {
                // The report stays queued and goes once the patient has signed in again; the
                // answers are in it, so the form starts empty (no second report by mistake).
                self.pending.set(None);
                self.draft.set(ReportDraft::default());
                return;
            }
            Attempt::Refused(error) => error,
        };
        let fields = field_errors_of(&error);
        if !fields.is_empty() {
            return self.show_errors(fields);
        }
        let lang = self.state.lang();
        let message = if error.status() == Some(404) {
            Text::CaseUnavailable.get(lang)
        } else if error.status() == Some(409) && error.code() == Some("followup_paused") {
            Text::InHospital.get(lang)
        } else {
            general_error_text(&error, lang)
        };
        self.phase.set(Phase::Failed { local, message });
        self.focus.focus(if local == Flag::Red {
            DANGER_HEADING_ID
        } else {
            FORM_ALERT_ID
        });
    }
}

impl ReportForm {
    /// The server stored the report: the confirmation.
    fn show_stored(mut self, case: PatientCaseView, local: Flag, report: ReportView) {
        // Either judgement being red is enough to show the advice.
        let flag = local.max(report.flag);
        self.pending.set(None);
        self.draft.set(ReportDraft::default());
        self.state.update_me(|me| {
            for c in me.cases.iter_mut().filter(|c| c.case_id == case.case_id) {
                c.reported_current_slot = true;
            }
        });
        self.phase
            .set(Phase::Done(Box::new(Outcome { flag, case, report })));
        platform::scroll_to_top();
        self.focus.focus(if flag == Flag::Red {
            DANGER_HEADING_ID
        } else {
            RESULT_HEADING_ID
        });
    }

    /// The report is kept on the phone until the network returns: the form is done with it.
    fn wait_for_network(mut self, case: PatientCaseView, local: Flag, key: Uuid) {
        self.pending.set(None);
        self.draft.set(ReportDraft::default());
        self.phase.set(Phase::Queued {
            local,
            key,
            case: Box::new(case),
        });
        platform::scroll_to_top();
        self.focus.focus(if local == Flag::Red {
            DANGER_HEADING_ID
        } else {
            QUEUED_HEADING_ID
        });
    }

    /// Once the waiting report has gone, the ordinary confirmation replaces "waiting to send"
    /// (marked "sent"); if the server refused it for good, the form comes back and the queue's
    /// notice asks for it again. Runs when the queue changes.
    fn follow_queue(mut self, mut delayed: Signal<bool>) {
        let outbox = self.state.outbox();
        let outbox = outbox.read();
        let Phase::Queued { local, key, case } = self.phase.peek().clone() else {
            return;
        };
        if let Some(report) = outbox.sent_report(key) {
            let flag = local.max(report.flag);
            delayed.set(true);
            self.phase.set(Phase::Done(Box::new(Outcome {
                flag,
                case: *case,
                report: report.clone(),
            })));
            // The waiting view, which may have had focus, is gone.
            self.focus.focus(if flag == Flag::Red {
                DANGER_HEADING_ID
            } else {
                RESULT_HEADING_ID
            });
        } else if !outbox.is_waiting(key) {
            // Refused for good: back to the form, where the queue's notice asks for it again.
            self.phase.set(Phase::Editing);
            self.focus.focus(TITLE_ID);
        }
    }
}

/// The report page of a signed-in account.
#[component]
pub fn ReportPage(me: PatientMe) -> Element {
    let state = use_app_state();
    let lang = state.lang();
    let mut selected = state.selected_case();
    let navigator = use_navigator();
    let form = ReportForm {
        state,
        draft: state.draft(),
        errors: use_signal(Vec::new),
        pending: use_signal(|| None),
        phase: use_signal(|| Phase::Editing),
        focus: use_focus_request(),
    };
    let mut delayed = use_signal(|| false);
    use_effect(move || form.follow_queue(delayed));

    let case = selected()
        .and_then(|id| me.cases.iter().find(|c| c.case_id == id))
        .or(me.cases.first())
        .cloned();
    let Some(case) = case else {
        return rsx! {
            h1 { class: "page-title", "{Text::ReportTitle.get(lang)}" }
            p { class: "notice", "{Text::NoCases.get(lang)}" }
        };
    };

    let mut phase = form.phase;
    if let Phase::Done(outcome) = phase() {
        let cases = me.cases.clone();
        let current = outcome.case.case_id;
        return rsx! {
            ReportResult {
                outcome: *outcome,
                lang,
                delayed: delayed(),
                household: cases.len() > 1,
                on_done: move |()| {
                    delayed.set(false);
                    phase.set(Phase::Editing);
                    form.focus.focus(TITLE_ID);
                },
                on_another: move |()| {
                    delayed.set(false);
                    selected.set(next_case(&cases, current));
                    phase.set(Phase::Editing);
                    form.focus.focus(TITLE_ID);
                },
                on_correct: move |()| {
                    navigator.push(Route::Correct { case_id: current });
                },
            }
        };
    }

    if let Phase::Queued { local, case, .. } = phase() {
        return rsx! {
            QueuedReport {
                case: *case,
                local,
                lang,
                on_done: move |()| {
                    phase.set(Phase::Editing);
                    form.focus.focus(TITLE_ID);
                },
            }
        };
    }

    if case.status == CaseStatus::Hospitalised {
        // Admitted since: the institution's report paused home follow-up, so the form would
        // only be refused. The household's other members can still be picked.
        return rsx! {
            h1 { id: TITLE_ID, class: "page-title", tabindex: "-1", "{Text::ReportTitle.get(lang)}" }
            if me.cases.len() > 1 {
                CasePicker {
                    cases: me.cases.clone(),
                    selected: case.case_id,
                    lang,
                    on_select: move |id: CaseId| selected.set(Some(id)),
                }
            }
            p { class: "notice", "data-testid": "in-hospital", "{Text::InHospital.get(lang)}" }
        };
    }

    let (sending, local_red, failure) = match phase() {
        Phase::Sending { local } => (true, local == Flag::Red, None),
        Phase::Failed { local, message } => (false, local == Flag::Red, Some(message)),
        _ => (false, false, None),
    };
    let day = fill(
        Text::FollowUpDay.get(lang),
        &[
            ("day", &case.day.to_string()),
            ("end", &short_date(case.followup_end, lang)),
        ],
    );
    let case_for_submit = case.clone();
    rsx! {
        if local_red {
            DangerAdvice {
                health_centre: case.health_centre.clone(),
                lang,
                not_sent: true,
            }
        }
        h1 { id: TITLE_ID, class: "page-title", tabindex: "-1", "{Text::ReportTitle.get(lang)}" }
        p { class: "page-subtitle", "{day}" }
        if me.failed_sign_ins > 0 {
            p { class: "notice", role: "status", "data-testid": "failed-sign-ins",
                {fill(Text::FailedSignIns.get(lang), &[("n", &me.failed_sign_ins.to_string())])}
            }
        }
        QueueBanner { cases: me.cases.iter().map(|c| c.case_id).collect::<Vec<_>>(), lang }
        // Always in the page, so screen readers hear the notice when the signal goes.
        div { role: "status",
            if !state.online() {
                p { class: "notice", "data-testid": "offline-notice", "{Text::OfflineNotice.get(lang)}" }
            }
        }
        if me.cases.len() > 1 {
            CasePicker {
                cases: me.cases.clone(),
                selected: case.case_id,
                lang,
                on_select: move |id: CaseId| selected.set(Some(id)),
            }
        }
        if case.reported_current_slot {
            div { class: "notice", "data-testid": "already-reported",
                p { "{Text::AlreadyReported.get(lang)}" }
                Link {
                    class: "button button-secondary button-big",
                    to: Route::Correct { case_id: case.case_id },
                    "data-testid": "correct-today",
                    "{Text::CorrectTodaysReport.get(lang)}"
                }
                // Reported already: records and messages from staff are what the patient may
                // have come for, so they are offered here too, not only below the long form.
                Link {
                    class: "button button-secondary button-big",
                    to: Route::History {},
                    "data-testid": "history-today",
                    "{Text::HistoryLink.get(lang)}"
                }
            }
        }
        form {
            class: "report-form",
            novalidate: true,
            onsubmit: move |event: FormEvent| {
                event.prevent_default();
                form.submit(case_for_submit.clone());
            },
            ReportFields { form, lang }
            FormStatus { form, lang, sending, failure }
            button {
                r#type: "submit",
                class: "button button-primary button-big",
                "data-testid": "report-submit",
                aria_disabled: if sending { "true" } else { "false" },
                if sending {
                    "{Text::Sending.get(lang)}"
                } else {
                    "{Text::ReportSubmit.get(lang)}"
                }
            }
        }
        p { class: "case-number-note",
            {fill(Text::CaseNumberShown.get(lang), &[("n", &case.case_number)])}
        }
    }
}

/// The case after `current` that has not reported yet, else simply the next one.
fn next_case(cases: &[PatientCaseView], current: CaseId) -> Option<CaseId> {
    let start = cases.iter().position(|c| c.case_id == current).unwrap_or(0);
    let after = || (1..=cases.len()).map(|i| &cases[(start + i) % cases.len()]);
    after()
        .find(|c| !c.reported_current_slot && c.case_id != current)
        .or_else(|| after().next())
        .map(|c| c.case_id)
}

/// The error summary (an alert region, always in the page so screen readers announce changes)
/// and the sending status.
#[component]
fn FormStatus(
    form: ReportForm,
    lang: Lang,
    sending: bool,
    failure: Option<&'static str>,
) -> Element {
    let errors = form.errors.read();
    let summary = (!errors.is_empty()).then(|| {
        fill(
            Text::FormHasErrors.get(lang),
            &[("n", &errors.len().to_string())],
        )
    });
    // Errors no input shows (an unexpected field from the server) are listed here instead.
    let orphans: Vec<String> = errors
        .iter()
        .filter(|e| report_input_id(&e.field).is_none() || e.field == "urgent_signs")
        .map(|e| field_error_text(e, lang))
        .collect();
    rsx! {
        div { id: FORM_ALERT_ID, class: "form-alert", role: "alert", tabindex: "-1",
            if let Some(summary) = summary {
                p { class: "form-alert-text", "{summary}" }
            }
            for message in orphans {
                p { class: "form-alert-text", "{message}" }
            }
            if let Some(message) = failure {
                p { class: "form-alert-text", "data-testid": "send-error", "{message}" }
                p { "{Text::SendFailedKept.get(lang)}" }
            }
        }
        p { class: "form-status", role: "status",
            if sending {
                "{Text::Sending.get(lang)}"
            }
        }
    }
}
