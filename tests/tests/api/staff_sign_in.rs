use super::problem;
use chrono::Duration;
use mimamori_server::auth::totp;
use mimamori_shared::api::auth::{StaffMe, StaffRole};
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{World, sign_in_request};

#[tokio::test]
async fn staff_signs_in_with_id_password_and_totp() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let client = app.client();
    let response = client
        .post(app.url("/api/staff/session"))
        .json(&sign_in_request(&app, &world.doctor_a).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let me: StaffMe = response.json().await.unwrap();
    assert_eq!(me.role, StaffRole::FollowupDoctor);
    assert_eq!(me.organisation.name, "Clinic A");

    let me: StaffMe = client
        .get(app.url("/api/staff/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me.login_id, "doctor.a");

    let out = client
        .delete(app.url("/api/staff/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    assert_eq!(
        client
            .get(app.url("/api/staff/me"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
}

#[tokio::test]
async fn wrong_totp_code_is_refused() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let mut request = sign_in_request(&app, &world.doctor_a).unwrap();
    request.totp_code = totp::code_at(
        &world.doctor_a.totp_secret,
        app.now() + Duration::minutes(5),
    )
    .unwrap();
    let response = app
        .client()
        .post(app.url("/api/staff/session"))
        .json(&request)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(problem(response).await.code, "invalid_credentials");
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_answer() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let mut request = sign_in_request(&app, &world.doctor_a).unwrap();
    request.password = "not the password".into();
    let wrong_password = app
        .client()
        .post(app.url("/api/staff/session"))
        .json(&request)
        .send()
        .await
        .unwrap();
    request.login_id = "nobody".into();
    let unknown = app
        .client()
        .post(app.url("/api/staff/session"))
        .json(&request)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_password.status(), 401);
    assert_eq!(unknown.status(), 401);
    assert_eq!(problem(wrong_password).await, problem(unknown).await);
}

#[tokio::test]
async fn a_totp_code_works_only_once() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let request = sign_in_request(&app, &world.doctor_a).unwrap();
    let first = app
        .client()
        .post(app.url("/api/staff/session"))
        .json(&request)
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 200);
    let replay = app
        .client()
        .post(app.url("/api/staff/session"))
        .json(&request)
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), 401);
}

#[tokio::test]
async fn missing_fields_get_field_errors() {
    let app = TestApp::spawn().await.unwrap();
    let response = app
        .client()
        .post(app.url("/api/staff/session"))
        .json(&serde_json::json!({"login_id": "", "totp_code": "12ab"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let problem = problem(response).await;
    assert_eq!(problem.code, "validation");
    assert_eq!(problem.field("login_id").unwrap().code, "required");
    assert_eq!(problem.field("password").unwrap().code, "required");
    assert_eq!(problem.field("totp_code").unwrap().code, "invalid");
}

#[tokio::test]
async fn malformed_json_and_wrong_media_type_are_problems() {
    let app = TestApp::spawn().await.unwrap();
    let malformed = app
        .client()
        .post(app.url("/api/staff/session"))
        .header("content-type", "application/json")
        .body("{\"login_id\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);
    assert_eq!(problem(malformed).await.code, "malformed_request");
    let form = app
        .client()
        .post(app.url("/api/staff/session"))
        .body("login_id=x")
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 415);
    assert_eq!(problem(form).await.code, "unsupported_media_type");
}

#[tokio::test]
async fn a_session_ends_after_30_idle_minutes() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let client = mimamori_tests::fixtures::staff_client(&app, &world.nurse_a)
        .await
        .unwrap();
    app.advance(Duration::minutes(29));
    assert_eq!(
        client
            .get(app.url("/api/staff/me"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    app.advance(Duration::minutes(31));
    assert_eq!(
        client
            .get(app.url("/api/staff/me"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
}
