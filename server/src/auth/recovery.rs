//! Recovery codes: single-use codes a staff member types instead of the authenticator's code
//! when the phone is lost. Only a keyed hash is stored: HMAC-SHA256 (the blind-index key, purpose
//! `staff_recovery_code`) of the code's SHA-256, so a copy of the database alone cannot test
//! guesses against it.

use crate::keys::Keyring;
use mimamori_shared::api::staff_security::{
    RECOVERY_CODE_ALPHABET, RECOVERY_CODE_LEN, format_recovery_code,
};
use rand::Rng;

/// A new code, as shown to the staff member (`k7f3-9qx2-m4hp`): twelve characters from an
/// alphabet of 31 (about 59 bits), drawn uniformly from the OS generator. Guessing one is
/// hopeless within the sign-in lockout (five failures lock the account for 15 minutes).
pub fn generate() -> String {
    let mut rng = rand::rngs::OsRng;
    let code: String = (0..RECOVERY_CODE_LEN)
        .map(|_| {
            let index = rng.gen_range(0..RECOVERY_CODE_ALPHABET.len());
            char::from(RECOVERY_CODE_ALPHABET.get(index).copied().unwrap_or(b'a'))
        })
        .collect();
    format_recovery_code(&code)
}

/// The stored form of a code already normalised by
/// [`mimamori_shared::api::staff_security::normalise_recovery_code`] (no dashes, lower case).
pub fn hash(keys: &Keyring, normalised: &str) -> String {
    keyed(keys, &super::token::hash(normalised))
}

/// The keyed form of a code's unkeyed SHA-256 (how codes stored before the keys existed are
/// upgraded in place, `services::key_upgrades`).
pub fn keyed(keys: &Keyring, sha256_hex: &str) -> String {
    keys.blind_index("staff_recovery_code", sha256_hex)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mimamori_shared::api::staff_security::normalise_recovery_code;

    #[test]
    fn codes_are_typable_and_distinct() {
        let codes: Vec<String> = (0..50).map(|_| generate()).collect();
        for code in &codes {
            assert_eq!(code.len(), 14, "{code}");
            assert_eq!(code.matches('-').count(), 2, "{code}");
            let normalised = normalise_recovery_code(code).unwrap();
            assert!(
                normalised
                    .bytes()
                    .all(|b| RECOVERY_CODE_ALPHABET.contains(&b)),
                "{code}"
            );
        }
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), codes.len());
    }

    #[test]
    fn the_hash_is_keyed_and_of_the_normalised_code() {
        let keys = Keyring::unsaved(crate::keys::KeyFile::generate());
        let typed = "K7F3 9QX2 M4HP";
        let normalised = normalise_recovery_code(typed).unwrap();
        assert_eq!(hash(&keys, &normalised), hash(&keys, "k7f39qx2m4hp"));
        assert_ne!(hash(&keys, &normalised), normalised);
        assert_ne!(
            hash(&keys, &normalised),
            super::super::token::hash(&normalised)
        );
        let other = Keyring::unsaved(crate::keys::KeyFile::generate());
        assert_ne!(hash(&keys, &normalised), hash(&other, &normalised));
    }
}
