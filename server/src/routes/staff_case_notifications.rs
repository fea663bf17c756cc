//! Notifications of a case (発生届): a medical institution files them, the health centre with
//! jurisdiction accepts or returns them (the contract: `mimamori_shared::api::case_notifications`).

use crate::auth::StaffCaller;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery};
use crate::services::intake::RegisterError;
use crate::services::{case_notifications, notification_intake};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use mimamori_shared::api::Problem;
use mimamori_shared::api::case_notifications::{
    AcceptNotification, AcceptedNotification, NotificationDefaults, NotificationForm,
    NotificationList, NotificationQuery, NotificationView, ReturnNotification,
};
use mimamori_shared::api::intake::DuplicateCaseProblem;
use mimamori_shared::api::paths::NotificationPath;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_notification_defaults))
        .routes(routes!(list_notifications, create_notification))
        .routes(routes!(get_notification, update_notification))
        .routes(routes!(submit_notification))
        .routes(routes!(accept_notification))
        .routes(routes!(return_notification))
}

/// What a new notification starts from: the caller's institution, the health centre it goes
/// to, and the form with today's dates and the caller as the diagnosing doctor.
#[utoipa::path(
    get,
    path = "/api/staff/case-notifications/defaults",
    tag = "staff",
    responses(
        (status = 200, body = NotificationDefaults),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not institution staff", body = Problem),
        (status = 409, description = "`no_health_centre`: the institution is not under a health centre", body = Problem)
    )
)]
async fn get_notification_defaults(
    State(state): State<AppState>,
    caller: StaffCaller,
) -> Result<Json<NotificationDefaults>, ApiError> {
    Ok(Json(
        case_notifications::defaults(&state.db, &caller, state.clock.now()).await?,
    ))
}

/// The caller's notifications, last changed first: an institution's own (drafts included), a
/// health centre's intake queue (what was submitted to it).
#[utoipa::path(
    get,
    path = "/api/staff/case-notifications",
    tag = "staff",
    params(NotificationQuery),
    responses(
        (status = 200, body = NotificationList),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "neither institution nor health-centre staff", body = Problem),
        (status = 422, description = "unknown status", body = Problem)
    )
)]
async fn list_notifications(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiQuery(query): ApiQuery<NotificationQuery>,
) -> Result<Json<NotificationList>, ApiError> {
    Ok(Json(
        case_notifications::list(&state.db, &state.keys, &caller, &query, state.clock.now())
            .await?,
    ))
}

/// Saves a new draft; only the format of what is filled in is checked.
#[utoipa::path(
    post,
    path = "/api/staff/case-notifications",
    tag = "staff",
    request_body = NotificationForm,
    responses(
        (status = 201, body = NotificationView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not institution staff", body = Problem),
        (status = 409, description = "`no_health_centre`", body = Problem),
        (status = 422, description = "invalid fields", body = Problem)
    )
)]
async fn create_notification(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiJson(form): ApiJson<NotificationForm>,
) -> Result<(StatusCode, Json<NotificationView>), ApiError> {
    let view =
        case_notifications::create(&state.db, &state.keys, &caller, &form, state.clock.now())
            .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// One notification with its whole form; for a health centre, with a possible duplicate case.
#[utoipa::path(
    get,
    path = "/api/staff/case-notifications/{notification_id}",
    tag = "staff",
    params(NotificationPath),
    responses(
        (status = 200, body = NotificationView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 404, description = "no such notification in the caller's scope", body = Problem)
    )
)]
async fn get_notification(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(NotificationPath { notification_id }): ApiPath<NotificationPath>,
) -> Result<Json<NotificationView>, ApiError> {
    Ok(Json(
        case_notifications::get(
            &state.db,
            &state.keys,
            &caller,
            notification_id,
            state.clock.now(),
        )
        .await?,
    ))
}

/// Replaces the form of a draft or returned notification.
#[utoipa::path(
    put,
    path = "/api/staff/case-notifications/{notification_id}",
    tag = "staff",
    params(NotificationPath),
    request_body = NotificationForm,
    responses(
        (status = 200, body = NotificationView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not the filing institution's staff", body = Problem),
        (status = 404, description = "no such notification in the caller's scope", body = Problem),
        (status = 409, description = "`not_editable`: submitted or accepted", body = Problem),
        (status = 422, description = "invalid fields", body = Problem)
    )
)]
async fn update_notification(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(NotificationPath { notification_id }): ApiPath<NotificationPath>,
    ApiJson(form): ApiJson<NotificationForm>,
) -> Result<Json<NotificationView>, ApiError> {
    Ok(Json(
        case_notifications::update(
            &state.db,
            &state.keys,
            &caller,
            notification_id,
            &form,
            state.clock.now(),
        )
        .await?,
    ))
}

/// Submits a draft or returned notification to the health centre; 422 lists every field
/// that is missing or wrong.
#[utoipa::path(
    post,
    path = "/api/staff/case-notifications/{notification_id}/submit",
    tag = "staff",
    params(NotificationPath),
    responses(
        (status = 200, body = NotificationView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not the filing institution's staff", body = Problem),
        (status = 404, description = "no such notification in the caller's scope", body = Problem),
        (status = 409, description = "`not_editable`: submitted already or accepted", body = Problem),
        (status = 422, description = "missing or invalid fields", body = Problem)
    )
)]
async fn submit_notification(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(NotificationPath { notification_id }): ApiPath<NotificationPath>,
) -> Result<Json<NotificationView>, ApiError> {
    Ok(Json(
        case_notifications::submit(
            &state.db,
            &state.keys,
            &state.config.public_url,
            &caller,
            notification_id,
            state.clock.now(),
        )
        .await?,
    ))
}

/// Accepts a submitted notification: registers the case (optionally assigned at once), or
/// links the notification to the case already registered for the person.
#[utoipa::path(
    post,
    path = "/api/staff/case-notifications/{notification_id}/accept",
    tag = "staff",
    params(NotificationPath),
    request_body = AcceptNotification,
    responses(
        (status = 200, body = AcceptedNotification),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not health-centre staff", body = Problem),
        (status = 404, description = "no such notification in the caller's scope", body = Problem),
        (status = 409, description = "`duplicate_case` (with the existing case) or `not_submitted`", body = DuplicateCaseProblem),
        (status = 422, description = "invalid fields (`followup_org_id`, `link_to_case`, dates)", body = Problem)
    )
)]
async fn accept_notification(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(NotificationPath { notification_id }): ApiPath<NotificationPath>,
    ApiJson(request): ApiJson<AcceptNotification>,
) -> Result<Json<AcceptedNotification>, RegisterError> {
    Ok(Json(
        notification_intake::accept(
            &state.db,
            &state.keys,
            &state.config.public_url,
            &caller,
            notification_id,
            &request,
            state.clock.now(),
        )
        .await?,
    ))
}

/// Returns a submitted notification to the institution with a comment.
#[utoipa::path(
    post,
    path = "/api/staff/case-notifications/{notification_id}/return",
    tag = "staff",
    params(NotificationPath),
    request_body = ReturnNotification,
    responses(
        (status = 200, body = NotificationView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not health-centre staff", body = Problem),
        (status = 404, description = "no such notification in the caller's scope", body = Problem),
        (status = 409, description = "`not_submitted`", body = Problem),
        (status = 422, description = "`comment` missing or too long", body = Problem)
    )
)]
async fn return_notification(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(NotificationPath { notification_id }): ApiPath<NotificationPath>,
    ApiJson(request): ApiJson<ReturnNotification>,
) -> Result<Json<NotificationView>, ApiError> {
    Ok(Json(
        notification_intake::return_notification(
            &state.db,
            &state.keys,
            &state.config.public_url,
            &caller,
            notification_id,
            &request,
            state.clock.now(),
        )
        .await?,
    ))
}
