//! A case's own SpO2 thresholds: every version in `case_threshold`, the current one copied
//! onto `patient_case`, which the report path reads anyway.

use crate::entities::{case_threshold, patient_case};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

/// A new version of a case's thresholds (`None`: back to the rule set's).
#[derive(Debug, Clone)]
pub struct NewThresholds {
    /// The case.
    pub case_id: i64,
    /// Red at or below, amber at or below.
    pub spo2: Option<(i16, i16)>,
    /// Why, sealed for the row `seal_id`.
    pub sealed_reason: String,
    /// Random, made before the insert (`services::sealed_text::new_seal_id`).
    pub seal_id: String,
    /// The doctor.
    pub set_by: i64,
}

/// Stores the next version of the case's thresholds and makes it current; returns its
/// number. Run it under the case's lock, so two doctors cannot write the same version.
pub async fn set(
    db: &impl ConnectionTrait,
    new: NewThresholds,
    now: DateTime<Utc>,
) -> Result<i32, DbErr> {
    let newest = case_threshold::Entity::find()
        .filter(case_threshold::Column::CaseId.eq(new.case_id))
        .order_by_desc(case_threshold::Column::Version)
        .one(db)
        .await?
        .map_or(0, |row| row.version);
    let version = newest + 1;
    case_threshold::ActiveModel {
        case_id: Set(new.case_id),
        version: Set(version),
        spo2_red_at_most: Set(new.spo2.map(|(red, _)| red)),
        spo2_amber_at_most: Set(new.spo2.map(|(_, amber)| amber)),
        sealed_reason: Set(new.sealed_reason),
        seal_id: Set(new.seal_id),
        set_by: Set(new.set_by),
        set_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    patient_case::Entity::update_many()
        .col_expr(
            patient_case::Column::Spo2RedAtMost,
            Expr::value(new.spo2.map(|(red, _)| red)),
        )
        .col_expr(
            patient_case::Column::Spo2AmberAtMost,
            Expr::value(new.spo2.map(|(_, amber)| amber)),
        )
        .col_expr(patient_case::Column::ThresholdVersion, Expr::value(version))
        .filter(patient_case::Column::Id.eq(new.case_id))
        .exec(db)
        .await?;
    Ok(version)
}

/// The case's newest thresholds version, if a doctor ever set one.
pub async fn current(
    db: &impl ConnectionTrait,
    case_id: i64,
) -> Result<Option<case_threshold::Model>, DbErr> {
    case_threshold::Entity::find()
        .filter(case_threshold::Column::CaseId.eq(case_id))
        .order_by_desc(case_threshold::Column::Version)
        .one(db)
        .await
}
