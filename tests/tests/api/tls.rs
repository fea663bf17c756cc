//! TLS served by the server itself (docs/operations.md, step 4 "TLS, one of two ways"): over real
//! TLS with a private CA, answers carry HSTS and session cookies are `Secure` `__Host-` cookies
//! that the server reads back; TLS 1.1 is refused and 1.2 accepted; a plain-http request on the TLS
//! port gets no answer; SIGHUP makes the real `mimamori serve` take up a renewed certificate; and a
//! missing key stops the start with the setting named.

use mimamori_server::config::Config;
use mimamori_server::startup::{Application, HSTS};
use mimamori_server::tls::TlsFiles;
use mimamori_shared::api::auth::StaffMe;
use mimamori_tests::fixtures::{World, sign_in_request};
use mimamori_tests::serve_process::{ServeProcess, free_port};
use mimamori_tests::tls_certs::TestCertificates;
use mimamori_tests::{Options, TestApp};
use secrecy::SecretString;
use std::path::PathBuf;

/// A temporary folder for keys and certificates, removed even when the test fails.
struct Folder(PathBuf);

impl Folder {
    fn new() -> Self {
        Self(std::env::temp_dir().join(format!("mimamori-tls-{}", uuid::Uuid::new_v4().simple())))
    }
}

impl std::ops::Deref for Folder {
    type Target = PathBuf;
    fn deref(&self) -> &PathBuf {
        &self.0
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

async fn tls_app(certificates: &TestCertificates) -> TestApp {
    TestApp::spawn_with(Options {
        tls: Some(certificates.files.clone()),
        ..Options::default()
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn over_tls_answers_carry_hsts_and_sessions_are_secure_host_cookies() {
    let dir = Folder::new();
    let certificates = TestCertificates::create(&dir, "Mimamori test CA", "server").unwrap();
    let app = tls_app(&certificates).await;
    assert!(app.base_url.starts_with("https://localhost:"));
    let world = World::create(&app).await.unwrap();
    let client = certificates.client().unwrap();

    let ready = client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    assert_eq!(ready.headers()["strict-transport-security"], HSTS);

    let signed_in = client
        .post(app.url("/api/staff/session"))
        .json(&sign_in_request(&app, &world.nurse_a).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200);
    let cookie = signed_in.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("__Host-mimamori_staff="), "{cookie}");
    for attribute in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attribute), "{attribute}: {cookie}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
    let me: StaffMe = client
        .get(app.url("/api/staff/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me.login_id, world.nurse_a.login_id);
    // The cookie's plain name means nothing over TLS.
    let token = cookie
        .split(';')
        .next()
        .and_then(|pair| pair.split_once('='))
        .map(|(_, value)| value.to_owned())
        .unwrap();
    let plain_name = reqwest::Client::builder()
        .add_root_certificate(
            reqwest::Certificate::from_pem(certificates.ca_pem.as_bytes()).unwrap(),
        )
        .build()
        .unwrap()
        .get(app.url("/api/staff/me"))
        .header("cookie", format!("mimamori_staff={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(plain_name.status(), 401);

    // Plain HTTP on the TLS port is not served.
    let plain = reqwest::Client::new()
        .get(app.url("/readyz").replace("https://", "http://"))
        .timeout(std::time::Duration::from_secs(5))
        .send()
        .await;
    assert!(
        plain.as_ref().map_or(true, |r| !r.status().is_success()),
        "{plain:?}"
    );

    // HTTP/2 (which browsers choose over TLS) names the host in `:authority`, not `Host`: a
    // same-origin write must still pass the cross-origin check, and another origin must not.
    let origin = app.base_url.clone();
    let (same, printed) = curl_http2_post(&app, &certificates, &origin).await;
    // 400: the handler's answer to the missing body; the cross-origin check would say 403.
    assert_eq!(
        same, "400",
        "a same-origin POST over HTTP/2 reaches the handler: {printed}"
    );
    let (other, printed) = curl_http2_post(&app, &certificates, "https://evil.example").await;
    assert_eq!(other, "403", "{printed}");
    drop(app);
}

/// POSTs a sign-in without a body over HTTP/2 with `origin` (curl); answers the status and what
/// curl printed.
async fn curl_http2_post(
    app: &TestApp,
    certificates: &TestCertificates,
    origin: &str,
) -> (String, String) {
    let ca = certificates.files.cert.with_file_name("ca-for-curl.pem");
    std::fs::write(&ca, &certificates.ca_pem).unwrap();
    let output = tokio::process::Command::new("curl")
        .args(["--silent", "--show-error", "--http2", "--cacert"])
        .arg(&ca)
        .args([
            "--output",
            "/dev/null",
            "--write-out",
            "%{http_version} %{http_code}",
            "--request",
            "POST",
            "--header",
            "content-type: application/json",
            "--header",
            &format!("origin: {origin}"),
            // No body: the request ends with its headers, so a refusal that never reads a body
            // cannot race curl still sending one (a stream reset curl reports as an error).
            &app.url("/api/staff/session"),
        ])
        .output()
        .await
        .expect("curl runs");
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let (version, status) = printed.trim().split_once(' ').unwrap_or_default();
    assert_eq!(version, "2", "curl spoke HTTP/2: {printed}");
    (status.to_owned(), printed)
}

/// What `openssl s_client` makes of a handshake limited to `version`: whether it completed.
/// (Run without blocking: the server under test shares this test's runtime thread.)
async fn handshake_with(port: u16, version: &str) -> (bool, String) {
    let output = tokio::process::Command::new("openssl")
        .args([
            "s_client",
            "-connect",
            &format!("127.0.0.1:{port}"),
            "-servername",
            "localhost",
            version,
            // The client side allows old versions, so a refusal is the server's.
            "-cipher",
            "DEFAULT:@SECLEVEL=0",
        ])
        .stdin(std::process::Stdio::null())
        .output()
        .await
        .expect("openssl (Debian's openssl package) runs");
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (
        printed.contains("Cipher is ") && !printed.contains("Cipher is (NONE)"),
        printed,
    )
}

#[tokio::test]
async fn tls_below_1_2_is_refused() {
    let dir = Folder::new();
    let certificates = TestCertificates::create(&dir, "Mimamori test CA", "server").unwrap();
    let app = tls_app(&certificates).await;
    let port: u16 = app.base_url.rsplit(':').next().unwrap().parse().unwrap();
    let (old, printed) = handshake_with(port, "-tls1_1").await;
    assert!(!old, "TLS 1.1 completed: {printed}");
    let (current, printed) = handshake_with(port, "-tls1_2").await;
    assert!(current, "TLS 1.2 failed: {printed}");
    drop(app);
}

#[tokio::test]
async fn sighup_takes_up_a_renewed_certificate() {
    let dir = Folder::new();
    let first = TestCertificates::create(&dir, "First CA", "server").unwrap();
    let app = TestApp::spawn().await.unwrap();
    let server = ServeProcess::start_tls(&app, free_port().unwrap(), &first)
        .await
        .unwrap();
    let trusting_first = first.client().unwrap();
    let status = trusting_first
        .get(server.url("/readyz"))
        .send()
        .await
        .unwrap();
    assert_eq!(status.status(), 200);

    // The renewal: new files in the same places (certbot's deploy hook), then a reload.
    let renewed = TestCertificates::create(&dir, "Second CA", "renewed").unwrap();
    std::fs::rename(&renewed.files.cert, &first.files.cert).unwrap();
    std::fs::rename(&renewed.files.key, &first.files.key).unwrap();
    let trusting_second = renewed.client().unwrap();
    server.hangup().await.unwrap();
    let mut reloaded = false;
    for _ in 0..50 {
        if trusting_second
            .get(server.url("/readyz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            reloaded = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(reloaded, "the renewed certificate is served after SIGHUP");
    // A fresh client that trusts only the old CA no longer gets through.
    let old_only = first.client().unwrap();
    assert!(old_only.get(server.url("/readyz")).send().await.is_err());
    server.stop().await.unwrap();
}

#[tokio::test]
async fn sighup_without_tls_is_harmless() {
    // Behind a proxy there is nothing to reload, and `systemctl reload` must not stop it.
    let app = TestApp::spawn().await.unwrap();
    let server = ServeProcess::start(&app, free_port().unwrap(), false)
        .await
        .unwrap();
    server.hangup().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let ready = reqwest::get(server.url("/readyz")).await.unwrap();
    assert_eq!(ready.status(), 200);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn a_missing_key_or_half_a_tls_setting_stops_the_start_naming_it() {
    let dir = Folder::new();
    let certificates = TestCertificates::create(&dir, "Mimamori test CA", "server").unwrap();
    let base = Config {
        bind: "127.0.0.1:0".parse().unwrap(),
        metrics_addr: "127.0.0.1:0".parse().unwrap(),
        database_url: SecretString::from(format!(
            "sqlite://{}/never-created.db?mode=rwc",
            dir.display()
        )),
        ..Config::default()
    };
    let missing_key = Config {
        tls_cert: Some(certificates.files.cert.clone()),
        tls_key: Some(dir.join("no-such.key")),
        ..base.clone()
    };
    let refused = Application::build(missing_key).await.unwrap_err();
    let message = format!("{refused:#}");
    assert!(message.contains("MIMAMORI_TLS_KEY"), "{message}");
    assert!(message.contains("no-such.key"), "{message}");
    let half = Config {
        tls_cert: Some(certificates.files.cert.clone()),
        ..base.clone()
    };
    let refused = Application::build(half).await.unwrap_err();
    assert!(
        format!("{refused:#}").contains("without MIMAMORI_TLS_KEY"),
        "{refused:#}"
    );
    assert!(
        !dir.join("never-created.db").exists(),
        "refused before the database is opened"
    );
    let files = TlsFiles {
        cert: certificates.files.cert.clone(),
        key: certificates.files.key.clone(),
    };
    assert!(mimamori_server::tls::load(&files).await.is_ok());
}
