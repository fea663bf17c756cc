//! Wrapping data keys with the key-encryption key.
//!
//! [`KeyWrapper`] is the seam for a key-management service: a KMS implementation would send the
//! data key to be wrapped and the wrapped text to be unwrapped, and the rest of the server would
//! not change. Wrapping happens only when a data key is made (`init`, `keys rotate`) and
//! unwrapping only when the keyring loads, so a remote call there costs nothing per request.

use super::Key;
use super::aead::Cipher;

/// Wraps and unwraps data keys.
pub trait KeyWrapper: Send + Sync {
    /// The wrapped form of data key `version`, for the `data_key` table.
    fn wrap(&self, version: i32, key: &Key) -> String;
    /// The data key `version` from its wrapped form; `None` when this wrapper did not wrap it
    /// (another key file) or the text was altered.
    fn unwrap(&self, version: i32, wrapped: &str) -> Option<Key>;
}

/// The key file's KEK, wrapping with AES-256-GCM; the associated data names the version, so a
/// wrapped key cannot pass for another version.
pub struct LocalKek(Cipher);

impl LocalKek {
    /// A wrapper with the key file's KEK.
    pub fn new(kek: &Key) -> Self {
        Self(Cipher::new(kek))
    }
}

fn associated_data(version: i32) -> String {
    format!("mimamori data key v{version}")
}

impl KeyWrapper for LocalKek {
    fn wrap(&self, version: i32, key: &Key) -> String {
        self.0
            .encrypt(associated_data(version).as_bytes(), key.bytes())
    }

    fn unwrap(&self, version: i32, wrapped: &str) -> Option<Key> {
        let bytes = zeroize::Zeroizing::new(
            self.0
                .decrypt(associated_data(version).as_bytes(), wrapped)?,
        );
        Key::from_slice(&bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrapped_key_unwraps_only_with_its_kek_and_version() {
        let kek = LocalKek::new(&Key::random());
        let key = Key::random();
        let wrapped = kek.wrap(3, &key);
        assert_eq!(
            kek.unwrap(3, &wrapped).map(|k| *k.bytes()),
            Some(*key.bytes())
        );
        assert!(kek.unwrap(4, &wrapped).is_none());
        assert!(LocalKek::new(&Key::random()).unwrap(3, &wrapped).is_none());
    }
}
