//! The daily report form as typed, and its conversion into a [`CreateReport`].
//!
//! Inputs stay text while the patient types; [`ReportDraft::to_request`] parses them leniently
//! (full-width digits from a Japanese keyboard, a decimal comma or point, a trailing unit) and
//! then lets [`CreateReport::validate`] apply the same rules the server applies.

use mimamori_shared::Lang;
use mimamori_shared::api::FieldError;
use mimamori_shared::api::reports::{CreateReport, ReportView};
use mimamori_shared::i18n::number::{format_decimal, parse_decimal, parse_whole};
use mimamori_shared::ids::CaseId;
use mimamori_shared::report::ValidReport;
use mimamori_shared::values::ValueError;
use mimamori_shared::{Answer, Symptom, UrgentSign};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// What the patient has entered so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportDraft {
    /// 体温 as typed.
    pub temperature: String,
    /// SpO2 as typed; empty when there is no oximeter.
    pub spo2: String,
    /// Pulse as typed; may be empty.
    pub pulse: String,
    /// Answers other than the default "no".
    pub symptoms: BTreeMap<Symptom, Answer>,
    /// Urgent signs ticked; empty is "none".
    pub urgent_signs: BTreeSet<UrgentSign>,
    /// Note to staff.
    pub note: String,
}

impl ReportDraft {
    /// The answer given to `symptom` ("no" until the patient changes it).
    pub fn answer(&self, symptom: Symptom) -> Answer {
        self.symptoms.get(&symptom).copied().unwrap_or_default()
    }

    /// Records an answer; "no" is stored as absence, so two drafts with the same answers are equal.
    pub fn set_answer(&mut self, symptom: Symptom, answer: Answer) {
        if answer == Answer::No {
            self.symptoms.remove(&symptom);
        } else {
            self.symptoms.insert(symptom, answer);
        }
    }

    /// Ticks or unticks one urgent sign.
    pub fn toggle_urgent(&mut self, sign: UrgentSign, ticked: bool) {
        if ticked {
            self.urgent_signs.insert(sign);
        } else {
            self.urgent_signs.remove(&sign);
        }
    }

    /// The answers of a stored report, as the form shows them in `lang` (the temperature with
    /// the language's decimal separator): the starting point of a correction, so the patient
    /// changes only what was wrong.
    pub fn from_report(report: &ReportView, lang: Lang) -> Self {
        Self {
            temperature: format_decimal(report.temperature_c, 1, lang),
            spo2: report.spo2.map(|s| s.to_string()).unwrap_or_default(),
            pulse: report.pulse.map(|p| p.to_string()).unwrap_or_default(),
            symptoms: report
                .symptoms
                .iter()
                .filter(|(_, a)| **a != Answer::No)
                .map(|(s, a)| (*s, *a))
                .collect(),
            urgent_signs: report.urgent_signs.iter().copied().collect(),
            note: report.note.clone(),
        }
    }

    /// Builds the request and validates it exactly as the server will; on failure, every field
    /// error in the order the form shows the fields.
    pub fn to_request(&self, key: Uuid) -> Result<(CreateReport, ValidReport), Vec<FieldError>> {
        let mut errors = Vec::new();
        let temperature_c = keep(
            &mut errors,
            "temperature_c",
            parse_decimal(&self.temperature),
        );
        let spo2 = keep(&mut errors, "spo2", parse_whole(&self.spo2));
        let pulse = keep(&mut errors, "pulse", parse_whole(&self.pulse));
        let request = CreateReport {
            idempotency_key: Some(key),
            temperature_c,
            spo2,
            pulse,
            symptoms: self.symptoms.clone(),
            urgent_signs: self.urgent_signs.iter().copied().collect(),
            note: self.note.clone(),
        };
        let valid = match request.validate() {
            Ok((_, valid)) => Some(valid),
            Err(validation) => {
                // A field that did not parse was sent as "missing": its own parse error says
                // more than "required" does.
                for error in validation {
                    if !errors.iter().any(|e| e.field == error.field) {
                        errors.push(error);
                    }
                }
                None
            }
        };
        match valid {
            Some(valid) if errors.is_empty() => Ok((request, valid)),
            _ => {
                sort_by_form_order(&mut errors);
                Err(errors)
            }
        }
    }
}

/// The parsed value, or `None` with the parse error recorded under `field`.
fn keep<T>(
    errors: &mut Vec<FieldError>,
    field: &str,
    parsed: Result<Option<T>, ValueError>,
) -> Option<T> {
    parsed.unwrap_or_else(|error| {
        errors.push(FieldError::new(field, &error));
        None
    })
}

/// The report waiting to be sent, remembered so a retry reuses its idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingSend {
    /// Key sent with every attempt of this report.
    pub key: Uuid,
    /// Whose report it is.
    pub case_id: CaseId,
    /// The answers as they were sent.
    pub draft: ReportDraft,
}

impl PendingSend {
    /// The send to make now: the previous one again when nothing changed since it failed
    /// (the server then stores it at most once), else a new report with a fresh key.
    pub fn next(previous: Option<&PendingSend>, case_id: CaseId, draft: &ReportDraft) -> Self {
        match previous {
            Some(p) if p.case_id == case_id && p.draft == *draft => p.clone(),
            _ => PendingSend {
                key: Uuid::new_v4(),
                case_id,
                draft: draft.clone(),
            },
        }
    }
}

/// Position of a field on the form, so errors are listed (and focus goes) top to bottom.
fn form_rank(field: &str) -> usize {
    let fixed = ["temperature_c", "spo2", "pulse"];
    if let Some(i) = fixed.iter().position(|f| *f == field) {
        i
    } else if field.starts_with("symptoms") {
        10
    } else if field.starts_with("urgent_signs") {
        20
    } else if field == "note" {
        30
    } else {
        40
    }
}

/// Sorts field errors into the order the form shows the fields.
pub fn sort_by_form_order(errors: &mut [FieldError]) {
    errors.sort_by_key(|e| form_rank(&e.field));
}

/// The id of the input that shows `field` of a report request, if one does: focus goes there
/// and the error is shown beside it.
pub fn report_input_id(field: &str) -> Option<String> {
    match field {
        "temperature_c" => Some("temperature".into()),
        "spo2" => Some("spo2".into()),
        "pulse" => Some("pulse".into()),
        "note" => Some("note".into()),
        "urgent_signs" => Some("urgent-none".into()),
        _ => field
            .strip_prefix("symptoms.")
            .map(|symptom| format!("symptom-{symptom}-no")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mimamori_shared::triage::{Flag, judge};

    fn draft(temperature: &str, spo2: &str, pulse: &str) -> ReportDraft {
        ReportDraft {
            temperature: temperature.into(),
            spo2: spo2.into(),
            pulse: pulse.into(),
            ..ReportDraft::default()
        }
    }

    fn valid(d: &ReportDraft) -> (CreateReport, ValidReport) {
        match d.to_request(Uuid::nil()) {
            Ok(built) => built,
            Err(errors) => panic!("{d:?} refused: {errors:?}"),
        }
    }

    fn refused(d: &ReportDraft) -> Vec<FieldError> {
        match d.to_request(Uuid::nil()) {
            Ok(_) => panic!("{d:?} accepted"),
            Err(errors) => errors,
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<(&str, &str)> {
        errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect()
    }

    #[test]
    fn a_plain_report_becomes_a_valid_request() {
        let (request, report) = valid(&draft("36.6", "97", ""));
        assert_eq!(request.temperature_c, Some(36.6));
        assert_eq!(request.spo2, Some(97));
        assert_eq!(request.pulse, None);
        assert_eq!(request.idempotency_key, Some(Uuid::nil()));
        assert_eq!(judge(&report, None).flag, Flag::None);
    }

    #[test]
    fn a_decimal_comma_is_accepted_whatever_the_language() {
        let (request, _) = valid(&draft("37,8", "", ""));
        assert_eq!(request.temperature_c, Some(37.8));
    }

    #[test]
    fn japanese_keyboard_input_is_accepted() {
        let (request, _) = valid(&draft("３７．８℃", "９６％", " 88 "));
        assert_eq!(request.temperature_c, Some(37.8));
        assert_eq!(request.spo2, Some(96));
        assert_eq!(request.pulse, Some(88));
    }

    #[test]
    fn errors_name_the_fields_in_form_order() {
        let cases: &[(ReportDraft, &[(&str, &str)])] = &[
            (draft("", "", ""), &[("temperature_c", "required")]),
            (draft("abc", "", ""), &[("temperature_c", "invalid")]),
            (draft("36.55", "", ""), &[("temperature_c", "too_precise")]),
            (draft("43", "", ""), &[("temperature_c", "out_of_range")]),
            (
                draft("", "101", "9.5"),
                &[
                    ("temperature_c", "required"),
                    ("spo2", "out_of_range"),
                    ("pulse", "invalid"),
                ],
            ),
            (
                ReportDraft {
                    note: "咳".repeat(1_001),
                    ..draft("36.5", "97", "70")
                },
                &[("note", "too_long")],
            ),
        ];
        for (input, expected) in cases {
            let errors = refused(input);
            assert_eq!(fields(&errors), *expected, "{input:?}");
        }
    }

    #[test]
    fn an_urgent_sign_makes_the_report_red_before_sending() {
        let mut d = draft("36.5", "", "");
        d.toggle_urgent(UrgentSign::PurpleLips, true);
        let (request, report) = valid(&d);
        assert_eq!(request.urgent_signs, [UrgentSign::PurpleLips]);
        assert_eq!(judge(&report, None).flag, Flag::Red);
        d.toggle_urgent(UrgentSign::PurpleLips, false);
        assert!(d.urgent_signs.is_empty());
    }

    #[test]
    fn no_is_the_default_answer_and_stored_as_absence() {
        let mut d = ReportDraft::default();
        assert_eq!(d.answer(Symptom::Breathlessness), Answer::No);
        d.set_answer(Symptom::Breathlessness, Answer::Yes);
        assert_eq!(d.answer(Symptom::Breathlessness), Answer::Yes);
        d.set_answer(Symptom::Breathlessness, Answer::No);
        assert_eq!(d, ReportDraft::default());
    }

    #[test]
    fn a_retry_of_the_same_answers_keeps_its_key() {
        let d = draft("38.2", "", "");
        let first = PendingSend::next(None, CaseId(1), &d);
        let retry = PendingSend::next(Some(&first), CaseId(1), &d);
        assert_eq!(retry.key, first.key);

        let changed = PendingSend::next(Some(&first), CaseId(1), &draft("38.3", "", ""));
        assert_ne!(changed.key, first.key);
        let other_member = PendingSend::next(Some(&first), CaseId(2), &d);
        assert_ne!(other_member.key, first.key);
    }

    #[test]
    fn server_fields_map_to_the_inputs_that_show_them() {
        assert_eq!(
            report_input_id("temperature_c").as_deref(),
            Some("temperature")
        );
        assert_eq!(report_input_id("note").as_deref(), Some("note"));
        assert_eq!(
            report_input_id("symptoms.breathlessness").as_deref(),
            Some("symptom-breathlessness-no")
        );
        assert_eq!(report_input_id("idempotency_key"), None);
    }

    #[test]
    fn a_correction_starts_from_the_stored_answers() {
        use mimamori_shared::api::reports::{EnteredBy, ReportView};
        use mimamori_shared::ids::ReportId;
        let stored = ReportView {
            id: ReportId(5),
            case_id: CaseId(1),
            slot_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default(),
            slot: 1,
            submitted_at: chrono::DateTime::UNIX_EPOCH,
            temperature_c: 38.0,
            spo2: Some(95),
            pulse: None,
            symptoms: BTreeMap::from([(Symptom::Breathlessness, Answer::Yes)]),
            urgent_signs: vec![UrgentSign::ChestPain],
            note: "夜に咳".into(),
            flag: Flag::Red,
            reasons: Vec::new(),
            ruleset_version: "v".into(),
            entered_by: EnteredBy::Patient,
            reviewed: false,
            version: 1,
            corrected_at: None,
            threshold_version: None,
        };
        let d = ReportDraft::from_report(&stored, Lang::Ja);
        // "38.0", not "38": the form shows what the thermometer showed.
        assert_eq!(
            (d.temperature.as_str(), d.spo2.as_str(), d.pulse.as_str()),
            ("38.0", "95", "")
        );
        // In Portuguese with a decimal comma, and it is read back as the same value.
        let pt = ReportDraft::from_report(&stored, Lang::PtBr);
        assert_eq!(pt.temperature, "38,0");
        assert_eq!(valid(&pt).0.temperature_c, Some(38.0));
        assert_eq!(d.answer(Symptom::Breathlessness), Answer::Yes);
        assert!(d.urgent_signs.contains(&UrgentSign::ChestPain));
        assert_eq!(d.note, "夜に咳");
        // Sent back unchanged, it is the same report.
        let (request, _) = valid(&d);
        assert_eq!(request.temperature_c, Some(38.0));
        assert_eq!(request.spo2, Some(95));
        assert_eq!(request.urgent_signs, [UrgentSign::ChestPain]);
        assert_eq!(request.note, "夜に咳");
    }
}
