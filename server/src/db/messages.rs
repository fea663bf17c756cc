//! Messages from staff to patients.

use crate::entities::patient_message;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

/// Inserts a message.
pub async fn insert(
    db: &impl ConnectionTrait,
    model: patient_message::ActiveModel,
) -> Result<patient_message::Model, DbErr> {
    model.insert(db).await
}

/// A case's messages, newest first.
pub async fn list_for_case(
    db: &impl ConnectionTrait,
    case_id: i64,
) -> Result<Vec<patient_message::Model>, DbErr> {
    patient_message::Entity::find()
        .filter(patient_message::Column::CaseId.eq(case_id))
        .order_by_desc(patient_message::Column::CreatedAt)
        .order_by_desc(patient_message::Column::Id)
        .all(db)
        .await
}
