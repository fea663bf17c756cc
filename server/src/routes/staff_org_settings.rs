//! An organisation's scheduler settings (administrators, within their organisations; anything
//! else answers 404).

use crate::auth::StaffCaller;
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::services::org_settings_admin;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use mimamori_shared::api::Problem;
use mimamori_shared::api::org_settings::{OrgSettingsView, UpdateOrgSettings};
use mimamori_shared::api::paths::OrgPath;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_org_settings, update_org_settings))
}

/// The settings in force for an organisation (its own or the defaults).
#[utoipa::path(
    get,
    path = "/api/staff/admin/orgs/{org_id}/settings",
    tag = "staff",
    params(OrgPath),
    responses(
        (status = 200, body = OrgSettingsView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not an administrator", body = Problem),
        (status = 404, description = "not one of the administrator's organisations", body = Problem)
    )
)]
async fn get_org_settings(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(OrgPath { org_id }): ApiPath<OrgPath>,
) -> Result<Json<OrgSettingsView>, ApiError> {
    Ok(Json(
        org_settings_admin::get(&state.db, &caller, org_id, state.clock.now()).await?,
    ))
}

/// Replaces an organisation's settings; they apply from the scheduler's next minute.
#[utoipa::path(
    put,
    path = "/api/staff/admin/orgs/{org_id}/settings",
    tag = "staff",
    params(OrgPath),
    request_body = UpdateOrgSettings,
    responses(
        (status = 200, body = OrgSettingsView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not an administrator", body = Problem),
        (status = 404, description = "not one of the administrator's organisations", body = Problem),
        (status = 422, description = "invalid fields", body = Problem)
    )
)]
async fn update_org_settings(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(OrgPath { org_id }): ApiPath<OrgPath>,
    ApiJson(request): ApiJson<UpdateOrgSettings>,
) -> Result<Json<OrgSettingsView>, ApiError> {
    Ok(Json(
        org_settings_admin::update(&state.db, &caller, org_id, &request, state.clock.now()).await?,
    ))
}
