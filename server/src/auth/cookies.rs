//! Session cookies: HttpOnly (no script can read them), SameSite=Strict (never sent on a
//! cross-site request, which with the JSON-only API is the CSRF defence), and over TLS `Secure`
//! with the `__Host-` prefix.

use axum_extra::extract::cookie::{Cookie, SameSite};
use cookie::time::Duration;

/// Which session a cookie carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionCookie {
    /// A staff member's session.
    Staff,
    /// A patient's (or household's) session.
    Patient,
}

impl SessionCookie {
    /// The cookie's name. Over TLS (`secure`) it carries the `__Host-` prefix: a browser then
    /// takes it only with `Secure`, `Path=/` and no `Domain`, so neither a plain-http page nor
    /// a sibling subdomain can plant or overwrite a session.
    pub const fn name(self, secure: bool) -> &'static str {
        match (self, secure) {
            (Self::Staff, true) => "__Host-mimamori_staff",
            (Self::Staff, false) => "mimamori_staff",
            (Self::Patient, true) => "__Host-mimamori_patient",
            (Self::Patient, false) => "mimamori_patient",
        }
    }

    /// A cookie holding `token`, kept by the browser for `max_age_seconds`.
    pub fn session(self, token: String, max_age_seconds: i64, secure: bool) -> Cookie<'static> {
        Cookie::build((self.name(secure), token))
            .path("/")
            .http_only(true)
            .same_site(SameSite::Strict)
            .secure(secure)
            .max_age(Duration::seconds(max_age_seconds))
            .build()
    }

    /// A cookie that makes the browser forget the session (a `__Host-` cookie is only replaced
    /// by one with the same attributes).
    pub fn removal(self, secure: bool) -> Cookie<'static> {
        Cookie::build((self.name(secure), ""))
            .path("/")
            .http_only(true)
            .same_site(SameSite::Strict)
            .secure(secure)
            .max_age(Duration::seconds(0))
            .build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn over_tls_the_cookie_is_a_host_cookie_with_every_attribute_it_needs() {
        let cookie = SessionCookie::Staff.session("t".into(), 60, true);
        let text = cookie.to_string();
        assert!(text.starts_with("__Host-mimamori_staff=t"), "{text}");
        for attribute in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
            assert!(text.contains(attribute), "{attribute} in {text}");
        }
        assert!(!text.contains("Domain"), "{text}");
        let removal = SessionCookie::Staff.removal(true).to_string();
        assert!(removal.starts_with("__Host-mimamori_staff=;"), "{removal}");
        assert!(removal.contains("Secure"), "{removal}");
    }

    #[test]
    fn over_plain_http_on_a_laptop_the_cookie_has_no_prefix() {
        let text = SessionCookie::Patient
            .session("t".into(), 60, false)
            .to_string();
        assert!(text.starts_with("mimamori_patient=t"), "{text}");
        assert!(!text.contains("Secure"), "{text}");
    }
}
