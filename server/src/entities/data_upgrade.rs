//! `data_upgrade`: one-off rewrites that need the keys (encrypting a column of an existing
//! database, re-keying the audit chain), marked done so each runs once.

use sea_orm::entity::prelude::*;

/// A row of `data_upgrade`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "data_upgrade")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub name: String,
    pub done_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
