//! Report versions: a correction copies the version it replaces into `health_report_version`
//! and writes the new one over `health_report` (which always holds the current version).

use crate::entities::{health_report, health_report_version};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

/// Keeps `current` (the version about to be replaced at `now`) with its review state, its note
/// sealed again as `sealed_note` for the version's own `seal_id` (by the caller, which has the
/// keys).
pub async fn keep(
    db: &impl ConnectionTrait,
    current: &health_report::Model,
    seal_id: String,
    sealed_note: String,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    health_report_version::ActiveModel {
        report_id: Set(current.id),
        case_id: Set(current.case_id),
        version: Set(current.version),
        // Version 1 was entered when the report was stored; later ones when they corrected it.
        submitted_at: Set(current.corrected_at.unwrap_or(current.submitted_at)),
        temperature_tenths: Set(current.temperature_tenths),
        spo2: Set(current.spo2),
        pulse: Set(current.pulse),
        symptoms: Set(current.symptoms.clone()),
        urgent_signs: Set(current.urgent_signs.clone()),
        sealed_note: Set(sealed_note),
        seal_id: Set(seal_id),
        flag: Set(current.flag.clone()),
        reasons: Set(current.reasons.clone()),
        ruleset_version: Set(current.ruleset_version.clone()),
        threshold_version: Set(current.threshold_version),
        entered_by: Set(current.entered_by),
        entered_by_staff_id: Set(current.entered_by_staff_id),
        reviewed_at: Set(current.reviewed_at),
        reviewed_by: Set(current.reviewed_by),
        superseded_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The versions of a report that corrections replaced, oldest first.
pub async fn earlier(
    db: &impl ConnectionTrait,
    report_id: i64,
) -> Result<Vec<health_report_version::Model>, DbErr> {
    health_report_version::Entity::find()
        .filter(health_report_version::Column::ReportId.eq(report_id))
        .order_by_asc(health_report_version::Column::Version)
        .all(db)
        .await
}

/// Writes a correction over the current version: `corrected` must set every value of the
/// version, its number, and its review state. `false` when the report is no longer at
/// `expected_version` (another correction got there first), and nothing is written.
pub async fn replace_current(
    db: &impl ConnectionTrait,
    corrected: health_report::ActiveModel,
    report_id: i64,
    expected_version: i32,
) -> Result<bool, DbErr> {
    let result = health_report::Entity::update_many()
        .set(corrected)
        .filter(health_report::Column::Id.eq(report_id))
        .filter(health_report::Column::Version.eq(expected_version))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}
