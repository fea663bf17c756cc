//! Pure form logic, free of Dioxus and the browser so it is unit-tested natively: building
//! requests from what the patient typed (numbers are read by
//! `mimamori_shared::i18n::number`, which also writes them), and turning field errors into
//! translated messages.

pub mod invitation;
pub mod messages;
pub mod reminders;
pub mod report;

use chrono::NaiveDate;
use mimamori_shared::Lang;
use serde::Serialize;

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
