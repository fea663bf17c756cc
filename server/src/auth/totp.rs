//! Time-based one-time passwords (RFC 6238: SHA-1, 6 digits, 30-second steps), as every
//! authenticator app implements them.

use crate::keys::{Keyring, KeyringError};
use chrono::{DateTime, Utc};
use totp_rs::{Algorithm, Secret, TOTP};

/// Issuer shown in authenticator apps.
pub const ISSUER: &str = "Mimamori";
const STEP_SECONDS: u64 = 30;

/// The sealed column of the secret (`staff_user.totp_secret`, row: the staff id): stored
/// sealed with the data key, opened only to check a code or show the enrolment QR code.
pub const SECRET_FIELD: &str = "staff_user.totp_secret";

/// The secret sealed for storage in staff member `staff_id`'s row.
pub fn seal_secret(keys: &Keyring, staff_id: i64, secret_base32: &str) -> String {
    keys.seal(SECRET_FIELD, staff_id, secret_base32)
}

/// The stored secret of staff member `staff_id`, opened (empty when none was given).
pub fn open_secret(keys: &Keyring, staff_id: i64, stored: &str) -> Result<String, KeyringError> {
    if stored.is_empty() {
        return Ok(String::new());
    }
    keys.unseal(SECRET_FIELD, staff_id, stored)
}

/// A new random secret, base32-encoded (160 bits, as RFC 4226 recommends).
pub fn generate_secret() -> String {
    Secret::generate_secret().to_encoded().to_string()
}

fn totp(secret_base32: &str, account: &str) -> anyhow::Result<TOTP> {
    let bytes = Secret::Encoded(secret_base32.to_owned())
        .to_bytes()
        .map_err(|e| anyhow::anyhow!("TOTP secret is not base32: {e:?}"))?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        STEP_SECONDS,
        bytes,
        Some(ISSUER.to_owned()),
        account.to_owned(),
    )
    .map_err(|e| anyhow::anyhow!("TOTP secret unusable: {e}"))
}

/// The `otpauth://` URI an authenticator app imports (as a QR code or by hand).
pub fn otpauth_uri(secret_base32: &str, account: &str) -> anyhow::Result<String> {
    Ok(totp(secret_base32, account)?.get_url())
}

/// The QR code of [`otpauth_uri`] as a PNG, base64-encoded, for a `data:` URL (the CSP allows
/// `img-src data:`), so the secret never leaves the server in a request of its own.
pub fn qr_png_base64(secret_base32: &str, account: &str) -> anyhow::Result<String> {
    totp(secret_base32, account)?
        .get_qr_base64()
        .map_err(|e| anyhow::anyhow!("drawing the TOTP QR code: {e}"))
}

/// The name an authenticator app lists the account under: the login ID, without the `:` that
/// separates issuer and account in an `otpauth://` label.
pub fn account_label(login_id: &str) -> String {
    login_id.replace(':', "_")
}

/// The code for `at` (used by the demo and tests to sign in like an authenticator app).
pub fn code_at(secret_base32: &str, at: DateTime<Utc>) -> anyhow::Result<String> {
    Ok(totp(secret_base32, "")?.generate(unix_seconds(at)))
}

/// Checks `code` against the step of `now` and one step either side (clock drift), returning
/// the matched step. The caller refuses a step not newer than the last one accepted, so a code
/// works once only (RFC 6238 §5.2).
pub fn verify(secret_base32: &str, code: &str, now: DateTime<Utc>) -> anyhow::Result<Option<i64>> {
    let totp = totp(secret_base32, "")?;
    let current = unix_seconds(now) / STEP_SECONDS;
    for step in [current.saturating_sub(1), current, current + 1] {
        let expected = totp.generate(step * STEP_SECONDS);
        if constant_time_eq(expected.as_bytes(), code.trim().as_bytes()) {
            return Ok(i64::try_from(step).ok());
        }
    }
    Ok(None)
}

fn unix_seconds(at: DateTime<Utc>) -> u64 {
    u64::try_from(at.timestamp()).unwrap_or(0)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    // RFC 6238 appendix B test secret "12345678901234567890" (SHA-1), base32.
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn matches_rfc_6238_test_vectors() {
        let at = |s| Utc.timestamp_opt(s, 0).unwrap();
        assert_eq!(code_at(RFC_SECRET, at(59)).unwrap(), "287082");
        assert_eq!(code_at(RFC_SECRET, at(1_111_111_109)).unwrap(), "081804");
        assert_eq!(code_at(RFC_SECRET, at(2_000_000_000)).unwrap(), "279037");
    }

    #[test]
    fn enrolment_uri_and_qr_code_carry_the_secret() {
        let secret = generate_secret();
        let uri = otpauth_uri(&secret, &account_label("dr:sato")).unwrap();
        assert!(uri.starts_with("otpauth://totp/Mimamori:dr_sato?"), "{uri}");
        assert!(uri.contains(&format!("secret={secret}")), "{uri}");
        let png = qr_png_base64(&secret, "dr.sato").unwrap();
        // Base64 of the PNG signature "\x89PNG".
        assert!(png.starts_with("iVBORw0KGgo"), "{}", &png[..16]);
    }

    #[test]
    fn accepts_adjacent_steps_only() {
        let now = Utc.timestamp_opt(1_111_111_109, 0).unwrap();
        let code = code_at(RFC_SECRET, now).unwrap();
        assert_eq!(
            verify(RFC_SECRET, &code, now).unwrap(),
            Some(1_111_111_109 / 30)
        );
        assert!(
            verify(RFC_SECRET, &code, now + chrono::Duration::seconds(30))
                .unwrap()
                .is_some()
        );
        assert!(
            verify(RFC_SECRET, &code, now + chrono::Duration::seconds(90))
                .unwrap()
                .is_none()
        );
        assert!(verify(RFC_SECRET, "000000", now).unwrap().is_none());
    }
}
