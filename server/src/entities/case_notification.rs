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
    /// The `NotificationForm` as JSON, sealed (as are the `sealed_` copies; their associated
    /// data names the column and `seal_id`: `services::case_notifications`).
    #[sea_orm(column_name = "form")]
    pub sealed_form: String,
    /// Copies of form fields for lists, sealed.
    #[sea_orm(column_name = "patient_name")]
    pub sealed_patient_name: String,
    #[sea_orm(column_name = "patient_kana")]
    pub sealed_patient_kana: String,
    /// `YYYY-MM-DD`, sealed.
    #[sea_orm(column_name = "birth_date")]
    pub sealed_birth_date: Option<String>,
    #[sea_orm(column_name = "phone")]
    pub sealed_phone: String,
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
    /// The health centre's reason for returning it, sealed.
    #[sea_orm(column_name = "return_comment")]
    pub sealed_return_comment: Option<String>,
    /// The case it made or was linked to, once accepted.
    pub case_id: Option<i64>,
    /// What identifies the row in its sealed values' associated data (random at creation).
    pub seal_id: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
