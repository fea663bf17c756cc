//! The few browser APIs the console uses directly, with native stand-ins so the crate builds and
//! tests natively. Failures are ignored on purpose: a browser that refuses storage (private
//! mode, policy) still gets a working console, only without remembered settings.

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
mod imp {
    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    /// Reads a value remembered in `localStorage`.
    pub fn load(key: &str) -> Option<String> {
        storage()?.get_item(key).ok()?
    }

    /// Remembers a value in `localStorage`.
    pub fn store(key: &str, value: &str) {
        if let Some(storage) = storage() {
            let _ = storage.set_item(key, value);
        }
    }

    /// The browser's preferred language tag (`navigator.language`).
    pub fn language() -> Option<String> {
        web_sys::window()?.navigator().language()
    }

    /// Sets the document's title (the browser tab).
    pub fn set_title(title: &str) {
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(title);
        }
    }

    /// Sets `<html lang>`.
    pub fn set_document_lang(tag: &str) {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", tag);
        }
    }

    /// Moves the keyboard focus to the first element matched by the first selector that
    /// matches one that can take focus (a form's first field in error).
    pub fn focus_first(selectors: &[String]) {
        use wasm_bindgen::JsCast;
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let found = selectors.iter().find_map(|selector| {
            document
                .query_selector(selector)
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        });
        if let Some(element) = found {
            let _ = element.focus();
        }
    }

    /// Opens the browser's print dialogue (the print style sheet decides what is printed).
    pub fn print() {
        if let Some(window) = web_sys::window() {
            // A refused print dialogue (policy, kiosk mode) leaves the page on screen as it is.
            let _ = window.print();
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
mod imp {
    /// Natively there is no storage: nothing is remembered.
    pub fn load(_key: &str) -> Option<String> {
        None
    }

    /// Natively there is no storage: nothing is remembered.
    pub fn store(_key: &str, _value: &str) {}

    /// Natively there is no browser language.
    pub fn language() -> Option<String> {
        None
    }

    /// Natively there is no document.
    pub fn set_title(_title: &str) {}

    /// Natively there is no document.
    pub fn set_document_lang(_tag: &str) {}

    /// Natively there is no focus.
    pub fn focus_first(_selectors: &[String]) {}

    /// Natively there is no printer.
    pub fn print() {}
}

pub use imp::{focus_first, language, load, print, set_document_lang, set_title, store};
