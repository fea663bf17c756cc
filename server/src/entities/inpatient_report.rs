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
    /// Sealed, as the other contents (`services::inpatient`, the row's `seal_id`).
    #[sea_orm(column_name = "hospital_name")]
    pub sealed_hospital_name: String,
    /// Sealed.
    #[sea_orm(column_name = "doctor_name")]
    pub sealed_doctor_name: String,
    /// `Severity::as_str`.
    pub severity: Severity,
    /// JSON array of `ClinicalSymptom` codes, sealed.
    #[sea_orm(column_name = "symptoms")]
    pub sealed_symptoms: String,
    /// Free text, sealed.
    #[sea_orm(column_name = "findings")]
    pub sealed_findings: String,
    pub icu: bool,
    pub ventilator: bool,
    pub ecmo: bool,
    /// `InpatientOutcome::as_str`.
    pub outcome: InpatientOutcome,
    /// Names the row in its sealed values' associated data: random, made before the insert.
    pub seal_id: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
