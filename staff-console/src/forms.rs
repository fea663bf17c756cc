//! Form contents → API requests, and field errors → messages beside the fields.
//!
//! Each form is checked in the browser with the shared `validate()` before it is sent, so the
//! person sees the same messages at once that the server would answer with a 422.

use mimamori_shared::Lang;
use mimamori_shared::api::auth::StaffSignIn;
use mimamori_shared::api::findings::{CreateFinding, Referral};
use mimamori_shared::api::patient::{CreateMessage, MESSAGE_MAX_CHARS};
use mimamori_shared::api::{FieldError, Problem};
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::i18n::staff_auth::AuthText;
use mimamori_shared::ids::ReportId;

/// Field errors of one form, from local validation or from a 422.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    /// The errors a problem lists (none unless it is a 422).
    pub fn from_problem(problem: &Problem) -> Self {
        Self(problem.errors.clone())
    }

    /// Whether there is no error.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The translated message for `field`, if it has an error.
    pub fn message(&self, lang: Lang, field: &str) -> Option<&'static str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| Text::field_error(&e.field, &e.code).get(lang))
    }

    /// Like [`FieldErrors::message`], with the messages of the sign-in security forms
    /// (sign-in code, enrolment code, passwords).
    pub fn auth_message(&self, lang: Lang, field: &str) -> Option<&'static str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| AuthText::field_error(&e.field, &e.code).get(lang))
    }

    /// Whether some error is about a field the form does not show, so it needs a general
    /// message instead.
    pub fn has_other_than(&self, shown: &[&str]) -> bool {
        self.0.iter().any(|e| !shown.contains(&e.field.as_str()))
    }
}

impl From<Vec<FieldError>> for FieldErrors {
    fn from(errors: Vec<FieldError>) -> Self {
        Self(errors)
    }
}

/// What the sign-in form holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SignInForm {
    /// Login ID as typed.
    pub login_id: String,
    /// Password as typed (never trimmed: spaces may be part of it).
    pub password: String,
    /// Code as typed; authenticator apps often show it as `123 456`. A recovery code
    /// (`k7f3-9qx2-m4hp`) is accepted too; left empty at the first sign-in.
    pub totp_code: String,
}

impl SignInForm {
    /// Fields the form shows errors beside.
    pub const FIELDS: [&'static str; 3] = ["login_id", "password", "totp_code"];

    /// The request, or the errors to show beside the fields.
    pub fn to_request(&self) -> Result<StaffSignIn, FieldErrors> {
        let request = StaffSignIn {
            login_id: self.login_id.trim().to_owned(),
            password: self.password.clone(),
            totp_code: self
                .totp_code
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect(),
        };
        request
            .validate()
            .map(|()| request)
            .map_err(FieldErrors::from)
    }
}

/// What the finding form holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FindingForm {
    /// The report the finding is about, if any.
    pub report_id: Option<ReportId>,
    /// Assessment (所見).
    pub assessment: String,
    /// Plan (方針).
    pub plan: String,
    /// Referral.
    pub referral: Referral,
}

impl FindingForm {
    /// Fields the form shows errors beside.
    pub const FIELDS: [&'static str; 4] = ["assessment", "plan", "referral", "report_id"];

    /// An empty form about `report_id` (the newest report, by default).
    pub fn about(report_id: Option<ReportId>) -> Self {
        Self {
            report_id,
            ..Self::default()
        }
    }

    /// The request, or the errors to show beside the fields.
    pub fn to_request(&self) -> Result<CreateFinding, FieldErrors> {
        let request = CreateFinding {
            report_id: self.report_id,
            assessment: self.assessment.trim().to_owned(),
            plan: self.plan.trim().to_owned(),
            referral: self.referral,
        };
        request
            .validate()
            .map(|()| request)
            .map_err(FieldErrors::from)
    }
}

/// What the message form holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MessageForm {
    /// The text as typed.
    pub body: String,
}

impl MessageForm {
    /// Fields the form shows errors beside.
    pub const FIELDS: [&'static str; 1] = ["body"];

    /// "12 / 1000": characters used of those allowed.
    pub fn count(&self) -> String {
        format!("{} / {MESSAGE_MAX_CHARS}", self.body.trim().chars().count())
    }

    /// The request, or the errors to show beside the field.
    pub fn to_request(&self) -> Result<CreateMessage, FieldErrors> {
        let request = CreateMessage {
            body: self.body.trim().to_owned(),
        };
        request
            .validate()
            .map(|()| request)
            .map_err(FieldErrors::from)
    }
}

/// The value of the report `<select>`: an id, or empty for "no particular report".
pub fn report_choice_value(report_id: Option<ReportId>) -> String {
    report_id.map(|id| id.to_string()).unwrap_or_default()
}

/// Inverse of [`report_choice_value`].
pub fn parse_report_choice(value: &str) -> Option<ReportId> {
    value.parse().ok()
}

/// The referral chosen in the `<select>`; anything unknown is none.
pub fn parse_referral(value: &str) -> Referral {
    Referral::parse(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_code_may_be_typed_with_spaces() {
        let form = SignInForm {
            login_id: " dr.sato ".into(),
            password: " pass word ".into(),
            totp_code: "123 456".into(),
        };
        assert_eq!(
            form.to_request(),
            Ok(StaffSignIn {
                login_id: "dr.sato".into(),
                password: " pass word ".into(),
                totp_code: "123456".into(),
            })
        );
    }

    #[test]
    fn empty_sign_in_shows_an_error_beside_id_and_password() {
        let Err(errors) = SignInForm::default().to_request() else {
            panic!("an empty form must not be sent");
        };
        for field in ["login_id", "password"] {
            assert_eq!(
                errors.message(Lang::En, field),
                Some("Required."),
                "{field}"
            );
        }
        // The code may be left empty: a first sign-in goes on to enrolment.
        assert_eq!(errors.message(Lang::En, "totp_code"), None);
        assert!(!errors.has_other_than(&SignInForm::FIELDS));
    }

    #[test]
    fn a_short_code_gets_the_code_message() {
        let form = SignInForm {
            login_id: "a".into(),
            password: "b".into(),
            totp_code: "12345".into(),
        };
        let errors = form.to_request().err().unwrap_or_default();
        assert_eq!(
            errors.auth_message(Lang::Ja, "totp_code"),
            Some("6桁の確認コードか回復コードを入力してください。")
        );
    }

    #[test]
    fn a_recovery_code_may_be_typed_in_the_code_field() {
        let form = SignInForm {
            login_id: "a".into(),
            password: "b".into(),
            totp_code: "K7F3-9QX2-M4HP".into(),
        };
        assert!(form.to_request().is_ok());
    }

    #[test]
    fn finding_needs_an_assessment_and_keeps_its_report() {
        let mut form = FindingForm::about(Some(ReportId(9)));
        let errors = form.to_request().err().unwrap_or_default();
        assert!(errors.message(Lang::En, "assessment").is_some());

        form.assessment = "  SpO2 stable, no dyspnoea. ".into();
        form.referral = parse_referral("outpatient");
        let request = form.to_request().ok().unwrap_or_default();
        assert_eq!(request.report_id, Some(ReportId(9)));
        assert_eq!(request.assessment, "SpO2 stable, no dyspnoea.");
        assert_eq!(request.referral, Referral::Outpatient);
    }

    #[test]
    fn report_choice_round_trips_and_empty_means_none() {
        assert_eq!(
            parse_report_choice(&report_choice_value(Some(ReportId(3)))),
            Some(ReportId(3))
        );
        assert_eq!(parse_report_choice(&report_choice_value(None)), None);
        assert_eq!(parse_referral("bogus"), Referral::None);
    }

    #[test]
    fn a_message_needs_words_and_fits_the_limit() {
        let empty = MessageForm {
            body: "  \n ".into(),
        };
        let errors = empty.to_request().err().unwrap_or_default();
        assert_eq!(errors.message(Lang::Ja, "body"), Some("入力してください。"));

        let long = MessageForm {
            body: "あ".repeat(MESSAGE_MAX_CHARS + 1),
        };
        let errors = long.to_request().err().unwrap_or_default();
        assert_eq!(errors.message(Lang::En, "body"), Some("Too long."));

        let form = MessageForm {
            body: " 明日の朝も体温を測ってください。 ".into(),
        };
        assert_eq!(form.count(), "16 / 1000");
        let request = form.to_request().ok().unwrap_or_default();
        assert_eq!(request.body, "明日の朝も体温を測ってください。");
        assert!(
            !FieldErrors::from(vec![FieldError::custom("body", "required", "x")])
                .has_other_than(&MessageForm::FIELDS)
        );
    }

    #[test]
    fn server_errors_for_hidden_fields_are_noticed() {
        let errors = FieldErrors::from(vec![FieldError::custom("idempotency", "invalid", "x")]);
        assert!(errors.has_other_than(&FindingForm::FIELDS));
    }
}
