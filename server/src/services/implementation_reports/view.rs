//! The staff API of implementation reports: list, one report, and its files, within the
//! caller's scope.

use super::export::{CSV_TYPE, ReportFile, Sheet, XLSX_TYPE, file_name};
use crate::access::{StaffAction, staff_may};
use crate::auth::StaffCaller;
use crate::db;
use crate::entities::{implementation_report, organisation};
use crate::error::ApiError;
use crate::services::audit;
use chrono::{DateTime, Utc};
use mimamori_shared::api::FieldError;
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::api::implementation_reports::{
    ImplementationCounts, ImplementationReportList, ImplementationReportQuery,
    ImplementationReportView, MAX_ITEMS,
};
use mimamori_shared::ids::OrgId;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait};
use std::collections::HashMap;

/// Which reports a caller may read: a health centre's staff those addressed to it, follow-up
/// staff and doctors those of their organisation. Others are refused (403).
fn scope_of(caller: &StaffCaller) -> Result<Condition, ApiError> {
    use implementation_report::Column as I;
    if !staff_may(caller.role, StaffAction::ReadImplementationReports) {
        return Err(ApiError::Forbidden);
    }
    match caller.role {
        StaffRole::HcStaff => Ok(Condition::all().add(I::HealthCentreId.eq(caller.org_id.0))),
        StaffRole::FollowupStaff | StaffRole::FollowupDoctor => {
            Ok(Condition::all().add(I::FollowupOrgId.eq(caller.org_id.0)))
        }
        StaffRole::InstitutionStaff | StaffRole::Admin => Err(ApiError::Forbidden),
    }
}

fn counts_of(row: &implementation_report::Model) -> Result<ImplementationCounts, ApiError> {
    serde_json::from_str(&row.counts)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("stored report counts: {e}")))
}

async fn views(
    db: &impl ConnectionTrait,
    rows: &[implementation_report::Model],
) -> Result<Vec<ImplementationReportView>, ApiError> {
    let mut ids: Vec<i64> = rows
        .iter()
        .flat_map(|r| [r.health_centre_id, r.followup_org_id])
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let names: HashMap<i64, String> = db::implementation_reports::organisations(db, ids)
        .await?
        .into_iter()
        .map(|o: organisation::Model| (o.id, o.name))
        .collect();
    rows.iter()
        .map(|row| {
            Ok(ImplementationReportView {
                id: row.id,
                report_date: row.report_date,
                health_centre_id: OrgId(row.health_centre_id),
                health_centre_name: names
                    .get(&row.health_centre_id)
                    .cloned()
                    .unwrap_or_default(),
                followup_org_id: OrgId(row.followup_org_id),
                followup_org_name: names.get(&row.followup_org_id).cloned().unwrap_or_default(),
                compiled_at: row.compiled_at,
                counts: counts_of(row)?,
            })
        })
        .collect()
}

/// The caller's reports within the dates, newest first. Audited.
pub async fn list(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    query: &ImplementationReportQuery,
    now: DateTime<Utc>,
) -> Result<ImplementationReportList, ApiError> {
    let scope = scope_of(caller)?;
    if let (Some(from), Some(to)) = (query.from, query.to)
        && from > to
    {
        return Err(ApiError::Validation(vec![FieldError::custom(
            "to",
            "before_from",
            "must not be before `from`",
        )]));
    }
    let rows = db::implementation_reports::list(db, scope, query.from, query.to, MAX_ITEMS).await?;
    audit::staff(
        db,
        caller,
        audit::action::IMPLEMENTATION_REPORTS_LIST,
        None,
        now,
    )
    .await?;
    Ok(ImplementationReportList {
        items: views(db, &rows).await?,
    })
}

async fn find(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    id: i64,
) -> Result<implementation_report::Model, ApiError> {
    let scope = scope_of(caller)?;
    db::implementation_reports::find(db, scope, id)
        .await?
        .ok_or(ApiError::NotFound)
}

/// One report of the caller's scope (404 outside it). Audited.
pub async fn get(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    id: i64,
    now: DateTime<Utc>,
) -> Result<ImplementationReportView, ApiError> {
    let row = find(db, caller, id).await?;
    audit::staff_detail(
        db,
        caller,
        audit::action::IMPLEMENTATION_REPORT_READ,
        None,
        format!("report:{id}"),
        now,
    )
    .await?;
    let mut views = views(db, std::slice::from_ref(&row)).await?;
    views.pop().ok_or(ApiError::NotFound)
}

/// The format of a downloaded report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// CSV, UTF-8 with BOM.
    Csv,
    /// Excel workbook.
    Xlsx,
}

/// One report of the caller's scope as a CSV or XLSX file, as attached to the e-mail. Audited.
pub async fn file(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    id: i64,
    format: FileFormat,
    now: DateTime<Utc>,
) -> Result<ReportFile, ApiError> {
    let row = find(db, caller, id).await?;
    let view = views(db, std::slice::from_ref(&row))
        .await?
        .pop()
        .ok_or(ApiError::NotFound)?;
    let sheet = Sheet {
        day: view.report_date,
        health_centre: view.health_centre_name,
        followup_org: view.followup_org_name,
        counts: view.counts,
    };
    let (ext, content_type, bytes) = match format {
        FileFormat::Csv => ("csv", CSV_TYPE, sheet.csv()?),
        FileFormat::Xlsx => ("xlsx", XLSX_TYPE, sheet.xlsx()?),
    };
    audit::staff_detail(
        db,
        caller,
        audit::action::IMPLEMENTATION_REPORT_READ,
        None,
        format!("report:{id}:{ext}"),
        now,
    )
    .await?;
    Ok(ReportFile {
        filename: file_name(&row, ext),
        content_type,
        bytes,
    })
}
