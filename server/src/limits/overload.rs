//! The overload guard: a request that takes longer than the timeout, or that arrives while the
//! most requests the instance serves at once are in flight, is answered 503 problem+json with
//! `Retry-After` at once (tower's `Timeout`, `ConcurrencyLimit` and `LoadShed`), instead of
//! queueing without end while a morning rush piles up behind it.

use super::settings::LimitSettings;
use crate::error::ApiError;
use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::response::{IntoResponse, Response};
use tower::limit::GlobalConcurrencyLimitLayer;
use tower::{BoxError, ServiceBuilder};

/// `router` behind the guard `settings` describe.
pub fn guard(router: Router, settings: &LimitSettings) -> Router {
    router.layer(
        ServiceBuilder::new()
            .layer(HandleErrorLayer::new(answer))
            .load_shed()
            // Global: `Router::layer` gives every route its own copy of the layer, and a plain
            // concurrency limit would then count each route apart.
            .layer(GlobalConcurrencyLimitLayer::new(
                settings.max_concurrent_requests.max(1),
            ))
            .timeout(settings.request_timeout()),
    )
}

/// The answer to a request the guard stopped. A timed-out request was dropped where it stood
/// and nothing was acknowledged: a database transaction in it rolls back, while a report
/// already handed to PostgreSQL's batched writer may still be stored; the app resends under
/// the same idempotency key, which stores it once either way.
async fn answer(error: BoxError) -> Response {
    let limit = if error.is::<tower::timeout::error::Elapsed>() {
        "timeout"
    } else if error.is::<tower::load_shed::error::Overloaded>() {
        "overloaded"
    } else {
        return ApiError::Internal(anyhow::anyhow!("request failed: {error}")).into_response();
    };
    metrics::counter!(crate::metrics::name::LIMITED, "limit" => limit).increment(1);
    ApiError::Unavailable.into_response()
}
