//! The institution's forms (inpatient status report, daily test counts) as the pages hold them,
//! and their checks.
//!
//! Dates and numbers are kept as the inputs give them, so a half-typed value is never
//! overwritten by a re-render; the checks are the shared `validate()`, so the page shows at once
//! what the server would answer with a 422.

use crate::hc_forms::Errors;
use chrono::NaiveDate;
use mimamori_shared::api::FieldError;
use mimamori_shared::api::case_notifications::ClinicalSymptom;
use mimamori_shared::api::inpatient::{InpatientOutcome, InpatientReportForm, InpatientReportView};
use mimamori_shared::api::test_counts::{TestCountForm, TestCountView};

/// `YYYY-MM-DD`, as date inputs give and take it.
pub fn date_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// What the inpatient status report form holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportState {
    /// Every field but the dates (set from the texts by [`ReportState::to_request`]).
    pub form: InpatientReportForm,
    /// 入院日 as typed.
    pub admission_date: String,
    /// 退院日 as typed.
    pub discharge_date: String,
}

impl ReportState {
    /// Every field the form shows an error beside, in the order of the form.
    pub const FIELDS: [&'static str; 11] = [
        "admission_date",
        "discharge_date",
        "hospital_name",
        "doctor_name",
        "severity",
        "symptoms",
        "findings",
        "icu",
        "ventilator",
        "ecmo",
        "outcome",
    ];

    /// The form a report starts from: the latest report's values when there is one (each
    /// update is a new whole report), else an admission today at the caller's institution,
    /// with the caller as the doctor.
    pub fn start(
        latest: Option<&InpatientReportView>,
        hospital: &str,
        doctor: &str,
        today: NaiveDate,
    ) -> Self {
        match latest {
            Some(report) => Self {
                form: report.form.clone(),
                admission_date: report
                    .form
                    .admission_date
                    .map(date_text)
                    .unwrap_or_default(),
                discharge_date: report
                    .form
                    .discharge_date
                    .map(date_text)
                    .unwrap_or_default(),
            },
            None => Self {
                form: InpatientReportForm {
                    hospital_name: hospital.to_owned(),
                    doctor_name: doctor.to_owned(),
                    outcome: Some(InpatientOutcome::Inpatient),
                    ..InpatientReportForm::default()
                },
                admission_date: date_text(today),
                discharge_date: String::new(),
            },
        }
    }

    /// Ticks or unticks a symptom.
    pub fn toggle(&mut self, symptom: ClinicalSymptom, on: bool) {
        self.form.symptoms.retain(|s| *s != symptom);
        if on {
            self.form.symptoms.push(symptom);
        }
    }

    /// The report to send (normalised), or the errors to show beside the fields.
    pub fn to_request(&self, today: NaiveDate) -> Result<InpatientReportForm, Errors> {
        let form = InpatientReportForm {
            admission_date: parse_date(&self.admission_date),
            discharge_date: parse_date(&self.discharge_date),
            ..self.form.clone()
        };
        form.validate(today).map_err(Errors)
    }
}

/// The four counts, in the order of the form.
pub const COUNT_FIELDS: [&str; 4] = [
    "pcr_performed",
    "pcr_positive",
    "antigen_performed",
    "antigen_positive",
];

/// What the test-count form holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CountState {
    /// The day as typed.
    pub date: String,
    /// The counts as typed, in the order of [`COUNT_FIELDS`].
    pub counts: [String; 4],
}

impl CountState {
    /// An empty form for `date`.
    pub fn on(date: NaiveDate) -> Self {
        Self {
            date: date_text(date),
            counts: Default::default(),
        }
    }

    /// The form showing a day already filed (to correct it).
    pub fn of(view: &TestCountView) -> Self {
        let c = view.counts;
        Self {
            date: date_text(view.date),
            counts: [
                c.pcr_performed,
                c.pcr_positive,
                c.antigen_performed,
                c.antigen_positive,
            ]
            .map(|n| n.to_string()),
        }
    }

    /// The day typed, if it is a date.
    pub fn day(&self) -> Option<NaiveDate> {
        parse_date(&self.date)
    }

    /// The day and counts to send, or the errors to show beside the fields.
    pub fn to_request(&self, today: NaiveDate) -> Result<(NaiveDate, TestCountForm), Errors> {
        let mut typos = Vec::new();
        let mut number = |i: usize| -> Option<i64> {
            let text = self.counts[i].trim();
            if text.is_empty() {
                return None;
            }
            let parsed = text.parse::<i64>().ok();
            if parsed.is_none() {
                typos.push(FieldError::custom(
                    COUNT_FIELDS[i],
                    "not_a_number",
                    "not a whole number",
                ));
            }
            parsed
        };
        let form = TestCountForm {
            pcr_performed: number(0),
            pcr_positive: number(1),
            antigen_performed: number(2),
            antigen_positive: number(3),
        };
        let Some(date) = self.day() else {
            let mut errors = vec![FieldError::custom("date", "required", "required")];
            errors.extend(typos);
            return Err(Errors(errors));
        };
        match form.validate(date, today) {
            // A typo left its count empty, so `validate` says "required" there: the typo's
            // message is the one that helps.
            Err(mut errors) => {
                errors.retain(|e| !typos.iter().any(|t| t.field == e.field));
                errors.extend(typos);
                Err(Errors(errors))
            }
            Ok(_) if !typos.is_empty() => Err(Errors(typos)),
            Ok(_) => Ok((date, form)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mimamori_shared::api::case_notifications::Severity;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default()
    }

    #[test]
    fn a_first_report_starts_as_an_admission_today_here() {
        let state = ReportState::start(None, "見守病院", "医師 一郎", today());
        assert_eq!(state.admission_date, "2026-11-24");
        assert_eq!(state.form.hospital_name, "見守病院");
        assert_eq!(state.form.doctor_name, "医師 一郎");
        assert_eq!(state.form.outcome, Some(InpatientOutcome::Inpatient));
        // Severity is the doctor's judgement: never guessed.
        let errors = state.to_request(today()).err().unwrap_or_default();
        assert_eq!(errors.code("severity"), Some("required"));
    }

    #[test]
    fn a_discharge_needs_its_date_and_sends_normalised_values() {
        let mut state = ReportState::start(None, " 見守 病院 ", "医師", today());
        state.form.severity = Some(Severity::ModerateI);
        state.form.outcome = Some(InpatientOutcome::DischargedHome);
        state.toggle(ClinicalSymptom::Cough, true);
        state.toggle(ClinicalSymptom::Fever, true);
        let errors = state.to_request(today()).err().unwrap_or_default();
        assert_eq!(errors.code("discharge_date"), Some("required"));
        state.admission_date = "2026-11-20".into();
        state.discharge_date = "2026-11-19".into();
        let errors = state.to_request(today()).err().unwrap_or_default();
        assert_eq!(errors.code("discharge_date"), Some("before_admission"));
        state.discharge_date = "2026-11-23".into();
        let sent = state.to_request(today()).unwrap_or_default();
        assert_eq!(sent.hospital_name, "見守 病院");
        assert_eq!(
            sent.symptoms,
            vec![ClinicalSymptom::Fever, ClinicalSymptom::Cough]
        );
        assert_eq!(sent.discharge_date, NaiveDate::from_ymd_opt(2026, 11, 23));
    }

    #[test]
    fn counts_must_be_typed_as_whole_numbers() {
        let mut state = CountState::on(today());
        state.counts = ["12".into(), "1.5".into(), "".into(), "0".into()];
        let errors = state.to_request(today()).err().unwrap_or_default();
        assert_eq!(errors.code("pcr_positive"), Some("not_a_number"));
        assert_eq!(errors.code("antigen_performed"), Some("required"));
        assert_eq!(errors.code("pcr_performed"), None);
        state.counts = ["12".into(), "13".into(), "4".into(), "0".into()];
        let errors = state.to_request(today()).err().unwrap_or_default();
        assert_eq!(errors.code("pcr_positive"), Some("more_than_performed"));
        state.counts[1] = "3".into();
        let (date, form) = state.to_request(today()).unwrap_or_default();
        assert_eq!((date, form.pcr_positive), (today(), Some(3)));
        state.date = String::new();
        let errors = state.to_request(today()).err().unwrap_or_default();
        assert_eq!(errors.code("date"), Some("required"));
        state.date = "2026-11-25".into();
        let errors = state.to_request(today()).err().unwrap_or_default();
        assert_eq!(errors.code("date"), Some("in_future"));
    }
}
