//! Browser tests: the built apps in Debian's headless Chromium, driven by playwright-core
//! (`tests/browser/*.mjs`), against a real server with a fresh database.
//!
//! They need the release bundle (`scripts/build-web.sh`) and the node modules
//! (`scripts/setup.sh`); `scripts/test.sh` provides both. Without them the test fails rather than
//! skipping, so a broken build cannot pass unnoticed.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers should fail loudly at the failing call"
)]

use mimamori_tests::fixtures::{STAFF_PASSWORD, World};
use mimamori_tests::{Options, TestApp, built_web_dir};
use serde_json::json;
use std::path::PathBuf;

fn browser_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/browser"))
}

async fn run_script(script: &str, parameters: serde_json::Value) {
    let web = built_web_dir();
    assert!(
        web.join("patient/index.html").exists() && web.join("staff/index.html").exists(),
        "the apps are not built: run scripts/build-web.sh (scripts/test.sh does)"
    );
    assert!(
        browser_dir().join("node_modules/playwright-core").exists(),
        "run scripts/setup.sh to install playwright-core"
    );
    let screenshots = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../target/browser-screenshots"
    ));
    let output = tokio::process::Command::new("node")
        .arg(browser_dir().join(script))
        .env("MIMAMORI_BROWSER_TEST", parameters.to_string())
        .env("MIMAMORI_SCREENSHOTS", screenshots)
        .output()
        .await
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{script} failed\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
}

#[tokio::test]
async fn red_report_from_the_phone_shows_flagged_only_to_its_organisation() {
    let app = TestApp::spawn_with(Options {
        system_clock: true,
        web_dir: Some(built_web_dir()),
    })
    .await
    .unwrap();
    let world = World::create(&app).await.unwrap();
    let token = world.invitation(&app).await.unwrap();
    let staff = |user: &mimamori_server::entities::staff_user::Model| json!({"login": user.login_id, "password": STAFF_PASSWORD, "totp_secret": user.totp_secret});
    run_script(
        "slice.mjs",
        json!({
            "base_url": app.base_url,
            "invite_token": token,
            "case_number": world.case.case_number,
            "case_id": world.case.id,
            "health_centre_phone": "03-1111-2222",
            "staff": staff(&world.doctor_a),
            "other_staff": staff(&world.doctor_b),
        }),
    )
    .await;
    let stored = mimamori_server::db::reports::list_for_case(&app.db, world.case.id)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1, "exactly one report stored");
    assert_eq!(stored[0].flag, "red");
    let findings = mimamori_server::db::findings::list_for_case(&app.db, world.case.id)
        .await
        .unwrap();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].referral, "admission");
}

#[tokio::test]
async fn chosen_language_is_remembered_on_the_phone_and_stored_with_the_account() {
    use mimamori_shared::i18n::patient::Text;
    use mimamori_shared::{Lang, Symptom};

    let app = TestApp::spawn_with(Options {
        system_clock: true,
        web_dir: Some(built_web_dir()),
    })
    .await
    .unwrap();
    let world = World::create(&app).await.unwrap();
    let token = world.invitation(&app).await.unwrap();
    // What the page must show in each language, from the shared catalogue.
    let words = |lang: Lang| {
        json!({
            "tag": lang.tag(),
            "name": lang.native_name(),
            "title": Text::AppName.get(lang),
            "set_password": Text::SetPasswordTitle.get(lang),
            "report": Text::ReportTitle.get(lang),
            "symptom": Symptom::CoughRunnyNose.label(lang),
        })
    };
    run_script(
        "language.mjs",
        json!({
            "base_url": app.base_url,
            "invite_token": token,
            "langs": Lang::ALL.map(words),
            "first": words(Lang::Vi),
            "second": words(Lang::Ko),
            "later": [words(Lang::ZhHans), words(Lang::PtBr)],
        }),
    )
    .await;
    // The language at the moment of redeeming is the account's (later switches stay on the phone).
    let account = mimamori_server::db::patients::account_of_case(&app.db, world.case.id)
        .await
        .unwrap()
        .expect("redeeming made an account");
    assert_eq!(account.lang, "ko");
    assert_eq!(Lang::parse(&account.lang), Some(Lang::Ko));
}
