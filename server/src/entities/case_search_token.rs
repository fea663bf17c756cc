//! `case_search_token`: the blind indexes a case is found by in the work-list search
//! (`services::personal_data::search_tokens`): one row per token and case.

use sea_orm::entity::prelude::*;

/// A row of `case_search_token`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_search_token")]
pub struct Model {
    /// HMAC-SHA256 (blind-index key) of a normalised name prefix or phone number, hex.
    #[sea_orm(primary_key, auto_increment = false)]
    pub token: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub case_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
