//! `health_report_version`: a version of a report that a correction replaced, with the review
//! state it had while it was current. The current version stays in `health_report`.

use super::codes::{JsonText, StoredEnteredBy, StoredFlag};
use mimamori_shared::catalogue::{Answer, Symptom, UrgentSign};
use mimamori_shared::triage::Reason;
use sea_orm::entity::prelude::*;
use std::collections::BTreeMap;

/// A row of `health_report_version`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "health_report_version")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub report_id: i64,
    pub case_id: i64,
    /// 1 for the report as first stored.
    pub version: i32,
    /// When this version was entered.
    pub submitted_at: DateTimeUtc,
    pub temperature_tenths: i16,
    pub spo2: Option<i16>,
    pub pulse: Option<i16>,
    /// JSON object, as in `health_report`.
    pub symptoms: JsonText<BTreeMap<Symptom, Answer>>,
    /// JSON array, as in `health_report`.
    pub urgent_signs: JsonText<Vec<UrgentSign>>,
    /// Free text, sealed (`services::sealed_text::REPORT_VERSION_NOTE_FIELD`, the row's `seal_id`).
    #[sea_orm(column_name = "note")]
    pub sealed_note: String,
    /// Names the row in its sealed values' associated data: `{report's seal_id}.v{version}`.
    pub seal_id: String,
    pub flag: StoredFlag,
    /// JSON array of triage reasons.
    pub reasons: JsonText<Vec<Reason>>,
    pub ruleset_version: String,
    pub threshold_version: Option<i32>,
    pub entered_by: StoredEnteredBy,
    pub entered_by_staff_id: Option<i64>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub reviewed_by: Option<i64>,
    /// When the next version replaced it.
    pub superseded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
