//! Administrative test counts (行政検査実施数): an institution's days, filing and correcting a
//! day, and the health centre's summaries (JSON and CSV).

use super::staff_implementation_reports::download;
use crate::auth::StaffCaller;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery};
use crate::services::test_counts;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::response::Response;
use mimamori_shared::api::Problem;
use mimamori_shared::api::test_counts::{
    TestCountForm, TestCountList, TestCountQuery, TestCountSummary, TestCountSummaryQuery,
    TestCountView,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_test_counts))
        .routes(routes!(put_test_count))
        .routes(routes!(get_test_count_summary))
        .routes(routes!(get_test_count_summary_csv))
}

/// The caller's institution's days (default: those that can still be corrected), newest first.
#[utoipa::path(
    get,
    path = "/api/staff/test-counts",
    tag = "staff",
    params(TestCountQuery),
    responses(
        (status = 200, body = TestCountList),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not institution staff", body = Problem),
        (status = 422, description = "invalid fields: from, to", body = Problem)
    )
)]
async fn list_test_counts(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiQuery(query): ApiQuery<TestCountQuery>,
) -> Result<Json<TestCountList>, ApiError> {
    Ok(Json(
        test_counts::list(&state.db, &caller, &query, state.clock.now()).await?,
    ))
}

/// Files a day's counts, or corrects them: the record is replaced and its revision goes up.
#[utoipa::path(
    put,
    path = "/api/staff/test-counts/{date}",
    tag = "staff",
    params(("date" = String, Path, description = "the day counted, YYYY-MM-DD")),
    request_body = TestCountForm,
    responses(
        (status = 200, description = "filed or corrected", body = TestCountView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not institution staff", body = Problem),
        (status = 409, description = "no_health_centre", body = Problem),
        (status = 422, description = "invalid fields: date and the four counts", body = Problem)
    )
)]
async fn put_test_count(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(date): ApiPath<String>,
    ApiJson(form): ApiJson<TestCountForm>,
) -> Result<Json<TestCountView>, ApiError> {
    Ok(Json(
        test_counts::put(&state.db, &caller, &date, &form, state.clock.now()).await?,
    ))
}

/// Sums of the caller's health centre's institutions, or of its prefecture's: by day, by
/// institution and in total.
#[utoipa::path(
    get,
    path = "/api/staff/test-counts/summary",
    tag = "staff",
    params(TestCountSummaryQuery),
    responses(
        (status = 200, body = TestCountSummary),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not health-centre staff", body = Problem),
        (status = 422, description = "invalid fields: level, from, to", body = Problem)
    )
)]
async fn get_test_count_summary(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiQuery(query): ApiQuery<TestCountSummaryQuery>,
) -> Result<Json<TestCountSummary>, ApiError> {
    Ok(Json(
        test_counts::summary(&state.db, &caller, &query, state.clock.now()).await?,
    ))
}

/// The summary as CSV (UTF-8 with BOM, Japanese headers), one row per institution and day.
#[utoipa::path(
    get,
    path = "/api/staff/test-counts/summary.csv",
    tag = "staff",
    params(TestCountSummaryQuery),
    responses(
        (status = 200, description = "the figures", content_type = "text/csv", body = String),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not health-centre staff", body = Problem),
        (status = 422, description = "invalid fields: level, from, to", body = Problem)
    )
)]
async fn get_test_count_summary_csv(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiQuery(query): ApiQuery<TestCountSummaryQuery>,
) -> Result<Response, ApiError> {
    download(test_counts::summary_csv(&state.db, &caller, &query, state.clock.now()).await?)
}
