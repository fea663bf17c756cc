//! The ways from today's report to the other pages: history, household members, reminders.
//! Big buttons at the end of the page, where a thumb finishing the report already is.

use crate::route::Route;
use dioxus::prelude::*;
use mimamori_shared::Lang;
use mimamori_shared::i18n::patient::Text;

/// Links to history (`data-testid="nav-history"`), household (`nav-household`) and reminder
/// settings (`nav-settings`).
#[component]
pub fn TodayNav(lang: Lang) -> Element {
    rsx! {
        nav { class: "today-nav", aria_label: "{Text::MoreNavLabel.get(lang)}",
            Link { class: "button button-secondary button-big", to: Route::History {},
                "data-testid": "nav-history",
                "{Text::HistoryLink.get(lang)}"
            }
            Link { class: "button button-secondary button-big", to: Route::Household {},
                "data-testid": "nav-household",
                "{Text::HouseholdLink.get(lang)}"
            }
            Link { class: "button button-secondary button-big", to: Route::Settings {},
                "data-testid": "nav-settings",
                "{Text::SettingsLink.get(lang)}"
            }
        }
    }
}
