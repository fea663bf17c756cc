//! Two server processes on one database send each reminder exactly once: the real `mimamori` binary
//! runs `scheduler run --at …` twice at the same moment, side by side, against this test's database
//! (PostgreSQL in CI: advisory job locks and outbox claims with `FOR UPDATE SKIP LOCKED`; on SQLite
//! the same statements are serialised by its write lock).

use axum::http::StatusCode;
use chrono::{TimeZone, Utc};
use mimamori_server::entities::{
    case_event, delivery, patient_account, patient_account_case, push_subscription,
};
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{World, add_case};
use mimamori_tests::push_service::{Browser, PushService};
use mimamori_tests::serve_process::mimamori_binary;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use std::collections::HashSet;

/// Cases, each enrolled with one subscribed device: more than one claim takes (500), so both
/// senders get work.
const CASES: usize = 1_200;

/// Enrols `CASES` cases straight in the database (an argon2 sign-in per case would take
/// minutes in a debug build), each with a device subscribed to `service`.
async fn enrol_many(app: &TestApp, world: &World, service: &PushService, browser: &Browser) {
    let now = app.now();
    let mut accounts = Vec::new();
    let mut links = Vec::new();
    let mut subscriptions = Vec::new();
    for n in 0..CASES {
        let case = add_case(
            app,
            world.health_centre_id,
            world.org_a,
            &format!("P-{n:05}"),
        )
        .await
        .unwrap();
        let account_id = i64::try_from(n).unwrap() + 1;
        accounts.push(patient_account::ActiveModel {
            id: Set(account_id),
            password_hash: Set("not-used".to_owned()),
            lang: Set(mimamori_shared::i18n::Lang::Ja),
            created_at: Set(now),
            reminders_enabled: Set(true),
            reminder_window_start: Set("08:00".to_owned()),
            reminder_window_end: Set("10:00".to_owned()),
            own_case_id: Set(Some(case.id)),
        });
        links.push(patient_account_case::ActiveModel {
            account_id: Set(account_id),
            case_id: Set(case.id),
        });
        let sealed = mimamori_server::services::push::seal_subscription(
            &app.keys,
            &service.endpoint(&format!("device-{n}")),
            &browser.p256dh(),
            &browser.auth_b64(),
        );
        subscriptions.push(mimamori_server::db::push::new_row(account_id, sealed, now));
    }
    patient_account::Entity::insert_many(accounts)
        .exec_without_returning(&app.db)
        .await
        .unwrap();
    patient_account_case::Entity::insert_many(links)
        .exec_without_returning(&app.db)
        .await
        .unwrap();
    push_subscription::Entity::insert_many(subscriptions)
        .exec_without_returning(&app.db)
        .await
        .unwrap();
}

/// Runs `mimamori scheduler run --at <at>` in two processes at once; returns their outputs.
async fn run_two(app: &TestApp, at: &str) -> [String; 2] {
    let spawn = || {
        tokio::process::Command::new(mimamori_binary())
            .args(["scheduler", "run", "--at", at])
            .env("MIMAMORI_DATABASE_URL", &app.database_url)
            .env("MIMAMORI_KEY_FILE", &app.key_file)
            .env("MIMAMORI_PUBLIC_URL", &app.config.public_url)
            .env("MIMAMORI_MAIL_OUTBOX_DIR", &app.outbox_dir)
            // The push service here is a local http receiver.
            .env("MIMAMORI_PUSH_ALLOW_LOCAL", "true")
            .env("MIMAMORI_LOG_FORMAT", "json")
            .env("RUST_LOG", "warn")
            .output()
    };
    let (first, second) = tokio::join!(spawn(), spawn());
    [first.unwrap(), second.unwrap()].map(|output| {
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "scheduler run failed: {stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        stdout
    })
}

#[tokio::test]
async fn two_processes_send_each_reminder_once() {
    let app = TestApp::spawn().await.unwrap();
    let service = PushService::start_counting(StatusCode::CREATED)
        .await
        .unwrap();
    // A slow push service keeps both senders busy at the same time.
    service.delay(20);
    let world = World::create(&app).await.unwrap();
    let browser = Browser::new();
    enrol_many(&app, &world, &service, &browser).await;

    let at = |hour| {
        chrono_tz::Asia::Tokyo
            .with_ymd_and_hms(2026, 11, 24, hour, 0, 0)
            .single()
            .unwrap()
            .with_timezone(&Utc)
            .to_rfc3339()
    };
    // 08:00: both processes run the jobs and send, at once. One takes the reminder job's lock;
    // the other skips it.
    let outputs = run_two(&app, &at(8)).await;
    eprintln!("08:00 runs: {outputs:?}");
    assert_eq!(service.count(), CASES as u64, "{outputs:?}");

    // 09:00: the second nudges are enqueued first, then both processes send the same outbox at
    // once, claiming batches with FOR UPDATE SKIP LOCKED.
    app.clock.set(
        chrono::DateTime::parse_from_rfc3339(&at(9))
            .unwrap()
            .with_timezone(&Utc),
    );
    let summary =
        mimamori_server::scheduler::run_due(&app.db, &app.config, &app.keys, app.now()).await;
    assert_eq!(summary.reminders, CASES as u64);
    let outputs = run_two(&app, &at(9)).await;
    eprintln!("09:00 runs: {outputs:?}");
    assert_eq!(service.count(), 2 * CASES as u64, "{outputs:?}");

    let sent = delivery::Entity::find()
        .filter(delivery::Column::Status.eq("sent"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(sent, 2 * CASES as u64);
    let events = case_event::Entity::find()
        .filter(case_event::Column::Kind.eq("reminder"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(events.len(), 2 * CASES);
    let distinct: HashSet<(i64, String)> = events
        .iter()
        .map(|event| (event.case_id, event.created_at.to_rfc3339()))
        .collect();
    assert_eq!(distinct.len(), 2 * CASES, "one timeline entry per reminder");
}
