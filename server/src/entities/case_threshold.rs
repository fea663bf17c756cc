//! `case_threshold`: each version of the SpO2 thresholds a doctor set for one patient.

use sea_orm::entity::prelude::*;

/// A row of `case_threshold`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_threshold")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub case_id: i64,
    /// Counted from 1 for the case.
    pub version: i32,
    /// Both `None`: back to the rule set's thresholds.
    pub spo2_red_at_most: Option<i16>,
    pub spo2_amber_at_most: Option<i16>,
    /// Why, sealed (`services::case_thresholds::REASON_FIELD`, the row's `seal_id`).
    #[sea_orm(column_name = "reason")]
    pub sealed_reason: String,
    pub set_by: i64,
    pub set_at: DateTimeUtc,
    /// Names the row in its sealed values' associated data: random, made before the insert.
    pub seal_id: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
