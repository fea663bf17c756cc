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

/// Runs a script; answers what it printed (its last line may be a JSON result).
async fn run_script(script: &str, parameters: serde_json::Value) -> String {
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
    stdout.into_owned()
}

#[tokio::test]
async fn red_report_from_the_phone_shows_flagged_only_to_its_organisation() {
    let app = TestApp::spawn_with(Options {
        system_clock: true,
        web_dir: Some(built_web_dir()),
        ..Options::default()
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
    assert_eq!(
        findings[0].referral,
        mimamori_shared::api::findings::Referral::Admission
    );
}

#[tokio::test]
async fn chosen_language_is_remembered_on_the_phone_and_stored_with_the_account() {
    use mimamori_shared::i18n::patient::Text;
    use mimamori_shared::{Lang, Symptom};

    let app = TestApp::spawn_with(Options {
        system_clock: true,
        web_dir: Some(built_web_dir()),
        ..Options::default()
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
    assert_eq!(account.lang, mimamori_shared::i18n::Lang::Ko);
}

#[tokio::test]
async fn one_sign_in_reports_for_each_member_of_a_household() {
    use mimamori_tests::fixtures::{add_case, invitation_for};

    let app = TestApp::spawn_with(Options {
        system_clock: true,
        web_dir: Some(built_web_dir()),
        ..Options::default()
    })
    .await
    .unwrap();
    let world = World::create(&app).await.unwrap();
    let token = world.invitation(&app).await.unwrap();
    let member = add_case(&app, world.health_centre_id, world.org_a, "T-0002")
        .await
        .unwrap();
    let member_token = invitation_for(&app, member.id, chrono::Duration::hours(72))
        .await
        .unwrap();
    run_script(
        "household.mjs",
        json!({
            "base_url": app.base_url,
            "invite_token": token,
            "member_token": member_token,
            "own_case_id": world.case.id,
            "member_case_id": member.id,
        }),
    )
    .await;
    let reports_of = |case_id| mimamori_server::db::reports::list_for_case(&app.db, case_id);
    let own = reports_of(world.case.id).await.unwrap();
    let members = reports_of(member.id).await.unwrap();
    assert_eq!(own.len(), 1, "one report for the signed-in patient");
    assert_eq!(members.len(), 1, "one report for the household member");
    assert_eq!(own[0].temperature_tenths, 372);
    assert_eq!(members[0].temperature_tenths, 368);
    assert_eq!(members[0].spo2, Some(98));
    // Both cases now belong to the one sign-in.
    let account_of = |case_id| mimamori_server::db::patients::account_of_case(&app.db, case_id);
    let own_account = account_of(world.case.id)
        .await
        .unwrap()
        .expect("an account");
    let member_account = account_of(member.id).await.unwrap().expect("linked");
    assert_eq!(own_account.id, member_account.id);
}

#[tokio::test]
async fn push_subscription_is_stored_for_the_account_and_removed_when_reminders_go_off() {
    let app = TestApp::spawn_with(Options {
        system_clock: true,
        web_dir: Some(built_web_dir()),
        ..Options::default()
    })
    .await
    .unwrap();
    let world = World::create(&app).await.unwrap();
    let token = world.invitation(&app).await.unwrap();
    // A local "push service" nothing is sent to: the subscription's endpoint points here.
    let push_service = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let push_port = push_service.local_addr().unwrap().port();
    let state_file =
        std::env::temp_dir().join(format!("mimamori-push-{}.json", uuid::Uuid::new_v4()));
    let parameters = |phase: &str| {
        json!({
            "base_url": app.base_url,
            "invite_token": token,
            "push_port": push_port,
            "state_file": state_file,
            "phase": phase,
        })
    };

    run_script("push.mjs", parameters("subscribe")).await;
    let sent: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{}.push.json", state_file.display())).unwrap(),
    )
    .unwrap();
    let account = mimamori_server::db::patients::account_of_case(&app.db, world.case.id)
        .await
        .unwrap()
        .expect("redeeming made an account");
    let sealed = mimamori_server::db::push::list_for_account(&app.db, account.id)
        .await
        .unwrap();
    assert_eq!(sealed.len(), 1, "one subscription for this device");
    assert!(
        !sealed[0].endpoint.contains("/push/"),
        "the endpoint is sealed at rest"
    );
    let stored: Vec<_> = sealed
        .iter()
        .map(|s| mimamori_server::services::push::open_subscription(&app.keys, s).unwrap())
        .collect();
    assert_eq!(stored[0].account_id, account.id);
    assert_eq!(stored[0].endpoint, sent["endpoint"].as_str().unwrap());
    assert!(
        stored[0]
            .endpoint
            .starts_with(&format!("http://127.0.0.1:{push_port}/push/"))
    );
    assert_eq!(stored[0].p256dh, sent["p256dh"].as_str().unwrap());
    assert_eq!(stored[0].auth, sent["auth"].as_str().unwrap());
    assert!(account.reminders_enabled);
    assert!(account.reminder_window_start.starts_with("07:30"));
    assert!(account.reminder_window_end.starts_with("09:00"));

    run_script("push.mjs", parameters("unsubscribe")).await;
    let stored = mimamori_server::db::push::list_for_account(&app.db, account.id)
        .await
        .unwrap();
    assert!(
        stored.is_empty(),
        "turning reminders off forgets the subscription"
    );
    let account = mimamori_server::db::patients::account_of_case(&app.db, world.case.id)
        .await
        .unwrap()
        .unwrap();
    assert!(!account.reminders_enabled);
    for file in [
        state_file.display().to_string(),
        format!("{}.push.json", state_file.display()),
    ] {
        let _ = std::fs::remove_file(file);
    }
    drop(push_service);
}

#[tokio::test]
async fn a_corrected_report_replaces_the_one_sent() {
    let app = TestApp::spawn_with(Options {
        system_clock: true,
        web_dir: Some(built_web_dir()),
        ..Options::default()
    })
    .await
    .unwrap();
    let world = World::create(&app).await.unwrap();
    let token = world.invitation(&app).await.unwrap();
    run_script(
        "correction.mjs",
        json!({ "base_url": app.base_url, "invite_token": token }),
    )
    .await;
    let stored = mimamori_server::db::reports::list_for_case(&app.db, world.case.id)
        .await
        .unwrap();
    assert_eq!(
        stored.len(),
        1,
        "the correction replaced the report, it did not add one"
    );
    assert_eq!(stored[0].temperature_tenths, 368);
    assert_eq!(stored[0].spo2, Some(96));
    let note = app
        .keys
        .unseal(
            mimamori_server::services::sealed_text::REPORT_NOTE_FIELD,
            &stored[0].seal_id,
            &stored[0].sealed_note,
        )
        .unwrap();
    assert_eq!(note, "夜に咳が出ました");
    assert_eq!(
        stored[0].flag,
        mimamori_server::entities::codes::StoredFlag::Known(mimamori_shared::triage::Flag::None),
        "judged again"
    );
    assert!(stored[0].corrected_at.is_some());
}

#[tokio::test]
async fn a_reviewed_report_corrected_to_red_tops_the_open_work_list_and_shows_both_versions() {
    let app = TestApp::spawn_with(Options {
        system_clock: true,
        web_dir: Some(built_web_dir()),
        ..Options::default()
    })
    .await
    .unwrap();
    let world = World::create(&app).await.unwrap();
    let token = world.invitation(&app).await.unwrap();
    let nurse = &world.nurse_a;
    run_script(
        "red_correction.mjs",
        json!({
            "base_url": app.base_url,
            "invite_token": token,
            "case_number": world.case.case_number,
            "staff": {"login": nurse.login_id, "password": STAFF_PASSWORD, "totp_secret": nurse.totp_secret},
        }),
    )
    .await;
    let stored = mimamori_server::db::reports::list_for_case(&app.db, world.case.id)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1, "a correction is a version, not a report");
    assert_eq!(stored[0].version, 2);
    assert!(stored[0].flag.is_red_or_worse());
}

// --- offline, installable, fast ----------------------------------------------------------------

/// Runs a browser script that stops at checkpoints: it prints `checkpoint {json}` and waits for
/// one JSON line on its stdin, which `at` gives after checking what the server stored at that
/// moment. The script's other output is printed (`--nocapture` shows it).
async fn run_script_with_checkpoints<F, Fut>(script: &str, parameters: serde_json::Value, mut at: F)
where
    F: FnMut(serde_json::Value) -> Fut,
    Fut: std::future::Future<Output = serde_json::Value>,
{
    use std::process::Stdio;
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

    let web = built_web_dir();
    assert!(
        web.join("patient/index.html").exists(),
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
    let mut child = tokio::process::Command::new("node")
        .arg(browser_dir().join(script))
        .env("MIMAMORI_BROWSER_TEST", parameters.to_string())
        .env("MIMAMORI_SCREENSHOTS", screenshots)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("node runs");
    let mut stdin = child.stdin.take().expect("piped stdin");
    let mut stderr = child.stderr.take().expect("piped stderr");
    // Read stderr alongside, so a chatty script cannot block on a full pipe.
    let stderr = tokio::spawn(async move {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text).await;
        text
    });
    let mut lines = BufReader::new(child.stdout.take().expect("piped stdout")).lines();
    let mut stdout = String::new();
    while let Some(line) = lines.next_line().await.expect("script output") {
        match line.strip_prefix("checkpoint ") {
            Some(json) => {
                let answer = at(serde_json::from_str(json).expect("checkpoint JSON")).await;
                // The script may have failed meanwhile; its exit status tells.
                let _ = stdin.write_all(format!("{answer}\n").as_bytes()).await;
                let _ = stdin.flush().await;
            }
            None => {
                println!("{line}");
                stdout.push_str(&line);
                stdout.push('\n');
            }
        }
    }
    let status = child.wait().await.expect("node ends");
    let stderr = stderr.await.unwrap_or_default();
    assert!(
        status.success(),
        "{script} failed\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
}

fn with_web() -> Options {
    Options {
        system_clock: true,
        web_dir: Some(built_web_dir()),
        ..Options::default()
    }
}

async fn reports_of(
    app: &TestApp,
    case_id: i64,
) -> Vec<mimamori_server::entities::health_report::Model> {
    mimamori_server::db::reports::list_for_case(&app.db, case_id)
        .await
        .unwrap()
}

#[tokio::test]
async fn first_report_is_saved_within_60_seconds_of_opening_the_invitation() {
    let app = TestApp::spawn_with(with_web()).await.unwrap();
    let world = World::create(&app).await.unwrap();
    let token = world.invitation(&app).await.unwrap();
    let mut seconds = None;
    run_script_with_checkpoints(
        "first_report.mjs",
        json!({ "base_url": app.base_url, "invite_token": token }),
        |point| {
            seconds = point["seconds"].as_f64();
            let app = &app;
            async move {
                let stored = reports_of(app, world.case.id).await;
                assert_eq!(
                    stored.len(),
                    1,
                    "the first report is stored when the app says so"
                );
                json!({ "reports": stored.len() })
            }
        },
    )
    .await;
    let seconds = seconds.expect("the script reported its time");
    println!("invitation → first report saved: {seconds:.1} s (target: 60 s)");
    assert!(seconds < 60.0, "took {seconds:.1} s");
}

#[tokio::test]
async fn a_report_made_offline_is_queued_and_stored_exactly_once_however_often_it_is_resent() {
    let app = TestApp::spawn_with(with_web()).await.unwrap();
    let world = World::create(&app).await.unwrap();
    let token = world.invitation(&app).await.unwrap();
    let mut seen = Vec::new();
    let mut key = None;
    run_script_with_checkpoints(
        "offline.mjs",
        json!({ "base_url": app.base_url, "invite_token": token, "case_id": world.case.id }),
        |point| {
            seen.push(point["name"].as_str().unwrap_or_default().to_owned());
            // The idempotency key the phone queued the report under (first checkpoint).
            if let Some(queued) = point["key"].as_str() {
                key = Some(queued.to_owned());
            }
            let key = key.clone();
            let app = &app;
            async move {
                let stored = reports_of(app, world.case.id).await;
                let expected = match point["name"].as_str() {
                    Some("queued-offline" | "retried-offline") => 0,
                    _ => 1,
                };
                assert_eq!(stored.len(), expected, "reports stored at {point}");
                if let Some(report) = stored.first() {
                    assert_eq!(report.flag, "red", "judged red on arrival");
                    assert_eq!(
                        Some(&report.idempotency_key),
                        key.as_ref(),
                        "stored under the queued key"
                    );
                }
                json!({ "reports": stored.len() })
            }
        },
    )
    .await;
    assert_eq!(
        seen,
        ["queued-offline", "retried-offline", "sent", "resent"],
        "every checkpoint was reached"
    );
    assert_eq!(
        reports_of(&app, world.case.id).await.len(),
        1,
        "exactly one report"
    );
}

#[tokio::test]
async fn the_app_is_installable_and_a_repeat_visit_opens_offline_from_the_service_worker() {
    let app = TestApp::spawn_with(with_web()).await.unwrap();
    let world = World::create(&app).await.unwrap();
    let token = world.invitation(&app).await.unwrap();
    run_script_with_checkpoints(
        "offline_shell.mjs",
        json!({ "base_url": app.base_url, "invite_token": token }),
        |_| async { json!({}) },
    )
    .await;
}

#[tokio::test]
async fn a_message_from_staff_reaches_the_patients_history() {
    let app = TestApp::spawn_with(Options {
        system_clock: true,
        web_dir: Some(built_web_dir()),
        ..Options::default()
    })
    .await
    .unwrap();
    let world = World::create(&app).await.unwrap();
    let token = world.invitation(&app).await.unwrap();
    run_script(
        "messages.mjs",
        json!({
            "base_url": app.base_url,
            "invite_token": token,
            "case_id": world.case.id,
            "organisation": "Clinic A",
            "staff": {
                "login": world.nurse_a.login_id,
                "password": STAFF_PASSWORD,
                "totp_secret": world.nurse_a.totp_secret,
            },
        }),
    )
    .await;
    let stored = mimamori_server::db::messages::list_for_case(&app.db, world.case.id)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1, "one message stored");
    let body = app
        .keys
        .unseal(
            mimamori_server::services::messages::BODY_FIELD,
            &stored[0].seal_id,
            &stored[0].sealed_body,
        )
        .unwrap();
    assert_eq!(body, "明日の朝も体温を測って報告してください。");
    assert_eq!(stored[0].author_id, world.nurse_a.id);
}

#[tokio::test]
async fn first_sign_in_enrols_totp_and_shows_recovery_codes() {
    use mimamori_server::db::staff;
    use mimamori_shared::api::auth::StaffRole;

    let app = TestApp::spawn_with(with_web()).await.unwrap();
    let world = World::create(&app).await.unwrap();
    let newcomer = mimamori_tests::fixtures::unenrolled_staff(
        &app,
        world.org_a,
        "new.nurse",
        StaffRole::FollowupStaff,
    )
    .await
    .unwrap();
    let id = newcomer.id;
    let new_password = "a new passphrase for the console";
    run_script_with_checkpoints(
        "first_sign_in.mjs",
        json!({
            "base_url": app.base_url,
            "staff": {"login": newcomer.login_id, "password": STAFF_PASSWORD},
            "new_password": new_password,
        }),
        |point| {
            let app = &app;
            async move {
                let user = staff::find(&app.db, id).await.unwrap().unwrap();
                let codes = staff::recovery_codes_of(&app.db, id).await.unwrap();
                let unused: Vec<_> = codes.iter().filter(|c| c.used_at.is_none()).collect();
                if point["name"] == "enrolled" {
                    // What the page showed is what was stored (as hashes only).
                    for code in point["codes"].as_array().unwrap() {
                        let normalised = code.as_str().unwrap().replace('-', "");
                        let hash = mimamori_server::auth::recovery::hash(&app.keys, &normalised);
                        assert!(unused.iter().any(|c| c.code_hash == hash), "{code}");
                    }
                    let sessions = staff::sessions_of(&app.db, id).await.unwrap();
                    assert!(
                        sessions
                            .iter()
                            .all(|s| s.stage == mimamori_server::auth::caller::SessionStage::Full)
                    );
                }
                json!({
                    "enrolled": user.totp_enrolled_at.is_some(),
                    "unused_codes": unused.len(),
                })
            }
        },
    )
    .await;
    let user = staff::find(&app.db, id).await.unwrap().unwrap();
    assert!(user.totp_enrolled_at.is_some());
    assert!(user.password_changed_at.is_some());
    assert!(
        mimamori_server::auth::password::verify(new_password.to_owned(), user.password_hash)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn doctor_writes_and_amends_a_finding() {
    let app = TestApp::spawn_with(Options {
        system_clock: true,
        web_dir: Some(built_web_dir()),
        ..Options::default()
    })
    .await
    .unwrap();
    let world = World::create(&app).await.unwrap();
    let patient = mimamori_tests::fixtures::patient_client(&app, world.case.id)
        .await
        .unwrap();
    let reported = patient
        .post(app.url(&format!("/api/patient/cases/{}/reports", world.case.id)))
        .json(&mimamori_tests::fixtures::report_body(37.8, Some(92)))
        .send()
        .await
        .unwrap();
    assert_eq!(reported.status(), 201, "a red report to start from");
    run_script(
        "finding.mjs",
        json!({
            "base_url": app.base_url,
            "case_id": world.case.id,
            "case_number": world.case.case_number,
            "staff": {
                "login": world.doctor_a.login_id,
                "password": STAFF_PASSWORD,
                "totp_secret": world.doctor_a.totp_secret,
            },
        }),
    )
    .await;
    let findings = mimamori_server::db::findings::list_for_case(&app.db, world.case.id)
        .await
        .unwrap();
    assert_eq!(findings.len(), 2, "the original and one amendment");
    let (amendment, original) = (&findings[0], &findings[1]);
    assert_eq!(amendment.amends_id, Some(original.id));
    assert_eq!(original.amends_id, None);
    let assessment = app
        .keys
        .unseal(
            mimamori_server::services::findings::ASSESSMENT_FIELD,
            &original.seal_id,
            &original.sealed_assessment,
        )
        .unwrap();
    assert_eq!(assessment, "SpO2 92%、労作時の息苦しさあり。");
    assert_eq!(
        original.referral,
        mimamori_shared::api::findings::Referral::Admission
    );
    assert_eq!(
        amendment.referral,
        mimamori_shared::api::findings::Referral::None
    );
    assert!(findings.iter().all(|f| f.author_id == world.doctor_a.id));
    let events = mimamori_server::db::case_events::list_for_case(&app.db, world.case.id)
        .await
        .unwrap();
    let kinds: Vec<(&str, Option<&str>)> = events
        .iter()
        .map(|e| (e.kind.as_str(), e.outcome.as_deref()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("ended", Some("hospitalised")),
            ("escalation", None),
            ("report_corrected", Some("staff")),
            ("call", Some("reached"))
        ],
        "newest first"
    );
    let reports = mimamori_server::db::reports::list_for_case(&app.db, world.case.id)
        .await
        .unwrap();
    assert_eq!(reports.len(), 2);
    let (proxy, own) = (&reports[0], &reports[1]);
    assert_eq!(own.reviewed_by, Some(world.doctor_a.id));
    assert_eq!(
        (proxy.entered_by.as_str(), proxy.entered_by_staff_id),
        ("staff", Some(world.doctor_a.id))
    );
    assert_eq!(proxy.temperature_tenths, 372);
    assert_eq!(
        (proxy.version, proxy.spo2),
        (2, Some(92)),
        "corrected from the console"
    );
    let case = mimamori_server::db::cases::find_many(&app.db, vec![world.case.id])
        .await
        .unwrap();
    assert_eq!(
        case[0].status,
        mimamori_shared::api::cases::CaseStatus::Ended
    );
    assert!(case[0].escalated_at.is_some());
}

// --- triage work list ---------------------------------------------------------------------------

#[tokio::test]
async fn red_report_reaches_the_work_list_and_is_triaged() {
    use mimamori_tests::fixtures::{add_case, patient_client, report_body};

    let app = TestApp::spawn_with(with_web()).await.unwrap();
    let world = World::create(&app).await.unwrap();
    // The nurse's organisation has other cases too: one amber, one well, one silent.
    let patient = patient_client(&app, world.case.id).await.unwrap();
    let submit = |client: reqwest::Client, case_id: i64, temperature: f64, spo2: i64| {
        let url = app.url(&format!("/api/patient/cases/{case_id}/reports"));
        async move {
            let response = client
                .post(url)
                .json(&report_body(temperature, Some(spo2)))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 201);
        }
    };
    for (number, report) in [
        ("T-0002", Some(38.4)),
        ("T-0003", Some(36.6)),
        ("T-0004", None),
    ] {
        let case = add_case(&app, world.health_centre_id, world.org_a, number)
            .await
            .unwrap();
        if let Some(temperature) = report {
            let client = patient_client(&app, case.id).await.unwrap();
            submit(client, case.id, temperature, 97).await;
        }
    }
    // The case has reported well this morning; nobody has looked yet.
    submit(patient.clone(), world.case.id, 36.8, 97).await;

    let mut seen = Vec::new();
    run_script_with_checkpoints(
        "triage.mjs",
        json!({
            "base_url": app.base_url,
            "case_number": world.case.case_number,
            "case_id": world.case.id,
            "staff": {
                "login": world.nurse_a.login_id,
                "password": STAFF_PASSWORD,
                "totp_secret": world.nurse_a.totp_secret,
            },
        }),
        |point| {
            let name = point["name"].as_str().unwrap_or_default().to_owned();
            seen.push(name.clone());
            let app = &app;
            let patient = patient.clone();
            let submit = &submit;
            async move {
                match name.as_str() {
                    // SpO2 91: red. Posted through the patient API, as the phone does.
                    "list-open" => submit(patient, world.case.id, 37.6, 91).await,
                    "reviewed" => {
                        let stored = reports_of(app, world.case.id).await;
                        assert_eq!(stored.len(), 2);
                        assert!(
                            stored
                                .iter()
                                .all(|r| r.reviewed_by == Some(world.nurse_a.id))
                        );
                    }
                    other => panic!("unexpected checkpoint {other}"),
                }
                json!({})
            }
        },
    )
    .await;
    assert_eq!(seen, ["list-open", "reviewed"]);
    let stored = reports_of(&app, world.case.id).await;
    assert_eq!(stored[0].flag, "red");
    assert!(stored.iter().all(|r| r.reviewed_at.is_some()));
}

#[tokio::test]
async fn health_centre_registers_assigns_invites_and_imports_and_an_admin_adds_a_user() {
    use base64::Engine as _;
    use mimamori_server::services::setup;
    use mimamori_shared::api::admin::OrgKind;
    use mimamori_shared::api::auth::StaffRole;

    let app = TestApp::spawn_with(with_web()).await.unwrap();
    let world = World::create(&app).await.unwrap();
    let (db, now, centre) = (&app.db, app.now(), world.health_centre_id);
    for org in [world.org_a, world.org_b] {
        mimamori_server::db::contracts::insert(db, org, centre, now)
            .await
            .unwrap();
    }
    let hc_staff = setup::create_staff(
        db,
        &app.keys,
        centre,
        "hc.staff",
        "保健 一子",
        StaffRole::HcStaff,
        STAFF_PASSWORD,
        now,
    )
    .await
    .unwrap();
    let prefecture = setup::create_org(db, OrgKind::Prefecture, "テスト県", None, None, now)
        .await
        .unwrap();
    let admin = setup::create_staff(
        db,
        &app.keys,
        prefecture.id,
        "admin.test",
        "管理 太郎",
        StaffRole::Admin,
        STAFF_PASSWORD,
        now,
    )
    .await
    .unwrap();
    let sjis = |text: &str| {
        let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
        assert!(!unmappable);
        base64::engine::general_purpose::STANDARD.encode(bytes)
    };
    let header = "氏名,氏名カナ,生年月日,性別,電話番号,委託先ID\r\n";
    let existing = mimamori_tests::fixtures::personal(&app, &world.case).unwrap();
    let bad = format!(
        "{header}佐藤 花,サトウ ハナ,1950/1/1,女,090-12,\r\n\
         {},カンジャ,1950/4/1,女,090-0000-0000,\r\n\
         田中 一,タナカ ハジメ,1960/2/30,男,090-1111-2222,\r\n",
        existing.name
    );
    let good = format!(
        "{header}佐藤 花,サトウ ハナ,1950/1/1,女,090-1234-0001,{a}\r\n\
         田中 一,タナカ ハジメ,1960/2/3,男,090-1234-0002,{a}\r\n",
        a = world.org_a
    );
    let staff = |user: &mimamori_server::entities::staff_user::Model| json!({"login": user.login_id, "password": STAFF_PASSWORD, "totp_secret": user.totp_secret});
    let cases_before = mimamori_server::db::intake::numbers_with_prefix(db, "")
        .await
        .unwrap()
        .len();
    run_script(
        "health_centre.mjs",
        json!({
            "base_url": app.base_url,
            "hc_staff": staff(&hc_staff),
            "admin": staff(&admin),
            "org_b": "Clinic B",
            "prefecture": "テスト県",
            "health_centre_phone": "03-1111-2222",
            "existing": {
                "name": existing.name,
                "birth_date": existing.birth_date.to_string(),
                "phone": existing.phone,
                "case_number": world.case.case_number,
            },
            "bad_csv_sjis_base64": sjis(&bad),
            "bad_csv_expected": [["2", "電話番号"], ["3", "行全体"], ["4", "生年月日"]],
            "good_csv_sjis_base64": sjis(&good),
        }),
    )
    .await;
    // One case by hand and two imported, the bad file stored nothing.
    let numbers = mimamori_server::db::intake::numbers_with_prefix(db, "")
        .await
        .unwrap();
    assert_eq!(numbers.len(), cases_before + 3);
    let user = mimamori_server::db::staff::find_by_login(db, "hc.minami")
        .await
        .unwrap()
        .expect("the administrator's new user");
    assert_eq!(user.role, mimamori_shared::api::auth::StaffRole::HcStaff);
    assert_eq!(user.totp_enrolled_at, None);
}

#[tokio::test]
async fn a_red_report_rings_the_bell_and_the_daily_report_downloads_as_csv() {
    use mimamori_server::services::{implementation_reports, time};

    let app = TestApp::spawn_with(with_web()).await.unwrap();
    let world = World::create(&app).await.unwrap();
    // The patient sends a red report while nobody is signed in: every doctor and nurse of the
    // organisation gets the notice.
    let patient = mimamori_tests::fixtures::patient_client(&app, world.case.id)
        .await
        .unwrap();
    let response = patient
        .post(app.url(&format!("/api/patient/cases/{}/reports", world.case.id)))
        .json(&mimamori_tests::fixtures::report_body(37.2, Some(91)))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    // Today's implementation reports, as the scheduler makes them at the report time.
    let today = time::local_date(app.now(), time::DEFAULT_TZ);
    let stored = implementation_reports::compile_and_store(
        &app.db,
        world.health_centre_id,
        today,
        app.now(),
    )
    .await
    .unwrap();
    assert_eq!(stored, 1, "one report: the organisation with the case");

    run_script(
        "scheduler_console.mjs",
        json!({
            "base_url": app.base_url,
            "case_id": world.case.id,
            "case_number": world.case.case_number,
            "report_date": today.to_string(),
            "staff": {
                "login": world.doctor_a.login_id,
                "password": STAFF_PASSWORD,
                "totp_secret": world.doctor_a.totp_secret,
            },
        }),
    )
    .await;
}

#[tokio::test]
async fn an_institutions_notification_is_accepted_by_the_health_centre_and_the_patient_enrols() {
    use mimamori_server::services::{setup, time};
    use mimamori_shared::api::auth::StaffRole;
    use mimamori_shared::api::case_notifications::NotificationStatus;

    let app = TestApp::spawn_with(with_web()).await.unwrap();
    let world = World::create(&app).await.unwrap();
    let (db, now, centre) = (&app.db, app.now(), world.health_centre_id);
    for org in [world.org_a, world.org_b] {
        mimamori_server::db::contracts::insert(db, org, centre, now)
            .await
            .unwrap();
    }
    let hc_staff = setup::create_staff(
        db,
        &app.keys,
        centre,
        "hc.staff",
        "保健 一子",
        StaffRole::HcStaff,
        STAFF_PASSWORD,
        now,
    )
    .await
    .unwrap();
    // The institution's date (the browser runs in the same zone), and an age that does not
    // change with it: the birthday is far from any day a test runs near.
    let today = time::local_date(now, time::DEFAULT_TZ);
    let birth = chrono::NaiveDate::from_ymd_opt(1948, 3, 12).unwrap();
    let age = mimamori_shared::i18n::staff_institution::age(
        mimamori_shared::Lang::Ja,
        today.years_since(birth).unwrap(),
    );
    // Another doctor of the institution has submitted a notification about the fixture's
    // patient, who is registered already (same name, date of birth and phone).
    let duplicate_id = submit_notification_about(&app, &world, today).await;
    let staff = |user: &mimamori_server::entities::staff_user::Model| json!({"login": user.login_id, "password": STAFF_PASSWORD, "totp_secret": user.totp_secret});
    let output = run_script(
        "case_notification.mjs",
        json!({
            "base_url": app.base_url,
            "institution_staff": staff(&world.institution_staff),
            "hc_staff": staff(&hc_staff),
            "institution": "Hospital I",
            "health_centre": "Test health centre",
            "doctor_name": world.institution_staff.display_name,
            "org_b": "Clinic B",
            "today": today.to_string(),
            "onset_date": (today - chrono::Duration::days(1)).to_string(),
            "patient": {
                "name": "新井 花子",
                "kana_hiragana": "あらい はなこ",
                "birth_date": birth.to_string(),
                "age": age,
                "phone": "090-4444-5555",
                "address": "東京都新宿区西新宿2-8-1",
                "whereabouts": "ホテル療養（新宿）",
            },
            "return_comment": "居所を記入してください",
            "duplicate": {
                "notification_id": duplicate_id,
                "case_id": world.case.id,
                "case_number": world.case.case_number,
            },
        }),
    )
    .await;
    let result: serde_json::Value =
        serde_json::from_str(output.lines().last().unwrap_or_default()).unwrap();
    let (notification_id, case_id) = (
        result["notification_id"].as_i64().unwrap(),
        result["case_id"].as_i64().unwrap(),
    );

    // The notification was accepted into the case the browser landed on.
    let stored = mimamori_server::db::case_notifications::find(db, notification_id)
        .await
        .unwrap()
        .expect("the notification is stored");
    assert_eq!(stored.status, NotificationStatus::Accepted);
    assert_eq!(stored.case_id, Some(case_id));
    assert_eq!(stored.institution_id, world.institution);
    assert_eq!(stored.health_centre_id, centre);
    let form = mimamori_server::services::sealed_notifications::form_of(&app.keys, &stored)
        .expect("the form opens");
    assert_eq!(form.phone, "090-4444-5555");
    // The new case carries the patient, is assigned to B, and the patient enrolled.
    let cases = mimamori_server::db::cases::find_many(db, vec![case_id])
        .await
        .unwrap();
    assert_eq!(cases.len(), 1);
    let personal = mimamori_tests::fixtures::personal(&app, &cases[0]).unwrap();
    assert_eq!(personal.name, "新井 花子");
    assert_eq!(personal.birth_date, birth);
    assert_eq!(cases[0].followup_org_id, Some(world.org_b));
    assert_eq!(cases[0].health_centre_id, centre);
    let account = mimamori_server::db::patients::account_of_case(db, case_id)
        .await
        .unwrap();
    assert!(account.is_some(), "the patient redeemed the invitation");
    // The one about the registered patient joined that case; no case was made for it.
    let linked = mimamori_server::db::case_notifications::find(db, duplicate_id)
        .await
        .unwrap()
        .expect("the second notification is stored");
    assert_eq!(linked.status, NotificationStatus::Accepted);
    assert_eq!(linked.case_id, Some(world.case.id));
}

/// Signs in a second doctor of the world's institution through the API and submits a
/// notification about the world's case (so it is a duplicate); answers its id.
async fn submit_notification_about(app: &TestApp, world: &World, today: chrono::NaiveDate) -> i64 {
    use mimamori_shared::api::case_notifications::{
        NotificationForm, NotificationView, TestMethod,
    };
    use mimamori_shared::api::cases::Sex;

    let clerk = mimamori_server::services::setup::create_staff(
        &app.db,
        &app.keys,
        world.institution,
        "inst.second",
        "二番 医師",
        mimamori_shared::api::auth::StaffRole::InstitutionStaff,
        STAFF_PASSWORD,
        app.now(),
    )
    .await
    .unwrap();
    let client = app.client();
    let signed_in = client
        .post(app.url("/api/staff/session"))
        .json(&mimamori_tests::fixtures::sign_in_request(app, &clerk).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200);
    let patient = mimamori_tests::fixtures::personal(app, &world.case).unwrap();
    let form = NotificationForm {
        patient_name: patient.name,
        patient_kana: patient.name_kana,
        sex: Some(Sex::Female),
        birth_date: Some(patient.birth_date),
        address: "東京都中野区1-1".to_owned(),
        phone: patient.phone,
        onset_date: Some(today - chrono::Duration::days(1)),
        test_method: Some(TestMethod::AntigenQualitative),
        ..NotificationForm::with_defaults(today, "二番 医師")
    };
    let created = client
        .post(app.url("/api/staff/case-notifications"))
        .json(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let id = created.json::<NotificationView>().await.unwrap().summary.id;
    let submitted = client
        .post(app.url(&format!("/api/staff/case-notifications/{id}/submit")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        submitted.status(),
        200,
        "{}",
        submitted.text().await.unwrap()
    );
    id.0
}

#[tokio::test]
async fn an_institution_reports_an_admission_and_a_discharge_and_files_its_test_counts() {
    use mimamori_server::entities::{inpatient_report, test_count};
    use mimamori_server::services::{setup, time};
    use mimamori_shared::api::auth::StaffRole;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

    let app = TestApp::spawn_with(with_web()).await.unwrap();
    let world = World::create(&app).await.unwrap();
    let (db, now) = (&app.db, app.now());
    let hc_staff = setup::create_staff(
        db,
        &app.keys,
        world.health_centre_id,
        "hc.staff",
        "保健 一子",
        StaffRole::HcStaff,
        STAFF_PASSWORD,
        now,
    )
    .await
    .unwrap();
    // The institution's date (the browser runs in the same zone).
    let today = time::local_date(now, time::DEFAULT_TZ);
    let patient = mimamori_tests::fixtures::personal(&app, &world.case).unwrap();
    let staff = |user: &mimamori_server::entities::staff_user::Model| json!({"login": user.login_id, "password": STAFF_PASSWORD, "totp_secret": user.totp_secret});
    run_script(
        "inpatient.mjs",
        json!({
            "base_url": app.base_url,
            "institution_staff": staff(&world.institution_staff),
            "followup_staff": staff(&world.nurse_a),
            "hc_staff": staff(&hc_staff),
            "institution": "Hospital I",
            "health_centre": "Test health centre",
            "doctor_name": world.institution_staff.display_name,
            "case_id": world.case.id,
            "case_number": world.case.case_number,
            "birth_date": patient.birth_date.to_string(),
            // The case's カンジャ typed in hiragana with a space: the finder compares kana
            // however written.
            "name_kana": "かん じゃ",
            "today": today.to_string(),
        }),
    )
    .await;

    // Both reports are kept; the newest (the discharge home) resumed follow-up.
    let reports = inpatient_report::Entity::find()
        .filter(inpatient_report::Column::CaseId.eq(world.case.id))
        .order_by_asc(inpatient_report::Column::Id)
        .all(db)
        .await
        .unwrap();
    let outcomes: Vec<&str> = reports.iter().map(|r| r.outcome.as_str()).collect();
    assert_eq!(outcomes, ["inpatient", "discharged_home"]);
    assert_eq!(
        reports[0].severity,
        mimamori_shared::api::case_notifications::Severity::ModerateIi
    );
    assert!(reports[0].icu);
    let hospital = app
        .keys
        .unseal(
            mimamori_server::services::inpatient::HOSPITAL_NAME_FIELD,
            &reports[0].seal_id,
            &reports[0].sealed_hospital_name,
        )
        .unwrap();
    assert_eq!(hospital, "Hospital I");
    assert_eq!(reports[1].discharge_date, Some(today));
    assert!(
        reports
            .iter()
            .all(|r| r.institution_id == world.institution)
    );
    let cases = mimamori_server::db::cases::find_many(db, vec![world.case.id])
        .await
        .unwrap();
    assert_eq!(
        cases[0].status,
        mimamori_shared::api::cases::CaseStatus::Active
    );
    // One record of the day, corrected once.
    let counts = test_count::Entity::find()
        .filter(test_count::Column::InstitutionId.eq(world.institution))
        .all(db)
        .await
        .unwrap();
    assert_eq!(counts.len(), 1);
    let day = &counts[0];
    assert_eq!((day.date, day.revision), (today, 2));
    assert_eq!(
        (
            day.pcr_performed,
            day.pcr_positive,
            day.antigen_performed,
            day.antigen_positive
        ),
        (12, 4, 20, 2)
    );
}

#[tokio::test]
async fn the_first_administrator_from_init_enrols_then_imports_organisations_and_staff_by_csv() {
    use base64::Engine as _;
    use mimamori_server::entities::{contract, organisation};
    use mimamori_server::services::host_admin::{self, InitRequest, NewAdmin};
    use mimamori_shared::api::admin::OrgKind;
    use sea_orm::EntityTrait;
    let app = TestApp::spawn_with(with_web()).await.unwrap();
    let done = host_admin::init(
        &app.db,
        InitRequest {
            prefecture: "みまもり県".to_owned(),
            time_zone: "Asia/Tokyo".to_owned(),
            followup_days: 10,
            retention_years: 5,
            admin: NewAdmin {
                login_id: "pref.admin".to_owned(),
                display_name: "県 管理者".to_owned(),
                email: "admin@pref.example.jp".to_owned(),
                password: None,
            },
        },
        app.now(),
    )
    .await
    .unwrap();
    let new_password = "the administrator's own passphrase";
    // The prefecture's organisations as Excel in Japan saves them (Shift_JIS, CRLF): a health
    // centre under the prefecture `init` made, a follow-up organisation under it with a
    // contract, and an institution.
    let (orgs, _, unmappable) = encoding_rs::SHIFT_JIS.encode(
        "名称,種別,上位組織,所在地,電話番号,メールアドレス,タイムゾーン,契約保健所\r\n\
         みまもり北保健所,保健所,みまもり県,みまもり市北区1-1,03-1234-5678,kita-hc@pref.example.jp,,\r\n\
         北地区医師会,委託先,みまもり北保健所,みまもり市北区2-2,,,,みまもり北保健所\r\n\
         北病院,医療機関,みまもり北保健所,みまもり市北区3-3,03-2222-3333,,,\r\n",
    );
    assert!(!unmappable);
    // Its staff as "CSV UTF-8" (with a byte-order mark); the first file names an organisation
    // that is not there and is refused.
    let users = |organisation: &str| {
        format!(
            "\u{FEFF}ログインID,氏名,役割,所属,メールアドレス\r\n\
             kita.hoken,北 保健子,hc_staff,{organisation},hoken@pref.example.jp\r\n"
        )
    };
    let base64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    run_script(
        "init_admin.mjs",
        json!({
            "base_url": app.base_url,
            "login": "pref.admin",
            "password": done.generated_password.unwrap(),
            "new_password": new_password,
            "prefecture": "みまもり県",
            "orgs_csv_base64": base64(&orgs),
            "bad_users_csv_base64": base64(users("南保健所").as_bytes()),
            "users_csv_base64": base64(users("みまもり北保健所").as_bytes()),
            "user": {
                "login": "kita.hoken",
                "name": "北 保健子",
                "organisation": "みまもり北保健所",
                "new_password": "kita's own passphrase",
            },
        }),
    )
    .await;
    let admin = mimamori_server::db::staff::find(&app.db, done.admin_id)
        .await
        .unwrap()
        .unwrap();
    assert!(!admin.must_change_password);
    assert!(admin.totp_enrolled_at.is_some());
    assert!(
        mimamori_server::auth::password::verify(new_password.to_owned(), admin.password_hash)
            .await
            .unwrap()
    );
    // What the two files stored, and the new user's own password and authenticator.
    let orgs = organisation::Entity::find().all(&app.db).await.unwrap();
    let named = |name: &str| orgs.iter().find(|o| o.name == name).unwrap().clone();
    let centre = named("みまもり北保健所");
    assert_eq!(centre.parent_id, Some(named("みまもり県").id));
    assert_eq!(named("北地区医師会").parent_id, Some(centre.id));
    assert_eq!(named("北病院").kind, OrgKind::Institution);
    let contracts = contract::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(
        contracts
            .iter()
            .map(|c| (c.followup_org_id, c.health_centre_id))
            .collect::<Vec<_>>(),
        [(named("北地区医師会").id, centre.id)]
    );
    let user = mimamori_server::db::staff::find_by_login(&app.db, "kita.hoken")
        .await
        .unwrap()
        .expect("the imported user");
    assert_eq!(user.role, mimamori_shared::api::auth::StaffRole::HcStaff);
    assert_eq!(user.organisation_id, centre.id);
    assert!(!user.must_change_password);
    assert!(user.totp_enrolled_at.is_some());
    assert!(
        mimamori_server::auth::password::verify(
            "kita's own passphrase".to_owned(),
            user.password_hash
        )
        .await
        .unwrap()
    );
}
