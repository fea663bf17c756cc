//! Correcting a report (docs/triage.md#corrections): a correction never overwrites. The version
//! it replaces is kept, the new one is judged afresh (against the report before it, and the
//! case's thresholds now), a reviewed report whose values changed or whose flag got worse is
//! unreviewed again, and a red correction tells the staff on duty exactly as a new red report
//! does — once per version, in the transaction that stores it.

use super::audit;
use super::reports::{self, Judging, case_thresholds, new_report};
use super::time;
use crate::access::StaffAction;
use crate::auth::{PatientCaller, StaffCaller};
use crate::db;
use crate::db::case_events::NewEvent;
use crate::entities::{health_report, patient_case};
use crate::error::ApiError;
use crate::keys::Keyring;
use crate::services::sealed_text::{self, REPORT_NOTE_FIELD, REPORT_VERSION_NOTE_FIELD};
use crate::services::staff_notifications::NotifySettings;
use chrono::{DateTime, Utc};
use mimamori_shared::api::cases::CaseEventKind;
use mimamori_shared::api::reports::{CreateReport, EnteredBy, ReportVersionList, ReportView};
use mimamori_shared::ids::{CaseId, ReportId};
use mimamori_shared::report::ValidReport;
use mimamori_shared::values::Spo2;
use sea_orm::{ActiveValue, ConnectionTrait, Set, TransactionSession, TransactionTrait};

/// Who corrects, and what they may correct.
#[derive(Debug, Clone, Copy)]
enum Corrector {
    /// The patient (or their household representative): today's slot only, and not a version
    /// staff entered.
    Patient,
    /// A staff member after a phone call: any report of a case under follow-up.
    Staff { staff_id: i64 },
}

/// The patient corrects a report of the current slot. 409 `not_current_slot` for an earlier
/// slot, 409 `entered_by_staff` when the current version is one staff entered (the patient
/// phones instead of overwriting what staff wrote down).
#[expect(
    clippy::too_many_arguments,
    reason = "the correction, who makes it, when, and the keys and link it needs"
)]
pub async fn correct_by_patient(
    db: &(impl ConnectionTrait + TransactionTrait),
    keys: &Keyring,
    notify: NotifySettings<'_>,
    caller: &PatientCaller,
    case_id: CaseId,
    report_id: ReportId,
    request: &CreateReport,
    now: DateTime<Utc>,
) -> Result<ReportView, ApiError> {
    if !crate::access::patient_may_report_for(caller, case_id) {
        return Err(ApiError::NotFound);
    }
    let (_, report) = request.validate().map_err(ApiError::Validation)?;
    let txn = db.begin().await?;
    let (view, changed) = correct(
        &txn,
        keys,
        notify,
        case_id,
        report_id,
        &report,
        Corrector::Patient,
        now,
    )
    .await?;
    if changed {
        audit::patient(
            &txn,
            caller,
            audit::action::REPORT_CORRECT,
            Some(case_id.0),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(view)
}

/// Staff correct a report after a phone call (the new version is marked staff-entered).
#[expect(
    clippy::too_many_arguments,
    reason = "the correction, who makes it, when, and the keys and link it needs"
)]
pub async fn correct_by_staff(
    db: &(impl ConnectionTrait + TransactionTrait),
    keys: &Keyring,
    notify: NotifySettings<'_>,
    caller: &StaffCaller,
    case_id: CaseId,
    report_id: ReportId,
    request: &CreateReport,
    now: DateTime<Utc>,
) -> Result<ReportView, ApiError> {
    let case =
        super::case_gate::case_for_action(db, caller, case_id, StaffAction::ProxyReport).await?;
    let (_, report) = request.validate().map_err(ApiError::Validation)?;
    let txn = db.begin().await?;
    let (view, changed) = correct(
        &txn,
        keys,
        notify,
        CaseId(case.id),
        report_id,
        &report,
        Corrector::Staff {
            staff_id: caller.staff_id.0,
        },
        now,
    )
    .await?;
    if changed {
        audit::staff(
            &txn,
            caller,
            audit::action::REPORT_PROXY_CORRECT,
            Some(case.id),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(view)
}

/// Every version of a report of a case in the caller's scope, oldest first. Audited as a read.
pub async fn list_versions(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    caller: &StaffCaller,
    case_id: CaseId,
    report_id: ReportId,
    now: DateTime<Utc>,
) -> Result<ReportVersionList, ApiError> {
    let case = super::case_gate::in_scope_for(db, caller, case_id, StaffAction::ReadCase).await?;
    let current = db::reports::find_for_case(db, case.id, report_id.0)
        .await?
        .ok_or(ApiError::NotFound)?;
    let earlier = db::report_versions::earlier(db, current.id).await?;
    let mut items = earlier
        .iter()
        .map(|row| super::report_version_views::earlier_view(keys, row))
        .collect::<Result<Vec<_>, _>>()?;
    items.push(super::report_version_views::current_view(keys, &current)?);
    audit::staff(db, caller, audit::action::REPORTS_LIST, Some(case.id), now).await?;
    Ok(ReportVersionList { items })
}

/// Corrects under the case's lock; returns the report as it is now and whether a new version
/// was stored (a resend of the values already current stores nothing).
#[expect(
    clippy::too_many_arguments,
    reason = "the correction, who makes it, when, and the keys and link it needs"
)]
async fn correct(
    txn: &impl ConnectionTrait,
    keys: &Keyring,
    notify: NotifySettings<'_>,
    case_id: CaseId,
    report_id: ReportId,
    report: &ValidReport,
    corrector: Corrector,
    now: DateTime<Utc>,
) -> Result<(ReportView, bool), ApiError> {
    // The lock orders a correction with new reports and other corrections of the case.
    db::cases::lock(txn, case_id.0).await?;
    let case = db::cases::find_many(txn, vec![case_id.0])
        .await?
        .into_iter()
        .next()
        .ok_or(ApiError::NotFound)?;
    let stored = db::reports::find_for_case(txn, case.id, report_id.0)
        .await?
        .ok_or(ApiError::NotFound)?;
    super::case_gate::check_status(case.status, StaffAction::ProxyReport)?;
    let tz = case_time_zone(txn, &case).await?;
    let current_slot = time::slot_of(now, tz, case.slots_per_day);
    let (entered_by, author) = match corrector {
        Corrector::Patient => {
            if (stored.slot_date, stored.slot) != current_slot {
                return Err(ApiError::Conflict {
                    code: "not_current_slot",
                    detail: "Only today's report can be corrected.",
                });
            }
            if stored.entered_by.0 == EnteredBy::Staff {
                return Err(ApiError::Conflict {
                    code: "entered_by_staff",
                    detail: "Staff entered this report after a call: phone the health centre \
                             or your follow-up team to change it.",
                });
            }
            (EnteredBy::Patient, None)
        }
        Corrector::Staff { staff_id } => (EnteredBy::Staff, Some(staff_id)),
    };
    let judging = Judging {
        previous_spo2: previous_spo2(txn, &stored).await?,
        thresholds: case_thresholds(&case),
    };
    let mut next = new_report(
        keys,
        case_id,
        &stored.idempotency_key,
        report,
        judging,
        (stored.slot_date, stored.slot),
        stored.submitted_at,
        entered_by,
    )?;
    let stored_note = keys.unseal(REPORT_NOTE_FIELD, &stored.seal_id, &stored.sealed_note)?;
    if same_values(&stored, &next)
        && stored_note == report.note
        && stored.entered_by.0 == entered_by
    {
        // A resend (the app's queue, a double tap): the values are already current.
        return Ok((reports::to_view(keys, &stored)?, false));
    }
    let version = stored.version + 1;
    let new_flag = match &next.flag {
        ActiveValue::Set(flag) | ActiveValue::Unchanged(flag) => flag.clone(),
        ActiveValue::NotSet => stored.flag.clone(),
    };
    // Reviewed, then changed: the review was of other values (and a worse flag is a change),
    // so the nurse must look again.
    let unreviewed = stored.reviewed_at.is_some();
    next.entered_by_staff_id = Set(author);
    next.corrected_at = Set(Some(now));
    next.version = Set(version);
    next.reviewed_at = Set(if unreviewed { None } else { stored.reviewed_at });
    next.reviewed_by = Set(if unreviewed { None } else { stored.reviewed_by });
    // The key and the slot do not change; `new_report` set them to the stored ones.
    next.idempotency_key = ActiveValue::NotSet;
    next.case_id = ActiveValue::NotSet;
    let kept_id = sealed_text::version_seal_id(&stored.seal_id, stored.version);
    let kept_note = keys.seal(REPORT_VERSION_NOTE_FIELD, &kept_id, &stored_note);
    db::report_versions::keep(txn, &stored, kept_id, kept_note, now).await?;
    if !db::report_versions::replace_current(txn, next, stored.id, stored.version).await? {
        return Err(ApiError::Internal(anyhow::anyhow!(
            "report {} changed under the case lock",
            stored.id
        )));
    }
    db::cases::refresh_report_summary(txn, case.id).await?;
    let corrected = db::reports::find_for_case(txn, case.id, stored.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    crate::services::case_events::add(
        txn,
        keys,
        NewEvent {
            case_id: case.id,
            kind: CaseEventKind::ReportCorrected,
            actor_staff_id: author,
            organisation_id: None,
            outcome: Some(
                match entered_by {
                    EnteredBy::Patient => "patient",
                    EnteredBy::Staff => "staff",
                }
                .into(),
            ),
            note: String::new(),
            related_org_id: None,
        },
        now,
    )
    .await?;
    if new_flag.is_red_or_worse() {
        super::staff_notifications::notify_red_report(txn, notify, &case, stored.id, author, now)
            .await?;
    }
    tracing::info!(
        case_id = case.id,
        report_id = stored.id,
        version,
        flag = corrected.flag.to_code(),
        unreviewed,
        "report corrected"
    );
    Ok((reports::to_view(keys, &corrected)?, true))
}

/// Whether a judged correction carries exactly the values already current, but for the note
/// (sealed each time anew: compared opened, by the caller).
fn same_values(stored: &health_report::Model, next: &health_report::ActiveModel) -> bool {
    fn is<T: PartialEq + Into<sea_orm::Value> + Clone>(value: &ActiveValue<T>, other: &T) -> bool {
        matches!(value, ActiveValue::Set(v) | ActiveValue::Unchanged(v) if v == other)
    }
    is(&next.temperature_tenths, &stored.temperature_tenths)
        && is(&next.spo2, &stored.spo2)
        && is(&next.pulse, &stored.pulse)
        && is(&next.symptoms, &stored.symptoms)
        && is(&next.urgent_signs, &stored.urgent_signs)
}

/// The SpO2 of the case's report before `stored` that had one: the "fall of 3 points" rule
/// compares a correction with the report before it, not with itself.
async fn previous_spo2(
    db: &impl ConnectionTrait,
    stored: &health_report::Model,
) -> Result<Option<Spo2>, ApiError> {
    let history = db::reports::list_for_case(db, stored.case_id).await?;
    Ok(history
        .iter()
        .filter(|r| r.id != stored.id && (r.submitted_at, r.id) < (stored.submitted_at, stored.id))
        .find_map(|r| r.spo2)
        .and_then(|v| Spo2::new(i64::from(v)).ok()))
}

/// The time zone a case's days are counted in: its health centre's.
async fn case_time_zone(
    db: &impl ConnectionTrait,
    case: &patient_case::Model,
) -> Result<chrono_tz::Tz, ApiError> {
    Ok(db::orgs::find(db, case.health_centre_id)
        .await?
        .map_or(time::DEFAULT_TZ, |org| time::zone(&org.time_zone)))
}
