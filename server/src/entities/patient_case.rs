//! `patient_case`: one person under health follow-up.

use sea_orm::entity::prelude::*;

/// A row of `patient_case`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "patient_case")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub case_number: String,
    pub health_centre_id: i64,
    pub followup_org_id: Option<i64>,
    pub name: String,
    pub name_kana: String,
    pub birth_date: Date,
    pub sex: String,
    pub phone: String,
    pub followup_start: Date,
    pub followup_end: Date,
    pub slots_per_day: i16,
    /// `active` or `ended`.
    pub status: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::health_report::Entity")]
    HealthReport,
}

impl Related<super::health_report::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::HealthReport.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
