//! The audit log for administrators.

use crate::auth::StaffCaller;
use crate::error::{ApiError, ApiQuery};
use crate::services::audit_view;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use mimamori_shared::api::Problem;
use mimamori_shared::api::audit::{AuditList, AuditQuery};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_audit_entries))
}

/// Audit entries within the administrator's organisations, newest first.
#[utoipa::path(
    get,
    path = "/api/staff/admin/audit",
    tag = "staff",
    params(AuditQuery),
    responses(
        (status = 200, body = AuditList),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not an administrator", body = Problem),
        (status = 422, description = "invalid filter", body = Problem)
    )
)]
async fn list_audit_entries(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Json<AuditList>, ApiError> {
    Ok(Json(
        audit_view::list(&state.db, &caller, &query, state.clock.now()).await?,
    ))
}
