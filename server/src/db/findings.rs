//! Physician findings.

use crate::entities::finding;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

/// Inserts a finding.
pub async fn insert(
    db: &impl ConnectionTrait,
    model: finding::ActiveModel,
) -> Result<finding::Model, DbErr> {
    model.insert(db).await
}

/// A case's findings, newest first.
pub async fn list_for_case(
    db: &impl ConnectionTrait,
    case_id: i64,
) -> Result<Vec<finding::Model>, DbErr> {
    finding::Entity::find()
        .filter(finding::Column::CaseId.eq(case_id))
        .order_by_desc(finding::Column::CreatedAt)
        .order_by_desc(finding::Column::Id)
        .all(db)
        .await
}
