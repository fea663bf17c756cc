//! Follow-up actions on a case record: calls, proxy reports, reviews, amendments of findings,
//! escalation and the end of follow-up. Each is checked by the access policy (404 out of scope,
//! 403 for a role that may not), refused on an ended case (409 `followup_ended`) and audited.

use crate::auth::StaffCaller;
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::services::staff_notifications::NotifySettings;
use crate::services::{case_actions, findings, reports};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use mimamori_shared::api::Problem;
use mimamori_shared::api::case_actions::{
    CreateCall, CreateEscalation, EndFollowUp, MarkReviewed, ReviewView,
};
use mimamori_shared::api::cases::{CaseEventView, CaseView};
use mimamori_shared::api::findings::{CreateFinding, FindingView};
use mimamori_shared::api::paths::{CaseFindingPath, CasePath};
use mimamori_shared::api::reports::{CreateReport, ReportView};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_call))
        .routes(routes!(create_proxy_report))
        .routes(routes!(mark_reviewed))
        .routes(routes!(amend_finding))
        .routes(routes!(create_escalation))
        .routes(routes!(end_follow_up))
}

/// Records a phone call to the patient (reached / no answer / wrong number) in the timeline.
#[utoipa::path(
    post,
    path = "/api/staff/cases/{case_id}/calls",
    tag = "staff",
    params(CasePath),
    request_body = CreateCall,
    responses(
        (status = 201, body = CaseEventView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "the role may not log calls", body = Problem),
        (status = 404, description = "no such case in the caller's scope", body = Problem),
        (status = 409, description = "followup_ended", body = Problem),
        (status = 422, description = "invalid fields: outcome, note", body = Problem)
    )
)]
async fn create_call(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(CasePath { case_id }): ApiPath<CasePath>,
    ApiJson(request): ApiJson<CreateCall>,
) -> Result<(StatusCode, Json<CaseEventView>), ApiError> {
    let event = case_actions::log_call(
        &state.db,
        &state.keys,
        &caller,
        case_id,
        &request,
        state.clock.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(event)))
}

/// Enters a report for the patient after a call (代理入力). The same `idempotency_key` sent
/// again stores nothing new and answers 200 with the stored report.
#[utoipa::path(
    post,
    path = "/api/staff/cases/{case_id}/reports",
    tag = "staff",
    params(CasePath),
    request_body = CreateReport,
    responses(
        (status = 201, description = "stored, entered by staff", body = ReportView),
        (status = 200, description = "already stored under this idempotency key", body = ReportView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "the role may not enter reports", body = Problem),
        (status = 404, description = "no such case in the caller's scope", body = Problem),
        (status = 409, description = "followup_ended", body = Problem),
        (status = 422, description = "invalid fields", body = Problem)
    )
)]
async fn create_proxy_report(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(CasePath { case_id }): ApiPath<CasePath>,
    ApiJson(request): ApiJson<CreateReport>,
) -> Result<(StatusCode, Json<ReportView>), ApiError> {
    // SQLite: wait in line for the one writer's turn (see `WriteQueue`).
    let _turn = state.report_writes.turn().await;
    let (view, stored) = reports::submit_by_staff(
        &state.db,
        &state.keys,
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

/// Marks reports reviewed: those named in `report_ids`, or every unreviewed one of the case.
#[utoipa::path(
    post,
    path = "/api/staff/cases/{case_id}/reviews",
    tag = "staff",
    params(CasePath),
    request_body = MarkReviewed,
    responses(
        (status = 200, description = "how many were newly marked", body = ReviewView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "the role may not mark reports reviewed", body = Problem),
        (status = 404, description = "no such case in the caller's scope", body = Problem),
        (status = 409, description = "followup_ended", body = Problem),
        (status = 422, description = "report_ids names a report not of this case", body = Problem)
    )
)]
async fn mark_reviewed(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(CasePath { case_id }): ApiPath<CasePath>,
    ApiJson(request): ApiJson<MarkReviewed>,
) -> Result<Json<ReviewView>, ApiError> {
    let view =
        case_actions::mark_reviewed(&state.db, &caller, case_id, &request, state.clock.now())
            .await?;
    Ok(Json(view))
}

/// Amends a physician finding (doctors only): a new finding pointing at the one amended, which
/// stays as it was. An ended case's findings may be amended; after the organisation's access
/// to the case lapsed, only a finding its own doctors wrote, and the health centre is told.
#[utoipa::path(
    post,
    path = "/api/staff/cases/{case_id}/findings/{finding_id}/amendments",
    tag = "staff",
    params(CaseFindingPath),
    request_body = CreateFinding,
    responses(
        (status = 201, body = FindingView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not a doctor", body = Problem),
        (status = 404, description = "no such case in the caller's scope, or no such finding of it", body = Problem),
        (status = 422, description = "invalid fields: assessment, plan, report_id", body = Problem)
    )
)]
async fn amend_finding(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(CaseFindingPath {
        case_id,
        finding_id,
    }): ApiPath<CaseFindingPath>,
    ApiJson(request): ApiJson<CreateFinding>,
) -> Result<(StatusCode, Json<FindingView>), ApiError> {
    let view = findings::amend(
        &state.db,
        &state.keys,
        &caller,
        case_id,
        finding_id,
        &request,
        state.clock.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Escalates the case to the health centre (doctors only), with a note saying why.
#[utoipa::path(
    post,
    path = "/api/staff/cases/{case_id}/escalations",
    tag = "staff",
    params(CasePath),
    request_body = CreateEscalation,
    responses(
        (status = 201, body = CaseEventView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not a doctor", body = Problem),
        (status = 404, description = "no such case in the caller's scope", body = Problem),
        (status = 409, description = "followup_ended", body = Problem),
        (status = 422, description = "invalid fields: note", body = Problem)
    )
)]
async fn create_escalation(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(CasePath { case_id }): ApiPath<CasePath>,
    ApiJson(request): ApiJson<CreateEscalation>,
) -> Result<(StatusCode, Json<CaseEventView>), ApiError> {
    let event = case_actions::escalate(
        &state.db,
        &state.keys,
        &state.config.public_url,
        &caller,
        case_id,
        &request,
        state.clock.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(event)))
}

/// Ends follow-up with a reason code (follow-up doctors and health-centre staff). The record is
/// read-only afterwards.
#[utoipa::path(
    post,
    path = "/api/staff/cases/{case_id}/end",
    tag = "staff",
    params(CasePath),
    request_body = EndFollowUp,
    responses(
        (status = 200, description = "the ended case record", body = CaseView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "the role may not end follow-up", body = Problem),
        (status = 404, description = "no such case in the caller's scope", body = Problem),
        (status = 409, description = "followup_ended (already ended)", body = Problem),
        (status = 422, description = "invalid fields: reason, note", body = Problem)
    )
)]
async fn end_follow_up(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(CasePath { case_id }): ApiPath<CasePath>,
    ApiJson(request): ApiJson<EndFollowUp>,
) -> Result<Json<CaseView>, ApiError> {
    let view = case_actions::end_follow_up(
        &state.db,
        &state.keys,
        &caller,
        case_id,
        &request,
        state.clock.now(),
    )
    .await?;
    Ok(Json(view))
}
