//! AES-256-GCM with a random 96-bit nonce per value (RustCrypto `aes-gcm`): the one cipher of
//! encryption at rest, for sealed values and wrapped data keys alike.

use super::Key;
use aes_gcm::aead::{Aead, AeadCore, OsRng, Payload};
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD_NO_PAD;

/// Length of the nonce written before each ciphertext.
const NONCE_LEN: usize = 12;

/// A cipher keyed once (the AES key schedule is done when made, not per value).
#[derive(Clone)]
pub struct Cipher(Aes256Gcm);

impl std::fmt::Debug for Cipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cipher(..)")
    }
}

impl Cipher {
    /// A cipher under `key`.
    pub fn new(key: &Key) -> Self {
        Self(Aes256Gcm::new(key.bytes().into()))
    }

    /// Encrypts `plaintext`, binding it to `aad`; returns base64 (no padding) of nonce and
    /// ciphertext with its tag.
    pub fn encrypt(&self, aad: &[u8], plaintext: &[u8]) -> String {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        // Encryption fails only for inputs longer than GCM allows (64 GiB), which no column holds.
        let ciphertext = self
            .0
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad,
                },
            )
            .unwrap_or_default();
        let mut out = Vec::with_capacity(NONCE_LEN + ciphertext.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ciphertext);
        STANDARD_NO_PAD.encode(out)
    }

    /// Decrypts what [`Cipher::encrypt`] made with the same `aad`; `None` when the text was
    /// altered, moved (other `aad`) or sealed under another key.
    pub fn decrypt(&self, aad: &[u8], encoded: &str) -> Option<Vec<u8>> {
        let bytes = STANDARD_NO_PAD.decode(encoded).ok()?;
        if bytes.len() < NONCE_LEN {
            return None;
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        self.0
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad,
                },
            )
            .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_encrypted_decrypts_only_with_the_same_key_and_associated_data() {
        let key = Key::random();
        let cipher = Cipher::new(&key);
        let sealed = cipher.encrypt(b"patient_case.phone#7", "090-1234-5678".as_bytes());
        assert_eq!(
            cipher.decrypt(b"patient_case.phone#7", &sealed).as_deref(),
            Some("090-1234-5678".as_bytes())
        );
        assert_eq!(cipher.decrypt(b"patient_case.phone#8", &sealed), None);
        assert_eq!(
            Cipher::new(&Key::random()).decrypt(b"patient_case.phone#7", &sealed),
            None
        );
        let mut altered = sealed.clone().into_bytes();
        let last = altered.len() - 1;
        altered[last] = if altered[last] == b'A' { b'B' } else { b'A' };
        let altered = String::from_utf8(altered).unwrap_or_default();
        assert_eq!(cipher.decrypt(b"patient_case.phone#7", &altered), None);
    }

    #[test]
    fn the_same_value_sealed_twice_gives_different_texts() {
        let cipher = Cipher::new(&Key::random());
        assert_ne!(cipher.encrypt(b"a", b"same"), cipher.encrypt(b"a", b"same"));
    }
}
