//! Test harness: starts the real Mimamori server in-process on port 0 with a fresh database per
//! test — a SQLite file by default, or a new PostgreSQL database when `TEST_DATABASE_URL` is set
//! — and offers a typed HTTP client and helpers to arrange a deployment.

pub mod fixtures;
pub mod free_text;
pub mod load;
pub mod log_capture;
pub mod push_service;
pub mod serve_process;
pub mod tls_certs;

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use mimamori_server::clock::{Clock, ManualClock, SystemClock};
use mimamori_server::config::{Config, LogFormat};
use mimamori_server::limits::{LimitSettings, RateSpec};
use mimamori_server::startup::Application;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use secrecy::SecretString;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::oneshot;

/// Where the built web apps are (`scripts/build-web.sh` writes them there).
pub fn built_web_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/web"))
}

/// How to start a test server.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Use the system clock instead of a manual one (browser tests, where a real authenticator
    /// computes codes from real time).
    pub system_clock: bool,
    /// Folder of the web apps; defaults to a folder that does not exist.
    pub web_dir: Option<PathBuf>,
    /// SMTP server for outgoing mail; unset writes `.eml` files to [`TestApp::outbox_dir`].
    pub smtp_url: Option<String>,
    /// Serve this existing database (kept when the test ends) instead of a fresh one.
    pub database_url: Option<String>,
    /// Serve TLS with this certificate and key (the base URL is then `https://localhost:…`).
    pub tls: Option<mimamori_server::tls::TlsFiles>,
    /// Open the database with this key file (another test server's, with its database)
    /// instead of a fresh one.
    pub key_file: Option<PathBuf>,
    /// Limits to run with; unset: [`test_limits`].
    pub limits: Option<LimitSettings>,
}

/// The limits most tests run with: a deployment's defaults, but rates no test's bursts reach
/// (every request of a test comes from 127.0.0.1, and some make hundreds), and the local http
/// push receiver allowed. The tests of the limits themselves give their own.
pub fn test_limits() -> LimitSettings {
    let plenty: RateSpec = "1000000/s"
        .parse()
        .unwrap_or_else(|e: String| panic!("{e}"));
    LimitSettings {
        rate_api: plenty,
        rate_sign_in: plenty,
        rate_reports: plenty,
        rate_messages: plenty,
        push_allow_local: true,
        ..LimitSettings::default()
    }
}

/// A running server with its own database.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// `http://127.0.0.1:PORT/metrics` of the metrics listener.
    pub metrics_url: String,
    /// A connection to the same database, for arranging data and checking what was stored.
    pub db: DatabaseConnection,
    /// The server's clock when started with a manual one.
    pub clock: Arc<ManualClock>,
    /// The server's configuration.
    pub config: Arc<Config>,
    /// The URL of this test's database (for other processes to connect to it).
    pub database_url: String,
    /// Where mail goes as `.eml` files when no SMTP server is set (a fresh folder per test).
    pub outbox_dir: PathBuf,
    /// The key file the server opened the database with (a fresh one per test).
    pub key_file: PathBuf,
    /// The server's keys, for arranging and checking sealed data.
    pub keys: Arc<mimamori_server::keys::Keyring>,
    server_clock: Arc<dyn Clock>,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    database: TestDatabase,
}

impl std::fmt::Debug for TestApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestApp")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

/// A fresh database, removed when the test ends.
#[derive(Debug)]
enum TestDatabase {
    Sqlite(PathBuf),
    Postgres {
        admin_url: String,
        name: String,
    },
    /// Someone else's: not removed.
    Borrowed,
}

/// A new, empty database of the engine the tests run on (a SQLite file name in a private
/// folder, or a PostgreSQL database), removed when dropped: where a restore goes.
#[derive(Debug)]
pub struct EmptyDatabase {
    /// Its URL.
    pub url: String,
    database: TestDatabase,
}

impl EmptyDatabase {
    /// Makes one.
    pub async fn create() -> anyhow::Result<Self> {
        let (database, url) = TestDatabase::create().await?;
        Ok(Self { url, database })
    }
}

impl Drop for EmptyDatabase {
    fn drop(&mut self) {
        self.database.remove();
    }
}

impl TestDatabase {
    async fn create() -> anyhow::Result<(Self, String)> {
        let unique = format!("mimamori_t_{}", uuid::Uuid::new_v4().simple());
        match std::env::var("TEST_DATABASE_URL") {
            Ok(admin_url) if !admin_url.is_empty() => {
                let admin = Database::connect(&admin_url)
                    .await
                    .context("connecting to TEST_DATABASE_URL")?;
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{unique}\""))
                    .await?;
                admin.close().await.ok();
                let base = admin_url.split('?').next().unwrap_or(&admin_url);
                let (server, _) = base
                    .rsplit_once('/')
                    .context("TEST_DATABASE_URL needs a /database part")?;
                let url = format!("{server}/{unique}");
                Ok((
                    TestDatabase::Postgres {
                        admin_url,
                        name: unique,
                    },
                    url,
                ))
            }
            _ => {
                let path = std::env::temp_dir().join(format!("{unique}.db"));
                let url = format!("sqlite://{}?mode=rwc", path.display());
                Ok((TestDatabase::Sqlite(path), url))
            }
        }
    }

    fn remove(&self) {
        match self {
            TestDatabase::Sqlite(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            TestDatabase::Borrowed => {}
            TestDatabase::Postgres { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop runs outside any async context we may block, so use a thread with its
                // own small runtime; FORCE ends the server's pooled connections.
                let _ = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()?;
                    runtime.block_on(async {
                        let admin = Database::connect(&admin_url).await?;
                        admin
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                            ))
                            .await?;
                        admin.close().await
                    })?;
                    anyhow::Ok(())
                })
                .join();
            }
        }
    }
}

/// A fixed, ordinary moment for tests: Monday 2026-11-23 10:00 in Tokyo.
pub fn test_epoch() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T01:00:00Z")
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

impl TestApp {
    /// Starts a server with a manual clock standing at [`test_epoch`].
    pub async fn spawn() -> anyhow::Result<Self> {
        Self::spawn_with(Options::default()).await
    }

    /// Starts a server with the given options.
    pub async fn spawn_with(options: Options) -> anyhow::Result<Self> {
        let (database, url) = match options.database_url {
            Some(url) => (TestDatabase::Borrowed, url),
            None => TestDatabase::create().await?,
        };
        let outbox_dir =
            std::env::temp_dir().join(format!("mimamori_outbox_{}", uuid::Uuid::new_v4().simple()));
        let key_file = match options.key_file {
            Some(path) => path,
            None => {
                let path = std::env::temp_dir()
                    .join(format!("mimamori_keys_{}", uuid::Uuid::new_v4().simple()))
                    .join("mimamori.key");
                mimamori_server::keys::KeyFile::create(&path)?;
                path
            }
        };
        let config = Config {
            key_file: key_file.clone(),
            smtp_url: options.smtp_url.map(SecretString::from),
            mail_outbox_dir: outbox_dir.clone(),
            // Tests run the scheduler by hand ([`TestApp::tick`]) after moving the clock.
            scheduler: false,
            bind: "127.0.0.1:0".parse()?,
            metrics_addr: "127.0.0.1:0".parse()?,
            database_url: SecretString::from(url.clone()),
            db_max_connections: 5,
            web_dir: options
                .web_dir
                .unwrap_or_else(|| PathBuf::from("/nonexistent-web-dir")),
            log_format: LogFormat::Pretty,
            // Served over TLS, the deployment's address is https (the port is known once bound).
            public_url: if options.tls.is_some() {
                "https://localhost".to_owned()
            } else {
                Config::default().public_url
            },
            tls_cert: options.tls.as_ref().map(|files| files.cert.clone()),
            tls_key: options.tls.as_ref().map(|files| files.key.clone()),
            limits: options.limits.unwrap_or_else(test_limits),
            ..Config::default()
        };
        mimamori_server::telemetry::init(&config);
        let clock = Arc::new(ManualClock::new(if options.system_clock {
            Utc::now()
        } else {
            test_epoch()
        }));
        let server_clock: Arc<dyn Clock> = if options.system_clock {
            Arc::new(SystemClock)
        } else {
            clock.clone()
        };
        let app = Application::build_with_clock(config.clone(), server_clock.clone()).await?;
        let addr = app.local_addr()?;
        let base_url = if options.tls.is_some() {
            format!("https://localhost:{}", addr.port())
        } else {
            format!("http://{addr}")
        };
        let mut config = config;
        if options.tls.is_some() {
            config.public_url = base_url.clone();
        }
        let metrics_url = format!("http://{}/metrics", app.metrics_addr()?);
        let db = app.db().clone();
        let keys = app.keys().clone();
        let (shutdown, stop) = oneshot::channel::<()>();
        let server = tokio::spawn(app.run_until(async move {
            let _ = stop.await;
        }));
        Ok(Self {
            base_url,
            metrics_url,
            db,
            clock,
            config: Arc::new(config),
            database_url: url,
            outbox_dir,
            key_file,
            keys,
            server_clock,
            shutdown: Some(shutdown),
            server: Some(server),
            database,
        })
    }

    /// The time as the server sees it.
    pub fn now(&self) -> DateTime<Utc> {
        self.server_clock.now()
    }

    /// Moves the manual clock (no effect with the system clock).
    pub fn advance(&self, by: Duration) {
        self.clock.advance(by);
    }

    /// Runs every scheduled job once at the server's current time, then sends what they
    /// enqueued (what the minute tick and the sender do in a running server).
    pub async fn tick(
        &self,
    ) -> anyhow::Result<(
        mimamori_server::scheduler::TickSummary,
        mimamori_server::outbox::sender::DrainSummary,
    )> {
        let now = self.now();
        let summary =
            mimamori_server::scheduler::run_due(&self.db, &self.config, &self.keys, now).await;
        let sent = self.deliver().await?;
        Ok((summary, sent))
    }

    /// Sends every outbox row due at the server's current time.
    pub async fn deliver(&self) -> anyhow::Result<mimamori_server::outbox::sender::DrainSummary> {
        let now = self.now();
        let sender = mimamori_server::outbox::sender::Sender::new(
            self.db.clone(),
            self.keys.clone(),
            &self.config,
            now,
        )
        .await?;
        sender.drain(now).await
    }

    /// The `.eml` files written to the outbox folder so far, oldest first.
    pub fn outbox_mails(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.outbox_dir)
            .map(|dir| {
                dir.filter_map(|entry| entry.ok().map(|e| e.path()))
                    .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort_by_key(|path| std::fs::metadata(path).and_then(|m| m.modified()).ok());
        files
    }

    /// The full URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// A client with its own cookie jar (one browser).
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap_or_else(|_| reqwest::Client::new())
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(server) = self.server.take() {
            server.abort();
        }
        self.database.remove();
        let _ = std::fs::remove_dir_all(&self.outbox_dir);
    }
}

impl TestApp {
    /// What an attacker with a copy of the database would hold: the SQLite file (after a WAL
    /// checkpoint, with any WAL left) or a plain `pg_dump` of the PostgreSQL database.
    pub async fn raw_database_copy(&self) -> anyhow::Result<Vec<u8>> {
        if let Some(rest) = self.database_url.strip_prefix("sqlite://") {
            self.db
                .execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
                .await?;
            let path = rest.split('?').next().unwrap_or_default();
            let mut bytes = std::fs::read(path).with_context(|| format!("reading {path}"))?;
            if let Ok(wal) = std::fs::read(format!("{path}-wal")) {
                bytes.extend(wal);
            }
            return Ok(bytes);
        }
        let output = tokio::process::Command::new("pg_dump")
            .args(["--format=plain", "--dbname", &self.database_url])
            .output()
            .await
            .context("running pg_dump")?;
        anyhow::ensure!(
            output.status.success(),
            "pg_dump failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        Ok(output.stdout)
    }
}

/// Whether `needle` occurs in `haystack` (byte for byte).
pub fn contains_bytes(haystack: &[u8], needle: &str) -> bool {
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|window| window == needle.as_bytes())
}
