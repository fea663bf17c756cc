//! The few browser APIs the console uses directly (storage, language, title, focus, print,
//! timers, scroll position, the tab's visibility), all here, with native stand-ins so the crate
//! builds and tests natively. Failures are ignored on purpose: a browser that refuses storage (private
//! mode, policy) still gets a working console, only without remembered settings.

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
mod imp {
    use wasm_bindgen::JsCast;

    fn document() -> Option<web_sys::Document> {
        web_sys::window()?.document()
    }

    /// Waits `ms` milliseconds.
    pub async fn sleep_ms(ms: i32) {
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }

    /// Whether the tab is in the background (no point refreshing what nobody sees).
    pub fn hidden() -> bool {
        document().is_some_and(|d| d.hidden())
    }

    /// The page's vertical scroll offset.
    pub fn scroll_y() -> f64 {
        web_sys::window()
            .and_then(|w| w.scroll_y().ok())
            .unwrap_or(0.0)
    }

    /// Scrolls the page to `y`.
    pub fn scroll_to(y: f64) {
        if let Some(window) = web_sys::window() {
            window.scroll_to_with_x_and_y(0.0, y);
        }
    }

    /// The id of the focused element, if it has one.
    pub fn focused_id() -> Option<String> {
        let id = document()?.active_element()?.id();
        (!id.is_empty()).then_some(id)
    }

    /// Focuses the element with `id` again, unless focus has moved somewhere else meanwhile
    /// (re-ordered rows are moved in the document, and a moved element loses focus).
    pub fn refocus(id: &str) {
        let Some(document) = document() else { return };
        let lost = document
            .active_element()
            .is_none_or(|active| active.id().is_empty() && active.tag_name() == "BODY");
        if lost
            && let Some(element) = document
                .get_element_by_id(id)
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    }

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

    /// Natively nothing runs the app: never resolves, so no loop spins.
    pub async fn sleep_ms(_ms: i32) {
        std::future::pending::<()>().await;
    }

    /// Natively there is no tab.
    pub fn hidden() -> bool {
        false
    }

    /// Natively there is no page.
    pub fn scroll_y() -> f64 {
        0.0
    }

    /// Natively there is no page.
    pub fn scroll_to(_y: f64) {}

    /// Natively there is no focus.
    pub fn focused_id() -> Option<String> {
        None
    }

    /// Natively there is no focus.
    pub fn refocus(_id: &str) {}
}

pub use imp::{
    focus_first, focused_id, hidden, language, load, print, refocus, scroll_to, scroll_y,
    set_document_lang, set_title, sleep_ms, store,
};
