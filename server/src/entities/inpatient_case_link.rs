//! `inpatient_case_link`: a case a medical institution found by case number and date of birth
//! (admitted there, notified by someone else); the institution may report on it from then on.

use sea_orm::entity::prelude::*;

/// A row of `inpatient_case_link`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inpatient_case_link")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub case_id: i64,
    pub institution_id: i64,
    /// The staff member who found it.
    pub linked_by: i64,
    pub linked_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
