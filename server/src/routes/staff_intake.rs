//! Health-centre work: registering cases (by hand or CSV), assigning them, and issuing the
//! patient's invitation.

use super::csv_upload;
use crate::auth::StaffCaller;
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::services::intake::{self, RegisterError};
use crate::services::{assignment, intake_csv};
use crate::state::AppState;
use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::Duration;
use mimamori_shared::api::Problem;
use mimamori_shared::api::intake::{
    AssignCase, AssignmentView, ContractedOrgList, DuplicateCaseProblem, ImportResult,
    InvitationView, RegisterCase, RegisteredCase,
};
use mimamori_shared::api::intake_csv::CsvColumn;
use mimamori_shared::api::paths::CasePath;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The path of the CSV import, which with the other imports takes a body larger than the
/// API's usual limit (see `startup::limit_body`).
pub const IMPORT_PATH: &str = "/api/staff/cases/import";

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register_case))
        .routes(routes!(import_cases))
        .routes(routes!(get_import_template))
        .routes(routes!(list_contracted_orgs))
        .routes(routes!(assign_case))
        .routes(routes!(issue_invitation))
}

/// Registers a case by hand (health-centre staff).
#[utoipa::path(
    post,
    path = "/api/staff/cases",
    tag = "staff",
    request_body = RegisterCase,
    responses(
        (status = 201, body = RegisteredCase),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not health-centre staff", body = Problem),
        (status = 409, description = "`duplicate_case`: the same person is registered", body = DuplicateCaseProblem),
        (status = 422, description = "invalid fields", body = Problem)
    )
)]
async fn register_case(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiJson(request): ApiJson<RegisterCase>,
) -> Result<(StatusCode, Json<RegisteredCase>), RegisterError> {
    let case =
        intake::register(&state.db, &state.keys, &caller, &request, state.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(case)))
}

/// Imports cases from a CSV file sent as the body (`text/csv`; UTF-8 or Shift_JIS). All rows
/// are stored, or none: a 422 lists every problem as `rows[N].field` (the header is row 1).
#[utoipa::path(
    post,
    path = "/api/staff/cases/import",
    tag = "staff",
    request_body(content = String, content_type = "text/csv", description = "The CSV file (docs/health-centre.md)"),
    responses(
        (status = 200, body = ImportResult),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not health-centre staff", body = Problem),
        (status = 413, description = "larger than 2 MB"),
        (status = 415, description = "not text/csv", body = Problem),
        (status = 422, description = "per-row errors; nothing was stored", body = Problem)
    )
)]
async fn import_cases(
    State(state): State<AppState>,
    caller: StaffCaller,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<ImportResult>, ApiError> {
    let bytes = csv_upload::csv_body(&headers, body).await?;
    Ok(Json(
        intake_csv::import(&state.db, &state.keys, &caller, &bytes, state.clock.now()).await?,
    ))
}

/// The import file's template: the header row, UTF-8 with a byte-order mark so Excel opens it
/// with the right encoding.
#[utoipa::path(
    get,
    path = "/api/staff/cases/import/template",
    tag = "staff",
    responses(
        (status = 200, description = "the template", content_type = "text/csv", body = String),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not health-centre staff", body = Problem)
    )
)]
async fn get_import_template(
    State(state): State<AppState>,
    caller: StaffCaller,
) -> Result<Response, ApiError> {
    // The template holds no data, but only those who may import need it.
    intake::contracted_orgs(&state.db, &caller).await?;
    Ok(csv_upload::template::<CsvColumn>(
        "mimamori-cases-template.csv",
    ))
}

/// The follow-up organisations with a contract with the caller's health centre.
#[utoipa::path(
    get,
    path = "/api/staff/contracted-orgs",
    tag = "staff",
    responses(
        (status = 200, body = ContractedOrgList),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not health-centre staff", body = Problem)
    )
)]
async fn list_contracted_orgs(
    State(state): State<AppState>,
    caller: StaffCaller,
) -> Result<Json<ContractedOrgList>, ApiError> {
    Ok(Json(intake::contracted_orgs(&state.db, &caller).await?))
}

/// Assigns a case to a follow-up organisation, or transfers it to another.
#[utoipa::path(
    put,
    path = "/api/staff/cases/{case_id}/assignment",
    tag = "staff",
    params(CasePath),
    request_body = AssignCase,
    responses(
        (status = 200, body = AssignmentView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not health-centre staff", body = Problem),
        (status = 404, description = "no such case in the caller's scope", body = Problem),
        (status = 409, description = "`followup_ended`", body = Problem),
        (status = 422, description = "`followup_org_id`: required, or no contract", body = Problem)
    )
)]
async fn assign_case(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(CasePath { case_id }): ApiPath<CasePath>,
    ApiJson(request): ApiJson<AssignCase>,
) -> Result<Json<AssignmentView>, ApiError> {
    Ok(Json(
        assignment::assign(
            &state.db,
            &state.keys,
            &caller,
            case_id,
            &request,
            state.clock.now(),
        )
        .await?,
    ))
}

/// Issues a fresh invitation (link and QR code) and revokes the case's earlier unused ones.
#[utoipa::path(
    post,
    path = "/api/staff/cases/{case_id}/invitation",
    tag = "staff",
    params(CasePath),
    responses(
        (status = 201, body = InvitationView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not health-centre staff", body = Problem),
        (status = 404, description = "no such case in the caller's scope", body = Problem),
        (status = 409, description = "`followup_ended` or `already_enrolled`", body = Problem)
    )
)]
async fn issue_invitation(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(CasePath { case_id }): ApiPath<CasePath>,
) -> Result<(StatusCode, Json<InvitationView>), ApiError> {
    let view = assignment::issue_invitation(
        &state.db,
        &state.keys,
        &caller,
        case_id,
        &state.config.public_url,
        Duration::hours(state.config.invitation_ttl_hours),
        state.clock.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(view)))
}
