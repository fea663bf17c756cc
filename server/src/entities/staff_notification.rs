//! `staff_notification`: what the console's notification list shows one staff member (a red
//! report, a cut-off summary, an escalation, a daily report, a hand-off notice).

use mimamori_shared::api::staff_notifications::NotificationKind;
use sea_orm::entity::prelude::*;

/// A row of `staff_notification`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff_notification")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub staff_id: i64,
    /// The organisation the recipient was notified as a member of.
    pub organisation_id: i64,
    /// `NotificationKind::as_str`: `red_report`, `cutoff_summary`, `escalation`,
    /// `implementation_report`, `case_notification_submitted` / `_returned` / `_accepted`,
    /// `patient_admitted` / `_discharged` / `_died`.
    pub kind: NotificationKind,
    pub case_id: Option<i64>,
    /// JSON with ids and counts only.
    pub payload: String,
    pub created_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
