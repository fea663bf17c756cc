//! The header over every signed-in page: who is signed in, where they work, the language switch
//! and sign-out.

use crate::api;
use crate::components::{LangSwitch, NotificationBell, RoleNav};
use crate::route::Route;
use crate::state::{Session, use_lang, use_session};
use dioxus::prelude::*;
use mimamori_shared::api::auth::{StaffMe, StaffRole};
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::i18n::staff_audit::AuditText;
use mimamori_shared::i18n::staff_auth::AuthText;
use mimamori_shared::i18n::staff_reports_daily::DailyReportText;
use mimamori_shared::i18n::staff_worklist::WorkText;

/// The console's header for the signed-in staff member `me`.
#[component]
pub fn Header(me: StaffMe) -> Element {
    let lang = use_lang();
    rsx! {
        header { class: "site-header",
            div { class: "site-header-top",
                Link { class: "brand", to: Route::WorkList {}, {Text::AppName.get(lang)} }
                nav { class: "site-nav", "aria-label": Text::MainNavigation.get(lang),
                    // Institutions follow no cases: the work list and reports would be empty.
                    if me.role != StaffRole::InstitutionStaff {
                        Link { to: Route::WorkList {}, active_class: "active", "data-testid": "nav-worklist",
                            {WorkText::Title.get(lang)}
                        }
                        Link { to: Route::Today {}, active_class: "active",
                            {Text::NavReports.get(lang)}
                        }
                    }
                    if matches!(me.role, StaffRole::HcStaff | StaffRole::FollowupStaff | StaffRole::FollowupDoctor) {
                        Link { to: Route::ImplementationReports {}, active_class: "active",
                            "data-testid": "nav-implementation-reports",
                            {DailyReportText::Title.get(lang)}
                        }
                    }
                    RoleNav { role: me.role }
                    if me.role == StaffRole::Admin {
                        Link { to: Route::Audit {}, active_class: "active",
                            {AuditText::Title.get(lang)}
                        }
                    }
                }
            }
            div { class: "site-header-user",
                NotificationBell {}
                p { class: "who", "data-testid": "staff-identity",
                    span { class: "who-name", "data-testid": "staff-name",
                        {me.display_name.clone()}
                    }
                    span { class: "who-org", "data-testid": "staff-org",
                        {me.organisation.name.clone()}
                    }
                    span { class: "who-role", "data-testid": "staff-role",
                        {Text::role(me.role).get(lang)}
                    }
                }
                Link {
                    class: "account-link",
                    to: Route::ChangePassword {},
                    active_class: "active",
                    "data-testid": "nav-password",
                    {AuthText::PasswordTitle.get(lang)}
                }
                LangSwitch {}
                SignOutButton { test_id: "signout" }
            }
        }
    }
}

/// The header of the one-time password page: nothing but the language switch and sign-out
/// (every other page is refused until the password is changed; someone who signed in by
/// mistake on a shared terminal must still be able to leave).
#[component]
pub fn PasswordOnlyHeader() -> Element {
    let lang = use_lang();
    rsx! {
        header { class: "site-header",
            div { class: "site-header-top",
                span { class: "brand", {Text::AppName.get(lang)} }
            }
            div { class: "site-header-user",
                LangSwitch {}
                // Its own test id: tests take `signout` to mean "in the console".
                SignOutButton { test_id: "signout-early" }
            }
        }
    }
}

/// Signs out; on failure says so and keeps the session (the cookie may still be valid).
#[component]
fn SignOutButton(test_id: &'static str) -> Element {
    let lang = use_lang();
    let mut session = use_session();
    let nav = use_navigator();
    let mut failed = use_signal(|| false);
    let mut busy = use_signal(|| false);

    let on_sign_out = move |_| {
        if busy() {
            return;
        }
        busy.set(true);
        failed.set(false);
        spawn(async move {
            let ended = match api::sign_out().await {
                Ok(()) => true,
                // Already ended on the server (expired): nothing left to end.
                Err(problem) => problem.status == 401,
            };
            busy.set(false);
            if ended {
                nav.replace(Route::SignIn {});
                session.set(Session::SignedOut);
            } else {
                // The cookie may still be valid: saying "signed out" now would be a lie on a
                // shared terminal, so ask to try again.
                failed.set(true);
            }
        });
    };

    rsx! {
        button {
            r#type: "button",
            class: "button button-quiet",
            "data-testid": test_id,
            disabled: busy(),
            onclick: on_sign_out,
            {Text::SignOut.get(lang)}
        }
        if failed() {
            p { class: "notice notice-error", role: "alert", {Text::SignOutFailed.get(lang)} }
        }
    }
}
