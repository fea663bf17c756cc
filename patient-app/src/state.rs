//! App-wide state: the chosen language, who is signed in, the report being filled in and the
//! offline queue, shared through a Dioxus context.
//!
//! The root component calls [`use_app_state_provider`] once; every other component reaches the
//! state through the `use_*` hooks here. Later state (push subscription) joins [`AppState`] the
//! same way.

use crate::api::{self, ApiError};
use crate::forms::report::ReportDraft;
use crate::platform;
use crate::sync::{self, Outbox};
use dioxus::prelude::*;
use mimamori_shared::Lang;
use mimamori_shared::api::auth::PatientMe;
use mimamori_shared::i18n::patient::Text;
use mimamori_shared::ids::CaseId;

/// Whether someone is signed in on this device, as far as the app knows.
#[derive(Debug, Clone, PartialEq)]
pub enum Session {
    /// `GET /api/patient/me` has not answered yet.
    Loading,
    /// The server says no one is signed in (401).
    SignedOut,
    /// Signed in: the cases this account reports for.
    SignedIn(PatientMe),
    /// The server could not be reached, so the app cannot tell.
    Unreachable,
}

/// Handles to the app-wide signals; `Copy`, so it moves freely into closures and tasks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AppState {
    lang: Signal<Lang>,
    session: Signal<Session>,
    draft: Signal<ReportDraft>,
    selected_case: Signal<Option<CaseId>>,
    outbox: Signal<Outbox>,
    online: Signal<bool>,
}

/// Where the signed-in account is remembered on the device, so that the app opened without
/// signal still knows whom it reports for (and which health centre to call). Cleared at sign-out.
const ME_KEY: &str = "mimamori.me";

fn stored_me() -> Option<PatientMe> {
    serde_json::from_str(&platform::storage_get(ME_KEY)?).ok()
}

fn remember_me(me: &PatientMe) {
    if let Ok(json) = serde_json::to_string(me) {
        // Refused (private browsing): the app then needs the network to start, as before.
        platform::storage_set(ME_KEY, &json);
    }
}

impl AppState {
    /// The language of the interface (subscribes the caller to changes).
    pub fn lang(&self) -> Lang {
        (self.lang)()
    }

    /// Switches the language and remembers the choice on this device.
    pub fn set_lang(&self, lang: Lang) {
        let mut signal = self.lang;
        signal.set(lang);
        platform::store_lang(lang);
    }

    /// The session signal (read it to subscribe).
    pub fn session(&self) -> Signal<Session> {
        self.session
    }

    /// The report being filled in. It lives here rather than in the form so that answers
    /// survive an expired session: the patient signs in again and finds them still there.
    pub fn draft(&self) -> Signal<ReportDraft> {
        self.draft
    }

    /// The household member chosen last (today's report, history); `None` means the account's
    /// own case. Shared by the pages so the choice holds while the patient moves between them.
    pub fn selected_case(&self) -> Signal<Option<CaseId>> {
        self.selected_case
    }

    /// Reports kept on this device and what became of them.
    pub fn outbox(&self) -> Signal<Outbox> {
        self.outbox
    }

    /// Whether the server seems reachable: the browser's `online`/`offline` events and the
    /// outcome of the app's own requests (`navigator.onLine` alone says true on a network
    /// without internet).
    pub fn online(&self) -> bool {
        (self.online)()
    }

    /// Records what the last event or request said about the network (writes only on a change).
    pub fn set_online(&self, online: bool) {
        let mut signal = self.online;
        if *signal.peek() != online {
            signal.set(online);
        }
    }

    /// Records a successful sign-in. The account's language applies unless this device already
    /// has a choice: the person holding the phone chose that one.
    pub fn signed_in(&self, me: PatientMe) {
        remember_me(&me);
        if platform::stored_lang().is_none() {
            let mut lang = self.lang;
            lang.set(me.lang);
        }
        let mut session = self.session;
        session.set(Session::SignedIn(me));
    }

    /// Records that no one is signed in any more (a 401 from the server). Unsent answers and
    /// queued reports are kept for when the patient signs in again.
    pub fn signed_out(&self) {
        platform::storage_remove(ME_KEY);
        let mut session = self.session;
        session.set(Session::SignedOut);
    }

    /// Records a deliberate sign-out: unsent answers go too, since the phone may be shared.
    /// Queued reports stay: they are already made, and go once that account signs in again.
    pub fn signed_out_by_user(&self) {
        let mut draft = self.draft;
        draft.set(ReportDraft::default());
        let mut selected = self.selected_case;
        selected.set(None);
        self.signed_out();
    }

    /// Asks the server who is signed in and records the answer. Without an answer, the account
    /// remembered on this device stands in, so a report can be made (and queued) offline.
    pub async fn refresh_session(self) {
        let answer = api::me().await;
        self.set_online(!matches!(answer, Err(ApiError::Network)));
        match answer {
            Ok(me) => self.signed_in(me),
            Err(ApiError::Problem(problem)) if problem.status == 401 => self.signed_out(),
            Err(_) => {
                let mut session = self.session;
                match stored_me() {
                    Some(me) => session.set(Session::SignedIn(me)),
                    None => session.set(Session::Unreachable),
                }
            }
        }
    }

    /// Applies a change to the signed-in account (e.g. a case now reported for this slot).
    pub fn update_me(&self, change: impl FnOnce(&mut PatientMe)) {
        let mut session = self.session;
        if let Session::SignedIn(me) = &mut *session.write() {
            change(me);
            remember_me(me);
        }
    }
}

/// The language to start with: this device's earlier choice, else the browser's, else Japanese.
fn initial_lang() -> Lang {
    platform::stored_lang()
        .or_else(platform::browser_lang)
        .unwrap_or_default()
}

/// Creates the app state; call once, in the root component.
pub fn use_app_state_provider() -> AppState {
    let state = use_context_provider(|| AppState {
        lang: Signal::new(initial_lang()),
        session: Signal::new(Session::Loading),
        draft: Signal::new(ReportDraft::default()),
        selected_case: Signal::new(None),
        // Reports left waiting by an earlier visit (sent once the session is known, below).
        outbox: Signal::new(Outbox {
            waiting: sync::load_stored(),
            ..Outbox::default()
        }),
        online: Signal::new(platform::is_online()),
    });
    // Keep `<html lang>` and the title in step with the choice: screen readers pick their voice
    // from `lang`, and a Japanese voice reading English (or the reverse) is unintelligible.
    use_effect(move || {
        let lang = state.lang();
        platform::set_document_lang(lang, Text::AppName.get(lang));
    });
    sync::use_queue_sync(state);
    use_hook(|| {
        spawn(async move {
            state.refresh_session().await;
            // Reports left waiting by an earlier visit go as soon as the app knows whose they are.
            sync::flush(state).await;
        })
    });
    state
}

/// The app state provided by the root component.
pub fn use_app_state() -> AppState {
    use_context::<AppState>()
}

/// The current language (the component re-renders when it changes).
pub fn use_lang() -> Lang {
    use_app_state().lang()
}

/// Asks for keyboard and screen-reader focus on an element once the next render is on screen
/// (the element, or the error it describes, may not exist yet when the request is made).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FocusRequest(Signal<Option<String>>);

impl FocusRequest {
    /// Moves focus to the element with id `id` after the next render.
    pub fn focus(self, id: &str) {
        let mut target = self.0;
        // Set even when unchanged: a second failed submit must move focus again.
        target.set(Some(id.to_owned()));
    }
}

/// A [`FocusRequest`] for this component.
pub fn use_focus_request() -> FocusRequest {
    let target = use_signal(|| None::<String>);
    use_effect(move || {
        if let Some(id) = target() {
            platform::focus(&id);
        }
    });
    FocusRequest(target)
}
