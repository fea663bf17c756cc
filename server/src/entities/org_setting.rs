//! `org_setting`: an organisation's scheduler times and notification address, where it changed
//! a default (`services::org_settings` supplies the defaults).

use sea_orm::entity::prelude::*;

/// A row of `org_setting`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "org_setting")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub organisation_id: i64,
    /// Where the organisation's reports and summaries are e-mailed.
    pub notify_email: Option<String>,
    /// Local "HH:MM" from which nothing is sent to patients.
    pub quiet_start: String,
    /// Local "HH:MM" until which nothing is sent to patients.
    pub quiet_end: String,
    /// Minutes between the first reminder and the second nudge.
    pub second_nudge_minutes: i32,
    /// Local "HH:MM" of the first reminder for the afternoon slot.
    pub afternoon_reminder: String,
    /// Local "HH:MM" by which the morning (or only) slot must be reported.
    pub cutoff: String,
    /// Local "HH:MM" by which the afternoon slot must be reported.
    pub afternoon_cutoff: String,
    /// Local "HH:MM" at which a health centre's daily implementation reports are compiled.
    pub report_time: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
