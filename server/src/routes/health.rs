//! Liveness and readiness for load balancers and orchestrators.

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(healthz))
        .routes(routes!(readyz))
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, description = "alive", body = String)))]
async fn healthz() -> &'static str {
    "ok"
}

/// The process can serve requests: the database answers.
#[utoipa::path(
    get,
    path = "/readyz",
    tag = "operations",
    responses((status = 200, description = "ready", body = String), (status = 503, description = "database unreachable", body = mimamori_shared::api::Problem))
)]
async fn readyz(State(state): State<AppState>) -> Result<&'static str, ApiError> {
    state.db.ping().await.map_err(|_| ApiError::Unavailable)?;
    Ok("ready")
}
