//! Translated messages for field errors and failed calls.
//!
//! Field errors carry a stable `code` and the field's name; the ranges shown to the patient come
//! from the `shared` value types, so the message always states the rule the server applies, with
//! the decimal separator of the patient's language ("34,0" in Vietnamese and Portuguese).

use crate::api::ApiError;
use mimamori_shared::Lang;
use mimamori_shared::api::FieldError;
use mimamori_shared::i18n::number::format_decimal;
use mimamori_shared::i18n::patient::Text;
use mimamori_shared::values::{
    NOTE_MAX_CHARS, PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS, Pulse, Spo2, Temperature,
};

use super::fill;

/// The message to show beside the input of `error.field`.
pub fn field_error_text(error: &FieldError, lang: Lang) -> String {
    let field = error.field.as_str();
    match error.code.as_str() {
        "required" => Text::ErrRequired.get(lang).to_owned(),
        "invalid" if is_number_field(field) => Text::ErrNotNumber.get(lang).to_owned(),
        "out_of_range" => match range_of(field, lang) {
            Some((min, max)) => fill(
                Text::ErrOutOfRange.get(lang),
                &[("min", &min), ("max", &max)],
            ),
            None => Text::ErrInvalid.get(lang).to_owned(),
        },
        "too_precise" => Text::ErrTooPrecise.get(lang).to_owned(),
        "too_long" => {
            let max = if field == "password" {
                PASSWORD_MAX_CHARS
            } else {
                NOTE_MAX_CHARS
            };
            fill(Text::ErrTooLong.get(lang), &[("max", &max.to_string())])
        }
        "too_common" => Text::ErrPasswordTooCommon.get(lang).to_owned(),
        "too_short" => fill(
            Text::ErrTooShort.get(lang),
            &[("min", &PASSWORD_MIN_CHARS.to_string())],
        ),
        _ => Text::ErrInvalid.get(lang).to_owned(),
    }
}

fn is_number_field(field: &str) -> bool {
    matches!(field, "temperature_c" | "spo2" | "pulse")
}

/// The accepted range of a numeric field, as people reading `lang` write it.
fn range_of(field: &str, lang: Lang) -> Option<(String, String)> {
    let tenths = |t: u16| format_decimal(f64::from(t) / 10.0, 1, lang);
    match field {
        "temperature_c" => Some((
            tenths(Temperature::MIN_TENTHS),
            tenths(Temperature::MAX_TENTHS),
        )),
        "spo2" => Some((Spo2::MIN.to_string(), Spo2::MAX.to_string())),
        "pulse" => Some((Pulse::MIN.to_string(), Pulse::MAX.to_string())),
        _ => None,
    }
}

/// The message for a failed call that is not about one field and has no meaning special to the
/// page: no signal, rate limit, expired session, server trouble. Pages check their own codes
/// (`invalid_credentials`, `invitation_expired`, …) first.
pub fn general_error_text(error: &ApiError, lang: Lang) -> &'static str {
    match error {
        ApiError::Network => Text::ErrorConnection.get(lang),
        e if e.code() == Some("followup_ended") => Text::ErrorFollowupEnded.get(lang),
        e if e.code() == Some("followup_over") => Text::ErrorFollowupOver.get(lang),
        e if e.status() == Some(429) => Text::ErrorTooManyAttempts.get(lang),
        e if e.status() == Some(401) => Text::SessionExpired.get(lang),
        _ => Text::ErrorServer.get(lang),
    }
}

/// The field errors of a 422 answer (empty for any other failure).
pub fn field_errors_of(error: &ApiError) -> Vec<FieldError> {
    match error {
        ApiError::Problem(problem) if problem.status == 422 => problem.errors.clone(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(field: &str, code: &str) -> FieldError {
        FieldError::custom(field, code, "english")
    }

    #[test]
    fn range_errors_state_the_shared_ranges() {
        let cases = [
            (
                "temperature_c",
                Lang::Ja,
                "34.0から42.5までの数字を入力してください",
            ),
            ("spo2", Lang::En, "Enter a number from 50 to 100"),
            ("pulse", Lang::En, "Enter a number from 30 to 220"),
            ("spo2", Lang::PtBr, "Digite um número de 50 a 100"),
        ];
        for (field, lang, expected) in cases {
            assert_eq!(
                field_error_text(&error(field, "out_of_range"), lang),
                expected
            );
        }
    }

    /// The range is written as the hint under the input writes 36.5 / 36,5.
    #[test]
    fn range_errors_use_the_decimal_separator_of_the_language() {
        let cases = [
            (Lang::Ja, "34.0から42.5までの数字を入力してください"),
            (Lang::En, "Enter a number from 34.0 to 42.5"),
            (Lang::ZhHans, "请输入34.0到42.5之间的数字"),
            (Lang::Ko, "34.0부터 42.5까지의 숫자를 입력해 주세요"),
            (Lang::Vi, "Hãy nhập số từ 34,0 đến 42,5"),
            (Lang::PtBr, "Digite um número de 34,0 a 42,5"),
        ];
        for (lang, expected) in cases {
            assert_eq!(
                field_error_text(&error("temperature_c", "out_of_range"), lang),
                expected,
                "{lang:?}"
            );
        }
    }

    #[test]
    fn each_code_has_its_own_message() {
        let en = |field, code| field_error_text(&error(field, code), Lang::En);
        assert_eq!(en("temperature_c", "required"), "Please fill this in");
        assert_eq!(en("temperature_c", "invalid"), "Please enter a number");
        assert_eq!(en("note", "too_long"), "Use at most 1000 characters");
        assert_eq!(en("password", "too_short"), "Use at least 8 characters");
        assert_eq!(en("password", "too_long"), "Use at most 128 characters");
        assert_eq!(en("token", "invalid"), "Please check this entry");
        assert_eq!(en("note", "something_new"), "Please check this entry");
    }

    #[test]
    fn general_errors_cover_offline_and_rate_limits() {
        assert_eq!(
            general_error_text(&ApiError::Network, Lang::En),
            Text::ErrorConnection.get(Lang::En)
        );
        assert_eq!(
            general_error_text(&ApiError::Unexpected { status: 429 }, Lang::En),
            Text::ErrorTooManyAttempts.get(Lang::En)
        );
        assert_eq!(
            general_error_text(&ApiError::Unexpected { status: 503 }, Lang::En),
            Text::ErrorServer.get(Lang::En)
        );
        assert!(field_errors_of(&ApiError::Network).is_empty());
    }
}
