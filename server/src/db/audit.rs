//! The audit log (append-only).

use crate::entities::audit_log;
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

/// An entry's place in the hash chain, to be written by [`seal`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seal {
    /// The entry.
    pub id: i64,
    /// Its position in the chain.
    pub seq: i64,
    /// The hash of the entry before it.
    pub prev_hash: String,
    /// Its own hash.
    pub hash: String,
}

/// Seals entries in one statement (one statement per entry added a statement to every report's
/// three on PostgreSQL). Only unsealed entries are changed; returns how many were.
pub async fn seal(db: &impl ConnectionTrait, seals: &[Seal]) -> Result<u64, DbErr> {
    if seals.is_empty() {
        return Ok(0);
    }
    let mut binds = super::Binds::new(db.get_database_backend());
    let rows: Vec<String> = seals
        .iter()
        .map(|s| {
            format!(
                "({}, {}, {}, {})",
                binds.bind(s.id),
                binds.bind(s.seq),
                binds.bind(s.prev_hash.clone()),
                binds.bind(s.hash.clone())
            )
        })
        .collect();
    // A VALUES list's columns are column1… on both databases.
    let sql = format!(
        "UPDATE audit_log SET seq = v.column2, prev_hash = v.column3, hash = v.column4 \
         FROM (VALUES {}) AS v \
         WHERE audit_log.id = v.column1 AND audit_log.seq IS NULL",
        rows.join(", ")
    );
    Ok(db.execute_raw(binds.statement(sql)).await?.rows_affected())
}

/// Gives a sealed entry new links (the audit chain's one-off re-keying).
pub async fn rehash(
    db: &impl ConnectionTrait,
    id: i64,
    prev_hash: &str,
    hash: &str,
) -> Result<(), DbErr> {
    audit_log::Entity::update_many()
        .col_expr(
            audit_log::Column::PrevHash,
            sea_orm::sea_query::Expr::value(prev_hash.to_owned()),
        )
        .col_expr(
            audit_log::Column::Hash,
            sea_orm::sea_query::Expr::value(hash.to_owned()),
        )
        .filter(audit_log::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
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

/// Filters of [`list`], already resolved to ids.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Staff actor id.
    pub staff_id: Option<i64>,
    /// Action code.
    pub action: Option<String>,
    /// Case id.
    pub case_id: Option<i64>,
    /// Organisation of the actor.
    pub organisation_id: Option<i64>,
    /// From this instant, inclusive.
    pub from: Option<chrono::DateTime<chrono::Utc>>,
    /// Before this instant, exclusive.
    pub until: Option<chrono::DateTime<chrono::Utc>>,
    /// Entries with an id below this one.
    pub before_id: Option<i64>,
}

/// A page of entries matching `filter` within `scope`, newest first. `scope` limits entries to
/// what an administrator may read (see `access::OrgScope`).
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &AuditFilter,
    scope: sea_orm::Condition,
    limit: u64,
) -> Result<Vec<audit_log::Model>, DbErr> {
    let mut query = audit_log::Entity::find().filter(scope);
    if let Some(id) = filter.staff_id {
        query = query
            .filter(audit_log::Column::ActorKind.eq("staff"))
            .filter(audit_log::Column::ActorId.eq(id));
    }
    if let Some(action) = &filter.action {
        query = query.filter(audit_log::Column::Action.eq(action.as_str()));
    }
    if let Some(id) = filter.case_id {
        query = query.filter(audit_log::Column::CaseId.eq(id));
    }
    if let Some(id) = filter.organisation_id {
        query = query.filter(audit_log::Column::OrganisationId.eq(id));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_log::Column::At.gte(from));
    }
    if let Some(until) = filter.until {
        query = query.filter(audit_log::Column::At.lt(until));
    }
    if let Some(id) = filter.before_id {
        query = query.filter(audit_log::Column::Id.lt(id));
    }
    query
        .order_by_desc(audit_log::Column::Id)
        .limit(limit)
        .all(db)
        .await
}
