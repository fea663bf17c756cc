//! `case_event`: the case timeline besides reports and findings: calls, escalations,
//! assignments, invitations, reminders and the end of follow-up.

use mimamori_shared::api::cases::CaseEventKind;
use sea_orm::entity::prelude::*;

/// A row of `case_event`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub case_id: i64,
    /// What happened (`CaseEventKind::as_str`).
    pub kind: CaseEventKind,
    /// The staff member who did it; null for the system (scheduler).
    pub actor_staff_id: Option<i64>,
    /// The actor's organisation.
    pub organisation_id: Option<i64>,
    /// A call's outcome, or an end of follow-up's reason.
    pub outcome: Option<String>,
    /// Free text, sealed (`services::sealed_text::EVENT_NOTE_FIELD`, the row's `seal_id`).
    #[sea_orm(column_name = "note")]
    pub sealed_note: String,
    /// Names the row in its sealed values' associated data: random, made before the insert.
    pub seal_id: String,
    /// The organisation a case was assigned or transferred to.
    pub related_org_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
