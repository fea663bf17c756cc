//! A local web push service for tests and benchmarks, doing what a real one and the browser do:
//! it records each request (headers and body) and answers a chosen status; [`Browser`] holds a
//! subscription's key pair and auth secret and decrypts the aes128gcm body (RFC 8291) as the
//! browser would; [`verify_vapid`] checks the VAPID JWT (RFC 8292).

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::SecretKey;
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::elliptic_curve::rand_core::OsRng;
use p256::elliptic_curve::sec1::ToEncodedPoint;
use serde_json::Value;
use std::sync::atomic::{AtomicU16, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// What the push service received.
#[derive(Debug, Clone)]
pub struct Received {
    /// The request's path (which subscription).
    pub path: String,
    /// Request headers.
    pub headers: HeaderMap,
    /// The encrypted body.
    pub body: Bytes,
}

/// A push service on 127.0.0.1:0.
#[derive(Debug)]
pub struct PushService {
    /// `http://127.0.0.1:PORT`.
    pub origin: String,
    answer: AtomicU16,
    delay_ms: AtomicU64,
    keep: bool,
    count: AtomicU64,
    received: Mutex<Vec<Received>>,
}

impl PushService {
    /// Starts one that records every request and answers `answer`.
    pub async fn start(answer: StatusCode) -> anyhow::Result<Arc<Self>> {
        Self::start_with(answer, true).await
    }

    /// Starts one that only counts requests (for load: nothing is kept).
    pub async fn start_counting(answer: StatusCode) -> anyhow::Result<Arc<Self>> {
        Self::start_with(answer, false).await
    }

    async fn start_with(answer: StatusCode, keep: bool) -> anyhow::Result<Arc<Self>> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let origin = format!("http://{}", listener.local_addr()?);
        let service = Arc::new(Self {
            origin,
            answer: AtomicU16::new(answer.as_u16()),
            delay_ms: AtomicU64::new(0),
            keep,
            count: AtomicU64::new(0),
            received: Mutex::new(Vec::new()),
        });
        let router = Router::new()
            .fallback(
                |State(service): State<Arc<PushService>>,
                 uri: axum::http::Uri,
                 headers: HeaderMap,
                 body: Bytes| async move {
                    let delay = service.delay_ms.load(Ordering::Relaxed);
                    if delay > 0 {
                        tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
                    }
                    service.receive(uri.path(), headers, body)
                },
            )
            .with_state(service.clone());
        tokio::spawn(async move { axum::serve(listener, router).await });
        Ok(service)
    }

    fn receive(&self, path: &str, headers: HeaderMap, body: Bytes) -> StatusCode {
        self.count.fetch_add(1, Ordering::Relaxed);
        if self.keep {
            self.received
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(Received {
                    path: path.to_owned(),
                    headers,
                    body,
                });
        }
        StatusCode::from_u16(self.answer.load(Ordering::Relaxed))
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// From now on, answer `status`.
    pub fn answer(&self, status: StatusCode) {
        self.answer.store(status.as_u16(), Ordering::Relaxed);
    }

    /// From now on, answer each request after `millis` milliseconds (a slow push service).
    pub fn delay(&self, millis: u64) {
        self.delay_ms.store(millis, Ordering::Relaxed);
    }

    /// Everything received so far.
    pub fn received(&self) -> Vec<Received> {
        self.received
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// How many requests arrived.
    pub fn count(&self) -> u64 {
        self.count.load(Ordering::Relaxed)
    }

    /// An endpoint URL on this service for device `device`.
    pub fn endpoint(&self, device: &str) -> String {
        format!("{}/push/v2/{device}", self.origin)
    }
}

/// A browser's side of a subscription: its ECDH key pair and auth secret.
#[derive(Debug, Clone)]
pub struct Browser {
    secret: SecretKey,
    /// Uncompressed public point (the subscription's `p256dh`).
    pub public: Vec<u8>,
    /// The subscription's `auth` secret.
    pub auth: [u8; 16],
}

impl Default for Browser {
    fn default() -> Self {
        Self::new()
    }
}

impl Browser {
    /// A new key pair and auth secret, made as a browser makes them.
    pub fn new() -> Self {
        let secret = SecretKey::random(&mut OsRng);
        let public = secret
            .public_key()
            .to_encoded_point(false)
            .as_bytes()
            .to_vec();
        Self {
            secret,
            public,
            auth: rand::random(),
        }
    }

    /// `p256dh` as the subscription JSON carries it.
    pub fn p256dh(&self) -> String {
        URL_SAFE_NO_PAD.encode(&self.public)
    }

    /// `auth` as the subscription JSON carries it.
    pub fn auth_b64(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.auth)
    }

    /// Decrypts an aes128gcm push body.
    pub fn decrypt(&self, body: &[u8]) -> anyhow::Result<Vec<u8>> {
        let components =
            ece::EcKeyComponents::new(self.secret.to_bytes().to_vec(), self.public.clone());
        ece::decrypt(&components, &self.auth, body)
            .map_err(|error| anyhow::anyhow!("decrypting the push body: {error:?}"))
    }
}

/// Checks `Authorization: vapid t=<jwt>, k=<key>` as a push service does and returns the JWT's
/// claims; panics (failing the test) on anything wrong.
#[allow(clippy::unwrap_used, clippy::expect_used)]
pub fn verify_vapid(authorization: &str, expected_key: &str) -> Value {
    let rest = authorization.strip_prefix("vapid ").expect("vapid scheme");
    let (mut token, mut key) = (None, None);
    for part in rest.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => token = Some(value),
            Some(("k", value)) => key = Some(value),
            _ => panic!("unexpected part {part}"),
        }
    }
    let (token, key) = (token.expect("t="), key.expect("k="));
    assert_eq!(key, expected_key, "k is the server's VAPID public key");

    let segments: Vec<&str> = token.split('.').collect();
    assert_eq!(segments.len(), 3, "a JWS in compact form");
    let decode = |s: &str| URL_SAFE_NO_PAD.decode(s).unwrap();
    let header: Value = serde_json::from_slice(&decode(segments[0])).unwrap();
    assert_eq!(header["alg"], "ES256");
    let verifying = VerifyingKey::from_sec1_bytes(&decode(key)).unwrap();
    let signature = Signature::from_slice(&decode(segments[2])).expect("64-byte r||s");
    verifying
        .verify(
            format!("{}.{}", segments[0], segments[1]).as_bytes(),
            &signature,
        )
        .expect("the JWT is signed with the VAPID key");
    serde_json::from_slice(&decode(segments[1])).unwrap()
}

/// Subscribes the patient signed in on `client` to `endpoint` with `browser`'s keys, as the
/// patient app does, and returns the server's VAPID public key (what `k=` must carry).
pub async fn subscribe(
    app: &crate::TestApp,
    client: &reqwest::Client,
    endpoint: &str,
    browser: &Browser,
) -> anyhow::Result<String> {
    let response = client
        .post(app.url("/api/patient/push/subscriptions"))
        .json(&serde_json::json!({
            "endpoint": endpoint,
            "keys": {"p256dh": browser.p256dh(), "auth": browser.auth_b64()},
        }))
        .send()
        .await?;
    anyhow::ensure!(
        response.status() == 201,
        "subscribing answered {}",
        response.status()
    );
    let key: mimamori_shared::api::patient::VapidPublicKey = client
        .get(app.url("/api/patient/push/vapid-public-key"))
        .send()
        .await?
        .json()
        .await?;
    Ok(key.public_key)
}
