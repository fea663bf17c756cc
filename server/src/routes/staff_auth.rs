//! Staff sign-in (ID + password + TOTP), sign-out and "who am I".

use crate::auth::caller::STAFF_ABSOLUTE_TIMEOUT;
use crate::auth::cookies::{self, STAFF_COOKIE};
use crate::auth::{ClientAddr, StaffCaller};
use crate::error::{ApiError, ApiJson};
use crate::services::staff_auth;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;
use mimamori_shared::api::Problem;
use mimamori_shared::api::auth::{StaffMe, StaffSignIn};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_staff_session, delete_staff_session))
        .routes(routes!(get_staff_me))
}

/// Signs in with login ID, password and the current TOTP code.
#[utoipa::path(
    post,
    path = "/api/staff/session",
    tag = "staff",
    request_body = StaffSignIn,
    responses(
        (status = 200, description = "signed in", body = StaffMe),
        (status = 401, description = "invalid_credentials", body = Problem),
        (status = 422, description = "invalid fields", body = Problem)
    )
)]
async fn create_staff_session(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    jar: CookieJar,
    ApiJson(request): ApiJson<StaffSignIn>,
) -> Result<(CookieJar, Json<StaffMe>), ApiError> {
    let (token, me) = staff_auth::sign_in(&state.db, &request, addr, state.clock.now()).await?;
    let cookie = cookies::session(
        STAFF_COOKIE,
        token,
        STAFF_ABSOLUTE_TIMEOUT.num_seconds(),
        state.config.secure_cookies(),
    );
    Ok((jar.add(cookie), Json(me)))
}

/// Signs out.
#[utoipa::path(delete, path = "/api/staff/session", tag = "staff", responses((status = 204, description = "signed out")))]
async fn delete_staff_session(
    State(state): State<AppState>,
    jar: CookieJar,
) -> Result<(CookieJar, StatusCode), ApiError> {
    if let Some(cookie) = jar.get(STAFF_COOKIE) {
        crate::db::staff::delete_session(&state.db, &crate::auth::token::hash(cookie.value()))
            .await?;
    }
    Ok((
        jar.add(cookies::removal(STAFF_COOKIE)),
        StatusCode::NO_CONTENT,
    ))
}

/// The signed-in staff member.
#[utoipa::path(
    get,
    path = "/api/staff/me",
    tag = "staff",
    responses((status = 200, body = StaffMe), (status = 401, description = "unauthenticated", body = Problem))
)]
async fn get_staff_me(
    State(state): State<AppState>,
    caller: StaffCaller,
) -> Result<Json<StaffMe>, ApiError> {
    Ok(Json(staff_auth::me(&state.db, caller.staff_id).await?))
}
