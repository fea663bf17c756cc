//! Recovery codes: single-use codes a staff member types instead of the authenticator's code
//! when the phone is lost. Like session tokens, only their SHA-256 is stored.

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
pub fn hash(normalised: &str) -> String {
    super::token::hash(normalised)
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
    fn the_hash_is_of_the_normalised_code() {
        let typed = "K7F3 9QX2 M4HP";
        let normalised = normalise_recovery_code(typed).unwrap();
        assert_eq!(hash(&normalised), hash("k7f39qx2m4hp"));
        assert_ne!(hash(&normalised), normalised);
    }
}
