use super::problem;
use chrono::Duration;
use mimamori_shared::api::auth::PatientMe;
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{PATIENT_PASSWORD, World, invitation_for};
use serde_json::json;

fn redeem_body(token: &str, password: &str) -> serde_json::Value {
    json!({"token": token, "password": password, "lang": "en"})
}

#[tokio::test]
async fn patient_redeems_invitation_and_is_signed_in() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let token = world.invitation(&app).await.unwrap();
    let client = app.client();
    let response = client
        .post(app.url("/api/patient/invitations/redeem"))
        .json(&redeem_body(&token, PATIENT_PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let me: PatientMe = response.json().await.unwrap();
    assert_eq!(me.cases.len(), 1);
    assert_eq!(me.cases[0].case_number, "T-0001");
    assert_eq!(me.cases[0].day, 2);
    assert_eq!(
        me.cases[0].health_centre.phone.as_deref(),
        Some("03-1111-2222")
    );
    assert!(!me.cases[0].reported_current_slot);
    assert_eq!(me.lang, mimamori_shared::Lang::En);

    let again: PatientMe = client
        .get(app.url("/api/patient/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again, me);
}

#[tokio::test]
async fn an_invitation_works_once() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let token = world.invitation(&app).await.unwrap();
    let first = app
        .client()
        .post(app.url("/api/patient/invitations/redeem"))
        .json(&redeem_body(&token, PATIENT_PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 200);
    let second = app
        .client()
        .post(app.url("/api/patient/invitations/redeem"))
        .json(&redeem_body(&token, "another password"))
        .send()
        .await
        .unwrap();
    assert_eq!(second.status(), 410);
    assert_eq!(problem(second).await.code, "invitation_used");
}

#[tokio::test]
async fn an_expired_invitation_is_refused() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let token = invitation_for(&app, world.case.id, Duration::hours(72))
        .await
        .unwrap();
    app.advance(Duration::hours(73));
    let response = app
        .client()
        .post(app.url("/api/patient/invitations/redeem"))
        .json(&redeem_body(&token, PATIENT_PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 410);
    assert_eq!(problem(response).await.code, "invitation_expired");
}

#[tokio::test]
async fn an_unknown_invitation_is_not_found() {
    let app = TestApp::spawn().await.unwrap();
    let response = app
        .client()
        .post(app.url("/api/patient/invitations/redeem"))
        .json(&redeem_body("0".repeat(64).as_str(), PATIENT_PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(problem(response).await.code, "invitation_not_found");
}

#[tokio::test]
async fn a_short_password_gets_a_field_error_and_keeps_the_invitation() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let token = world.invitation(&app).await.unwrap();
    let response = app
        .client()
        .post(app.url("/api/patient/invitations/redeem"))
        .json(&redeem_body(&token, "short"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert_eq!(
        problem(response).await.field("password").unwrap().code,
        "too_short"
    );
    let retry = app
        .client()
        .post(app.url("/api/patient/invitations/redeem"))
        .json(&redeem_body(&token, PATIENT_PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(
        retry.status(),
        200,
        "a refused attempt must not use up the invitation"
    );
}

#[tokio::test]
async fn patient_signs_in_again_with_case_number_and_password() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    mimamori_tests::fixtures::patient_client(&app, world.case.id)
        .await
        .unwrap();
    let client = app.client();
    let wrong = client
        .post(app.url("/api/patient/session"))
        .json(&json!({"case_number": "T-0001", "password": "wrong password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    assert_eq!(problem(wrong).await.code, "invalid_credentials");
    let right = client
        .post(app.url("/api/patient/session"))
        .json(&json!({"case_number": "T-0001", "password": PATIENT_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), 200);
    assert_eq!(
        client
            .get(app.url("/api/patient/me"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        client
            .delete(app.url("/api/patient/session"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(
        client
            .get(app.url("/api/patient/me"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
}

/// Every language the patient app offers is stored with the account under its tag and comes
/// back from `GET /api/patient/me`; a tag that is not an API name is refused, not guessed.
#[tokio::test]
async fn every_language_is_stored_with_the_account() {
    use mimamori_shared::Lang;
    use mimamori_tests::fixtures::add_case;

    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    for (i, lang) in Lang::ALL.into_iter().enumerate() {
        let case = add_case(&app, world.health_centre_id, world.org_a, &format!("L-{i}"))
            .await
            .unwrap();
        let token = invitation_for(&app, case.id, Duration::hours(72))
            .await
            .unwrap();
        let client = app.client();
        let response = client
            .post(app.url("/api/patient/invitations/redeem"))
            .json(&json!({"token": token, "password": PATIENT_PASSWORD, "lang": lang.tag()}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{lang:?}");
        let me: PatientMe = client
            .get(app.url("/api/patient/me"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(me.lang, lang);
        let account = mimamori_server::db::patients::account_of_case(&app.db, case.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(account.lang, lang);
    }

    let token = world.invitation(&app).await.unwrap();
    let response = app
        .client()
        .post(app.url("/api/patient/invitations/redeem"))
        .json(&json!({"token": token, "password": PATIENT_PASSWORD, "lang": "pt"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
}
