//! `test_count`: one medical institution's administrative test counts (行政検査実施数) of one
//! day; a correction replaces the row and counts its revision up.

use sea_orm::entity::prelude::*;

/// A row of `test_count`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "test_count")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub institution_id: i64,
    /// The institution's health centre when filed.
    pub health_centre_id: i64,
    /// The day counted (the institution's local day).
    pub date: Date,
    pub pcr_performed: i64,
    pub pcr_positive: i64,
    pub antigen_performed: i64,
    pub antigen_positive: i64,
    /// 1 when first filed; each correction adds one.
    pub revision: i32,
    pub updated_at: DateTimeUtc,
    pub updated_by: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
