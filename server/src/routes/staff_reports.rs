//! The staff's list of a day's reports.

use crate::auth::StaffCaller;
use crate::error::{ApiError, ApiQuery};
use crate::services::cases;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use mimamori_shared::api::Problem;
use mimamori_shared::api::reports::{DailyReportList, DailyReportQuery};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_daily_reports))
}

/// A day's reports for the caller's organisation, red first.
#[utoipa::path(
    get,
    path = "/api/staff/reports",
    tag = "staff",
    params(DailyReportQuery),
    responses(
        (status = 200, body = DailyReportList),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 422, description = "invalid date", body = Problem)
    )
)]
async fn list_daily_reports(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiQuery(query): ApiQuery<DailyReportQuery>,
) -> Result<Json<DailyReportList>, ApiError> {
    Ok(Json(
        cases::daily_reports(
            &state.db,
            &state.keys,
            &caller,
            query.date,
            state.clock.now(),
        )
        .await?,
    ))
}
