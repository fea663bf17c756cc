//! `inpatient_report`: one inpatient status report (入院患者の状況報告) a medical institution
//! filed about a case. Rows are never changed: a new report is a new row.

use mimamori_shared::api::case_notifications::Severity;
use mimamori_shared::api::inpatient::InpatientOutcome;
use sea_orm::entity::prelude::*;

/// A row of `inpatient_report`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inpatient_report")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub case_id: i64,
    /// The institution that filed it.
    pub institution_id: i64,
    /// The staff member who filed it.
    pub reported_by: i64,
    pub reported_at: DateTimeUtc,
    pub admission_date: Date,
    pub discharge_date: Option<Date>,
    pub hospital_name: String,
    pub doctor_name: String,
    /// `Severity::as_str`.
    pub severity: Severity,
    /// JSON array of `ClinicalSymptom` codes.
    pub symptoms: String,
    pub findings: String,
    pub icu: bool,
    pub ventilator: bool,
    pub ecmo: bool,
    /// `InpatientOutcome::as_str`.
    pub outcome: InpatientOutcome,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
