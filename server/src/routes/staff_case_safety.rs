//! Clinical-safety actions on a case (docs/triage.md): correcting a report after a call, the
//! versions of a report, the case's own SpO2 thresholds, and extending the follow-up period.
//! Each is decided by the access policy (404 out of scope, 403 for a role that may not) and
//! audited.

use crate::auth::StaffCaller;
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::services::staff_notifications::NotifySettings;
use crate::services::{case_thresholds, cases, followup_period, report_corrections};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use mimamori_shared::api::Problem;
use mimamori_shared::api::case_actions::{ExtendFollowUp, SetCaseThresholds};
use mimamori_shared::api::cases::CaseView;
use mimamori_shared::api::paths::{CasePath, CaseReportPath};
use mimamori_shared::api::reports::{CreateReport, ReportVersionList, ReportView};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(correct_report))
        .routes(routes!(list_report_versions))
        .routes(routes!(set_thresholds))
        .routes(routes!(extend_follow_up))
}

/// Corrects a report after a phone call: a new version, judged again, marked staff-entered;
/// a reviewed report that changes is unreviewed again, and a red version tells the staff on
/// duty.
#[utoipa::path(
    put,
    path = "/api/staff/cases/{case_id}/reports/{report_id}",
    tag = "staff",
    params(CaseReportPath),
    request_body = CreateReport,
    responses(
        (status = 200, description = "corrected (or already as sent)", body = ReportView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "the role may not enter reports", body = Problem),
        (status = 404, description = "no such report of a case in the caller's scope", body = Problem),
        (status = 409, description = "followup_ended, followup_paused", body = Problem),
        (status = 422, description = "invalid fields", body = Problem)
    )
)]
async fn correct_report(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(CaseReportPath { case_id, report_id }): ApiPath<CaseReportPath>,
    ApiJson(request): ApiJson<CreateReport>,
) -> Result<Json<ReportView>, ApiError> {
    let view = report_corrections::correct_by_staff(
        &state.db,
        &state.keys,
        NotifySettings::from(state.config.as_ref()),
        &caller,
        case_id,
        report_id,
        &request,
        state.clock.now(),
    )
    .await?;
    Ok(Json(view))
}

/// Every version of a report, oldest first; the last is the current one.
#[utoipa::path(
    get,
    path = "/api/staff/cases/{case_id}/reports/{report_id}/versions",
    tag = "staff",
    params(CaseReportPath),
    responses(
        (status = 200, body = ReportVersionList),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "the role may not read cases", body = Problem),
        (status = 404, description = "no such report of a case in the caller's scope", body = Problem)
    )
)]
async fn list_report_versions(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(CaseReportPath { case_id, report_id }): ApiPath<CaseReportPath>,
) -> Result<Json<ReportVersionList>, ApiError> {
    let list = report_corrections::list_versions(
        &state.db,
        &state.keys,
        &caller,
        case_id,
        report_id,
        state.clock.now(),
    )
    .await?;
    Ok(Json(list))
}

/// A doctor sets the SpO2 thresholds that judge this patient's reports from now on (both left
/// out: back to the rule set's), with a reason.
#[utoipa::path(
    put,
    path = "/api/staff/cases/{case_id}/thresholds",
    tag = "staff",
    params(CasePath),
    request_body = SetCaseThresholds,
    responses(
        (status = 200, body = CaseView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "only follow-up doctors set thresholds", body = Problem),
        (status = 404, description = "no such case in the caller's scope", body = Problem),
        (status = 409, description = "followup_ended", body = Problem),
        (status = 422, description = "invalid fields: spo2_red_at_most, spo2_amber_at_most, reason", body = Problem)
    )
)]
async fn set_thresholds(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(CasePath { case_id }): ApiPath<CasePath>,
    ApiJson(request): ApiJson<SetCaseThresholds>,
) -> Result<Json<CaseView>, ApiError> {
    let now = state.clock.now();
    let case =
        case_thresholds::set(&state.db, &state.keys, &caller, case_id, &request, now).await?;
    let view = cases::view_for_staff(&state.db, &state.keys, &caller, &case, now).await?;
    Ok(Json(view))
}

/// A doctor or the health centre extends the follow-up period by 1–30 days with a reason; a
/// case held by the review gate goes back under follow-up, and the patient is told.
#[utoipa::path(
    post,
    path = "/api/staff/cases/{case_id}/extend",
    tag = "staff",
    params(CasePath),
    request_body = ExtendFollowUp,
    responses(
        (status = 200, body = CaseView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "the role may not extend follow-up", body = Problem),
        (status = 404, description = "no such case in the caller's scope", body = Problem),
        (status = 409, description = "followup_ended", body = Problem),
        (status = 422, description = "invalid fields: days, reason", body = Problem)
    )
)]
async fn extend_follow_up(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(CasePath { case_id }): ApiPath<CasePath>,
    ApiJson(request): ApiJson<ExtendFollowUp>,
) -> Result<Json<CaseView>, ApiError> {
    let now = state.clock.now();
    let case = followup_period::extend(
        &state.db,
        &state.keys,
        &state.config.public_url,
        &caller,
        case_id,
        &request,
        now,
    )
    .await?;
    let view = cases::view_for_staff(&state.db, &state.keys, &caller, &case, now).await?;
    Ok(Json(view))
}
