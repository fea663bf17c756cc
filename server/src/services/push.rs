//! Web Push set-up: the server's VAPID key pair (RFC 8292), made on first use and kept in the
//! database so every instance signs with the same key, and patients' subscriptions and
//! reminder preferences.

use crate::auth::PatientCaller;
use crate::db;
use crate::error::ApiError;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveTime, Utc};
use mimamori_shared::api::patient::{CreatePushSubscription, ReminderPreferences, VapidPublicKey};
use p256::SecretKey;
use p256::elliptic_curve::rand_core::OsRng;
use p256::elliptic_curve::sec1::ToEncodedPoint;
use sea_orm::ConnectionTrait;

/// Name of the VAPID private key in `app_secret`: the raw 32-byte scalar, base64url (the form
/// the web-push crate reads).
pub const VAPID_PRIVATE_KEY: &str = "vapid_private_key";

/// The VAPID private key, generated and stored on first use.
pub async fn vapid_private_key(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<SecretKey, ApiError> {
    let stored = match db::secrets::get(db, VAPID_PRIVATE_KEY).await? {
        Some(stored) => stored,
        None => {
            let fresh = URL_SAFE_NO_PAD.encode(SecretKey::random(&mut OsRng).to_bytes());
            db::secrets::get_or_insert(db, VAPID_PRIVATE_KEY, fresh, now).await?
        }
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(stored)
        .map_err(|e| anyhow::anyhow!("stored VAPID key is not base64url: {e}"))?;
    Ok(SecretKey::from_slice(&bytes)
        .map_err(|e| anyhow::anyhow!("stored VAPID key is unusable: {e}"))?)
}

/// The public half, as browsers take it for `applicationServerKey`.
pub async fn vapid_public_key(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<VapidPublicKey, ApiError> {
    let secret = vapid_private_key(db, now).await?;
    let point = secret.public_key().to_encoded_point(false);
    Ok(VapidPublicKey {
        public_key: URL_SAFE_NO_PAD.encode(point.as_bytes()),
    })
}

/// Stores this device's subscription for the caller.
pub async fn subscribe(
    db: &impl ConnectionTrait,
    caller: &PatientCaller,
    request: &CreatePushSubscription,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    request.validate().map_err(ApiError::Validation)?;
    db::push::upsert(
        db,
        caller.account_id,
        request.endpoint.trim(),
        request.keys.p256dh.trim(),
        request.keys.auth.trim(),
        now,
    )
    .await?;
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
