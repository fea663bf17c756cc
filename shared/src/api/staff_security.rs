//! Staff sign-in security (docs/security.md): TOTP enrolment at the first sign-in, recovery codes
//! and the change of one's own password.
//!
//! The sign-in itself is [`super::auth::StaffSignIn`]; its `totp_code` takes either the six
//! digits of the authenticator app or one of the recovery codes, told apart by
//! [`SignInCode::classify`].

use super::problem::{FieldError, FieldErrors};
use crate::values::{ValueError, check_new_staff_password};
use serde::{Deserialize, Serialize};

/// How many recovery codes an enrolment gives.
pub const RECOVERY_CODE_COUNT: usize = 10;
/// Characters of a recovery code, without the dashes.
pub const RECOVERY_CODE_LEN: usize = 12;
/// The characters recovery codes are made of: lower-case letters and digits without those
/// people confuse when typing from paper (0/o, 1/l/i).
pub const RECOVERY_CODE_ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";

/// What was typed into the sign-in's code field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInCode {
    /// Nothing: allowed for a first sign-in, which goes on to enrolment.
    Empty,
    /// Six digits from the authenticator app.
    Totp(String),
    /// A recovery code, normalised by [`normalise_recovery_code`].
    Recovery(String),
    /// Neither shape.
    Invalid,
}

impl SignInCode {
    /// Tells the shapes apart. Spaces are ignored (apps show `123 456`), so are the dashes and
    /// the case of a recovery code (`K7F3-9QX2-M4HP` is `k7f39qx2m4hp`).
    pub fn classify(typed: &str) -> Self {
        let compact: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.is_empty() {
            SignInCode::Empty
        } else if compact.len() == 6 && compact.bytes().all(|b| b.is_ascii_digit()) {
            SignInCode::Totp(compact)
        } else if let Some(code) = normalise_recovery_code(&compact) {
            SignInCode::Recovery(code)
        } else {
            SignInCode::Invalid
        }
    }
}

/// A recovery code as stored and compared: twelve lower-case letters or digits, no dashes or
/// spaces; `None` when `typed` does not have that shape.
pub fn normalise_recovery_code(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    (code.len() == RECOVERY_CODE_LEN && code.bytes().all(|b| b.is_ascii_alphanumeric()))
        .then_some(code)
}

/// A normalised recovery code as people read it: `k7f3-9qx2-m4hp`.
pub fn format_recovery_code(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    chars
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// A base32 TOTP secret in groups of four, for typing into an authenticator app by hand.
pub fn group_secret(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    chars
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `POST /api/staff/totp/enrolment`: a new secret for the authenticator app. It stays pending
/// until confirmed with a code; asking again replaces it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TotpEnrolment {
    /// Base32 secret (RFC 4648, no padding), for entering by hand.
    pub secret: String,
    /// `otpauth://totp/…` URI, what the QR code holds.
    pub otpauth_uri: String,
    /// The QR code as a PNG, base64-encoded (for a `data:image/png;base64,` URL).
    pub qr_png_base64: String,
}

/// `POST /api/staff/totp/enrolment/confirm`: the code the app shows for the pending secret.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConfirmTotpEnrolment {
    /// Current six-digit code of the authenticator app.
    #[serde(default)]
    pub code: String,
}

impl ConfirmTotpEnrolment {
    /// Checks the code is six digits (spaces allowed).
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        match SignInCode::classify(&self.code) {
            SignInCode::Totp(_) => {}
            SignInCode::Empty => {
                errors.check::<()>("code", Err(ValueError::Required));
            }
            SignInCode::Recovery(_) | SignInCode::Invalid => errors.push(FieldError::custom(
                "code",
                "invalid",
                "enter the 6-digit code",
            )),
        }
        errors.finish(|| Some(()))
    }
}

/// The answer to a confirmed enrolment: shown once, never again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryCodes {
    /// Ten single-use codes (`k7f3-9qx2-m4hp`), each accepted at sign-in instead of the
    /// authenticator's code.
    pub recovery_codes: Vec<String>,
}

/// `PUT /api/staff/me/password`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePassword {
    /// The password in use now.
    #[serde(default)]
    pub current_password: String,
    /// The new password (8–128 characters).
    #[serde(default)]
    pub new_password: String,
}

impl ChangePassword {
    /// Checks the current password is given and the new one follows the password rules and
    /// differs from the current one.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        if self.current_password.is_empty() {
            errors.check::<()>("current_password", Err(ValueError::Required));
        }
        if errors
            .check("new_password", check_new_staff_password(&self.new_password))
            .is_some()
            && self.new_password == self.current_password
        {
            errors.push(FieldError::custom(
                "new_password",
                "unchanged",
                "choose a password other than the current one",
            ));
        }
        errors.finish(|| Some(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_codes_are_told_apart_by_shape() {
        let cases = [
            ("", SignInCode::Empty),
            ("   ", SignInCode::Empty),
            ("123456", SignInCode::Totp("123456".into())),
            ("123 456", SignInCode::Totp("123456".into())),
            (
                "k7f3-9qx2-m4hp",
                SignInCode::Recovery("k7f39qx2m4hp".into()),
            ),
            (
                " K7F3 9QX2 M4HP ",
                SignInCode::Recovery("k7f39qx2m4hp".into()),
            ),
            ("12345", SignInCode::Invalid),
            ("1234567", SignInCode::Invalid),
            ("12a456", SignInCode::Invalid),
            ("k7f3-9qx2-m4h", SignInCode::Invalid),
            ("k7f3-9qx2-m4h!", SignInCode::Invalid),
            ("ｋ7f3-9qx2-m4hp", SignInCode::Invalid),
        ];
        for (typed, expected) in cases {
            assert_eq!(SignInCode::classify(typed), expected, "{typed:?}");
        }
    }

    #[test]
    fn recovery_codes_and_secrets_are_grouped_for_reading() {
        assert_eq!(format_recovery_code("k7f39qx2m4hp"), "k7f3-9qx2-m4hp");
        assert_eq!(
            normalise_recovery_code(&format_recovery_code("k7f39qx2m4hp")).as_deref(),
            Some("k7f39qx2m4hp")
        );
        assert_eq!(group_secret("JBSWY3DPEHPK3PXP"), "JBSW Y3DP EHPK 3PXP");
        assert_eq!(group_secret("ABCDEF"), "ABCD EF");
    }

    #[test]
    fn the_alphabet_has_no_confusable_characters() {
        for c in b"01oil" {
            assert!(!RECOVERY_CODE_ALPHABET.contains(c), "{}", char::from(*c));
        }
        assert_eq!(RECOVERY_CODE_ALPHABET.len(), 31);
    }

    #[test]
    fn enrolment_needs_six_digits() {
        let field_code = |code: &str| {
            ConfirmTotpEnrolment { code: code.into() }
                .validate()
                .err()
                .map(|e| e[0].code.clone())
        };
        assert_eq!(field_code("123 456"), None);
        assert_eq!(field_code(""), Some("required".into()));
        assert_eq!(field_code("12345"), Some("invalid".into()));
        assert_eq!(field_code("k7f3-9qx2-m4hp"), Some("invalid".into()));
    }

    #[test]
    fn a_new_password_follows_the_rules_and_differs() {
        let errors = |current: &str, new: &str| -> Vec<(String, String)> {
            ChangePassword {
                current_password: current.into(),
                new_password: new.into(),
            }
            .validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
        };
        assert!(errors("old password", "a new password").is_empty());
        assert_eq!(
            errors("", ""),
            [
                ("current_password".into(), "required".into()),
                ("new_password".into(), "required".into())
            ]
        );
        assert_eq!(
            errors("old password", "short"),
            [("new_password".into(), "too_short".into())]
        );
        assert_eq!(
            errors("same password", "same password"),
            [("new_password".into(), "unchanged".into())]
        );
    }
}
