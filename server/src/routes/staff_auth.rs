//! Staff sign-in (ID + password + TOTP), sign-out, "who am I", TOTP enrolment at the first
//! sign-in and the change of one's own password.

use crate::auth::caller::STAFF_ABSOLUTE_TIMEOUT;
use crate::auth::cookies::SessionCookie;
use crate::auth::{ClientAddr, EnrollingStaffCaller, PasswordChangeSession};
use crate::error::{ApiError, ApiJson};
use crate::services::staff_auth;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;
use mimamori_shared::api::Problem;
use mimamori_shared::api::auth::{StaffMe, StaffSignIn};
use mimamori_shared::api::staff_security::{
    ChangePassword, ConfirmTotpEnrolment, RecoveryCodes, TotpEnrolment,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_staff_session, delete_staff_session))
        .routes(routes!(get_staff_me))
        .routes(routes!(start_totp_enrolment))
        .routes(routes!(confirm_totp_enrolment))
        .routes(routes!(change_staff_password))
}

/// Signs in with login ID, password and the current TOTP code (or a recovery code). Without an
/// enrolled authenticator the password opens a session that can only enrol one
/// (`must_enrol_totp`).
#[utoipa::path(
    post,
    path = "/api/staff/session",
    tag = "staff",
    request_body = StaffSignIn,
    responses(
        (status = 200, description = "signed in (or at the enrolment stage)", body = StaffMe),
        (status = 401, description = "invalid_credentials", body = Problem),
        (status = 422, description = "invalid fields; totp_code required once the password checked out", body = Problem),
        (status = 429, description = "account_locked, with Retry-After", body = Problem)
    )
)]
async fn create_staff_session(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    jar: CookieJar,
    ApiJson(request): ApiJson<StaffSignIn>,
) -> Result<(CookieJar, Json<StaffMe>), ApiError> {
    let (token, me) =
        staff_auth::sign_in(&state.db, &state.keys, &request, addr, state.clock.now()).await?;
    Ok((session_cookie(&state, jar, token), Json(me)))
}

/// `jar` with the staff session cookie for `token`, lasting as long as a session may.
fn session_cookie(state: &AppState, jar: CookieJar, token: String) -> CookieJar {
    jar.add(SessionCookie::Staff.session(
        token,
        STAFF_ABSOLUTE_TIMEOUT.num_seconds(),
        state.config.secure_cookies(),
    ))
}

/// Signs out.
#[utoipa::path(delete, path = "/api/staff/session", tag = "staff", responses((status = 204, description = "signed out")))]
async fn delete_staff_session(
    State(state): State<AppState>,
    jar: CookieJar,
) -> Result<(CookieJar, StatusCode), ApiError> {
    let secure = state.config.secure_cookies();
    if let Some(cookie) = jar.get(SessionCookie::Staff.name(secure)) {
        crate::db::staff::delete_session(&state.db, &crate::auth::token::hash(cookie.value()))
            .await?;
    }
    Ok((
        jar.add(SessionCookie::Staff.removal(secure)),
        StatusCode::NO_CONTENT,
    ))
}

/// The signed-in staff member (also at the enrolment stage: `must_enrol_totp`).
#[utoipa::path(
    get,
    path = "/api/staff/me",
    tag = "staff",
    responses((status = 200, body = StaffMe), (status = 401, description = "unauthenticated", body = Problem))
)]
async fn get_staff_me(
    State(state): State<AppState>,
    session: EnrollingStaffCaller,
) -> Result<Json<StaffMe>, ApiError> {
    Ok(Json(staff_auth::me(&state.db, &session).await?))
}

/// A new TOTP secret for the authenticator app, with its QR code; pending until confirmed.
/// Asking again replaces it.
#[utoipa::path(
    post,
    path = "/api/staff/totp/enrolment",
    tag = "staff",
    responses(
        (status = 200, body = TotpEnrolment),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "password_change_required", body = Problem),
        (status = 409, description = "already_enrolled", body = Problem)
    )
)]
async fn start_totp_enrolment(
    State(state): State<AppState>,
    session: EnrollingStaffCaller,
) -> Result<Json<TotpEnrolment>, ApiError> {
    Ok(Json(
        staff_auth::start_enrolment(&state.db, &state.keys, &session, state.clock.now()).await?,
    ))
}

/// Confirms the pending secret with the app's code: the session is replaced by a full one (a
/// new cookie; the old token ends, as do the member's other sessions) and ten recovery codes
/// are issued (shown this once).
#[utoipa::path(
    post,
    path = "/api/staff/totp/enrolment/confirm",
    tag = "staff",
    request_body = ConfirmTotpEnrolment,
    responses(
        (status = 200, body = RecoveryCodes),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "password_change_required", body = Problem),
        (status = 409, description = "already_enrolled, enrolment_not_started or enrolment_changed", body = Problem),
        (status = 422, description = "code required or invalid (does not match)", body = Problem)
    )
)]
async fn confirm_totp_enrolment(
    State(state): State<AppState>,
    session: EnrollingStaffCaller,
    jar: CookieJar,
    ApiJson(request): ApiJson<ConfirmTotpEnrolment>,
) -> Result<(CookieJar, Json<RecoveryCodes>), ApiError> {
    let enrolled = staff_auth::confirm_enrolment(
        &state.db,
        &state.keys,
        &session,
        &request,
        state.clock.now(),
    )
    .await?;
    // The session is rotated: the enrolment-stage token no longer works.
    Ok((
        session_cookie(&state, jar, enrolled.session_token),
        Json(enrolled.recovery_codes),
    ))
}

/// Changes the caller's password; their other sessions end.
#[utoipa::path(
    put,
    path = "/api/staff/me/password",
    tag = "staff",
    request_body = ChangePassword,
    responses(
        (status = 204, description = "changed"),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 403, description = "enrolment_required", body = Problem),
        (status = 422, description = "current_password invalid; new_password rules", body = Problem)
    )
)]
async fn change_staff_password(
    State(state): State<AppState>,
    PasswordChangeSession(session): PasswordChangeSession,
    ApiJson(request): ApiJson<ChangePassword>,
) -> Result<StatusCode, ApiError> {
    staff_auth::change_password(&state.db, &session, &request, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
