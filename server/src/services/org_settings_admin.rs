//! Administration of an organisation's scheduler settings: administrators read and change them for
//! organisations in their [`OrgScope`](crate::access::OrgScope); any other organisation is not
//! found (404), other roles get 403.

use super::admin_orgs::{managed_scope, org_in_scope};
use super::{audit, org_settings};
use crate::access::StaffAction;
use crate::auth::StaffCaller;
use crate::db;
use crate::entities::org_setting;
use crate::error::ApiError;
use chrono::{DateTime, Utc};
use mimamori_shared::api::org_settings::{OrgSettingsView, UpdateOrgSettings, format_hh_mm};
use mimamori_shared::ids::OrgId;
use sea_orm::{ConnectionTrait, Set, TransactionSession, TransactionTrait};

fn view(
    schedule: &org_settings::OrgSchedule,
    time_zone: String,
    customised: bool,
) -> OrgSettingsView {
    OrgSettingsView {
        organisation_id: OrgId(schedule.organisation_id),
        time_zone,
        notify_email: schedule.notify_email.clone(),
        quiet_start: format_hh_mm(schedule.quiet_start),
        quiet_end: format_hh_mm(schedule.quiet_end),
        second_nudge_minutes: u32::try_from(schedule.second_nudge.num_minutes()).unwrap_or(0),
        afternoon_reminder: format_hh_mm(schedule.afternoon_reminder),
        cutoff: format_hh_mm(schedule.cutoff),
        afternoon_cutoff: format_hh_mm(schedule.afternoon_cutoff),
        report_time: format_hh_mm(schedule.report_time),
        customised,
    }
}

async fn current(db: &impl ConnectionTrait, org_id: i64) -> Result<OrgSettingsView, ApiError> {
    let org = db::orgs::find(db, org_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let schedule = org_settings::load(db, org_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let customised = db::org_settings::find(db, org_id).await?.is_some();
    Ok(view(&schedule, org.time_zone, customised))
}

/// The settings in force for organisation `org_id`. Audited.
pub async fn get(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    org_id: OrgId,
    now: DateTime<Utc>,
) -> Result<OrgSettingsView, ApiError> {
    let scope = managed_scope(db, caller, StaffAction::ManageOrgs).await?;
    let org = org_in_scope(db, &scope, org_id.0).await?;
    let settings = current(db, org.id).await?;
    audit::staff_detail(
        db,
        caller,
        audit::action::ORG_SETTINGS_READ,
        None,
        format!("org:{}", org.id),
        now,
    )
    .await?;
    Ok(settings)
}

/// Replaces the settings of organisation `org_id` (every field; per-field 422). Audited. Jobs
/// read the settings every tick, so a change applies from the next minute.
pub async fn update(
    db: &(impl ConnectionTrait + TransactionTrait),
    caller: &StaffCaller,
    org_id: OrgId,
    request: &UpdateOrgSettings,
    now: DateTime<Utc>,
) -> Result<OrgSettingsView, ApiError> {
    let scope = managed_scope(db, caller, StaffAction::ManageOrgs).await?;
    let org = org_in_scope(db, &scope, org_id.0).await?;
    let valid = request.validate().map_err(ApiError::Validation)?;
    let txn = db.begin().await?;
    db::org_settings::upsert(
        &txn,
        org_setting::ActiveModel {
            organisation_id: Set(org.id),
            notify_email: Set(valid.notify_email),
            quiet_start: Set(format_hh_mm(valid.quiet_start)),
            quiet_end: Set(format_hh_mm(valid.quiet_end)),
            second_nudge_minutes: Set(valid.second_nudge_minutes),
            afternoon_reminder: Set(format_hh_mm(valid.afternoon_reminder)),
            cutoff: Set(format_hh_mm(valid.cutoff)),
            afternoon_cutoff: Set(format_hh_mm(valid.afternoon_cutoff)),
            report_time: Set(format_hh_mm(valid.report_time)),
            updated_at: Set(now),
        },
    )
    .await?;
    audit::staff_detail(
        &txn,
        caller,
        audit::action::ORG_SETTINGS_UPDATE,
        None,
        format!("org:{}", org.id),
        now,
    )
    .await?;
    txn.commit().await?;
    current(db, org.id).await
}

/// The default settings of a new organisation as a row, with its notification address if it
/// has one (the CSV import of organisations gives one).
pub fn default_row(
    org_id: i64,
    notify_email: Option<String>,
    now: DateTime<Utc>,
) -> org_setting::ActiveModel {
    let schedule = org_settings::OrgSchedule::defaults(org_id, chrono_tz::Asia::Tokyo);
    org_setting::ActiveModel {
        organisation_id: Set(org_id),
        notify_email: Set(notify_email),
        quiet_start: Set(format_hh_mm(schedule.quiet_start)),
        quiet_end: Set(format_hh_mm(schedule.quiet_end)),
        second_nudge_minutes: Set(i32::try_from(schedule.second_nudge.num_minutes()).unwrap_or(60)),
        afternoon_reminder: Set(format_hh_mm(schedule.afternoon_reminder)),
        cutoff: Set(format_hh_mm(schedule.cutoff)),
        afternoon_cutoff: Set(format_hh_mm(schedule.afternoon_cutoff)),
        report_time: Set(format_hh_mm(schedule.report_time)),
        updated_at: Set(now),
    }
}
