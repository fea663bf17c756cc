//! The signed-in staff member's own account: change of password.

use crate::api;
use crate::browser;
use crate::components::{FieldMessage, ProblemNotice, error_id};
use crate::forms::FieldErrors;
use crate::state::{Session, expire_session, use_lang, use_session};
use dioxus::prelude::*;
use mimamori_shared::api::Problem;
use mimamori_shared::api::auth::StaffMe;
use mimamori_shared::api::staff_security::ChangePassword;
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::i18n::staff_auth::AuthText;

/// Sets the browser tab's title to `page — console name` (like `PageTitle`, for the strings of
/// the sign-in security pages).
#[component]
pub fn AuthPageTitle(page: AuthText) -> Element {
    let lang = use_lang();
    let title = format!("{} — {}", page.get(lang), Text::AppName.get(lang));
    use_effect(use_reactive!(|title| browser::set_title(&title)));
    rsx! {}
}

/// What the change-password form holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PasswordForm {
    /// The current password as typed.
    pub current_password: String,
    /// The new password as typed (never trimmed: spaces may be part of it).
    pub new_password: String,
}

impl PasswordForm {
    /// Fields the form shows errors beside.
    pub const FIELDS: [&'static str; 2] = ["current_password", "new_password"];

    /// The request, or the errors to show beside the fields. Whether the current password is
    /// right only the server knows.
    pub fn to_request(&self) -> Result<ChangePassword, FieldErrors> {
        let request = ChangePassword {
            current_password: self.current_password.clone(),
            new_password: self.new_password.clone(),
        };
        request
            .validate()
            .map(|()| request)
            .map_err(FieldErrors::from)
    }
}

/// Route `/account/password`: change one's own password. Other sessions end on success.
#[component]
pub fn ChangePasswordPage() -> Element {
    let lang = use_lang();
    let session = use_session();
    let mut form = use_signal(PasswordForm::default);
    let mut errors = use_signal(FieldErrors::default);
    let mut problem = use_signal(|| None::<Problem>);
    let mut busy = use_signal(|| false);
    let mut done = use_signal(|| false);

    let onsubmit = move |evt: FormEvent| {
        evt.prevent_default();
        if busy() {
            return;
        }
        done.set(false);
        problem.set(None);
        let request = match form.read().to_request() {
            Ok(request) => request,
            Err(invalid) => {
                errors.set(invalid);
                return;
            }
        };
        errors.set(FieldErrors::default());
        busy.set(true);
        spawn(async move {
            let result = api::change_password(&request).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    form.set(PasswordForm::default());
                    done.set(true);
                    // A one-time password is gone: the shell goes on (to enrolment, if next).
                    let mut session = session;
                    let changed = session
                        .peek()
                        .me()
                        .filter(|me| me.must_change_password)
                        .cloned();
                    if let Some(me) = changed {
                        session.set(Session::SignedIn(StaffMe {
                            must_change_password: false,
                            ..me
                        }));
                    }
                }
                Err(failed) if failed.status == 401 => expire_session(session),
                Err(failed) => {
                    let fields = FieldErrors::from_problem(&failed);
                    if fields.is_empty() || fields.has_other_than(&PasswordForm::FIELDS) {
                        problem.set(Some(failed));
                    }
                    errors.set(fields);
                }
            }
        });
    };

    let current = form.read().clone();
    let message = |field: &str| errors.read().auth_message(lang, field);
    let described = |field: &str, hint: Option<&str>| {
        let ids: Vec<String> = hint
            .map(str::to_owned)
            .into_iter()
            .chain(message(field).map(|_| error_id(field)))
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    let one_time = session
        .read()
        .me()
        .is_some_and(|me| me.must_change_password);
    rsx! {
        AuthPageTitle { page: AuthText::PasswordTitle }
        div { class: "page-narrow account-page",
            h1 { {AuthText::PasswordTitle.get(lang)} }
            if one_time {
                p { class: "notice", role: "status", "data-testid": "one-time-password",
                    {AuthText::OneTimePassword.get(lang)}
                }
            }
            form { class: "card", novalidate: true, onsubmit,
                div { class: "field",
                    label { r#for: "current-password", {AuthText::CurrentPassword.get(lang)} }
                    input {
                        id: "current-password",
                        name: "current_password",
                        r#type: "password",
                        autocomplete: "current-password",
                        required: true,
                        "aria-invalid": message("current_password").is_some().to_string(),
                        "aria-describedby": described("current_password", None),
                        value: current.current_password.clone(),
                        oninput: move |e| form.write().current_password = e.value(),
                    }
                    FieldMessage { field: "current_password", message: message("current_password") }
                }
                div { class: "field",
                    label { r#for: "new-password", {AuthText::NewPassword.get(lang)} }
                    p { id: "new-password-hint", class: "hint", {AuthText::NewPasswordHint.get(lang)} }
                    input {
                        id: "new-password",
                        name: "new_password",
                        r#type: "password",
                        autocomplete: "new-password",
                        required: true,
                        "aria-invalid": message("new_password").is_some().to_string(),
                        "aria-describedby": described("new_password", Some("new-password-hint")),
                        value: current.new_password.clone(),
                        oninput: move |e| form.write().new_password = e.value(),
                    }
                    FieldMessage { field: "new_password", message: message("new_password") }
                }
                if let Some(failed) = problem() {
                    ProblemNotice { problem: failed }
                }
                if done() {
                    p { class: "notice notice-ok", role: "status", "data-testid": "password-changed",
                        {AuthText::PasswordChanged.get(lang)}
                    }
                }
                div { class: "actions",
                    button {
                        r#type: "submit",
                        class: "button button-primary",
                        "data-testid": "password-submit",
                        disabled: busy(),
                        if busy() {
                            {AuthText::Changing.get(lang)}
                        } else {
                            {AuthText::ChangePassword.get(lang)}
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mimamori_shared::Lang;

    #[test]
    fn the_new_password_is_checked_before_sending() {
        let form = PasswordForm {
            current_password: "old one".into(),
            new_password: "short".into(),
        };
        let errors = form.to_request().err().unwrap_or_default();
        assert_eq!(
            errors.auth_message(Lang::Ja, "new_password"),
            Some("12文字以上にしてください。")
        );
        assert_eq!(errors.auth_message(Lang::Ja, "current_password"), None);
        assert!(!errors.has_other_than(&PasswordForm::FIELDS));

        let form = PasswordForm {
            current_password: "old one".into(),
            new_password: " a long new phrase ".into(),
        };
        let request = form.to_request().ok().unwrap_or_default();
        assert_eq!(request.new_password, " a long new phrase ");
    }

    #[test]
    fn a_wrong_current_password_is_shown_beside_its_field() {
        let errors = FieldErrors::from(vec![mimamori_shared::api::FieldError::custom(
            "current_password",
            "invalid",
            "x",
        )]);
        assert_eq!(
            errors.auth_message(Lang::En, "current_password"),
            Some("The current password is not correct.")
        );
    }
}
