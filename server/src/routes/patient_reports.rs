//! A patient's daily reports.

use crate::auth::PatientCaller;
use crate::db;
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::limits::Account;
use crate::services::staff_notifications::NotifySettings;
use crate::services::{audit, report_corrections, reports};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use mimamori_shared::api::Problem;
use mimamori_shared::api::paths::{CasePath, CaseReportPath};
use mimamori_shared::api::reports::{CreateReport, ReportList, ReportView};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_report, list_own_reports))
        .routes(routes!(correct_report))
}

/// Submits the report for the current slot. Sending the same `idempotency_key` again stores
/// nothing new and answers 200 with the stored report.
#[utoipa::path(
    post,
    path = "/api/patient/cases/{case_id}/reports",
    tag = "patient",
    params(CasePath),
    request_body = CreateReport,
    responses(
        (status = 201, description = "stored", body = ReportView),
        (status = 200, description = "already stored under this idempotency key", body = ReportView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 404, description = "not one of this sign-in's cases", body = Problem),
        (status = 409, description = "followup_ended", body = Problem),
        (status = 422, description = "invalid fields", body = Problem),
        (status = 429, description = "rate_limited: too many reports from this sign-in (the app keeps the report and sends it after `Retry-After`)", body = Problem)
    )
)]
async fn create_report(
    State(state): State<AppState>,
    caller: PatientCaller,
    ApiPath(CasePath { case_id }): ApiPath<CasePath>,
    ApiJson(request): ApiJson<CreateReport>,
) -> Result<(StatusCode, Json<ReportView>), ApiError> {
    if let Err(limited) = state.limits.report(Account::Patient(caller.account_id))
        && !reports::is_resend(&state.db, &caller, case_id, &request).await?
    {
        return Err(limited);
    }
    // SQLite: wait in line for the one writer's turn (see `WriteQueue`).
    let _turn = state.report_writes.turn().await;
    let (view, stored) = reports::submit_by_patient(
        &state.db,
        &state.keys,
        &state.report_batcher,
        NotifySettings::from(state.config.as_ref()),
        &caller,
        case_id,
        &request,
        state.clock.now(),
    )
    .await?;
    let status = match stored {
        reports::Stored::Created => StatusCode::CREATED,
        reports::Stored::AlreadyStored => StatusCode::OK,
    };
    Ok((status, Json(view)))
}

/// The patient's own reports for a case, newest first.
#[utoipa::path(
    get,
    path = "/api/patient/cases/{case_id}/reports",
    tag = "patient",
    params(CasePath),
    responses(
        (status = 200, body = ReportList),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 404, description = "not one of this sign-in's cases", body = Problem)
    )
)]
async fn list_own_reports(
    State(state): State<AppState>,
    caller: PatientCaller,
    ApiPath(CasePath { case_id }): ApiPath<CasePath>,
) -> Result<Json<ReportList>, ApiError> {
    if !crate::access::patient_may_report_for(&caller, case_id) {
        return Err(ApiError::NotFound);
    }
    let models = db::reports::list_for_case(&state.db, case_id.0).await?;
    audit::patient(
        &state.db,
        &caller,
        audit::action::REPORTS_READ_OWN,
        Some(case_id.0),
        state.clock.now(),
    )
    .await?;
    let items = models
        .iter()
        .map(|r| reports::to_view(&state.keys, r))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(ReportList { items }))
}

/// Corrects the report of the current slot (values judged again).
#[utoipa::path(
    put,
    path = "/api/patient/cases/{case_id}/reports/{report_id}",
    tag = "patient",
    params(CaseReportPath),
    request_body = CreateReport,
    responses(
        (status = 200, description = "corrected", body = ReportView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 404, description = "no such report of this sign-in's cases", body = Problem),
        (status = 409, description = "not_current_slot, entered_by_staff, followup_ended", body = Problem),
        (status = 422, description = "invalid fields", body = Problem),
        (status = 429, description = "rate_limited: corrections count with reports", body = Problem)
    )
)]
async fn correct_report(
    State(state): State<AppState>,
    caller: PatientCaller,
    ApiPath(CaseReportPath { case_id, report_id }): ApiPath<CaseReportPath>,
    ApiJson(request): ApiJson<CreateReport>,
) -> Result<Json<ReportView>, ApiError> {
    state.limits.report(Account::Patient(caller.account_id))?;
    let view = report_corrections::correct_by_patient(
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
