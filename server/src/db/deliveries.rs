//! Claiming due rows of `delivery` (the outbox) for a sender. The rest of the outbox's reads
//! and writes are sea-orm queries in `outbox`; this one is SQL because it claims and returns the
//! rows in one statement.

use crate::entities::delivery::{Channel, Purpose, Status};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, FromQueryResult, Statement};

/// A claimed row of `delivery`: what the sender needs to send it.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Claimed {
    pub id: i64,
    pub channel: Channel,
    pub purpose: Purpose,
    pub case_id: Option<i64>,
    pub payload: String,
    pub attempts: i32,
}

/// Claims up to `limit` due rows (pending and due, or sending with an expired lease) until
/// `lease_end`: on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so instances never claim one row twice.
pub async fn claim(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    lease_end: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<Claimed>, DbErr> {
    let backend = db.get_database_backend();
    let (pending, sending) = (Status::Pending.as_str(), Status::Sending.as_str());
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let statement = match backend {
        DbBackend::Postgres => Statement::from_sql_and_values(
            backend,
            "UPDATE delivery SET status = $1, claimed_until = $2, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM delivery \
                 WHERE (status = $3 AND not_before <= $4) \
                    OR (status = $1 AND claimed_until < $4) \
                 ORDER BY id LIMIT $5 FOR UPDATE SKIP LOCKED) \
             RETURNING id, channel, purpose, case_id, payload, attempts",
            [
                sending.into(),
                lease_end.into(),
                pending.into(),
                now.into(),
                limit.into(),
            ],
        ),
        _ => Statement::from_sql_and_values(
            backend,
            "UPDATE delivery SET status = ?, claimed_until = ?, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM delivery \
                 WHERE (status = ? AND not_before <= ?) \
                    OR (status = ? AND claimed_until < ?) \
                 ORDER BY id LIMIT ?) \
             RETURNING id, channel, purpose, case_id, payload, attempts",
            [
                sending.into(),
                lease_end.into(),
                pending.into(),
                now.into(),
                sending.into(),
                now.into(),
                limit.into(),
            ],
        ),
    };
    Claimed::find_by_statement(statement).all(db).await
}
