//! Validated values: once constructed, a value is within the range its type documents.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why a raw value was refused. `code()` is stable and the apps translate it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ValueError {
    /// The value is needed and was not given.
    #[error("required")]
    Required,
    /// The number is outside `min..=max` (in the unit of the field).
    #[error("must be between {min} and {max}")]
    OutOfRange {
        /// Smallest allowed value, as shown to people.
        min: String,
        /// Largest allowed value, as shown to people.
        max: String,
    },
    /// More decimal places than the field allows.
    #[error("use at most one decimal place")]
    TooPrecise,
    /// Text longer than allowed, in characters.
    #[error("must be at most {max} characters")]
    TooLong {
        /// Maximum number of characters.
        max: usize,
    },
    /// Text shorter than allowed, in characters.
    #[error("must be at least {min} characters")]
    TooShort {
        /// Minimum number of characters.
        min: usize,
    },
    /// The value is not one of the accepted forms.
    #[error("is not valid")]
    Invalid,
}

impl ValueError {
    /// Stable machine-readable code, used by the apps to pick a translated message.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::OutOfRange { .. } => "out_of_range",
            Self::TooPrecise => "too_precise",
            Self::TooLong { .. } => "too_long",
            Self::TooShort { .. } => "too_short",
            Self::Invalid => "invalid",
        }
    }
}

/// Body temperature in °C with one decimal, 34.0–42.5, held as tenths of a degree so that
/// comparisons such as "≥ 38.0" are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Temperature(u16);

impl Temperature {
    /// Lowest accepted reading, in tenths of °C.
    pub const MIN_TENTHS: u16 = 340;
    /// Highest accepted reading, in tenths of °C.
    pub const MAX_TENTHS: u16 = 425;

    /// Accepts a reading in °C with at most one decimal.
    pub fn from_celsius(celsius: f64) -> Result<Self, ValueError> {
        if !celsius.is_finite() {
            return Err(ValueError::Invalid);
        }
        let scaled = celsius * 10.0;
        let rounded = scaled.round();
        // A tolerance well below 0.05 °C absorbs binary floating-point noise (36.6 * 10 is not
        // exactly 366) while still refusing a second decimal such as 36.65.
        if (scaled - rounded).abs() > 1e-6 {
            return Err(ValueError::TooPrecise);
        }
        if rounded < f64::from(Self::MIN_TENTHS) || rounded > f64::from(Self::MAX_TENTHS) {
            return Err(Self::range_error());
        }
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "range checked above"
        )]
        Ok(Self(rounded as u16))
    }

    /// Accepts a reading stored as tenths of °C.
    pub fn from_tenths(tenths: i64) -> Result<Self, ValueError> {
        if !(i64::from(Self::MIN_TENTHS)..=i64::from(Self::MAX_TENTHS)).contains(&tenths) {
            return Err(Self::range_error());
        }
        u16::try_from(tenths)
            .map(Self)
            .map_err(|_| Self::range_error())
    }

    /// The reading in tenths of °C (366 for 36.6 °C).
    pub fn tenths(self) -> u16 {
        self.0
    }

    /// The reading in °C.
    pub fn celsius(self) -> f64 {
        f64::from(self.0) / 10.0
    }

    fn range_error() -> ValueError {
        ValueError::OutOfRange {
            min: "34.0".into(),
            max: "42.5".into(),
        }
    }
}

impl TryFrom<f64> for Temperature {
    type Error = ValueError;
    fn try_from(value: f64) -> Result<Self, Self::Error> {
        Self::from_celsius(value)
    }
}

impl From<Temperature> for f64 {
    fn from(value: Temperature) -> Self {
        value.celsius()
    }
}

macro_rules! bounded_integer {
    ($(#[$doc:meta])* $name:ident, $min:expr, $max:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "i64", into = "i64")]
        pub struct $name(u8);

        impl $name {
            /// Lowest accepted value.
            pub const MIN: u8 = $min;
            /// Highest accepted value.
            pub const MAX: u8 = $max;

            /// Accepts a whole number within the range.
            pub fn new(value: i64) -> Result<Self, ValueError> {
                if (i64::from(Self::MIN)..=i64::from(Self::MAX)).contains(&value) {
                    u8::try_from(value).map(Self).map_err(|_| ValueError::Invalid)
                } else {
                    Err(ValueError::OutOfRange {
                        min: Self::MIN.to_string(),
                        max: Self::MAX.to_string(),
                    })
                }
            }

            /// The value as a plain number.
            pub fn get(self) -> u8 {
                self.0
            }
        }

        impl TryFrom<i64> for $name {
            type Error = ValueError;
            fn try_from(value: i64) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl From<$name> for i64 {
            fn from(value: $name) -> Self {
                i64::from(value.0)
            }
        }
    };
}

bounded_integer!(
    /// Oxygen saturation (SpO2) in %, 50–100.
    Spo2,
    50,
    100
);

bounded_integer!(
    /// Pulse rate per minute, 30–220.
    Pulse,
    30,
    220
);

/// Longest note a patient may leave for staff, in characters.
pub const NOTE_MAX_CHARS: usize = 1_000;

/// Longest e-mail address accepted (RFC 5321's path limit).
pub const EMAIL_MAX_CHARS: usize = 254;

/// Whether `email` (trimmed, non-empty) looks like a mailbox: one `@` with a local part before
/// it, a dotted domain after, no spaces, at most [`EMAIL_MAX_CHARS`]. Deliverability is the
/// mail server's to judge; this only catches typing slips.
pub fn plausible_email(email: &str) -> bool {
    email.chars().count() <= EMAIL_MAX_CHARS
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !email.chars().any(char::is_whitespace)
}

/// Checks a free-text field against a maximum length in characters (not bytes: Japanese text
/// is three bytes a character in UTF-8).
pub fn check_text_len(text: &str, max_chars: usize) -> Result<(), ValueError> {
    if text.chars().count() > max_chars {
        Err(ValueError::TooLong { max: max_chars })
    } else {
        Ok(())
    }
}

/// Shortest password a patient or staff member may set.
///
/// Length is the only rule on purpose: HER-SYS's rule of three character classes locked elderly
/// patients out, while length is what actually resists guessing (NIST SP 800-63B §5.1.1).
pub const PASSWORD_MIN_CHARS: usize = 8;
/// Shortest password a staff member may set: a staff account opens hundreds of patients'
/// records, so its password is longer than a patient's.
pub const STAFF_PASSWORD_MIN_CHARS: usize = 12;
/// Longest password accepted (argon2 input stays bounded).
pub const PASSWORD_MAX_CHARS: usize = 128;

/// Checks a patient's new password against the length rule.
pub fn check_new_password(password: &str) -> Result<(), ValueError> {
    check_password_length(password, PASSWORD_MIN_CHARS)
}

/// Checks a staff member's new password against the length rule.
pub fn check_new_staff_password(password: &str) -> Result<(), ValueError> {
    check_password_length(password, STAFF_PASSWORD_MIN_CHARS)
}

fn check_password_length(password: &str, min: usize) -> Result<(), ValueError> {
    let chars = password.chars().count();
    if chars == 0 {
        Err(ValueError::Required)
    } else if chars < min {
        Err(ValueError::TooShort { min })
    } else if chars > PASSWORD_MAX_CHARS {
        Err(ValueError::TooLong {
            max: PASSWORD_MAX_CHARS,
        })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temperature_accepts_one_decimal_within_range() {
        let cases: &[(f64, Result<u16, &str>)] = &[
            (34.0, Ok(340)),
            (36.6, Ok(366)),
            (37.5, Ok(375)),
            (42.5, Ok(425)),
            (38.0, Ok(380)),
            (33.9, Err("out_of_range")),
            (42.6, Err("out_of_range")),
            (36.65, Err("too_precise")),
            (f64::NAN, Err("invalid")),
            (f64::INFINITY, Err("invalid")),
        ];
        for (input, expected) in cases {
            let got = Temperature::from_celsius(*input)
                .map(Temperature::tenths)
                .map_err(|e| e.code());
            assert_eq!(got, *expected, "input {input}");
        }
    }

    #[test]
    fn temperature_round_trips_through_json_as_a_number() {
        let t = Temperature::from_celsius(37.8).unwrap();
        assert_eq!(serde_json::to_string(&t).unwrap(), "37.8");
        assert_eq!(serde_json::from_str::<Temperature>("37.8").unwrap(), t);
        assert!(serde_json::from_str::<Temperature>("45.0").is_err());
    }

    #[test]
    fn spo2_and_pulse_ranges() {
        let cases: &[(i64, bool, bool)] = &[
            (49, false, true),
            (50, true, true),
            (100, true, true),
            (101, false, true),
            (29, false, false),
            (30, false, true),
            (220, false, true),
            (221, false, false),
            (-1, false, false),
        ];
        for (input, spo2_ok, pulse_ok) in cases {
            assert_eq!(Spo2::new(*input).is_ok(), *spo2_ok, "spo2 {input}");
            assert_eq!(Pulse::new(*input).is_ok(), *pulse_ok, "pulse {input}");
        }
    }

    #[test]
    fn password_rule_is_length_only() {
        assert_eq!(
            check_new_password("").map_err(|e| e.code()),
            Err("required")
        );
        assert_eq!(
            check_new_password("short").map_err(|e| e.code()),
            Err("too_short")
        );
        assert!(check_new_password("alllowercase").is_ok());
        assert!(check_new_password("ひらがなでもよい").is_ok());
        assert_eq!(
            check_new_password(&"x".repeat(129)).map_err(|e| e.code()),
            Err("too_long")
        );
    }

    #[test]
    fn text_length_counts_characters_not_bytes() {
        assert!(check_text_len(&"咳".repeat(1_000), NOTE_MAX_CHARS).is_ok());
        assert!(check_text_len(&"咳".repeat(1_001), NOTE_MAX_CHARS).is_err());
    }
}
