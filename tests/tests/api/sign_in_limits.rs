//! Patient sign-in limits (docs/security.md "Limits"): wrong passwords make a case number wait,
//! then lock it, whether or not the number is a case; an address trying many numbers is stopped;
//! every attempt is audited; the staff see the lock on the timeline and the patient is told at the
//! next sign-in; a common password is refused.

use super::problem;
use chrono::Duration;
use mimamori_server::entities::{audit_log, case_event};
use mimamori_server::services::sign_in_throttle;
use mimamori_shared::api::auth::PatientMe;
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{PATIENT_PASSWORD, World, invitation_for, patient_client};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

async fn sign_in(app: &TestApp, number: &str, password: &str) -> reqwest::Response {
    app.client()
        .post(app.url("/api/patient/session"))
        .json(&json!({"case_number": number, "password": password}))
        .send()
        .await
        .unwrap()
}

/// The `Retry-After` of a 429 problem with code `sign_in_locked`, in seconds.
async fn refused(response: reqwest::Response) -> i64 {
    assert_eq!(response.status(), 429);
    let wait: i64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(problem(response).await.code, "sign_in_locked");
    wait
}

/// Ten wrong passwords for `number`, waiting out each back-off as a patient would; checks each
/// is answered 401 and a retry during the wait 429.
async fn ten_failures(app: &TestApp, number: &str) {
    for n in 1..=10 {
        let response = sign_in(app, number, "wrong password").await;
        assert_eq!(response.status(), 401, "failure {n}");
        let Some(wait) = sign_in_throttle::backoff(n) else {
            continue;
        };
        if n < 10 {
            let early = refused(sign_in(app, number, "wrong password").await).await;
            assert_eq!(early, wait.num_seconds(), "after failure {n}");
            app.advance(wait + Duration::seconds(1));
        }
    }
}

async fn audited(app: &TestApp, action: &str) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .all(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_eleventh_wrong_password_is_refused_and_the_right_one_waits_for_the_lock() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    patient_client(&app, world.case.id).await.unwrap();
    let number = world.case.case_number.clone();

    ten_failures(&app, &number).await;
    let wait = refused(sign_in(&app, &number, "wrong password").await).await;
    assert_eq!(wait, 15 * 60, "the tenth failure locks for 15 minutes");
    let wait = refused(sign_in(&app, &number, PATIENT_PASSWORD).await).await;
    assert!(wait > 14 * 60, "the right password waits too: {wait}");
    app.advance(Duration::minutes(14));
    refused(sign_in(&app, &number, PATIENT_PASSWORD).await).await;

    // The staff see it on the case's timeline; every attempt is in the audit log with the case
    // and the address.
    let locks = case_event::Entity::find()
        .filter(case_event::Column::CaseId.eq(world.case.id))
        .filter(case_event::Column::Kind.eq("sign_in_locked"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(locks, 1);
    let failed = audited(&app, "patient.sign_in_failed").await;
    assert_eq!(failed.len(), 10);
    assert!(
        failed
            .iter()
            .all(|e| e.case_id == Some(world.case.id) && e.client_addr.is_some())
    );
    assert_eq!(audited(&app, "patient.sign_in_locked").await.len(), 1);
    assert_eq!(audited(&app, "patient.sign_in_refused").await.len(), 8);

    // After the lock the right password works, and the patient is told.
    app.advance(Duration::minutes(1) + Duration::seconds(1));
    let response = sign_in(&app, &number, PATIENT_PASSWORD).await;
    assert_eq!(response.status(), 200);
    let me: PatientMe = response.json().await.unwrap();
    assert_eq!(me.failed_sign_ins, 10);
    assert_eq!(audited(&app, "patient.sign_in").await.len(), 1);
    // Counted afresh: the next success tells of nothing.
    let me: PatientMe = sign_in(&app, &number, PATIENT_PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me.failed_sign_ins, 0);
}

#[tokio::test]
async fn a_number_that_is_no_case_is_answered_the_same() {
    let app = TestApp::spawn().await.unwrap();
    World::create(&app).await.unwrap();
    ten_failures(&app, "T-9999").await;
    assert_eq!(
        refused(sign_in(&app, "T-9999", "wrong password").await).await,
        15 * 60
    );
    let failed = audited(&app, "patient.sign_in_failed").await;
    assert_eq!(failed.len(), 10);
    assert!(failed.iter().all(|e| e.case_id.is_none()));
    assert!(audited(&app, "patient.sign_in_locked").await.is_empty());
}

#[tokio::test]
async fn an_address_trying_many_numbers_is_stopped() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    patient_client(&app, world.case.id).await.unwrap();
    for n in 0..sign_in_throttle::ADDRESS_FAILURES {
        let response = sign_in(&app, &format!("T-{:04}", 100 + n), "123456789").await;
        assert_eq!(response.status(), 401, "attempt {n}");
    }
    // Every number is fresh, but the address has used up its failures: even the right
    // password for a real case waits.
    let wait = refused(sign_in(&app, &world.case.case_number, PATIENT_PASSWORD).await).await;
    assert_eq!(wait, 15 * 60);
    app.advance(Duration::minutes(15) + Duration::seconds(1));
    let response = sign_in(&app, &world.case.case_number, PATIENT_PASSWORD).await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn a_common_password_is_refused_in_the_patients_words() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let token = invitation_for(&app, world.case.id, Duration::hours(72))
        .await
        .unwrap();
    for common in ["password1", "ILoveYou"] {
        let response = app
            .client()
            .post(app.url("/api/patient/invitations/redeem"))
            .json(&json!({"token": token, "password": common, "lang": "ja"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422, "{common}");
        let problem = problem(response).await;
        assert_eq!(
            (
                problem.errors[0].field.as_str(),
                problem.errors[0].code.as_str()
            ),
            ("password", "too_common")
        );
    }
    let response = app
        .client()
        .post(app.url("/api/patient/invitations/redeem"))
        .json(&json!({"token": token, "password": PATIENT_PASSWORD, "lang": "ja"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "the invitation is still good");
}

/// Staff passwords: 12 characters or more, and not a common one.
#[tokio::test]
async fn a_staff_password_is_twelve_characters_or_more_and_not_a_common_one() {
    use mimamori_tests::fixtures::{STAFF_PASSWORD, staff_client};
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    let change = |new: &'static str| {
        nurse
            .put(app.url("/api/staff/me/password"))
            .json(&json!({"current_password": STAFF_PASSWORD, "new_password": new}))
            .send()
    };
    for (new, code) in [("eleven char", "too_short"), ("1qaz2wsx3edc", "too_common")] {
        let response = change(new).await.unwrap();
        assert_eq!(response.status(), 422, "{new}");
        let problem = problem(response).await;
        assert_eq!(
            (
                problem.errors[0].field.as_str(),
                problem.errors[0].code.as_str()
            ),
            ("new_password", code)
        );
    }
    let response = change("twelve chars").await.unwrap();
    assert!(response.status().is_success(), "{}", response.status());
}
