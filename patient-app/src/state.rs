//! App-wide state: the chosen language and who is signed in, shared through a Dioxus context.
//!
//! The root component calls [`use_app_state_provider`] once; every other component reaches the
//! state through the `use_*` hooks here. Later state (the offline queue, push subscription)
//! joins [`AppState`] the same way.

use crate::api::{self, ApiError};
use crate::forms::report::ReportDraft;
use crate::platform;
use dioxus::prelude::*;
use mimamori_shared::Lang;
use mimamori_shared::api::auth::PatientMe;
use mimamori_shared::i18n::patient::Text;

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

    /// Records a successful sign-in. The account's language applies unless this device already
    /// has a choice: the person holding the phone chose that one.
    pub fn signed_in(&self, me: PatientMe) {
        if platform::stored_lang().is_none() {
            let mut lang = self.lang;
            lang.set(me.lang);
        }
        let mut session = self.session;
        session.set(Session::SignedIn(me));
    }

    /// Records that no one is signed in any more (a 401 from the server). Unsent answers are
    /// kept for when the patient signs in again.
    pub fn signed_out(&self) {
        let mut session = self.session;
        session.set(Session::SignedOut);
    }

    /// Records a deliberate sign-out: unsent answers go too, since the phone may be shared.
    pub fn signed_out_by_user(&self) {
        let mut draft = self.draft;
        draft.set(ReportDraft::default());
        self.signed_out();
    }

    /// Asks the server who is signed in and records the answer.
    pub async fn refresh_session(self) {
        match api::me().await {
            Ok(me) => self.signed_in(me),
            Err(ApiError::Problem(problem)) if problem.status == 401 => self.signed_out(),
            Err(_) => {
                let mut session = self.session;
                session.set(Session::Unreachable);
            }
        }
    }

    /// Applies a change to the signed-in account (e.g. a case now reported for this slot).
    pub fn update_me(&self, change: impl FnOnce(&mut PatientMe)) {
        let mut session = self.session;
        if let Session::SignedIn(me) = &mut *session.write() {
            change(me);
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
    });
    // Keep `<html lang>` and the title in step with the choice: screen readers pick their voice
    // from `lang`, and a Japanese voice reading English (or the reverse) is unintelligible.
    use_effect(move || {
        let lang = state.lang();
        platform::set_document_lang(lang, Text::AppName.get(lang));
    });
    use_hook(|| spawn(state.refresh_session()));
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
