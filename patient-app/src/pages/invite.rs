//! `/invite?token=…`: enrolment. Choose a language, choose a password, and land on today's report,
//! all within a minute.

use crate::api::{self, ApiError};
use crate::components::{LangChooser, PasswordField};
use crate::forms::fill;
use crate::forms::messages::{field_error_text, field_errors_of, general_error_text};
use crate::platform;
use crate::route::Route;
use crate::state::{use_app_state, use_focus_request};
use dioxus::prelude::*;
use mimamori_shared::Lang;
use mimamori_shared::api::FieldError;
use mimamori_shared::api::auth::RedeemInvitation;
use mimamori_shared::i18n::patient::Text;
use mimamori_shared::values::{PASSWORD_MIN_CHARS, check_new_password};

/// Why an invitation cannot be used; each has its own advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationProblem {
    /// 404 `invitation_not_found`, or a link without a token.
    NotFound,
    /// 410 `invitation_expired`.
    Expired,
    /// 410 `invitation_used`.
    Used,
}

impl InvitationProblem {
    /// The problem a failed redemption reports, if it is about the invitation itself.
    pub fn of(error: &ApiError) -> Option<Self> {
        let ApiError::Problem(problem) = error else {
            return None;
        };
        match (problem.status, problem.code.as_str()) {
            (410, "invitation_used") => Some(Self::Used),
            (410, _) => Some(Self::Expired),
            (404, _) => Some(Self::NotFound),
            (422, _) if problem.field("token").is_some() => Some(Self::NotFound),
            _ => None,
        }
    }

    /// The code as the API names it, for `data-code`.
    pub fn code(self) -> &'static str {
        match self {
            Self::NotFound => "invitation_not_found",
            Self::Expired => "invitation_expired",
            Self::Used => "invitation_used",
        }
    }

    fn advice(self) -> Text {
        match self {
            Self::NotFound => Text::InvitationNotFound,
            Self::Expired => Text::InvitationExpired,
            Self::Used => Text::InvitationUsed,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    ChooseLanguage,
    SetPassword,
    Problem(InvitationProblem),
}

/// The invitation page.
#[component]
pub fn Invite(token: String) -> Element {
    let lang = use_app_state().lang();
    let blank = token.trim().is_empty();
    let mut step = use_signal(move || {
        if blank {
            Step::Problem(InvitationProblem::NotFound)
        } else {
            Step::ChooseLanguage
        }
    });
    match step() {
        Step::ChooseLanguage => rsx! {
            // The patient has not chosen yet: ask in every language, each marked as such.
            h1 { class: "page-title",
                for each in Lang::ALL {
                    span {
                        key: "{each.tag()}",
                        class: "choose-lang",
                        lang: each.tag(),
                        "{Text::ChooseLanguage.get(each)}"
                    }
                }
            }
            LangChooser { on_choose: move |_| step.set(Step::SetPassword) }
        },
        Step::SetPassword => rsx! {
            SetPasswordForm {
                token: token.clone(),
                on_problem: move |problem| step.set(Step::Problem(problem)),
                on_change_language: move |()| step.set(Step::ChooseLanguage),
            }
        },
        Step::Problem(problem) => rsx! {
            section {
                class: "notice notice-error",
                "data-testid": "invite-problem",
                "data-code": problem.code(),
                role: "alert",
                h1 { class: "page-title", "{Text::InvitationProblemTitle.get(lang)}" }
                p { "{problem.advice().get(lang)}" }
                if problem == InvitationProblem::Used {
                    Link { class: "button button-primary", to: Route::SignIn {}, "{Text::GoToSignIn.get(lang)}" }
                }
            }
        },
    }
}

/// The password step: one field, shown live against the length rule, with a show/hide toggle
/// instead of a confirmation field.
#[component]
fn SetPasswordForm(
    token: String,
    on_problem: EventHandler<InvitationProblem>,
    on_change_language: EventHandler<()>,
) -> Element {
    let state = use_app_state();
    let lang = state.lang();
    let navigator = use_navigator();
    let focus = use_focus_request();
    let mut password = use_signal(String::new);
    let mut field_error = use_signal(|| None::<FieldError>);
    let mut failure = use_signal(|| None::<&'static str>);
    let mut busy = use_signal(|| false);
    // Straight to the one input, keyboard up: the clock to the first report is running.
    use_effect(|| platform::focus("password"));

    let typed = password.read().chars().count();
    let long_enough = check_new_password(&password.read()).is_ok();
    let submit = move |event: FormEvent| {
        event.prevent_default();
        if busy() {
            return;
        }
        let body = RedeemInvitation {
            token: token.clone(),
            password: password(),
            lang: state.lang(),
        };
        if let Err(errors) = body.validate() {
            if errors.iter().any(|e| e.field == "token") {
                on_problem.call(InvitationProblem::NotFound);
            } else {
                field_error.set(errors.into_iter().find(|e| e.field == "password"));
                focus.focus("password");
            }
            return;
        }
        busy.set(true);
        failure.set(None);
        field_error.set(None);
        spawn(async move {
            let result = api::redeem_invitation(&body).await;
            busy.set(false);
            match result {
                Ok(me) => {
                    state.signed_in(me);
                    // Replace: the used link must not come back with the back button.
                    navigator.replace(Route::Today {});
                }
                Err(error) => {
                    if let Some(problem) = InvitationProblem::of(&error) {
                        on_problem.call(problem);
                    } else if let Some(e) = field_errors_of(&error)
                        .into_iter()
                        .find(|e| e.field == "password")
                    {
                        field_error.set(Some(e));
                        focus.focus("password");
                    } else {
                        failure.set(Some(general_error_text(&error, state.lang())));
                        focus.focus("redeem-alert");
                    }
                }
            }
        });
    };

    rsx! {
        h1 { class: "page-title", "{Text::SetPasswordTitle.get(lang)}" }
        p { "{Text::InviteWelcome.get(lang)}" }
        p { "{Text::SetPasswordIntro.get(lang)}" }
        form { class: "stack", novalidate: true, onsubmit: submit,
            PasswordField {
                id: "password",
                label: Text::PasswordLabel.get(lang),
                autocomplete: "new-password",
                value: password(),
                error: field_error().map(|e| field_error_text(&e, lang)),
                lang,
                on_input: move |text: String| {
                    password.set(text);
                    field_error.set(None);
                },
                span { class: "rule",
                    {fill(Text::PasswordRule.get(lang), &[("min", &PASSWORD_MIN_CHARS.to_string())])}
                }
                " "
                span { class: if long_enough { "rule-count rule-ok" } else { "rule-count" },
                    {fill(Text::PasswordCount.get(lang), &[("n", &typed.to_string())])}
                }
                span { class: "rule-met", aria_live: "polite",
                    if long_enough {
                        "✓ {Text::PasswordRuleMet.get(lang)}"
                    }
                }
            }
            div { id: "redeem-alert", class: "form-alert", role: "alert", tabindex: "-1",
                if let Some(message) = failure() {
                    p { class: "form-alert-text", "data-testid": "redeem-error", "{message}" }
                }
            }
            button {
                r#type: "submit",
                class: "button button-primary button-big",
                "data-testid": "redeem-submit",
                aria_disabled: if busy() { "true" } else { "false" },
                "{Text::RedeemSubmit.get(lang)}"
            }
        }
        button {
            r#type: "button",
            class: "button-link",
            "data-testid": "change-language",
            onclick: move |_| on_change_language.call(()),
            "{Text::ChangeLanguage.get(lang)}"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mimamori_shared::api::Problem;

    fn problem(status: u16, code: &str, errors: Vec<FieldError>) -> ApiError {
        ApiError::Problem(Box::new(Problem {
            kind: "about:blank".into(),
            title: "t".into(),
            status,
            detail: None,
            code: code.into(),
            errors,
        }))
    }

    #[test]
    fn each_refusal_of_an_invitation_has_its_advice() {
        let cases = [
            (
                problem(404, "invitation_not_found", vec![]),
                Some(InvitationProblem::NotFound),
            ),
            (
                problem(410, "invitation_expired", vec![]),
                Some(InvitationProblem::Expired),
            ),
            (
                problem(410, "invitation_used", vec![]),
                Some(InvitationProblem::Used),
            ),
            (
                problem(
                    422,
                    "validation",
                    vec![FieldError::custom("token", "required", "x")],
                ),
                Some(InvitationProblem::NotFound),
            ),
            (
                problem(
                    422,
                    "validation",
                    vec![FieldError::custom("password", "too_short", "x")],
                ),
                None,
            ),
            (problem(500, "internal", vec![]), None),
            (ApiError::Network, None),
        ];
        for (error, expected) in cases {
            assert_eq!(InvitationProblem::of(&error), expected, "{error:?}");
        }
    }
}
