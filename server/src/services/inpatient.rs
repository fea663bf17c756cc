//! Inpatient status reports (入院患者の状況報告): medical institutions file them on the cases of
//! their [`InpatientScope`]; every report is kept, and the newest decides the case's state (in
//! hospital: home follow-up paused; discharged home: resumed while the period lasts; recovered or
//! died: ended). Health-centre and follow-up staff read the history of their cases. A report's
//! contents (hospital, doctor, symptoms, findings) are sealed at rest under the row's `seal_id`;
//! the dates, severity, outcome and ICU/ventilator/ECMO flags stay in clear for the state machine
//! and the counts.

use super::{audit, case_events, handoff_notices, time};
use crate::access::{InpatientScope, StaffAction, institution_may_find, staff_may};
use crate::auth::StaffCaller;
use crate::db;
use crate::db::case_events::NewEvent;
use crate::db::inpatient::CaseState;
use crate::entities::codes::known_codes;
use crate::entities::{inpatient_report, patient_case};
use crate::error::ApiError;
use crate::keys::{Keyring, KeyringError};
use crate::services::personal_data::{self, Personal};
use crate::services::sealed_text;
use crate::services::staff_auth::org_summary;
use chrono::{DateTime, NaiveDate, Utc};
use mimamori_shared::api::case_notifications::ClinicalSymptom;
use mimamori_shared::api::cases::{CaseEventKind, CaseStatus, EndReason, StaffSummary};
use mimamori_shared::api::inpatient::{
    FindInpatientCase, InpatientCase, InpatientCaseList, InpatientHistory, InpatientOutcome,
    InpatientReportForm, InpatientReportView,
};
use mimamori_shared::api::intake::CaseRef;
use mimamori_shared::end_review::EndReviewSign;
use mimamori_shared::ids::{CaseId, InpatientReportId, StaffId};
use mimamori_shared::kana::search_form;
use sea_orm::{ConnectionTrait, Set, TransactionSession, TransactionTrait};
use std::collections::HashMap;

/// The sealed columns of `inpatient_report`, as named in the associated data.
pub const HOSPITAL_NAME_FIELD: &str = "inpatient_report.hospital_name";
/// 担当医.
pub const DOCTOR_NAME_FIELD: &str = "inpatient_report.doctor_name";
/// Symptoms, as a JSON array of codes.
pub const SYMPTOMS_FIELD: &str = "inpatient_report.symptoms";
/// 所見.
pub const FINDINGS_FIELD: &str = "inpatient_report.findings";

/// The state a report with `outcome` leaves a case in: in hospital; home again while the
/// follow-up period lasts (`today` is the health centre's local date), else ended as
/// completed; ended as hospitalised after recovery in hospital; ended by death.
pub fn state_after(
    outcome: InpatientOutcome,
    followup_end: NaiveDate,
    today: NaiveDate,
) -> CaseState {
    match outcome {
        InpatientOutcome::Inpatient | InpatientOutcome::Transferred => CaseState::Hospitalised,
        InpatientOutcome::DischargedHome if followup_end >= today => CaseState::Active,
        InpatientOutcome::DischargedHome => CaseState::Ended(EndReason::PeriodCompleted.as_str()),
        InpatientOutcome::Recovered => CaseState::Ended(EndReason::Hospitalised.as_str()),
        InpatientOutcome::Died => CaseState::Ended(EndReason::Died.as_str()),
    }
}

/// `GET /inpatients`: the cases the caller's institution may report on, in hospital first,
/// then by newest report (none last). Institution staff only (403). Audited.
pub async fn list(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    caller: &StaffCaller,
    now: DateTime<Utc>,
) -> Result<InpatientCaseList, ApiError> {
    if !staff_may(caller.role, StaffAction::FileInpatientReport) {
        return Err(ApiError::Forbidden);
    }
    let cases = db::inpatient::cases(db, InpatientScope::of(caller).condition()).await?;
    let reports = db::inpatient::list_for_cases(db, cases.iter().map(|c| c.id).collect()).await?;
    let names = Names::load(db, &reports).await?;
    let mut latest: HashMap<i64, InpatientReportView> = HashMap::new();
    // Each case's newest comes first, so the first seen is kept.
    for report in &reports {
        if let std::collections::hash_map::Entry::Vacant(entry) = latest.entry(report.case_id) {
            entry.insert(names.view(keys, report)?);
        }
    }
    let mut items: Vec<InpatientCase> = cases
        .iter()
        .map(|case| inpatient_case(keys, case, latest.remove(&case.id)))
        .collect::<Result<_, KeyringError>>()?;
    items.sort_by(|a, b| {
        let in_hospital = |c: &InpatientCase| c.status == CaseStatus::Hospitalised;
        in_hospital(b)
            .cmp(&in_hospital(a))
            .then_with(|| {
                let at = |c: &InpatientCase| c.latest.as_ref().map(|r| r.reported_at);
                at(b).cmp(&at(a))
            })
            .then_with(|| b.case.id.0.cmp(&a.case.id.0))
    });
    audit::staff(db, caller, audit::action::INPATIENTS_LIST, None, now).await?;
    Ok(InpatientCaseList { items })
}

/// `POST /inpatients/find`: a case admitted to the caller's institution but notified by
/// another, by case number and date of birth. Both must match and the case must be of the
/// institution's prefecture; anything else is 404, so nothing is revealed. A find links the
/// case to the institution, which may report on it from then on. Audited.
pub async fn find(
    db: &(impl ConnectionTrait + TransactionTrait),
    keys: &Keyring,
    caller: &StaffCaller,
    request: &FindInpatientCase,
    now: DateTime<Utc>,
) -> Result<InpatientCase, ApiError> {
    if !staff_may(caller.role, StaffAction::FindInpatientCase) {
        return Err(ApiError::Forbidden);
    }
    super::finder_throttle::check(db, caller, now).await?;
    let wanted = validate_find(request)?;
    let Some(case) = matching_case(db, keys, caller, &wanted).await? else {
        let txn = db.begin().await?;
        super::finder_throttle::missed(&txn, caller, now).await?;
        txn.commit().await?;
        return Err(ApiError::NotFound);
    };
    let txn = db.begin().await?;
    db::inpatient::link(&txn, case.id, caller.org_id.0, caller.staff_id.0, now).await?;
    audit::staff(
        &txn,
        caller,
        audit::action::INPATIENT_FIND,
        Some(case.id),
        now,
    )
    .await?;
    txn.commit().await?;
    let reports = db::inpatient::list_for_case(db, case.id).await?;
    let names = Names::load(db, &reports).await?;
    let latest = reports.first().map(|r| names.view(keys, r)).transpose()?;
    Ok(inpatient_case(keys, &case, latest)?)
}

/// What a find must match, all three (docs/security.md "Limits" says why together they are
/// enough).
struct Wanted {
    number: String,
    birth_date: NaiveDate,
    /// In [`search_form`].
    kana: String,
}

/// The case matching number, birth date and kana, in the caller's prefecture; `None` for any
/// mismatch, without saying which.
async fn matching_case(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    caller: &StaffCaller,
    wanted: &Wanted,
) -> Result<Option<patient_case::Model>, ApiError> {
    let Some(case) = db::cases::find_by_number(db, &wanted.number).await? else {
        return Ok(None);
    };
    // Only the two values compared are opened.
    let number = case.case_number.as_str();
    let born = personal_data::open_birth_date(keys, number, &case.sealed_birth_date)?;
    let kana = keys.unseal(
        personal_data::NAME_KANA_FIELD,
        number,
        &case.sealed_name_kana,
    )?;
    if born != wanted.birth_date || search_form(&kana) != wanted.kana {
        return Ok(None);
    }
    let orgs = db::orgs::list_all(db).await?;
    Ok(institution_may_find(&orgs, caller.org_id.0, case.health_centre_id).then_some(case))
}

fn validate_find(request: &FindInpatientCase) -> Result<Wanted, ApiError> {
    let number: String = request
        .case_number
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut errors = Vec::new();
    if number.is_empty() {
        errors.push(mimamori_shared::api::FieldError::custom(
            "case_number",
            "required",
            "required",
        ));
    } else if number.chars().count() > 64 {
        errors.push(mimamori_shared::api::FieldError::custom(
            "case_number",
            "too_long",
            "at most 64 characters",
        ));
    }
    if request.birth_date.is_none() {
        errors.push(mimamori_shared::api::FieldError::custom(
            "birth_date",
            "required",
            "required",
        ));
    }
    let kana = search_form(&request.name_kana);
    if kana.is_empty() {
        errors.push(mimamori_shared::api::FieldError::custom(
            "name_kana",
            "required",
            "required",
        ));
    } else if kana.chars().count() > 100 {
        errors.push(mimamori_shared::api::FieldError::custom(
            "name_kana",
            "too_long",
            "at most 100 characters",
        ));
    }
    match request.birth_date {
        Some(birth_date) if errors.is_empty() => Ok(Wanted {
            number,
            birth_date,
            kana,
        }),
        _ => Err(ApiError::Validation(errors)),
    }
}

/// The case of `case_id` within the caller's [`InpatientScope`] (404 otherwise) that the role
/// may act on with `action` (403 otherwise).
async fn case_in_scope(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    case_id: CaseId,
    action: StaffAction,
) -> Result<patient_case::Model, ApiError> {
    let case = db::cases::find_in_scope(db, case_id.0, InpatientScope::of(caller).condition())
        .await?
        .ok_or(ApiError::NotFound)?;
    if !staff_may(caller.role, action) {
        return Err(ApiError::Forbidden);
    }
    Ok(case)
}

/// `GET /cases/{id}/inpatient-reports`: the case's state and every report, newest first.
/// Audited.
pub async fn history(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    caller: &StaffCaller,
    case_id: CaseId,
    now: DateTime<Utc>,
) -> Result<InpatientHistory, ApiError> {
    let case = case_in_scope(db, caller, case_id, StaffAction::ReadInpatientReports).await?;
    let items = views_for_case(db, keys, case.id).await?;
    audit::staff(
        db,
        caller,
        audit::action::INPATIENT_REPORTS_READ,
        Some(case.id),
        now,
    )
    .await?;
    Ok(InpatientHistory {
        case: case_ref(&case),
        patient_name: personal_data::open_name(keys, &case)?,
        status: case.status,
        items,
    })
}

/// A case's reports as views, newest first (for the history and the staff case record).
pub async fn views_for_case(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    case_id: i64,
) -> Result<Vec<InpatientReportView>, ApiError> {
    let reports = db::inpatient::list_for_case(db, case_id).await?;
    let names = Names::load(db, &reports).await?;
    reports.iter().map(|r| names.view(keys, r)).collect()
}

/// `POST /cases/{id}/inpatient-reports`: files a report and puts the case in the state it
/// decides ([`state_after`]), with a timeline entry (`inpatient`, the outcome code; and
/// `ended` when it ends follow-up) and an audit entry, in one transaction. An ended case is
/// read-only (409 `followup_ended`). A report that admits, discharges or records a death tells
/// the case's follow-up staff in the same transaction
/// ([`handoff_notices::inpatient_notice`]; the notice links to the case under `public_url`).
pub async fn file(
    db: &(impl ConnectionTrait + TransactionTrait),
    keys: &Keyring,
    public_url: &str,
    caller: &StaffCaller,
    case_id: CaseId,
    form: &InpatientReportForm,
    now: DateTime<Utc>,
) -> Result<InpatientReportView, ApiError> {
    let case = case_in_scope(db, caller, case_id, StaffAction::FileInpatientReport).await?;
    let institution = db::orgs::find(db, caller.org_id.0)
        .await?
        .ok_or(ApiError::NotFound)?;
    let form = form
        .validate(time::local_date(now, time::zone(&institution.time_zone)))
        .map_err(ApiError::Validation)?;
    let (Some(outcome), Some(severity), Some(admission_date)) =
        (form.outcome, form.severity, form.admission_date)
    else {
        return Err(ApiError::Internal(anyhow::anyhow!(
            "a validated inpatient report lacks a required field"
        )));
    };
    let centre = db::orgs::find(db, case.health_centre_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let centre_today = time::local_date(now, time::zone(&centre.time_zone));
    let txn = db.begin().await?;
    db::cases::lock(&txn, case.id).await?;
    // Read again under the lock: an end (or another report) may have come in between.
    let current = db::cases::find_many(&txn, vec![case.id])
        .await?
        .into_iter()
        .next()
        .ok_or(ApiError::NotFound)?;
    let before = current.status;
    if before == CaseStatus::Ended {
        return Err(ApiError::followup_ended());
    }
    let first_report = !db::inpatient::any_for_case(&txn, case.id).await?;
    let seal_id = sealed_text::new_seal_id();
    let seal = |field: &str, text: &str| keys.seal(field, &seal_id, text);
    let stored = db::inpatient::insert(
        &txn,
        inpatient_report::ActiveModel {
            case_id: Set(case.id),
            institution_id: Set(caller.org_id.0),
            reported_by: Set(caller.staff_id.0),
            reported_at: Set(now),
            admission_date: Set(admission_date),
            discharge_date: Set(form.discharge_date),
            sealed_hospital_name: Set(seal(HOSPITAL_NAME_FIELD, &form.hospital_name)),
            sealed_doctor_name: Set(seal(DOCTOR_NAME_FIELD, &form.doctor_name)),
            severity: Set(severity),
            sealed_symptoms: Set(seal(SYMPTOMS_FIELD, &symptoms_json(&form.symptoms)?)),
            sealed_findings: Set(seal(FINDINGS_FIELD, &form.findings)),
            icu: Set(form.icu),
            ventilator: Set(form.ventilator),
            ecmo: Set(form.ecmo),
            outcome: Set(outcome),
            seal_id: Set(seal_id.clone()),
            ..Default::default()
        },
    )
    .await?;
    let mut state = state_after(outcome, current.followup_end, centre_today);
    // Home after the period: the end of home follow-up goes through the review gate like the
    // scheduler's (docs/triage.md), so an unreviewed red from before the stay is not closed.
    let mut held = Vec::new();
    if outcome == InpatientOutcome::DischargedHome && matches!(state, CaseState::Ended(_)) {
        held = super::followup_period::gate_signs(&txn, case.id, current.escalated_at, now).await?;
        // In hospital the patient could not report: silence is no sign here.
        held.retain(|sign| *sign != EndReviewSign::NoRecentReport);
        if !held.is_empty() {
            state = CaseState::Active;
        }
    }
    if !db::inpatient::set_state(&txn, case.id, state, now).await? {
        return Err(ApiError::followup_ended());
    }
    if !held.is_empty() {
        let json = super::followup_period::signs_json(&held);
        db::cases::hold_for_end_review(&txn, case.id, &json, now).await?;
    }
    let event = |kind: CaseEventKind, code: &'static str| NewEvent {
        case_id: case.id,
        kind,
        actor_staff_id: Some(caller.staff_id.0),
        organisation_id: Some(caller.org_id.0),
        outcome: Some(code.into()),
        note: String::new(),
        related_org_id: None,
    };
    case_events::record(
        &txn,
        keys,
        event(CaseEventKind::Inpatient, outcome.as_str()),
        now,
    )
    .await?;
    if let CaseState::Ended(reason) = state {
        case_events::record(&txn, keys, event(CaseEventKind::Ended, reason), now).await?;
    }
    if let Some(kind) = handoff_notices::inpatient_notice(outcome, first_report, before, state) {
        handoff_notices::notify_inpatient(&txn, public_url, &current, stored.id, kind, now).await?;
    }
    audit::staff_detail(
        &txn,
        caller,
        audit::action::INPATIENT_REPORT_CREATE,
        Some(case.id),
        format!("report:{}:{}", stored.id, outcome.as_str()),
        now,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(
        case_id = case.id,
        inpatient_report_id = stored.id,
        outcome = outcome.as_str(),
        "inpatient status report filed"
    );
    Names::load(db, std::slice::from_ref(&stored))
        .await?
        .view(keys, &stored)
}

fn symptoms_json(symptoms: &[ClinicalSymptom]) -> Result<String, ApiError> {
    let codes: Vec<&str> = symptoms.iter().map(|s| s.as_str()).collect();
    serde_json::to_string(&codes).map_err(|e| ApiError::Internal(e.into()))
}

fn case_ref(case: &patient_case::Model) -> CaseRef {
    CaseRef {
        id: CaseId(case.id),
        case_number: case.case_number.clone(),
    }
}

fn inpatient_case(
    keys: &Keyring,
    case: &patient_case::Model,
    latest: Option<InpatientReportView>,
) -> Result<InpatientCase, KeyringError> {
    let personal = Personal::open(keys, case)?;
    Ok(InpatientCase {
        case: case_ref(case),
        patient_name: personal.name,
        patient_kana: personal.name_kana,
        birth_date: personal.birth_date,
        status: case.status,
        latest,
    })
}

/// Names of the staff and institutions the reports mention.
struct Names {
    staff: HashMap<i64, String>,
    orgs: HashMap<i64, crate::entities::organisation::Model>,
}

impl Names {
    async fn load(
        db: &impl ConnectionTrait,
        reports: &[inpatient_report::Model],
    ) -> Result<Self, ApiError> {
        let mut staff_ids: Vec<i64> = reports.iter().map(|r| r.reported_by).collect();
        staff_ids.sort_unstable();
        staff_ids.dedup();
        let mut org_ids: Vec<i64> = reports.iter().map(|r| r.institution_id).collect();
        org_ids.sort_unstable();
        org_ids.dedup();
        Ok(Self {
            staff: db::staff::find_many(db, staff_ids)
                .await?
                .into_iter()
                .map(|s| (s.id, s.display_name))
                .collect(),
            orgs: db::orgs::find_many(db, org_ids)
                .await?
                .into_iter()
                .map(|o| (o.id, o))
                .collect(),
        })
    }

    fn view(
        &self,
        keys: &Keyring,
        row: &inpatient_report::Model,
    ) -> Result<InpatientReportView, ApiError> {
        let open = |field: &str, sealed: &str| keys.unseal(field, &row.seal_id, sealed);
        let institution = self
            .orgs
            .get(&row.institution_id)
            .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("report of unknown institution")))?;
        // Unknown codes (a newer server's) are left out, and logged, rather than failing the
        // history.
        let symptoms = known_codes::<ClinicalSymptom>(
            "inpatient_report",
            row.id,
            &open(SYMPTOMS_FIELD, &row.sealed_symptoms)?,
        );
        Ok(InpatientReportView {
            id: InpatientReportId(row.id),
            reported_at: row.reported_at,
            reported_by: StaffSummary {
                id: StaffId(row.reported_by),
                name: self
                    .staff
                    .get(&row.reported_by)
                    .cloned()
                    .unwrap_or_default(),
            },
            institution: org_summary(institution),
            form: InpatientReportForm {
                admission_date: Some(row.admission_date),
                discharge_date: row.discharge_date,
                hospital_name: open(HOSPITAL_NAME_FIELD, &row.sealed_hospital_name)?,
                doctor_name: open(DOCTOR_NAME_FIELD, &row.sealed_doctor_name)?,
                severity: Some(row.severity),
                symptoms,
                findings: open(FINDINGS_FIELD, &row.sealed_findings)?,
                icu: row.icu,
                ventilator: row.ventilator,
                ecmo: row.ecmo,
                outcome: Some(row.outcome),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outcome_decides_the_case_state() {
        let end = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let before = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let after = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        use InpatientOutcome as O;
        for (outcome, today, state) in [
            (O::Inpatient, before, CaseState::Hospitalised),
            (O::Transferred, after, CaseState::Hospitalised),
            (O::DischargedHome, before, CaseState::Active),
            (O::DischargedHome, end, CaseState::Active),
            (
                O::DischargedHome,
                after,
                CaseState::Ended("period_completed"),
            ),
            (O::Recovered, before, CaseState::Ended("hospitalised")),
            (O::Died, before, CaseState::Ended("died")),
        ] {
            assert_eq!(
                state_after(outcome, end, today),
                state,
                "{outcome:?} {today}"
            );
        }
    }
}
