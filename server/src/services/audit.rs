//! Writing the audit log: who did what to which case, from where (DESIGN.md §6).

use crate::auth::{PatientCaller, StaffCaller};
use crate::db;
use crate::entities::audit_log;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, Set};

/// Audited actions, as stored.
pub mod action {
    /// Staff read a case record.
    pub const CASE_READ: &str = "case.read";
    /// Staff listed a day's reports (names and values of many patients).
    pub const REPORTS_LIST: &str = "reports.list";
    /// A doctor wrote a finding.
    pub const FINDING_CREATE: &str = "finding.create";
    /// A report was stored.
    pub const REPORT_CREATE: &str = "report.create";
    /// A patient read their own reports.
    pub const REPORTS_READ_OWN: &str = "reports.read_own";
    /// Staff signed in.
    pub const STAFF_SIGN_IN: &str = "staff.sign_in";
    /// A staff sign-in failed.
    pub const STAFF_SIGN_IN_FAILED: &str = "staff.sign_in_failed";
    /// A patient added a household member's case to their sign-in.
    pub const HOUSEHOLD_ADD: &str = "household.add";
    /// A patient corrected the current slot's report.
    pub const REPORT_CORRECT: &str = "report.correct";
    /// Staff wrote a message to a patient.
    pub const MESSAGE_CREATE: &str = "message.create";
    /// A patient read the messages of a case.
    pub const MESSAGES_READ_OWN: &str = "messages.read_own";
    /// A patient redeemed an invitation.
    pub const INVITATION_REDEEM: &str = "invitation.redeem";
}

/// Appends an entry for a staff caller.
pub async fn staff(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    action: &str,
    case_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    db::audit::append(
        db,
        audit_log::ActiveModel {
            at: Set(now),
            actor_kind: Set("staff".to_owned()),
            actor_id: Set(Some(caller.staff_id.0)),
            role: Set(Some(caller.role.as_str().to_owned())),
            organisation_id: Set(Some(caller.org_id.0)),
            action: Set(action.to_owned()),
            case_id: Set(case_id),
            client_addr: Set(caller.client_addr.clone()),
            ..Default::default()
        },
    )
    .await
}

/// Appends an entry for a patient caller.
pub async fn patient(
    db: &impl ConnectionTrait,
    caller: &PatientCaller,
    action: &str,
    case_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    anonymous(
        db,
        "patient",
        Some(caller.account_id),
        action,
        case_id,
        caller.client_addr.clone(),
        now,
    )
    .await
}

/// Appends an entry for an actor known only by kind and optional id (a failed sign-in, a
/// redemption before the account exists, the system).
pub async fn anonymous(
    db: &impl ConnectionTrait,
    actor_kind: &str,
    actor_id: Option<i64>,
    action: &str,
    case_id: Option<i64>,
    client_addr: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    db::audit::append(
        db,
        audit_log::ActiveModel {
            at: Set(now),
            actor_kind: Set(actor_kind.to_owned()),
            actor_id: Set(actor_id),
            action: Set(action.to_owned()),
            case_id: Set(case_id),
            client_addr: Set(client_addr),
            ..Default::default()
        },
    )
    .await
}
