//! The case record's forms (call, proxy report, escalation, end of follow-up) as typed, their
//! requests, and how an action's answer changes the record on screen. Pure functions, tested
//! natively; the components only wire them to inputs.
//!
//! Numbers are read leniently like the patient app reads them (full-width digits from a
//! Japanese keyboard, a decimal comma, a trailing unit), then the shared `validate()` applies
//! the server's own rules, so the same message appears before sending as after a 422.

use mimamori_shared::Lang;
use mimamori_shared::api::FieldError;
use mimamori_shared::api::case_actions::{CreateCall, CreateEscalation, EndFollowUp};
use mimamori_shared::api::cases::{CallOutcome, EndReason};
use mimamori_shared::api::findings::FindingView;
use mimamori_shared::api::reports::{CreateReport, ReportView};
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::i18n::staff_case::CaseText;
use mimamori_shared::ids::ReportId;
use mimamori_shared::values::ValueError;
use mimamori_shared::{Answer, Symptom, UrgentSign};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// The message to show beside `field`, if `errors` has one: the case record's own wording
/// where it says more, else the console's general one.
pub fn field_message(lang: Lang, errors: &[FieldError], field: &str) -> Option<&'static str> {
    let error = errors
        .iter()
        .find(|e| e.field == field || e.field.starts_with(&format!("{field}.")))?;
    Some(match CaseText::field_error(field, &error.code) {
        Some(text) => text.get(lang),
        None => Text::field_error(field, &error.code).get(lang),
    })
}

/// Whether some error is about a field the form does not show (it then needs a general notice).
pub fn has_other_than(errors: &[FieldError], shown: &[&str]) -> bool {
    errors.iter().any(|e| {
        !shown
            .iter()
            .any(|f| e.field == *f || e.field.starts_with(&format!("{f}.")))
    })
}

/// What the call form holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CallForm {
    /// The outcome chosen, if any.
    pub outcome: Option<CallOutcome>,
    /// Note as typed.
    pub note: String,
}

impl CallForm {
    /// Fields the form shows errors beside.
    pub const FIELDS: [&'static str; 2] = ["outcome", "note"];

    /// The request, or the errors to show.
    pub fn to_request(&self) -> Result<CreateCall, Vec<FieldError>> {
        let request = CreateCall {
            outcome: self.outcome,
            note: self.note.trim().to_owned(),
        };
        request.validate().map(|_| request)
    }
}

/// What the escalation form holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EscalationForm {
    /// Note as typed.
    pub note: String,
}

impl EscalationForm {
    /// Fields the form shows errors beside.
    pub const FIELDS: [&'static str; 1] = ["note"];

    /// The request, or the errors to show.
    pub fn to_request(&self) -> Result<CreateEscalation, Vec<FieldError>> {
        let request = CreateEscalation {
            note: self.note.trim().to_owned(),
        };
        request.validate().map(|()| request)
    }
}

/// What the end-of-follow-up form holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EndForm {
    /// The reason chosen, if any.
    pub reason: Option<EndReason>,
    /// Note as typed.
    pub note: String,
}

impl EndForm {
    /// Fields the form shows errors beside.
    pub const FIELDS: [&'static str; 2] = ["reason", "note"];

    /// The request, or the errors to show.
    pub fn to_request(&self) -> Result<EndFollowUp, Vec<FieldError>> {
        let request = EndFollowUp {
            reason: self.reason,
            note: self.note.trim().to_owned(),
        };
        request.validate().map(|_| request)
    }
}

/// A proxy report as staff type it during or after the call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProxyDraft {
    /// Temperature as typed.
    pub temperature: String,
    /// SpO2 as typed; empty when not measured.
    pub spo2: String,
    /// Pulse as typed; empty when not measured.
    pub pulse: String,
    /// Answers other than "no".
    pub symptoms: BTreeMap<Symptom, Answer>,
    /// Urgent signs ticked.
    pub urgent_signs: BTreeSet<UrgentSign>,
    /// Note.
    pub note: String,
}

impl ProxyDraft {
    /// Fields the form shows errors beside.
    pub const FIELDS: [&'static str; 6] = [
        "temperature_c",
        "spo2",
        "pulse",
        "symptoms",
        "urgent_signs",
        "note",
    ];

    /// A stored report's values, to correct them (staff proxy correction after a call).
    pub fn from_report(report: &ReportView) -> Self {
        let number = |value: Option<u8>| value.map(|v| v.to_string()).unwrap_or_default();
        Self {
            temperature: format!("{:.1}", report.temperature_c),
            spo2: number(report.spo2),
            pulse: number(report.pulse),
            symptoms: report
                .symptoms
                .iter()
                .filter(|(_, answer)| **answer != Answer::No)
                .map(|(symptom, answer)| (*symptom, *answer))
                .collect(),
            urgent_signs: report.urgent_signs.iter().copied().collect(),
            note: report.note.clone(),
        }
    }

    /// The answer given to `symptom` ("no" until changed).
    pub fn answer(&self, symptom: Symptom) -> Answer {
        self.symptoms.get(&symptom).copied().unwrap_or_default()
    }

    /// Records an answer; "no" is kept as absence.
    pub fn set_answer(&mut self, symptom: Symptom, answer: Answer) {
        if answer == Answer::No {
            self.symptoms.remove(&symptom);
        } else {
            self.symptoms.insert(symptom, answer);
        }
    }

    /// Ticks or unticks an urgent sign.
    pub fn toggle_urgent(&mut self, sign: UrgentSign, ticked: bool) {
        if ticked {
            self.urgent_signs.insert(sign);
        } else {
            self.urgent_signs.remove(&sign);
        }
    }

    /// The request sent under `key`, or every field error in form order.
    pub fn to_request(&self, key: Uuid) -> Result<CreateReport, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut parsed = |field: &str, result: Result<Option<f64>, ValueError>| {
            result.unwrap_or_else(|error| {
                errors.push(FieldError::new(field, &error));
                None
            })
        };
        let temperature_c = parsed("temperature_c", parse_number(&self.temperature));
        let spo2 = parsed("spo2", parse_number(&self.spo2));
        let pulse = parsed("pulse", parse_number(&self.pulse));
        let whole = |value: Option<f64>, field: &str, errors: &mut Vec<FieldError>| {
            value.and_then(|v| {
                if v.fract() == 0.0 && v.abs() < 1e6 {
                    Some(v as i64)
                } else {
                    errors.push(FieldError::new(field, &ValueError::Invalid));
                    None
                }
            })
        };
        let spo2 = whole(spo2, "spo2", &mut errors);
        let pulse = whole(pulse, "pulse", &mut errors);
        let request = CreateReport {
            idempotency_key: Some(key),
            temperature_c,
            spo2,
            pulse,
            symptoms: self.symptoms.clone(),
            urgent_signs: self.urgent_signs.iter().copied().collect(),
            note: self.note.trim().to_owned(),
        };
        if let Err(validation) = request.validate() {
            // A value that did not parse was sent as missing: its own error says more.
            for error in validation {
                if !errors.iter().any(|e| e.field == error.field) {
                    errors.push(error);
                }
            }
        }
        if errors.is_empty() {
            Ok(request)
        } else {
            errors.sort_by_key(|e| {
                Self::FIELDS
                    .iter()
                    .position(|f| *f == e.field)
                    .unwrap_or(Self::FIELDS.len())
            });
            Err(errors)
        }
    }
}

/// The key to send a proxy report under: the previous attempt's again when the answers did not
/// change since it failed (the server then stores it at most once), else a fresh one.
pub fn proxy_key(previous: Option<&(Uuid, ProxyDraft)>, draft: &ProxyDraft) -> Uuid {
    match previous {
        Some((key, sent)) if sent == draft => *key,
        _ => Uuid::new_v4(),
    }
}

/// A number as typed on a Japanese or Western keyboard: full-width digits, `，`/`,` as the
/// decimal mark, spaces and a trailing unit are accepted. Empty is `None`.
pub fn parse_number(input: &str) -> Result<Option<f64>, ValueError> {
    let mut text: String = input
        .chars()
        .filter_map(|c| match c {
            '０'..='９' => char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')),
            '．' | '，' | ',' => Some('.'),
            c if c.is_whitespace() => None,
            c => Some(c),
        })
        .collect();
    for unit in ["℃", "°C", "°c", "°", "％", "%", "/min", "回/分"] {
        if let Some(stripped) = text.strip_suffix(unit) {
            text = stripped.to_owned();
            break;
        }
    }
    if text.is_empty() {
        return Ok(None);
    }
    if !text.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(ValueError::Invalid);
    }
    text.parse().map(Some).map_err(|_| ValueError::Invalid)
}

/// Marks reports reviewed on screen after the server did: `ids`, or every one when empty.
pub fn mark_reviewed(reports: &mut [ReportView], ids: &[ReportId]) {
    for report in reports {
        if ids.is_empty() || ids.contains(&report.id) {
            report.reviewed = true;
        }
    }
}

/// Puts a new amendment under the original it belongs to (directly or through another
/// amendment); everything before it in that group becomes superseded. An amendment of a finding
/// not on screen is shown on its own.
pub fn add_amendment(findings: &mut Vec<FindingView>, amendment: FindingView) {
    let Some(amended) = amendment.amends_id else {
        findings.insert(0, amendment);
        return;
    };
    let group = findings
        .iter_mut()
        .find(|f| f.id == amended || f.amendments.iter().any(|a| a.id == amended));
    match group {
        Some(original) => {
            original.superseded = true;
            for earlier in &mut original.amendments {
                earlier.superseded = true;
            }
            original.amendments.push(amendment);
        }
        None => findings.insert(0, amendment),
    }
}

/// The text in force of a finding group: its newest amendment, or the original.
pub fn current_of(original: &FindingView) -> &FindingView {
    original.amendments.last().unwrap_or(original)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;
    use mimamori_shared::api::findings::Referral;
    use mimamori_shared::ids::{CaseId, FindingId};

    fn fields(errors: &[FieldError]) -> Vec<(&str, &str)> {
        errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect()
    }

    #[test]
    fn numbers_are_read_as_typed_on_a_japanese_keyboard() {
        assert_eq!(parse_number("３７．８℃"), Ok(Some(37.8)));
        assert_eq!(parse_number(" 96 % "), Ok(Some(96.0)));
        assert_eq!(parse_number("36,9"), Ok(Some(36.9)));
        assert_eq!(parse_number(""), Ok(None));
        assert_eq!(parse_number("熱"), Err(ValueError::Invalid));
        assert_eq!(parse_number("-1"), Err(ValueError::Invalid));
    }

    #[test]
    fn a_proxy_report_is_checked_like_the_patients() {
        let draft = ProxyDraft {
            temperature: "43".into(),
            spo2: "95.5".into(),
            pulse: "x".into(),
            ..ProxyDraft::default()
        };
        let errors = draft.to_request(Uuid::nil()).unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                ("temperature_c", "out_of_range"),
                ("spo2", "invalid"),
                ("pulse", "invalid")
            ]
        );

        let mut draft = ProxyDraft {
            temperature: "38.2".into(),
            spo2: "93".into(),
            note: " 電話で聴取 ".into(),
            ..ProxyDraft::default()
        };
        draft.set_answer(Symptom::Breathlessness, Answer::Yes);
        draft.toggle_urgent(UrgentSign::ChestPain, true);
        let request = draft.to_request(Uuid::nil()).unwrap();
        assert_eq!(request.temperature_c, Some(38.2));
        assert_eq!(request.spo2, Some(93));
        assert_eq!(request.pulse, None);
        assert_eq!(request.urgent_signs, [UrgentSign::ChestPain]);
        assert_eq!(request.note, "電話で聴取");
        assert_eq!(draft.answer(Symptom::Breathlessness), Answer::Yes);
        draft.set_answer(Symptom::Breathlessness, Answer::No);
        assert!(draft.symptoms.is_empty());
    }

    #[test]
    fn a_correction_starts_from_the_stored_values_and_sends_them_back_unchanged() {
        let report = ReportView {
            id: mimamori_shared::ids::ReportId(7),
            case_id: mimamori_shared::ids::CaseId(3),
            slot_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default(),
            slot: 1,
            submitted_at: chrono::DateTime::UNIX_EPOCH,
            temperature_c: 37.0,
            spo2: Some(95),
            pulse: None,
            symptoms: BTreeMap::from([
                (Symptom::Fatigue, Answer::Yes),
                (Symptom::CoughRunnyNose, Answer::No),
            ]),
            urgent_signs: vec![UrgentSign::BreathlessOnExertion],
            note: "咳は少し".to_owned(),
            flag: mimamori_shared::triage::Flag::Amber,
            reasons: Vec::new(),
            ruleset_version: String::new(),
            entered_by: mimamori_shared::api::reports::EnteredBy::Patient,
            reviewed: true,
            version: 1,
            corrected_at: None,
            threshold_version: None,
        };
        let draft = ProxyDraft::from_report(&report);
        assert_eq!(draft.temperature, "37.0");
        assert_eq!((draft.spo2.as_str(), draft.pulse.as_str()), ("95", ""));
        assert_eq!(draft.answer(Symptom::CoughRunnyNose), Answer::No);
        let request = draft
            .to_request(Uuid::nil())
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(request.temperature_c, Some(37.0));
        assert_eq!((request.spo2, request.pulse), (Some(95), None));
        assert_eq!(
            request.symptoms,
            BTreeMap::from([(Symptom::Fatigue, Answer::Yes)])
        );
        assert_eq!(request.urgent_signs, vec![UrgentSign::BreathlessOnExertion]);
        assert_eq!(request.note, "咳は少し");
    }

    #[test]
    fn a_retry_of_the_same_proxy_report_keeps_its_key() {
        let draft = ProxyDraft {
            temperature: "37.0".into(),
            ..ProxyDraft::default()
        };
        let first = proxy_key(None, &draft);
        assert_eq!(proxy_key(Some(&(first, draft.clone())), &draft), first);
        let changed = ProxyDraft {
            temperature: "37.1".into(),
            ..draft.clone()
        };
        assert_ne!(proxy_key(Some(&(first, draft)), &changed), first);
    }

    #[test]
    fn choices_must_be_made() {
        let call = CallForm::default().to_request().unwrap_err();
        assert_eq!(fields(&call), [("outcome", "required")]);
        assert_eq!(
            field_message(Lang::Ja, &call, "outcome"),
            Some("選択してください。")
        );
        let end = EndForm::default().to_request().unwrap_err();
        assert_eq!(fields(&end), [("reason", "required")]);
        let escalation = EscalationForm::default().to_request().unwrap_err();
        assert_eq!(
            field_message(Lang::En, &escalation, "note"),
            Some("Required.")
        );
        let ok = CallForm {
            outcome: Some(CallOutcome::Reached),
            note: " 折り返し済み ".into(),
        }
        .to_request()
        .unwrap();
        assert_eq!(ok.note, "折り返し済み");
    }

    #[test]
    fn nested_field_errors_show_beside_their_group() {
        let errors = vec![FieldError::custom("symptoms", "invalid", "x")];
        assert!(field_message(Lang::En, &errors, "symptoms").is_some());
        assert!(!has_other_than(&errors, &ProxyDraft::FIELDS));
        let hidden = vec![FieldError::custom("idempotency_key", "required", "x")];
        assert!(has_other_than(&hidden, &ProxyDraft::FIELDS));
    }

    fn finding(id: i64, amends: Option<i64>) -> FindingView {
        FindingView {
            id: FindingId(id),
            case_id: CaseId(1),
            report_id: None,
            author_name: "dr".into(),
            assessment: format!("text {id}"),
            plan: String::new(),
            referral: Referral::None,
            created_at: DateTime::UNIX_EPOCH,
            amends_id: amends.map(FindingId),
            superseded: false,
            amendments: Vec::new(),
        }
    }

    #[test]
    fn a_new_amendment_joins_its_group_and_supersedes_the_rest() {
        let mut findings = vec![finding(2, None), finding(1, None)];
        add_amendment(&mut findings, finding(3, Some(1)));
        add_amendment(&mut findings, finding(4, Some(3)));
        assert_eq!(findings.len(), 2);
        let group = &findings[1];
        assert!(group.superseded);
        assert_eq!(group.amendments.len(), 2);
        assert!(group.amendments[0].superseded && !group.amendments[1].superseded);
        assert_eq!(current_of(group).id, FindingId(4));
        assert_eq!(current_of(&findings[0]).id, FindingId(2));
    }
}
