//! Choosing the language: big buttons on an invitation's first screen, a small switch in the
//! header everywhere else. Each language's name is written in that language and marked with its
//! own `lang`, so a screen reader says "English" in English even on a Japanese page.

use crate::state::use_app_state;
use dioxus::prelude::*;
use mimamori_shared::Lang;
use mimamori_shared::i18n::patient::Text;

/// One large button per language (`data-testid="lang-<tag>"`); `on_choose` gets the choice
/// after it has been applied and remembered.
#[component]
pub fn LangChooser(on_choose: EventHandler<Lang>) -> Element {
    let state = use_app_state();
    rsx! {
        div { class: "lang-chooser",
            for lang in Lang::ALL {
                button {
                    key: "{lang.tag()}",
                    r#type: "button",
                    class: "button button-big lang-button",
                    lang: "{lang.tag()}",
                    "data-testid": "lang-{lang.tag()}",
                    onclick: move |_| {
                        state.set_lang(lang);
                        on_choose.call(lang);
                    },
                    "{lang.native_name()}"
                }
            }
        }
    }
}

/// The header's language switch (`data-testid="lang-switch-<tag>"`); the current language is
/// marked `aria-pressed="true"`.
#[component]
pub fn LangSwitch() -> Element {
    let state = use_app_state();
    let current = state.lang();
    rsx! {
        div {
            class: "lang-switch",
            role: "group",
            aria_label: "{Text::LanguageSwitchLabel.get(current)}",
            for lang in Lang::ALL {
                button {
                    key: "{lang.tag()}",
                    r#type: "button",
                    class: "lang-switch-button",
                    lang: "{lang.tag()}",
                    aria_pressed: if lang == current { "true" } else { "false" },
                    "data-testid": "lang-switch-{lang.tag()}",
                    onclick: move |_| state.set_lang(lang),
                    "{lang.native_name()}"
                }
            }
        }
    }
}
