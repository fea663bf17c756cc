//! Sends one web push message to one stored subscription: the payload encrypted `aes128gcm`
//! (RFC 8291/8188), signed with the server's VAPID key (RFC 8292), posted to the push service
//! (RFC 8030). The web-push crate encrypts and signs; reqwest sends, with timeouts.
//!
//! The caller decides what to do with the outcome: a [`PushOutcome::Gone`] subscription is
//! deleted (`db::push::delete_endpoints`, by its endpoint's blind index), a retryable [`PushOutcome::Failed`] is tried later.

use super::push_endpoint::{EndpointPolicy, PublicOnlyResolver};
use crate::entities::push_subscription;
use crate::error::ApiError;
use crate::services;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use p256::SecretKey;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use web_push::{
    ContentEncoding, PartialVapidSignatureBuilder, SubscriptionInfo, VapidSignature,
    VapidSignatureBuilder, WebPushError, WebPushMessageBuilder, request_builder,
};

/// Longest wait for a push service's answer; a slow service must not hold a reminder run.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// `sub` of the VAPID JWT when the deployment has no https URL to name: push services want a
/// contact, and `.invalid` (RFC 2606) cannot belong to anyone else.
const FALLBACK_CONTACT: &str = "mailto:webpush@mimamori.invalid";

/// What the patient app's service worker shows (`patient-app/web/sw.js`): `{title, body, url?,
/// tag?, lang?}`. No clinical detail goes here: the push service and the lock screen see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushMessage {
    /// Notification title.
    pub title: String,
    /// Notification text.
    pub body: String,
    /// Same-origin path opened when the notification is tapped (default `/`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A newer notification with the same tag replaces an unread one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Language of the text (`ja`, `en`…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// How urgently the push service should wake the device (RFC 8030 §5.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    /// May wait for the device to be on power or Wi-Fi.
    Low,
    /// Reminders.
    Normal,
    /// Time-critical (a red report to staff on duty).
    High,
}

impl From<Urgency> for web_push::Urgency {
    fn from(urgency: Urgency) -> Self {
        match urgency {
            Urgency::Low => Self::Low,
            Urgency::Normal => Self::Normal,
            Urgency::High => Self::High,
        }
    }
}

/// Delivery options of one message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delivery {
    /// How long the push service keeps the message for an offline device, in seconds (`TTL`).
    pub ttl_seconds: u32,
    /// `Urgency` header.
    pub urgency: Urgency,
}

impl Default for Delivery {
    /// A reminder: kept 12 hours (a later one replaces it anyway), normal urgency.
    fn default() -> Self {
        Self {
            ttl_seconds: 12 * 60 * 60,
            urgency: Urgency::Normal,
        }
    }
}

/// Why a message was not delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushFailure {
    /// The push service answered with this status (not 2xx, 404 or 410).
    Status {
        /// HTTP status code.
        status: u16,
        /// `Retry-After` in seconds, when the service gave one (429, 503).
        retry_after_seconds: Option<u64>,
    },
    /// No answer: connection refused, TLS failure or timeout.
    Transport,
    /// The stored subscription cannot be used (bad keys or endpoint) or the payload is too
    /// large; sending again cannot succeed.
    Unusable,
}

impl PushFailure {
    /// Whether trying again later may succeed: no answer, 408, 429 or a 5xx.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport => true,
            Self::Status { status, .. } => *status == 408 || *status == 429 || *status >= 500,
            Self::Unusable => false,
        }
    }
}

/// The result of one send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushOutcome {
    /// The push service accepted the message (2xx).
    Delivered,
    /// The subscription no longer exists (404 or 410): the caller deletes it.
    Gone,
    /// Not delivered; see [`PushFailure::is_retryable`].
    Failed(PushFailure),
}

/// Errors setting up a sender.
#[derive(Debug, thiserror::Error)]
pub enum PushSetupError {
    /// The VAPID key was not accepted for ES256 signing.
    #[error("VAPID key unusable: {0}")]
    VapidKey(WebPushError),
    /// The HTTP client could not be built.
    #[error("HTTP client: {0}")]
    Http(#[from] reqwest::Error),
}

/// Sends web push messages with one VAPID key. Cheap to share (`Arc` it or clone it); build it
/// once per run, not per message.
#[derive(Clone)]
pub struct PushSender {
    http: reqwest::Client,
    endpoints: EndpointPolicy,
    vapid: PartialVapidSignatureBuilder,
    contact: String,
    /// Signed tokens by push service origin: one ES256 signature serves every message to that
    /// service for [`TOKEN_REUSE`], instead of one per message (a fan-out sends 100,000).
    tokens: Arc<Mutex<HashMap<String, (VapidSignature, Instant)>>>,
}

/// How long a signed VAPID token is reused. Its `exp` is 12 hours ahead; reusing it for one hour
/// leaves it at least 11 hours of validity when it arrives.
const TOKEN_REUSE: Duration = Duration::from_secs(3_600);

impl std::fmt::Debug for PushSender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PushSender").finish_non_exhaustive()
    }
}

impl PushSender {
    /// A sender signing with `vapid_key`; `contact` is the JWT's `sub` (a `mailto:` or `https:`
    /// URL, see [`contact_for`]).
    /// `endpoints` decides where messages may go ([`EndpointPolicy`]).
    pub fn new(
        vapid_key: &SecretKey,
        contact: impl Into<String>,
        endpoints: EndpointPolicy,
    ) -> Result<Self, PushSetupError> {
        let encoded = URL_SAFE_NO_PAD.encode(vapid_key.to_bytes());
        let vapid = VapidSignatureBuilder::from_base64_no_sub(&encoded)
            .map_err(PushSetupError::VapidKey)?;
        let mut http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .connect_timeout(CONNECT_TIMEOUT)
            // The request carries a signed token for this push service only.
            .redirect(reqwest::redirect::Policy::none())
            // Straight to the push service: through a proxy, the proxy would resolve the name
            // and the public-only check below would not see where the request goes.
            .no_proxy();
        if !endpoints.allows_local() {
            // Every connection resolves afresh and keeps public addresses only (DNS rebinding).
            http = http.dns_resolver(Arc::new(PublicOnlyResolver));
        }
        Ok(Self {
            http: http.build()?,
            endpoints,
            vapid,
            contact: contact.into(),
            tokens: Arc::default(),
        })
    }

    /// A sender with the VAPID key kept in the database (made on first use, the same key the
    /// browsers subscribed with).
    pub async fn from_db(
        db: &impl ConnectionTrait,
        keys: &crate::keys::Keyring,
        now: DateTime<Utc>,
        contact: impl Into<String>,
        endpoints: EndpointPolicy,
    ) -> Result<Self, ApiError> {
        let key = services::push::vapid_private_key(db, keys, now).await?;
        Ok(Self::new(&key, contact, endpoints).map_err(anyhow::Error::from)?)
    }

    /// Sends `message` to `subscription`. Never returns an error: every failure is an outcome
    /// the caller acts on. Logs the endpoint's host only (the path identifies a device).
    /// `subscription` is opened (`services::push::open_subscription`).
    pub async fn send(
        &self,
        subscription: &push_subscription::Model,
        message: &PushMessage,
        delivery: Delivery,
    ) -> PushOutcome {
        let host = endpoint_host(&subscription.endpoint);
        if let Err(refusal) = self.endpoints.check_before_send(&subscription.endpoint) {
            tracing::warn!(endpoint_host = %host, %refusal, "push endpoint refused");
            return PushOutcome::Failed(PushFailure::Unusable);
        }
        let request = match self.build(subscription, message, delivery) {
            Ok(request) => request,
            Err(error) => {
                tracing::warn!(endpoint_host = %host, error = %error, "push message not built");
                return PushOutcome::Failed(PushFailure::Unusable);
            }
        };
        let started = std::time::Instant::now();
        let response = match self.http.execute(request).await {
            Ok(response) => response,
            Err(error) => {
                tracing::warn!(
                    endpoint_host = %host,
                    timeout = error.is_timeout(),
                    connect = error.is_connect(),
                    "push service unreachable"
                );
                return PushOutcome::Failed(PushFailure::Transport);
            }
        };
        let status = response.status().as_u16();
        let retry_after_seconds = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok());
        let outcome = match status {
            200..=299 => PushOutcome::Delivered,
            404 | 410 => PushOutcome::Gone,
            _ => PushOutcome::Failed(PushFailure::Status {
                status,
                retry_after_seconds,
            }),
        };
        // A fan-out sends 100,000 of these: success is a debug line, anything else info.
        if matches!(outcome, PushOutcome::Delivered) {
            tracing::debug!(endpoint_host = %host, status, duration_ms = started.elapsed().as_millis() as u64, "push sent");
        } else {
            tracing::info!(endpoint_host = %host, status, duration_ms = started.elapsed().as_millis() as u64, "push not delivered");
        }
        outcome
    }

    /// The VAPID token for a push service: reused while young, else signed anew.
    fn token_for(&self, audience: &str, info: &SubscriptionInfo) -> anyhow::Result<VapidSignature> {
        let mut tokens = self
            .tokens
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((token, signed)) = tokens.get(audience)
            && signed.elapsed() < TOKEN_REUSE
        {
            return Ok(token.clone());
        }
        let mut vapid = self.vapid.clone().add_sub_info(info);
        vapid.add_claim("aud", audience);
        vapid.add_claim("sub", self.contact.as_str());
        // `exp` is web-push's default: 12 hours from now (RFC 8292 allows at most 24).
        let token = vapid.build()?;
        tokens.insert(audience.to_owned(), (token.clone(), Instant::now()));
        Ok(token)
    }

    /// The encrypted, signed request.
    fn build(
        &self,
        subscription: &push_subscription::Model,
        message: &PushMessage,
        delivery: Delivery,
    ) -> anyhow::Result<reqwest::Request> {
        let endpoint = reqwest::Url::parse(&subscription.endpoint)?;
        // RFC 8292 §2: `aud` is the push resource's origin, port included; web-push's own
        // default drops the port.
        let audience = endpoint.origin().ascii_serialization();
        let info = SubscriptionInfo::new(
            subscription.endpoint.as_str(),
            // Browsers give base64url without padding; tolerate a padded copy.
            subscription.p256dh.trim_end_matches('='),
            subscription.auth.trim_end_matches('='),
        );
        let signature = self.token_for(&audience, &info)?;

        let payload = serde_json::to_vec(message)?;
        let mut builder = WebPushMessageBuilder::new(&info);
        builder.set_payload(ContentEncoding::Aes128Gcm, &payload);
        builder.set_vapid_signature(signature);
        builder.set_ttl(delivery.ttl_seconds);
        builder.set_urgency(delivery.urgency.into());
        let built = request_builder::build_request::<Vec<u8>>(builder.build()?);

        // web-push builds an `http` 0.2 request; carry its headers over by name and bytes.
        let (parts, body) = built.into_parts();
        let mut headers = HeaderMap::new();
        for (name, value) in &parts.headers {
            // reqwest sets the length from the body.
            if name.as_str().eq_ignore_ascii_case("content-length") {
                continue;
            }
            headers.insert(
                HeaderName::from_bytes(name.as_str().as_bytes())?,
                HeaderValue::from_bytes(value.as_bytes())?,
            );
        }
        Ok(self
            .http
            .post(endpoint)
            .headers(headers)
            .body(body)
            .build()?)
    }
}

/// The JWT `sub` for a deployment: its public URL when that is https, else a placeholder
/// mailbox (push services reject `localhost` contacts).
pub fn contact_for(public_url: &str) -> String {
    if public_url.starts_with("https://") {
        public_url.trim_end_matches('/').to_owned()
    } else {
        FALLBACK_CONTACT.to_owned()
    }
}

/// The endpoint's host, the only part of it that may be logged.
fn endpoint_host(endpoint: &str) -> String {
    reqwest::Url::parse(endpoint)
        .ok()
        .and_then(|url| url.host_str().map(str::to_owned))
        .unwrap_or_else(|| "invalid".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unanswered_throttled_and_server_errors_are_retried() {
        let status = |status| PushFailure::Status {
            status,
            retry_after_seconds: None,
        };
        let cases = [
            (PushFailure::Transport, true),
            (PushFailure::Unusable, false),
            (status(500), true),
            (status(503), true),
            (status(429), true),
            (status(408), true),
            (status(400), false),
            (status(403), false),
            (status(413), false),
        ];
        for (failure, retryable) in cases {
            assert_eq!(failure.is_retryable(), retryable, "{failure:?}");
        }
    }

    #[test]
    fn the_contact_is_the_https_url_or_a_placeholder() {
        assert_eq!(
            contact_for("https://mimamori.example.jp/"),
            "https://mimamori.example.jp"
        );
        assert_eq!(contact_for("http://127.0.0.1:8080"), FALLBACK_CONTACT);
    }

    #[test]
    fn only_the_host_of_an_endpoint_is_logged() {
        assert_eq!(
            endpoint_host("https://fcm.googleapis.com/fcm/send/secret-token"),
            "fcm.googleapis.com"
        );
        assert_eq!(endpoint_host("not a url"), "invalid");
    }

    #[test]
    fn the_payload_leaves_out_unset_fields() {
        let message = PushMessage {
            title: "t".into(),
            body: "b".into(),
            url: None,
            tag: Some("r".into()),
            lang: None,
        };
        assert_eq!(
            serde_json::to_string(&message).ok().as_deref(),
            Some(r#"{"title":"t","body":"b","tag":"r"}"#)
        );
    }
}
