//! Administration: the organisation tree, contracts and staff users (administrators only;
//! anything outside the administrator's organisations answers 404).

use super::csv_upload;
use crate::access::{StaffAction, staff_may};
use crate::auth::StaffCaller;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery};
use crate::services::{admin_orgs, admin_users, bulk_orgs, bulk_users};
use crate::state::AppState;
use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use mimamori_shared::api::Problem;
use mimamori_shared::api::admin::{
    ContractList, ContractView, CreateContract, CreateOrg, CreateUser, OrgNode, OrgTree, UserList,
    UserQuery, UserView,
};
use mimamori_shared::api::bulk_import::{OrgColumn, OrgImportResult, UserColumn, UserImportResult};
use mimamori_shared::api::paths::{ContractPath, StaffPath};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The CSV imports of organisations and users, which take the imports' larger bodies (see
/// `startup::limit_body`).
pub const IMPORT_PATHS: [&str; 2] = [
    "/api/staff/admin/orgs/import",
    "/api/staff/admin/users/import",
];

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_orgs))
        .routes(routes!(get_orgs_template))
        .routes(routes!(import_users))
        .routes(routes!(get_users_template))
        .routes(routes!(list_orgs, create_org))
        .routes(routes!(list_contracts, create_contract))
        .routes(routes!(delete_contract))
        .routes(routes!(list_users, create_user))
        .routes(routes!(deactivate_user))
        .routes(routes!(reset_two_factor))
}

/// The organisations the administrator manages, as a tree.
#[utoipa::path(
    get,
    path = "/api/staff/admin/orgs",
    tag = "staff",
    responses(
        (status = 200, body = OrgTree),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not an administrator", body = Problem)
    )
)]
async fn list_orgs(
    State(state): State<AppState>,
    caller: StaffCaller,
) -> Result<Json<OrgTree>, ApiError> {
    Ok(Json(admin_orgs::tree(&state.db, &caller).await?))
}

/// Creates an organisation: a health centre under a prefecture, a follow-up organisation or
/// medical institution under a health centre.
#[utoipa::path(
    post,
    path = "/api/staff/admin/orgs",
    tag = "staff",
    request_body = CreateOrg,
    responses(
        (status = 201, body = OrgNode),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not an administrator", body = Problem),
        (status = 404, description = "the parent is not one of the administrator's", body = Problem),
        (status = 422, description = "invalid fields", body = Problem)
    )
)]
async fn create_org(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiJson(request): ApiJson<CreateOrg>,
) -> Result<(StatusCode, Json<OrgNode>), ApiError> {
    let org = admin_orgs::create_org(&state.db, &caller, &request, state.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(org)))
}

/// Contracts of the administrator's organisations.
#[utoipa::path(
    get,
    path = "/api/staff/admin/contracts",
    tag = "staff",
    responses(
        (status = 200, body = ContractList),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not an administrator", body = Problem)
    )
)]
async fn list_contracts(
    State(state): State<AppState>,
    caller: StaffCaller,
) -> Result<Json<ContractList>, ApiError> {
    Ok(Json(admin_orgs::list_contracts(&state.db, &caller).await?))
}

/// Makes a contract: the follow-up organisation serves the health centre.
#[utoipa::path(
    post,
    path = "/api/staff/admin/contracts",
    tag = "staff",
    request_body = CreateContract,
    responses(
        (status = 201, body = ContractView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not an administrator", body = Problem),
        (status = 404, description = "an organisation is not one of the administrator's", body = Problem),
        (status = 409, description = "`contract_exists`", body = Problem),
        (status = 422, description = "missing or wrong kind of organisation", body = Problem)
    )
)]
async fn create_contract(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiJson(request): ApiJson<CreateContract>,
) -> Result<(StatusCode, Json<ContractView>), ApiError> {
    let view = admin_orgs::create_contract(&state.db, &caller, &request, state.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Ends a contract.
#[utoipa::path(
    delete,
    path = "/api/staff/admin/contracts/{contract_id}",
    tag = "staff",
    params(ContractPath),
    responses(
        (status = 204, description = "ended"),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not an administrator", body = Problem),
        (status = 404, description = "no such contract among the administrator's", body = Problem),
        (status = 409, description = "`contract_in_use`: cases under follow-up are assigned under it", body = Problem)
    )
)]
async fn delete_contract(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(ContractPath { contract_id }): ApiPath<ContractPath>,
) -> Result<StatusCode, ApiError> {
    admin_orgs::delete_contract(&state.db, &caller, contract_id, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Staff users of the administrator's organisations.
#[utoipa::path(
    get,
    path = "/api/staff/admin/users",
    tag = "staff",
    params(UserQuery),
    responses(
        (status = 200, body = UserList),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not an administrator", body = Problem),
        (status = 422, description = "invalid filter", body = Problem)
    )
)]
async fn list_users(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiQuery(query): ApiQuery<UserQuery>,
) -> Result<Json<UserList>, ApiError> {
    Ok(Json(
        admin_users::list(&state.db, &caller, &query, state.clock.now()).await?,
    ))
}

/// Creates a staff user, who enrols an authenticator at their first sign-in.
#[utoipa::path(
    post,
    path = "/api/staff/admin/users",
    tag = "staff",
    request_body = CreateUser,
    responses(
        (status = 201, body = UserView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not an administrator", body = Problem),
        (status = 404, description = "the organisation is not one of the administrator's", body = Problem),
        (status = 409, description = "`login_taken`", body = Problem),
        (status = 422, description = "invalid fields, or a role that does not fit the organisation", body = Problem)
    )
)]
async fn create_user(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiJson(request): ApiJson<CreateUser>,
) -> Result<(StatusCode, Json<UserView>), ApiError> {
    let user = admin_users::create(&state.db, &caller, &request, state.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(user)))
}

/// Deactivates a staff user: their sessions end and they can no longer sign in.
#[utoipa::path(
    post,
    path = "/api/staff/admin/users/{staff_id}/deactivate",
    tag = "staff",
    params(StaffPath),
    responses(
        (status = 200, body = UserView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not an administrator", body = Problem),
        (status = 404, description = "no such user among the administrator's", body = Problem),
        (status = 409, description = "`own_account`", body = Problem)
    )
)]
async fn deactivate_user(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(StaffPath { staff_id }): ApiPath<StaffPath>,
) -> Result<Json<UserView>, ApiError> {
    Ok(Json(
        admin_users::deactivate(&state.db, &caller, staff_id, state.clock.now()).await?,
    ))
}

/// Resets a staff user's two-factor sign-in: they enrol a new authenticator at their next
/// sign-in.
#[utoipa::path(
    post,
    path = "/api/staff/admin/users/{staff_id}/reset-2fa",
    tag = "staff",
    params(StaffPath),
    responses(
        (status = 200, body = UserView),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not an administrator", body = Problem),
        (status = 404, description = "no such user among the administrator's", body = Problem)
    )
)]
async fn reset_two_factor(
    State(state): State<AppState>,
    caller: StaffCaller,
    ApiPath(StaffPath { staff_id }): ApiPath<StaffPath>,
) -> Result<Json<UserView>, ApiError> {
    Ok(Json(
        admin_users::reset_two_factor(&state.db, &caller, staff_id, state.clock.now()).await?,
    ))
}

/// Imports organisations from a CSV file sent as the body (`text/csv`; UTF-8 or Shift_JIS):
/// health centres, follow-up organisations (with their contracts) and medical institutions.
/// All rows are stored, or none: a 422 lists every problem as `rows[N].field`.
#[utoipa::path(
    post,
    path = "/api/staff/admin/orgs/import",
    tag = "staff",
    request_body(content = String, content_type = "text/csv", description = "The CSV file (docs/operations.md)"),
    responses(
        (status = 200, body = OrgImportResult),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not an administrator", body = Problem),
        (status = 415, description = "not text/csv", body = Problem),
        (status = 422, description = "per-row errors; nothing was stored", body = Problem)
    )
)]
async fn import_orgs(
    State(state): State<AppState>,
    caller: StaffCaller,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<OrgImportResult>, ApiError> {
    let bytes = csv_upload::csv_body(&headers, body).await?;
    Ok(Json(
        bulk_orgs::import(&state.db, &caller, &bytes, state.clock.now()).await?,
    ))
}

/// The organisations file's template (header row, UTF-8 with a byte-order mark).
#[utoipa::path(
    get,
    path = "/api/staff/admin/orgs/import/template",
    tag = "staff",
    responses(
        (status = 200, description = "the template", content_type = "text/csv", body = String),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not an administrator", body = Problem)
    )
)]
async fn get_orgs_template(caller: StaffCaller) -> Result<Response, ApiError> {
    // The template holds no data, but only those who may import need it.
    may(&caller, StaffAction::ManageOrgs)?;
    Ok(csv_upload::template::<OrgColumn>(
        "mimamori-organisations-template.csv",
    ))
}

/// Imports staff users from a CSV file sent as the body (`text/csv`). All rows are stored, or
/// none; each user gets a one-time password, answered this once, and enrols an authenticator
/// at the first sign-in.
#[utoipa::path(
    post,
    path = "/api/staff/admin/users/import",
    tag = "staff",
    request_body(content = String, content_type = "text/csv", description = "The CSV file (docs/operations.md)"),
    responses(
        (status = 200, body = UserImportResult),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not an administrator", body = Problem),
        (status = 415, description = "not text/csv", body = Problem),
        (status = 422, description = "per-row errors; nothing was stored", body = Problem)
    )
)]
async fn import_users(
    State(state): State<AppState>,
    caller: StaffCaller,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<UserImportResult>, ApiError> {
    let bytes = csv_upload::csv_body(&headers, body).await?;
    Ok(Json(
        bulk_users::import(&state.db, &caller, &bytes, state.clock.now()).await?,
    ))
}

/// The staff users file's template (header row, UTF-8 with a byte-order mark).
#[utoipa::path(
    get,
    path = "/api/staff/admin/users/import/template",
    tag = "staff",
    responses(
        (status = 200, description = "the template", content_type = "text/csv", body = String),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "not an administrator", body = Problem)
    )
)]
async fn get_users_template(caller: StaffCaller) -> Result<Response, ApiError> {
    may(&caller, StaffAction::ManageUsers)?;
    Ok(csv_upload::template::<UserColumn>(
        "mimamori-staff-template.csv",
    ))
}

/// 403 unless the policy lets the caller's role do `action`.
fn may(caller: &StaffCaller, action: StaffAction) -> Result<(), ApiError> {
    if staff_may(caller.role, action) {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}
