//! The reminder job's queries: which cases may need a reminder now, and marking what was
//! enqueued.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, Value,
};

use crate::entities::patient_case;
use mimamori_shared::i18n::Lang;

/// A case that has not reported for the slot and may be due a reminder, with the account that
/// reports for it.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Candidate {
    pub id: i64,
    pub health_centre_id: i64,
    pub followup_org_id: Option<i64>,
    pub slots_per_day: i16,
    /// The contact e-mail, sealed: only whether there is one is read here.
    pub email: Option<String>,
    pub reminded_slot_date: Option<NaiveDate>,
    pub reminded_slot: Option<i16>,
    pub reminded_nudge: Option<i16>,
    pub reminded_at: Option<DateTime<Utc>>,
    pub lang: Lang,
    pub reminder_window_start: String,
    pub reminder_window_end: String,
}

/// What to look for.
#[derive(Debug, Clone)]
pub struct CandidateQuery {
    /// The local date.
    pub today: NaiveDate,
    /// The slot reminded about (1, or 2 for two-slot cases in the afternoon).
    pub slot: i16,
    /// Local "HH:MM" now: for slot 1 the account's window must contain it.
    pub now_hm: String,
    /// Cases whose first reminder was enqueued at or before this moment may be due the second.
    pub nudge_before: DateTime<Utc>,
    /// Only cases of these organisations (follow-up organisation, or health centre when
    /// unassigned); `None`: all.
    pub orgs: Option<Vec<i64>>,
    /// For slot 1: whether two-slot cases are included (not after their afternoon slot began).
    pub include_two_slot: bool,
}

/// Active cases in their follow-up period, with reminders on, not reported for the slot and
/// not yet reminded twice for it (or once, too recently).
pub async fn candidates(
    db: &impl ConnectionTrait,
    query: &CandidateQuery,
) -> Result<Vec<Candidate>, DbErr> {
    let mut binds = super::Binds::new(db.get_database_backend());
    let mut bind = |value: Value| binds.bind(value);
    let today = bind(query.today.into());
    let today2 = bind(query.today.into());
    let enabled = bind(true.into());
    let today3 = bind(query.today.into());
    let today4 = bind(query.today.into());
    let slot = bind(query.slot.into());
    let mut sql = format!(
        "SELECT c.id, c.health_centre_id, c.followup_org_id, c.slots_per_day, c.email, \
           c.reminded_slot_date, c.reminded_slot, c.reminded_nudge, c.reminded_at, \
           a.lang, a.reminder_window_start, a.reminder_window_end \
         FROM patient_case c \
         JOIN patient_account_case l ON l.case_id = c.id \
         JOIN patient_account a ON a.id = l.account_id \
         WHERE c.status = 'active' AND c.followup_start <= {today} AND c.followup_end >= {today2} \
           AND a.reminders_enabled = {enabled} \
           AND (c.last_slot_date IS NULL OR c.last_slot_date < {today3} \
                OR (c.last_slot_date = {today4} AND c.last_slot < {slot}))"
    );
    if query.slot == 1 {
        let start = bind(query.now_hm.clone().into());
        let end = bind(query.now_hm.clone().into());
        sql.push_str(&format!(
            " AND a.reminder_window_start <= {start} AND a.reminder_window_end > {end}"
        ));
        if !query.include_two_slot {
            sql.push_str(" AND c.slots_per_day < 2");
        }
    } else {
        sql.push_str(" AND c.slots_per_day >= 2");
    }
    let today5 = bind(query.today.into());
    let slot2 = bind(query.slot.into());
    let slot3 = bind(query.slot.into());
    let nudge_before = bind(query.nudge_before.into());
    sql.push_str(&format!(
        " AND (c.reminded_slot_date IS NULL OR c.reminded_slot_date < {today5} \
              OR c.reminded_slot < {slot2} \
              OR (c.reminded_slot = {slot3} AND c.reminded_nudge < 2 \
                  AND c.reminded_at <= {nudge_before}))"
    ));
    if let Some(orgs) = &query.orgs {
        if orgs.is_empty() {
            return Ok(Vec::new());
        }
        let list: Vec<String> = orgs.iter().map(|id| bind((*id).into())).collect();
        sql.push_str(&format!(
            " AND COALESCE(c.followup_org_id, c.health_centre_id) IN ({})",
            list.join(", ")
        ));
    }
    sql.push_str(" ORDER BY c.id");
    Candidate::find_by_statement(binds.statement(sql))
        .all(db)
        .await
}

/// Records that reminder `nudge` for (`date`, `slot`) was enqueued for `case_ids` at `now`.
pub async fn mark_reminded(
    db: &impl ConnectionTrait,
    case_ids: Vec<i64>,
    date: NaiveDate,
    slot: i16,
    nudge: i16,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    if case_ids.is_empty() {
        return Ok(());
    }
    patient_case::Entity::update_many()
        .col_expr(patient_case::Column::RemindedSlotDate, Expr::value(date))
        .col_expr(patient_case::Column::RemindedSlot, Expr::value(slot))
        .col_expr(patient_case::Column::RemindedNudge, Expr::value(nudge))
        .col_expr(patient_case::Column::RemindedAt, Expr::value(now))
        .filter(patient_case::Column::Id.is_in(case_ids))
        .exec(db)
        .await?;
    Ok(())
}
