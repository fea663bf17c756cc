//! Staff sign-in: login ID, password and the authenticator code, or a recovery code
//! (docs/security.md, "Staff sign-in"). A staff member without an authenticator leaves the code
//! empty and goes on to enrolment (`pages/enrol.rs`).

use crate::api;
use crate::components::{FieldMessage, LangSwitch, PageTitle, error_id};
use crate::format;
use crate::forms::{self, FieldErrors};
use crate::route::Route;
use crate::state::{Session, use_checked_session, use_lang};
use dioxus::prelude::*;
use mimamori_shared::Lang;
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::i18n::staff_auth::AuthText;

/// The one message above the form.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Failure {
    /// A message of the console's common strings.
    Common(Text),
    /// A message of the sign-in security strings (lockout).
    Auth(AuthText),
}

impl Failure {
    fn get(self, lang: Lang) -> &'static str {
        match self {
            Failure::Common(text) => text.get(lang),
            Failure::Auth(text) => text.get(lang),
        }
    }
}

/// Route `/signin`: sign in, then today's reports.
#[component]
pub fn SignInPage() -> Element {
    rsx! {
        SignInForm { next: None }
    }
}

/// Route `/signin?next=…`: sign in, then the page a signed-out visitor asked for.
#[component]
pub fn SignInThenPage(next: String) -> Element {
    rsx! {
        SignInForm { next: Some(next) }
    }
}

/// The sign-in form; once signed in, goes on to `next` (or today's reports).
#[component]
fn SignInForm(next: Option<String>) -> Element {
    let lang = use_lang();
    let mut session = use_checked_session();
    let nav = use_navigator();
    let mut form = use_signal(forms::SignInForm::default);
    let mut errors = use_signal(FieldErrors::default);
    // The one message above the form: wrong credentials, too many attempts, offline…
    let mut failure = use_signal(|| None::<Failure>);
    let mut busy = use_signal(|| false);

    // Whoever is (or becomes) signed in goes on, also when arriving here with a live session;
    // a session opened with the password only goes to enrolment first.
    let target = Route::after_sign_in(next.as_deref());
    use_effect(move || {
        if let Some(me) = session.read().me() {
            if me.must_change_password {
                nav.replace(Route::ChangePassword {});
            } else if me.must_enrol_totp {
                nav.replace(Route::Enrol {});
            } else {
                nav.replace(target.clone());
            }
        }
    });

    let onsubmit = move |evt: FormEvent| {
        evt.prevent_default();
        if busy() {
            return;
        }
        failure.set(None);
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
            let result = api::sign_in(&request).await;
            busy.set(false);
            match result {
                Ok(me) => session.set(Session::SignedIn(me)),
                Err(problem) => {
                    // A code is good for one sign-in only: never leave a used one in the form.
                    form.write().totp_code.clear();
                    match problem.status {
                        401 => {
                            form.write().password.clear();
                            failure.set(Some(Failure::Common(Text::SignInFailed)));
                        }
                        429 if problem.code == "account_locked" => {
                            form.write().password.clear();
                            failure.set(Some(Failure::Auth(AuthText::AccountLocked)));
                        }
                        422 => {
                            let fields = FieldErrors::from_problem(&problem);
                            if fields.is_empty()
                                || fields.has_other_than(&forms::SignInForm::FIELDS)
                            {
                                failure.set(Some(Failure::Common(Text::ErrorGeneric)));
                            }
                            errors.set(fields);
                        }
                        _ => failure.set(Some(Failure::Common(format::problem(&problem)))),
                    }
                }
            }
        });
    };

    let current = form.read().clone();
    let message = |field: &str| match field {
        "totp_code" => errors.read().auth_message(lang, field),
        _ => errors.read().message(lang, field),
    };
    let described = |field: &str, hint: Option<&str>| {
        let ids: Vec<String> = hint
            .map(str::to_owned)
            .into_iter()
            .chain(message(field).map(|_| error_id(field)))
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    rsx! {
        PageTitle { page: Text::SignInTitle }
        main { id: "main", class: "page page-narrow sign-in",
            div { class: "sign-in-top",
                p { class: "brand", {Text::AppName.get(lang)} }
                LangSwitch {}
            }
            form { class: "card", novalidate: true, onsubmit,
                h1 { {Text::SignInTitle.get(lang)} }
                if let Some(text) = failure() {
                    p { class: "notice notice-error", role: "alert", "data-testid": "signin-error",
                        {text.get(lang)}
                    }
                }
                div { class: "field",
                    label { r#for: "login-id", {Text::LoginId.get(lang)} }
                    input {
                        id: "login-id",
                        name: "login_id",
                        r#type: "text",
                        autocomplete: "username",
                        autocapitalize: "none",
                        spellcheck: "false",
                        required: true,
                        "aria-invalid": message("login_id").is_some().to_string(),
                        "aria-describedby": described("login_id", None),
                        value: current.login_id.clone(),
                        oninput: move |e| form.write().login_id = e.value(),
                    }
                    FieldMessage { field: "login_id", message: message("login_id") }
                }
                div { class: "field",
                    label { r#for: "password", {Text::Password.get(lang)} }
                    input {
                        id: "password",
                        name: "password",
                        r#type: "password",
                        autocomplete: "current-password",
                        required: true,
                        "aria-invalid": message("password").is_some().to_string(),
                        "aria-describedby": described("password", None),
                        value: current.password.clone(),
                        oninput: move |e| form.write().password = e.value(),
                    }
                    FieldMessage { field: "password", message: message("password") }
                }
                div { class: "field",
                    label { r#for: "totp-code", {AuthText::CodeLabel.get(lang)} }
                    p { id: "totp-hint", class: "hint", {AuthText::CodeHint.get(lang)} }
                    input {
                        id: "totp-code",
                        name: "totp_code",
                        r#type: "text",
                        // Not `numeric`: recovery codes have letters.
                        autocomplete: "one-time-code",
                        autocapitalize: "none",
                        spellcheck: "false",
                        class: "code-input",
                        "aria-invalid": message("totp_code").is_some().to_string(),
                        "aria-describedby": described("totp_code", Some("totp-hint")),
                        value: current.totp_code.clone(),
                        oninput: move |e| form.write().totp_code = e.value(),
                    }
                    FieldMessage { field: "totp_code", message: message("totp_code") }
                }
                div { class: "actions",
                    button {
                        r#type: "submit",
                        class: "button button-primary button-wide",
                        "data-testid": "signin-submit",
                        disabled: busy(),
                        if busy() { {Text::SigningIn.get(lang)} } else { {Text::SignIn.get(lang)} }
                    }
                }
            }
        }
    }
}
