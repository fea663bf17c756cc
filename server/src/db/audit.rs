//! The audit log (append-only).

use crate::entities::audit_log;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
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
