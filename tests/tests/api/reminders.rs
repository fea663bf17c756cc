//! Reminders and the automatic end of follow-up, driven by the manual clock: the scheduler runs
//! as the minute tick would ([`TestApp::tick`]), the outbox is sent to a local push service that
//! checks the VAPID JWT and decrypts what it receives, and to the outbox folder for e-mail.

use axum::http::StatusCode;
use chrono::{DateTime, TimeZone, Utc};
use mimamori_server::entities::{case_event, delivery, patient_case, push_subscription};
use mimamori_shared::api::reports::{CreateReport, EnteredBy};
use mimamori_shared::i18n::Lang;
use mimamori_shared::i18n::patient_notices::{self, Notice};
use mimamori_shared::ids::CaseId;
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{World, patient_client, report_body};
use mimamori_tests::push_service::{Browser, PushService, subscribe, verify_vapid};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::{Value, json};

/// `hour:minute` on 2026-11-`day` in Tokyo.
fn tokyo(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    chrono_tz::Asia::Tokyo
        .with_ymd_and_hms(2026, 11, day, hour, minute, 0)
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

/// A world whose patient is enrolled and subscribed to `service` from one browser.
struct Subscribed {
    world: World,
    client: reqwest::Client,
    browser: Browser,
    vapid_key: String,
}

async fn subscribed(app: &TestApp, service: &PushService) -> Subscribed {
    let world = World::create(app).await.unwrap();
    let client = patient_client(app, world.case.id).await.unwrap();
    let browser = Browser::new();
    let vapid_key = subscribe(app, &client, &service.endpoint("device-1"), &browser)
        .await
        .unwrap();
    Subscribed {
        world,
        client,
        browser,
        vapid_key,
    }
}

/// The decrypted payloads received so far, checking each request's VAPID signature.
fn pushes(service: &PushService, subscribed: &Subscribed) -> Vec<Value> {
    service
        .received()
        .iter()
        .map(|request| {
            let authorization = request.headers["authorization"].to_str().unwrap();
            let claims = verify_vapid(authorization, &subscribed.vapid_key);
            assert_eq!(claims["aud"], service.origin);
            assert_eq!(request.headers["content-encoding"], "aes128gcm");
            assert!(request.headers.contains_key("ttl"));
            serde_json::from_slice(&subscribed.browser.decrypt(&request.body).unwrap()).unwrap()
        })
        .collect()
}

/// The reminder entries of a case's timeline, oldest first: their outcomes.
async fn reminder_outcomes(app: &TestApp, case_id: i64) -> Vec<String> {
    case_event::Entity::find()
        .filter(case_event::Column::CaseId.eq(case_id))
        .filter(case_event::Column::Kind.eq("reminder"))
        .order_by_asc(case_event::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|event| event.outcome)
        .collect()
}

async fn tick_at(app: &TestApp, at: DateTime<Utc>) {
    app.clock.set(at);
    app.tick().await.unwrap();
}

#[tokio::test]
async fn reminders_come_in_the_window_once_then_a_second_nudge_and_stop_when_reported() {
    let app = TestApp::spawn().await.unwrap();
    let service = PushService::start(StatusCode::CREATED).await.unwrap();
    let patient = subscribed(&app, &service).await;
    let ja = |notice| patient_notices::text(Lang::Ja, notice);

    // Before the window (08:00–10:00 by default): nothing.
    tick_at(&app, tokyo(24, 7, 59)).await;
    assert!(service.received().is_empty());

    // The window opens: one reminder, in Japanese, decryptable by the browser.
    tick_at(&app, tokyo(24, 8, 0)).await;
    let received = pushes(&service, &patient);
    assert_eq!(received.len(), 1);
    assert_eq!(received[0]["title"], ja(Notice::Reminder).title);
    assert_eq!(received[0]["tag"], "mimamori-reminder");
    assert_eq!(received[0]["lang"], "ja");

    // Ticks in between, and the same tick again, send nothing more.
    tick_at(&app, tokyo(24, 8, 1)).await;
    tick_at(&app, tokyo(24, 8, 59)).await;
    app.tick().await.unwrap();
    assert_eq!(service.received().len(), 1);

    // An hour later, still silent: the second nudge, once.
    tick_at(&app, tokyo(24, 9, 0)).await;
    tick_at(&app, tokyo(24, 9, 30)).await;
    let received = pushes(&service, &patient);
    assert_eq!(received.len(), 2);
    assert_eq!(received[1]["title"], ja(Notice::SecondReminder).title);
    assert_eq!(
        reminder_outcomes(&app, patient.world.case.id).await,
        ["sent_push", "sent_push"]
    );

    // The next morning the patient reports before the window: no reminder that day.
    app.clock.set(tokyo(25, 7, 30));
    let response = patient
        .client
        .post(app.url(&format!(
            "/api/patient/cases/{}/reports",
            patient.world.case.id
        )))
        .json(&report_body(36.8, Some(98)))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    for at in [tokyo(25, 8, 0), tokyo(25, 9, 0), tokyo(25, 9, 59)] {
        tick_at(&app, at).await;
    }
    assert_eq!(service.received().len(), 2);
}

#[tokio::test]
async fn the_day_begins_at_midnight_in_tokyo_not_utc() {
    let app = TestApp::spawn().await.unwrap();
    let service = PushService::start(StatusCode::CREATED).await.unwrap();
    let patient = subscribed(&app, &service).await;

    // A report at 23:30 on the 24th in Tokyo (14:30 UTC) is the 24th's.
    app.clock.set(tokyo(24, 23, 30));
    let response = patient
        .client
        .post(app.url(&format!(
            "/api/patient/cases/{}/reports",
            patient.world.case.id
        )))
        .json(&report_body(36.8, Some(98)))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());

    // 08:00 on the 25th in Tokyo is still the 24th in UTC; the 25th is unreported there.
    let at = tokyo(25, 8, 0);
    assert_eq!(at.date_naive().to_string(), "2026-11-24");
    tick_at(&app, at).await;
    assert_eq!(pushes(&service, &patient).len(), 1);
}

#[tokio::test]
async fn nothing_in_quiet_hours_and_the_reminder_waits_for_them_to_end() {
    let app = TestApp::spawn().await.unwrap();
    let service = PushService::start(StatusCode::CREATED).await.unwrap();
    let patient = subscribed(&app, &service).await;
    // The patient wants reminders from 06:00; the organisation is quiet until 08:00.
    let response = patient
        .client
        .put(app.url("/api/patient/preferences"))
        .json(&json!({"enabled": true, "window_start": "06:00", "window_end": "10:00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    for at in [tokyo(24, 6, 0), tokyo(24, 7, 0), tokyo(24, 7, 59)] {
        tick_at(&app, at).await;
    }
    assert!(service.received().is_empty(), "nothing before 08:00");
    tick_at(&app, tokyo(24, 8, 0)).await;
    assert_eq!(service.received().len(), 1);
}

#[tokio::test]
async fn no_reminder_after_the_follow_up_ended_or_while_hospitalised() {
    let app = TestApp::spawn().await.unwrap();
    let service = PushService::start(StatusCode::CREATED).await.unwrap();
    let patient = subscribed(&app, &service).await;
    let second = mimamori_tests::fixtures::add_case(
        &app,
        patient.world.health_centre_id,
        patient.world.org_a,
        "T-0002",
    )
    .await
    .unwrap();
    let second_client = patient_client(&app, second.id).await.unwrap();
    let second_browser = Browser::new();
    subscribe(
        &app,
        &second_client,
        &service.endpoint("device-2"),
        &second_browser,
    )
    .await
    .unwrap();

    // The first case is ended by the doctor; the second is paused in hospital.
    let doctor = mimamori_tests::fixtures::staff_client(&app, &patient.world.doctor_a)
        .await
        .unwrap();
    let response = doctor
        .post(app.url(&format!("/api/staff/cases/{}/end", patient.world.case.id)))
        .json(&json!({"reason": "other", "note": ""}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let mut paused = patient_case::Entity::find_by_id(second.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    paused.status = Set(mimamori_shared::api::cases::CaseStatus::Hospitalised);
    paused.update(&app.db).await.unwrap();

    for at in [tokyo(24, 8, 0), tokyo(24, 9, 0)] {
        tick_at(&app, at).await;
    }
    assert!(service.received().is_empty());
}

#[tokio::test]
async fn a_gone_subscription_is_removed_and_the_reminder_goes_by_e_mail() {
    let app = TestApp::spawn().await.unwrap();
    let service = PushService::start(StatusCode::GONE).await.unwrap();
    let patient = subscribed(&app, &service).await;
    mimamori_tests::fixtures::change_personal(&app, patient.world.case.id, |personal| {
        personal.email = Some("patient@example.jp".to_owned());
    })
    .await
    .unwrap();

    tick_at(&app, tokyo(24, 8, 0)).await;
    assert_eq!(service.received().len(), 1, "the push was tried");
    let left = push_subscription::Entity::find()
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(
        left, 0,
        "the push service said 410: the subscription is removed"
    );
    let mails = app.outbox_mails();
    assert_eq!(mails.len(), 1);
    let raw = std::fs::read(&mails[0]).unwrap();
    let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
    assert_eq!(
        message.subject().unwrap(),
        patient_notices::text(Lang::Ja, Notice::Reminder).title
    );
    assert_eq!(
        message.to().unwrap().first().unwrap().address().unwrap(),
        "patient@example.jp"
    );
    assert!(
        message
            .body_text(0)
            .unwrap()
            .contains(&app.config.public_url)
    );
    assert_eq!(
        reminder_outcomes(&app, patient.world.case.id).await,
        ["sent_email"]
    );
}

#[tokio::test]
async fn a_reminder_that_reaches_nobody_is_on_the_timeline_as_failed() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    // Enrolled, but no push subscription and no e-mail address.
    let _client = patient_client(&app, world.case.id).await.unwrap();
    tick_at(&app, tokyo(24, 8, 0)).await;
    assert_eq!(reminder_outcomes(&app, world.case.id).await, ["failed"]);
    let failed = delivery::Entity::find()
        .filter(delivery::Column::Status.eq("failed"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(failed, 1);
}

#[tokio::test]
async fn a_push_service_that_fails_is_tried_again_later_then_succeeds_once() {
    let app = TestApp::spawn().await.unwrap();
    let service = PushService::start(StatusCode::SERVICE_UNAVAILABLE)
        .await
        .unwrap();
    let patient = subscribed(&app, &service).await;

    tick_at(&app, tokyo(24, 8, 0)).await;
    assert_eq!(service.received().len(), 1);
    assert!(
        reminder_outcomes(&app, patient.world.case.id)
            .await
            .is_empty()
    );

    // Back up; the retry is due a minute later.
    service.answer(StatusCode::CREATED);
    tick_at(&app, tokyo(24, 8, 1)).await;
    tick_at(&app, tokyo(24, 8, 5)).await;
    assert_eq!(service.received().len(), 2);
    assert_eq!(
        reminder_outcomes(&app, patient.world.case.id).await,
        ["sent_push"]
    );
}

#[tokio::test]
async fn follow_up_ends_by_itself_after_the_period_and_the_patient_is_told_once() {
    let app = TestApp::spawn().await.unwrap();
    let service = PushService::start(StatusCode::CREATED).await.unwrap();
    let patient = subscribed(&app, &service).await;
    let end = patient.world.case.followup_end;
    assert_eq!(end.to_string(), "2026-12-01");

    // The last day of the period: still under follow-up at 23:59 in Tokyo.
    app.clock.set(
        chrono_tz::Asia::Tokyo
            .with_ymd_and_hms(2026, 12, 1, 23, 59, 0)
            .single()
            .unwrap()
            .with_timezone(&Utc),
    );
    let (summary, _) = app.tick().await.unwrap();
    assert_eq!(summary.ended, 0);
    // A calm report that evening: nothing for the review gate to hold (docs/triage.md).
    let (key, calm) = CreateReport {
        idempotency_key: Some(uuid::Uuid::new_v4()),
        temperature_c: Some(36.5),
        spo2: Some(98),
        ..Default::default()
    }
    .validate()
    .unwrap();
    mimamori_server::services::reports::store(
        &app.db,
        &app.keys,
        CaseId(patient.world.case.id),
        key.to_string(),
        &calm,
        app.now(),
        EnteredBy::Patient,
    )
    .await
    .unwrap();

    // Midnight in Tokyo: it ends, and the patient hears of it.
    app.clock.set(
        chrono_tz::Asia::Tokyo
            .with_ymd_and_hms(2026, 12, 2, 0, 0, 0)
            .single()
            .unwrap()
            .with_timezone(&Utc),
    );
    let (summary, _) = app.tick().await.unwrap();
    assert_eq!(summary.ended, 1);
    let (again, _) = app.tick().await.unwrap();
    assert_eq!(again.ended, 0);

    let case = patient_case::Entity::find_by_id(patient.world.case.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(case.status, mimamori_shared::api::cases::CaseStatus::Ended);
    assert_eq!(
        case.end_reason.map(|r| r.as_str()),
        Some("period_completed")
    );
    let ended_events = case_event::Entity::find()
        .filter(case_event::Column::CaseId.eq(case.id))
        .filter(case_event::Column::Kind.eq("ended"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(ended_events, 1);
    let received = pushes(&service, &patient);
    assert_eq!(received.len(), 1);
    assert_eq!(
        received[0]["title"],
        patient_notices::text(Lang::Ja, Notice::FollowupEnded).title
    );
    // And no reminder for an ended case that morning.
    tick_at(
        &app,
        chrono_tz::Asia::Tokyo
            .with_ymd_and_hms(2026, 12, 2, 8, 0, 0)
            .single()
            .unwrap()
            .with_timezone(&Utc),
    )
    .await;
    assert_eq!(service.received().len(), 1);
}
