//! Daily health reports.

use crate::entities::{audit_log, health_report, patient_case};
use chrono::{DateTime, NaiveDate, Utc};
use mimamori_shared::api::cases::CaseStatus;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait,
    FromQueryResult, IdenStatic, Iterable, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    TryInsertResult,
};

/// Inserts a report unless the case already has one under its idempotency key (`None` then):
/// `ON CONFLICT DO NOTHING`, so the conflict does not abort a PostgreSQL transaction and sees
/// copies committed after the transaction's snapshot.
pub async fn insert_unless_key_stored(
    db: &impl ConnectionTrait,
    report: health_report::ActiveModel,
) -> Result<Option<health_report::Model>, DbErr> {
    // `_many`: sea-orm's single-row form reports an empty `RETURNING` as `RecordNotFound`, an
    // error like any other; here no row back means the conflict clause left the insert out.
    let result = health_report::Entity::insert(report)
        .on_conflict_do_nothing_on([
            health_report::Column::CaseId,
            health_report::Column::IdempotencyKey,
        ])
        .exec_with_returning_many(db)
        .await?;
    Ok(match result {
        TryInsertResult::Inserted(stored) => stored.into_iter().next(),
        TryInsertResult::Conflicted | TryInsertResult::Empty => None,
    })
}

/// What a case was read as when a report's slot and rules were worked out: PostgreSQL's
/// one-statement write stores the report only while the case, under its lock, still is so.
#[derive(Debug, Clone, Copy)]
pub struct CaseAsRead {
    /// The case.
    pub case_id: i64,
    /// Its status (reports are taken only under follow-up at home).
    pub status: CaseStatus,
    /// Reports a day (the slot depends on it).
    pub slots_per_day: i16,
    /// Its health centre (whose time zone the slot's day was counted in).
    pub health_centre_id: i64,
}

/// PostgreSQL only: stores a report, adds it to its case's work-list summary and appends
/// `audit` in one statement, the case row locked first as the transaction path locks it.
/// No `BEGIN` and `COMMIT` and three statements fewer than the transaction path.
/// `None`, and nothing written, when the case is no longer as `case` says or a report is
/// already stored under the key: the caller then takes the transaction path, which answers
/// those.
pub async fn insert_with_summary_and_audit(
    db: &impl ConnectionTrait,
    case: CaseAsRead,
    report: &health_report::ActiveModel,
    audit: &audit_log::ActiveModel,
) -> Result<Option<health_report::Model>, DbErr> {
    let mut binds = super::Binds::new(db.get_database_backend());
    let lock = format!(
        "SELECT id FROM patient_case WHERE id = {} AND status = {} AND slots_per_day = {} \
           AND health_centre_id = {} FOR UPDATE",
        binds.bind(case.case_id),
        binds.bind(case.status.as_str()),
        binds.bind(case.slots_per_day),
        binds.bind(case.health_centre_id),
    );
    let (report_columns, report_values) = bind_set_columns(&mut binds, report);
    let set = super::cases::report_summary_set(
        &mut binds,
        set_value(&report.submitted_at)?,
        set_value(&report.slot_date)?,
        set_value(&report.slot)?,
        &set_value(&report.flag)?.to_code(),
    );
    let (audit_columns, audit_values) = bind_set_columns(&mut binds, audit);
    // Every part sees the statement's snapshot; the lock's row is rechecked at its latest
    // version after any wait, and the summary's UPDATE applies to that version.
    let sql = format!(
        "WITH locked AS ({lock}), \
         stored AS (INSERT INTO health_report ({report_columns}) \
           SELECT {report_values} FROM locked \
           ON CONFLICT (case_id, idempotency_key) DO NOTHING RETURNING *), \
         summary AS (UPDATE patient_case {set} WHERE id = (SELECT case_id FROM stored)), \
         audit AS (INSERT INTO audit_log ({audit_columns}) SELECT {audit_values} FROM stored) \
         SELECT * FROM stored"
    );
    match db.query_one_raw(binds.statement(sql)).await? {
        Some(row) => Ok(Some(health_report::Model::from_query_result(&row, "")?)),
        None => Ok(None),
    }
}

/// The columns `model` sets, quoted, and their values' placeholders.
fn bind_set_columns<A: ActiveModelTrait>(binds: &mut super::Binds, model: &A) -> (String, String) {
    (
        quoted(&set_columns(model)),
        bind_set_values(binds, model).join(", "),
    )
}

/// The columns `model` sets, in the entity's column order.
pub(super) fn set_columns<A: ActiveModelTrait>(model: &A) -> Vec<&'static str> {
    <A::Entity as EntityTrait>::Column::iter()
        .filter(|column| matches!(model.get(*column), ActiveValue::Set(_)))
        .map(|column| column.as_str())
        .collect()
}

/// Binds the values `model` sets, in the order of [`set_columns`]; returns their placeholders.
pub(super) fn bind_set_values<A: ActiveModelTrait>(
    binds: &mut super::Binds,
    model: &A,
) -> Vec<String> {
    <A::Entity as EntityTrait>::Column::iter()
        .filter_map(|column| match model.get(column) {
            ActiveValue::Set(value) => Some(binds.bind(value)),
            _ => None,
        })
        .collect()
}

/// Column names quoted for SQL, joined with commas.
pub(super) fn quoted(columns: &[&str]) -> String {
    columns
        .iter()
        .map(|column| format!("\"{column}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn set_value<T: Clone + Into<sea_orm::Value>>(value: &ActiveValue<T>) -> Result<T, DbErr> {
    match value {
        ActiveValue::Set(v) | ActiveValue::Unchanged(v) => Ok(v.clone()),
        ActiveValue::NotSet => Err(DbErr::Custom("a report value was not set".to_owned())),
    }
}

/// The report a case stored under an idempotency key, if any.
pub async fn find_by_key(
    db: &impl ConnectionTrait,
    case_id: i64,
    key: &str,
) -> Result<Option<health_report::Model>, DbErr> {
    health_report::Entity::find()
        .filter(health_report::Column::CaseId.eq(case_id))
        .filter(health_report::Column::IdempotencyKey.eq(key))
        .one(db)
        .await
}

/// A report of a case by id; `None` when the report belongs to another case.
pub async fn find_for_case(
    db: &impl ConnectionTrait,
    case_id: i64,
    report_id: i64,
) -> Result<Option<health_report::Model>, DbErr> {
    health_report::Entity::find_by_id(report_id)
        .filter(health_report::Column::CaseId.eq(case_id))
        .one(db)
        .await
}

/// The SpO2 of the case's latest report that had one (for the "fall of 3 points" rule).
pub async fn latest_spo2(db: &impl ConnectionTrait, case_id: i64) -> Result<Option<i16>, DbErr> {
    let value: Option<Option<i16>> = health_report::Entity::find()
        .select_only()
        .column(health_report::Column::Spo2)
        .filter(health_report::Column::CaseId.eq(case_id))
        .filter(health_report::Column::Spo2.is_not_null())
        .order_by_desc(health_report::Column::SubmittedAt)
        .order_by_desc(health_report::Column::Id)
        .into_tuple()
        .one(db)
        .await?;
    Ok(value.flatten())
}

/// A case's reports, newest first.
pub async fn list_for_case(
    db: &impl ConnectionTrait,
    case_id: i64,
) -> Result<Vec<health_report::Model>, DbErr> {
    health_report::Entity::find()
        .filter(health_report::Column::CaseId.eq(case_id))
        .order_by_desc(health_report::Column::SubmittedAt)
        .order_by_desc(health_report::Column::Id)
        .all(db)
        .await
}

/// Whether a case already has a report for a slot.
pub async fn exists_for_slot(
    db: &impl ConnectionTrait,
    case_id: i64,
    day: NaiveDate,
    slot: i16,
) -> Result<bool, DbErr> {
    let count = health_report::Entity::find()
        .filter(health_report::Column::CaseId.eq(case_id))
        .filter(health_report::Column::SlotDate.eq(day))
        .filter(health_report::Column::Slot.eq(slot))
        .count(db)
        .await?;
    Ok(count > 0)
}

/// The reports of one day for the cases within `scope` (an access condition on cases), with
/// their case.
pub async fn list_for_day(
    db: &impl ConnectionTrait,
    day: NaiveDate,
    scope: Condition,
) -> Result<Vec<(health_report::Model, patient_case::Model)>, DbErr> {
    let rows = health_report::Entity::find()
        .find_also_related(patient_case::Entity)
        .filter(health_report::Column::SlotDate.eq(day))
        .filter(scope)
        .order_by_desc(health_report::Column::SubmittedAt)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(report, case)| case.map(|c| (report, c)))
        .collect())
}

/// Saves changes to a stored report (a correction).
pub async fn update(
    db: &impl ConnectionTrait,
    report: health_report::ActiveModel,
) -> Result<health_report::Model, DbErr> {
    report.update(db).await
}

/// Which of `ids` are reports of the case (to refuse ids of other cases or none at all).
pub async fn ids_of_case(
    db: &impl ConnectionTrait,
    case_id: i64,
    ids: Vec<i64>,
) -> Result<Vec<i64>, DbErr> {
    health_report::Entity::find()
        .select_only()
        .column(health_report::Column::Id)
        .filter(health_report::Column::CaseId.eq(case_id))
        .filter(health_report::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await
}

/// Marks the case's unreviewed reports reviewed by `staff_id` at `now` — those of `only`, or
/// every one when `only` is `None`. Reports already reviewed keep their first review. Returns
/// how many were marked.
/// The oldest report of `case_id` that is red or worse and not yet reviewed (the start of the
/// case's current unreviewed red episode), if any.
pub async fn first_unreviewed_red(
    db: &impl ConnectionTrait,
    case_id: i64,
) -> Result<Option<i64>, DbErr> {
    health_report::Entity::find()
        .select_only()
        .column(health_report::Column::Id)
        .filter(health_report::Column::CaseId.eq(case_id))
        .filter(health_report::Column::ReviewedAt.is_null())
        .filter(health_report::Column::Flag.is_not_in(["none", "amber"]))
        .order_by_asc(health_report::Column::Id)
        .limit(1)
        .into_tuple()
        .one(db)
        .await
}

pub async fn mark_reviewed(
    db: &impl ConnectionTrait,
    case_id: i64,
    only: Option<Vec<i64>>,
    staff_id: i64,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let mut update = health_report::Entity::update_many()
        .col_expr(health_report::Column::ReviewedAt, Expr::value(now))
        .col_expr(health_report::Column::ReviewedBy, Expr::value(staff_id))
        .filter(health_report::Column::CaseId.eq(case_id))
        .filter(health_report::Column::ReviewedAt.is_null());
    if let Some(ids) = only {
        update = update.filter(health_report::Column::Id.is_in(ids));
    }
    Ok(update.exec(db).await?.rows_affected)
}
