//! `organisation`: prefecture, health centre, follow-up organisation or medical institution.

use mimamori_shared::api::admin::OrgKind;
use sea_orm::entity::prelude::*;

/// A row of `organisation`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `prefecture`, `health_centre`, `followup_org` or `institution`.
    pub kind: OrgKind,
    pub name: String,
    pub parent_id: Option<i64>,
    pub phone: Option<String>,
    /// IANA time zone of the organisation's days (reports, cut-offs).
    pub time_zone: String,
    pub created_at: DateTimeUtc,
    /// A prefecture's usual follow-up period in days (`mimamori init`), for cases registered
    /// without one; `None`: the rule set's default.
    pub default_followup_days: Option<i16>,
    /// 所在地 (the 発生届 gives the notifying institution's).
    pub address: Option<String>,
    /// A prefecture's retention period in years after the end of follow-up (`mimamori init`,
    /// `mimamori retention set`); `None`: `services::retention::DEFAULT_YEARS`.
    pub retention_years: Option<i16>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
