//! `contract`: a follow-up organisation serves a health centre (委託契約).

use sea_orm::entity::prelude::*;

/// A row of `contract`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contract")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub followup_org_id: i64,
    pub health_centre_id: i64,
    pub created_at: DateTimeUtc,
    /// When the contract ended (`None`: it is in force). An ended contract takes no new cases;
    /// the organisation's access to the cases it followed lapses after
    /// `MIMAMORI_FOLLOWUP_ACCESS_DAYS` (`access::CaseScope`).
    pub ended_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
