//! Configuration from environment variables (`MIMAMORI_*`) over an optional TOML file.

use anyhow::Context;
use figment::Figment;
use figment::providers::{Env, Format, Toml};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One JSON object a line, for log collectors.
    Json,
    /// Human-readable, for a terminal.
    Pretty,
}

/// Whether this is a deployment that serves people or a laptop (`MIMAMORI_ENV`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    /// A developer's machine or a demo: unsafe settings are reported, not refused.
    #[default]
    Development,
    /// Serving patients: `serve` refuses to start with unsafe settings
    /// ([`crate::config_check`]).
    Production,
}

/// Server configuration. Every field has a default, so an empty environment runs the embedded
/// SQLite deployment on 127.0.0.1:8080.
#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    /// Address to listen on (`MIMAMORI_BIND`).
    #[serde(default = "default_bind")]
    pub bind: SocketAddr,
    /// Database URL (`MIMAMORI_DATABASE_URL`): `sqlite://…` (default, under ./data) or
    /// `postgres://…`. Secret because it may carry a password.
    #[serde(default = "default_database_url")]
    pub database_url: SecretString,
    /// Largest number of pooled database connections (`MIMAMORI_DB_MAX_CONNECTIONS`; default
    /// four per core).
    #[serde(default = "default_db_max_connections")]
    pub db_max_connections: u32,
    /// Public base URL of the deployment, used in invitation links (`MIMAMORI_PUBLIC_URL`).
    #[serde(default = "default_public_url")]
    pub public_url: String,
    /// Folder holding the built apps (`patient/` and `staff/`), made by `scripts/build-web.sh`.
    #[serde(default = "default_web_dir")]
    pub web_dir: PathBuf,
    /// Log format (`MIMAMORI_LOG_FORMAT`: `json` or `pretty`).
    #[serde(default = "default_log_format")]
    pub log_format: LogFormat,
    /// How long a patient invitation stays valid, in hours.
    #[serde(default = "default_invitation_ttl_hours")]
    pub invitation_ttl_hours: i64,
    /// SMTP server for outgoing e-mail (`MIMAMORI_SMTP_URL`): `smtps://user:pass@host:465`, or
    /// `smtp://user:pass@host:587?tls=required` for STARTTLS (plain `smtp://` is unencrypted, for a
    /// local relay only). Secret because it carries a password. Unset: mail is written as `.eml`
    /// files to [`Config::mail_outbox_dir`].
    #[serde(default)]
    pub smtp_url: Option<SecretString>,
    /// Sender of every e-mail (`MIMAMORI_MAIL_FROM`), a mailbox such as
    /// `Mimamori <noreply@example.jp>`.
    #[serde(default = "default_mail_from")]
    pub mail_from: String,
    /// Folder that receives `.eml` files when no SMTP server is set (`MIMAMORI_MAIL_OUTBOX_DIR`).
    #[serde(default = "default_mail_outbox_dir")]
    pub mail_outbox_dir: PathBuf,
    /// Whether this process runs the scheduler and the outbox sender (`MIMAMORI_SCHEDULER`,
    /// default true). Several instances may all run it: jobs take locks and deliveries are
    /// claimed, so nothing is done twice. Tests turn it off and run ticks by hand.
    #[serde(default = "default_true")]
    pub scheduler: bool,
    /// Address of the Prometheus metrics listener (`MIMAMORI_METRICS_ADDR`, default
    /// 127.0.0.1:9464): separate from [`Config::bind`] so metrics are never public. Port 0
    /// picks a free one.
    #[serde(default = "default_metrics_addr")]
    pub metrics_addr: SocketAddr,
    /// `production` or `development` (`MIMAMORI_ENV`, default development). A bind address that
    /// is not loopback means production whatever this says ([`Config::is_production`]).
    #[serde(default)]
    pub env: Environment,
    /// PEM certificate chain for serving TLS directly (`MIMAMORI_TLS_CERT`), with
    /// [`Config::tls_key`]; read again on SIGHUP. Unset: plain HTTP, for a laptop or behind a
    /// TLS-terminating proxy.
    #[serde(default)]
    pub tls_cert: Option<PathBuf>,
    /// PEM private key of [`Config::tls_cert`] (`MIMAMORI_TLS_KEY`), mode 0600.
    #[serde(default)]
    pub tls_key: Option<PathBuf>,
    /// The key file (`MIMAMORI_KEY_FILE`, default `data/mimamori.key`): the keys that seal
    /// personal data at rest and key the audit chain ([`crate::keys`]). Made by `mimamori init`
    /// with mode 0600; the server refuses to start without it. Keep a copy apart from the
    /// database's backups.
    #[serde(default = "default_key_file")]
    pub key_file: PathBuf,
    /// The key file's text itself (`MIMAMORI_KEYS`), for a secret store that hands it over in
    /// the environment; when set, [`Config::key_file`] is not read.
    #[serde(default)]
    pub keys: Option<SecretString>,
    /// Rate limits, timeouts and trusted proxies ([`crate::limits`]).
    #[serde(flatten)]
    pub limits: crate::limits::LimitSettings,
    /// The configuration file this was read from, if any (checked for its mode).
    #[serde(skip)]
    pub config_file: Option<PathBuf>,
}

fn default_bind() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8080))
}
fn default_metrics_addr() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 9464))
}
fn default_database_url() -> SecretString {
    SecretString::from("sqlite://data/mimamori.db?mode=rwc")
}
/// Four connections per core: enough to keep the database busy while others wait on the
/// network, few enough that on a small machine the database's processes do not crowd out the
/// server (on 2 cores, 8 connections stored about 10 % more reports a second than 16).
fn default_db_max_connections() -> u32 {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
    u32::try_from(cores * 4).unwrap_or(u32::MAX).clamp(4, 64)
}
fn default_public_url() -> String {
    "http://127.0.0.1:8080".to_owned()
}
fn default_web_dir() -> PathBuf {
    PathBuf::from("target/web")
}
fn default_log_format() -> LogFormat {
    LogFormat::Json
}
fn default_invitation_ttl_hours() -> i64 {
    72
}
fn default_mail_from() -> String {
    "Mimamori <noreply@localhost>".to_owned()
}
fn default_true() -> bool {
    true
}
fn default_key_file() -> PathBuf {
    PathBuf::from("data/mimamori.key")
}
fn default_mail_outbox_dir() -> PathBuf {
    PathBuf::from("data/outbox")
}

impl Config {
    /// Reads the optional file, then the environment.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Self> {
        let mut figment = Figment::new();
        if let Some(file) = file {
            figment = figment.merge(Toml::file_exact(file));
        }
        let mut config: Self = figment
            .merge(Env::prefixed("MIMAMORI_").ignore(&["config"]))
            .extract()
            .context("reading configuration")?;
        config.config_file = file.map(Path::to_path_buf);
        Ok(config)
    }

    /// Whether unsafe settings stop the server: `MIMAMORI_ENV=production`, or a bind address
    /// that other machines can reach.
    pub fn is_production(&self) -> bool {
        self.env == Environment::Production || !self.bind.ip().is_loopback()
    }

    /// The SQLite database file, when the database is SQLite on disk.
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        let url = self.database_url.expose_secret();
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))?;
        let path = path.split('?').next().unwrap_or_default();
        (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
    }

    /// Whether the database is SQLite (the embedded default).
    pub fn is_sqlite(&self) -> bool {
        self.database_url.expose_secret().starts_with("sqlite:")
    }

    /// The certificate and key to serve TLS with, when both are set; an error naming the
    /// missing one when only one is.
    pub fn tls(&self) -> anyhow::Result<Option<crate::tls::TlsFiles>> {
        match (&self.tls_cert, &self.tls_key) {
            (Some(cert), Some(key)) => Ok(Some(crate::tls::TlsFiles {
                cert: cert.clone(),
                key: key.clone(),
            })),
            (None, None) => Ok(None),
            (Some(_), None) => {
                anyhow::bail!("MIMAMORI_TLS_CERT is set without MIMAMORI_TLS_KEY: give both")
            }
            (None, Some(_)) => {
                anyhow::bail!("MIMAMORI_TLS_KEY is set without MIMAMORI_TLS_CERT: give both")
            }
        }
    }

    /// The key file's keys, from `MIMAMORI_KEYS` or [`Config::key_file`]; a clear error when
    /// there is none.
    pub fn read_keys(&self) -> anyhow::Result<crate::keys::KeyFile> {
        match &self.keys {
            Some(text) => crate::keys::KeyFile::parse(text.expose_secret())
                .map_err(|error| error.context("MIMAMORI_KEYS")),
            None => crate::keys::KeyFile::read(&self.key_file),
        }
    }

    /// Whether the deployment is reached over TLS (served here, or by a proxy in front at an
    /// https public URL): cookies then carry `Secure` and the `__Host-` prefix, and every
    /// answer carries HSTS.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://") || self.tls_cert.is_some()
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            bind: default_bind(),
            database_url: default_database_url(),
            db_max_connections: default_db_max_connections(),
            public_url: default_public_url(),
            web_dir: default_web_dir(),
            log_format: default_log_format(),
            invitation_ttl_hours: default_invitation_ttl_hours(),
            smtp_url: None,
            mail_from: default_mail_from(),
            mail_outbox_dir: default_mail_outbox_dir(),
            scheduler: true,
            metrics_addr: default_metrics_addr(),
            env: Environment::Development,
            tls_cert: None,
            tls_key: None,
            key_file: default_key_file(),
            keys: None,
            limits: crate::limits::LimitSettings::default(),
            config_file: None,
        }
    }
}
