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
    pub reason: String,
    pub set_by: i64,
    pub set_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
