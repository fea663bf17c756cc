//! The keys of a running process: every data key unwrapped, the newest sealing; the blind-index
//! and audit keys. Made once at start ([`Keyring::open`]) and shared through `AppState`.
//!
//! A sealed value is `v<version>:<base64 of nonce and ciphertext>`. Its associated data is the
//! field (`table.column`) and the row's identity, so a ciphertext copied into another row or
//! column no longer opens: tampering shows as an error, never as another patient's data.

use super::aead::Cipher;
use super::kek::{KeyWrapper, LocalKek};
use super::{Key, KeyFile};
use crate::db;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sea_orm::{ConnectionTrait, DbErr};
use sha2::Sha256;
use std::collections::BTreeMap;
use std::fmt::Display;
use std::sync::RwLock;

/// Why keys or a sealed value could not be used.
#[derive(Debug, thiserror::Error)]
pub enum KeyringError {
    /// The key file's KEK did not wrap this database's data keys.
    #[error(
        "the key file does not fit this database: data key version {0} cannot be unwrapped with \
         its key-encryption key. Start with the key file made together with this database \
         (`mimamori init` created it); data sealed under one key file cannot be read with another"
    )]
    WrongKeyFile(i32),
    /// A value names a data key version the database does not have.
    #[error("a sealed {field} names data key version {version}, which this database does not have")]
    UnknownVersion {
        /// `table.column`.
        field: String,
        /// The version it names.
        version: i32,
    },
    /// A value did not open: altered, or moved from another row or column.
    #[error("a sealed {field} does not open: it was altered, or moved from another row")]
    Tampered {
        /// `table.column`.
        field: String,
    },
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// The data keys known to this process.
struct DataKeys {
    /// The version that seals new values (the newest).
    current: i32,
    ciphers: BTreeMap<i32, Cipher>,
}

/// The keys of a running process (see the module's documentation).
pub struct Keyring {
    wrapper: Box<dyn KeyWrapper>,
    data: RwLock<DataKeys>,
    blind_index: Key,
    audit: Key,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring")
            .field("versions", &self.versions())
            .finish_non_exhaustive()
    }
}

type HmacSha256 = Hmac<Sha256>;

/// The data key version a sealed value names, if it is one.
pub fn sealed_version(value: &str) -> Option<i32> {
    let (version, _) = value.strip_prefix('v')?.split_once(':')?;
    version.parse().ok()
}

impl Keyring {
    /// Unwraps the database's data keys with the key file's KEK, making the first data key on a
    /// database that has none. Fails with [`KeyringError::WrongKeyFile`] when the key file is
    /// not the one the data keys were wrapped with.
    pub async fn open(
        db: &impl ConnectionTrait,
        key_file: KeyFile,
        now: DateTime<Utc>,
    ) -> Result<Self, KeyringError> {
        let wrapper: Box<dyn KeyWrapper> = Box::new(LocalKek::new(&key_file.kek));
        if db::data_keys::list(db).await?.is_empty() {
            let first = Key::random();
            // Two processes starting on an empty database both try; one row wins, and both then
            // read it back below.
            db::data_keys::insert_if_absent(db, 1, wrapper.wrap(1, &first), now).await?;
        }
        let data = unwrap_all(db, wrapper.as_ref()).await?;
        Ok(Self {
            wrapper,
            data: RwLock::new(data),
            blind_index: key_file.blind_index,
            audit: key_file.audit,
        })
    }

    /// A keyring with one data key that is stored nowhere: for tests and tools without a
    /// database.
    pub fn unsaved(key_file: KeyFile) -> Self {
        let mut ciphers = BTreeMap::new();
        ciphers.insert(1, Cipher::new(&Key::random()));
        Self {
            wrapper: Box::new(LocalKek::new(&key_file.kek)),
            data: RwLock::new(DataKeys {
                current: 1,
                ciphers,
            }),
            blind_index: key_file.blind_index,
            audit: key_file.audit,
        }
    }

    /// Reads the data keys again, taking up versions another process added (`keys rotate`):
    /// from then on this process seals with the newest.
    pub async fn refresh(&self, db: &impl ConnectionTrait) -> Result<(), KeyringError> {
        let data = unwrap_all(db, self.wrapper.as_ref()).await?;
        *self
            .data
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = data;
        Ok(())
    }

    /// Makes a new data key, one version above the newest, and seals with it from now on.
    /// Returns its version.
    pub async fn add_version(
        &self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
    ) -> Result<i32, KeyringError> {
        let newest = db::data_keys::list(db)
            .await?
            .iter()
            .map(|row| row.version)
            .max()
            .unwrap_or(0);
        let version = newest + 1;
        let key = Key::random();
        if !db::data_keys::insert_if_absent(db, version, self.wrapper.wrap(version, &key), now)
            .await?
        {
            return Err(KeyringError::Db(DbErr::Custom(format!(
                "data key version {version} was made by another process at the same moment; \
                 run the command again"
            ))));
        }
        self.refresh(db).await?;
        Ok(version)
    }

    /// The version that seals new values.
    pub fn current_version(&self) -> i32 {
        self.read().current
    }

    /// Every data key version this process can open, oldest first.
    pub fn versions(&self) -> Vec<i32> {
        self.read().ciphers.keys().copied().collect()
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, DataKeys> {
        self.data
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Seals `plaintext` for column `field` (`table.column`) of the row `row`.
    pub fn seal(&self, field: &str, row: impl Display, plaintext: &str) -> String {
        let data = self.read();
        let version = data.current;
        let sealed = data
            .ciphers
            .get(&version)
            .map(|cipher| {
                cipher.encrypt(associated_data(field, row).as_bytes(), plaintext.as_bytes())
            })
            .unwrap_or_default();
        format!("v{version}:{sealed}")
    }

    /// Opens what [`Keyring::seal`] made for the same field and row.
    pub fn unseal(
        &self,
        field: &str,
        row: impl Display,
        sealed: &str,
    ) -> Result<String, KeyringError> {
        let tampered = || KeyringError::Tampered {
            field: field.to_owned(),
        };
        let version = sealed_version(sealed).ok_or_else(tampered)?;
        let body = sealed
            .split_once(':')
            .map(|(_, body)| body)
            .ok_or_else(tampered)?;
        let data = self.read();
        let cipher = data
            .ciphers
            .get(&version)
            .ok_or_else(|| KeyringError::UnknownVersion {
                field: field.to_owned(),
                version,
            })?;
        let bytes = cipher
            .decrypt(associated_data(field, row).as_bytes(), body)
            .ok_or_else(tampered)?;
        String::from_utf8(bytes).map_err(|_| tampered())
    }

    /// The blind index of an already normalised value for one purpose (`phone`, `birth_date`,
    /// …): HMAC-SHA256 under the blind-index key, hex. Equal values give equal indexes, so an
    /// exact match is a lookup; without the key, an index tells nothing of its value.
    pub fn blind_index(&self, purpose: &str, normalised: &str) -> String {
        hex::encode(mac(
            &self.blind_index,
            &[purpose.as_bytes(), normalised.as_bytes()],
        ))
    }

    /// HMAC-SHA256 of `text` under the audit key, hex: the audit chain's links and the signature
    /// of its head.
    pub fn audit_mac(&self, text: &[u8]) -> String {
        hex::encode(mac(&self.audit, &[text]))
    }
}

/// HMAC-SHA256 over parts separated by the ASCII unit separator.
fn mac(key: &Key, parts: &[&[u8]]) -> Vec<u8> {
    // HMAC takes a key of any length, so making it cannot fail.
    let Ok(mut mac) = <HmacSha256 as Mac>::new_from_slice(key.bytes()) else {
        return Vec::new();
    };
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            mac.update(b"\x1f");
        }
        mac.update(part);
    }
    mac.finalize().into_bytes().to_vec()
}

fn associated_data(field: &str, row: impl Display) -> String {
    format!("{field}#{row}")
}

async fn unwrap_all(
    db: &impl ConnectionTrait,
    wrapper: &dyn KeyWrapper,
) -> Result<DataKeys, KeyringError> {
    let mut ciphers = BTreeMap::new();
    for row in db::data_keys::list(db).await? {
        let key = wrapper
            .unwrap(row.version, &row.wrapped)
            .ok_or(KeyringError::WrongKeyFile(row.version))?;
        ciphers.insert(row.version, Cipher::new(&key));
    }
    let current = ciphers.keys().copied().max().unwrap_or(0);
    Ok(DataKeys { current, ciphers })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_only_in_its_own_field_and_row() {
        let keys = Keyring::unsaved(KeyFile::generate());
        let sealed = keys.seal("staff_user.totp_secret", 7, "JBSWY3DPEHPK3PXP");
        assert!(sealed.starts_with("v1:"));
        assert!(!sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_eq!(
            keys.unseal("staff_user.totp_secret", 7, &sealed).unwrap(),
            "JBSWY3DPEHPK3PXP"
        );
        assert!(matches!(
            keys.unseal("staff_user.totp_secret", 8, &sealed),
            Err(KeyringError::Tampered { .. })
        ));
        assert!(matches!(
            keys.unseal("patient_case.phone", 7, &sealed),
            Err(KeyringError::Tampered { .. })
        ));
        assert!(matches!(
            keys.unseal("staff_user.totp_secret", 7, "JBSWY3DPEHPK3PXP"),
            Err(KeyringError::Tampered { .. })
        ));
        assert!(matches!(
            keys.unseal(
                "staff_user.totp_secret",
                7,
                &sealed.replacen("v1:", "v9:", 1)
            ),
            Err(KeyringError::UnknownVersion { version: 9, .. })
        ));
    }

    #[test]
    fn blind_indexes_match_equal_values_and_depend_on_key_and_purpose() {
        let keys = Keyring::unsaved(KeyFile::generate());
        let other = Keyring::unsaved(KeyFile::generate());
        assert_eq!(
            keys.blind_index("phone", "09012345678"),
            keys.blind_index("phone", "09012345678")
        );
        assert_ne!(
            keys.blind_index("phone", "09012345678"),
            keys.blind_index("phone", "09012345679")
        );
        assert_ne!(
            keys.blind_index("phone", "09012345678"),
            keys.blind_index("case_number", "09012345678")
        );
        assert_ne!(
            keys.blind_index("phone", "09012345678"),
            other.blind_index("phone", "09012345678")
        );
        assert_ne!(keys.audit_mac(b"x"), other.audit_mac(b"x"));
    }

    #[test]
    fn sealed_versions_are_read_from_the_prefix() {
        assert_eq!(sealed_version("v12:abc"), Some(12));
        assert_eq!(sealed_version("https://push.example/x"), None);
        assert_eq!(sealed_version("v:abc"), None);
    }
}
