//! First sign-in: enrol an authenticator app (QR code, or the key typed by hand), confirm it with a
//! code, then note the ten recovery codes (docs/security.md, "First sign-in: enrolment").
//!
//! The session is at the enrolment stage until the code is confirmed: the server refuses
//! everything else (403 `enrolment_required`), and the shell sends such a session here.

use super::account::AuthPageTitle;
use crate::api;
use crate::components::{FieldMessage, LangSwitch, Loading, ProblemNotice, error_id};
use crate::forms::FieldErrors;
use crate::route::Route;
use crate::state::{Session, expire_session, use_checked_session, use_lang, use_session};
use dioxus::prelude::*;
use mimamori_shared::api::Problem;
use mimamori_shared::api::auth::StaffMe;
use mimamori_shared::api::staff_security::{ConfirmTotpEnrolment, TotpEnrolment, group_secret};
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::i18n::staff_auth::AuthText;

/// Route `/enrol`: the enrolment, then the recovery codes, then the console's home.
#[component]
pub fn EnrolPage() -> Element {
    let lang = use_lang();
    let mut session = use_checked_session();
    let nav = use_navigator();
    // Set once enrolment is confirmed: shown until the staff member says they are stored.
    let mut codes = use_signal(|| None::<Vec<String>>);

    // Who is not at the enrolment stage has nothing to do here.
    use_effect(move || {
        if codes.read().is_some() {
            return;
        }
        match &*session.read() {
            Session::SignedOut => {
                nav.replace(Route::SignIn {});
            }
            Session::SignedIn(me) if me.must_change_password => {
                nav.replace(Route::ChangePassword {});
            }
            Session::SignedIn(me) if !me.must_enrol_totp => {
                nav.replace(Route::after_sign_in(None));
            }
            _ => {}
        }
    });

    let state = session.read().clone();
    let shown = codes();
    rsx! {
        AuthPageTitle {
            page: if shown.is_some() { AuthText::RecoveryTitle } else { AuthText::EnrolTitle },
        }
        main { id: "main", class: "page page-narrow enrol",
            div { class: "sign-in-top",
                p { class: "brand", {Text::AppName.get(lang)} }
                LangSwitch {}
            }
            match (state, shown) {
                (Session::SignedIn(me), Some(list)) => rsx! {
                    RecoveryCodeList {
                        codes: list,
                        on_done: move |_| {
                            let enrolled = StaffMe { must_enrol_totp: false, ..me.clone() };
                            session.set(Session::SignedIn(enrolled));
                            nav.replace(Route::after_sign_in(None));
                        },
                    }
                },
                (Session::SignedIn(me), None) if me.must_enrol_totp => rsx! {
                    EnrolStep { on_enrolled: move |list| codes.set(Some(list)) }
                },
                (Session::Unreachable(problem), _) => rsx! {
                    ProblemNotice { problem, on_retry: move |_| session.set(Session::Checking) }
                },
                _ => rsx! {
                    Loading {}
                },
            }
        }
    }
}

/// What the enrolment's code field holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EnrolForm {
    /// The code as typed (`123 456` allowed).
    pub code: String,
}

impl EnrolForm {
    /// Fields the form shows errors beside.
    pub const FIELDS: [&'static str; 1] = ["code"];

    /// The request, or the errors to show beside the field.
    pub fn to_request(&self) -> Result<ConfirmTotpEnrolment, FieldErrors> {
        let request = ConfirmTotpEnrolment {
            code: self.code.chars().filter(|c| !c.is_whitespace()).collect(),
        };
        request
            .validate()
            .map(|()| request)
            .map_err(FieldErrors::from)
    }
}

/// The QR code, the key in groups of four, and the code field.
#[component]
fn EnrolStep(on_enrolled: EventHandler<Vec<String>>) -> Element {
    let lang = use_lang();
    let session = use_session();
    let mut enrolment = use_resource(api::start_enrolment);
    let mut form = use_signal(EnrolForm::default);
    let mut errors = use_signal(FieldErrors::default);
    let mut problem = use_signal(|| None::<Problem>);
    let mut busy = use_signal(|| false);

    use_effect(move || {
        if let Some(Err(failed)) = &*enrolment.read()
            && failed.status == 401
        {
            expire_session(session);
        }
    });

    let onsubmit = move |evt: FormEvent| {
        evt.prevent_default();
        if busy() {
            return;
        }
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
            let result = api::confirm_enrolment(&request).await;
            busy.set(false);
            match result {
                Ok(codes) => on_enrolled.call(codes.recovery_codes),
                Err(failed) if failed.status == 401 => expire_session(session),
                Err(failed) => {
                    // A code is good once: never leave a refused one in the field.
                    form.write().code.clear();
                    let fields = FieldErrors::from_problem(&failed);
                    if fields.is_empty() || fields.has_other_than(&EnrolForm::FIELDS) {
                        problem.set(Some(failed));
                    }
                    errors.set(fields);
                }
            }
        });
    };

    let loaded = enrolment.read().clone();
    let message = |field: &str| errors.read().auth_message(lang, field);
    let described = |field: &str| {
        let mut ids = vec!["enrol-code-hint".to_owned()];
        ids.extend(message(field).map(|_| error_id(field)));
        ids.join(" ")
    };
    rsx! {
        section { class: "card enrol-step", "aria-labelledby": "enrol-title",
            h1 { id: "enrol-title", {AuthText::EnrolTitle.get(lang)} }
            p { {AuthText::EnrolIntro.get(lang)} }
            match loaded {
                None => rsx! {
                    Loading {}
                },
                Some(Err(failed)) if failed.code == "already_enrolled" => rsx! {
                    p { class: "notice notice-error", role: "alert", {AuthText::AlreadyEnrolled.get(lang)} }
                },
                Some(Err(failed)) => rsx! {
                    ProblemNotice { problem: failed, on_retry: move |_| enrolment.restart() }
                },
                Some(Ok(secret)) => rsx! {
                    SecretView { enrolment: secret }
                    button {
                        r#type: "button",
                        class: "button button-quiet",
                        "data-testid": "enrol-new-secret",
                        onclick: move |_| {
                            form.write().code.clear();
                            errors.set(FieldErrors::default());
                            enrolment.restart();
                        },
                        {AuthText::NewSecret.get(lang)}
                    }
                    form { class: "enrol-form", novalidate: true, onsubmit,
                        div { class: "field",
                            label { r#for: "enrol-code", {AuthText::EnrolCodeLabel.get(lang)} }
                            p { id: "enrol-code-hint", class: "hint", {AuthText::EnrolCodeHint.get(lang)} }
                            input {
                                id: "enrol-code",
                                name: "code",
                                r#type: "text",
                                inputmode: "numeric",
                                autocomplete: "one-time-code",
                                class: "code-input",
                                required: true,
                                "aria-invalid": message("code").is_some().to_string(),
                                "aria-describedby": described("code"),
                                value: form.read().code.clone(),
                                oninput: move |e| form.write().code = e.value(),
                            }
                            FieldMessage { field: "code", message: message("code") }
                        }
                        if let Some(failed) = problem() {
                            if failed.status == 409 {
                                p { class: "notice notice-error", role: "alert",
                                    {AuthText::AlreadyEnrolled.get(lang)}
                                }
                            } else {
                                ProblemNotice { problem: failed }
                            }
                        }
                        div { class: "actions",
                            button {
                                r#type: "submit",
                                class: "button button-primary button-wide",
                                "data-testid": "enrol-submit",
                                disabled: busy(),
                                if busy() {
                                    {AuthText::Confirming.get(lang)}
                                } else {
                                    {AuthText::Confirm.get(lang)}
                                }
                            }
                        }
                    }
                },
            }
        }
    }
}

/// The QR code and, for typing by hand, the key in groups of four.
#[component]
fn SecretView(enrolment: TotpEnrolment) -> Element {
    let lang = use_lang();
    rsx! {
        div { class: "enrol-secret",
            img {
                class: "enrol-qr",
                src: format!("data:image/png;base64,{}", enrolment.qr_png_base64),
                alt: AuthText::QrAlt.get(lang),
                width: "220",
                height: "220",
                "data-testid": "totp-qr",
            }
            p { id: "totp-secret-label", class: "hint", {AuthText::SecretLabel.get(lang)} }
            // The key as one selectable string (copy-friendly); the spaces only help reading,
            // and authenticator apps ignore them.
            code {
                class: "enrol-key",
                "aria-labelledby": "totp-secret-label",
                "data-testid": "totp-secret",
                "data-secret": enrolment.secret.clone(),
                {group_secret(&enrolment.secret)}
            }
        }
    }
}

/// The ten codes, a print button and "I have stored them".
#[component]
fn RecoveryCodeList(codes: Vec<String>, on_done: EventHandler<()>) -> Element {
    let lang = use_lang();
    rsx! {
        section { class: "card recovery-codes", "aria-labelledby": "recovery-title",
            h1 { id: "recovery-title", {AuthText::RecoveryTitle.get(lang)} }
            p { class: "notice", {AuthText::RecoveryIntro.get(lang)} }
            ol {
                class: "recovery-code-list",
                "aria-label": AuthText::RecoveryListLabel.get(lang),
                "data-testid": "recovery-codes",
                for code in codes.iter() {
                    li { key: "{code}", code { class: "recovery-code", {code.clone()} } }
                }
            }
            div { class: "actions no-print",
                button {
                    r#type: "button",
                    class: "button",
                    "data-testid": "recovery-print",
                    // The print style sheet shows only the codes.
                    onclick: move |_| crate::browser::print(),
                    {AuthText::Print.get(lang)}
                }
                button {
                    r#type: "button",
                    class: "button button-primary",
                    "data-testid": "recovery-continue",
                    onclick: move |_| on_done.call(()),
                    {AuthText::StoredContinue.get(lang)}
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
    fn the_enrolment_code_may_be_typed_with_spaces() {
        let form = EnrolForm {
            code: " 123 456 ".into(),
        };
        assert_eq!(
            form.to_request(),
            Ok(ConfirmTotpEnrolment {
                code: "123456".into()
            })
        );
    }

    #[test]
    fn a_bad_enrolment_code_is_shown_beside_the_field() {
        let errors = EnrolForm::default().to_request().err().unwrap_or_default();
        assert_eq!(errors.auth_message(Lang::En, "code"), Some("Required."));
        let errors = EnrolForm {
            code: "12345".into(),
        }
        .to_request()
        .err()
        .unwrap_or_default();
        assert!(errors.auth_message(Lang::Ja, "code").is_some());
        assert!(!errors.has_other_than(&EnrolForm::FIELDS));
    }
}
