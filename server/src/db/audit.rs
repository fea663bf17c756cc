//! The audit log (append-only).

use crate::entities::audit_log;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

/// Appends an entry.
pub async fn append(db: &impl ConnectionTrait, entry: audit_log::ActiveModel) -> Result<(), DbErr> {
    entry.insert(db).await?;
    Ok(())
}

/// Entries about a case, oldest first.
pub async fn list_for_case(
    db: &impl ConnectionTrait,
    case_id: i64,
) -> Result<Vec<audit_log::Model>, DbErr> {
    audit_log::Entity::find()
        .filter(audit_log::Column::CaseId.eq(case_id))
        .order_by_asc(audit_log::Column::Id)
        .all(db)
        .await
}

/// The newest sealed entry (the head of the hash chain), if any.
pub async fn chain_head(db: &impl ConnectionTrait) -> Result<Option<audit_log::Model>, DbErr> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Seq.is_not_null())
        .order_by_desc(audit_log::Column::Seq)
        .one(db)
        .await
}

/// Up to `limit` entries not yet sealed into the chain, oldest id first.
pub async fn unsealed(
    db: &impl ConnectionTrait,
    limit: u64,
) -> Result<Vec<audit_log::Model>, DbErr> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Seq.is_null())
        .order_by_asc(audit_log::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Seals one entry: its place in the chain and the hashes. Only an unsealed entry is changed.
pub async fn seal(
    db: &impl ConnectionTrait,
    id: i64,
    seq: i64,
    prev_hash: &str,
    hash: &str,
) -> Result<bool, DbErr> {
    let result = audit_log::Entity::update_many()
        .col_expr(audit_log::Column::Seq, Expr::value(seq))
        .col_expr(audit_log::Column::PrevHash, Expr::value(prev_hash))
        .col_expr(audit_log::Column::Hash, Expr::value(hash))
        .filter(audit_log::Column::Id.eq(id))
        .filter(audit_log::Column::Seq.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Sealed entries after chain position `after_seq`, in chain order.
pub async fn sealed_after(
    db: &impl ConnectionTrait,
    after_seq: i64,
    limit: u64,
) -> Result<Vec<audit_log::Model>, DbErr> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Seq.gt(after_seq))
        .order_by_asc(audit_log::Column::Seq)
        .limit(limit)
        .all(db)
        .await
}

/// How many entries older than `before` are still unsealed (the sealer is behind or stopped).
pub async fn count_unsealed_before(
    db: &impl ConnectionTrait,
    before: chrono::DateTime<chrono::Utc>,
) -> Result<u64, DbErr> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Seq.is_null())
        .filter(audit_log::Column::At.lt(before))
        .count(db)
        .await
}

/// Takes the sealer's lock for the rest of the transaction: on PostgreSQL an advisory lock, so
/// one server process seals at a time; on SQLite a write lock (a no-op write), so the sealer's
/// read of the chain head cannot go stale before it writes.
pub async fn lock_for_sealing(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => "SELECT pg_advisory_xact_lock(7165736164756974)",
        _ => "UPDATE audit_log SET seq = NULL WHERE 1 = 0",
    };
    db.execute_unprepared(sql).await?;
    Ok(())
}
