//! `data_key`: the data keys that seal personal data, each wrapped by the key file's
//! key-encryption key (`keys::kek`); the newest version seals, every version opens.

use sea_orm::entity::prelude::*;

/// A row of `data_key`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "data_key")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub version: i32,
    /// The key, wrapped (`keys::kek::KeyWrapper::wrap`).
    pub wrapped: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
