//! Cases. Staff reads go through an access condition from [`crate::access`].

use crate::entities::patient_case;
use chrono::{DateTime, NaiveDate, Utc};
use mimamori_shared::api::cases::Sex;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter,
};

/// A case to set up (`services::setup::create_case`: tests, tools and the demo), open.
#[derive(Debug, Clone)]
pub struct NewCase {
    /// Case number (unique).
    pub case_number: String,
    /// Health centre with jurisdiction.
    pub health_centre_id: i64,
    /// Assigned follow-up organisation.
    pub followup_org_id: Option<i64>,
    /// 氏名.
    pub name: String,
    /// 氏名（カナ）.
    pub name_kana: String,
    /// 生年月日.
    pub birth_date: NaiveDate,
    /// Sex, as stored.
    pub sex: Sex,
    /// Phone.
    pub phone: String,
    /// 住所.
    pub address: String,
    /// Contact e-mail.
    pub email: Option<String>,
    /// First day of follow-up.
    pub followup_start: NaiveDate,
    /// Last day of follow-up.
    pub followup_end: NaiveDate,
    /// Reports a day (1 or 2).
    pub slots_per_day: i16,
}

/// A case by id within `scope` (an access condition); `None` when absent or out of scope.
pub async fn find_in_scope(
    db: &impl ConnectionTrait,
    id: i64,
    scope: Condition,
) -> Result<Option<patient_case::Model>, DbErr> {
    patient_case::Entity::find()
        .filter(patient_case::Column::Id.eq(id))
        .filter(scope)
        .one(db)
        .await
}

/// Cases by id (the caller has already decided they may be seen).
pub async fn find_many(
    db: &impl ConnectionTrait,
    ids: Vec<i64>,
) -> Result<Vec<patient_case::Model>, DbErr> {
    patient_case::Entity::find()
        .filter(patient_case::Column::Id.is_in(ids))
        .all(db)
        .await
}

/// A case by its number.
pub async fn find_by_number(
    db: &impl ConnectionTrait,
    case_number: &str,
) -> Result<Option<patient_case::Model>, DbErr> {
    patient_case::Entity::find()
        .filter(patient_case::Column::CaseNumber.eq(case_number))
        .one(db)
        .await
}

/// What the summary's `unreviewed_flag` holds when an unreviewed report's flag is a code this
/// build does not know: itself not a flag of the rules, so it reads back as unknown and puts
/// the case at the top of the work list ("needs attention") instead of passing for "none".
const NEEDS_ATTENTION: &str = "needs_attention";

/// Recomputes a case's work-list summary (newest report, highest unreviewed flag) from its
/// reports. Called after every change to a case's reports or their review state; it reads the
/// committed rows, so concurrent writers end with the right summary whoever runs last.
pub async fn refresh_report_summary(db: &impl ConnectionTrait, case_id: i64) -> Result<(), DbErr> {
    // The id is an integer, formatted by Rust: nothing from a request reaches this SQL text.
    let sql = format!(
        "UPDATE patient_case SET \
           last_report_at = (SELECT MAX(r.submitted_at) FROM health_report r WHERE r.case_id = {case_id}), \
           last_slot_date = (SELECT MAX(r.slot_date) FROM health_report r WHERE r.case_id = {case_id}), \
           last_slot = (SELECT MAX(r.slot) FROM health_report r WHERE r.case_id = {case_id} \
               AND r.slot_date = (SELECT MAX(r2.slot_date) FROM health_report r2 WHERE r2.case_id = {case_id})), \
           unreviewed_flag = (SELECT CASE \
               WHEN SUM(CASE WHEN r.flag NOT IN ('red', 'amber', 'none') THEN 1 ELSE 0 END) > 0 \
                 THEN '{NEEDS_ATTENTION}' \
               WHEN SUM(CASE WHEN r.flag = 'red' THEN 1 ELSE 0 END) > 0 THEN 'red' \
               WHEN SUM(CASE WHEN r.flag = 'amber' THEN 1 ELSE 0 END) > 0 THEN 'amber' \
               WHEN COUNT(*) > 0 THEN 'none' END \
             FROM health_report r WHERE r.case_id = {case_id} AND r.reviewed_at IS NULL) \
         WHERE id = {case_id}",
        NEEDS_ATTENTION = NEEDS_ATTENTION,
    );
    db.execute_unprepared(&sql).await?;
    Ok(())
}

/// Adds a newly stored, unreviewed report to its case's work-list summary: the same result as
/// [`refresh_report_summary`] after an insert, by primary key and without reading the case's
/// reports, which makes it a cheap statement of the report path instead of its dearest (five
/// aggregates over every report of the case). Concurrent calls need no case lock:
/// each only raises the summary, and the row's own lock orders them.
pub async fn add_to_report_summary(
    db: &impl ConnectionTrait,
    report: &crate::entities::health_report::Model,
) -> Result<(), DbErr> {
    let mut binds = super::Binds::new(db.get_database_backend());
    let set = report_summary_set(
        &mut binds,
        report.submitted_at,
        report.slot_date,
        report.slot,
        &report.flag.to_code(),
    );
    let sql = format!(
        "UPDATE patient_case {set} WHERE id = {}",
        binds.bind(report.case_id)
    );
    db.execute_raw(binds.statement(sql)).await?;
    Ok(())
}

/// The `SET` clause of [`add_to_report_summary`], its values bound to `binds`; shared with
/// PostgreSQL's one-statement report write, which updates the summary in the same statement.
/// The report's values: when it was made, its slot and its flag.
pub(super) fn report_summary_set(
    binds: &mut super::Binds,
    at: DateTime<Utc>,
    day: NaiveDate,
    slot: i16,
    flag: &str,
) -> String {
    report_summary_set_of(|value| match value {
        SummaryValue::At => binds.bind(at),
        SummaryValue::Day => binds.bind(day),
        SummaryValue::Slot => binds.bind(slot),
        SummaryValue::Flag => binds.bind(flag),
    })
}

/// A value of the report that [`report_summary_set_of`] adds to the summary.
#[derive(Debug, Clone, Copy)]
pub(super) enum SummaryValue {
    /// When the report was made.
    At,
    /// The day of its slot.
    Day,
    /// Its slot in that day.
    Slot,
    /// Its flag.
    Flag,
}

/// The summary's `SET` clause with each use of a report value written as `value` gives it: a
/// bound placeholder ([`report_summary_set`]) or a column of the rows a batch stored
/// (`super::report_batch`).
pub(super) fn report_summary_set_of(mut value: impl FnMut(SummaryValue) -> String) -> String {
    use SummaryValue::{At, Day, Flag, Slot};
    // Placeholders are bound in the order they appear (SQLite's `?` are positional). Every
    // right-hand side reads the row as it was before the UPDATE, on both backends.
    format!(
        "SET \
           last_report_at = CASE WHEN last_report_at IS NULL OR last_report_at < {at1} THEN {at2} \
             ELSE last_report_at END, \
           last_slot_date = CASE WHEN last_slot_date IS NULL OR last_slot_date < {day1} THEN {day2} \
             ELSE last_slot_date END, \
           last_slot = CASE WHEN last_slot_date IS NULL OR last_slot_date < {day3} THEN {slot1} \
             WHEN last_slot_date = {day4} AND (last_slot IS NULL OR last_slot < {slot2}) THEN {slot3} \
             ELSE last_slot END, \
           unreviewed_flag = CASE \
             WHEN unreviewed_flag NOT IN ('red', 'amber', 'none') THEN unreviewed_flag \
             WHEN unreviewed_flag = 'red' OR {flag1} = 'red' THEN 'red' \
             WHEN unreviewed_flag = 'amber' OR {flag2} = 'amber' THEN 'amber' ELSE 'none' END",
        at1 = value(At),
        at2 = value(At),
        day1 = value(Day),
        day2 = value(Day),
        day3 = value(Day),
        slot1 = value(Slot),
        day4 = value(Day),
        slot2 = value(Slot),
        slot3 = value(Slot),
        flag1 = value(Flag),
        flag2 = value(Flag),
    )
}

/// Ends follow-up of a case under follow-up (at home or in hospital); `false` when it had
/// already ended (by someone else first), so two concurrent ends record one.
pub async fn end_follow_up(
    db: &impl ConnectionTrait,
    id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = patient_case::Entity::update_many()
        .col_expr(patient_case::Column::Status, Expr::value("ended"))
        .col_expr(patient_case::Column::EndReason, Expr::value(reason))
        .col_expr(patient_case::Column::EndedAt, Expr::value(now))
        .filter(patient_case::Column::Id.eq(id))
        .filter(patient_case::Column::Status.is_in(["active", "hospitalised", "end_review"]))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The review gate held a case whose period is over: status `end_review` with the signs that
/// held it (JSON array). `false` when the case was no longer active.
pub async fn hold_for_end_review(
    db: &impl ConnectionTrait,
    id: i64,
    signs: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = patient_case::Entity::update_many()
        .col_expr(patient_case::Column::Status, Expr::value("end_review"))
        .col_expr(patient_case::Column::EndReviewSince, Expr::value(now))
        .col_expr(patient_case::Column::EndReviewSigns, Expr::value(signs))
        .filter(patient_case::Column::Id.eq(id))
        .filter(patient_case::Column::Status.eq("active"))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Moves the follow-up end to `new_end`; a case the review gate held goes back under
/// follow-up. `false` when the case was not under follow-up (or at home, held or in hospital).
pub async fn extend_follow_up(
    db: &impl ConnectionTrait,
    id: i64,
    new_end: NaiveDate,
) -> Result<bool, DbErr> {
    let result = patient_case::Entity::update_many()
        .col_expr(patient_case::Column::FollowupEnd, Expr::value(new_end))
        .col_expr(
            patient_case::Column::Status,
            Expr::cust("CASE WHEN status = 'end_review' THEN 'active' ELSE status END"),
        )
        .col_expr(
            patient_case::Column::EndReviewSince,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            patient_case::Column::EndReviewSigns,
            Expr::value(Option::<String>::None),
        )
        .filter(patient_case::Column::Id.eq(id))
        .filter(patient_case::Column::Status.is_in(["active", "hospitalised", "end_review"]))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Records that a doctor escalated the case to the health centre at `now`.
pub async fn set_escalated(
    db: &impl ConnectionTrait,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    patient_case::Entity::update_many()
        .col_expr(patient_case::Column::EscalatedAt, Expr::value(now))
        .filter(patient_case::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Takes the case's row lock for the rest of the transaction (a no-op write), so reports of one
/// case are stored one after the other and a resend waits for the first copy's commit. Writing
/// first also keeps SQLite from refusing the transaction's later write after a read.
pub async fn lock(db: &impl ConnectionTrait, id: i64) -> Result<(), DbErr> {
    patient_case::Entity::update_many()
        .col_expr(
            patient_case::Column::Status,
            Expr::col(patient_case::Column::Status),
        )
        .filter(patient_case::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// What the report path reads with the case's lock: the case as it is under the lock, its
/// health centre's time zone (`None` when the centre is not found), the report already stored
/// under the submission's idempotency key, and the SpO2 of the case's latest report that had
/// one (for the "fall of 3 points" rule).
#[derive(Debug, Clone)]
pub struct LockedForReport {
    /// The case's columns: the row's latest version, the one just locked, on both backends.
    pub case: patient_case::Model,
    /// The health centre's IANA time zone.
    pub centre_time_zone: Option<String>,
    /// The id of the report stored under the key, as the statement's snapshot saw it. On
    /// PostgreSQL a first copy that committed while this statement waited for the lock is not
    /// seen here; the insert's `ON CONFLICT DO NOTHING` catches that one.
    pub existing_report_id: Option<i64>,
    /// The previous SpO2, under the same snapshot.
    pub previous_spo2: Option<i16>,
}

/// [`lock`], returning what the report path needs to read ([`LockedForReport`]) in the same
/// statement: one statement where the report path took five. `None` when there is no such
/// case.
pub async fn lock_for_report(
    db: &impl ConnectionTrait,
    id: i64,
    idempotency_key: &str,
) -> Result<Option<LockedForReport>, DbErr> {
    read_for_report(db, id, idempotency_key, true).await
}

/// What [`lock_for_report`] reads, without the lock: for PostgreSQL's one-statement report
/// write, whose own statement takes the lock and checks that the case is still as read
/// ([`super::reports::insert_with_summary_and_audit`]).
pub async fn peek_for_report(
    db: &impl ConnectionTrait,
    id: i64,
    idempotency_key: &str,
) -> Result<Option<LockedForReport>, DbErr> {
    read_for_report(db, id, idempotency_key, false).await
}

async fn read_for_report(
    db: &impl ConnectionTrait,
    id: i64,
    idempotency_key: &str,
    lock: bool,
) -> Result<Option<LockedForReport>, DbErr> {
    let mut binds = super::Binds::new(db.get_database_backend());
    // Subqueries, not joins: SQLite's RETURNING may not name the tables of UPDATE … FROM. The
    // last two use the indexes uq_health_report_idempotency and idx_health_report_case_time.
    // Bound in text order for SQLite's positional `?`: the key, then the id (SELECT) or the
    // id, then the key (UPDATE … RETURNING).
    let reads = |binds: &mut super::Binds| {
        format!(
            "(SELECT o.time_zone FROM organisation o \
               WHERE o.id = patient_case.health_centre_id) AS centre_time_zone, \
             (SELECT r.id FROM health_report r \
               WHERE r.case_id = patient_case.id AND r.idempotency_key = {key}) AS existing_report_id, \
             (SELECT r.spo2 FROM health_report r \
               WHERE r.case_id = patient_case.id AND r.spo2 IS NOT NULL \
               ORDER BY r.submitted_at DESC, r.id DESC LIMIT 1) AS previous_spo2",
            key = binds.bind(idempotency_key),
        )
    };
    let sql = if lock {
        let id = binds.bind(id);
        let reads = reads(&mut binds);
        format!("UPDATE patient_case SET status = status WHERE id = {id} RETURNING *, {reads}")
    } else {
        let reads = reads(&mut binds);
        let id = binds.bind(id);
        format!("SELECT patient_case.*, {reads} FROM patient_case WHERE id = {id}")
    };
    let Some(row) = db.query_one_raw(binds.statement(sql)).await? else {
        return Ok(None);
    };
    Ok(Some(LockedForReport {
        case: patient_case::Model::from_query_result(&row, "")?,
        centre_time_zone: row.try_get("", "centre_time_zone")?,
        existing_report_id: row.try_get("", "existing_report_id")?,
        previous_spo2: row.try_get("", "previous_spo2")?,
    }))
}
