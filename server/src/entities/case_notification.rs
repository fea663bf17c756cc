//! `case_notification`: a notification of a case (発生届) filed by a medical institution.

use mimamori_shared::api::case_notifications::{NotificationStatus, Severity};
use sea_orm::entity::prelude::*;

/// A row of `case_notification`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_notification")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The filing institution.
    pub institution_id: i64,
    /// The health centre it goes to (the institution's parent when it was created).
    pub health_centre_id: i64,
    /// `NotificationStatus::as_str`.
    pub status: NotificationStatus,
    /// The `NotificationForm` as JSON.
    pub form: String,
    /// Copies of form fields for lists and the duplicate check.
    pub patient_name: String,
    pub patient_kana: String,
    pub birth_date: Option<Date>,
    pub phone: String,
    /// `Severity::as_str`.
    pub severity: Option<Severity>,
    pub needs_admission: bool,
    pub diagnosis_date: Option<Date>,
    /// The staff member who created the draft.
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub submitted_at: Option<DateTimeUtc>,
    pub decided_at: Option<DateTimeUtc>,
    pub decided_by: Option<i64>,
    pub return_comment: Option<String>,
    /// The case it made or was linked to, once accepted.
    pub case_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
