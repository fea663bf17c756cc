//! Any path under `/staff/` that is no page of the console.

use crate::components::PageTitle;
use crate::route::Route;
use crate::state::use_lang;
use dioxus::prelude::*;
use mimamori_shared::i18n::staff::Text;

/// "Page not found", with a way back.
#[component]
pub fn NotFoundPage(segments: Vec<String>) -> Element {
    let lang = use_lang();
    // The path is not shown: it may carry anything someone typed or pasted.
    let _ = segments;
    rsx! {
        PageTitle { page: Text::PageNotFound }
        main { id: "main", class: "page page-narrow",
            h1 { {Text::PageNotFound.get(lang)} }
            p { Link { to: Route::WorkList {}, {Text::BackToReports.get(lang)} } }
        }
    }
}
