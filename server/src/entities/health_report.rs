//! `health_report`: one daily report, as its current version, with the triage result that
//! version got; earlier versions are in `health_report_version`.

use super::codes::{JsonText, StoredEnteredBy, StoredFlag};
use mimamori_shared::catalogue::{Answer, Symptom, UrgentSign};
use mimamori_shared::triage::Reason;
use sea_orm::entity::prelude::*;
use std::collections::BTreeMap;

/// A row of `health_report`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "health_report")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub case_id: i64,
    /// UUID chosen by the device; unique per case.
    pub idempotency_key: String,
    pub slot_date: Date,
    pub slot: i16,
    pub submitted_at: DateTimeUtc,
    pub temperature_tenths: i16,
    pub spo2: Option<i16>,
    pub pulse: Option<i16>,
    /// JSON object: symptom → answer, answers other than "no".
    pub symptoms: JsonText<BTreeMap<Symptom, Answer>>,
    /// JSON array of urgent signs.
    pub urgent_signs: JsonText<Vec<UrgentSign>>,
    /// Free text, sealed (`services::sealed_text::REPORT_NOTE_FIELD`, the row's `seal_id`).
    #[sea_orm(column_name = "note")]
    pub sealed_note: String,
    /// Names the row in its sealed values' associated data: random, made before the insert.
    pub seal_id: String,
    pub flag: StoredFlag,
    /// JSON array of triage reasons.
    pub reasons: JsonText<Vec<Reason>>,
    pub ruleset_version: String,
    pub entered_by: StoredEnteredBy,
    pub entered_by_staff_id: Option<i64>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub reviewed_by: Option<i64>,
    /// When it was last corrected (within its slot).
    pub corrected_at: Option<DateTimeUtc>,
    /// The current version's number: 1 as first stored, one more for each correction.
    pub version: i32,
    /// Version of the case's own SpO2 thresholds that judged it; `None`: the rule set's.
    pub threshold_version: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::patient_case::Entity",
        from = "Column::CaseId",
        to = "super::patient_case::Column::Id"
    )]
    PatientCase,
}

impl Related<super::patient_case::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PatientCase.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
