//! `patient_message`: a message from staff to the patient of a case.

use sea_orm::entity::prelude::*;

/// A row of `patient_message`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "patient_message")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub case_id: i64,
    pub author_id: i64,
    pub organisation_id: i64,
    /// Sealed (`services::messages`); its associated data names `seal_id`.
    #[sea_orm(column_name = "body")]
    pub sealed_body: String,
    pub created_at: DateTimeUtc,
    /// What identifies the row in its sealed value's associated data (random at creation).
    pub seal_id: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
