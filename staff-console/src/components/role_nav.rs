//! The header's links to the health centre's and the administrators' pages, by role.

use crate::route::Route;
use crate::state::use_lang;
use dioxus::prelude::*;
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::i18n::staff_admin::AdminText;
use mimamori_shared::i18n::staff_hc::HcText;
use mimamori_shared::i18n::staff_inpatient::InpatientText;
use mimamori_shared::i18n::staff_institution::InstText;
use mimamori_shared::i18n::staff_test_counts::CountText;

/// Intake, registration, import and test-count summaries for health-centre staff;
/// notifications, inpatients and test counts for institution staff; organisations, contracts
/// and users for administrators; nothing for others (the server refuses them anyway).
#[component]
pub fn RoleNav(role: StaffRole) -> Element {
    let lang = use_lang();
    rsx! {
        if role == StaffRole::InstitutionStaff {
            Link { to: Route::CaseNotifications {}, active_class: "active", "data-testid": "nav-case-notifications",
                {InstText::NavNotifications.get(lang)}
            }
            Link { to: Route::Inpatients {}, active_class: "active", "data-testid": "nav-inpatients",
                {InpatientText::NavInpatients.get(lang)}
            }
            Link { to: Route::TestCounts {}, active_class: "active", "data-testid": "nav-test-counts",
                {CountText::NavTestCounts.get(lang)}
            }
        }
        if role == StaffRole::HcStaff {
            Link { to: Route::Intake {}, active_class: "active", "data-testid": "nav-intake",
                {InstText::NavIntake.get(lang)}
            }
            Link { to: Route::RegisterCase {}, active_class: "active", "data-testid": "nav-register",
                {HcText::NavRegister.get(lang)}
            }
            Link { to: Route::ImportCases {}, active_class: "active", "data-testid": "nav-import",
                {HcText::NavImport.get(lang)}
            }
            Link { to: Route::TestCountSummary {}, active_class: "active", "data-testid": "nav-test-count-summary",
                {CountText::NavTestCounts.get(lang)}
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
