//! The header's bell: how many of the caller's notifications are unread, refreshed every 15
//! seconds while the tab is visible, linking to the notifications page.

use crate::api;
use crate::route::Route;
use crate::state::use_lang;
use dioxus::prelude::*;
use mimamori_shared::i18n::staff_notifications::NoticeText;

/// Milliseconds between two refreshes of the count.
const REFRESH_MS: i32 = 15_000;

/// The bell with the unread count.
#[component]
pub fn NotificationBell() -> Element {
    let lang = use_lang();
    let mut unread = use_signal(|| 0_u64);
    use_future(move || async move {
        loop {
            if !timer::hidden()
                && let Ok(list) = api::notifications::list(None, 1).await
            {
                unread.set(list.unread);
            }
            timer::sleep_ms(REFRESH_MS).await;
        }
    });
    let count = unread();
    let label = format!("{} {count}", NoticeText::Bell.get(lang));
    rsx! {
        Link {
            class: if count > 0 { "bell bell-unread" } else { "bell" },
            to: Route::Notifications {},
            active_class: "active",
            "aria-label": label.clone(),
            title: label,
            "data-testid": "nav-notifications",
            span { "aria-hidden": "true", "🔔" }
            if count > 0 {
                span { class: "bell-count", "data-testid": "notification-count", "{count}" }
            }
        }
    }
}

/// A timer and the tab's visibility, with native stand-ins so the crate builds natively.
pub(crate) mod timer {
    /// Waits `ms` milliseconds.
    #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
    pub async fn sleep_ms(ms: i32) {
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }

    /// Whether the tab is in the background (no point asking for what nobody sees).
    #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
    pub fn hidden() -> bool {
        web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.hidden())
    }

    /// Outside a browser: never wakes (nothing polls natively).
    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
    pub async fn sleep_ms(_ms: i32) {
        std::future::pending::<()>().await;
    }

    /// Outside a browser there is no tab.
    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
    pub fn hidden() -> bool {
        true
    }
}
