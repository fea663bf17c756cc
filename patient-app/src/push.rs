//! Web push in the browser: notification permission, this device's push subscription through
//! the service worker's `PushManager`, and the subscription as the API stores it
//! (`PushSubscription.toJSON()`, RFC 8291 keys).
//!
//! Natively every function answers as a browser without push support would, so the settings
//! page renders and is tested without one. Nothing here may fail loudly: a browser without push
//! (older iOS, some privacy modes) must still let the patient report.

use mimamori_shared::api::patient::CreatePushSubscription;

/// What the browser allows for notifications.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// No push in this browser (no service worker, `PushManager` or `Notification`).
    Unsupported,
    /// The patient has not been asked yet (or dismissed the prompt).
    #[cfg_attr(
        not(all(target_arch = "wasm32", target_os = "unknown")),
        expect(dead_code, reason = "only a browser answers this")
    )]
    NotAsked,
    /// Allowed.
    Allowed,
    /// Blocked: only the browser's own site settings can undo it.
    #[cfg_attr(
        not(all(target_arch = "wasm32", target_os = "unknown")),
        expect(dead_code, reason = "only a browser answers this")
    )]
    Blocked,
}

/// Why subscribing did not work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushError {
    /// The browser has no push.
    Unsupported,
    /// The patient refused (or had blocked) notifications.
    #[cfg_attr(
        not(all(target_arch = "wasm32", target_os = "unknown")),
        expect(dead_code, reason = "only a browser answers this")
    )]
    Denied,
    /// The browser or its push service failed (no service worker, push service unreachable).
    #[cfg_attr(
        not(all(target_arch = "wasm32", target_os = "unknown")),
        expect(dead_code, reason = "only a browser answers this")
    )]
    Failed,
}

/// Key in local storage of the endpoint this device subscribed with: lets the app ask the
/// server to forget it even after the browser dropped the subscription itself.
#[cfg_attr(
    not(all(target_arch = "wasm32", target_os = "unknown")),
    expect(dead_code, reason = "only the browser stores subscriptions")
)]
const ENDPOINT_KEY: &str = "mimamori.push.endpoint";

/// Decodes base64url (RFC 4648 §5, padding optional), as the server gives its VAPID key.
#[cfg_attr(
    not(any(test, all(target_arch = "wasm32", target_os = "unknown"))),
    expect(dead_code, reason = "only the browser subscribes")
)]
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim().trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for byte in text.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    // A lone trailing character carries fewer than 8 bits: not base64.
    (text.len() % 4 != 1).then_some(out)
}

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
mod imp {
    use super::{ENDPOINT_KEY, Permission, PushError, base64url_decode};
    use mimamori_shared::api::patient::CreatePushSubscription;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{
        Notification, NotificationPermission, PushManager, PushSubscriptionOptionsInit,
        ServiceWorkerRegistration,
    };

    fn has(target: &JsValue, name: &str) -> bool {
        js_sys::Reflect::has(target, &JsValue::from_str(name)).unwrap_or(false)
    }

    fn supported() -> bool {
        let Some(window) = web_sys::window() else {
            return false;
        };
        has(&window, "Notification")
            && has(&window, "PushManager")
            && has(&window.navigator(), "serviceWorker")
    }

    pub fn permission() -> Permission {
        if !supported() {
            return Permission::Unsupported;
        }
        match Notification::permission() {
            NotificationPermission::Granted => Permission::Allowed,
            NotificationPermission::Denied => Permission::Blocked,
            _ => Permission::NotAsked,
        }
    }

    pub async fn request_permission() -> Result<(), PushError> {
        if !supported() {
            return Err(PushError::Unsupported);
        }
        let promise = Notification::request_permission().map_err(|_| PushError::Failed)?;
        let answer = JsFuture::from(promise)
            .await
            .map_err(|_| PushError::Failed)?;
        match answer.as_string().as_deref() {
            Some("granted") => Ok(()),
            _ => Err(PushError::Denied),
        }
    }

    /// The service worker's registration, registering `/sw.js` if the app has not yet.
    async fn registration() -> Result<ServiceWorkerRegistration, PushError> {
        let window = web_sys::window().ok_or(PushError::Unsupported)?;
        let container = window.navigator().service_worker();
        let existing = JsFuture::from(container.get_registration())
            .await
            .map_err(|_| PushError::Failed)?;
        if existing.is_undefined() {
            JsFuture::from(container.register("/sw.js"))
                .await
                .map_err(|_| PushError::Failed)?;
        }
        let ready = container.ready().map_err(|_| PushError::Failed)?;
        let registration = JsFuture::from(ready).await.map_err(|_| PushError::Failed)?;
        Ok(registration.unchecked_into())
    }

    /// The push manager of an existing registration, without registering anything.
    async fn existing_push_manager() -> Option<PushManager> {
        if !supported() {
            return None;
        }
        let container = web_sys::window()?.navigator().service_worker();
        let existing = JsFuture::from(container.get_registration()).await.ok()?;
        let registration: ServiceWorkerRegistration = existing.dyn_into().ok()?;
        registration.push_manager().ok()
    }

    /// `JSON.stringify(subscription)`, which calls its `toJSON()`, read as the API wants it.
    fn to_request(subscription: &JsValue) -> Option<CreatePushSubscription> {
        let json = js_sys::JSON::stringify(subscription).ok()?.as_string()?;
        serde_json::from_str(&json).ok()
    }

    async fn current_subscription() -> Option<JsValue> {
        let manager = existing_push_manager().await?;
        let found = JsFuture::from(manager.get_subscription().ok()?)
            .await
            .ok()?;
        (!found.is_null() && !found.is_undefined()).then_some(found)
    }

    pub async fn subscription() -> Option<CreatePushSubscription> {
        to_request(&current_subscription().await?)
    }

    pub async fn subscribe(public_key: &str) -> Result<CreatePushSubscription, PushError> {
        let key = base64url_decode(public_key).ok_or(PushError::Failed)?;
        let manager = registration()
            .await?
            .push_manager()
            .map_err(|_| PushError::Failed)?;
        let options = PushSubscriptionOptionsInit::new();
        // Chrome accepts only subscriptions whose every push shows a notification.
        options.set_user_visible_only(true);
        options.set_application_server_key(&js_sys::Uint8Array::from(key.as_slice()).into());
        let promise = manager
            .subscribe_with_options(&options)
            .map_err(|_| PushError::Failed)?;
        let subscription = JsFuture::from(promise)
            .await
            .map_err(|_| PushError::Failed)?;
        let request = to_request(&subscription).ok_or(PushError::Failed)?;
        storage_set(Some(&request.endpoint));
        Ok(request)
    }

    pub async fn unsubscribe() -> Option<String> {
        let mut endpoint = storage_get();
        if let Some(subscription) = current_subscription().await {
            if let Some(request) = to_request(&subscription) {
                endpoint = Some(request.endpoint);
            }
            let unsubscribe =
                js_sys::Reflect::get(&subscription, &JsValue::from_str("unsubscribe"))
                    .ok()
                    .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
            if let Some(promise) = unsubscribe
                .and_then(|f| f.call0(&subscription).ok())
                .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
            {
                // The server forgets the endpoint either way; a browser that fails to
                // unsubscribe only keeps a subscription nothing is sent to any more.
                let _ = JsFuture::from(promise).await;
            }
        }
        storage_set(None);
        endpoint
    }

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    fn storage_get() -> Option<String> {
        storage()?.get_item(ENDPOINT_KEY).ok()?
    }

    fn storage_set(endpoint: Option<&str>) {
        if let Some(storage) = storage() {
            // Private browsing may refuse to store: the subscription still works.
            let _ = match endpoint {
                Some(endpoint) => storage.set_item(ENDPOINT_KEY, endpoint),
                None => storage.remove_item(ENDPOINT_KEY),
            };
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
mod imp {
    use super::{Permission, PushError};
    use mimamori_shared::api::patient::CreatePushSubscription;

    pub fn permission() -> Permission {
        Permission::Unsupported
    }

    pub async fn request_permission() -> Result<(), PushError> {
        Err(PushError::Unsupported)
    }

    pub async fn subscription() -> Option<CreatePushSubscription> {
        None
    }

    pub async fn subscribe(_public_key: &str) -> Result<CreatePushSubscription, PushError> {
        Err(PushError::Unsupported)
    }

    pub async fn unsubscribe() -> Option<String> {
        None
    }
}

/// What the browser allows now (no prompt).
pub fn permission() -> Permission {
    imp::permission()
}

/// Shows the browser's permission prompt (after the app has explained why), unless the patient
/// already answered it.
pub async fn request_permission() -> Result<(), PushError> {
    imp::request_permission().await
}

/// This device's current subscription, if it has one.
pub async fn subscription() -> Option<CreatePushSubscription> {
    imp::subscription().await
}

/// Subscribes this device with the server's VAPID key (base64url), registering the service
/// worker if needed; permission must have been granted.
pub async fn subscribe(public_key: &str) -> Result<CreatePushSubscription, PushError> {
    imp::subscribe(public_key).await
}

/// Ends this device's subscription; gives the endpoint the server should forget, if known.
pub async fn unsubscribe() -> Option<String> {
    imp::unsubscribe().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vapid_keys_decode_from_base64url() {
        // RFC 8291's example public key of the application server (65-byte P-256 point).
        let key = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
        let bytes = base64url_decode(key).unwrap_or_default();
        assert_eq!(bytes.len(), 65);
        assert_eq!(bytes[0], 0x04, "uncompressed point");
        assert_eq!(base64url_decode("AQID"), Some(vec![1, 2, 3]));
        assert_eq!(base64url_decode("AQI="), Some(vec![1, 2]));
        assert_eq!(base64url_decode("-_8"), Some(vec![0xfb, 0xff]));
    }

    #[test]
    fn text_that_is_not_base64url_is_refused() {
        assert_eq!(base64url_decode("ab+c"), None);
        assert_eq!(base64url_decode("abcde"), None);
        assert_eq!(base64url_decode("鍵"), None);
    }

    #[test]
    fn without_a_browser_push_is_unsupported() {
        assert_eq!(permission(), Permission::Unsupported);
    }
}
