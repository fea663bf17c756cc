//! The case timeline (`case_event`): calls, escalations, assignments, invitations, reminders and
//! the end of follow-up. Entries are only ever added.

use crate::entities::case_event;
use chrono::{DateTime, Utc};
use mimamori_shared::api::cases::CaseEventKind;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

/// An entry to add.
#[derive(Debug, Clone)]
pub struct NewEvent {
    /// The case.
    pub case_id: i64,
    /// What happened.
    pub kind: CaseEventKind,
    /// The staff member who did it; `None` for the system.
    pub actor_staff_id: Option<i64>,
    /// The actor's organisation.
    pub organisation_id: Option<i64>,
    /// A call's outcome or an end's reason code.
    pub outcome: Option<std::borrow::Cow<'static, str>>,
    /// Free text, in clear: `services::case_events::add` seals it.
    pub note: String,
    /// The organisation a case was assigned or transferred to.
    pub related_org_id: Option<i64>,
}

/// Adds an entry at `now` with its note sealed as `sealed_note` for the row `seal_id` (by
/// `services::case_events::add`; `new.note` is not stored).
pub async fn insert(
    db: &impl ConnectionTrait,
    new: NewEvent,
    seal_id: String,
    sealed_note: String,
    now: DateTime<Utc>,
) -> Result<case_event::Model, DbErr> {
    case_event::ActiveModel {
        case_id: Set(new.case_id),
        kind: Set(new.kind),
        actor_staff_id: Set(new.actor_staff_id),
        organisation_id: Set(new.organisation_id),
        outcome: Set(new.outcome.map(std::borrow::Cow::into_owned)),
        sealed_note: Set(sealed_note),
        seal_id: Set(seal_id),
        related_org_id: Set(new.related_org_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// A case's timeline, newest first (ties by insertion order, newest first).
pub async fn list_for_case(
    db: &impl ConnectionTrait,
    case_id: i64,
) -> Result<Vec<case_event::Model>, DbErr> {
    case_event::Entity::find()
        .filter(case_event::Column::CaseId.eq(case_id))
        .order_by_desc(case_event::Column::CreatedAt)
        .order_by_desc(case_event::Column::Id)
        .all(db)
        .await
}
