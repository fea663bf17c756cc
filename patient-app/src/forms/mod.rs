//! Pure form logic, free of Dioxus and the browser so it is unit-tested natively: parsing what
//! the patient typed, building requests, and turning field errors into translated messages.

pub mod invitation;
pub mod messages;
pub mod reminders;
pub mod report;

use chrono::NaiveDate;
use mimamori_shared::Lang;
use mimamori_shared::values::ValueError;
use serde::Serialize;

/// Makes a typed number parseable: full-width digits and signs (a Japanese keyboard's default)
/// become ASCII, a decimal comma becomes a point, and a trailing unit (`℃`, `°C`, `%`) and
/// spaces are dropped.
pub fn normalise_number(input: &str) -> String {
    let mut text: String = input
        .chars()
        .filter_map(|c| match c {
            '０'..='９' => char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')),
            '．' | '，' | ',' | '。' => Some('.'),
            '－' | 'ー' | '−' => Some('-'),
            c if c.is_whitespace() => None,
            c => Some(c),
        })
        .collect();
    for unit in ["℃", "°C", "°c", "°", "％", "%"] {
        if let Some(stripped) = text.strip_suffix(unit) {
            text = stripped.to_owned();
            break;
        }
    }
    text
}

/// Parses a decimal input; empty is `None` (the validation then says whether it was needed).
pub fn parse_decimal(input: &str) -> Result<Option<f64>, ValueError> {
    let text = normalise_number(input);
    if text.is_empty() {
        return Ok(None);
    }
    // `f64::from_str` accepts "inf" and "1e2", which nobody types as a temperature.
    if !text
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        return Err(ValueError::Invalid);
    }
    text.parse().map(Some).map_err(|_| ValueError::Invalid)
}

/// Parses a whole-number input; empty is `None`.
pub fn parse_whole(input: &str) -> Result<Option<i64>, ValueError> {
    let text = normalise_number(input);
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| ValueError::Invalid)
}

/// The snake_case name serde gives a catalogue item (`breathlessness`, `purple_lips`): the same
/// name the API uses, so element names and API field names cannot drift apart.
pub fn item_name(item: impl Serialize) -> String {
    match serde_json::to_value(item) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::from("unknown"),
    }
}

/// Replaces each `{key}` of a translated template with its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut text = template.to_owned();
    for (key, value) in values {
        text = text.replace(&format!("{{{key}}}"), value);
    }
    text
}

/// A day as people say it: "1月5日", "5 January" (the wording per language is in
/// `mimamori_shared::i18n::patient`, with the other translations).
pub fn short_date(date: NaiveDate, lang: Lang) -> String {
    mimamori_shared::i18n::patient::short_date(date, lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mimamori_shared::{Answer, Symptom, UrgentSign};

    #[test]
    fn numbers_parse_from_what_phones_type() {
        let cases: &[(&str, Result<Option<f64>, &str>)] = &[
            ("", Ok(None)),
            ("   ", Ok(None)),
            ("36.5", Ok(Some(36.5))),
            ("36,5", Ok(Some(36.5))),
            ("３６．５", Ok(Some(36.5))),
            ("36.5℃", Ok(Some(36.5))),
            ("36.5 °C", Ok(Some(36.5))),
            ("37", Ok(Some(37.0))),
            ("inf", Err("invalid")),
            ("1e2", Err("invalid")),
            ("36..5", Err("invalid")),
            ("熱", Err("invalid")),
        ];
        for (input, expected) in cases {
            let got = parse_decimal(input).map_err(|e| e.code());
            assert_eq!(got, *expected, "{input:?}");
        }
    }

    #[test]
    fn whole_numbers_refuse_decimals() {
        assert_eq!(parse_whole("９７％"), Ok(Some(97)));
        assert_eq!(parse_whole(""), Ok(None));
        assert_eq!(parse_whole("97.5").map_err(|e| e.code()), Err("invalid"));
    }

    #[test]
    fn item_names_are_the_api_names() {
        assert_eq!(item_name(Symptom::CoughRunnyNose), "cough_runny_nose");
        assert_eq!(item_name(UrgentSign::PurpleLips), "purple_lips");
        assert_eq!(item_name(Answer::Unsure), "unsure");
    }

    #[test]
    fn dates_read_naturally() {
        let Some(date) = NaiveDate::from_ymd_opt(2026, 1, 5) else {
            panic!("a real date");
        };
        assert_eq!(short_date(date, Lang::Ja), "1月5日");
        assert_eq!(short_date(date, Lang::En), "5 January");
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            fill("{min}〜{max}", &[("min", "50"), ("max", "100")]),
            "50〜100"
        );
    }
}
