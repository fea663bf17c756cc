//! Daily health reports.

use crate::entities::{health_report, patient_case};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, TryInsertResult,
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
