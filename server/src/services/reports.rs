//! Storing a daily report: validate, judge by the shared rules, store exactly once.

use super::{audit, time};
use crate::access::StaffAction;
use crate::auth::{PatientCaller, StaffCaller};
use crate::db;
use crate::db::report_batch::ReportToWrite;
use crate::db::report_batcher::ReportBatcher;
use crate::entities::codes::{JsonText, StoredFlag};
use crate::entities::{health_report, patient_case};
use crate::error::ApiError;
use crate::keys::Keyring;
use crate::services::sealed_text::{self, REPORT_NOTE_FIELD};
use crate::services::staff_notifications::NotifySettings;
use chrono::{DateTime, Utc};
use mimamori_shared::api::reports::{CreateReport, EnteredBy, ReportView};
use mimamori_shared::ids::{CaseId, ReportId};
use mimamori_shared::report::ValidReport;
use mimamori_shared::triage::{self, CaseThresholds, RULESET_VERSION};
use mimamori_shared::values::Spo2;
use sea_orm::{ActiveValue, ConnectionTrait, DbBackend, Set, TransactionSession, TransactionTrait};

/// Whether a submission stored a new report or found the one stored under the same key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// A new report was stored (201).
    Created,
    /// The same idempotency key was sent before; nothing new was stored (200).
    AlreadyStored,
}

/// Whether `request` resends a report already stored for `case_id` (the app's offline queue
/// retrying after a lost answer): a rate limit lets it through, as it adds nothing.
pub async fn is_resend(
    db: &impl ConnectionTrait,
    caller: &PatientCaller,
    case_id: CaseId,
    request: &CreateReport,
) -> Result<bool, ApiError> {
    let Some(key) = request.idempotency_key else {
        return Ok(false);
    };
    if !crate::access::patient_may_report_for(caller, case_id) {
        return Ok(false);
    }
    Ok(db::reports::find_by_key(db, case_id.0, &key.to_string())
        .await?
        .is_some())
}

/// Stores a patient's report for one of the cases the sign-in reports for. A red report tells
/// the staff on duty in the same transaction (`notify` says where links point and how often e-mails go).
#[expect(
    clippy::too_many_arguments,
    reason = "the report, who sends it, when, and the keys, batcher and link it needs"
)]
pub async fn submit_by_patient(
    db: &(impl ConnectionTrait + TransactionTrait),
    keys: &Keyring,
    batcher: &ReportBatcher,
    notify: NotifySettings<'_>,
    caller: &PatientCaller,
    case_id: CaseId,
    request: &CreateReport,
    now: DateTime<Utc>,
) -> Result<(ReportView, Stored), ApiError> {
    if !crate::access::patient_may_report_for(caller, case_id) {
        return Err(ApiError::NotFound);
    }
    let (key, report) = request.validate().map_err(ApiError::Validation)?;
    let key = key.to_string();
    if db.get_database_backend() == DbBackend::Postgres
        && let Some(done) =
            store_in_one_statement(db, keys, batcher, caller, case_id, &key, &report, now).await?
    {
        return Ok(done);
    }
    // A resend of a report already stored (the offline queue retrying) is found under the
    // case's lock before the case's status is looked at, so it succeeds even after the
    // follow-up period has ended. No lookup before the transaction: it cost every new report
    // a statement to spare the rare resend a row lock.
    let txn = db.begin().await?;
    let (stored, outcome) = store_notified(
        &txn,
        keys,
        notify,
        case_id,
        key,
        &report,
        now,
        EnteredBy::Patient,
        None,
    )
    .await?;
    if outcome == Stored::Created {
        audit::patient(
            &txn,
            caller,
            audit::action::REPORT_CREATE,
            Some(case_id.0),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    if outcome == Stored::Created {
        crate::metrics::report_stored(&stored.flag.to_code(), "transaction");
    }
    Ok((to_view(keys, &stored)?, outcome))
}

/// PostgreSQL: the everyday report — new, not red, for a case under follow-up — without a
/// transaction: a read, then one write that locks the case, stores the report, updates the summary
/// and appends the audit entry, shared with the reports of other requests that arrive meanwhile
/// ([`ReportBatcher`], [`db::report_batch`]): the read and a share of one write where the
/// transaction path takes six round trips (docs/performance.md, "Report submission under load").
/// The previous SpO2 is read before the case's lock, so a report of the same case committed in
/// between is not compared with, as one committed while the transaction path waits for the lock is
/// not either. `None` leaves the submission to that path: a red report (whose notification needs
/// the transaction), a case not under follow-up, a copy stored first, or a case changed between the
/// read and the write.
#[expect(
    clippy::too_many_arguments,
    reason = "the report, who made it, when, and the keys and batcher that store it"
)]
async fn store_in_one_statement(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    batcher: &ReportBatcher,
    caller: &PatientCaller,
    case_id: CaseId,
    key: &str,
    report: &ValidReport,
    now: DateTime<Utc>,
) -> Result<Option<(ReportView, Stored)>, ApiError> {
    let Some(read) = db::cases::peek_for_report(db, case_id.0, key).await? else {
        return Ok(None);
    };
    if let Some(existing_id) = read.existing_report_id {
        // Stored reports are never deleted: the copy answers whatever the case is now.
        let Some(existing) = db::reports::find_for_case(db, case_id.0, existing_id).await? else {
            return Ok(None);
        };
        return Ok(Some((to_view(keys, &existing)?, Stored::AlreadyStored)));
    }
    if super::case_gate::check_status(read.case.status, StaffAction::ProxyReport).is_err() {
        // Not under follow-up: the transaction path gives the answer under the lock.
        return Ok(None);
    }
    let model = judged_report(keys, &read, key, report, now, EnteredBy::Patient)?;
    if matches!(&model.flag, ActiveValue::Set(flag) if flag.is_red_or_worse()) {
        return Ok(None);
    }
    let case = &read.case;
    let write = ReportToWrite {
        case_id: case.id,
        status: case.status,
        slots_per_day: case.slots_per_day,
        health_centre_id: case.health_centre_id,
        report: model,
        audit: audit::patient_entry(caller, audit::action::REPORT_CREATE, Some(case_id.0), now),
    };
    // Written together with other requests' reports (`ReportBatcher`); answered once committed.
    let Some(stored) = batcher.write(write).await? else {
        return Ok(None);
    };
    log_stored(&stored);
    Ok(Some((to_view(keys, &stored)?, Stored::Created)))
}

fn log_stored(stored: &health_report::Model) {
    crate::metrics::report_stored(&stored.flag.to_code(), "batched");
    tracing::info!(
        case_id = stored.case_id,
        report_id = stored.id,
        flag = stored.flag.to_code(),
        "report stored"
    );
}

/// Stores a report under the case's row lock (a resend racing the first copy waits for it and
/// finds it) and, when the new report is red, notifies the staff on duty — except `author`,
/// who entered it — in the same transaction.
#[expect(
    clippy::too_many_arguments,
    reason = "the report, who made it, and when"
)]
async fn store_notified(
    txn: &impl ConnectionTrait,
    keys: &Keyring,
    notify: NotifySettings<'_>,
    case_id: CaseId,
    key: String,
    report: &ValidReport,
    now: DateTime<Utc>,
    entered_by: EnteredBy,
    author: Option<i64>,
) -> Result<(health_report::Model, Stored), ApiError> {
    // The lock's statement also reads the case, its time zone, a report stored under the key
    // and the previous SpO2.
    let locked = db::cases::lock_for_report(txn, case_id.0, &key)
        .await?
        .ok_or(ApiError::NotFound)?;
    if let Some(existing_id) = locked.existing_report_id {
        let existing = db::reports::find_for_case(txn, case_id.0, existing_id)
            .await?
            .ok_or(ApiError::NotFound)?;
        return Ok((existing, Stored::AlreadyStored));
    }
    let mut model = judged_report(keys, &locked, &key, report, now, entered_by)?;
    model.entered_by_staff_id = Set(author);
    let (stored, outcome) = insert_judged(txn, case_id, model, &key).await?;
    if outcome == Stored::Created && stored.flag.is_red_or_worse() {
        // The case as locked: the notification needs only its number and organisations,
        // which the summary update above does not change.
        super::staff_notifications::notify_red_report(
            txn,
            notify,
            &locked.case,
            stored.id,
            author,
            now,
        )
        .await?;
    }
    Ok((stored, outcome))
}

/// Stores a report staff enter for the patient after a phone call (代理入力): the same body,
/// rules and idempotency as the patient's, marked as entered by staff with who entered it.
/// Roles the policy refuses get 403; a resend of a stored key answers 200 even after the end.
pub async fn submit_by_staff(
    db: &(impl ConnectionTrait + TransactionTrait),
    keys: &Keyring,
    notify: NotifySettings<'_>,
    caller: &StaffCaller,
    case_id: CaseId,
    request: &CreateReport,
    now: DateTime<Utc>,
) -> Result<(ReportView, Stored), ApiError> {
    let case =
        super::case_gate::in_scope_for(db, caller, case_id, StaffAction::ProxyReport).await?;
    let (key, report) = request.validate().map_err(ApiError::Validation)?;
    let key = key.to_string();
    if let Some(existing) = db::reports::find_by_key(db, case.id, &key).await? {
        return Ok((to_view(keys, &existing)?, Stored::AlreadyStored));
    }
    let txn = db.begin().await?;
    let (stored, outcome) = store_notified(
        &txn,
        keys,
        notify,
        CaseId(case.id),
        key,
        &report,
        now,
        EnteredBy::Staff,
        Some(caller.staff_id.0),
    )
    .await?;
    if outcome == Stored::Created {
        audit::staff(
            &txn,
            caller,
            audit::action::REPORT_PROXY,
            Some(case.id),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok((to_view(keys, &stored)?, outcome))
}

/// Judges and stores a validated report made at `now`, unless one is already stored under
/// `key`. The case must be under follow-up. Without the case's lock: for the demo's and the
/// tests' seeding; requests go through `submit_by_patient` and `submit_by_staff`.
pub async fn store(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    case_id: CaseId,
    key: String,
    report: &ValidReport,
    now: DateTime<Utc>,
    entered_by: EnteredBy,
) -> Result<(health_report::Model, Stored), ApiError> {
    let read = db::cases::peek_for_report(db, case_id.0, &key)
        .await?
        .ok_or(ApiError::NotFound)?;
    let model = judged_report(keys, &read, &key, report, now, entered_by)?;
    insert_judged(db, case_id, model, &key).await
}

/// The report to store for the case as `read` with it: slotted in its health centre's time
/// zone and judged against the previous SpO2. Home reports stop while the patient is in
/// hospital (409 `followup_paused`) and for good once follow-up has ended (409
/// `followup_ended`).
fn judged_report(
    keys: &Keyring,
    read: &db::cases::LockedForReport,
    key: &str,
    report: &ValidReport,
    now: DateTime<Utc>,
    entered_by: EnteredBy,
) -> Result<health_report::ActiveModel, ApiError> {
    let case = &read.case;
    super::case_gate::check_status(case.status, StaffAction::ProxyReport)?;
    let tz = read
        .centre_time_zone
        .as_deref()
        .map_or(time::DEFAULT_TZ, time::zone);
    let slot = time::slot_of(now, tz, case.slots_per_day);
    let previous_spo2 = read
        .previous_spo2
        .and_then(|v| Spo2::new(i64::from(v)).ok());
    new_report(
        keys,
        CaseId(case.id),
        key,
        report,
        Judging {
            previous_spo2,
            thresholds: case_thresholds(case),
        },
        slot,
        now,
        entered_by,
    )
}

/// What a report is judged against besides itself.
#[derive(Debug, Clone, Copy)]
pub(super) struct Judging {
    /// The SpO2 of the case's report before it (the "fall of 3 points" rule).
    pub previous_spo2: Option<Spo2>,
    /// The case's own SpO2 thresholds and their version, if a doctor set them.
    pub thresholds: Option<(CaseThresholds, i32)>,
}

/// The case's current own SpO2 thresholds, with their version; `None`: the rule set's. A pair
/// that no longer passes the checks (it cannot be stored so) is ignored for the rule set's,
/// and logged.
pub(super) fn case_thresholds(case: &patient_case::Model) -> Option<(CaseThresholds, i32)> {
    let (red, amber, version) = (
        case.spo2_red_at_most?,
        case.spo2_amber_at_most?,
        case.threshold_version?,
    );
    let as_u8 = |v: i16| u8::try_from(v).unwrap_or(0);
    match CaseThresholds::new(as_u8(red), as_u8(amber)) {
        Ok(thresholds) => Some((thresholds, version)),
        Err(_) => {
            tracing::error!(
                case_id = case.id,
                version,
                "stored case thresholds not valid"
            );
            None
        }
    }
}

/// Inserts a judged report and adds it to its case's summary, unless a copy is stored under
/// `key` already: a copy that committed after the lock statement's snapshot (PostgreSQL) or a
/// racing copy without the case lock (`store`) is caught without aborting the transaction, and
/// the winner's row is answered.
async fn insert_judged(
    db: &impl ConnectionTrait,
    case_id: CaseId,
    model: health_report::ActiveModel,
    key: &str,
) -> Result<(health_report::Model, Stored), ApiError> {
    match db::reports::insert_unless_key_stored(db, model).await? {
        Some(stored) => {
            db::cases::add_to_report_summary(db, &stored).await?;
            log_stored(&stored);
            Ok((stored, Stored::Created))
        }
        None => {
            let existing = db::reports::find_by_key(db, case_id.0, key)
                .await?
                .ok_or(ApiError::NotFound)?;
            Ok((existing, Stored::AlreadyStored))
        }
    }
}

/// A report as judged now, ready to store (every value of a version set).
#[expect(
    clippy::too_many_arguments,
    reason = "the report, what judges it, its slot, when and by whom, and the keys"
)]
pub(super) fn new_report(
    keys: &Keyring,
    case_id: CaseId,
    key: &str,
    report: &ValidReport,
    judging: Judging,
    (slot_date, slot): (chrono::NaiveDate, i16),
    now: DateTime<Utc>,
    entered_by: EnteredBy,
) -> Result<health_report::ActiveModel, ApiError> {
    let judgement = triage::judge_for_case(
        report,
        judging.previous_spo2,
        judging.thresholds.map(|(t, _)| t),
    );
    let seal_id = sealed_text::new_seal_id();
    Ok(health_report::ActiveModel {
        case_id: Set(case_id.0),
        idempotency_key: Set(key.to_owned()),
        slot_date: Set(slot_date),
        slot: Set(slot),
        submitted_at: Set(now),
        temperature_tenths: Set(
            i16::try_from(report.temperature.tenths()).map_err(anyhow::Error::new)?
        ),
        spo2: Set(report.spo2.map(|v| i16::from(v.get()))),
        pulse: Set(report.pulse.map(|v| i16::from(v.get()))),
        symptoms: Set(JsonText(report.symptoms.clone())),
        urgent_signs: Set(JsonText(report.urgent_signs.iter().copied().collect())),
        sealed_note: Set(keys.seal(REPORT_NOTE_FIELD, &seal_id, &report.note)),
        seal_id: Set(seal_id),
        flag: Set(StoredFlag::Known(judgement.flag)),
        reasons: Set(JsonText(judgement.reasons)),
        ruleset_version: Set(RULESET_VERSION.to_owned()),
        threshold_version: Set(judging.thresholds.map(|(_, version)| version)),
        entered_by: Set(entered_by.into()),
        ..Default::default()
    })
}

/// A stored report as the API shows it, its note opened.
pub fn to_view(keys: &Keyring, model: &health_report::Model) -> Result<ReportView, ApiError> {
    Ok(ReportView {
        id: ReportId(model.id),
        case_id: CaseId(model.case_id),
        slot_date: model.slot_date,
        slot: u8::try_from(model.slot).unwrap_or(1),
        submitted_at: model.submitted_at,
        temperature_c: f64::from(model.temperature_tenths) / 10.0,
        spo2: model.spo2.and_then(|v| u8::try_from(v).ok()),
        pulse: model.pulse.and_then(|v| u8::try_from(v).ok()),
        symptoms: model.symptoms.0.clone(),
        urgent_signs: model.urgent_signs.0.clone(),
        note: keys.unseal(REPORT_NOTE_FIELD, &model.seal_id, &model.sealed_note)?,
        flag: model.flag.shown("health_report", model.id),
        reasons: model.reasons.0.clone(),
        ruleset_version: model.ruleset_version.clone(),
        entered_by: model.entered_by.0,
        reviewed: model.reviewed_at.is_some(),
        version: u32::try_from(model.version).unwrap_or(1),
        corrected_at: model.corrected_at,
        threshold_version: model.threshold_version.and_then(|v| u32::try_from(v).ok()),
    })
}
