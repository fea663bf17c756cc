//! What staff do on a case record: log a call, mark reports reviewed, escalate to the health
//! centre, end follow-up. Each opens the case through [`super::case_gate`].

use super::case_gate::case_for_action;
use super::{audit, case_events, cases};
use crate::access::{CaseScope, StaffAction};
use crate::auth::StaffCaller;
use crate::db;
use crate::db::case_events::NewEvent;
use crate::error::ApiError;
use crate::keys::Keyring;
use chrono::{DateTime, Utc};
use mimamori_shared::api::case_actions::{
    CreateCall, CreateEscalation, EndFollowUp, MarkReviewed, ReviewView,
};
use mimamori_shared::api::cases::{CaseEventKind, CaseEventView, CaseView};
use mimamori_shared::ids::CaseId;
use sea_orm::{ConnectionTrait, TransactionSession, TransactionTrait};

/// Records a phone call to the patient (架電記録) in the timeline.
pub async fn log_call(
    db: &(impl ConnectionTrait + TransactionTrait),
    keys: &Keyring,
    caller: &StaffCaller,
    case_id: CaseId,
    request: &CreateCall,
    now: DateTime<Utc>,
) -> Result<CaseEventView, ApiError> {
    let case = case_for_action(db, caller, case_id, StaffAction::LogCall).await?;
    let outcome = request.validate().map_err(ApiError::Validation)?;
    let txn = db.begin().await?;
    let event = case_events::record(
        &txn,
        keys,
        NewEvent {
            case_id: case.id,
            kind: CaseEventKind::Call,
            actor_staff_id: Some(caller.staff_id.0),
            organisation_id: Some(caller.org_id.0),
            outcome: Some(outcome.as_str().into()),
            note: request.note.trim().to_owned(),
            related_org_id: None,
        },
        now,
    )
    .await?;
    audit::staff(&txn, caller, audit::action::CALL_CREATE, Some(case.id), now).await?;
    txn.commit().await?;
    Ok(event)
}

/// Marks reports of the case reviewed: those named, or every unreviewed one. The work-list
/// summary is refreshed in the same transaction, so the case moves out of "unreviewed" at once.
pub async fn mark_reviewed(
    db: &(impl ConnectionTrait + TransactionTrait),
    caller: &StaffCaller,
    case_id: CaseId,
    request: &MarkReviewed,
    now: DateTime<Utc>,
) -> Result<ReviewView, ApiError> {
    let case = case_for_action(db, caller, case_id, StaffAction::MarkReviewed).await?;
    let ids: Vec<i64> = request
        .validate()
        .map_err(ApiError::Validation)?
        .into_iter()
        .map(|id| id.0)
        .collect();
    let only = if ids.is_empty() {
        None
    } else {
        let found = db::reports::ids_of_case(db, case.id, ids.clone()).await?;
        if found.len() != ids.len() {
            return Err(ApiError::field(
                "report_ids",
                "invalid",
                "some of the reports are not this case's",
            ));
        }
        Some(ids)
    };
    let txn = db.begin().await?;
    let marked = db::reports::mark_reviewed(&txn, case.id, only, caller.staff_id.0, now).await?;
    db::cases::refresh_report_summary(&txn, case.id).await?;
    audit::staff(
        &txn,
        caller,
        audit::action::REPORTS_REVIEW,
        Some(case.id),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(ReviewView {
        reviewed: u32::try_from(marked).unwrap_or(u32::MAX),
    })
}

/// A doctor escalates the case to the health centre: a timeline entry both sides see, the
/// case's `escalated_at`, and a notification (console and e-mail, linking to the case under
/// `public_url`) to the health centre's staff, all in one transaction.
pub async fn escalate(
    db: &(impl ConnectionTrait + TransactionTrait),
    keys: &Keyring,
    public_url: &str,
    caller: &StaffCaller,
    case_id: CaseId,
    request: &CreateEscalation,
    now: DateTime<Utc>,
) -> Result<CaseEventView, ApiError> {
    let case = case_for_action(db, caller, case_id, StaffAction::Escalate).await?;
    request.validate().map_err(ApiError::Validation)?;
    let txn = db.begin().await?;
    let event = case_events::record(
        &txn,
        keys,
        NewEvent {
            case_id: case.id,
            kind: CaseEventKind::Escalation,
            actor_staff_id: Some(caller.staff_id.0),
            organisation_id: Some(caller.org_id.0),
            outcome: None,
            note: request.note.trim().to_owned(),
            related_org_id: Some(case.health_centre_id),
        },
        now,
    )
    .await?;
    db::cases::set_escalated(&txn, case.id, now).await?;
    super::staff_notifications::notify_escalation(&txn, public_url, &case, event.id.0, now).await?;
    audit::staff(
        &txn,
        caller,
        audit::action::CASE_ESCALATE,
        Some(case.id),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(event)
}

/// Ends follow-up with a reason code. Afterwards the record is read-only; a second end (or two
/// at once) answers 409 `followup_ended`.
pub async fn end_follow_up(
    db: &(impl ConnectionTrait + TransactionTrait),
    keys: &Keyring,
    caller: &StaffCaller,
    case_id: CaseId,
    request: &EndFollowUp,
    now: DateTime<Utc>,
) -> Result<CaseView, ApiError> {
    let case = case_for_action(db, caller, case_id, StaffAction::EndFollowUp).await?;
    let reason = request.validate().map_err(ApiError::Validation)?;
    let txn = db.begin().await?;
    // Conditional on the case still being active: whoever ends it first wins.
    if !db::cases::end_follow_up(&txn, case.id, reason.as_str(), now).await? {
        return Err(ApiError::followup_ended());
    }
    case_events::record(
        &txn,
        keys,
        NewEvent {
            case_id: case.id,
            kind: CaseEventKind::Ended,
            actor_staff_id: Some(caller.staff_id.0),
            organisation_id: Some(caller.org_id.0),
            outcome: Some(reason.as_str().into()),
            note: request.note.trim().to_owned(),
            related_org_id: None,
        },
        now,
    )
    .await?;
    audit::staff(&txn, caller, audit::action::CASE_END, Some(case.id), now).await?;
    txn.commit().await?;
    let ended = db::cases::find_in_scope(db, case.id, CaseScope::of(caller).condition())
        .await?
        .ok_or(ApiError::NotFound)?;
    cases::view_for_staff(db, keys, caller, &ended, now).await
}
