//! A case's own SpO2 thresholds (docs/triage.md#per-case-thresholds): a doctor sets them with a
//! reason; each change is a version, on the timeline and in the audit log, and every later
//! report stores the version that judged it.

use super::{audit, case_events};
use crate::access::{CaseScope, StaffAction};
use crate::auth::StaffCaller;
use crate::db;
use crate::db::case_events::NewEvent;
use crate::db::thresholds::NewThresholds;
use crate::entities::{case_threshold, patient_case};
use crate::error::ApiError;
use crate::keys::{Keyring, KeyringError};
use crate::services::sealed_text;
use chrono::{DateTime, Utc};
use mimamori_shared::api::case_actions::SetCaseThresholds;
use mimamori_shared::api::cases::{CaseEventKind, CaseThresholdView};
use mimamori_shared::ids::CaseId;
use mimamori_shared::triage::CaseThresholds;
use sea_orm::{ConnectionTrait, TransactionSession, TransactionTrait};

/// The sealed reason of `case_threshold`, as named in the associated data.
pub const REASON_FIELD: &str = "case_threshold.reason";

/// A doctor sets (or clears) the case's own SpO2 thresholds; returns the case as it now is.
pub async fn set(
    db: &(impl ConnectionTrait + TransactionTrait),
    keys: &Keyring,
    caller: &StaffCaller,
    case_id: CaseId,
    request: &SetCaseThresholds,
    now: DateTime<Utc>,
) -> Result<patient_case::Model, ApiError> {
    let case =
        super::case_gate::case_for_action(db, caller, case_id, StaffAction::SetThresholds).await?;
    let thresholds = request.validate().map_err(ApiError::Validation)?;
    let txn = db.begin().await?;
    // Under the case's lock: reports are judged under it too, so each report sees one version.
    db::cases::lock(&txn, case.id).await?;
    let seal_id = sealed_text::new_seal_id();
    let version = db::thresholds::set(
        &txn,
        NewThresholds {
            case_id: case.id,
            spo2: thresholds.map(|t| {
                (
                    i16::from(t.spo2_red_at_most),
                    i16::from(t.spo2_amber_at_most),
                )
            }),
            sealed_reason: keys.seal(REASON_FIELD, &seal_id, request.reason.trim()),
            seal_id,
            set_by: caller.staff_id.0,
        },
        now,
    )
    .await?;
    let outcome = thresholds.map_or_else(
        || "default".to_owned(),
        |t| {
            format!(
                "red<={},amber<={}",
                t.spo2_red_at_most, t.spo2_amber_at_most
            )
        },
    );
    case_events::record(
        &txn,
        keys,
        NewEvent {
            case_id: case.id,
            kind: CaseEventKind::ThresholdsSet,
            actor_staff_id: Some(caller.staff_id.0),
            organisation_id: Some(caller.org_id.0),
            outcome: Some(outcome.into()),
            note: request.reason.trim().to_owned(),
            related_org_id: None,
        },
        now,
    )
    .await?;
    audit::staff_detail(
        &txn,
        caller,
        audit::action::CASE_THRESHOLDS_SET,
        Some(case.id),
        format!("version:{version}"),
        now,
    )
    .await?;
    txn.commit().await?;
    db::cases::find_in_scope(db, case.id, CaseScope::of(caller).condition())
        .await?
        .ok_or(ApiError::NotFound)
}

/// The current version of a case's thresholds as the case page shows it; `set_by` is the
/// doctor's name when known.
pub fn view(
    keys: &Keyring,
    row: &case_threshold::Model,
    set_by: Option<String>,
) -> Result<CaseThresholdView, KeyringError> {
    let as_u8 = |v: i16| u8::try_from(v).unwrap_or(0);
    Ok(CaseThresholdView {
        version: u32::try_from(row.version).unwrap_or(1),
        thresholds: match (row.spo2_red_at_most, row.spo2_amber_at_most) {
            (Some(red), Some(amber)) => CaseThresholds::new(as_u8(red), as_u8(amber)).ok(),
            _ => None,
        },
        reason: keys.unseal(REASON_FIELD, &row.seal_id, &row.sealed_reason)?,
        set_by,
        set_at: row.set_at,
    })
}
