//! `mimamori audit verify` and `audit head` as an operator runs them: the real binary against a
//! SQLite database and its key file, intact, then with an entry edited, then with one deleted,
//! then with the newest entries removed (only a head kept elsewhere shows that). (The chain
//! itself is tested on both databases in the `tests` crate.)

#![expect(
    clippy::expect_used,
    reason = "test helpers should fail loudly at the failing call"
)]

use chrono::Utc;
use mimamori_server::config::Config;
use mimamori_server::keys::KeyFile;
use mimamori_server::services::{audit, audit_chain};
use mimamori_server::startup;
use sea_orm::ConnectionTrait;
use secrecy::SecretString;
use std::path::Path;
use std::process::Command;

fn mimamori(url: &str, key_file: &Path, args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_mimamori"))
        .args(args)
        .env("MIMAMORI_DATABASE_URL", url)
        .env("MIMAMORI_KEY_FILE", key_file)
        .env("RUST_LOG", "warn")
        .output()
        .expect("mimamori runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr),
    )
}

/// A new SQLite database in a folder of its own, with its key file, opened as the server does.
struct Fresh {
    dir: std::path::PathBuf,
    url: String,
    key_file: std::path::PathBuf,
    store: startup::Store,
}

impl Fresh {
    async fn open() -> Self {
        let dir = std::env::temp_dir().join(format!("mimamori-audit-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("a test folder");
        let url = format!("sqlite://{}?mode=rwc", dir.join("audit.db").display());
        let key_file = dir.join("mimamori.key");
        KeyFile::create(&key_file).expect("a key file");
        let config = Config {
            database_url: SecretString::from(url.clone()),
            key_file: key_file.clone(),
            ..Config::default()
        };
        let store = startup::open_store(&config, Utc::now())
            .await
            .expect("the database opens");
        Self {
            dir,
            url,
            key_file,
            store,
        }
    }
}

#[tokio::test]
async fn verify_detects_an_edited_a_deleted_and_with_a_head_a_removed_entry() {
    let Fresh {
        dir,
        url,
        key_file,
        store,
    } = Fresh::open().await;
    let db = &store.db;
    for case_id in 1..=5 {
        audit::anonymous(
            db,
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
    assert_eq!(audit_chain::seal_pending(db, &store.keys).await.unwrap(), 5);
    let verify = |args: &[&str]| mimamori(&url, &key_file, &[&["audit", "verify"], args].concat());

    let (ok, out) = verify(&[]);
    assert!(ok, "{out}");
    assert!(out.contains("audit log intact: 5 entries checked"), "{out}");

    db.execute_unprepared("UPDATE audit_log SET case_id = 99 WHERE seq = 3")
        .await
        .unwrap();
    let (ok, out) = verify(&[]);
    assert!(!ok, "{out}");
    assert!(
        out.contains("TAMPERED") && out.contains("(position 3)"),
        "{out}"
    );
    assert!(out.contains("edited"), "{out}");

    db.execute_unprepared("UPDATE audit_log SET case_id = 3 WHERE seq = 3")
        .await
        .unwrap();
    assert!(verify(&[]).0, "restoring the value restores the chain");

    // The head, printed and kept apart; then the two newest entries go.
    let (ok, head) = mimamori(&url, &key_file, &["audit", "head"]);
    assert!(ok, "{head}");
    let head_file = dir.join("head.json");
    let json = &head[head.find('{').expect("a JSON head")..];
    std::fs::write(&head_file, json).unwrap();
    let head_arg = head_file.to_str().expect("UTF-8 path");
    let (ok, out) = verify(&["--head", head_arg]);
    assert!(ok, "{out}");
    assert!(out.contains("still holds the head"), "{out}");
    db.execute_unprepared("DELETE FROM audit_log WHERE seq >= 4")
        .await
        .unwrap();
    let (ok, out) = verify(&[]);
    assert!(ok, "without the head, a shortened chain looks whole: {out}");
    let (ok, out) = verify(&["--head", head_arg]);
    assert!(!ok, "{out}");
    assert!(
        out.contains("TRUNCATED") && out.contains("removed"),
        "{out}"
    );

    // A head edited to match the shortened chain does not carry a valid signature.
    let mut forged: serde_json::Value = serde_json::from_str(json).unwrap();
    forged["seq"] = serde_json::json!(3);
    std::fs::write(&head_file, forged.to_string()).unwrap();
    let (ok, out) = verify(&["--head", head_arg]);
    assert!(!ok, "{out}");
    assert!(out.contains("signature"), "{out}");

    db.execute_unprepared("DELETE FROM audit_log WHERE seq = 2")
        .await
        .unwrap();
    let (ok, out) = verify(&[]);
    assert!(!ok, "{out}");
    assert!(
        out.contains("(position 3)") && out.contains("missing"),
        "{out}"
    );
    store.db.close().await.unwrap();
    std::fs::remove_dir_all(&dir).ok();
}

/// The chain is keyed: rebuilt by someone with the database but not the key file (recomputing
/// every link as the unkeyed chain was), it does not verify.
#[tokio::test]
async fn a_chain_rebuilt_without_the_audit_key_does_not_verify() {
    let Fresh {
        dir,
        url,
        key_file,
        store,
    } = Fresh::open().await;
    audit::anonymous(
        &store.db,
        "system",
        None,
        "test.entry",
        Some(1),
        None,
        Utc::now(),
    )
    .await
    .unwrap();
    audit_chain::seal_pending(&store.db, &store.keys)
        .await
        .unwrap();
    // Another key file's keyring stands for the attacker's guess of the key.
    let other = mimamori_server::keys::Keyring::unsaved(KeyFile::generate());
    let entries = mimamori_server::db::audit::sealed_after(&store.db, 0, 100)
        .await
        .unwrap();
    let mut prev = audit_chain::GENESIS.to_owned();
    for entry in &entries {
        let seq = entry.seq.expect("sealed");
        let forged = audit_chain::entry_hash(&other, entry, seq, &prev);
        assert_ne!(Some(forged.clone()), entry.hash);
        mimamori_server::db::audit::rehash(&store.db, entry.id, &prev, &forged)
            .await
            .unwrap();
        prev = forged;
    }
    let (ok, out) = mimamori(&url, &key_file, &["audit", "verify"]);
    assert!(!ok, "{out}");
    assert!(out.contains("edited"), "{out}");
    store.db.close().await.unwrap();
    std::fs::remove_dir_all(&dir).ok();
}
