//! The little the app needs from the browser beyond Dioxus: local storage, `<html lang>`, focus,
//! the network's state, timers and the service worker.
//!
//! Everything here is a no-op (or `None`) when compiled natively, so the form logic and the
//! components can be tested with plain `cargo test`. No function here may fail loudly: a
//! browser that refuses local storage (private mode) must still let the patient report.

use mimamori_shared::Lang;

/// Key of the chosen language in local storage.
const LANG_KEY: &str = "mimamori.lang";

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
mod imp {
    use wasm_bindgen::JsCast;

    pub fn storage_get(key: &str) -> Option<String> {
        let storage = web_sys::window()?.local_storage().ok()??;
        storage.get_item(key).ok()?
    }

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    pub fn storage_set(key: &str, value: &str) -> bool {
        // Private browsing (or a full disk) may refuse to store: the caller decides what then.
        storage().is_some_and(|storage| storage.set_item(key, value).is_ok())
    }

    pub fn storage_remove(key: &str) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(key);
        }
    }

    pub fn storage_keys() -> Vec<String> {
        let Some(storage) = storage() else {
            return Vec::new();
        };
        let count = storage.length().unwrap_or(0);
        (0..count)
            .filter_map(|i| storage.key(i).ok().flatten())
            .collect()
    }

    pub fn is_online() -> bool {
        web_sys::window().is_none_or(|w| w.navigator().on_line())
    }

    /// A promise that `arm` settles by calling the function it is given.
    async fn promise(mut arm: impl FnMut(&js_sys::Function)) {
        let promise = js_sys::Promise::new(&mut |resolve, _reject| arm(&resolve));
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }

    pub async fn sleep_ms(ms: i32) {
        promise(|resolve| {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(resolve, ms);
            }
        })
        .await;
    }

    pub async fn window_event(name: &str) {
        promise(|resolve| {
            if let Some(window) = web_sys::window() {
                // The promise's own resolve is the listener; `once` removes it when it fires.
                let options = web_sys::AddEventListenerOptions::new();
                options.set_once(true);
                let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
                    name, resolve, &options,
                );
            }
        })
        .await;
    }

    pub fn register_service_worker(url: &'static str) {
        let Some(window) = web_sys::window() else {
            return;
        };
        // Only secure contexts (https, localhost) have service workers; elsewhere the app just
        // runs online. Checked first: calling into an undefined `serviceWorker` would throw.
        let navigator = window.navigator();
        let has_workers =
            js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false);
        if !window.is_secure_context() || !has_workers {
            return;
        }
        let registration = navigator.service_worker().register(url);
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(error) = wasm_bindgen_futures::JsFuture::from(registration).await {
                dioxus::logger::tracing::warn!(?error, "service worker not registered");
            }
        });
    }

    pub fn browser_language() -> Option<String> {
        web_sys::window()?.navigator().language()
    }

    pub fn set_document_lang(tag: &str, title: &str) {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        if let Some(root) = document.document_element() {
            let _ = root.set_attribute("lang", tag);
        }
        document.set_title(title);
    }

    pub fn focus(id: &str) {
        let element = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            let _ = element.focus();
        }
    }

    pub fn scroll_to_top() {
        if let Some(window) = web_sys::window() {
            window.scroll_to_with_x_and_y(0.0, 0.0);
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
mod imp {
    pub fn storage_get(_key: &str) -> Option<String> {
        None
    }

    pub fn storage_set(_key: &str, _value: &str) -> bool {
        false
    }

    pub fn storage_remove(_key: &str) {}

    pub fn storage_keys() -> Vec<String> {
        Vec::new()
    }

    pub fn is_online() -> bool {
        true
    }

    /// Natively no time passes and no event comes: waiting never ends.
    pub async fn sleep_ms(_ms: i32) {
        std::future::pending::<()>().await;
    }

    pub async fn window_event(_name: &str) {
        std::future::pending::<()>().await;
    }

    pub fn register_service_worker(_url: &'static str) {}

    pub fn browser_language() -> Option<String> {
        None
    }

    pub fn set_document_lang(_tag: &str, _title: &str) {}

    pub fn focus(_id: &str) {}

    pub fn scroll_to_top() {}
}

/// The language the patient chose on this device, if any.
pub fn stored_lang() -> Option<Lang> {
    imp::storage_get(LANG_KEY).and_then(|tag| Lang::parse(&tag))
}

/// Remembers the patient's language choice on this device.
pub fn store_lang(lang: Lang) {
    // Refused (private browsing): the choice then lasts for this visit only.
    imp::storage_set(LANG_KEY, lang.tag());
}

/// The text stored under `key` on this device.
pub fn storage_get(key: &str) -> Option<String> {
    imp::storage_get(key)
}

/// Stores `value` under `key` on this device; `false` when the browser refused.
pub fn storage_set(key: &str, value: &str) -> bool {
    imp::storage_set(key, value)
}

/// Forgets `key` on this device.
pub fn storage_remove(key: &str) {
    imp::storage_remove(key);
}

/// Every key stored on this device by this origin.
pub fn storage_keys() -> Vec<String> {
    imp::storage_keys()
}

/// `navigator.onLine`: `false` means certainly offline; `true` only that a network is there.
pub fn is_online() -> bool {
    imp::is_online()
}

/// Resolves after `ms` milliseconds.
pub async fn sleep_ms(ms: i32) {
    imp::sleep_ms(ms).await;
}

/// Resolves at the window's next `name` event (`online`, `offline`).
pub async fn window_event(name: &str) {
    imp::window_event(name).await;
}

/// Registers the service worker that keeps the app shell for offline use (`web/sw.js`).
pub fn register_service_worker() {
    imp::register_service_worker("/sw.js");
}

/// The browser's preferred language, when it is one the app offers.
pub fn browser_lang() -> Option<Lang> {
    imp::browser_language().and_then(|tag| Lang::parse(&tag))
}

/// Sets `<html lang>` (screen readers pick their voice from it) and the page title.
pub fn set_document_lang(lang: Lang, title: &str) {
    imp::set_document_lang(lang.tag(), title);
}

/// Moves keyboard and screen-reader focus to the element with this id, if it exists.
pub fn focus(id: &str) {
    imp::focus(id);
}

/// Scrolls the page to its top, so a new screen is read from its beginning.
pub fn scroll_to_top() {
    imp::scroll_to_top();
}
