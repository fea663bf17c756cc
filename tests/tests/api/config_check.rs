//! Configuration checks: in production — `MIMAMORI_ENV=production` or a bind address other machines
//! reach — the server refuses to start, naming the setting, with an http public URL, PostgreSQL on
//! another host without `sslmode=verify-full`, a database folder or configuration file others can
//! read, the demo data, or no administrator. On a laptop everything keeps working. One test a
//! setting, each starting from a production setup that does start.
//!
//! These tests make their own SQLite database in a private folder whatever `TEST_DATABASE_URL`
//! says: what they check is the settings, not the database engine.

use mimamori_server::config::{Config, Environment, LogFormat};
use mimamori_server::config_check;
use mimamori_server::services::host_admin;
use mimamori_server::startup::{self, Application};
use mimamori_tests::serve_process::mimamori_binary;
use secrecy::SecretString;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// A folder of this test's, private to this user (as /var/lib/mimamori is).
fn private_folder() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mimamori-check-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    dir
}

/// A production configuration that starts once `mimamori init` has run on its database (its
/// key file is made here, once).
fn production(dir: &Path) -> Config {
    let key_file = dir.join("mimamori.key");
    if !key_file.exists() {
        mimamori_server::keys::KeyFile::create(&key_file).unwrap();
    }
    Config {
        key_file,
        env: Environment::Production,
        bind: "127.0.0.1:0".parse().unwrap(),
        // Any free port: these tests start servers side by side.
        metrics_addr: "127.0.0.1:0".parse().unwrap(),
        public_url: "https://mimamori.pref.example.jp".to_owned(),
        database_url: SecretString::from(format!(
            "sqlite://{}?mode=rwc",
            dir.join("data/mimamori.db").display()
        )),
        mail_outbox_dir: dir.join("data/outbox"),
        web_dir: PathBuf::from("/nonexistent-web-dir"),
        scheduler: false,
        db_max_connections: 2,
        log_format: LogFormat::Pretty,
        ..Config::default()
    }
}

/// `mimamori init` on the configuration's database.
async fn init(config: &Config) {
    let db = startup::connect_and_migrate(config).await.unwrap();
    host_admin::init(
        &db,
        super::deployment_init::request(None),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    db.close().await.unwrap();
}

/// `mimamori demo` on the configuration's database.
async fn create_demo(config: &Config) {
    let store = startup::open_store(config, chrono::Utc::now())
        .await
        .unwrap();
    mimamori_server::demo::create(
        &store.db,
        &store.keys,
        &mimamori_server::clock::SystemClock,
        config,
    )
    .await
    .unwrap();
    store.db.close().await.unwrap();
}

/// Starting with `config`: `Ok` or the refusal's message.
async fn start(config: Config) -> Result<(), String> {
    match Application::build(config).await {
        Ok(app) => {
            app.db().clone().close().await.ok();
            Ok(())
        }
        Err(error) => Err(format!("{error:#}")),
    }
}

/// Asserts a refusal that names `setting` and says `words`.
async fn assert_refused(config: Config, setting: &str, words: &str) {
    let message = start(config).await.expect_err("production must refuse");
    assert!(
        message.contains(setting) && message.contains(words),
        "the refusal names {setting} and says {words:?}: {message}"
    );
}

#[tokio::test]
async fn a_production_setup_made_by_init_starts() {
    let dir = private_folder();
    let config = production(&dir);
    init(&config).await;
    start(config).await.unwrap();
}

#[tokio::test]
async fn production_refuses_an_http_public_url() {
    let dir = private_folder();
    let mut config = production(&dir);
    init(&config).await;
    config.public_url = "http://mimamori.pref.example.jp".to_owned();
    assert_refused(config, "MIMAMORI_PUBLIC_URL", "not https").await;
}

#[tokio::test]
async fn production_refuses_postgres_on_another_host_without_verify_full() {
    let dir = private_folder();
    let mut config = production(&dir);
    // Nothing listens there: the refusal must come before any attempt to connect.
    config.database_url = SecretString::from(
        "postgres://mimamori:secret@db.pref.example.jp/mimamori?sslmode=require",
    );
    let started = std::time::Instant::now();
    let message = start(config.clone()).await.expect_err("refused");
    assert!(
        message.contains("MIMAMORI_DATABASE_URL") && message.contains("verify-full"),
        "{message}"
    );
    assert!(
        !message.contains("secret"),
        "no password in the message: {message}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(2));

    config.database_url = SecretString::from("postgres://mimamori@db.pref.example.jp/mimamori");
    let findings = config_check::check_settings(&config);
    assert!(
        findings[0].problem.contains("sslmode=prefer"),
        "the default is named: {findings:?}"
    );
    for accepted in [
        "postgres://mimamori@db.pref.example.jp/mimamori?sslmode=verify-full",
        "postgres://postgres@127.0.0.1:5432/mimamori",
        "postgres://postgres@localhost/mimamori",
        "postgres://postgres@[::1]/mimamori",
    ] {
        config.database_url = SecretString::from(accepted);
        assert_eq!(config_check::check_settings(&config), vec![], "{accepted}");
    }
}

#[tokio::test]
async fn production_refuses_a_database_folder_others_can_read() {
    let dir = private_folder();
    let config = production(&dir);
    init(&config).await;
    std::fs::set_permissions(dir.join("data"), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_refused(config, "MIMAMORI_DATABASE_URL", "mode 0755").await;
}

#[tokio::test]
async fn a_new_database_folder_is_made_private() {
    let dir = private_folder();
    let config = production(&dir);
    init(&config).await;
    let mode = std::fs::metadata(dir.join("data"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o700);
}

#[tokio::test]
async fn production_refuses_a_config_file_others_can_read() {
    let dir = private_folder();
    let mut config = production(&dir);
    init(&config).await;
    let file = dir.join("mimamori.toml");
    std::fs::write(&file, "# settings\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    config.config_file = Some(file);
    assert_refused(config, "MIMAMORI_CONFIG", "chmod 640").await;
}

#[tokio::test]
async fn production_refuses_the_demo_data() {
    let dir = private_folder();
    let config = production(&dir);
    init(&config).await;
    create_demo(&config).await;
    assert_refused(config, "MIMAMORI_DATABASE_URL", "demo deployment").await;
}

#[tokio::test]
async fn production_refuses_a_database_without_an_administrator() {
    let dir = private_folder();
    let config = production(&dir);
    startup::connect_and_migrate(&config)
        .await
        .unwrap()
        .close()
        .await
        .unwrap();
    assert_refused(config, "MIMAMORI_DATABASE_URL", "no active administrator").await;
}

#[tokio::test]
async fn a_bind_address_other_machines_reach_means_production() {
    let dir = private_folder();
    let mut config = production(&dir);
    init(&config).await;
    config.env = Environment::Development;
    config.public_url = "http://192.0.2.10:8080".to_owned();
    config.bind = "0.0.0.0:0".parse().unwrap();
    assert_refused(config, "MIMAMORI_PUBLIC_URL", "not https").await;
}

#[tokio::test]
async fn a_laptop_starts_with_what_production_refuses() {
    let dir = private_folder();
    let mut config = production(&dir);
    config.env = Environment::Development;
    config.public_url = "http://127.0.0.1:8080".to_owned();
    create_demo(&config).await;
    std::fs::set_permissions(dir.join("data"), std::fs::Permissions::from_mode(0o755)).unwrap();
    start(config).await.unwrap();
}

/// Runs `mimamori --config FILE check-config` with nothing else set.
fn check_config(file: &Path) -> (Option<i32>, String) {
    let output = std::process::Command::new(mimamori_binary())
        .args(["--config", file.to_str().unwrap(), "check-config"])
        .env_clear()
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    (
        output.status.code(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    )
}

#[tokio::test]
async fn the_check_config_command_reads_the_file_and_fails_with_the_settings_named() {
    let dir = private_folder();
    let config = production(&dir);
    init(&config).await;
    let file = dir.join("mimamori.toml");
    std::fs::write(
        &file,
        format!(
            "env = \"production\"\npublic_url = \"http://mimamori.pref.example.jp\"\n\
             database_url = \"sqlite://{}/data/mimamori.db?mode=rwc\"\n\
             key_file = \"{}/mimamori.key\"\n",
            dir.display(),
            dir.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (status, output) = check_config(&file);
    assert_eq!(status, Some(1), "{output}");
    assert!(output.contains("MIMAMORI_PUBLIC_URL"), "{output}");
    assert!(output.contains("MIMAMORI_CONFIG"), "{output}");

    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    let fixed = std::fs::read_to_string(&file)
        .unwrap()
        .replace("http://", "https://");
    std::fs::write(&file, fixed).unwrap();
    // A key file every user can read is refused, naming it.
    let key_file = dir.join("mimamori.key");
    std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (status, output) = check_config(&file);
    assert_eq!(status, Some(1), "{output}");
    assert!(
        output.contains("MIMAMORI_KEY_FILE") && output.contains("chmod 600"),
        "{output}"
    );
    std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let (status, output) = check_config(&file);
    assert_eq!(status, Some(0), "{output}");
    assert!(output.contains("configuration ok"), "{output}");
}
