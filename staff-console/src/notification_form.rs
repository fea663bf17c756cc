//! The notification (発生届) form as the page holds it, and its checks.
//!
//! Dates are kept as the date inputs give them (`YYYY-MM-DD`, or empty while incomplete), so a
//! half-typed date is never overwritten by a re-render; everything else is the shared
//! [`NotificationForm`] itself. The checks are the shared ones: [`NotificationForm::check_draft`]
//! while typing and for a draft, [`NotificationForm::validate`] before a submission, so the
//! page shows at once what the server would answer with a 422.

use crate::hc_forms::Errors;
use chrono::{Datelike, NaiveDate};
use mimamori_shared::api::FieldError;
use mimamori_shared::api::case_notifications::{ClinicalSymptom, NotificationForm};
use mimamori_shared::api::cases::RiskFactor;

/// Every field the form shows an error beside, in the order of the form.
pub const FIELDS: [&str; 22] = [
    "patient_name",
    "patient_kana",
    "sex",
    "birth_date",
    "address",
    "whereabouts",
    "phone",
    "email",
    "doctor_name",
    "diagnosis_date",
    "specimen_date",
    "onset_date",
    "asymptomatic",
    "test_method",
    "test_result",
    "symptoms",
    "severity",
    "risk_factors",
    "pregnancy",
    "needs_admission",
    "new_oxygen",
    "notes",
];

/// The date fields, with their text as typed.
const DATE_FIELDS: [&str; 4] = [
    "birth_date",
    "diagnosis_date",
    "specimen_date",
    "onset_date",
];

/// What the form holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FormState {
    /// Every field but the dates (those are set from [`FormState::dates`] by [`FormState::form`]).
    pub form: NotificationForm,
    /// `birth_date`, `diagnosis_date`, `specimen_date`, `onset_date` as the inputs give them.
    pub dates: [String; 4],
}

impl FormState {
    /// The state showing `form` (a saved notification, or the defaults).
    pub fn from_form(form: &NotificationForm) -> Self {
        let text = |date: Option<NaiveDate>| date.map(format_date).unwrap_or_default();
        Self {
            form: form.clone(),
            dates: [
                text(form.birth_date),
                text(form.diagnosis_date),
                text(form.specimen_date),
                text(form.onset_date),
            ],
        }
    }

    /// The text of a date field (`birth_date`…); empty for any other name.
    pub fn date(&self, field: &str) -> String {
        DATE_FIELDS
            .iter()
            .position(|f| *f == field)
            .map(|i| self.dates[i].clone())
            .unwrap_or_default()
    }

    /// Sets the text of a date field as the input gives it.
    pub fn set_date(&mut self, field: &str, value: String) {
        if let Some(i) = DATE_FIELDS.iter().position(|f| *f == field) {
            self.dates[i] = value;
        }
    }

    /// The form to send, and an error for each date that is not empty but cannot be read.
    pub fn form(&self) -> (NotificationForm, Vec<FieldError>) {
        let mut form = self.form.clone();
        let mut errors = Vec::new();
        let mut parsed = [None; 4];
        for (i, text) in self.dates.iter().enumerate() {
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                Ok(date) => parsed[i] = Some(date),
                Err(_) => errors.push(FieldError::custom(
                    DATE_FIELDS[i],
                    "date_format",
                    "not a date",
                )),
            }
        }
        [
            form.birth_date,
            form.diagnosis_date,
            form.specimen_date,
            form.onset_date,
        ] = parsed;
        (form, errors)
    }

    /// The checks of a draft: what is filled in must be well formed.
    pub fn draft_errors(&self) -> Errors {
        let (form, mut errors) = self.form();
        errors.extend(form.check_draft());
        Errors(errors)
    }

    /// The checks of a submission as of `today`, the institution's date.
    pub fn submit_errors(&self, today: NaiveDate) -> Errors {
        let (form, mut errors) = self.form();
        if let Err(invalid) = form.validate(today) {
            errors.extend(invalid);
        }
        Errors(errors)
    }

    /// Ticks or unticks a symptom.
    pub fn toggle_symptom(&mut self, symptom: ClinicalSymptom, on: bool) {
        toggle(&mut self.form.symptoms, symptom, on);
    }

    /// Ticks or unticks a risk factor.
    pub fn toggle_risk(&mut self, factor: RiskFactor, on: bool) {
        toggle(&mut self.form.risk_factors, factor, on);
    }

    /// The patient's age in whole years on `today`, once a date of birth is entered.
    pub fn age(&self, today: NaiveDate) -> Option<u32> {
        let (form, _) = self.form();
        form.birth_date.and_then(|birth| age_on(birth, today))
    }
}

fn toggle<T: PartialEq>(items: &mut Vec<T>, item: T, on: bool) {
    let present = items.contains(&item);
    if on && !present {
        items.push(item);
    } else if !on {
        items.retain(|i| *i != item);
    }
}

/// Whole years from `birth` to `today` (none for a birth after today).
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> Option<u32> {
    let mut years = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).ok()
}

fn format_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// The value of an optional code's radio button group: the code, or empty for none.
pub fn code_value(code: Option<&'static str>) -> &'static str {
    code.unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use mimamori_shared::api::case_notifications::{Severity, TestMethod, TestResult};
    use mimamori_shared::api::cases::Sex;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn filled() -> FormState {
        let mut state = FormState::from_form(&NotificationForm::with_defaults(
            day(2026, 11, 24),
            "医師 一郎",
        ));
        state.form.patient_name = "見守 花子".into();
        state.form.patient_kana = "みまもり はなこ".into();
        state.form.sex = Some(Sex::Female);
        state.set_date("birth_date", "1950-04-01".into());
        state.form.address = "東京都新宿区1-1".into();
        state.form.phone = "090-1234-5678".into();
        state.set_date("onset_date", "2026-11-22".into());
        state.form.test_method = Some(TestMethod::Pcr);
        state
    }

    #[test]
    fn defaults_show_as_date_inputs_expect() {
        let state = FormState::from_form(&NotificationForm::with_defaults(day(2026, 11, 24), "x"));
        assert_eq!(state.date("diagnosis_date"), "2026-11-24");
        assert_eq!(state.date("specimen_date"), "2026-11-24");
        assert_eq!(state.date("birth_date"), "");
        assert_eq!(state.form.test_result, Some(TestResult::Positive));
        assert_eq!(state.form.severity, Some(Severity::Mild));
    }

    #[test]
    fn a_filled_form_passes_both_checks_and_round_trips() {
        let state = filled();
        assert!(state.draft_errors().is_empty());
        assert!(state.submit_errors(day(2026, 11, 24)).is_empty());
        let (form, errors) = state.form();
        assert!(errors.is_empty());
        assert_eq!(form.birth_date, Some(day(1950, 4, 1)));
        // What a saved notification shows again is what was sent.
        assert_eq!(FormState::from_form(&form).form(), (form, Vec::new()));
    }

    #[test]
    fn a_draft_may_miss_fields_but_a_submission_may_not() {
        let mut state = filled();
        state.form.phone.clear();
        state.set_date("onset_date", String::new());
        assert!(state.draft_errors().is_empty());
        let errors = state.submit_errors(day(2026, 11, 24));
        assert_eq!(errors.code("phone"), Some("required"));
        assert_eq!(errors.code("onset_date"), Some("required"));
        assert!(!errors.has_other_than(&FIELDS));
    }

    #[test]
    fn typing_mistakes_show_while_typing() {
        let mut state = filled();
        state.form.phone = "090-12".into();
        state.form.patient_kana = "Hanako".into();
        let errors = state.draft_errors();
        assert_eq!(errors.code("phone"), Some("phone_format"));
        assert_eq!(errors.code("patient_kana"), Some("katakana"));
        state.set_date("birth_date", "1950-02-30".into());
        assert_eq!(state.draft_errors().code("birth_date"), Some("date_format"));
    }

    #[test]
    fn dates_are_checked_against_each_other_on_submission() {
        let mut state = filled();
        state.set_date("onset_date", "2026-11-25".into());
        state.set_date("specimen_date", "1940-01-01".into());
        let errors = state.submit_errors(day(2026, 11, 24));
        assert_eq!(errors.code("onset_date"), Some("in_future"));
        assert_eq!(errors.code("specimen_date"), Some("before_birth"));
    }

    #[test]
    fn ticks_are_kept_once_and_can_be_taken_back() {
        let mut state = filled();
        state.toggle_symptom(ClinicalSymptom::Fever, true);
        state.toggle_symptom(ClinicalSymptom::Fever, true);
        state.toggle_symptom(ClinicalSymptom::Cough, true);
        state.toggle_symptom(ClinicalSymptom::Fever, false);
        assert_eq!(state.form.symptoms, [ClinicalSymptom::Cough]);
        state.toggle_risk(RiskFactor::Diabetes, true);
        assert_eq!(state.form.risk_factors, [RiskFactor::Diabetes]);
    }

    #[test]
    fn age_counts_whole_years() {
        assert_eq!(age_on(day(1950, 4, 1), day(2026, 3, 31)), Some(75));
        assert_eq!(age_on(day(1950, 4, 1), day(2026, 4, 1)), Some(76));
        assert_eq!(age_on(day(2026, 11, 25), day(2026, 11, 24)), None);
        assert_eq!(filled().age(day(2026, 11, 24)), Some(76));
        assert_eq!(code_value(None), "");
    }
}
