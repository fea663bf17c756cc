//! `mimamori audit verify` as an operator runs it: the real binary against a SQLite database,
//! intact, then with an entry edited, then with one deleted. (The chain itself is tested on
//! both databases in the `tests` crate.)

#![expect(
    clippy::expect_used,
    reason = "test helpers should fail loudly at the failing call"
)]

use chrono::Utc;
use mimamori_server::config::Config;
use mimamori_server::services::{audit, audit_chain};
use mimamori_server::startup;
use sea_orm::ConnectionTrait;
use secrecy::SecretString;
use std::process::Command;

fn verify(url: &str) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_mimamori"))
        .args(["audit", "verify"])
        .env("MIMAMORI_DATABASE_URL", url)
        .output()
        .expect("mimamori runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[tokio::test]
async fn verify_detects_an_edited_and_a_deleted_entry() {
    let dir = std::env::temp_dir().join(format!("mimamori-audit-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.join("audit.db").display());
    let config = Config {
        database_url: SecretString::from(url.clone()),
        ..Config::default()
    };
    let db = startup::connect_and_migrate(&config).await.unwrap();
    for case_id in 1..=5 {
        audit::anonymous(
            &db,
            "system",
            None,
            "test.entry",
            Some(case_id),
            None,
            Utc::now(),
        )
        .await
        .unwrap();
    }
    assert_eq!(audit_chain::seal_pending(&db).await.unwrap(), 5);

    let (ok, out) = verify(&url);
    assert!(ok, "{out}");
    assert!(out.contains("audit log intact: 5 entries checked"), "{out}");

    db.execute_unprepared("UPDATE audit_log SET case_id = 99 WHERE seq = 3")
        .await
        .unwrap();
    let (ok, out) = verify(&url);
    assert!(!ok, "{out}");
    assert!(
        out.contains("TAMPERED") && out.contains("(position 3)"),
        "{out}"
    );
    assert!(out.contains("edited"), "{out}");

    db.execute_unprepared("UPDATE audit_log SET case_id = 3 WHERE seq = 3")
        .await
        .unwrap();
    assert!(verify(&url).0, "restoring the value restores the chain");
    db.execute_unprepared("DELETE FROM audit_log WHERE seq = 2")
        .await
        .unwrap();
    let (ok, out) = verify(&url);
    assert!(!ok, "{out}");
    assert!(
        out.contains("(position 3)") && out.contains("missing"),
        "{out}"
    );
    db.close().await.unwrap();
    std::fs::remove_dir_all(&dir).ok();
}
