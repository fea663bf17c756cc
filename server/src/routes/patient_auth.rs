//! Patient enrolment (invitation), sign-in and sign-out, and "who am I".

use crate::auth::cookies::SessionCookie;
use crate::auth::{ClientAddr, PatientCaller};
use crate::error::{ApiError, ApiJson};
use crate::services::{cases, patient_auth};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;
use mimamori_shared::api::Problem;
use mimamori_shared::api::auth::{PatientMe, PatientSignIn, RedeemInvitation};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(redeem_invitation))
        .routes(routes!(create_patient_session, delete_patient_session))
        .routes(routes!(get_patient_me))
}

fn session_cookie(state: &AppState, jar: CookieJar, token: String) -> CookieJar {
    let max_age = patient_auth::PATIENT_SESSION_DAYS * 24 * 3600;
    jar.add(SessionCookie::Patient.session(token, max_age, state.config.secure_cookies()))
}

/// Opens an invitation: sets the patient's password and signs the device in.
#[utoipa::path(
    post,
    path = "/api/patient/invitations/redeem",
    tag = "patient",
    request_body = RedeemInvitation,
    responses(
        (status = 200, description = "signed in", body = PatientMe),
        (status = 404, description = "invitation_not_found", body = Problem),
        (status = 410, description = "invitation_expired or invitation_used", body = Problem),
        (status = 422, description = "invalid fields", body = Problem)
    )
)]
async fn redeem_invitation(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    jar: CookieJar,
    ApiJson(request): ApiJson<RedeemInvitation>,
) -> Result<(CookieJar, Json<PatientMe>), ApiError> {
    let now = state.clock.now();
    let (token, account_id) = patient_auth::redeem(&state.db, &request, addr.clone(), now).await?;
    let caller = PatientCaller::for_account(&state, account_id, addr).await?;
    let me = cases::patient_me(&state.db, &state.keys, &caller, now).await?;
    Ok((session_cookie(&state, jar, token), Json(me)))
}

/// Signs in with case number and password.
#[utoipa::path(
    post,
    path = "/api/patient/session",
    tag = "patient",
    request_body = PatientSignIn,
    responses(
        (status = 200, description = "signed in", body = PatientMe),
        (status = 401, description = "invalid_credentials", body = Problem),
        (status = 422, description = "invalid fields", body = Problem),
        (status = 429, description = "sign_in_locked: too many failed sign-ins for the number or from the address; Retry-After says when to try again", body = Problem)
    )
)]
async fn create_patient_session(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    jar: CookieJar,
    ApiJson(request): ApiJson<PatientSignIn>,
) -> Result<(CookieJar, Json<PatientMe>), ApiError> {
    let now = state.clock.now();
    let signed_in =
        patient_auth::sign_in(&state.db, &state.keys, &request, addr.clone(), now).await?;
    let caller = PatientCaller::for_account(&state, signed_in.account_id, addr).await?;
    let mut me = cases::patient_me(&state.db, &state.keys, &caller, now).await?;
    me.failed_sign_ins = signed_in.failed_before;
    Ok((session_cookie(&state, jar, signed_in.token), Json(me)))
}

/// Signs the device out.
#[utoipa::path(delete, path = "/api/patient/session", tag = "patient", responses((status = 204, description = "signed out")))]
async fn delete_patient_session(
    State(state): State<AppState>,
    jar: CookieJar,
) -> Result<(CookieJar, StatusCode), ApiError> {
    let secure = state.config.secure_cookies();
    if let Some(cookie) = jar.get(SessionCookie::Patient.name(secure)) {
        crate::db::patients::delete_session(&state.db, &crate::auth::token::hash(cookie.value()))
            .await?;
    }
    Ok((
        jar.add(SessionCookie::Patient.removal(secure)),
        StatusCode::NO_CONTENT,
    ))
}

/// The cases this sign-in reports for.
#[utoipa::path(
    get,
    path = "/api/patient/me",
    tag = "patient",
    responses((status = 200, body = PatientMe), (status = 401, description = "unauthenticated", body = Problem))
)]
async fn get_patient_me(
    State(state): State<AppState>,
    caller: PatientCaller,
) -> Result<Json<PatientMe>, ApiError> {
    Ok(Json(
        cases::patient_me(&state.db, &state.keys, &caller, state.clock.now()).await?,
    ))
}
