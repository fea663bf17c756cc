//! The header's links to the health centre's and the administrators' pages, by role.

use crate::route::Route;
use crate::state::use_lang;
use dioxus::prelude::*;
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::i18n::staff_admin::AdminText;
use mimamori_shared::i18n::staff_hc::HcText;

/// Registration and import for health-centre staff; organisations, contracts and users for
/// administrators; nothing for others (the server refuses them anyway).
#[component]
pub fn RoleNav(role: StaffRole) -> Element {
    let lang = use_lang();
    rsx! {
        if role == StaffRole::HcStaff {
            Link { to: Route::RegisterCase {}, active_class: "active", "data-testid": "nav-register",
                {HcText::NavRegister.get(lang)}
            }
            Link { to: Route::ImportCases {}, active_class: "active", "data-testid": "nav-import",
                {HcText::NavImport.get(lang)}
            }
        }
        if role == StaffRole::Admin {
            Link { to: Route::AdminOrgs {}, active_class: "active", "data-testid": "nav-orgs",
                {AdminText::OrgsTitle.get(lang)}
            }
            Link { to: Route::AdminContracts {}, active_class: "active", "data-testid": "nav-contracts",
                {AdminText::ContractsTitle.get(lang)}
            }
            Link { to: Route::AdminUsers {}, active_class: "active", "data-testid": "nav-users",
                {AdminText::UsersTitle.get(lang)}
            }
        }
    }
}

/// Sets the browser tab's title to `title — console name` (pages whose title is not one of
/// the console's common strings).
#[component]
pub fn TitleText(title: &'static str) -> Element {
    let lang = use_lang();
    let full = format!(
        "{title} — {}",
        mimamori_shared::i18n::staff::Text::AppName.get(lang)
    );
    use_effect(use_reactive!(|full| crate::browser::set_title(&full)));
    rsx! {}
}
