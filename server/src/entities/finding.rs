//! `finding`: a physician finding (医師所見). Amendments are new rows pointing at the original.

use mimamori_shared::api::findings::Referral;
use sea_orm::entity::prelude::*;

/// A row of `finding`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "finding")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub case_id: i64,
    pub report_id: Option<i64>,
    pub author_id: i64,
    /// Sealed (`services::findings`), as is `plan`; their associated data names `seal_id`.
    #[sea_orm(column_name = "assessment")]
    pub sealed_assessment: String,
    #[sea_orm(column_name = "plan")]
    pub sealed_plan: String,
    pub referral: Referral,
    pub created_at: DateTimeUtc,
    pub amends_id: Option<i64>,
    /// What identifies the row in its sealed values' associated data (random at creation).
    pub seal_id: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
