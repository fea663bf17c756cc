//! `staff_session`: a signed-in staff browser. Only the token's hash is stored.

use crate::auth::caller::SessionStage;
use sea_orm::entity::prelude::*;

/// A row of `staff_session`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff_session")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub token_hash: String,
    pub staff_id: i64,
    pub created_at: DateTimeUtc,
    pub last_seen_at: DateTimeUtc,
    /// `full`, or `enrol` (password checked, TOTP enrolment still to do: nothing else allowed).
    pub stage: SessionStage,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
