//! Daily implementation reports (実施報告): the list, one report, and its CSV and XLSX files.

use crate::auth::StaffCaller;
use crate::error::{ApiError, ApiPath, ApiQuery};
use crate::services::implementation_reports::{self, FileFormat, ReportFile};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use mimamori_shared::api::Problem;
use mimamori_shared::api::implementation_reports::{
    ImplementationReportList, ImplementationReportQuery, ImplementationReportView,
};
use mimamori_shared::api::paths::ImplementationReportPath;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_implementation_reports))
        .routes(routes!(get_implementation_report))
        .routes(routes!(get_implementation_report_csv))
        .routes(routes!(get_implementation_report_xlsx))
}

/// The caller's implementation reports, newest date first: a health centre's staff see every
/// follow-up organisation's reports to it, follow-up staff their organisation's.
#[utoipa::path(
    get,
    path = "/api/staff/implementation-reports",
    tag = "staff",
    params(ImplementationReportQuery),
    responses(
        (status = 200, body = ImplementationReportList),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "neither health-centre nor follow-up staff", body = Problem),
        (status = 422, description = "invalid dates", body = Problem)
    )
)]
async fn list_implementation_reports(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiQuery(query): ApiQuery<ImplementationReportQuery>,
) -> Result<Json<ImplementationReportList>, ApiError> {
    Ok(Json(
        implementation_reports::list(&state.db, &caller, &query, state.clock.now()).await?,
    ))
}

/// One implementation report.
#[utoipa::path(
    get,
    path = "/api/staff/implementation-reports/{report_id}",
    tag = "staff",
    params(ImplementationReportPath),
    responses(
        (status = 200, body = ImplementationReportView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "neither health-centre nor follow-up staff", body = Problem),
        (status = 404, description = "no such report in the caller's scope", body = Problem)
    )
)]
async fn get_implementation_report(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(ImplementationReportPath { report_id }): ApiPath<ImplementationReportPath>,
) -> Result<Json<ImplementationReportView>, ApiError> {
    Ok(Json(
        implementation_reports::get(&state.db, &caller, report_id.0, state.clock.now()).await?,
    ))
}

/// One implementation report as CSV (UTF-8 with a byte-order mark, Japanese headers).
#[utoipa::path(
    get,
    path = "/api/staff/implementation-reports/{report_id}/csv",
    tag = "staff",
    params(ImplementationReportPath),
    responses(
        (status = 200, description = "the report", content_type = "text/csv", body = String),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "neither health-centre nor follow-up staff", body = Problem),
        (status = 404, description = "no such report in the caller's scope", body = Problem)
    )
)]
async fn get_implementation_report_csv(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(ImplementationReportPath { report_id }): ApiPath<ImplementationReportPath>,
) -> Result<Response, ApiError> {
    let file = implementation_reports::file(
        &state.db,
        &caller,
        report_id.0,
        FileFormat::Csv,
        state.clock.now(),
    )
    .await?;
    download(file)
}

/// One implementation report as an Excel workbook (Japanese headers).
#[utoipa::path(
    get,
    path = "/api/staff/implementation-reports/{report_id}/xlsx",
    tag = "staff",
    params(ImplementationReportPath),
    responses(
        (status = 200, description = "the report",
         content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         body = Vec<u8>),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "neither health-centre nor follow-up staff", body = Problem),
        (status = 404, description = "no such report in the caller's scope", body = Problem)
    )
)]
async fn get_implementation_report_xlsx(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(ImplementationReportPath { report_id }): ApiPath<ImplementationReportPath>,
) -> Result<Response, ApiError> {
    let file = implementation_reports::file(
        &state.db,
        &caller,
        report_id.0,
        FileFormat::Xlsx,
        state.clock.now(),
    )
    .await?;
    download(file)
}

/// A file download: its type, and an attachment disposition with its (ASCII) name.
pub fn download(file: ReportFile) -> Result<Response, ApiError> {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", file.filename))
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("file name header: {e}")))?;
    let mut response = file.bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(file.content_type),
    );
    headers.insert(header::CONTENT_DISPOSITION, disposition);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
