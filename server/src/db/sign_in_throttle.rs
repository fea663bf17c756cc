//! Failed sign-ins per key (`services::sign_in_throttle`). Counting is one atomic `UPDATE …
//! RETURNING`, so parallel attempts cannot slip past the count.

use crate::entities::sign_in_throttle::{self, Column, Entity};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

/// The rows of `keys` (those that exist).
pub async fn find(
    db: &impl ConnectionTrait,
    keys: Vec<String>,
) -> Result<Vec<sign_in_throttle::Model>, DbErr> {
    Entity::find().filter(Column::Key.is_in(keys)).all(db).await
}

/// Counts a failure of `key` at `now`, forgetting the earlier ones when the last was before
/// `forget_before`; returns the count, this failure included.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    key: &str,
    now: DateTime<Utc>,
    forget_before: DateTime<Utc>,
) -> Result<i32, DbErr> {
    Entity::insert(sign_in_throttle::ActiveModel {
        key: Set(key.to_owned()),
        failures: Set(0),
        last_failure_at: Set(now),
        blocked_until: Set(None),
    })
    .on_conflict_do_nothing_on([Column::Key])
    .exec(db)
    .await?;
    let counted = Entity::update_many()
        .col_expr(
            Column::Failures,
            Expr::case(Column::LastFailureAt.lt(forget_before), Expr::value(1))
                .finally(Expr::col(Column::Failures).add(1))
                .into(),
        )
        .col_expr(Column::LastFailureAt, Expr::value(now))
        .filter(Column::Key.eq(key))
        .exec_with_returning(db)
        .await?;
    Ok(counted.first().map_or(1, |row| row.failures))
}

/// Refuses `key` until `until`.
pub async fn block(
    db: &impl ConnectionTrait,
    key: &str,
    until: DateTime<Utc>,
) -> Result<(), DbErr> {
    Entity::update_many()
        .col_expr(Column::BlockedUntil, Expr::value(until))
        .filter(Column::Key.eq(key))
        .exec(db)
        .await?;
    Ok(())
}

/// Forgets `key`'s failures; returns how many there were.
pub async fn clear(db: &impl ConnectionTrait, key: &str) -> Result<i32, DbErr> {
    let cleared = Entity::find_by_id(key.to_owned()).one(db).await?;
    Entity::delete_many()
        .filter(Column::Key.eq(key))
        .exec(db)
        .await?;
    Ok(cleared.map_or(0, |row| row.failures))
}

/// Deletes the rows whose last failure was before `before` and that refuse nothing any more
/// (daily housekeeping); returns how many.
pub async fn delete_quiet(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64, DbErr> {
    Ok(Entity::delete_many()
        .filter(Column::LastFailureAt.lt(before))
        .filter(
            sea_orm::Condition::any()
                .add(Column::BlockedUntil.is_null())
                .add(Column::BlockedUntil.lt(before)),
        )
        .exec(db)
        .await?
        .rows_affected)
}
