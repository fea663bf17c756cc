//! The caller's own notifications (red reports, escalations, cut-off summaries). Every staff
//! role has a list; nobody reads or marks another's.

use crate::auth::StaffCaller;
use crate::error::{ApiError, ApiJson, ApiQuery};
use crate::services::staff_notifications;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use mimamori_shared::api::Problem;
use mimamori_shared::api::staff_notifications::{
    MarkNotificationsRead, MarkedRead, NotificationList, NotificationQuery,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_notifications))
        .routes(routes!(mark_notifications_read))
}

/// The caller's notifications, newest first, with how many are unread.
#[utoipa::path(
    get,
    path = "/api/staff/notifications",
    tag = "staff",
    params(NotificationQuery),
    responses(
        (status = 200, body = NotificationList),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 422, description = "invalid limit or cursor", body = Problem)
    )
)]
async fn list_notifications(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiQuery(query): ApiQuery<NotificationQuery>,
) -> Result<Json<NotificationList>, ApiError> {
    Ok(Json(
        staff_notifications::list(&state.db, &caller, &query, state.clock.now()).await?,
    ))
}

/// Marks the caller's notifications read: those named in `ids`, or all with `all: true`.
#[utoipa::path(
    post,
    path = "/api/staff/notifications/read",
    tag = "staff",
    request_body = MarkNotificationsRead,
    responses(
        (status = 200, description = "how many were marked, how many are left", body = MarkedRead),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 404, description = "an id is not one of the caller's notifications", body = Problem),
        (status = 422, description = "neither ids nor all, or both", body = Problem)
    )
)]
async fn mark_notifications_read(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiJson(request): ApiJson<MarkNotificationsRead>,
) -> Result<Json<MarkedRead>, ApiError> {
    Ok(Json(
        staff_notifications::mark_read(&state.db, &caller, &request, state.clock.now()).await?,
    ))
}
