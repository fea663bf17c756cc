//! Web push delivery against a local push service that does what a real one and the browser do:
//! checks the headers and the VAPID JWT (RFC 8292), and decrypts the aes128gcm body (RFC 8291)
//! with the subscription's private key.

use axum::http::{HeaderMap, StatusCode};
use mimamori_server::db;
use mimamori_server::entities::push_subscription;
use mimamori_server::notify::push::{
    Delivery, PushFailure, PushMessage, PushOutcome, PushSender, Urgency, contact_for,
};
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{World, patient_client};
use mimamori_tests::push_service::{
    Browser, PushService, subscribe as subscribe_device, verify_vapid,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

const CONTACT: &str = "https://mimamori.example.jp";

/// Subscribes a patient through the API (as the patient app does) and returns the stored row.
async fn subscribe(
    app: &TestApp,
    service: &PushService,
    browser: &Browser,
) -> (push_subscription::Model, String) {
    let world = World::create(app).await.unwrap();
    let client = patient_client(app, world.case.id).await.unwrap();
    let endpoint = format!("{}/push/v2/device-token", service.origin);
    let key = subscribe_device(app, &client, &endpoint, browser)
        .await
        .unwrap();
    let index = mimamori_server::services::push::endpoint_index(&app.keys, &endpoint);
    let stored = push_subscription::Entity::find()
        .filter(push_subscription::Column::EndpointIndex.eq(&index))
        .one(&app.db)
        .await
        .unwrap()
        .expect("subscription stored");
    assert!(!stored.endpoint.contains(&endpoint), "sealed at rest");
    let opened = mimamori_server::services::push::open_subscription(&app.keys, &stored).unwrap();
    assert_eq!(opened.endpoint, endpoint);
    (opened, key)
}

fn reminder() -> PushMessage {
    PushMessage {
        title: "みまもり 健康観察".into(),
        body: "今日の体調を報告してください。".into(),
        url: Some("/report".into()),
        tag: Some("mimamori-reminder".into()),
        lang: Some("ja".into()),
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .unwrap_or_else(|| panic!("{name} header"))
        .to_str()
        .unwrap()
}

/// A sender with the server's VAPID key that may post to the local push service.
async fn sender(app: &TestApp) -> PushSender {
    PushSender::from_db(
        &app.db,
        &app.keys,
        app.now(),
        contact_for(CONTACT),
        mimamori_server::notify::push_endpoint::EndpointPolicy::allow_local(),
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn a_reminder_reaches_the_push_service_signed_and_decryptable() {
    let app = TestApp::spawn().await.unwrap();
    let service = PushService::start(StatusCode::CREATED).await.unwrap();
    let browser = Browser::new();
    let (subscription, vapid_public_key) = subscribe(&app, &service, &browser).await;
    let sender = sender(&app).await;

    let delivery = Delivery {
        ttl_seconds: 3600,
        urgency: Urgency::High,
    };
    let outcome = sender.send(&subscription, &reminder(), delivery).await;
    assert_eq!(outcome, PushOutcome::Delivered);

    let received = service.received();
    assert_eq!(received.len(), 1);
    let request = &received[0];
    assert_eq!(header(&request.headers, "ttl"), "3600");
    assert_eq!(header(&request.headers, "urgency"), "high");
    assert_eq!(header(&request.headers, "content-encoding"), "aes128gcm");
    assert_eq!(
        header(&request.headers, "content-type"),
        "application/octet-stream"
    );

    let claims = verify_vapid(header(&request.headers, "authorization"), &vapid_public_key);
    assert_eq!(
        claims["aud"], service.origin,
        "the audience is the origin, port included"
    );
    assert_eq!(claims["sub"], CONTACT);
    // The push service checks `exp` against real time, not the application's clock.
    let now = chrono::Utc::now().timestamp();
    let exp = claims["exp"].as_i64().expect("numeric exp");
    assert!(
        exp > now && exp <= now + 24 * 3600,
        "exp within 24 h: {exp} vs {now}"
    );

    let payload: Value = serde_json::from_slice(&browser.decrypt(&request.body).unwrap()).unwrap();
    assert_eq!(
        payload,
        json!({
            "title": "みまもり 健康観察",
            "body": "今日の体調を報告してください。",
            "url": "/report",
            "tag": "mimamori-reminder",
            "lang": "ja",
        })
    );
}

#[tokio::test]
async fn a_gone_subscription_is_reported_and_deleted_by_the_caller() {
    let app = TestApp::spawn().await.unwrap();
    let service = PushService::start(StatusCode::GONE).await.unwrap();
    let browser = Browser::new();
    let (subscription, _) = subscribe(&app, &service, &browser).await;
    let sender = sender(&app).await;

    let outcome = sender
        .send(&subscription, &reminder(), Delivery::default())
        .await;
    assert_eq!(outcome, PushOutcome::Gone);
    assert_eq!(service.received().len(), 1);

    let index = subscription.endpoint_index.clone().unwrap();
    db::push::delete_endpoint(&app.db, &index).await.unwrap();
    let left = push_subscription::Entity::find()
        .filter(push_subscription::Column::EndpointIndex.eq(subscription.endpoint_index.clone()))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(left, 0, "the subscription row is gone");
}

#[tokio::test]
async fn a_server_error_is_a_retryable_failure_and_keeps_the_subscription() {
    let app = TestApp::spawn().await.unwrap();
    let service = PushService::start(StatusCode::INTERNAL_SERVER_ERROR)
        .await
        .unwrap();
    let browser = Browser::new();
    let (subscription, _) = subscribe(&app, &service, &browser).await;
    let sender = sender(&app).await;

    let outcome = sender
        .send(&subscription, &reminder(), Delivery::default())
        .await;
    let PushOutcome::Failed(failure) = outcome else {
        panic!("expected a failure, got {outcome:?}");
    };
    assert_eq!(
        failure,
        PushFailure::Status {
            status: 500,
            retry_after_seconds: None
        }
    );
    assert!(failure.is_retryable());
    let left = push_subscription::Entity::find()
        .filter(push_subscription::Column::EndpointIndex.eq(subscription.endpoint_index.clone()))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(left, 1, "a failure keeps the subscription");
}

#[tokio::test]
async fn an_unreachable_push_service_is_a_retryable_failure() {
    let app = TestApp::spawn().await.unwrap();
    // Bind then drop a listener: nothing answers on that port.
    let service = PushService::start(StatusCode::CREATED).await.unwrap();
    let browser = Browser::new();
    let (mut subscription, _) = subscribe(&app, &service, &browser).await;
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    subscription.endpoint = format!("http://{}/push/v2/x", closed.local_addr().unwrap());
    drop(closed);
    let sender = sender(&app).await;

    let outcome = sender
        .send(&subscription, &reminder(), Delivery::default())
        .await;
    assert_eq!(outcome, PushOutcome::Failed(PushFailure::Transport));
    assert!(PushFailure::Transport.is_retryable());
}
