//! Choosing the language: big buttons on an invitation's first screen, a small switch in the
//! header everywhere else. Each language's name is written in that language and marked with its
//! own `lang`, so a screen reader says "English" in English even on a Japanese page.

use crate::state::use_app_state;
use dioxus::prelude::*;
use mimamori_shared::Lang;
use mimamori_shared::i18n::patient::Text;

/// One large button per language (`data-testid="lang-<tag>"`), two to a row so all six fit on a
/// phone's first screen; `on_choose` gets the choice after it has been applied and remembered.
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

/// The header's language switch: a button naming the current language
/// (`data-testid="lang-switch"`, with a globe that any reader recognises) that opens one button per
/// language (`data-testid="lang-switch-<tag>"`, the current one `aria-pressed="true"`). Closed by
/// default, so six languages do not push the report form down on every page.
#[component]
pub fn LangSwitch() -> Element {
    let state = use_app_state();
    let current = state.lang();
    let mut open = use_signal(|| false);
    let label = Text::LanguageSwitchLabel.get(current);
    rsx! {
        div {
            class: "lang-switch",
            onkeydown: move |event: KeyboardEvent| {
                if event.key() == Key::Escape {
                    open.set(false);
                }
            },
            button {
                r#type: "button",
                class: "lang-switch-toggle",
                "data-testid": "lang-switch",
                aria_expanded: if open() { "true" } else { "false" },
                aria_controls: "lang-switch-options",
                // The visible name is part of the accessible one (WCAG 2.5.3).
                aria_label: "{label}: {current.native_name()}",
                onclick: move |_| open.toggle(),
                // A drawn globe rather than the emoji, which some older phones lack a glyph for.
                svg {
                    class: "lang-switch-globe",
                    "viewBox": "0 0 24 24",
                    "width": "20",
                    "height": "20",
                    "fill": "none",
                    "stroke": "currentColor",
                    "stroke-width": "2",
                    "aria-hidden": "true",
                    "focusable": "false",
                    circle { "cx": "12", "cy": "12", "r": "10" }
                    path { "d": "M2 12h20M12 2a15 15 0 0 1 0 20M12 2a15 15 0 0 0 0 20" }
                }
                span { lang: "{current.tag()}", "{current.native_name()}" }
            }
            if open() {
                div {
                    id: "lang-switch-options",
                    class: "lang-switch-options",
                    role: "group",
                    aria_label: "{label}",
                    for lang in Lang::ALL {
                        button {
                            key: "{lang.tag()}",
                            r#type: "button",
                            class: "lang-switch-button",
                            lang: "{lang.tag()}",
                            aria_pressed: if lang == current { "true" } else { "false" },
                            "data-testid": "lang-switch-{lang.tag()}",
                            onclick: move |_| {
                                state.set_lang(lang);
                                open.set(false);
                            },
                            "{lang.native_name()}"
                        }
                    }
                }
            }
        }
    }
}
