//! Session cookies: HttpOnly (no script can read them), SameSite=Strict (never sent on a
//! cross-site request, which with the JSON-only API is the CSRF defence), Secure over TLS.

use axum_extra::extract::cookie::{Cookie, SameSite};
use cookie::time::Duration;

/// Cookie of a staff session.
pub const STAFF_COOKIE: &str = "mimamori_staff";
/// Cookie of a patient session.
pub const PATIENT_COOKIE: &str = "mimamori_patient";

/// A session cookie holding `token`, kept by the browser for `max_age_seconds`.
pub fn session(
    name: &'static str,
    token: String,
    max_age_seconds: i64,
    secure: bool,
) -> Cookie<'static> {
    Cookie::build((name, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .max_age(Duration::seconds(max_age_seconds))
        .build()
}

/// A cookie that makes the browser forget the session.
pub fn removal(name: &'static str) -> Cookie<'static> {
    Cookie::build((name, ""))
        .path("/")
        .max_age(Duration::seconds(0))
        .build()
}
