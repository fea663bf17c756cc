//! The header's bell: how many of the caller's notifications are unread, refreshed every 15
//! seconds while the tab is visible, linking to the notifications page.

use crate::api;
use crate::browser;
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
            if !browser::hidden()
                && let Ok(list) = api::notifications::list(None, 1).await
            {
                unread.set(list.unread);
            }
            browser::sleep_ms(REFRESH_MS).await;
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
            BellIcon {}
            if count > 0 {
                span { class: "bell-count", "data-testid": "notification-count", "{count}" }
            }
        }
    }
}

/// A bell drawn inline: an emoji bell shows as a missing glyph on systems without a colour
/// emoji font. It takes the link's text colour; the link's label is what screen readers read.
#[component]
fn BellIcon() -> Element {
    rsx! {
        svg {
            class: "bell-icon",
            "aria-hidden": "true",
            "focusable": "false",
            "width": "20",
            "height": "20",
            "viewBox": "0 0 24 24",
            "fill": "none",
            "stroke": "currentColor",
            "stroke-width": "2",
            "stroke-linecap": "round",
            "stroke-linejoin": "round",
            path { "d": "M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" }
            path { "d": "M13.73 21a2 2 0 0 1-3.46 0" }
        }
    }
}
