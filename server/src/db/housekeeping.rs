//! Deleting what can no longer be used: sessions past their limits and invitations long used or
//! expired (`scheduler::housekeeping`).

use crate::entities::{invitation, patient_session, staff_session};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Condition;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

/// Deletes staff sessions begun before `started_before` or idle since before `seen_before`;
/// returns how many.
pub async fn delete_staff_sessions(
    db: &impl ConnectionTrait,
    started_before: DateTime<Utc>,
    seen_before: DateTime<Utc>,
) -> Result<u64, DbErr> {
    Ok(staff_session::Entity::delete_many()
        .filter(
            Condition::any()
                .add(staff_session::Column::CreatedAt.lt(started_before))
                .add(staff_session::Column::LastSeenAt.lt(seen_before)),
        )
        .exec(db)
        .await?
        .rows_affected)
}

/// Deletes patient sessions that expired before `now`; returns how many.
pub async fn delete_patient_sessions(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    Ok(patient_session::Entity::delete_many()
        .filter(patient_session::Column::ExpiresAt.lt(now))
        .exec(db)
        .await?
        .rows_affected)
}

/// Deletes invitations used, or expired, before `before`; returns how many.
pub async fn delete_invitations(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
) -> Result<u64, DbErr> {
    Ok(invitation::Entity::delete_many()
        .filter(
            Condition::any()
                .add(invitation::Column::UsedAt.lt(before))
                .add(invitation::Column::ExpiresAt.lt(before)),
        )
        .exec(db)
        .await?
        .rows_affected)
}
