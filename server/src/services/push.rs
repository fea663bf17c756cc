//! Web Push set-up: the server's VAPID key pair (RFC 8292), made on first use and kept in the
//! database so every instance signs with the same key, and patients' subscriptions and
//! reminder preferences.

use crate::auth::PatientCaller;
use crate::db;
use crate::entities::push_subscription;
use crate::error::ApiError;
use crate::keys::{Keyring, KeyringError};
use crate::notify::push_endpoint::EndpointPolicy;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveTime, Utc};
use mimamori_shared::api::patient::{CreatePushSubscription, ReminderPreferences, VapidPublicKey};
use p256::SecretKey;
use p256::elliptic_curve::rand_core::OsRng;
use p256::elliptic_curve::sec1::ToEncodedPoint;
use sea_orm::ConnectionTrait;

/// Name of the VAPID private key in `app_secret`: the raw 32-byte scalar, base64url (the form
/// the web-push crate reads), sealed.
pub const VAPID_PRIVATE_KEY: &str = "vapid_private_key";

/// The sealed column of `app_secret` (row: the secret's name).
pub const SECRET_FIELD: &str = "app_secret.value";
/// The sealed columns of `push_subscription` (row: the endpoint's blind index).
pub const ENDPOINT_FIELD: &str = "push_subscription.endpoint";
/// See [`ENDPOINT_FIELD`].
pub const P256DH_FIELD: &str = "push_subscription.p256dh";
/// See [`ENDPOINT_FIELD`].
pub const AUTH_FIELD: &str = "push_subscription.auth";

/// The VAPID private key, generated and stored sealed on first use.
pub async fn vapid_private_key(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    now: DateTime<Utc>,
) -> Result<SecretKey, ApiError> {
    let stored = match db::secrets::get(db, VAPID_PRIVATE_KEY).await? {
        Some(stored) => stored,
        None => {
            let fresh = URL_SAFE_NO_PAD.encode(SecretKey::random(&mut OsRng).to_bytes());
            let sealed = keys.seal(SECRET_FIELD, VAPID_PRIVATE_KEY, &fresh);
            db::secrets::get_or_insert(db, VAPID_PRIVATE_KEY, sealed, now).await?
        }
    };
    let opened = zeroize::Zeroizing::new(keys.unseal(SECRET_FIELD, VAPID_PRIVATE_KEY, &stored)?);
    let bytes = URL_SAFE_NO_PAD
        .decode(opened.as_str())
        .map_err(|e| anyhow::anyhow!("stored VAPID key is not base64url: {e}"))?;
    Ok(SecretKey::from_slice(&bytes)
        .map_err(|e| anyhow::anyhow!("stored VAPID key is unusable: {e}"))?)
}

/// The public half, as browsers take it for `applicationServerKey`.
pub async fn vapid_public_key(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    now: DateTime<Utc>,
) -> Result<VapidPublicKey, ApiError> {
    let secret = vapid_private_key(db, keys, now).await?;
    let point = secret.public_key().to_encoded_point(false);
    Ok(VapidPublicKey {
        public_key: URL_SAFE_NO_PAD.encode(point.as_bytes()),
    })
}

/// The blind index a subscription is found by: of its endpoint, as the browser gave it.
pub fn endpoint_index(keys: &Keyring, endpoint: &str) -> String {
    keys.blind_index("push_endpoint", endpoint.trim())
}

/// A subscription sealed for storage.
pub fn seal_subscription(
    keys: &Keyring,
    endpoint: &str,
    p256dh: &str,
    auth: &str,
) -> db::push::StoredSubscription {
    let index = endpoint_index(keys, endpoint);
    db::push::StoredSubscription {
        endpoint: keys.seal(ENDPOINT_FIELD, &index, endpoint.trim()),
        p256dh: keys.seal(P256DH_FIELD, &index, p256dh.trim()),
        auth: keys.seal(AUTH_FIELD, &index, auth.trim()),
        endpoint_index: index,
    }
}

/// A stored subscription with its endpoint and keys opened, as the push sender uses it.
pub fn open_subscription(
    keys: &Keyring,
    stored: &push_subscription::Model,
) -> Result<push_subscription::Model, KeyringError> {
    let index = stored.endpoint_index.clone().unwrap_or_default();
    Ok(push_subscription::Model {
        endpoint: keys.unseal(ENDPOINT_FIELD, &index, &stored.endpoint)?,
        p256dh: keys.unseal(P256DH_FIELD, &index, &stored.p256dh)?,
        auth: keys.unseal(AUTH_FIELD, &index, &stored.auth)?,
        ..stored.clone()
    })
}

/// Subscriptions kept per account (a household's phones and a tablet); a new one beyond this
/// drops the oldest, so one sign-in cannot make the sender fan out without end.
pub const MAX_SUBSCRIPTIONS_PER_ACCOUNT: u64 = 5;

/// Stores this device's subscription for the caller, when its endpoint passes `endpoints`
/// (422 `not_allowed` on `endpoint` otherwise); the account's oldest beyond
/// [`MAX_SUBSCRIPTIONS_PER_ACCOUNT`] are dropped.
pub async fn subscribe(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    caller: &PatientCaller,
    request: &CreatePushSubscription,
    endpoints: &EndpointPolicy,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    caller.may_change()?;
    request.validate().map_err(ApiError::Validation)?;
    if let Err(refusal) = endpoints.check(&request.endpoint).await {
        tracing::info!(%refusal, "push subscription refused");
        return Err(ApiError::field(
            "endpoint",
            "not_allowed",
            "must be an https address of a browser's push service",
        ));
    }
    let stored = seal_subscription(
        keys,
        &request.endpoint,
        &request.keys.p256dh,
        &request.keys.auth,
    );
    db::push::upsert(db, caller.account_id, stored, now).await?;
    db::push::keep_newest(db, caller.account_id, MAX_SUBSCRIPTIONS_PER_ACCOUNT).await?;
    Ok(())
}

/// Forgets the caller's subscription of this endpoint.
pub async fn unsubscribe(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    caller: &PatientCaller,
    endpoint: &str,
) -> Result<(), ApiError> {
    db::push::delete_for_account(db, caller.account_id, &endpoint_index(keys, endpoint)).await?;
    Ok(())
}

/// The caller's reminder preferences.
pub async fn preferences(
    db: &impl ConnectionTrait,
    caller: &PatientCaller,
) -> Result<ReminderPreferences, ApiError> {
    let account = db::patients::find_account(db, caller.account_id)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let default = ReminderPreferences::default();
    let time = |text: &str, fallback| NaiveTime::parse_from_str(text, "%H:%M").unwrap_or(fallback);
    Ok(ReminderPreferences {
        enabled: account.reminders_enabled,
        window_start: time(&account.reminder_window_start, default.window_start),
        window_end: time(&account.reminder_window_end, default.window_end),
    })
}

/// Sets the caller's reminder preferences; turning reminders off also forgets every push
/// subscription of the sign-in, so nothing more is sent.
pub async fn set_preferences(
    db: &impl ConnectionTrait,
    caller: &PatientCaller,
    request: &ReminderPreferences,
) -> Result<ReminderPreferences, ApiError> {
    caller.may_change()?;
    request.validate().map_err(ApiError::Validation)?;
    let format = |t: NaiveTime| t.format("%H:%M").to_string();
    db::patients::set_reminders(
        db,
        caller.account_id,
        request.enabled,
        format(request.window_start),
        format(request.window_end),
    )
    .await?;
    if !request.enabled {
        db::push::delete_all_for_account(db, caller.account_id).await?;
    }
    preferences(db, caller).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_public_key_is_an_uncompressed_point() {
        let secret = SecretKey::random(&mut OsRng);
        let point = secret.public_key().to_encoded_point(false);
        assert_eq!(point.as_bytes().len(), 65);
        assert_eq!(point.as_bytes()[0], 0x04);
    }
}
