//! `patient_case`: one person under health follow-up.

use mimamori_shared::api::cases::{CaseStatus, EndReason, Sex};
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
    /// 氏名, sealed (`services::personal_data`, as are the other `sealed_` columns: their
    /// associated data names the column and the case number).
    #[sea_orm(column_name = "name")]
    pub sealed_name: String,
    /// 氏名（カナ）, sealed.
    #[sea_orm(column_name = "name_kana")]
    pub sealed_name_kana: String,
    /// 生年月日 (`YYYY-MM-DD`), sealed.
    #[sea_orm(column_name = "birth_date")]
    pub sealed_birth_date: String,
    /// The year of birth, in clear: the work list's "65 or over" filter and the age bands are
    /// computed from it (docs/security.md, "Encryption at rest").
    pub birth_year: i16,
    pub sex: Sex,
    /// Phone, sealed.
    #[sea_orm(column_name = "phone")]
    pub sealed_phone: String,
    pub followup_start: Date,
    pub followup_end: Date,
    pub slots_per_day: i16,
    /// `active` or `ended`.
    pub status: CaseStatus,
    pub created_at: DateTimeUtc,
    /// 住所, sealed.
    #[sea_orm(column_name = "address")]
    pub sealed_address: String,
    /// JSON array of risk factor codes (`RiskFactor::as_str`).
    pub risk_factors: String,
    /// 発症日.
    pub onset_date: Option<Date>,
    /// 検体採取日.
    pub specimen_date: Option<Date>,
    /// Tests done (method and result), as the diagnosing institution recorded them; sealed.
    #[sea_orm(column_name = "test_summary")]
    pub sealed_test_summary: String,
    /// The diagnosing institution's interview notes (read-only for follow-up staff; they hold
    /// the whereabouts); sealed.
    #[sea_orm(column_name = "interview_notes")]
    pub sealed_interview_notes: String,
    /// Why follow-up ended (`EndReason::as_str`), once it has.
    pub end_reason: Option<EndReason>,
    pub ended_at: Option<DateTimeUtc>,
    /// The follow-up staff member in charge, if one is named.
    pub assigned_staff_id: Option<i64>,
    /// When a doctor last escalated the case to the health centre.
    pub escalated_at: Option<DateTimeUtc>,
    /// Work-list summary: when the newest report arrived.
    pub last_report_at: Option<DateTimeUtc>,
    /// Work-list summary: the newest report's slot date and slot.
    pub last_slot_date: Option<Date>,
    pub last_slot: Option<i16>,
    /// Work-list summary: the highest flag among unreviewed reports (null: all reviewed).
    pub unreviewed_flag: Option<super::codes::StoredFlag>,
    /// Contact e-mail: where reminders go when web push does not reach the patient; sealed.
    #[sea_orm(column_name = "email")]
    pub sealed_email: Option<String>,
    /// The newest reminder enqueued: local date, slot, nudge (1 or 2) and when.
    pub reminded_slot_date: Option<Date>,
    pub reminded_slot: Option<i16>,
    pub reminded_nudge: Option<i16>,
    pub reminded_at: Option<DateTimeUtc>,
    /// The current own SpO2 thresholds a doctor set (both or neither), copied from the newest
    /// `case_threshold` row, and that row's version.
    pub spo2_red_at_most: Option<i16>,
    pub spo2_amber_at_most: Option<i16>,
    pub threshold_version: Option<i32>,
    /// Status `end_review`: since when, and the signs that held it (JSON array of codes).
    pub end_review_since: Option<DateTimeUtc>,
    pub end_review_signs: Option<String>,
    /// Blind index of name, birth date and phone (`personal_data::duplicate_index`): how a
    /// second registration of the same person is found without opening every case.
    pub duplicate_index: Option<String>,
    /// When the retention purge removed the case's personal data (`services::retention`).
    pub purged_at: Option<DateTimeUtc>,
}

/// No relation is declared from the case: reports name their case (`health_report`'s
/// `belongs_to`), and the entities of one table do not depend on each other both ways.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
