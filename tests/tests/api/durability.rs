//! Nothing acknowledged is lost when the server is killed: the fast form of
//! `scripts/durability-kill.sh`, in the suite. The real `mimamori serve` runs as a child process
//! on this test's database (PostgreSQL in CI); the load generator's driver sends reports with
//! a journal; the server is killed with SIGKILL mid-run and started again while the load goes
//! on; then the generator's check counts what every key stored, resends everything without a
//! success answer under the same key, and counts again.

use mimamori_tests::TestApp;
use mimamori_tests::load::{check, driver, patients};
use mimamori_tests::serve_process::{ServeProcess, free_port};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// Patients under load: more than the connections, so no two requests in flight share a case.
const PATIENTS: u32 = 12;
const CONNECTIONS: usize = 6;

/// The demo deployment with `PATIENTS` generated cases enrolled; their sign-ins go to `path`.
async fn enrolled_patients(app: &TestApp, path: &Path) {
    use mimamori_server::clock::SystemClock;
    use mimamori_server::demo::{self, accounts as demo_accounts, cases as demo_cases};
    demo::create(&app.db, &app.keys, &SystemClock, &app.config)
        .await
        .unwrap();
    let generated = demo_cases::add(&app.db, &app.keys, PATIENTS, chrono::Utc::now())
        .await
        .unwrap();
    demo_accounts::enrol(&app.db, &generated, path, chrono::Utc::now())
        .await
        .unwrap();
}

#[tokio::test]
async fn reports_acknowledged_before_a_sigkill_are_stored_exactly_once() {
    let app = TestApp::spawn().await.unwrap();
    let accounts = app.outbox_dir.with_extension("accounts.tsv");
    enrolled_patients(&app, &accounts).await;
    let port = free_port().unwrap();
    let base_url = format!("http://127.0.0.1:{port}");
    let mut server = ServeProcess::start(&app, port, false).await.unwrap();

    let client = driver::client(CONNECTIONS, Duration::from_secs(5)).unwrap();
    let accounts_read = patients::read_accounts(&accounts, PATIENTS as usize).unwrap();
    let signed_in = patients::sign_in_all(&client, &base_url, &accounts_read, 2)
        .await
        .unwrap();
    let settings = driver::Settings {
        concurrency: CONNECTIONS,
        duration: Duration::from_secs(5),
        rate: None,
        timeout: Duration::from_secs(5),
        journal: true,
        seed: 7,
    };
    let load = {
        let target = driver::Target::Reports {
            base_urls: vec![base_url.clone()],
        };
        let patients = Arc::new(signed_in);
        tokio::spawn(async move { driver::run(&client, &target, patients, &settings).await })
    };
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill().await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let _restarted = ServeProcess::start(&app, port, false).await.unwrap();
    let outcome = load.await.unwrap().unwrap();

    // Reports were acknowledged both before the kill and after the restart, and the kill cut
    // some off: otherwise the check below would prove nothing.
    let acknowledged_in = |seconds: std::ops::Range<usize>| -> u64 {
        outcome.timeline[seconds]
            .iter()
            .map(|second| second[0])
            .sum()
    };
    assert!(acknowledged_in(0..1) > 0, "{:?}", outcome.timeline);
    assert!(
        acknowledged_in(3..outcome.timeline.len()) > 0,
        "{:?}",
        outcome.timeline
    );
    assert!(outcome.unanswered > 0, "{:?}", outcome.timeline);
    assert_eq!(outcome.server_errors_not_problem, 0);

    let counts = check::run(
        &outcome.entries,
        &check::Settings {
            base_url,
            database_url: app.database_url.clone(),
            accounts: accounts.clone(),
            acknowledged_sample: 20,
        },
    )
    .await
    .unwrap();
    std::fs::remove_file(&accounts).ok();
    assert!(counts.passed(), "{counts:?}");
    assert_eq!((counts.lost, counts.duplicated), (0, 0), "{counts:?}");
    assert!(counts.stored >= counts.acknowledged, "{counts:?}");
}
