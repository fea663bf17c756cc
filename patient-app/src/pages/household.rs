//! `/household`: one sign-in reports for several members of a household.
//!
//! The representative adds a member with the member's own invitation (the link from their
//! message, pasted whole, or the code on their letter); the member's case then appears in the
//! case picker of today's report. The list here says for each member whether the current slot is
//! reported.

use crate::api::{self, ApiError};
use crate::components::{BackToToday, FieldErrorLine, SessionPending, use_signed_in};
use crate::forms::fill;
use crate::forms::invitation::invitation_token;
use crate::forms::messages::{field_error_text, field_errors_of, general_error_text};
use crate::route::Route;
use crate::state::{use_app_state, use_focus_request};
use dioxus::prelude::*;
use mimamori_shared::Lang;
use mimamori_shared::api::FieldError;
use mimamori_shared::api::auth::{PatientCaseView, PatientMe};
use mimamori_shared::api::patient::AddHouseholdMember;
use mimamori_shared::i18n::patient::Text;

/// Id of the invitation input.
const TOKEN_INPUT_ID: &str = "household-token";
/// Id of the alert region for failures not about the input.
const ALERT_ID: &str = "household-alert";

/// The household page, once the session is known.
#[component]
pub fn Household() -> Element {
    match use_signed_in() {
        Some(me) => rsx! {
            HouseholdPage { me }
        },
        None => rsx! {
            SessionPending {}
        },
    }
}

/// What the page says about the invitation after a failed attempt.
#[derive(Debug, Clone, PartialEq)]
enum Failure {
    /// Beside the input: the invitation itself cannot be used.
    Field(String),
    /// In the alert region: connection, server, rate limit.
    General(&'static str),
}

/// The message for a refused invitation, beside the input; `None` when the failure is not
/// about the invitation.
fn invitation_refusal(error: &ApiError, lang: Lang) -> Option<String> {
    let text = match (error.status()?, error.code().unwrap_or_default()) {
        (404, _) => Text::InvitationNotFound,
        (410, "invitation_used") | (409, _) => Text::HouseholdAlreadyEnrolled,
        (410, _) => Text::InvitationExpired,
        (422, _) => {
            let fields = field_errors_of(error);
            let token = fields.iter().find(|e| e.field == "token")?;
            return Some(field_error_text(token, lang));
        }
        _ => return None,
    };
    Some(text.get(lang).to_owned())
}

#[component]
fn HouseholdPage(me: PatientMe) -> Element {
    let state = use_app_state();
    let lang = state.lang();
    let navigator = use_navigator();
    let focus = use_focus_request();
    let mut input = use_signal(String::new);
    let mut failure = use_signal(|| None::<Failure>);
    let mut added = use_signal(|| None::<PatientCaseView>);
    let mut busy = use_signal(|| false);

    let known = me.cases.clone();
    let submit = move |event: FormEvent| {
        event.prevent_default();
        if busy() {
            return;
        }
        added.set(None);
        let token = match invitation_token(&input()) {
            Ok(token) => token,
            Err(error) => {
                let message = match error {
                    mimamori_shared::values::ValueError::Required => {
                        field_error_text(&FieldError::new("token", &error), lang)
                    }
                    _ => Text::HouseholdCodeInvalid.get(lang).to_owned(),
                };
                failure.set(Some(Failure::Field(message)));
                focus.focus(TOKEN_INPUT_ID);
                return;
            }
        };
        failure.set(None);
        busy.set(true);
        let known = known.clone();
        spawn(async move {
            let result = api::add_household_member(&AddHouseholdMember { token }).await;
            busy.set(false);
            match result {
                Ok(updated) => {
                    let new_member = updated
                        .cases
                        .iter()
                        .find(|c| known.iter().all(|k| k.case_id != c.case_id))
                        .cloned();
                    state.update_me(|me| *me = updated);
                    input.set(String::new());
                    added.set(new_member);
                    focus.focus("household-added");
                }
                Err(error) if error.status() == Some(401) => state.signed_out(),
                Err(error) => {
                    let lang = state.lang();
                    match invitation_refusal(&error, lang) {
                        Some(message) => {
                            failure.set(Some(Failure::Field(message)));
                            focus.focus(TOKEN_INPUT_ID);
                        }
                        None => {
                            failure.set(Some(Failure::General(general_error_text(&error, lang))));
                            focus.focus(ALERT_ID);
                        }
                    }
                }
            }
        });
    };

    let field_error = match failure() {
        Some(Failure::Field(message)) => Some(message),
        _ => None,
    };
    let general = match failure() {
        Some(Failure::General(message)) => Some(message),
        _ => None,
    };
    let invalid = field_error.is_some();
    let describedby = if invalid {
        format!("{TOKEN_INPUT_ID}-error {TOKEN_INPUT_ID}-hint")
    } else {
        format!("{TOKEN_INPUT_ID}-hint")
    };
    let mut selected = state.selected_case();
    rsx! {
        h1 { class: "page-title", "{Text::HouseholdTitle.get(lang)}" }
        p { "{Text::HouseholdIntro.get(lang)}" }

        section { class: "form-section", aria_labelledby: "members-title",
            h2 { id: "members-title", class: "section-title", "{Text::HouseholdMembers.get(lang)}" }
            ul { class: "member-list", "data-testid": "member-list",
                for case in me.cases.iter() {
                    MemberItem { key: "{case.case_id}", case: case.clone(), lang }
                }
            }
        }

        // Announced politely when a member is added; focus moves here too.
        div { id: "household-added", class: "household-added", role: "status", tabindex: "-1",
            if let Some(case) = added() {
                div { class: "notice", "data-testid": "household-added",
                    p { class: "result-next",
                        {fill(Text::HouseholdAdded.get(lang), &[("name", &case.name)])}
                    }
                    button {
                        r#type: "button",
                        class: "button button-primary button-big",
                        "data-testid": "report-for-new-member",
                        onclick: move |_| {
                            selected.set(Some(case.case_id));
                            navigator.push(Route::Today {});
                        },
                        {fill(Text::ReportForMember.get(lang), &[("name", &case.name)])}
                    }
                }
            }
        }

        form { class: "form-section", novalidate: true, onsubmit: submit,
            h2 { class: "section-title", "{Text::HouseholdAddTitle.get(lang)}" }
            div { class: if invalid { "field field-invalid" } else { "field" },
                label { r#for: TOKEN_INPUT_ID, class: "field-label", "{Text::HouseholdCodeLabel.get(lang)}" }
                p { id: "{TOKEN_INPUT_ID}-hint", class: "field-hint", "{Text::HouseholdCodeHint.get(lang)}" }
                if let Some(message) = field_error {
                    FieldErrorLine { input_id: TOKEN_INPUT_ID, field: "token", message }
                }
                textarea {
                    id: TOKEN_INPUT_ID,
                    name: "token",
                    class: "input textarea textarea-short",
                    rows: 3,
                    autocomplete: "off",
                    autocapitalize: "none",
                    spellcheck: "false",
                    value: "{input}",
                    aria_invalid: if invalid { "true" } else { "false" },
                    aria_describedby: "{describedby}",
                    oninput: move |event: FormEvent| {
                        input.set(event.value());
                        if matches!(*failure.peek(), Some(Failure::Field(_))) {
                            failure.set(None);
                        }
                    },
                }
            }
            div { id: ALERT_ID, class: "form-alert", role: "alert", tabindex: "-1",
                if let Some(message) = general {
                    p { class: "form-alert-text", "{message}" }
                }
            }
            p { class: "form-status", role: "status",
                if busy() {
                    "{Text::Sending.get(lang)}"
                }
            }
            button {
                r#type: "submit",
                class: "button button-primary button-big",
                "data-testid": "household-submit",
                aria_disabled: if busy() { "true" } else { "false" },
                "{Text::HouseholdAddSubmit.get(lang)}"
            }
        }
        BackToToday {}
    }
}

/// A member and whether the current slot is reported (`data-reported`).
#[component]
fn MemberItem(case: PatientCaseView, lang: Lang) -> Element {
    let reported = case.reported_current_slot;
    let number = fill(Text::CaseNumberShown.get(lang), &[("n", &case.case_number)]);
    rsx! {
        li {
            class: "member",
            "data-testid": "member",
            "data-case-id": "{case.case_id}",
            "data-reported": if reported { "true" } else { "false" },
            span { class: "case-text",
                span { class: "case-name", "{case.name}" }
                span { class: "case-number", "{number}" }
                if reported {
                    span { class: "case-status case-status-done", "✓ {Text::MemberReported.get(lang)}" }
                } else {
                    span { class: "case-status", "{Text::MemberNotReported.get(lang)}" }
                }
            }
        }
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
    fn each_refused_invitation_is_explained_beside_the_input() {
        let en = |e: &ApiError| invitation_refusal(e, Lang::En);
        assert_eq!(
            en(&problem(404, "invitation_not_found")).as_deref(),
            Some(Text::InvitationNotFound.get(Lang::En))
        );
        assert_eq!(
            en(&problem(410, "invitation_expired")).as_deref(),
            Some(Text::InvitationExpired.get(Lang::En))
        );
        for already in [
            problem(410, "invitation_used"),
            problem(409, "already_enrolled"),
        ] {
            assert_eq!(
                en(&already).as_deref(),
                Some(Text::HouseholdAlreadyEnrolled.get(Lang::En))
            );
        }
        assert_eq!(en(&problem(500, "internal")), None);
        assert_eq!(en(&ApiError::Network), None);
    }
}
