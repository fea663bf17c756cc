//! The restore drill (docs/operations.md "Backup and restore"): a deployment with reports is backed
//! up by the real `mimamori backup` while its server serves, restored by `mimamori restore` into a
//! new empty database of the same engine (SQLite, or PostgreSQL with `pg_dump`/`pg_restore` when
//! `TEST_DATABASE_URL` is set), and then: `mimamori audit verify` passes, cases, reports and audit
//! entries are all there, and a patient and a staff member sign in to a server on the restored
//! database.

use chrono::Duration;
use mimamori_server::services::backup::{self, BackupHead};
use mimamori_tests::fixtures::{
    PATIENT_PASSWORD, World, patient_client, report_body, staff_client,
};
use mimamori_tests::serve_process::mimamori_binary;
use mimamori_tests::{EmptyDatabase, Options, TestApp};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// Runs the real binary on the database `url` with the key file of `app` (a restored database
/// keeps the keys it was backed up with); answers success and everything it printed.
async fn mimamori(app: &TestApp, url: &str, args: &[&str]) -> (bool, String) {
    let output = tokio::process::Command::new(mimamori_binary())
        .args(args)
        .env("MIMAMORI_DATABASE_URL", url)
        .env("MIMAMORI_KEY_FILE", &app.key_file)
        .env("RUST_LOG", "warn")
        .output()
        .await
        .unwrap();
    (
        output.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    )
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[tokio::test]
async fn a_backup_taken_while_serving_restores_into_an_empty_database_that_verifies() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let patient = patient_client(&app, world.case.id).await.unwrap();
    for (temperature, spo2) in [(37.2, 97), (38.4, 95), (39.1, 92)] {
        let response = patient
            .post(app.url(&format!("/api/patient/cases/{}/reports", world.case.id)))
            .json(&report_body(temperature, Some(spo2)))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
    }
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    let worklist = nurse
        .get(app.url("/api/staff/worklist"))
        .send()
        .await
        .unwrap();
    assert_eq!(worklist.status(), 200);

    let folder = std::env::temp_dir().join(format!("mimamori-backup-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&folder).unwrap();
    let file = folder.join("mimamori.backup");
    let to = file.to_str().unwrap();
    let (ok, output) = mimamori(&app, &app.database_url, &["backup", "--to", to]).await;
    assert!(ok, "{output}");
    assert_eq!(mode(&file), 0o600, "a backup is private");
    let head: BackupHead =
        serde_json::from_str(&std::fs::read_to_string(backup::head_path(&file)).unwrap()).unwrap();
    assert!(head.audit_head_seq > 0, "{head:?}");
    let (ok, output) = mimamori(&app, &app.database_url, &["backup", "--to", to]).await;
    assert!(!ok && output.contains("never overwrites"), "{output}");
    let source = backup::counts(&app.db).await.unwrap();
    assert_eq!(source.reports, 3);

    let target = EmptyDatabase::create().await.unwrap();
    let (ok, output) = mimamori(&app, &target.url, &["restore", "--from", to]).await;
    assert!(ok, "{output}");
    assert!(output.contains("reaches the recorded head"), "{output}");
    let (ok, output) = mimamori(&app, &target.url, &["audit", "verify"]).await;
    assert!(ok && output.contains("audit log intact"), "{output}");
    let (ok, output) = mimamori(&app, &target.url, &["restore", "--from", to]).await;
    assert!(!ok && output.contains("empty database"), "{output}");

    let restored = TestApp::spawn_with(Options {
        database_url: Some(target.url.clone()),
        key_file: Some(app.key_file.clone()),
        ..Options::default()
    })
    .await
    .unwrap();
    let counts = backup::counts(&restored.db).await.unwrap();
    assert_eq!(counts.cases, source.cases);
    assert_eq!(counts.reports, source.reports);
    assert_eq!(
        counts.audit_entries,
        source.audit_entries + 1,
        "every entry, and the restore's own"
    );

    // Past the authenticator step the nurse used on the first server.
    restored.advance(app.now() - restored.now() + Duration::minutes(1));
    staff_client(&restored, &world.nurse_a).await.unwrap();
    let response = restored
        .client()
        .post(restored.url("/api/patient/session"))
        .json(&serde_json::json!({
            "case_number": world.case.case_number,
            "password": PATIENT_PASSWORD
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    drop(restored);
    std::fs::remove_dir_all(&folder).ok();
}

#[tokio::test]
async fn a_restore_refuses_a_backup_whose_audit_log_is_not_the_recorded_one() {
    let app = TestApp::spawn().await.unwrap();
    World::create(&app).await.unwrap();
    let folder = std::env::temp_dir().join(format!("mimamori-backup-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&folder).unwrap();
    let file = folder.join("mimamori.backup");
    let to = file.to_str().unwrap();
    let (ok, output) = mimamori(&app, &app.database_url, &["backup", "--to", to]).await;
    assert!(ok, "{output}");
    // The head kept apart from the backup says another chain was backed up.
    let head_file = backup::head_path(&file);
    let mut head: BackupHead =
        serde_json::from_str(&std::fs::read_to_string(&head_file).unwrap()).unwrap();
    head.audit_head_hash = "f".repeat(64);
    std::fs::write(&head_file, serde_json::to_string(&head).unwrap()).unwrap();

    let target = EmptyDatabase::create().await.unwrap();
    let (ok, output) = mimamori(&app, &target.url, &["restore", "--from", to]).await;
    assert!(
        !ok && output.contains("does not reach the head recorded"),
        "{output}"
    );
    std::fs::remove_dir_all(&folder).ok();
}
