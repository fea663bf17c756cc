//! The wrapped data keys (`data_key`) and the one-off upgrades done with them (`data_upgrade`).

use crate::entities::{data_key, data_upgrade};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryOrder, Set, TryInsertResult};

/// Every data key, oldest version first.
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<data_key::Model>, DbErr> {
    data_key::Entity::find()
        .order_by_asc(data_key::Column::Version)
        .all(db)
        .await
}

/// Stores a wrapped data key unless that version exists; whether it was stored.
pub async fn insert_if_absent(
    db: &impl ConnectionTrait,
    version: i32,
    wrapped: String,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let row = data_key::ActiveModel {
        version: Set(version),
        wrapped: Set(wrapped),
        created_at: Set(now),
    };
    let result = data_key::Entity::insert(row)
        .on_conflict_do_nothing_on([data_key::Column::Version])
        .exec_with_returning_many(db)
        .await?;
    Ok(matches!(result, TryInsertResult::Inserted(rows) if !rows.is_empty()))
}

/// Marks the upgrade `name` done; false when it was marked before (by this or another process,
/// which then did it). Run inside the upgrade's transaction, so the mark and the work commit
/// together and a second process waits for the first, then skips.
pub async fn claim_upgrade(
    db: &impl ConnectionTrait,
    name: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let row = data_upgrade::ActiveModel {
        name: Set(name.to_owned()),
        done_at: Set(now),
    };
    let result = data_upgrade::Entity::insert(row)
        .on_conflict_do_nothing_on([data_upgrade::Column::Name])
        .exec_with_returning_many(db)
        .await?;
    Ok(matches!(result, TryInsertResult::Inserted(rows) if !rows.is_empty()))
}
