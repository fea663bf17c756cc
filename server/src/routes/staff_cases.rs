//! The case record and physician findings.

use crate::auth::StaffCaller;
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::limits::Account;
use crate::services::{cases, findings, messages};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use mimamori_shared::api::Problem;
use mimamori_shared::api::cases::CaseView;
use mimamori_shared::api::findings::{CreateFinding, FindingView};
use mimamori_shared::api::paths::CasePath;
use mimamori_shared::api::patient::{CreateMessage, MessageView};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_case))
        .routes(routes!(create_finding))
        .routes(routes!(create_message))
}

/// The case record with its reports and findings. Every read is audited.
#[utoipa::path(
    get,
    path = "/api/staff/cases/{case_id}",
    tag = "staff",
    params(CasePath),
    responses(
        (status = 200, body = CaseView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 404, description = "no such case in the caller's scope", body = Problem)
    )
)]
async fn get_case(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(CasePath { case_id }): ApiPath<CasePath>,
) -> Result<Json<CaseView>, ApiError> {
    Ok(Json(
        cases::get_for_staff(&state.db, &state.keys, &caller, case_id, state.clock.now()).await?,
    ))
}

/// Writes a physician finding (doctors only).
#[utoipa::path(
    post,
    path = "/api/staff/cases/{case_id}/findings",
    tag = "staff",
    params(CasePath),
    request_body = CreateFinding,
    responses(
        (status = 201, body = FindingView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not a doctor", body = Problem),
        (status = 404, description = "no such case in the caller's scope", body = Problem),
        (status = 422, description = "invalid fields", body = Problem)
    )
)]
async fn create_finding(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(CasePath { case_id }): ApiPath<CasePath>,
    ApiJson(request): ApiJson<CreateFinding>,
) -> Result<(StatusCode, Json<FindingView>), ApiError> {
    let view = findings::create(
        &state.db,
        &state.keys,
        &caller,
        case_id,
        &request,
        state.clock.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Writes a message to the patient, shown in the patient app's history.
#[utoipa::path(
    post,
    path = "/api/staff/cases/{case_id}/messages",
    tag = "staff",
    params(CasePath),
    request_body = CreateMessage,
    responses(
        (status = 201, body = MessageView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 404, description = "no such case in the caller's scope", body = Problem),
        (status = 422, description = "invalid fields", body = Problem),
        (status = 429, description = "rate_limited: too many messages", body = Problem)
    )
)]
async fn create_message(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(CasePath { case_id }): ApiPath<CasePath>,
    ApiJson(request): ApiJson<CreateMessage>,
) -> Result<(StatusCode, Json<MessageView>), ApiError> {
    state.limits.message(Account::Staff(caller.staff_id.0))?;
    let view = messages::create(
        &state.db,
        &state.keys,
        &caller,
        case_id,
        &request,
        state.clock.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(view)))
}
