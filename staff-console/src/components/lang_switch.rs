//! The language switch (日本語 / English), remembered on this browser.

use crate::state::{set_lang, use_lang_signal};
use dioxus::prelude::*;
use mimamori_shared::i18n::staff::{STAFF_LANGS, Text};

/// One button per language; the current one is marked pressed.
#[component]
pub fn LangSwitch() -> Element {
    let signal = use_lang_signal();
    let current = signal();
    rsx! {
        div { class: "lang-switch", role: "group", "aria-label": Text::Language.get(current),
            for lang in STAFF_LANGS {
                button {
                    key: "{lang.tag()}",
                    r#type: "button",
                    class: "lang-button",
                    lang: lang.tag(),
                    "aria-pressed": if lang == current { "true" } else { "false" },
                    "data-testid": format!("lang-{}", lang.tag()),
                    onclick: move |_| set_lang(signal, lang),
                    {lang.native_name()}
                }
            }
        }
    }
}
