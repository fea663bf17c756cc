//! Inpatient status reports (`inpatient_report`), the cases institutions found
//! (`inpatient_case_link`), and the case state a report decides.

use crate::entities::{inpatient_case_link, inpatient_report, patient_case};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};

/// Inserts a report.
pub async fn insert(
    db: &impl ConnectionTrait,
    report: inpatient_report::ActiveModel,
) -> Result<inpatient_report::Model, DbErr> {
    report.insert(db).await
}

/// Whether the case has any report.
pub async fn any_for_case(db: &impl ConnectionTrait, case_id: i64) -> Result<bool, DbErr> {
    Ok(inpatient_report::Entity::find()
        .filter(inpatient_report::Column::CaseId.eq(case_id))
        .count(db)
        .await?
        > 0)
}

/// A case's reports, newest first (ties by insertion order, newest first).
pub async fn list_for_case(
    db: &impl ConnectionTrait,
    case_id: i64,
) -> Result<Vec<inpatient_report::Model>, DbErr> {
    list_for_cases(db, vec![case_id]).await
}

/// The reports of several cases, each case's newest first.
pub async fn list_for_cases(
    db: &impl ConnectionTrait,
    case_ids: Vec<i64>,
) -> Result<Vec<inpatient_report::Model>, DbErr> {
    use inpatient_report::Column as I;
    inpatient_report::Entity::find()
        .filter(I::CaseId.is_in(case_ids))
        .order_by_desc(I::ReportedAt)
        .order_by_desc(I::Id)
        .all(db)
        .await
}

/// Cases matching `scope` (an access condition from `access::InpatientScope`).
pub async fn cases(
    db: &impl ConnectionTrait,
    scope: Condition,
) -> Result<Vec<patient_case::Model>, DbErr> {
    patient_case::Entity::find()
        .filter(scope)
        .order_by_desc(patient_case::Column::Id)
        .all(db)
        .await
}

/// Records that `institution_id` found the case; finding it again changes nothing.
pub async fn link(
    db: &impl ConnectionTrait,
    case_id: i64,
    institution_id: i64,
    staff_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    use inpatient_case_link::Column as L;
    let result = inpatient_case_link::Entity::insert(inpatient_case_link::ActiveModel {
        case_id: Set(case_id),
        institution_id: Set(institution_id),
        linked_by: Set(staff_id),
        linked_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([L::InstitutionId, L::CaseId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await;
    match result {
        Ok(_) | Err(DbErr::RecordNotInserted) => Ok(()),
        Err(error) => Err(error),
    }
}

/// The state an inpatient status report leaves a case in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseState {
    /// Under home follow-up (`active`).
    Active,
    /// In hospital (`hospitalised`).
    Hospitalised,
    /// Follow-up ended with this reason code.
    Ended(&'static str),
}

/// Puts a case that has not ended into `state`; `false` when it had ended meanwhile (the
/// caller holds the case's lock, so this does not happen unless someone bypassed it).
pub async fn set_state(
    db: &impl ConnectionTrait,
    case_id: i64,
    state: CaseState,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    use patient_case::Column as C;
    let mut update = patient_case::Entity::update_many()
        .filter(C::Id.eq(case_id))
        .filter(C::Status.ne("ended"));
    update = match state {
        CaseState::Active => update.col_expr(C::Status, Expr::value("active")),
        CaseState::Hospitalised => update.col_expr(C::Status, Expr::value("hospitalised")),
        CaseState::Ended(reason) => update
            .col_expr(C::Status, Expr::value("ended"))
            .col_expr(C::EndReason, Expr::value(reason))
            .col_expr(C::EndedAt, Expr::value(now)),
    };
    Ok(update.exec(db).await?.rows_affected == 1)
}
