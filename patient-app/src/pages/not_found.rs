//! The page for an address the app does not know.

use crate::route::Route;
use crate::state::use_lang;
use dioxus::prelude::*;
use mimamori_shared::i18n::patient::Text;

/// "Page not found", with a way back to the start.
#[component]
pub fn NotFound(segments: Vec<String>) -> Element {
    let lang = use_lang();
    // The path itself is not shown: it may hold a mistyped token.
    let _ = segments;
    rsx! {
        h1 { class: "page-title", "{Text::NotFoundTitle.get(lang)}" }
        Link { class: "button button-primary", to: Route::Today {}, "{Text::GoToStart.get(lang)}" }
    }
}
