//! Push endpoints cannot reach inside (docs/security.md "Limits"): with the production rule (no
//! `MIMAMORI_PUSH_ALLOW_LOCAL`), a subscription must be https to a push service on the allow-list
//! whose addresses are public, checked again at every connection; an account keeps its five newest
//! subscriptions.

use super::problem;
use mimamori_server::entities::push_subscription;
use mimamori_server::limits::LimitSettings;
use mimamori_server::notify::push::{PushMessage, PushOutcome, PushSender};
use mimamori_server::notify::push_endpoint::EndpointPolicy;
use mimamori_server::services::push::{endpoint_index, open_subscription, seal_subscription};
use mimamori_tests::fixtures::{World, patient_client};
use mimamori_tests::{Options, TestApp, test_limits};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

/// A browser's push keys (a valid P-256 point and a 16-byte secret).
const P256DH: &str =
    "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM";
const AUTH: &str = "tBHItJI5svbpez7KI4CCXg";

/// A server with the production rule for push endpoints and the given allow-list.
async fn strict(push_hosts: &[&str]) -> TestApp {
    TestApp::spawn_with(Options {
        limits: Some(LimitSettings {
            push_allow_local: false,
            push_hosts: push_hosts.iter().map(|h| (*h).to_owned()).collect(),
            ..test_limits()
        }),
        ..Options::default()
    })
    .await
    .unwrap()
}

async fn subscribe(app: &TestApp, patient: &reqwest::Client, endpoint: &str) -> reqwest::Response {
    patient
        .post(app.url("/api/patient/push/subscriptions"))
        .json(&json!({"endpoint": endpoint, "keys": {"p256dh": P256DH, "auth": AUTH}}))
        .send()
        .await
        .unwrap()
}

async fn refused(response: reqwest::Response) {
    assert_eq!(response.status(), 422);
    let problem = problem(response).await;
    assert_eq!(
        problem.field("endpoint").map(|f| f.code.as_str()),
        Some("not_allowed")
    );
}

#[tokio::test]
async fn endpoints_inside_the_network_are_refused() {
    let app = strict(&["*"]).await;
    let world = World::create(&app).await.unwrap();
    let patient = patient_client(&app, world.case.id).await.unwrap();
    for endpoint in [
        "http://127.0.0.1.nip.io:6379/x",
        "http://10.0.0.1/x",
        "https://10.0.0.1/x",
        "https://[::1]/x",
        "https://169.254.169.254/latest/meta-data",
        // A name: refused for what it resolves to (127.0.0.1), not for its spelling.
        "https://localhost:6379/x",
    ] {
        refused(subscribe(&app, &patient, endpoint).await).await;
    }
    // A public address passes (nothing is sent to it here).
    assert_eq!(
        subscribe(&app, &patient, "https://142.250.196.106/fcm/send/x")
            .await
            .status(),
        201
    );
    let stored = push_subscription::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1, "nothing refused was stored");
}

#[tokio::test]
async fn only_push_services_on_the_allow_list_are_accepted() {
    let app = TestApp::spawn_with(Options {
        limits: Some(LimitSettings {
            push_allow_local: false,
            ..test_limits()
        }),
        ..Options::default()
    })
    .await
    .unwrap();
    let world = World::create(&app).await.unwrap();
    let patient = patient_client(&app, world.case.id).await.unwrap();
    // The default allow-list: the browsers' push services, not any public host.
    refused(subscribe(&app, &patient, "https://142.250.196.106/fcm/send/x").await).await;
    refused(subscribe(&app, &patient, "https://push.example.com/x").await).await;
    refused(subscribe(&app, &patient, "http://fcm.googleapis.com/fcm/send/x").await).await;
}

#[tokio::test]
async fn the_sixth_subscription_drops_the_first() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let patient = patient_client(&app, world.case.id).await.unwrap();
    let endpoint = |n: usize| format!("https://push.example/device-{n}");
    for n in 1..=6 {
        assert_eq!(subscribe(&app, &patient, &endpoint(n)).await.status(), 201);
        app.advance(chrono::Duration::seconds(1));
    }
    let stored = push_subscription::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(stored.len(), 5);
    let kept: Vec<String> = stored
        .iter()
        .map(|row| open_subscription(&app.keys, row).unwrap().endpoint)
        .collect();
    assert!(!kept.contains(&endpoint(1)), "the oldest went: {kept:?}");
    assert!(kept.contains(&endpoint(6)));
}

/// A subscription stored before the rule (or made while local endpoints were allowed) is not
/// sent to, and a name is resolved again at the connection: one that resolves inside is never
/// connected to, whatever it resolved to before (DNS rebinding).
#[tokio::test]
async fn the_sender_checks_again_when_it_connects() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let account_id = {
        patient_client(&app, world.case.id).await.unwrap();
        mimamori_server::entities::patient_account::Entity::find()
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .id
    };
    let strict = EndpointPolicy::new(&["localhost".to_owned(), "127.0.0.1".to_owned()], false);
    let sender = PushSender::from_db(
        &app.db,
        &app.keys,
        app.now(),
        "mailto:test@example.jp",
        strict,
    )
    .await
    .unwrap();
    let message = PushMessage {
        title: "t".into(),
        body: "b".into(),
        url: None,
        tag: None,
        lang: None,
    };
    for endpoint in [
        format!("https://localhost:{port}/x"),
        format!("https://127.0.0.1:{port}/x"),
        format!("http://127.0.0.1:{port}/x"),
    ] {
        let stored = seal_subscription(&app.keys, &endpoint, P256DH, AUTH);
        mimamori_server::db::push::new_row(account_id, stored, app.now())
            .insert(&app.db)
            .await
            .unwrap();
        let row = push_subscription::Entity::find()
            .filter(
                push_subscription::Column::EndpointIndex.eq(endpoint_index(&app.keys, &endpoint)),
            )
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let opened = open_subscription(&app.keys, &row).unwrap();
        let outcome = sender.send(&opened, &message, Default::default()).await;
        assert!(
            matches!(outcome, PushOutcome::Failed(_)),
            "{endpoint}: {outcome:?}"
        );
    }
    let connected =
        tokio::time::timeout(std::time::Duration::from_millis(300), listener.accept()).await;
    assert!(connected.is_err(), "no connection reached the inside");
}
