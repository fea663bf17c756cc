//! Notifications of a case (発生届). Reads take an access condition from
//! [`crate::access::NotificationScope`]; every change of status is a conditional update on the
//! status it starts from, so two requests racing on one notification cannot both win.

use crate::entities::case_notification;
use chrono::{DateTime, NaiveDate, Utc};
use mimamori_shared::api::case_notifications::NotificationStatus;
use mimamori_shared::api::case_notifications::Severity;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

/// Most notifications one list answers (the newest).
pub const LIST_LIMIT: u64 = 500;

/// The form as stored: the JSON and the copies lists read, sealed
/// (`services::case_notifications::columns`), and the clinical columns in clear.
#[derive(Debug, Clone)]
pub struct FormColumns {
    /// The whole form as JSON, sealed.
    pub form: String,
    /// 患者氏名, whitespace normalised, sealed.
    pub patient_name: String,
    /// フリガナ, sealed.
    pub patient_kana: String,
    /// 生年月日, sealed.
    pub birth_date: Option<String>,
    /// Phone as entered (normalised when it is valid), sealed.
    pub phone: String,
    /// `Severity::as_str`.
    pub severity: Option<Severity>,
    /// 入院の要否.
    pub needs_admission: bool,
    /// 診断日.
    pub diagnosis_date: Option<NaiveDate>,
}

/// Who files a new draft and where it goes.
#[derive(Debug, Clone, Copy)]
pub struct Filing {
    /// The filing institution.
    pub institution_id: i64,
    /// The health centre it goes to.
    pub health_centre_id: i64,
    /// The staff member who creates it.
    pub created_by: i64,
}

/// Inserts a draft whose values were sealed for `seal_id`.
pub async fn insert_draft(
    db: &impl ConnectionTrait,
    filing: Filing,
    seal_id: String,
    columns: FormColumns,
    now: DateTime<Utc>,
) -> Result<case_notification::Model, DbErr> {
    case_notification::ActiveModel {
        institution_id: Set(filing.institution_id),
        health_centre_id: Set(filing.health_centre_id),
        status: Set(NotificationStatus::Draft),
        seal_id: Set(seal_id),
        sealed_form: Set(columns.form),
        sealed_patient_name: Set(columns.patient_name),
        sealed_patient_kana: Set(columns.patient_kana),
        sealed_birth_date: Set(columns.birth_date),
        sealed_phone: Set(columns.phone),
        severity: Set(columns.severity),
        needs_admission: Set(columns.needs_admission),
        diagnosis_date: Set(columns.diagnosis_date),
        created_by: Set(filing.created_by),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// A notification by id within `scope`; `None` when absent or out of scope.
pub async fn find_in_scope(
    db: &impl ConnectionTrait,
    id: i64,
    scope: Condition,
) -> Result<Option<case_notification::Model>, DbErr> {
    case_notification::Entity::find()
        .filter(case_notification::Column::Id.eq(id))
        .filter(scope)
        .one(db)
        .await
}

/// The notifications within `scope`, with `status` if given, last changed first.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: Condition,
    status: Option<&str>,
) -> Result<Vec<case_notification::Model>, DbErr> {
    let mut query = case_notification::Entity::find().filter(scope);
    if let Some(status) = status {
        query = query.filter(case_notification::Column::Status.eq(status));
    }
    query
        .order_by_desc(case_notification::Column::UpdatedAt)
        .order_by_desc(case_notification::Column::Id)
        .limit(LIST_LIMIT)
        .all(db)
        .await
}

/// Replaces the form of a notification whose status is one of `from`; `false` when it was
/// not (any more) in one of them.
pub async fn update_form(
    db: &impl ConnectionTrait,
    id: i64,
    from: &[&str],
    columns: FormColumns,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = case_notification::Entity::update_many()
        .col_expr(
            case_notification::Column::SealedForm,
            Expr::value(columns.form),
        )
        .col_expr(
            case_notification::Column::SealedPatientName,
            Expr::value(columns.patient_name),
        )
        .col_expr(
            case_notification::Column::SealedPatientKana,
            Expr::value(columns.patient_kana),
        )
        .col_expr(
            case_notification::Column::SealedBirthDate,
            Expr::value(columns.birth_date),
        )
        .col_expr(
            case_notification::Column::SealedPhone,
            Expr::value(columns.phone),
        )
        .col_expr(
            case_notification::Column::Severity,
            Expr::value(columns.severity),
        )
        .col_expr(
            case_notification::Column::NeedsAdmission,
            Expr::value(columns.needs_admission),
        )
        .col_expr(
            case_notification::Column::DiagnosisDate,
            Expr::value(columns.diagnosis_date),
        )
        .col_expr(case_notification::Column::UpdatedAt, Expr::value(now))
        .filter(case_notification::Column::Id.eq(id))
        .filter(case_notification::Column::Status.is_in(from.iter().copied()))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Moves a notification from one of `from` to `to`, stamping what the move means; `false`
/// when its status was not (any more) one of `from`.
pub async fn set_status(
    db: &impl ConnectionTrait,
    id: i64,
    from: &[&str],
    change: StatusChange,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    use case_notification::Column as C;
    let mut update = case_notification::Entity::update_many()
        .col_expr(C::Status, Expr::value(change.to))
        .col_expr(C::UpdatedAt, Expr::value(now));
    update = match change.by {
        // A submission: the decision of an earlier round no longer applies.
        None => update
            .col_expr(C::SubmittedAt, Expr::value(now))
            .col_expr(C::DecidedAt, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(C::DecidedBy, Expr::value(Option::<i64>::None)),
        Some(staff_id) => update
            .col_expr(C::DecidedAt, Expr::value(now))
            .col_expr(C::DecidedBy, Expr::value(staff_id)),
    };
    if let Some(comment) = change.return_comment {
        update = update.col_expr(C::SealedReturnComment, Expr::value(comment));
    }
    let result = update
        .filter(C::Id.eq(id))
        .filter(C::Status.is_in(from.iter().copied()))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// What a [`set_status`] does besides setting the status.
#[derive(Debug, Clone)]
pub struct StatusChange {
    /// The new status.
    pub to: &'static str,
    /// The deciding health-centre staff member; `None` for a submission.
    pub by: Option<i64>,
    /// The comment of a return, sealed (`sealed_notifications::RETURN_COMMENT_FIELD`).
    pub return_comment: Option<String>,
}

/// Records the case an accepted notification made or was linked to.
pub async fn set_case(db: &impl ConnectionTrait, id: i64, case_id: i64) -> Result<(), DbErr> {
    case_notification::Entity::update_many()
        .col_expr(case_notification::Column::CaseId, Expr::value(case_id))
        .filter(case_notification::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// One notification by id (after a change the caller was allowed to make).
pub async fn find(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<Option<case_notification::Model>, DbErr> {
    case_notification::Entity::find_by_id(id).one(db).await
}
