//! A patient's household, messages from staff, push subscriptions and reminder preferences.

use crate::auth::PatientCaller;
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::services::{cases, messages, patient_auth, push};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use mimamori_shared::api::Problem;
use mimamori_shared::api::auth::PatientMe;
use mimamori_shared::api::paths::CasePath;
use mimamori_shared::api::patient::{
    AddHouseholdMember, CreatePushSubscription, DeletePushSubscription, MessageList,
    ReminderPreferences, VapidPublicKey,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(add_household_member))
        .routes(routes!(list_messages))
        .routes(routes!(get_vapid_public_key))
        .routes(routes!(create_push_subscription, delete_push_subscription))
        .routes(routes!(get_preferences, update_preferences))
}

/// Adds a household member's case to this sign-in with the member's own invitation.
#[utoipa::path(
    post,
    path = "/api/patient/household",
    tag = "patient",
    request_body = AddHouseholdMember,
    responses(
        (status = 200, description = "the member's case added", body = PatientMe),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 404, description = "invitation_not_found", body = Problem),
        (status = 409, description = "already_enrolled", body = Problem),
        (status = 410, description = "invitation_expired or invitation_used", body = Problem),
        (status = 422, description = "invalid fields", body = Problem)
    )
)]
async fn add_household_member(
    State(state): State<AppState>,
    caller: PatientCaller,
    ApiJson(request): ApiJson<AddHouseholdMember>,
) -> Result<Json<PatientMe>, ApiError> {
    let now = state.clock.now();
    patient_auth::add_household_member(&state.db, &caller, &request.token, now).await?;
    let caller = PatientCaller::for_account(&state, caller.account_id, caller.client_addr).await?;
    Ok(Json(
        cases::patient_me(&state.db, &state.keys, &caller, now).await?,
    ))
}

/// Messages from staff about one of this sign-in's cases, newest first.
#[utoipa::path(
    get,
    path = "/api/patient/cases/{case_id}/messages",
    tag = "patient",
    params(CasePath),
    responses(
        (status = 200, body = MessageList),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 404, description = "not one of this sign-in's cases", body = Problem)
    )
)]
async fn list_messages(
    State(state): State<AppState>,
    caller: PatientCaller,
    ApiPath(CasePath { case_id }): ApiPath<CasePath>,
) -> Result<Json<MessageList>, ApiError> {
    Ok(Json(
        messages::list_for_patient(&state.db, &state.keys, &caller, case_id, state.clock.now())
            .await?,
    ))
}

/// The server's VAPID public key, for `PushManager.subscribe`.
#[utoipa::path(get, path = "/api/patient/push/vapid-public-key", tag = "patient", responses((status = 200, body = VapidPublicKey)))]
async fn get_vapid_public_key(
    State(state): State<AppState>,
) -> Result<Json<VapidPublicKey>, ApiError> {
    Ok(Json(
        push::vapid_public_key(&state.db, &state.keys, state.clock.now()).await?,
    ))
}

/// Stores this device's push subscription.
#[utoipa::path(
    post,
    path = "/api/patient/push/subscriptions",
    tag = "patient",
    request_body = CreatePushSubscription,
    responses(
        (status = 201, description = "stored"),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 422, description = "invalid fields; endpoint `not_allowed`: not https to a public push service", body = Problem)
    )
)]
async fn create_push_subscription(
    State(state): State<AppState>,
    caller: PatientCaller,
    ApiJson(request): ApiJson<CreatePushSubscription>,
) -> Result<StatusCode, ApiError> {
    push::subscribe(
        &state.db,
        &state.keys,
        &caller,
        &request,
        &state.config.limits.push_endpoints(),
        state.clock.now(),
    )
    .await?;
    Ok(StatusCode::CREATED)
}

/// Forgets this device's push subscription.
#[utoipa::path(
    delete,
    path = "/api/patient/push/subscriptions",
    tag = "patient",
    request_body = DeletePushSubscription,
    responses((status = 204, description = "forgotten"), (status = 401, description = "unauthenticated", body = Problem))
)]
async fn delete_push_subscription(
    State(state): State<AppState>,
    caller: PatientCaller,
    ApiJson(request): ApiJson<DeletePushSubscription>,
) -> Result<StatusCode, ApiError> {
    push::unsubscribe(&state.db, &state.keys, &caller, &request.endpoint).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// This sign-in's reminder preferences.
#[utoipa::path(
    get,
    path = "/api/patient/preferences",
    tag = "patient",
    responses((status = 200, body = ReminderPreferences), (status = 401, description = "unauthenticated", body = Problem))
)]
async fn get_preferences(
    State(state): State<AppState>,
    caller: PatientCaller,
) -> Result<Json<ReminderPreferences>, ApiError> {
    Ok(Json(push::preferences(&state.db, &caller).await?))
}

/// Sets the reminder window, or turns reminders off (which forgets the push subscriptions).
#[utoipa::path(
    put,
    path = "/api/patient/preferences",
    tag = "patient",
    request_body = ReminderPreferences,
    responses(
        (status = 200, body = ReminderPreferences),
        (status = 401, description = "unauthenticated", body = Problem),
        (status = 422, description = "invalid fields", body = Problem)
    )
)]
async fn update_preferences(
    State(state): State<AppState>,
    caller: PatientCaller,
    ApiJson(request): ApiJson<ReminderPreferences>,
) -> Result<Json<ReminderPreferences>, ApiError> {
    Ok(Json(
        push::set_preferences(&state.db, &caller, &request).await?,
    ))
}
