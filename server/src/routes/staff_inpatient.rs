//! Inpatient status reports (入院患者の状況報告): the institution's cases, finding a case
//! admitted there, and a case's reports. Access is decided by `access::InpatientScope`.

use crate::auth::StaffCaller;
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::services::inpatient;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use mimamori_shared::api::Problem;
use mimamori_shared::api::inpatient::{
    FindInpatientCase, InpatientCase, InpatientCaseList, InpatientHistory, InpatientReportForm,
    InpatientReportView,
};
use mimamori_shared::api::paths::CasePath;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_inpatients))
        .routes(routes!(find_inpatient_case))
        .routes(routes!(list_inpatient_reports, create_inpatient_report))
}

/// The cases the caller's institution may report on: those of notifications it filed that
/// were accepted, those it found, those it reported on; in hospital first, then by newest
/// report.
#[utoipa::path(
    get,
    path = "/api/staff/inpatients",
    tag = "staff",
    responses(
        (status = 200, body = InpatientCaseList),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not institution staff", body = Problem)
    )
)]
async fn list_inpatients(
    State(state): State<AppState>,
    caller: StaffCaller,
) -> Result<Json<InpatientCaseList>, ApiError> {
    Ok(Json(
        inpatient::list(&state.db, &state.keys, &caller, state.clock.now()).await?,
    ))
}

/// Finds a case admitted to the caller's institution but notified by another, by case number
/// and date of birth (both must match; a case of another prefecture is not found). The
/// institution may report on it from then on.
#[utoipa::path(
    post,
    path = "/api/staff/inpatients/find",
    tag = "staff",
    request_body = FindInpatientCase,
    responses(
        (status = 200, body = InpatientCase),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not institution staff", body = Problem),
        (status = 404, description = "no case with this number and date of birth here", body = Problem),
        (status = 422, description = "invalid fields: case_number, birth_date", body = Problem)
    )
)]
async fn find_inpatient_case(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiJson(request): ApiJson<FindInpatientCase>,
) -> Result<Json<InpatientCase>, ApiError> {
    Ok(Json(
        inpatient::find(&state.db, &state.keys, &caller, &request, state.clock.now()).await?,
    ))
}

/// A case's inpatient status reports, newest first: the institution for its cases,
/// health-centre and follow-up staff for the cases in their scope.
#[utoipa::path(
    get,
    path = "/api/staff/cases/{case_id}/inpatient-reports",
    tag = "staff",
    params(CasePath),
    responses(
        (status = 200, body = InpatientHistory),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 404, description = "no such case in the caller's scope", body = Problem)
    )
)]
async fn list_inpatient_reports(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(CasePath { case_id }): ApiPath<CasePath>,
) -> Result<Json<InpatientHistory>, ApiError> {
    Ok(Json(
        inpatient::history(&state.db, &state.keys, &caller, case_id, state.clock.now()).await?,
    ))
}

/// Files an inpatient status report (institution staff). The outcome decides the case's state:
/// in hospital pauses home follow-up, a discharge home resumes it while the period lasts,
/// recovery in hospital or death ends it.
#[utoipa::path(
    post,
    path = "/api/staff/cases/{case_id}/inpatient-reports",
    tag = "staff",
    params(CasePath),
    request_body = InpatientReportForm,
    responses(
        (status = 201, body = InpatientReportView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not institution staff", body = Problem),
        (status = 404, description = "no such case the institution may report on", body = Problem),
        (status = 409, description = "followup_ended", body = Problem),
        (status = 422, description = "invalid fields", body = Problem)
    )
)]
async fn create_inpatient_report(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(CasePath { case_id }): ApiPath<CasePath>,
    ApiJson(form): ApiJson<InpatientReportForm>,
) -> Result<(StatusCode, Json<InpatientReportView>), ApiError> {
    let view = inpatient::file(
        &state.db,
        &state.keys,
        &state.config.public_url,
        &caller,
        case_id,
        &form,
        state.clock.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(view)))
}
