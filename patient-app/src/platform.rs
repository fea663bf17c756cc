//! The little the app needs from the browser beyond Dioxus: local storage, `<html lang>`, focus.
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

    pub fn storage_set(key: &str, value: &str) {
        if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
            // Private browsing may refuse to store: the choice then lasts for this visit only.
            let _ = storage.set_item(key, value);
        }
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

    pub fn storage_set(_key: &str, _value: &str) {}

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
    imp::storage_set(LANG_KEY, lang.tag());
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
