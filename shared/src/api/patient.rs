//! What a signed-in patient manages besides reports: household members, messages from staff,
//! push subscriptions and reminder preferences.

use super::problem::{FieldError, FieldErrors};
use crate::ids::CaseId;
use crate::values::{ValueError, check_text_len};
use chrono::{DateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

/// `POST /api/patient/household`: add a household member's case to this sign-in with the
/// member's own invitation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddHouseholdMember {
    /// The token of the member's invitation link.
    #[serde(default)]
    pub token: String,
}

/// A message from staff to the patient (shown in the app's history).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageView {
    /// Message id.
    pub id: i64,
    /// The case it is about.
    pub case_id: CaseId,
    /// The text.
    pub body: String,
    /// Name of the sender's organisation (not the person: staff rotate).
    pub from: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

/// Messages, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageList {
    /// Messages, newest first.
    pub items: Vec<MessageView>,
}

/// Longest message, in characters.
pub const MESSAGE_MAX_CHARS: usize = 1_000;

/// `POST /api/staff/cases/{case_id}/messages`: staff write to the patient.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateMessage {
    /// The text, 1–1,000 characters.
    #[serde(default)]
    pub body: String,
}

impl CreateMessage {
    /// Checks the body is written and within length.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        if self.body.trim().is_empty() {
            errors.check::<()>("body", Err(ValueError::Required));
        } else {
            errors.check("body", check_text_len(&self.body, MESSAGE_MAX_CHARS));
        }
        errors.finish(|| Some(()))
    }
}

/// The keys of a push subscription (RFC 8291), base64url as the browser gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushKeys {
    /// The subscription's P-256 public key.
    #[serde(default)]
    pub p256dh: String,
    /// The subscription's authentication secret.
    #[serde(default)]
    pub auth: String,
}

/// `POST /api/patient/push/subscriptions`: `PushSubscription.toJSON()` of this device.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatePushSubscription {
    /// The push service URL.
    #[serde(default)]
    pub endpoint: String,
    /// Encryption keys.
    #[serde(default)]
    pub keys: PushKeys,
}

impl CreatePushSubscription {
    /// Checks the endpoint is a web URL and the keys have the lengths
    /// RFC 8291 gives (65-byte point, 16-byte secret).
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let endpoint = self.endpoint.trim();
        // Which hosts and schemes the server posts to is its own rule (it may allow a local
        // http receiver in tests); here only the shape.
        let web = endpoint.starts_with("https://") || endpoint.starts_with("http://");
        if endpoint.is_empty() {
            errors.check::<()>("endpoint", Err(ValueError::Required));
        } else if !web || endpoint.len() > 2_000 {
            errors.push(FieldError::custom(
                "endpoint",
                "invalid",
                "must be an https URL",
            ));
        }
        if base64url_len(&self.keys.p256dh) != Some(65) {
            errors.push(FieldError::custom(
                "keys.p256dh",
                "invalid",
                "must be a base64url P-256 public key",
            ));
        }
        if base64url_len(&self.keys.auth) != Some(16) {
            errors.push(FieldError::custom(
                "keys.auth",
                "invalid",
                "must be a base64url 16-byte secret",
            ));
        }
        errors.finish(|| Some(()))
    }
}

/// Decoded length of unpadded base64url text, if it is base64url.
fn base64url_len(text: &str) -> Option<usize> {
    let text = text.trim_end_matches('=');
    let valid = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    (valid && text.len() % 4 != 1).then_some(text.len() * 3 / 4)
}

/// `DELETE /api/patient/push/subscriptions`: forget this device's subscription.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeletePushSubscription {
    /// The push service URL of the subscription.
    #[serde(default)]
    pub endpoint: String,
}

/// `GET /api/patient/push/vapid-public-key`: the server's VAPID key (RFC 8292), which the
/// browser needs as `applicationServerKey` to subscribe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VapidPublicKey {
    /// Uncompressed P-256 point, base64url without padding.
    pub public_key: String,
}

/// When and whether this sign-in is reminded to report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReminderPreferences {
    /// Reminders on or off.
    pub enabled: bool,
    /// Start of the local window in which a reminder may come ("08:00").
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "08:00"))]
    pub window_start: NaiveTime,
    /// End of the window ("10:00"); must be after the start.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "10:00"))]
    pub window_end: NaiveTime,
}

impl Default for ReminderPreferences {
    fn default() -> Self {
        Self {
            enabled: true,
            window_start: NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default(),
            window_end: NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default(),
        }
    }
}

impl ReminderPreferences {
    /// Checks the window is at least 30 minutes and within the day (no reminders at night:
    /// 06:00–21:00).
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let day_start = NaiveTime::from_hms_opt(6, 0, 0).unwrap_or_default();
        let day_end = NaiveTime::from_hms_opt(21, 0, 0).unwrap_or_default();
        if self.window_start < day_start || self.window_start > day_end {
            errors.push(FieldError::custom(
                "window_start",
                "out_of_range",
                "must be between 06:00 and 21:00",
            ));
        }
        if self.window_end < day_start || self.window_end > day_end {
            errors.push(FieldError::custom(
                "window_end",
                "out_of_range",
                "must be between 06:00 and 21:00",
            ));
        } else if (self.window_end - self.window_start).num_minutes() < 30 {
            errors.push(FieldError::custom(
                "window_end",
                "too_short",
                "must be at least 30 minutes after the start",
            ));
        }
        errors.finish(|| Some(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_subscription_keys_are_checked_by_length() {
        let ok = CreatePushSubscription {
            endpoint: "https://push.example/abc".into(),
            keys: PushKeys {
                p256dh: "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM".into(),
                auth: "tBHItJI5svbpez7KI4CCXg".into(),
            },
        };
        assert!(ok.validate().is_ok());
        let bad = CreatePushSubscription {
            endpoint: "ftp://x".into(),
            keys: PushKeys::default(),
        };
        let fields: Vec<_> = bad
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["endpoint", "keys.p256dh", "keys.auth"]);
    }

    #[test]
    fn reminder_window_must_be_daytime_and_long_enough() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert!(ReminderPreferences::default().validate().is_ok());
        let night = ReminderPreferences {
            enabled: true,
            window_start: t(23, 0),
            window_end: t(23, 30),
        };
        assert_eq!(night.validate().unwrap_err().len(), 2);
        let short = ReminderPreferences {
            enabled: true,
            window_start: t(8, 0),
            window_end: t(8, 15),
        };
        assert_eq!(short.validate().unwrap_err()[0].code, "too_short");
    }

    #[test]
    fn message_needs_a_body() {
        assert!(CreateMessage { body: " ".into() }.validate().is_err());
        assert!(
            CreateMessage {
                body: "明日も入力してください".into()
            }
            .validate()
            .is_ok()
        );
    }
}
