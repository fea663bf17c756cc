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

/// A finding of a case by id; `None` when it belongs to another case.
pub async fn find_for_case(
    db: &impl ConnectionTrait,
    case_id: i64,
    finding_id: i64,
) -> Result<Option<finding::Model>, DbErr> {
    finding::Entity::find_by_id(finding_id)
        .filter(finding::Column::CaseId.eq(case_id))
        .one(db)
        .await
}
