//! Keys that protect personal data at rest (docs/security.md "Encryption at rest").
//!
//! Envelope encryption: values are sealed with AES-256-GCM under a *data key*; data keys are
//! stored in the database (`data_key`) only wrapped by the *key-encryption key* (KEK) of the key
//! file, which is never in the database. A copy of the database alone therefore opens nothing.
//! The key file also holds two HMAC-SHA256 keys: one for blind indexes (exact-match search over
//! sealed values), one for the audit chain (so whoever can write the database cannot rebuild the
//! chain). Each key has one purpose, so none can be learnt from another's use.
//!
//! - [`key_file`]: the key file (`MIMAMORI_KEY_FILE`, mode 0600, made by `mimamori init`) or the
//!   same text in `MIMAMORI_KEYS`.
//! - [`kek`]: wrapping data keys ([`kek::KeyWrapper`], so a KMS can take the local KEK's place).
//! - [`keyring`]: the unwrapped keys of a running process: seal, open, blind index, audit MAC.
//!
//! One-off rewrites of an existing database that need the keys (sealing columns written before
//! encryption, re-keying the audit chain) are in `services::key_upgrades`.

pub mod aead;
pub mod kek;
pub mod key_file;
pub mod keyring;

pub use key_file::{Key, KeyFile};
pub use keyring::{Keyring, KeyringError};
