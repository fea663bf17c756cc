//! The triage work list: the caller's active cases, most urgent first.

use crate::auth::StaffCaller;
use crate::error::{ApiError, ApiQuery};
use crate::services::worklist;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use mimamori_shared::api::Problem;
use mimamori_shared::api::worklist::{WorkList, WorkListQuery};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_worklist))
}

/// One page of the work list: red, amber, not reported, unreviewed, the rest; newest report
/// first within each. Counts cover every bucket of the filtered scope. Every read is audited.
#[utoipa::path(
    get,
    path = "/api/staff/worklist",
    tag = "staff",
    params(WorkListQuery),
    responses(
        (status = 200, body = WorkList),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "the role reads no cases", body = Problem),
        (status = 422, description = "a query value is not valid (named in `errors`)", body = Problem)
    )
)]
async fn get_worklist(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiQuery(query): ApiQuery<WorkListQuery>,
) -> Result<Json<WorkList>, ApiError> {
    Ok(Json(
        worklist::list(&state.db, &state.keys, &caller, &query, state.clock.now()).await?,
    ))
}
