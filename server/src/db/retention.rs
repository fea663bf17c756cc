//! What the retention purge reads and writes (`services::retention`): the cases due, and the
//! rows that point to a person, deleted or blanked.

use super::Binds;
use super::sealed_columns::SealedColumn;
use crate::entities::{
    case_notification, case_search_token, delivery, health_report_version, inpatient_case_link,
    invitation, patient_account, patient_account_case, patient_case, patient_message,
    patient_session, push_subscription, staff_notification,
};
use chrono::{DateTime, Utc};
use mimamori_shared::api::case_notifications::NotificationStatus;
use mimamori_shared::api::cases::CaseStatus;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect, Value,
};

/// Up to `limit` ended cases of `health_centres` whose follow-up ended before `before` and that
/// were not purged yet, oldest id first.
pub async fn due_cases(
    db: &impl ConnectionTrait,
    health_centres: &[i64],
    before: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<patient_case::Model>, DbErr> {
    patient_case::Entity::find()
        .filter(patient_case::Column::HealthCentreId.is_in(health_centres.to_vec()))
        .filter(patient_case::Column::Status.eq(CaseStatus::Ended))
        .filter(patient_case::Column::PurgedAt.is_null())
        .filter(patient_case::Column::EndedAt.lt(before))
        .order_by_asc(patient_case::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Notifications of `health_centres` that never became a case (drafts, returned, withdrawn) and
/// were last changed before `before`: their ids.
pub async fn stale_notifications(
    db: &impl ConnectionTrait,
    health_centres: &[i64],
    before: DateTime<Utc>,
) -> Result<Vec<i64>, DbErr> {
    Ok(case_notification::Entity::find()
        .filter(case_notification::Column::HealthCentreId.is_in(health_centres.to_vec()))
        .filter(case_notification::Column::CaseId.is_null())
        .filter(case_notification::Column::Status.ne(NotificationStatus::Accepted))
        .filter(case_notification::Column::Status.ne(NotificationStatus::Submitted))
        .filter(case_notification::Column::UpdatedAt.lt(before))
        .all(db)
        .await?
        .into_iter()
        .map(|n| n.id)
        .collect())
}

/// Deletes the notifications `ids`.
pub async fn delete_notifications(db: &impl ConnectionTrait, ids: Vec<i64>) -> Result<(), DbErr> {
    case_notification::Entity::delete_many()
        .filter(case_notification::Column::Id.is_in(ids))
        .exec(db)
        .await?;
    Ok(())
}

#[derive(Debug, FromQueryResult)]
struct SealId {
    seal_id: String,
}

/// The seal ids of the rows of `table` about the case.
pub async fn seal_ids_of_case(
    db: &impl ConnectionTrait,
    table: &str,
    case_id: i64,
) -> Result<Vec<String>, DbErr> {
    let mut binds = Binds::new(db.get_database_backend());
    let case = binds.bind(case_id);
    let sql = format!("SELECT seal_id FROM {table} WHERE case_id = {case} ORDER BY id");
    Ok(SealId::find_by_statement(binds.statement(sql))
        .all(db)
        .await?
        .into_iter()
        .map(|row| row.seal_id)
        .collect())
}

/// Writes `value` (sealed) into `column` of the row `seal_id`.
pub async fn set_sealed(
    db: &impl ConnectionTrait,
    column: &SealedColumn,
    seal_id: &str,
    value: String,
) -> Result<(), DbErr> {
    let mut binds = Binds::new(db.get_database_backend());
    let value = binds.bind(Value::from(value));
    let id = binds.bind(Value::from(seal_id.to_owned()));
    let sql = format!(
        "UPDATE {table} SET {col} = {value} WHERE seal_id = {id}",
        table = column.table,
        col = column.column,
    );
    db.execute_raw(binds.statement(sql)).await?;
    Ok(())
}

/// Deletes every row about the case that only serves the person: search tokens, earlier
/// report versions, messages, outbox rows, staff notices, invitations, notifications, and the
/// institutions' links. Returns the patient accounts that were linked to it.
pub async fn delete_personal_rows(
    db: &impl ConnectionTrait,
    case_id: i64,
) -> Result<Vec<i64>, DbErr> {
    case_search_token::Entity::delete_many()
        .filter(case_search_token::Column::CaseId.eq(case_id))
        .exec(db)
        .await?;
    health_report_version::Entity::delete_many()
        .filter(health_report_version::Column::CaseId.eq(case_id))
        .exec(db)
        .await?;
    patient_message::Entity::delete_many()
        .filter(patient_message::Column::CaseId.eq(case_id))
        .exec(db)
        .await?;
    delivery::Entity::delete_many()
        .filter(delivery::Column::CaseId.eq(case_id))
        .exec(db)
        .await?;
    staff_notification::Entity::delete_many()
        .filter(staff_notification::Column::CaseId.eq(case_id))
        .exec(db)
        .await?;
    invitation::Entity::delete_many()
        .filter(invitation::Column::CaseId.eq(case_id))
        .exec(db)
        .await?;
    case_notification::Entity::delete_many()
        .filter(case_notification::Column::CaseId.eq(case_id))
        .exec(db)
        .await?;
    inpatient_case_link::Entity::delete_many()
        .filter(inpatient_case_link::Column::CaseId.eq(case_id))
        .exec(db)
        .await?;
    let accounts: Vec<i64> = patient_account_case::Entity::find()
        .filter(patient_account_case::Column::CaseId.eq(case_id))
        .all(db)
        .await?
        .into_iter()
        .map(|link| link.account_id)
        .collect();
    patient_account_case::Entity::delete_many()
        .filter(patient_account_case::Column::CaseId.eq(case_id))
        .exec(db)
        .await?;
    Ok(accounts)
}

/// Deletes those of `accounts` that no case links to any more (a household's account stays
/// while another member's case is kept), with their sessions and push subscriptions.
pub async fn delete_orphan_accounts(
    db: &impl ConnectionTrait,
    accounts: Vec<i64>,
) -> Result<u64, DbErr> {
    let still_linked: Vec<i64> = patient_account_case::Entity::find()
        .filter(patient_account_case::Column::AccountId.is_in(accounts.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|link| link.account_id)
        .collect();
    let orphans: Vec<i64> = accounts
        .into_iter()
        .filter(|id| !still_linked.contains(id))
        .collect();
    if orphans.is_empty() {
        return Ok(0);
    }
    patient_session::Entity::delete_many()
        .filter(patient_session::Column::AccountId.is_in(orphans.clone()))
        .exec(db)
        .await?;
    push_subscription::Entity::delete_many()
        .filter(push_subscription::Column::AccountId.is_in(orphans.clone()))
        .exec(db)
        .await?;
    Ok(patient_account::Entity::delete_many()
        .filter(patient_account::Column::Id.is_in(orphans))
        .exec(db)
        .await?
        .rows_affected)
}

/// Marks the case purged at `now`, with its new (anonymous) number and year of birth, and no
/// duplicate index. The caller has written the sealed placeholders already.
pub async fn mark_purged(
    db: &impl ConnectionTrait,
    case_id: i64,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    Ok(patient_case::Entity::update_many()
        .col_expr(patient_case::Column::PurgedAt, Expr::value(now))
        .col_expr(
            patient_case::Column::DuplicateIndex,
            Expr::value(Option::<String>::None),
        )
        .filter(patient_case::Column::Id.eq(case_id))
        .filter(patient_case::Column::PurgedAt.is_null())
        .exec(db)
        .await?
        .rows_affected
        == 1)
}
