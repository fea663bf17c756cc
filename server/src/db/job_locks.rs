//! PostgreSQL advisory locks, which keep two instances from running one scheduled job at once
//! (`scheduler::lock`).

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};

/// Takes the transaction-scoped advisory lock `key` if it is free: `true` when this
/// transaction now holds it (until it ends), `false` when another does. PostgreSQL only.
pub async fn try_advisory_xact_lock(db: &impl ConnectionTrait, key: i64) -> Result<bool, DbErr> {
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_try_advisory_xact_lock($1) AS held",
            [key.into()],
        ))
        .await?;
    match row {
        Some(row) => row.try_get("", "held"),
        None => Ok(false),
    }
}
