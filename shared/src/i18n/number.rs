//! Numbers as a patient reads and types them: the decimal separator of each language, and
//! reading what was typed on a phone.
//!
//! Vietnamese and Brazilian Portuguese write a decimal comma (36,5), the other languages a point
//! (36.5). Every number the patient app shows with decimals goes through [`format_decimal`], so
//! an error message, a chart summary and the example under the input agree.

use super::Lang;
use crate::values::ValueError;

/// The mark between the whole part and the decimals in `lang`: a comma in Vietnamese and
/// Brazilian Portuguese, a point in the other languages.
pub fn decimal_separator(lang: Lang) -> char {
    match lang {
        Lang::Vi | Lang::PtBr => ',',
        Lang::Ja | Lang::En | Lang::ZhHans | Lang::Ko => '.',
    }
}

/// `value` rounded to `decimals` places, written with `lang`'s separator: 36.5 with one decimal
/// is "36.5" in Japanese and "36,5" in Vietnamese.
///
/// No thousands are grouped: the numbers shown to patients (temperature, SpO2, pulse) are all
/// below 1,000.
pub fn format_decimal(value: f64, decimals: usize, lang: Lang) -> String {
    let text = format!("{value:.decimals$}");
    match decimal_separator(lang) {
        '.' => text,
        separator => text.replace('.', &separator.to_string()),
    }
}

/// Makes a typed number parseable: full-width digits and signs (a Japanese keyboard's default)
/// become ASCII, a decimal comma or point of any width becomes `.`, and a trailing unit (`℃`,
/// `°C`, `%`) and spaces are dropped.
fn normalise_number(input: &str) -> String {
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

/// Reads a decimal number as a patient types it; empty is `None` (the validation then says
/// whether it was needed).
///
/// Both "36,5" and "36.5" are read as 36.5 whatever the app's language: the keypad a phone
/// shows for a decimal input follows the phone's own region, not the app's language, so a
/// Vietnamese patient on a phone set to Japanese has only a point, and a Japanese patient on a
/// phone set to Portuguese only a comma. No value read here groups thousands, so neither mark
/// can mean anything else; a second mark ("36.5.1", "1,000.5") is refused.
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

/// Reads a whole number as a patient types it (full-width digits, a trailing `%`); empty is
/// `None`. A decimal ("97.5", "97,5") is refused rather than rounded.
pub fn parse_whole(input: &str) -> Result<Option<i64>, ValueError> {
    let text = normalise_number(input);
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| ValueError::Invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_written_with_the_separator_of_the_language() {
        let cases = [
            (Lang::Ja, 36.5, 1, "36.5"),
            (Lang::En, 34.0, 1, "34.0"),
            (Lang::ZhHans, 42.5, 1, "42.5"),
            (Lang::Ko, 37.0, 1, "37.0"),
            (Lang::Vi, 36.5, 1, "36,5"),
            (Lang::Vi, 34.0, 1, "34,0"),
            (Lang::PtBr, 42.5, 1, "42,5"),
            (Lang::PtBr, 38.04, 1, "38,0"),
            (Lang::PtBr, 97.0, 0, "97"),
            (Lang::Vi, 37.25, 2, "37,25"),
        ];
        for (lang, value, decimals, expected) in cases {
            assert_eq!(
                format_decimal(value, decimals, lang),
                expected,
                "{value} in {lang:?}"
            );
        }
    }

    #[test]
    fn only_vietnamese_and_portuguese_use_a_comma() {
        for lang in Lang::ALL {
            let expected = if matches!(lang, Lang::Vi | Lang::PtBr) {
                ','
            } else {
                '.'
            };
            assert_eq!(decimal_separator(lang), expected, "{lang:?}");
        }
    }

    #[test]
    fn decimals_parse_from_what_phones_type() {
        let cases: &[(&str, Result<Option<f64>, &str>)] = &[
            ("", Ok(None)),
            ("   ", Ok(None)),
            ("36.5", Ok(Some(36.5))),
            ("36,5", Ok(Some(36.5))),
            ("３６．５", Ok(Some(36.5))),
            ("３６，５", Ok(Some(36.5))),
            ("36.5℃", Ok(Some(36.5))),
            ("36,5 °C", Ok(Some(36.5))),
            ("37", Ok(Some(37.0))),
            ("inf", Err("invalid")),
            ("1e2", Err("invalid")),
            ("36..5", Err("invalid")),
            ("36,5.1", Err("invalid")),
            ("熱", Err("invalid")),
        ];
        for (input, expected) in cases {
            let got = parse_decimal(input).map_err(|e| e.code());
            assert_eq!(got, *expected, "{input:?}");
        }
    }

    /// What the app writes in any language, it reads back: a correction starts from the stored
    /// value written for the patient's language.
    #[test]
    fn a_formatted_decimal_parses_back_in_every_language() {
        for lang in Lang::ALL {
            for tenths in [340_u16, 365, 380, 425] {
                let value = f64::from(tenths) / 10.0;
                let text = format_decimal(value, 1, lang);
                assert_eq!(
                    parse_decimal(&text),
                    Ok(Some(value)),
                    "{text:?} in {lang:?}"
                );
            }
        }
    }

    #[test]
    fn whole_numbers_refuse_decimals_and_groups() {
        let cases: &[(&str, Result<Option<i64>, &str>)] = &[
            ("", Ok(None)),
            ("９７％", Ok(Some(97))),
            (" 88 ", Ok(Some(88))),
            ("97.5", Err("invalid")),
            ("97,5", Err("invalid")),
            ("1,000", Err("invalid")),
        ];
        for (input, expected) in cases {
            let got = parse_whole(input).map_err(|e| e.code());
            assert_eq!(got, *expected, "{input:?}");
        }
    }
}
