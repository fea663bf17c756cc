//! The key file: the three keys that never enter the database.
//!
//! A small TOML text (`format`, `kek`, `blind_index`, `audit`, each key 32 random bytes in
//! base64), created by `mimamori init` (or `mimamori keys create` for a database made before
//! encryption) with mode 0600 in a folder of mode 0700, and read at every start. The same text
//! may come from the environment (`MIMAMORI_KEYS`) where a secret store provides it.

use anyhow::Context as _;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use figment::Figment;
use figment::providers::{Format, Toml};
use rand::RngCore as _;
use secrecy::{ExposeSecret, SecretBox, SecretString};
use serde::Deserialize;
use std::io::Write as _;
use std::path::Path;
use zeroize::Zeroizing;

/// Length of every key, in bytes (256 bits).
pub const KEY_LEN: usize = 32;

/// The file format this server writes and reads.
const FORMAT: u32 = 1;

/// A 256-bit key: wiped from memory when dropped, never printed (`Debug` shows no bytes).
pub struct Key(SecretBox<[u8; KEY_LEN]>);

impl Key {
    /// A fresh key from the operating system's random source.
    pub fn random() -> Self {
        let mut bytes = Box::new([0_u8; KEY_LEN]);
        rand::rngs::OsRng.fill_bytes(bytes.as_mut());
        Self(SecretBox::new(bytes))
    }

    /// A key from its bytes (`None` when not exactly [`KEY_LEN`] long).
    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        let mut key = Box::new([0_u8; KEY_LEN]);
        if bytes.len() != KEY_LEN {
            return None;
        }
        key.copy_from_slice(bytes);
        Some(Self(SecretBox::new(key)))
    }

    /// The key's bytes, for a cipher or a MAC.
    pub fn bytes(&self) -> &[u8; KEY_LEN] {
        self.0.expose_secret()
    }

    fn to_base64(&self) -> Zeroizing<String> {
        Zeroizing::new(STANDARD.encode(self.bytes()))
    }

    fn from_base64(name: &str, text: &SecretString) -> anyhow::Result<Self> {
        let bytes = Zeroizing::new(
            STANDARD
                .decode(text.expose_secret().trim())
                .map_err(|_| anyhow::anyhow!("the key file's `{name}` is not base64"))?,
        );
        Self::from_slice(&bytes).with_context(|| {
            format!("the key file's `{name}` is not a {KEY_LEN}-byte key (it was cut or edited)")
        })
    }
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(..)")
    }
}

/// The keys of a key file.
#[derive(Debug)]
pub struct KeyFile {
    /// Wraps the data keys stored in the database.
    pub kek: Key,
    /// Keys the blind indexes.
    pub blind_index: Key,
    /// Keys the audit chain and signs its head.
    pub audit: Key,
}

#[derive(Deserialize)]
struct KeyFileText {
    format: u32,
    kek: SecretString,
    blind_index: SecretString,
    audit: SecretString,
}

impl KeyFile {
    /// Three fresh keys.
    pub fn generate() -> Self {
        Self {
            kek: Key::random(),
            blind_index: Key::random(),
            audit: Key::random(),
        }
    }

    /// Reads a key file's text.
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        let fields: KeyFileText = Figment::from(Toml::string(text))
            .extract()
            .map_err(|error| anyhow::anyhow!("the key file cannot be read: {error}"))?;
        anyhow::ensure!(
            fields.format == FORMAT,
            "the key file has format {}, this server reads format {FORMAT}",
            fields.format
        );
        Ok(Self {
            kek: Key::from_base64("kek", &fields.kek)?,
            blind_index: Key::from_base64("blind_index", &fields.blind_index)?,
            audit: Key::from_base64("audit", &fields.audit)?,
        })
    }

    /// The file's text.
    pub fn to_text(&self) -> Zeroizing<String> {
        Zeroizing::new(format!(
            "# Mimamori key file: the keys that protect personal data at rest and the audit log.\n\
             # Without it the database cannot be read. Keep it secret (mode 0600), and keep a copy\n\
             # apart from the database's backups (docs/operations.md, \"Keys\").\n\
             format = {FORMAT}\n\
             # Wraps the data keys stored in the database (key-encryption key).\n\
             kek = \"{}\"\n\
             # Keys the blind indexes that make sealed values searchable.\n\
             blind_index = \"{}\"\n\
             # Keys the audit chain and signs its head.\n\
             audit = \"{}\"\n",
            self.kek.to_base64().as_str(),
            self.blind_index.to_base64().as_str(),
            self.audit.to_base64().as_str(),
        ))
    }

    /// Reads the key file at `path`.
    pub fn read(path: &Path) -> anyhow::Result<Self> {
        let text = Zeroizing::new(std::fs::read_to_string(path).map_err(|error| {
            if error.kind() == std::io::ErrorKind::NotFound {
                anyhow::anyhow!(
                    "the key file {} does not exist: the database's personal data cannot be \
                     read without it. Give MIMAMORI_KEY_FILE the path of the file `mimamori \
                     init` created (or restore it from where its copy is kept); for a database \
                     made before encryption at rest, `mimamori keys create` makes one",
                    path.display()
                )
            } else {
                anyhow::anyhow!("reading the key file {}: {error}", path.display())
            }
        })?);
        Self::parse(&text).with_context(|| format!("key file {}", path.display()))
    }

    /// Creates a key file at `path` with fresh keys, readable by this user only (0600; a missing
    /// folder is made 0700). Refuses to overwrite an existing file.
    pub fn create(path: &Path) -> anyhow::Result<Self> {
        let keys = Self::generate();
        let mut file = crate::files::create_private_file(path).map_err(|error| match error
            .downcast_ref::<std::io::Error>(
        ) {
            Some(io) if io.kind() == std::io::ErrorKind::AlreadyExists => anyhow::anyhow!(
                "the key file {} exists already; it is never overwritten",
                path.display()
            ),
            _ => error.context(format!("creating the key file {}", path.display())),
        })?;
        file.write_all(keys.to_text().as_bytes())
            .and_then(|()| file.sync_all())
            .with_context(|| format!("writing the key file {}", path.display()))?;
        Ok(keys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_reads_back_the_keys_it_was_written_with() {
        let keys = KeyFile::generate();
        let again = KeyFile::parse(&keys.to_text()).unwrap();
        assert_eq!(keys.kek.bytes(), again.kek.bytes());
        assert_eq!(keys.blind_index.bytes(), again.blind_index.bytes());
        assert_eq!(keys.audit.bytes(), again.audit.bytes());
        assert_ne!(keys.kek.bytes(), keys.audit.bytes());
    }

    #[test]
    fn a_cut_key_is_refused_with_its_name() {
        let text = KeyFile::generate()
            .to_text()
            .replace("audit = \"", "audit = \"AAAA");
        let error = KeyFile::parse(&text).unwrap_err().to_string();
        assert!(error.contains("`audit`"), "{error}");
    }

    #[test]
    fn keys_never_show_in_debug_output() {
        let keys = KeyFile::generate();
        let shown = format!("{keys:?}");
        assert!(
            !shown.contains(&STANDARD.encode(keys.kek.bytes())),
            "{shown}"
        );
        assert!(shown.contains("Key(..)"));
    }

    #[test]
    fn a_created_key_file_is_private_and_never_overwritten() {
        let folder = std::env::temp_dir().join(format!("mimamori_keys_{}", uuid::Uuid::new_v4()));
        let path = folder.join("sub").join("mimamori.key");
        let created = KeyFile::create(&path).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(path.parent().unwrap()), 0o700);
        }
        assert!(KeyFile::create(&path).is_err());
        assert_eq!(
            KeyFile::read(&path).unwrap().kek.bytes(),
            created.kek.bytes()
        );
        std::fs::remove_dir_all(folder).ok();
    }
}
