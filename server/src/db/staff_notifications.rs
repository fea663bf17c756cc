//! Staff notifications (`staff_notification`) and who receives them: the active staff of an
//! organisation in given roles, and which of them are signed in now ("on duty").

use crate::entities::staff_session::SessionStage;
use crate::entities::{patient_case, staff_notification, staff_session, staff_user};
use chrono::{DateTime, NaiveDate, Utc};
use mimamori_shared::api::staff_notifications::NotificationKind;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

/// A notification to insert for one recipient.
#[derive(Debug, Clone)]
pub struct NewNotification {
    /// Recipient.
    pub staff_id: i64,
    /// The organisation the recipient is notified as a member of.
    pub organisation_id: i64,
    /// `NotificationKind::as_str`.
    pub kind: NotificationKind,
    /// The case concerned, if any.
    pub case_id: Option<i64>,
    /// JSON with ids, case numbers and counts only.
    pub payload: String,
}

/// Inserts one row per recipient.
pub async fn insert_many(
    db: &impl ConnectionTrait,
    rows: Vec<NewNotification>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    if rows.is_empty() {
        return Ok(());
    }
    staff_notification::Entity::insert_many(rows.into_iter().map(|row| {
        staff_notification::ActiveModel {
            staff_id: Set(row.staff_id),
            organisation_id: Set(row.organisation_id),
            kind: Set(row.kind),
            case_id: Set(row.case_id),
            payload: Set(row.payload),
            created_at: Set(now),
            read_at: Set(None),
            ..Default::default()
        }
    }))
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// A page of `staff_id`'s notifications, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    staff_id: i64,
    before: Option<i64>,
    unread_only: bool,
    limit: u64,
) -> Result<Vec<staff_notification::Model>, DbErr> {
    let mut query =
        staff_notification::Entity::find().filter(staff_notification::Column::StaffId.eq(staff_id));
    if let Some(before) = before {
        query = query.filter(staff_notification::Column::Id.lt(before));
    }
    if unread_only {
        query = query.filter(staff_notification::Column::ReadAt.is_null());
    }
    query
        .order_by_desc(staff_notification::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// How many of `staff_id`'s notifications are unread.
pub async fn unread_count(db: &impl ConnectionTrait, staff_id: i64) -> Result<u64, DbErr> {
    staff_notification::Entity::find()
        .filter(staff_notification::Column::StaffId.eq(staff_id))
        .filter(staff_notification::Column::ReadAt.is_null())
        .count(db)
        .await
}

/// Of `ids`, those that are `staff_id`'s.
pub async fn ids_of(
    db: &impl ConnectionTrait,
    staff_id: i64,
    ids: Vec<i64>,
) -> Result<Vec<i64>, DbErr> {
    Ok(staff_notification::Entity::find()
        .filter(staff_notification::Column::StaffId.eq(staff_id))
        .filter(staff_notification::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|n| n.id)
        .collect())
}

/// Marks `staff_id`'s unread notifications read: those of `only`, or all. Returns how many.
pub async fn mark_read(
    db: &impl ConnectionTrait,
    staff_id: i64,
    only: Option<Vec<i64>>,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let mut query = staff_notification::Entity::update_many()
        .col_expr(staff_notification::Column::ReadAt, Expr::value(now))
        .filter(staff_notification::Column::StaffId.eq(staff_id))
        .filter(staff_notification::Column::ReadAt.is_null());
    if let Some(ids) = only {
        query = query.filter(staff_notification::Column::Id.is_in(ids));
    }
    Ok(query.exec(db).await?.rows_affected)
}

/// The active staff of `organisation_id` in one of `roles`, by id.
pub async fn active_staff(
    db: &impl ConnectionTrait,
    organisation_id: i64,
    roles: &[&str],
) -> Result<Vec<staff_user::Model>, DbErr> {
    staff_user::Entity::find()
        .filter(staff_user::Column::OrganisationId.eq(organisation_id))
        .filter(staff_user::Column::Active.eq(true))
        .filter(staff_user::Column::Role.is_in(roles.iter().copied()))
        .order_by_asc(staff_user::Column::Id)
        .all(db)
        .await
}

/// Of `staff_ids`, those with a live full session: signed in with both factors, seen since
/// `seen_since` and opened since `opened_since` (now minus the idle and absolute timeouts the
/// session extractor enforces; `auth::caller`).
pub async fn on_duty(
    db: &impl ConnectionTrait,
    staff_ids: Vec<i64>,
    seen_since: DateTime<Utc>,
    opened_since: DateTime<Utc>,
) -> Result<Vec<i64>, DbErr> {
    if staff_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut ids: Vec<i64> = staff_session::Entity::find()
        .filter(staff_session::Column::StaffId.is_in(staff_ids))
        .filter(staff_session::Column::Stage.eq(SessionStage::Full))
        .filter(staff_session::Column::LastSeenAt.gte(seen_since))
        .filter(staff_session::Column::CreatedAt.gte(opened_since))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.staff_id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Which cases a cut-off looks at: those of a follow-up organisation, or a health centre's
/// cases not assigned to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CutoffScope {
    /// Cases assigned to this follow-up organisation.
    FollowupOrg(i64),
    /// This health centre's cases with no follow-up organisation.
    Unassigned(i64),
}

/// An active case that had not reported for a slot by its cut-off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissedCase {
    /// The case.
    pub id: i64,
    /// Its number.
    pub case_number: String,
    /// Whether it also missed the slot before (silent).
    pub silent: bool,
}

/// The cases a cut-off names: how many missed the slot, how many of them are silent, and the
/// first few to list, silent ones first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MissedSlot {
    /// Cases that missed the slot.
    pub total: u64,
    /// Of those, the ones that also missed the slot before.
    pub silent: u64,
    /// Up to the asked number of them: the silent ones by id, then the others by id.
    pub listed: Vec<MissedCase>,
}

/// Active cases of `scope` under follow-up on `date` that have no report for (`date`, `slot`)
/// — for slot 2 only two-report cases — counted, with whether they missed the slot before too,
/// and the first `limit` of them. Counted and limited in the database: a large area has
/// hundreds of thousands of cases, and reading them all made the server's memory grow by
/// hundreds of megabytes at each cut-off (in a load test with 1.5 million cases).
pub async fn missed_slot(
    db: &impl ConnectionTrait,
    scope: CutoffScope,
    date: NaiveDate,
    slot: i16,
    limit: u64,
) -> Result<MissedSlot, DbErr> {
    use patient_case::Column as C;
    let mut missed = Condition::all()
        .add(match scope {
            CutoffScope::FollowupOrg(org) => Condition::all().add(C::FollowupOrgId.eq(org)),
            CutoffScope::Unassigned(centre) => Condition::all()
                .add(C::HealthCentreId.eq(centre))
                .add(C::FollowupOrgId.is_null()),
        })
        .add(C::Status.eq("active"))
        .add(C::FollowupStart.lte(date))
        .add(C::FollowupEnd.gte(date))
        // The case's newest report is older than the slot (the summary columns hold the newest
        // report's slot, and a report is never stored for a slot ahead of the clock).
        .add(super::worklist::before_slot(date, slot));
    if slot >= 2 {
        missed = missed.add(C::SlotsPerDay.gte(2));
    }
    let silent = Condition::all()
        .add(missed.clone())
        .add(missed_slot_before(date, slot));
    let count = |condition: Condition| patient_case::Entity::find().filter(condition).count(db);
    let (total, silent_total) = (count(missed.clone()).await?, count(silent.clone()).await?);
    let first = |condition: Condition, limit: u64| {
        patient_case::Entity::find()
            .select_only()
            .column(C::Id)
            .column(C::CaseNumber)
            .filter(condition)
            .order_by_asc(C::Id)
            .limit(limit)
            .into_tuple::<(i64, String)>()
            .all(db)
    };
    let as_missed = |silent: bool| {
        move |(id, case_number): (i64, String)| MissedCase {
            id,
            case_number,
            silent,
        }
    };
    let mut listed: Vec<MissedCase> = first(silent, limit)
        .await?
        .into_iter()
        .map(as_missed(true))
        .collect();
    let room = limit.saturating_sub(listed.len() as u64);
    if room > 0 && total > silent_total {
        let others = Condition::all()
            .add(missed)
            .add(missed_slot_before(date, slot).not());
        listed.extend(first(others, room).await?.into_iter().map(as_missed(false)));
    }
    Ok(MissedSlot {
        total,
        silent: silent_total,
        listed,
    })
}

/// The case started before the slot before (`date`, `slot`) and has no report for it either:
/// [`previous_slot`] as a condition on the case's row.
fn missed_slot_before(date: NaiveDate, slot: i16) -> Condition {
    use patient_case::Column as C;
    let before = |slots_per_day: i16| {
        let (prev_date, prev_slot) = previous_slot(date, slot, slots_per_day);
        Condition::all()
            .add(C::FollowupStart.lte(prev_date))
            .add(super::worklist::before_slot(prev_date, prev_slot))
    };
    if slot >= 2 {
        // Only two-report cases miss slot 2.
        return before(2);
    }
    Condition::any()
        .add(Condition::all().add(C::SlotsPerDay.gte(2)).add(before(2)))
        .add(Condition::all().add(C::SlotsPerDay.lt(2)).add(before(1)))
}

/// The slot before (`date`, `slot`) of a case with `slots_per_day` reports a day.
pub fn previous_slot(date: NaiveDate, slot: i16, slots_per_day: i16) -> (NaiveDate, i16) {
    let yesterday = date.pred_opt().unwrap_or(date);
    match (slots_per_day >= 2, slot >= 2) {
        (true, true) => (date, 1),
        (true, false) => (yesterday, 2),
        (false, _) => (yesterday, 1),
    }
}
