//! Staff sign-in security: TOTP enrolment at the first sign-in, recovery codes, lockout,
//! session timeouts, change of password, and the reset of two-factor sign-in.

use super::problem;
use base64::Engine;
use chrono::Duration;
use mimamori_server::auth::{recovery, token, totp};
use mimamori_server::db;
use mimamori_server::entities::{audit_log, staff_user};
use mimamori_server::services::staff_auth;
use mimamori_shared::api::auth::{StaffMe, StaffRole};
use mimamori_shared::api::staff_security::{RecoveryCodes, TotpEnrolment};
use mimamori_shared::ids::StaffId;
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{STAFF_PASSWORD, World, staff_client, unenrolled_staff};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

async fn sign_in(
    app: &TestApp,
    client: &reqwest::Client,
    login_id: &str,
    password: &str,
    code: &str,
) -> reqwest::Response {
    client
        .post(app.url("/api/staff/session"))
        .json(&json!({"login_id": login_id, "password": password, "totp_code": code}))
        .send()
        .await
        .unwrap()
}

async fn status_of(client: &reqwest::Client, url: String) -> u16 {
    client.get(url).send().await.unwrap().status().as_u16()
}

async fn user(app: &TestApp, id: i64) -> staff_user::Model {
    db::staff::find(&app.db, id).await.unwrap().unwrap()
}

/// The stored TOTP secret of staff member `id`, opened with the server's keys.
async fn stored_secret(app: &TestApp, id: i64) -> String {
    totp::open_secret(&app.keys, id, &user(app, id).await.totp_secret).unwrap()
}

/// Audit entries of `action` about staff member `staff_id`.
async fn audited(app: &TestApp, action: &str, staff_id: i64) -> usize {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .filter(audit_log::Column::ActorId.eq(staff_id))
        .all(&app.db)
        .await
        .unwrap()
        .len()
}

async fn start_enrolment(app: &TestApp, client: &reqwest::Client) -> TotpEnrolment {
    let response = client
        .post(app.url("/api/staff/totp/enrolment"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn confirm(app: &TestApp, client: &reqwest::Client, code: &str) -> reqwest::Response {
    client
        .post(app.url("/api/staff/totp/enrolment/confirm"))
        .json(&json!({"code": code}))
        .send()
        .await
        .unwrap()
}

/// A client of `user` (unenrolled) that signed in and enrolled; returns the secret and the
/// recovery codes. Moves the clock past the confirmed code's step.
async fn enrolled_client(
    app: &TestApp,
    user: &staff_user::Model,
) -> (reqwest::Client, String, Vec<String>) {
    let client = app.client();
    let response = sign_in(app, &client, &user.login_id, STAFF_PASSWORD, "").await;
    assert_eq!(response.status(), 200);
    let enrolment = start_enrolment(app, &client).await;
    let code = totp::code_at(&enrolment.secret, app.now()).unwrap();
    let response = confirm(app, &client, &code).await;
    assert_eq!(response.status(), 200);
    let codes: RecoveryCodes = response.json().await.unwrap();
    app.advance(Duration::seconds(30));
    (client, enrolment.secret, codes.recovery_codes)
}

#[tokio::test]
async fn first_sign_in_with_the_password_opens_a_session_that_can_only_enrol() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let newcomer = unenrolled_staff(&app, world.org_a, "new.nurse", StaffRole::FollowupStaff)
        .await
        .unwrap();
    assert!(newcomer.totp_enrolled_at.is_none());
    let client = app.client();

    let response = sign_in(&app, &client, "new.nurse", STAFF_PASSWORD, "").await;
    assert_eq!(response.status(), 200);
    let me: StaffMe = response.json().await.unwrap();
    assert!(me.must_enrol_totp);
    let sessions = db::staff::sessions_of(&app.db, newcomer.id).await.unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(
        sessions[0].stage,
        mimamori_server::auth::caller::SessionStage::Enrol
    );
    assert_eq!(
        audited(&app, "staff.sign_in_to_enrol", newcomer.id).await,
        1
    );

    // "Who am I" and sign-out work; nothing else does.
    let me: StaffMe = client
        .get(app.url("/api/staff/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(me.must_enrol_totp);
    assert_eq!(me.login_id, "new.nurse");
    for url in [
        app.url("/api/staff/reports"),
        app.url(&format!("/api/staff/cases/{}", world.case.id)),
    ] {
        let response = client.get(&url).send().await.unwrap();
        assert_eq!(response.status(), 403, "{url}");
        assert_eq!(problem(response).await.code, "enrolment_required");
    }
    let response = client
        .put(app.url("/api/staff/me/password"))
        .json(&json!({"current_password": STAFF_PASSWORD, "new_password": "another long one"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(problem(response).await.code, "enrolment_required");
    let response = client
        .post(app.url(&format!("/api/staff/cases/{}/messages", world.case.id)))
        .json(&json!({"body": "hello"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);

    let out = client
        .delete(app.url("/api/staff/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    assert_eq!(status_of(&client, app.url("/api/staff/me")).await, 401);
    assert!(
        db::staff::sessions_of(&app.db, newcomer.id)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_wrong_password_never_reaches_enrolment() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let newcomer = unenrolled_staff(&app, world.org_a, "new.nurse", StaffRole::FollowupStaff)
        .await
        .unwrap();
    let client = app.client();
    let response = sign_in(&app, &client, "new.nurse", "not the password", "").await;
    assert_eq!(response.status(), 401);
    assert_eq!(problem(response).await.code, "invalid_credentials");
    assert!(
        db::staff::sessions_of(&app.db, newcomer.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(user(&app, newcomer.id).await.failed_attempts, 1);
}

#[tokio::test]
async fn enrolment_gives_a_secret_and_qr_code_then_ten_recovery_codes() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let newcomer = unenrolled_staff(&app, world.org_a, "new.nurse", StaffRole::FollowupStaff)
        .await
        .unwrap();
    let client = app.client();
    let response = sign_in(&app, &client, "new.nurse", STAFF_PASSWORD, "").await;
    assert_eq!(response.status(), 200);

    let enrolment = start_enrolment(&app, &client).await;
    assert_eq!(enrolment.secret.len(), 32, "160 bits in base32");
    assert!(
        enrolment
            .otpauth_uri
            .starts_with("otpauth://totp/Mimamori:new.nurse?"),
        "{}",
        enrolment.otpauth_uri
    );
    assert!(
        enrolment
            .otpauth_uri
            .contains(&format!("secret={}", enrolment.secret))
    );
    let png = base64::engine::general_purpose::STANDARD
        .decode(&enrolment.qr_png_base64)
        .unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    // Pending: stored, not yet enrolled.
    let stored = user(&app, newcomer.id).await;
    assert!(
        !stored.totp_secret.contains(&enrolment.secret),
        "sealed at rest"
    );
    assert_eq!(stored_secret(&app, newcomer.id).await, enrolment.secret);
    assert!(stored.totp_enrolled_at.is_none());

    let code = totp::code_at(&enrolment.secret, app.now()).unwrap();
    let response = confirm(&app, &client, &code).await;
    assert_eq!(response.status(), 200);
    let codes: RecoveryCodes = response.json().await.unwrap();
    assert_eq!(codes.recovery_codes.len(), 10);
    let mut distinct = codes.recovery_codes.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 10);
    for code in &codes.recovery_codes {
        let groups: Vec<&str> = code.split('-').collect();
        assert_eq!(groups.len(), 3, "{code}");
        assert!(groups.iter().all(|g| g.len() == 4), "{code}");
    }

    let stored = user(&app, newcomer.id).await;
    assert_eq!(stored.totp_enrolled_at, Some(app.now()));
    let sessions = db::staff::sessions_of(&app.db, newcomer.id).await.unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(
        sessions[0].stage,
        mimamori_server::auth::caller::SessionStage::Full
    );
    // Only keyed hashes are stored: not even the unkeyed SHA-256 of a code.
    let rows = db::staff::recovery_codes_of(&app.db, newcomer.id)
        .await
        .unwrap();
    assert_eq!(rows.len(), 10);
    for code in &codes.recovery_codes {
        let hash = recovery::hash(&app.keys, &code.replace('-', ""));
        assert!(
            rows.iter()
                .any(|r| r.code_hash == hash && r.used_at.is_none())
        );
        let unkeyed = token::hash(&code.replace('-', ""));
        assert!(rows.iter().all(|r| r.code_hash != unkeyed));
        assert!(
            rows.iter()
                .all(|r| !r.code_hash.contains(&code.replace('-', "")))
        );
    }
    assert_eq!(audited(&app, "staff.totp_enrolled", newcomer.id).await, 1);

    // The same session now works like any other, and cannot enrol a second time.
    let me: StaffMe = client
        .get(app.url("/api/staff/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!me.must_enrol_totp);
    assert_eq!(status_of(&client, app.url("/api/staff/reports")).await, 200);
    let again = client
        .post(app.url("/api/staff/totp/enrolment"))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 409);
    assert_eq!(problem(again).await.code, "already_enrolled");
    assert_eq!(stored_secret(&app, newcomer.id).await, enrolment.secret);

    // Next time, the authenticator's code is required.
    app.advance(Duration::seconds(30));
    let other = app.client();
    let response = sign_in(&app, &other, "new.nurse", STAFF_PASSWORD, "").await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        problem(response).await.field("totp_code").unwrap().code,
        "required"
    );
    let code = totp::code_at(&enrolment.secret, app.now()).unwrap();
    let response = sign_in(&app, &other, "new.nurse", STAFF_PASSWORD, &code).await;
    assert_eq!(response.status(), 200);
    let me: StaffMe = response.json().await.unwrap();
    assert!(!me.must_enrol_totp);
}

#[tokio::test]
async fn asking_again_replaces_the_pending_secret() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    unenrolled_staff(&app, world.org_a, "new.nurse", StaffRole::FollowupStaff)
        .await
        .unwrap();
    let client = app.client();
    sign_in(&app, &client, "new.nurse", STAFF_PASSWORD, "").await;
    let first = start_enrolment(&app, &client).await;
    let second = start_enrolment(&app, &client).await;
    assert_ne!(first.secret, second.secret);

    let stale = totp::code_at(&first.secret, app.now()).unwrap();
    let response = confirm(&app, &client, &stale).await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        problem(response).await.field("code").unwrap().code,
        "invalid"
    );

    let fresh = totp::code_at(&second.secret, app.now()).unwrap();
    assert_eq!(confirm(&app, &client, &fresh).await.status(), 200);
}

#[tokio::test]
async fn enrolment_refuses_every_bad_input() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let newcomer = unenrolled_staff(&app, world.org_a, "new.nurse", StaffRole::FollowupStaff)
        .await
        .unwrap();

    // Without a session.
    let anonymous = app.client();
    let response = anonymous
        .post(app.url("/api/staff/totp/enrolment"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(confirm(&app, &anonymous, "123456").await.status(), 401);

    let client = app.client();
    sign_in(&app, &client, "new.nurse", STAFF_PASSWORD, "").await;
    // Confirming before asking for a secret.
    let response = confirm(&app, &client, "123456").await;
    assert_eq!(response.status(), 409);
    assert_eq!(problem(response).await.code, "enrolment_not_started");

    let enrolment = start_enrolment(&app, &client).await;
    for (code, expected) in [
        ("", "required"),
        ("12ab56", "invalid"),
        ("12345", "invalid"),
    ] {
        let response = confirm(&app, &client, code).await;
        assert_eq!(response.status(), 422, "{code:?}");
        let problem = problem(response).await;
        assert_eq!(problem.field("code").unwrap().code, expected, "{code:?}");
    }
    let wrong = totp::code_at(&enrolment.secret, app.now() + Duration::minutes(5)).unwrap();
    let response = confirm(&app, &client, &wrong).await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        problem(response).await.field("code").unwrap().code,
        "invalid"
    );
    let malformed = client
        .post(app.url("/api/staff/totp/enrolment/confirm"))
        .header("content-type", "application/json")
        .body("{\"code\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);
    let wrong_type = client
        .post(app.url("/api/staff/totp/enrolment/confirm"))
        .json(&json!({"code": 123456}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_type.status(), 422);

    // Nothing of that enrolled anyone or opened anything.
    let stored = user(&app, newcomer.id).await;
    assert!(stored.totp_enrolled_at.is_none());
    assert_eq!(
        db::staff::sessions_of(&app.db, newcomer.id).await.unwrap()[0].stage,
        mimamori_server::auth::caller::SessionStage::Enrol
    );
    assert!(
        db::staff::recovery_codes_of(&app.db, newcomer.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(status_of(&client, app.url("/api/staff/reports")).await, 403);

    // An enrolled member's full session cannot replace their secret either.
    let enrolled = staff_client(&app, &world.nurse_a).await.unwrap();
    let response = enrolled
        .post(app.url("/api/staff/totp/enrolment"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 409);
    assert_eq!(problem(response).await.code, "already_enrolled");
    let response = confirm(&app, &enrolled, "123456").await;
    assert_eq!(response.status(), 409);
    assert_eq!(
        stored_secret(&app, world.nurse_a.id).await,
        world.nurse_a.totp_secret
    );
}

#[tokio::test]
async fn the_code_that_confirmed_enrolment_cannot_sign_in() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    unenrolled_staff(&app, world.org_a, "new.nurse", StaffRole::FollowupStaff)
        .await
        .unwrap();
    let client = app.client();
    sign_in(&app, &client, "new.nurse", STAFF_PASSWORD, "").await;
    let enrolment = start_enrolment(&app, &client).await;
    let code = totp::code_at(&enrolment.secret, app.now()).unwrap();
    assert_eq!(confirm(&app, &client, &code).await.status(), 200);

    // Seen over the shoulder and replayed within its 30 seconds: refused.
    let response = sign_in(&app, &app.client(), "new.nurse", STAFF_PASSWORD, &code).await;
    assert_eq!(response.status(), 401);
    assert_eq!(problem(response).await.code, "invalid_credentials");
}

#[tokio::test]
async fn a_recovery_code_signs_in_once() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let newcomer = unenrolled_staff(&app, world.org_a, "new.nurse", StaffRole::FollowupStaff)
        .await
        .unwrap();
    let (_, _, codes) = enrolled_client(&app, &newcomer).await;

    // Typed as people do: upper case, spaces for dashes.
    let typed = codes[3].to_uppercase().replace('-', " ");
    let client = app.client();
    let response = sign_in(&app, &client, "new.nurse", STAFF_PASSWORD, &typed).await;
    assert_eq!(response.status(), 200);
    let me: StaffMe = response.json().await.unwrap();
    assert!(!me.must_enrol_totp);
    assert_eq!(status_of(&client, app.url("/api/staff/reports")).await, 200);
    assert_eq!(
        audited(&app, "staff.recovery_code_used", newcomer.id).await,
        1
    );
    let rows = db::staff::recovery_codes_of(&app.db, newcomer.id)
        .await
        .unwrap();
    let used: Vec<_> = rows.iter().filter(|r| r.used_at.is_some()).collect();
    assert_eq!(used.len(), 1);
    assert_eq!(
        used[0].code_hash,
        recovery::hash(&app.keys, &codes[3].replace('-', ""))
    );

    let again = sign_in(&app, &app.client(), "new.nurse", STAFF_PASSWORD, &codes[3]).await;
    assert_eq!(again.status(), 401);
    assert_eq!(problem(again).await.code, "invalid_credentials");
    // A made-up code of the right shape fails like any wrong factor.
    let made_up = sign_in(
        &app,
        &app.client(),
        "new.nurse",
        STAFF_PASSWORD,
        "abcd-efgh-jkmn",
    )
    .await;
    assert_eq!(made_up.status(), 401);
    // A recovery code needs the password too.
    let no_password = sign_in(&app, &app.client(), "new.nurse", "wrong", &codes[4]).await;
    assert_eq!(no_password.status(), 401);

    let other = sign_in(&app, &app.client(), "new.nurse", STAFF_PASSWORD, &codes[4]).await;
    assert_eq!(other.status(), 200);
    assert_eq!(
        audited(&app, "staff.recovery_code_used", newcomer.id).await,
        2
    );
}

#[tokio::test]
async fn five_failures_lock_the_account_for_15_minutes() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let nurse = &world.nurse_a;
    let right_code = |app: &TestApp| totp::code_at(&nurse.totp_secret, app.now()).unwrap();
    let wrong_code = totp::code_at(&nurse.totp_secret, app.now() + Duration::minutes(10)).unwrap();
    // Every kind of wrong factor counts.
    let attempts = [
        ("wrong password", right_code(&app)),
        (STAFF_PASSWORD, wrong_code.clone()),
        (STAFF_PASSWORD, "abcd-efgh-jkmn".to_owned()),
        ("wrong password", String::new()),
        ("wrong password", wrong_code),
    ];
    for (i, (password, code)) in attempts.iter().enumerate() {
        let response = sign_in(&app, &app.client(), "nurse.a", password, code).await;
        assert_eq!(response.status(), 401, "attempt {}", i + 1);
    }
    let locked = user(&app, nurse.id).await;
    assert_eq!(locked.locked_until, Some(app.now() + Duration::minutes(15)));
    assert_eq!(audited(&app, "staff.locked", nurse.id).await, 1);
    assert_eq!(audited(&app, "staff.sign_in_failed", nurse.id).await, 5);

    // The sixth attempt, with every factor right, is refused while locked.
    app.advance(Duration::minutes(14));
    let client = app.client();
    let response = sign_in(&app, &client, "nurse.a", STAFF_PASSWORD, &right_code(&app)).await;
    assert_eq!(response.status(), 429);
    let retry_after: i64 = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap();
    assert_eq!(retry_after, 60);
    assert_eq!(problem(response).await.code, "account_locked");
    assert_eq!(audited(&app, "staff.sign_in_locked", nurse.id).await, 1);
    assert!(
        db::staff::sessions_of(&app.db, nurse.id)
            .await
            .unwrap()
            .is_empty()
    );
    // A wrong password while locked gets the same answer and does not lengthen the lock.
    let response = sign_in(&app, &client, "nurse.a", "wrong password", "").await;
    assert_eq!(response.status(), 429);
    assert_eq!(user(&app, nurse.id).await.locked_until, locked.locked_until);

    // Fifteen minutes after the lock, the right factors work and the count starts again.
    app.advance(Duration::minutes(1));
    let response = sign_in(&app, &client, "nurse.a", STAFF_PASSWORD, &right_code(&app)).await;
    assert_eq!(response.status(), 200);
    let unlocked = user(&app, nurse.id).await;
    assert_eq!(unlocked.failed_attempts, 0);
    assert_eq!(unlocked.locked_until, None);
}

#[tokio::test]
async fn a_successful_sign_in_starts_the_failure_count_again() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let nurse = &world.nurse_a;
    for round in 0..2 {
        for _ in 0..4 {
            let response = sign_in(&app, &app.client(), "nurse.a", "wrong password", "").await;
            assert_eq!(response.status(), 401);
        }
        assert_eq!(user(&app, nurse.id).await.failed_attempts, 4);
        let code = totp::code_at(&nurse.totp_secret, app.now()).unwrap();
        let response = sign_in(&app, &app.client(), "nurse.a", STAFF_PASSWORD, &code).await;
        assert_eq!(response.status(), 200, "round {round}");
        assert_eq!(user(&app, nurse.id).await.failed_attempts, 0);
        app.advance(Duration::seconds(30));
    }
    assert_eq!(audited(&app, "staff.locked", nurse.id).await, 0);
}

#[tokio::test]
async fn an_unknown_login_id_is_never_locked_and_answers_401() {
    let app = TestApp::spawn().await.unwrap();
    World::create(&app).await.unwrap();
    for _ in 0..6 {
        let response = sign_in(&app, &app.client(), "nobody", "wrong", "123456").await;
        assert_eq!(response.status(), 401);
    }
}

#[tokio::test]
async fn a_session_ends_12_hours_after_sign_in_however_active() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let client = staff_client(&app, &world.nurse_a).await.unwrap();
    // A request every 20 minutes keeps the idle timeout away, for 11 h 40 min.
    for _ in 0..35 {
        app.advance(Duration::minutes(20));
        assert_eq!(status_of(&client, app.url("/api/staff/me")).await, 200);
    }
    app.advance(Duration::minutes(20));
    assert_eq!(status_of(&client, app.url("/api/staff/me")).await, 401);
    assert!(
        db::staff::sessions_of(&app.db, world.nurse_a.id)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn an_enrolment_session_times_out_like_any_other() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    unenrolled_staff(&app, world.org_a, "new.nurse", StaffRole::FollowupStaff)
        .await
        .unwrap();
    let client = app.client();
    sign_in(&app, &client, "new.nurse", STAFF_PASSWORD, "").await;
    app.advance(Duration::minutes(31));
    let response = client
        .post(app.url("/api/staff/totp/enrolment"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

/// `PUT /api/staff/me/password` from `client`.
pub(crate) async fn change_password(
    app: &TestApp,
    client: &reqwest::Client,
    current: &str,
    new: &str,
) -> reqwest::Response {
    client
        .put(app.url("/api/staff/me/password"))
        .json(&json!({"current_password": current, "new_password": new}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let nurse = &world.nurse_a;
    let desk = staff_client(&app, nurse).await.unwrap();
    let tablet = staff_client(&app, nurse).await.unwrap();
    let other_user = staff_client(&app, &world.doctor_a).await.unwrap();

    let response = change_password(&app, &desk, STAFF_PASSWORD, "a brand new passphrase").await;
    assert_eq!(response.status(), 204);
    assert_eq!(status_of(&desk, app.url("/api/staff/me")).await, 200);
    assert_eq!(status_of(&tablet, app.url("/api/staff/me")).await, 401);
    assert_eq!(status_of(&other_user, app.url("/api/staff/me")).await, 200);
    let stored = user(&app, nurse.id).await;
    assert_eq!(stored.password_changed_at, Some(app.now()));
    assert_ne!(stored.password_hash, nurse.password_hash);
    assert_eq!(audited(&app, "staff.password_changed", nurse.id).await, 1);

    let code = totp::code_at(&nurse.totp_secret, app.now()).unwrap();
    let old = sign_in(&app, &app.client(), "nurse.a", STAFF_PASSWORD, &code).await;
    assert_eq!(old.status(), 401);
    let new = sign_in(
        &app,
        &app.client(),
        "nurse.a",
        "a brand new passphrase",
        &code,
    )
    .await;
    assert_eq!(new.status(), 200);
}

#[tokio::test]
async fn a_password_change_with_bad_fields_changes_nothing() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let nurse = &world.nurse_a;
    let client = staff_client(&app, nurse).await.unwrap();
    let tablet = staff_client(&app, nurse).await.unwrap();

    /// Current password, new password, and the (field, code) errors expected.
    type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);
    let cases: [Case; 6] = [
        (
            "wrong password",
            "a brand new passphrase",
            &[("current_password", "invalid")],
        ),
        (STAFF_PASSWORD, "short", &[("new_password", "too_short")]),
        (
            STAFF_PASSWORD,
            &"x".repeat(129),
            &[("new_password", "too_long")],
        ),
        (
            STAFF_PASSWORD,
            STAFF_PASSWORD,
            &[("new_password", "unchanged")],
        ),
        (
            "",
            "",
            &[
                ("current_password", "required"),
                ("new_password", "required"),
            ],
        ),
        (
            "wrong password",
            "short",
            &[
                ("current_password", "invalid"),
                ("new_password", "too_short"),
            ],
        ),
    ];
    for (current, new, expected) in cases {
        let response = change_password(&app, &client, current, new).await;
        assert_eq!(response.status(), 422, "{current:?} → {new:?}");
        let problem = problem(response).await;
        let fields: Vec<(&str, &str)> = problem
            .errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(fields, expected, "{current:?} → {new:?}");
    }
    let stored = user(&app, nurse.id).await;
    assert_eq!(stored.password_hash, nurse.password_hash);
    assert_eq!(stored.password_changed_at, None);
    assert_eq!(status_of(&tablet, app.url("/api/staff/me")).await, 200);
    assert_eq!(audited(&app, "staff.password_changed", nurse.id).await, 0);

    let anonymous = change_password(&app, &app.client(), STAFF_PASSWORD, "a new passphrase").await;
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn after_a_two_factor_reset_the_next_sign_in_enrols_again() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let newcomer = unenrolled_staff(&app, world.org_a, "new.nurse", StaffRole::FollowupStaff)
        .await
        .unwrap();
    let (client, old_secret, old_codes) = enrolled_client(&app, &newcomer).await;
    // Lost phone after a few bad tries.
    for _ in 0..3 {
        sign_in(&app, &app.client(), "new.nurse", STAFF_PASSWORD, "000000").await;
    }

    staff_auth::reset_two_factor(&app.db, StaffId(newcomer.id), app.now())
        .await
        .unwrap();
    let stored = user(&app, newcomer.id).await;
    assert_eq!(stored.totp_secret, "");
    assert_eq!(stored.totp_enrolled_at, None);
    assert_eq!(stored.totp_last_step, None);
    assert_eq!(stored.failed_attempts, 0);
    assert!(
        db::staff::recovery_codes_of(&app.db, newcomer.id)
            .await
            .unwrap()
            .iter()
            .all(|r| r.used_at.is_some()),
        "every recovery code is void"
    );
    assert_eq!(status_of(&client, app.url("/api/staff/me")).await, 401);

    // The password alone leads to enrolment again, even with the old factors in the code field,
    // but first to a new password: whoever lost the phone may have lost the password too.
    let old_code = totp::code_at(&old_secret, app.now()).unwrap();
    let again = app.client();
    let response = sign_in(&app, &again, "new.nurse", STAFF_PASSWORD, &old_code).await;
    assert_eq!(response.status(), 200);
    let me: StaffMe = response.json().await.unwrap();
    assert!(me.must_enrol_totp);
    assert!(me.must_change_password, "a 2FA reset forces a new password");
    assert_eq!(status_of(&again, app.url("/api/staff/reports")).await, 403);
    let early = again
        .post(app.url("/api/staff/totp/enrolment"))
        .send()
        .await
        .unwrap();
    assert_eq!(early.status(), 403);
    let changed = again
        .put(app.url("/api/staff/me/password"))
        .json(&json!({"current_password": STAFF_PASSWORD, "new_password": NEW_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 204);
    let enrolment = start_enrolment(&app, &again).await;
    assert_ne!(enrolment.secret, old_secret);
    let code = totp::code_at(&enrolment.secret, app.now()).unwrap();
    let response = confirm(&app, &again, &code).await;
    assert_eq!(response.status(), 200);
    let new_codes: RecoveryCodes = response.json().await.unwrap();
    assert_eq!(status_of(&again, app.url("/api/staff/reports")).await, 200);
    assert_eq!(
        db::staff::recovery_codes_of(&app.db, newcomer.id)
            .await
            .unwrap()
            .iter()
            .filter(|r| r.used_at.is_none())
            .count(),
        10
    );

    // The old recovery codes stay void; the new ones work.
    app.advance(Duration::seconds(30));
    let response = sign_in(
        &app,
        &app.client(),
        "new.nurse",
        NEW_PASSWORD,
        &old_codes[0],
    )
    .await;
    assert_eq!(response.status(), 401);
    let response = sign_in(
        &app,
        &app.client(),
        "new.nurse",
        NEW_PASSWORD,
        &new_codes.recovery_codes[0],
    )
    .await;
    assert_eq!(response.status(), 200);
}

/// The password a member chooses after a reset in these tests.
const NEW_PASSWORD: &str = "a brand new secret 9";

/// Completing enrolment rotates the session, so the token a password alone opened never carries
/// full access.
#[tokio::test]
async fn completing_enrolment_replaces_the_session_token() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    unenrolled_staff(&app, world.org_a, "new.nurse", StaffRole::FollowupStaff)
        .await
        .unwrap();
    let client = app.client();
    let response = sign_in(&app, &client, "new.nurse", STAFF_PASSWORD, "").await;
    assert_eq!(response.status(), 200);
    let old_cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let enrolment = start_enrolment(&app, &client).await;
    let code = totp::code_at(&enrolment.secret, app.now()).unwrap();
    let response = confirm(&app, &client, &code).await;
    assert_eq!(response.status(), 200);
    let new_cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    assert_ne!(new_cookie, old_cookie, "a new token is issued");

    let with_old = reqwest::Client::new()
        .get(app.url("/api/staff/me"))
        .header("cookie", &old_cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(with_old.status(), 401, "the enrolment-stage token ended");
    assert_eq!(status_of(&client, app.url("/api/staff/reports")).await, 200);
}

#[tokio::test]
async fn resetting_an_unknown_staff_member_is_not_found() {
    let app = TestApp::spawn().await.unwrap();
    let result = staff_auth::reset_two_factor(&app.db, StaffId(999_999), app.now()).await;
    assert!(matches!(
        result,
        Err(mimamori_server::error::ApiError::NotFound)
    ));
}
