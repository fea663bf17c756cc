//! The few browser calls the work list makes itself — timers, scroll position, focus and the
//! tab's visibility — with native stand-ins so the crate builds and tests natively.

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
}

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
mod imp {
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

pub use imp::{focused_id, hidden, refocus, scroll_to, scroll_y, sleep_ms};
