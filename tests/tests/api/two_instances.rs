//! Two instances on one database (docs/operations.md "Scaling out"): two real `mimamori serve`
//! processes, each with its own minute tick and outbox sender, share this test's database
//! (PostgreSQL in CI) as two instances behind a load balancer would, and requests alternate between
//! them. Each report is stored once, also when its resend goes to the other instance; a staff
//! session made on one works on the other, and signing out on one ends it on both; the tick's
//! reminders are enqueued once and each is pushed once; the notice of an extension reaches the
//! patient's phone once; and the audit chain verifies afterwards.
//!
//! The instances run on the real clock, so the test waits for the next minute's tick.

use axum::http::StatusCode;
use chrono::{Duration, Timelike, Utc};
use mimamori_server::entities::{
    case_event, delivery, health_report, patient_account, patient_account_case,
};
use mimamori_server::outbox::Purpose;
use mimamori_server::services::org_settings_admin;
use mimamori_shared::api::case_actions::ReviewView;
use mimamori_shared::api::reports::ReportView;
use mimamori_shared::api::worklist::WorkList;
use mimamori_tests::fixtures::{
    PATIENT_PASSWORD, World, add_case, invitation_for, report_body, sign_in_request,
};
use mimamori_tests::push_service::{Browser, PushService};
use mimamori_tests::serve_process::{ServeProcess, free_port, run_command};
use mimamori_tests::{Options, TestApp};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::json;
use std::collections::HashMap;

/// Silent patients (enrolled, never reported), each with one subscribed device: the tick
/// reminds each of them once.
const SILENT: usize = 30;

/// Organisation A never has quiet hours, so the test's reminders are due whatever the hour.
async fn no_quiet_hours(app: &TestApp, organisation_id: i64) {
    let mut row = org_settings_admin::default_row(organisation_id, None, app.now());
    row.quiet_start = Set("00:00".into());
    row.quiet_end = Set("00:00".into());
    row.insert(&app.db).await.unwrap();
}

/// An account for `case_id`, reminded all day, with one device subscribed at `endpoint`.
async fn enrol_with_device(app: &TestApp, case_id: i64, endpoint: String, browser: &Browser) {
    let account = patient_account::ActiveModel {
        password_hash: Set("not-used".to_owned()),
        lang: Set(mimamori_shared::i18n::Lang::Ja),
        created_at: Set(app.now()),
        reminders_enabled: Set(true),
        reminder_window_start: Set("00:00".to_owned()),
        reminder_window_end: Set("23:59".to_owned()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    patient_account_case::ActiveModel {
        account_id: Set(account.id),
        case_id: Set(case_id),
    }
    .insert(&app.db)
    .await
    .unwrap();
    let sealed = mimamori_server::services::push::seal_subscription(
        &app.keys,
        &endpoint,
        &browser.p256dh(),
        &browser.auth_b64(),
    );
    mimamori_server::db::push::upsert(&app.db, account.id, sealed, app.now())
        .await
        .unwrap();
}

/// Waits, when Tokyo's clock is about to pass midnight, until it has: a reminder window ends at
/// 23:59 and the day's reminder keys change at midnight.
async fn clear_of_midnight() {
    let tokyo = Utc::now().with_timezone(&chrono_tz::Asia::Tokyo);
    if tokyo.hour() == 23 && tokyo.minute() >= 57 {
        tokio::time::sleep(std::time::Duration::from_secs(240)).await;
    }
}

/// How many pushes each device received, by the device's name.
fn pushes_by_device(service: &PushService) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for received in service.received() {
        let device = received.path.rsplit('/').next().unwrap_or_default();
        *counts.entry(device.to_owned()).or_default() += 1;
    }
    counts
}

#[tokio::test]
async fn two_instances_on_one_database_do_everything_once() {
    clear_of_midnight().await;
    let app = TestApp::spawn_with(Options {
        system_clock: true,
        ..Options::default()
    })
    .await
    .unwrap();
    let world = World::create(&app).await.unwrap();
    no_quiet_hours(&app, world.org_a).await;
    let service = PushService::start(StatusCode::CREATED).await.unwrap();
    let browser = Browser::new();
    for n in 0..SILENT {
        let case = add_case(
            &app,
            world.health_centre_id,
            world.org_a,
            &format!("S-{n:03}"),
        )
        .await
        .unwrap();
        enrol_with_device(
            &app,
            case.id,
            service.endpoint(&format!("silent-{n}")),
            &browser,
        )
        .await;
    }
    let a = ServeProcess::start(&app, free_port().unwrap(), true)
        .await
        .unwrap();
    let b = ServeProcess::start(&app, free_port().unwrap(), true)
        .await
        .unwrap();
    let instances = [&a, &b];

    // The patient redeems the invitation on A; the session cookie is good on both.
    let patient = app.client();
    let token = invitation_for(&app, world.case.id, Duration::hours(72))
        .await
        .unwrap();
    let redeemed = patient
        .post(a.url("/api/patient/invitations/redeem"))
        .json(&json!({"token": token, "password": PATIENT_PASSWORD, "lang": "ja"}))
        .send()
        .await
        .unwrap();
    assert_eq!(redeemed.status(), 200);

    // Reports alternate between the instances; each is resent to the other one, as a phone
    // whose answer was lost does through the load balancer.
    let path = format!("/api/patient/cases/{}/reports", world.case.id);
    for (n, (temperature, spo2)) in [(36.8, 97), (38.2, 95), (39.4, 91)].into_iter().enumerate() {
        let body = report_body(temperature, Some(spo2));
        let (first, other) = (instances[n % 2], instances[(n + 1) % 2]);
        let stored = patient
            .post(first.url(&path))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(stored.status(), 201);
        let stored: ReportView = stored.json().await.unwrap();
        let resent = patient
            .post(other.url(&path))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(
            resent.status(),
            200,
            "the resend is answered from the store"
        );
        let resent: ReportView = resent.json().await.unwrap();
        assert_eq!(resent.id, stored.id);
    }
    // Then the patient changes the reminder window and subscribes the phone on B. (Subscribed
    // only now that today is reported: the tick has no reminder for this patient.)
    let preferences = patient
        .put(b.url("/api/patient/preferences"))
        .json(&json!({"enabled": true, "window_start": "07:00", "window_end": "09:00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(preferences.status(), 200);
    let subscribed = patient
        .post(b.url("/api/patient/push/subscriptions"))
        .json(&json!({
            "endpoint": service.endpoint("patient"),
            "keys": {"p256dh": browser.p256dh(), "auth": browser.auth_b64()},
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(subscribed.status(), 201);
    let stored = health_report::Entity::find()
        .filter(health_report::Column::CaseId.eq(world.case.id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(stored, 3, "three reports, each stored once");

    // The nurse signs in on B and works on A: the red report is on her list there.
    let nurse = app.client();
    let signed_in = nurse
        .post(b.url("/api/staff/session"))
        .json(&sign_in_request(&app, &world.nurse_a).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200);
    let list: WorkList = nurse
        .get(a.url("/api/staff/worklist"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.counts.red, 1, "{:?}", list.counts);
    let reviewed = nurse
        .post(a.url(&format!("/api/staff/cases/{}/reviews", world.case.id)))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(reviewed.status(), 200);
    let reviewed: ReviewView = reviewed.json().await.unwrap();
    assert!(reviewed.reviewed >= 1, "{reviewed:?}");
    let message = nurse
        .post(b.url(&format!("/api/staff/cases/{}/messages", world.case.id)))
        .json(&json!({"body": "お電話します"}))
        .send()
        .await
        .unwrap();
    assert_eq!(message.status(), 201);
    // The doctor signs in on A and extends the follow-up on B: the patient's phone is told once.
    let doctor = app.client();
    let signed_in = doctor
        .post(a.url("/api/staff/session"))
        .json(&sign_in_request(&app, &world.doctor_a).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200);
    let extended = doctor
        .post(b.url(&format!("/api/staff/cases/{}/extend", world.case.id)))
        .json(&json!({"days": 3, "reason": "熱が続いている"}))
        .send()
        .await
        .unwrap();
    assert_eq!(extended.status(), 200);

    // The next minute's tick fires in both instances; both senders drain the outbox.
    let expected = SILENT + 1;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
    while service.received().len() < expected && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    // Time for a second send of anything, should either instance make one.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let pushes = pushes_by_device(&service);
    assert_eq!(pushes.len(), expected, "{pushes:?}");
    assert!(pushes.values().all(|&count| count == 1), "{pushes:?}");
    let reminders_sent = delivery::Entity::find()
        .filter(delivery::Column::Status.eq("sent"))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|row| row.purpose == Purpose::Reminder)
        .count();
    assert_eq!(reminders_sent, SILENT);
    let timeline = case_event::Entity::find()
        .filter(case_event::Column::Kind.eq("reminder"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(timeline, SILENT as u64, "one timeline entry per reminder");

    // Signing out on A ends the session on B too.
    let signed_out = nurse
        .delete(a.url("/api/staff/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_out.status(), 204);
    let after = nurse
        .get(b.url("/api/staff/worklist"))
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 401);

    a.stop().await.unwrap();
    b.stop().await.unwrap();
    let (ok, printed) = run_command(&app, &["audit", "verify"]).await.unwrap();
    assert!(ok && printed.contains("audit log intact"), "{printed}");
}
