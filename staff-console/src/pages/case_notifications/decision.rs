//! The health centre's two answers to a submitted notification: accept (registering the case,
//! optionally assigning it at once; or linking it to the case already registered for the
//! person) and return with a comment.

use crate::api;
use crate::api::case_notifications::AcceptFailure;
use crate::components::{ErrorBeside, ProblemNotice, error_beside_id};
use crate::hc_forms::Errors;
use crate::route::Route;
use crate::state::{expire_session, use_lang, use_session};
use dioxus::prelude::*;
use mimamori_shared::api::case_notifications::{
    AcceptNotification, NotificationView, ReturnNotification,
};
use mimamori_shared::api::intake::{CaseRef, DEFAULT_FOLLOWUP_DAYS};
use mimamori_shared::api::{FieldError, Problem};
use mimamori_shared::i18n::staff_hc::HcText;
use mimamori_shared::i18n::staff_institution::InstText;
use mimamori_shared::ids::{CaseId, CaseNotificationId, OrgId};

/// The 409 when the notification is no longer waiting (accepted or returned meanwhile).
const NOT_SUBMITTED: &str = "not_submitted";

/// Fields of the accept form that show their errors beside them.
const ACCEPT_FIELDS: [&str; 3] = ["followup_org_id", "followup_days", "slots_per_day"];

/// What the accept form holds, as typed.
#[derive(Debug, Clone, PartialEq)]
struct AcceptForm {
    followup_org_id: String,
    followup_days: String,
    slots_per_day: String,
}

impl Default for AcceptForm {
    fn default() -> Self {
        Self {
            followup_org_id: String::new(),
            followup_days: DEFAULT_FOLLOWUP_DAYS.to_string(),
            slots_per_day: "1".to_owned(),
        }
    }
}

impl AcceptForm {
    /// The request (linking to `link_to_case` when given), or the fields that are no number.
    fn to_request(&self, link_to_case: Option<CaseId>) -> Result<AcceptNotification, Errors> {
        let mut errors = Vec::new();
        let mut number = |field: &str, text: &str| -> Option<i64> {
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            let parsed = text.parse::<i64>().ok();
            if parsed.is_none() {
                errors.push(FieldError::custom(
                    field,
                    "not_a_number",
                    "not a whole number",
                ));
            }
            parsed
        };
        let request = AcceptNotification {
            followup_org_id: number("followup_org_id", &self.followup_org_id).map(OrgId),
            followup_days: number("followup_days", &self.followup_days),
            slots_per_day: number("slots_per_day", &self.slots_per_day),
            link_to_case,
        };
        if errors.is_empty() {
            Ok(request)
        } else {
            Err(Errors(errors))
        }
    }
}

/// Accept: the follow-up organisation (optional), days and reports a day; on success the new
/// (or linked) case opens, where assignment and invitation work as for any case. `on_stale`
/// when a colleague decided the notification meanwhile (409 `not_submitted`).
#[component]
pub fn AcceptPanel(id: CaseNotificationId, on_stale: EventHandler<()>) -> Element {
    let lang = use_lang();
    let session = use_session();
    let nav = use_navigator();
    let orgs = use_resource(api::hc::contracted_orgs);
    let mut form = use_signal(AcceptForm::default);
    let mut errors = use_signal(Errors::default);
    let mut problem = use_signal(|| None::<Problem>);
    let mut duplicate = use_signal(|| None::<CaseRef>);
    let mut busy = use_signal(|| false);

    let mut accept = move |link_to_case: Option<CaseId>| {
        if busy() {
            return;
        }
        problem.set(None);
        let request = match form.read().to_request(link_to_case) {
            Ok(request) => request,
            Err(invalid) => {
                errors.set(invalid);
                return;
            }
        };
        errors.set(Errors::default());
        busy.set(true);
        spawn(async move {
            let result = api::case_notifications::accept(id, &request).await;
            busy.set(false);
            match result {
                Ok(accepted) => {
                    nav.push(Route::Case {
                        id: accepted.case.id,
                    });
                }
                Err(AcceptFailure::Duplicate(existing)) => duplicate.set(Some(existing)),
                Err(AcceptFailure::Problem(failed)) if failed.status == 401 => {
                    expire_session(session)
                }
                Err(AcceptFailure::Problem(failed)) if failed.code == NOT_SUBMITTED => {
                    on_stale.call(())
                }
                Err(AcceptFailure::Problem(failed)) => {
                    let fields = Errors::from_problem(&failed);
                    if fields.is_empty() || fields.has_other_than(&ACCEPT_FIELDS) {
                        problem.set(Some(failed));
                    }
                    errors.set(fields);
                }
            }
        });
    };

    let current = form.read().clone();
    let message = move |field: &str| errors.read().hc(lang, field);
    let described = move |field: &str| message(field).map(|_| error_beside_id("accept", field));
    let org_choices = match &*orgs.read() {
        Some(Ok(list)) => list.items.clone(),
        _ => Vec::new(),
    };
    rsx! {
        section { class: "panel hc-panel", "aria-labelledby": "accept-heading",
            h2 { id: "accept-heading", {InstText::AcceptTitle.get(lang)} }
            p { class: "muted", {InstText::AcceptIntro.get(lang)} }
            form { novalidate: true, onsubmit: move |e: FormEvent| {
                    e.prevent_default();
                    accept(None);
                },
                div { class: "field",
                    label { r#for: "accept-org", {HcText::FollowupOrg.get(lang)} }
                    select {
                        id: "accept-org",
                        "data-testid": "accept-org",
                        "aria-invalid": message("followup_org_id").is_some().to_string(),
                        "aria-describedby": described("followup_org_id"),
                        onchange: move |e| form.write().followup_org_id = e.value(),
                        option { value: "", selected: current.followup_org_id.is_empty(), {HcText::AssignLater.get(lang)} }
                        for org in org_choices.iter() {
                            option {
                                key: "{org.id}",
                                value: "{org.id}",
                                selected: current.followup_org_id == org.id.to_string(),
                                {org.name.clone()}
                            }
                        }
                    }
                    ErrorBeside { id: error_beside_id("accept", "followup_org_id"), message: message("followup_org_id") }
                }
                div { class: "field",
                    label { r#for: "accept-days", {HcText::FollowupDays.get(lang)} }
                    p { class: "hint", id: "accept-days-hint", {HcText::FollowupDaysHint.get(lang)} }
                    input {
                        id: "accept-days",
                        "data-testid": "accept-days",
                        r#type: "number",
                        inputmode: "numeric",
                        min: "1",
                        max: "30",
                        value: current.followup_days.clone(),
                        "aria-invalid": message("followup_days").is_some().to_string(),
                        "aria-describedby": match described("followup_days") {
                            Some(error) => format!("accept-days-hint {error}"),
                            None => "accept-days-hint".to_owned(),
                        },
                        oninput: move |e| form.write().followup_days = e.value(),
                    }
                    ErrorBeside { id: error_beside_id("accept", "followup_days"), message: message("followup_days") }
                }
                div { class: "field",
                    label { r#for: "accept-slots", {HcText::SlotsPerDay.get(lang)} }
                    select {
                        id: "accept-slots",
                        "data-testid": "accept-slots",
                        "aria-invalid": message("slots_per_day").is_some().to_string(),
                        "aria-describedby": described("slots_per_day"),
                        onchange: move |e| form.write().slots_per_day = e.value(),
                        option { value: "1", selected: current.slots_per_day == "1", {HcText::SlotsOne.get(lang)} }
                        option { value: "2", selected: current.slots_per_day == "2", {HcText::SlotsTwo.get(lang)} }
                    }
                    ErrorBeside { id: error_beside_id("accept", "slots_per_day"), message: message("slots_per_day") }
                }
                if let Some(existing) = duplicate() {
                    div { class: "notice notice-error", role: "alert", "data-testid": "accept-duplicate",
                        p { {InstText::AcceptDuplicate.get(lang)} " " {existing.case_number.clone()} }
                        p { Link { to: Route::Case { id: existing.id }, {InstText::OpenCase.get(lang)} } }
                        button {
                            r#type: "button",
                            class: "button",
                            "data-testid": "accept-link",
                            disabled: busy(),
                            onclick: move |_| accept(Some(existing.id)),
                            {InstText::LinkToExisting.get(lang)}
                        }
                    }
                }
                if let Some(failed) = problem() {
                    ProblemNotice { problem: failed }
                }
                div { class: "actions",
                    button {
                        r#type: "submit",
                        class: "button button-primary",
                        "data-testid": "accept-submit",
                        disabled: busy(),
                        if busy() { {InstText::Accepting.get(lang)} } else { {InstText::Accept.get(lang)} }
                    }
                }
            }
        }
    }
}

/// Return: a comment (required) for the institution; `on_returned` gets the returned view,
/// `on_stale` is called when a colleague decided the notification meanwhile.
#[component]
pub fn ReturnPanel(
    id: CaseNotificationId,
    on_returned: EventHandler<NotificationView>,
    on_stale: EventHandler<()>,
) -> Element {
    let lang = use_lang();
    let session = use_session();
    let mut comment = use_signal(String::new);
    let mut errors = use_signal(Errors::default);
    let mut problem = use_signal(|| None::<Problem>);
    let mut busy = use_signal(|| false);

    let onsubmit = move |e: FormEvent| {
        e.prevent_default();
        if busy() {
            return;
        }
        problem.set(None);
        let request = ReturnNotification { comment: comment() };
        if let Err(invalid) = request.validate() {
            errors.set(Errors(invalid));
            return;
        }
        errors.set(Errors::default());
        busy.set(true);
        spawn(async move {
            let result = api::case_notifications::return_to_institution(id, &request).await;
            busy.set(false);
            match result {
                Ok(view) => on_returned.call(view),
                Err(failed) if failed.status == 401 => expire_session(session),
                Err(failed) if failed.code == NOT_SUBMITTED => on_stale.call(()),
                Err(failed) if failed.status == 422 && failed.field("comment").is_some() => {
                    errors.set(Errors::from_problem(&failed))
                }
                Err(failed) => problem.set(Some(failed)),
            }
        });
    };

    let message = errors
        .read()
        .code("comment")
        .map(|c| InstText::field_error(c).get(lang));
    let error_id = error_beside_id("return", "comment");
    rsx! {
        section { class: "panel", "aria-labelledby": "return-heading",
            h2 { id: "return-heading", {InstText::ReturnTitle.get(lang)} }
            form { novalidate: true, onsubmit,
                div { class: "field",
                    label { r#for: "return-comment", {InstText::ReturnComment.get(lang)} }
                    p { class: "hint", id: "return-comment-hint", {InstText::ReturnIntro.get(lang)} }
                    textarea {
                        id: "return-comment",
                        "data-testid": "return-comment",
                        rows: 3,
                        value: comment(),
                        "aria-invalid": message.is_some().to_string(),
                        "aria-describedby": if message.is_some() { format!("return-comment-hint {error_id}") } else { "return-comment-hint".to_owned() },
                        oninput: move |e| {
                            comment.set(e.value());
                            errors.set(Errors::default());
                        },
                    }
                    ErrorBeside { id: error_id.clone(), message }
                }
                if let Some(failed) = problem() {
                    ProblemNotice { problem: failed }
                }
                div { class: "actions",
                    button {
                        r#type: "submit",
                        class: "button",
                        "data-testid": "return-submit",
                        disabled: busy(),
                        if busy() { {InstText::Returning.get(lang)} } else { {InstText::Return.get(lang)} }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_accept_form_defaults_to_ten_days_once_a_day_and_no_organisation() {
        let request = AcceptForm::default().to_request(None).unwrap_or_default();
        assert_eq!(request.followup_org_id, None);
        assert_eq!(request.followup_days, Some(10));
        assert_eq!(request.slots_per_day, Some(1));
        assert_eq!(request.link_to_case, None);
    }

    #[test]
    fn the_accept_form_names_a_field_that_is_no_number() {
        let form = AcceptForm {
            followup_org_id: "4".into(),
            followup_days: "ten".into(),
            ..AcceptForm::default()
        };
        let errors = form.to_request(None).err().unwrap_or_default();
        assert_eq!(errors.code("followup_days"), Some("not_a_number"));
        assert!(!errors.has_other_than(&ACCEPT_FIELDS));
        let linked = AcceptForm {
            followup_org_id: "4".into(),
            ..AcceptForm::default()
        }
        .to_request(Some(CaseId(9)))
        .unwrap_or_default();
        assert_eq!(linked.followup_org_id, Some(OrgId(4)));
        assert_eq!(linked.link_to_case, Some(CaseId(9)));
    }
}
