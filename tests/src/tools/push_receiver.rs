//! An independent web push client for the demo: it plays a browser and a push service at once.
//! It makes a key pair and auth secret as a browser does, subscribes the patient account of a
//! case to a push service it runs itself on 127.0.0.1, and prints every message that arrives,
//! after checking its VAPID signature and decrypting it (RFC 8291/8292) — what a phone would
//! show. Run the scheduler in another terminal (`mimamori scheduler run --at …`) to make some.
//!
//! ```text
//! push_receiver --database-url sqlite://data/mimamori.db --case DEMO-0003
//! ```
//!
//! The case must be enrolled (its invitation redeemed). Stop with Ctrl-C; the subscription is
//! removed then.

use anyhow::{Context, bail};
use axum::http::StatusCode;
use mimamori_server::config::Config;
use mimamori_server::entities::{patient_account_case, patient_case};
use mimamori_server::startup;
use mimamori_tests::push_service::{Browser, PushService, verify_vapid};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use secrecy::SecretString;
use std::time::Duration;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (mut database_url, mut case_number) = (String::new(), String::new());
    while let Some(flag) = args.next() {
        let mut value = || args.next().with_context(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--database-url" => database_url = value()?,
            "--case" => case_number = value()?,
            other => bail!("unknown argument {other}"),
        }
    }
    if database_url.is_empty() || case_number.is_empty() {
        bail!("usage: push_receiver --database-url URL --case CASE-NUMBER");
    }
    let config = Config {
        database_url: SecretString::from(database_url),
        key_file: std::env::var_os("MIMAMORI_KEY_FILE")
            .map_or_else(|| Config::default().key_file, std::path::PathBuf::from),
        ..Config::default()
    };
    // The demo's key file (MIMAMORI_KEY_FILE, default data/mimamori.key) opens its database.
    let store = startup::open_store(&config, chrono::Utc::now()).await?;
    let db = store.db.clone();
    let case = patient_case::Entity::find()
        .filter(patient_case::Column::CaseNumber.eq(&case_number))
        .one(&db)
        .await?
        .with_context(|| format!("no case {case_number}"))?;
    let link = patient_account_case::Entity::find()
        .filter(patient_account_case::Column::CaseId.eq(case.id))
        .one(&db)
        .await?
        .with_context(|| format!("{case_number} is not enrolled: redeem its invitation first"))?;

    let service = PushService::start(StatusCode::CREATED).await?;
    let browser = Browser::new();
    let endpoint = service.endpoint(&format!("demo-{}", uuid::Uuid::new_v4().simple()));
    let sealed = mimamori_server::services::push::seal_subscription(
        &store.keys,
        &endpoint,
        &browser.p256dh(),
        &browser.auth_b64(),
    );
    mimamori_server::db::push::upsert(&db, link.account_id, sealed, chrono::Utc::now()).await?;
    let vapid_key =
        mimamori_server::services::push::vapid_public_key(&db, &store.keys, chrono::Utc::now())
            .await
            .map_err(|error| anyhow::anyhow!("VAPID key: {error:?}"))?
            .public_key;
    println!("subscribed {case_number} at {endpoint}; waiting for pushes (Ctrl-C to stop)");

    let mut shown = 0;
    loop {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => break,
            () = tokio::time::sleep(Duration::from_millis(300)) => {}
        }
        for request in service.received().iter().skip(shown) {
            shown += 1;
            let authorization = request
                .headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            let claims = verify_vapid(authorization, &vapid_key);
            let body = browser.decrypt(&request.body)?;
            println!(
                "push {shown}: VAPID signature valid (aud {}, sub {}), TTL {}, urgency {}\n  {}",
                claims["aud"],
                claims["sub"],
                header(request, "ttl"),
                header(request, "urgency"),
                String::from_utf8_lossy(&body)
            );
        }
    }
    let index = mimamori_server::services::push::endpoint_index(&store.keys, &endpoint);
    mimamori_server::db::push::delete_endpoint(&db, &index).await?;
    println!("subscription removed");
    Ok(())
}

fn header<'a>(request: &'a mimamori_tests::push_service::Received, name: &str) -> &'a str {
    request
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
}
