//! The gate every staff action on a case passes first: the case must be in the caller's scope
//! (else 404), the role must be allowed the action (else 403), and the case's status must allow
//! it (else 409). It depends only on the access policy and the database, so that every service
//! that acts on a case can use it without depending on the others.

use crate::access::{CaseScope, StaffAction, allowed_while_hospitalised, staff_may};
use crate::auth::StaffCaller;
use crate::db;
use crate::entities::patient_case;
use crate::error::ApiError;
use mimamori_shared::api::cases::CaseStatus;
use mimamori_shared::ids::CaseId;
use sea_orm::ConnectionTrait;

/// Why a case's status refuses an action; the caller branches on it or answers it as a 409.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StatusRefusal {
    /// The case has ended: its record is read-only.
    #[error("the follow-up of this case has ended")]
    Ended,
    /// The patient is in hospital: home follow-up waits for the discharge.
    #[error("the patient is in hospital")]
    Paused,
}

impl From<StatusRefusal> for ApiError {
    fn from(refusal: StatusRefusal) -> Self {
        match refusal {
            StatusRefusal::Ended => ApiError::followup_ended(),
            StatusRefusal::Paused => ApiError::followup_paused(),
        }
    }
}

/// Whether `action` may be taken on a case in `status`: an ended case is read-only, a
/// hospitalised one refuses what [`allowed_while_hospitalised`] excludes.
pub fn check_status(status: CaseStatus, action: StaffAction) -> Result<(), StatusRefusal> {
    match status {
        // Held by the review gate: follow-up goes on until a person decides.
        CaseStatus::Active | CaseStatus::EndReview => Ok(()),
        CaseStatus::Hospitalised if allowed_while_hospitalised(action) => Ok(()),
        CaseStatus::Hospitalised => Err(StatusRefusal::Paused),
        CaseStatus::Ended => Err(StatusRefusal::Ended),
    }
}

/// The case the caller is about to act on, checked in the order that leaks nothing: out of the
/// caller's scope (or missing) is 404; a role the policy refuses is 403; an ended case is 409
/// `followup_ended`, a hospitalised one 409 `followup_paused` for what waits for the discharge.
pub async fn case_for_action(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    case_id: CaseId,
    action: StaffAction,
) -> Result<patient_case::Model, ApiError> {
    let case = in_scope_for(db, caller, case_id, action).await?;
    check_status(case.status, action)?;
    Ok(case)
}

/// Like [`case_for_action`] without the check that follow-up is running (a resent proxy report
/// is answered from the store even after the end).
pub async fn in_scope_for(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    case_id: CaseId,
    action: StaffAction,
) -> Result<patient_case::Model, ApiError> {
    let case = db::cases::find_in_scope(db, case_id.0, CaseScope::of(caller).condition())
        .await?
        .ok_or(ApiError::NotFound)?;
    if !staff_may(caller.role, action) {
        return Err(ApiError::Forbidden);
    }
    Ok(case)
}
