//! `implementation_report`: the daily implementation report (実施報告) of one follow-up
//! organisation to one health centre, as compiled.

use sea_orm::entity::prelude::*;

/// A row of `implementation_report`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "implementation_report")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub followup_org_id: i64,
    pub health_centre_id: i64,
    /// The local day reported on.
    pub report_date: Date,
    pub compiled_at: DateTimeUtc,
    /// JSON of the counts.
    pub counts: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
