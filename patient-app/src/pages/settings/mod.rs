//! `/settings`: reminders by web push.
//!
//! The page explains what reminders are and what the browser is about to ask *before* the
//! browser's permission prompt appears: a prompt out of the blue is refused by most people, and
//! once refused only the browser's site settings can undo it. Turning reminders on asks for
//! permission, subscribes this device with the server's VAPID key and stores the subscription;
//! turning them off saves `enabled = false`, unsubscribes and asks the server to forget the
//! subscription. The reminder window is a form of its own ([`window`]).

use crate::api::{self, ApiError};
use crate::components::{BackToToday, SessionPending, use_signed_in};
use crate::forms::messages::general_error_text;
use crate::push::{self, Permission, PushError};
use crate::state::{AppState, FocusRequest, use_app_state, use_focus_request};
use dioxus::prelude::*;
use mimamori_shared::Lang;
use mimamori_shared::api::patient::{DeletePushSubscription, ReminderPreferences};
use mimamori_shared::i18n::patient::Text;

mod window;
use window::ReminderWindow;

/// Id of the "turn on reminders" button (focus returns there after turning them off).
const TURN_ON_ID: &str = "reminders-turn-on";
/// Id of the on/off switch (focus moves there after turning reminders on).
const SWITCH_ID: &str = "reminders-switch";

/// The settings page, once the session is known.
#[component]
pub fn Settings() -> Element {
    match use_signed_in() {
        Some(_) => rsx! {
            SettingsPage {}
        },
        None => rsx! {
            SessionPending {}
        },
    }
}

/// The signals of the reminders card, bundled so the actions can live outside the markup.
#[derive(Clone, Copy, PartialEq)]
struct Reminders {
    state: AppState,
    preferences: Signal<Option<ReminderPreferences>>,
    permission: Signal<Permission>,
    /// Whether this device has a push subscription (`None` until checked).
    subscribed: Signal<Option<bool>>,
    busy: Signal<bool>,
    /// Why the last action failed (an alert); success shows in the status itself.
    failure: Signal<Option<&'static str>>,
    focus: FocusRequest,
}

impl Reminders {
    /// Reminders reach this device: allowed, subscribed, and on in the preferences.
    fn on(&self) -> bool {
        (self.permission)() == Permission::Allowed
            && (self.subscribed)() == Some(true)
            && (self.preferences)().is_some_and(|p| p.enabled)
    }

    fn fail(mut self, error: &ApiError) {
        if error.status() == Some(401) {
            self.state.signed_out();
            return;
        }
        self.failure
            .set(Some(general_error_text(error, self.state.lang())));
    }

    /// Explained permission prompt, subscription, and `enabled = true`.
    async fn turn_on(mut self) {
        let lang = self.state.lang();
        if let Err(error) = push::request_permission().await {
            self.permission.set(push::permission());
            let text = match error {
                PushError::Denied => Text::RemindersDenied,
                PushError::Unsupported => Text::RemindersUnsupported,
                PushError::Failed => Text::RemindersFailed,
            };
            self.failure.set(Some(text.get(lang)));
            return;
        }
        self.permission.set(Permission::Allowed);
        let key = match api::vapid_public_key().await {
            Ok(key) => key,
            Err(error) => return self.fail(&error),
        };
        let subscription = match push::subscribe(&key.public_key).await {
            Ok(subscription) => subscription,
            Err(_) => {
                self.failure.set(Some(Text::RemindersFailed.get(lang)));
                return;
            }
        };
        if let Err(error) = api::create_push_subscription(&subscription).await {
            return self.fail(&error);
        }
        self.subscribed.set(Some(true));
        let current = (self.preferences)().unwrap_or_default();
        if !current.enabled {
            let wanted = ReminderPreferences {
                enabled: true,
                ..current
            };
            match api::save_preferences(&wanted).await {
                Ok(saved) => self.preferences.set(Some(saved)),
                Err(error) => return self.fail(&error),
            }
        }
        self.focus.focus(SWITCH_ID);
    }

    /// `enabled = false` first (then nothing is sent even if the rest fails), then the
    /// device's subscription goes, on the device and on the server.
    async fn turn_off(mut self) {
        let current = (self.preferences)().unwrap_or_default();
        let wanted = ReminderPreferences {
            enabled: false,
            ..current
        };
        match api::save_preferences(&wanted).await {
            Ok(saved) => self.preferences.set(Some(saved)),
            Err(error) => return self.fail(&error),
        }
        if let Some(endpoint) = push::unsubscribe().await {
            // Already off in the preferences: a failure here leaves only an unused row.
            let _ = api::delete_push_subscription(&DeletePushSubscription { endpoint }).await;
        }
        self.subscribed.set(Some(false));
        self.focus.focus(TURN_ON_ID);
    }

    /// Runs one action at a time.
    fn run(mut self, on: bool) {
        if (self.busy)() {
            return;
        }
        self.busy.set(true);
        self.failure.set(None);
        spawn(async move {
            if on {
                self.turn_on().await;
            } else {
                self.turn_off().await;
            }
            self.busy.set(false);
        });
    }
}

#[component]
fn SettingsPage() -> Element {
    let state = use_app_state();
    let lang = state.lang();
    let reminders = Reminders {
        state,
        preferences: use_signal(|| None),
        permission: use_signal(push::permission),
        subscribed: use_signal(|| None),
        busy: use_signal(|| false),
        failure: use_signal(|| None),
        focus: use_focus_request(),
    };
    let mut load_error = use_signal(|| None::<ApiError>);
    let mut load = move || {
        let mut r = reminders;
        load_error.set(None);
        spawn(async move {
            r.subscribed.set(Some(push::subscription().await.is_some()));
            match api::preferences().await {
                Ok(preferences) => r.preferences.set(Some(preferences)),
                Err(error) if error.status() == Some(401) => r.state.signed_out(),
                Err(error) => load_error.set(Some(error)),
            }
        });
    };
    use_hook(load);

    let mut preferences = reminders.preferences;
    rsx! {
        h1 { class: "page-title", "{Text::SettingsTitle.get(lang)}" }
        p { "{Text::RemindersIntro.get(lang)}" }
        if let Some(error) = load_error() {
            div { class: "notice notice-error", role: "alert",
                p { "{general_error_text(&error, lang)}" }
                button {
                    r#type: "button",
                    class: "button button-primary",
                    onclick: move |_| load(),
                    "{Text::TryAgain.get(lang)}"
                }
            }
        } else if let Some(current) = preferences() {
            RemindersCard { reminders, lang }
            ReminderWindow {
                preferences: current,
                lang,
                on_saved: move |saved| preferences.set(Some(saved)),
            }
        } else {
            p { class: "loading", role: "status", "{Text::Loading.get(lang)}" }
        }
        BackToToday {}
    }
}

/// Reminders on this device: the explanation and the button, or the switch that turns them off.
#[component]
fn RemindersCard(reminders: Reminders, lang: Lang) -> Element {
    let on = reminders.on();
    let busy = (reminders.busy)();
    let permission = (reminders.permission)();
    let status = if on {
        Text::RemindersStatusOn
    } else {
        Text::RemindersStatusOff
    };
    let failed = (reminders.failure)();
    rsx! {
        section {
            class: "form-section reminders",
            "data-testid": "reminders",
            "data-state": if on { "on" } else { "off" },
            aria_labelledby: "reminders-title",
            h2 { id: "reminders-title", class: "section-title", "{Text::RemindersTitle.get(lang)}" }
            p { class: "reminder-status", role: "status", "data-testid": "reminder-status",
                strong { "{status.get(lang)}" }
                if busy {
                    " {Text::Sending.get(lang)}"
                }
            }
            div { class: "form-alert", role: "alert",
                if let Some(message) = failed {
                    p { class: "form-alert-text", "data-testid": "reminder-error", "{message}" }
                }
            }
            if on {
                button {
                    id: SWITCH_ID,
                    r#type: "button",
                    class: "switch",
                    role: "switch",
                    aria_checked: "true",
                    aria_disabled: if busy { "true" } else { "false" },
                    "data-testid": "reminders-switch",
                    onclick: move |_| reminders.run(false),
                    span { class: "switch-label", "{Text::RemindersSwitchLabel.get(lang)}" }
                    span { class: "switch-track", aria_hidden: "true", span { class: "switch-thumb" } }
                    // Visible only: `aria-checked` already tells assistive technology.
                    span { class: "switch-state", aria_hidden: "true", "{Text::RemindersOn.get(lang)}" }
                }
                p { class: "field-hint", "{Text::RemindersOffHint.get(lang)}" }
            } else {
                match permission {
                    Permission::Unsupported => rsx! {
                        p { class: "notice", "data-testid": "reminders-unsupported",
                            "{Text::RemindersUnsupported.get(lang)}"
                        }
                    },
                    Permission::Blocked => rsx! {
                        div { class: "notice notice-error", "data-testid": "reminders-blocked",
                            p { "{Text::RemindersDenied.get(lang)}" }
                            p { "{Text::RemindersHowToAllow.get(lang)}" }
                        }
                    },
                    Permission::NotAsked | Permission::Allowed => rsx! {
                        div { class: "before-prompt",
                            p { "{Text::RemindersBeforePrompt.get(lang)}" }
                            p { "{Text::RemindersIfBlocked.get(lang)}" }
                        }
                        button {
                            id: TURN_ON_ID,
                            r#type: "button",
                            class: "button button-primary button-big",
                            "data-testid": "push-enable",
                            aria_disabled: if busy { "true" } else { "false" },
                            onclick: move |_| reminders.run(true),
                            "{Text::RemindersTurnOn.get(lang)}"
                        }
                    },
                }
            }
        }
    }
}
