//! State shared by every page: the session and the language, as context signals.
//!
//! [`provide_app_state`] runs once in the root component; pages and components reach the state
//! through the `use_*` hooks below.

use crate::{api, browser};
use dioxus::prelude::*;
use mimamori_shared::Lang;
use mimamori_shared::api::Problem;
use mimamori_shared::api::auth::StaffMe;
use mimamori_shared::i18n::staff::STAFF_LANGS;

/// Where the console stands with the server's session cookie.
#[derive(Debug, Clone, PartialEq)]
pub enum Session {
    /// Not known yet: `GET /api/staff/me` is on its way (or about to be).
    Checking,
    /// Signed in.
    SignedIn(StaffMe),
    /// The server said 401: nobody is signed in on this browser.
    SignedOut,
    /// The check failed for another reason (offline, server down); retrying sets `Checking`.
    Unreachable(Problem),
}

impl Session {
    /// The signed-in staff member, if any.
    pub fn me(&self) -> Option<&StaffMe> {
        match self {
            Session::SignedIn(me) => Some(me),
            _ => None,
        }
    }

    /// The session after `GET /api/staff/me` answered.
    pub fn from_me(result: Result<StaffMe, Problem>) -> Session {
        match result {
            Ok(me) => Session::SignedIn(me),
            Err(problem) if problem.status == 401 => Session::SignedOut,
            Err(problem) => Session::Unreachable(problem),
        }
    }
}

/// Provides the session and language signals; call once, in the root component.
pub fn provide_app_state() {
    use_context_provider(|| Signal::new(Session::Checking));
    let lang = use_context_provider(|| Signal::new(initial_lang()));
    // Screen readers and the browser's spell checker follow `<html lang>`.
    use_effect(move || browser::set_document_lang(lang().tag()));
}

/// The session signal.
pub fn use_session() -> Signal<Session> {
    use_context()
}

/// The session signal, checked with the server whenever it is [`Session::Checking`].
pub fn use_checked_session() -> Signal<Session> {
    let mut session = use_session();
    use_effect(move || {
        if *session.read() == Session::Checking {
            spawn(async move {
                let checked = Session::from_me(api::me().await);
                session.set(checked);
            });
        }
    });
    session
}

/// Call when any API call answers 401: the session expired or was ended elsewhere, so the
/// shell sends the user to sign-in.
pub fn expire_session(mut session: Signal<Session>) {
    if *session.peek() != Session::SignedOut {
        session.set(Session::SignedOut);
    }
}

/// The current language; reading it re-renders the caller when it changes.
pub fn use_lang() -> Lang {
    let lang: Signal<Lang> = use_context();
    lang()
}

/// The language signal, for the language switch.
pub fn use_lang_signal() -> Signal<Lang> {
    use_context()
}

/// Switches the language and remembers the choice on this browser.
pub fn set_lang(mut signal: Signal<Lang>, lang: Lang) {
    signal.set(lang);
    browser::store(LANG_KEY, lang.tag());
}

const LANG_KEY: &str = "mimamori.staff.lang";

/// The remembered language, else the browser's, else Japanese.
fn initial_lang() -> Lang {
    choose_lang(
        browser::load(LANG_KEY).as_deref(),
        browser::language().as_deref(),
    )
}

/// The first of `stored`, `browser` that the console offers ([`STAFF_LANGS`]), else Japanese.
fn choose_lang(stored: Option<&str>, browser: Option<&str>) -> Lang {
    let offered = |tag: &str| Lang::parse(tag).filter(|lang| STAFF_LANGS.contains(lang));
    stored
        .and_then(offered)
        .or_else(|| browser.and_then(offered))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{NETWORK_STATUS, local_problem};

    #[test]
    fn stored_language_wins_over_the_browsers() {
        assert_eq!(choose_lang(Some("en"), Some("ja-JP")), Lang::En);
        assert_eq!(choose_lang(None, Some("en-GB")), Lang::En);
        assert_eq!(choose_lang(Some("xx"), Some("fr")), Lang::Ja);
        assert_eq!(choose_lang(None, None), Lang::Ja);
        // A patient-app language the console does not offer: its staff strings are ja/en only.
        assert_eq!(choose_lang(Some("vi"), Some("en-US")), Lang::En);
        assert_eq!(choose_lang(None, Some("zh-CN")), Lang::Ja);
    }

    #[test]
    fn only_401_means_signed_out() {
        let unauthenticated = local_problem(401, "unauthenticated", String::new());
        assert_eq!(Session::from_me(Err(unauthenticated)), Session::SignedOut);
        let offline = local_problem(NETWORK_STATUS, "network", String::new());
        assert!(matches!(
            Session::from_me(Err(offline)),
            Session::Unreachable(_)
        ));
    }
}
