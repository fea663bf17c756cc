use super::problem;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Duration;
use mimamori_server::entities::{health_report, push_subscription};
use mimamori_shared::api::auth::PatientMe;
use mimamori_shared::api::patient::{
    MessageList, MessageView, ReminderPreferences, VapidPublicKey,
};
use mimamori_shared::api::reports::ReportView;
use mimamori_shared::triage::Flag;
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{
    World, add_case, invitation_for, patient_client, report_body, staff_client,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

const P256DH: &str =
    "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM";
const AUTH: &str = "tBHItJI5svbpez7KI4CCXg";

#[tokio::test]
async fn a_household_member_is_added_with_their_own_invitation() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let child = add_case(&app, world.health_centre_id, world.org_a, "T-0002")
        .await
        .unwrap();
    let parent = patient_client(&app, world.case.id).await.unwrap();
    let token = invitation_for(&app, child.id, Duration::hours(72))
        .await
        .unwrap();
    let response = parent
        .post(app.url("/api/patient/household"))
        .json(&json!({"token": token}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let me: PatientMe = response.json().await.unwrap();
    let numbers: Vec<_> = me.cases.iter().map(|c| c.case_number.as_str()).collect();
    assert_eq!(numbers, ["T-0001", "T-0002"]);
    let report = parent
        .post(app.url(&format!("/api/patient/cases/{}/reports", child.id)))
        .json(&report_body(36.8, None))
        .send()
        .await
        .unwrap();
    assert_eq!(
        report.status(),
        201,
        "the sign-in now reports for the member"
    );
    let reused = parent
        .post(app.url("/api/patient/household"))
        .json(&json!({"token": token}))
        .send()
        .await
        .unwrap();
    assert_eq!(reused.status(), 410);
}

/// A re-issued invitation for a household member gives the member a sign-in of their own; the
/// representative's password and sessions are left alone (before, it reset the representative's
/// account).
#[tokio::test]
async fn a_members_reissued_invitation_leaves_the_representatives_sign_in_alone() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let child = add_case(&app, world.health_centre_id, world.org_a, "T-0002")
        .await
        .unwrap();
    let parent = patient_client(&app, world.case.id).await.unwrap();
    let token = invitation_for(&app, child.id, Duration::hours(72))
        .await
        .unwrap();
    let joined = parent
        .post(app.url("/api/patient/household"))
        .json(&json!({"token": token}))
        .send()
        .await
        .unwrap();
    assert_eq!(joined.status(), 200);

    // The health centre re-issues the child's invitation; the child redeems it.
    let again = invitation_for(&app, child.id, Duration::hours(72))
        .await
        .unwrap();
    let child_client = app.client();
    let redeemed = child_client
        .post(app.url("/api/patient/invitations/redeem"))
        .json(&json!({"token": again, "password": "the child's own words", "lang": "en"}))
        .send()
        .await
        .unwrap();
    assert_eq!(redeemed.status(), 200);
    let me: PatientMe = redeemed.json().await.unwrap();
    let numbers: Vec<_> = me.cases.iter().map(|c| c.case_number.as_str()).collect();
    assert_eq!(
        numbers,
        ["T-0002"],
        "the child's sign-in has the child's case"
    );

    // The parent is still signed in, with their own case only, and their password still works.
    let me: PatientMe = parent
        .get(app.url("/api/patient/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let numbers: Vec<_> = me.cases.iter().map(|c| c.case_number.as_str()).collect();
    assert_eq!(numbers, ["T-0001"]);
    let signed_in = app
        .client()
        .post(app.url("/api/patient/session"))
        .json(&json!({"case_number": "T-0001", "password": mimamori_tests::fixtures::PATIENT_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        signed_in.status(),
        200,
        "the representative's password is unchanged"
    );

    // A re-issued invitation for the representative's own case still resets their password.
    let own = invitation_for(&app, world.case.id, Duration::hours(72))
        .await
        .unwrap();
    let reset = app
        .client()
        .post(app.url("/api/patient/invitations/redeem"))
        .json(&json!({"token": own, "password": "a new password for me", "lang": "ja"}))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), 200);
    assert_eq!(
        parent
            .get(app.url("/api/patient/me"))
            .send()
            .await
            .unwrap()
            .status(),
        401,
        "the old password's sessions end"
    );
}

#[tokio::test]
async fn a_member_with_their_own_sign_in_cannot_be_taken_over() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let other = add_case(&app, world.health_centre_id, world.org_a, "T-0002")
        .await
        .unwrap();
    patient_client(&app, other.id).await.unwrap();
    let parent = patient_client(&app, world.case.id).await.unwrap();
    let token = invitation_for(&app, other.id, Duration::hours(72))
        .await
        .unwrap();
    let response = parent
        .post(app.url("/api/patient/household"))
        .json(&json!({"token": token}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 409);
    assert_eq!(problem(response).await.code, "already_enrolled");
    let empty = parent
        .post(app.url("/api/patient/household"))
        .json(&json!({"token": ""}))
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), 422);
}

#[tokio::test]
async fn the_current_report_can_be_corrected_once_its_slot_passed_it_cannot() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let client = patient_client(&app, world.case.id).await.unwrap();
    let sent: ReportView = client
        .post(app.url(&format!("/api/patient/cases/{}/reports", world.case.id)))
        .json(&report_body(36.9, Some(98)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(sent.flag, Flag::None);
    let url = app.url(&format!(
        "/api/patient/cases/{}/reports/{}",
        world.case.id, sent.id
    ));
    let corrected = client
        .put(&url)
        .json(&report_body(38.4, Some(98)))
        .send()
        .await
        .unwrap();
    assert_eq!(corrected.status(), 200);
    let corrected: ReportView = corrected.json().await.unwrap();
    assert_eq!(
        (corrected.id, corrected.temperature_c, corrected.flag),
        (sent.id, 38.4, Flag::Amber)
    );
    let rows = health_report::Entity::find()
        .filter(health_report::Column::CaseId.eq(world.case.id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert!(rows[0].corrected_at.is_some());
    let bad = client
        .put(&url)
        .json(&report_body(50.0, None))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    app.advance(Duration::days(1));
    let late = client
        .put(&url)
        .json(&report_body(37.0, None))
        .send()
        .await
        .unwrap();
    assert_eq!(late.status(), 409);
    assert_eq!(problem(late).await.code, "not_current_slot");
}

#[tokio::test]
async fn staff_messages_reach_the_patient() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    let url = app.url(&format!("/api/staff/cases/{}/messages", world.case.id));
    let empty = nurse
        .post(&url)
        .json(&json!({"body": " "}))
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), 422);
    assert_eq!(problem(empty).await.field("body").unwrap().code, "required");
    let sent = nurse
        .post(&url)
        .json(&json!({"body": "明日の朝も入力をお願いします"}))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 201);
    let sent: MessageView = sent.json().await.unwrap();
    assert_eq!(sent.from, "Clinic A");
    let other = staff_client(&app, &world.doctor_b).await.unwrap();
    assert_eq!(
        other
            .post(&url)
            .json(&json!({"body": "x"}))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );

    let patient = patient_client(&app, world.case.id).await.unwrap();
    let list: MessageList = patient
        .get(app.url(&format!("/api/patient/cases/{}/messages", world.case.id)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.items, vec![sent]);
}

#[tokio::test]
async fn the_vapid_key_is_made_once_and_kept() {
    let app = TestApp::spawn().await.unwrap();
    let first: VapidPublicKey = app
        .client()
        .get(app.url("/api/patient/push/vapid-public-key"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let second: VapidPublicKey = app
        .client()
        .get(app.url("/api/patient/push/vapid-public-key"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(first, second);
    let point = URL_SAFE_NO_PAD.decode(&first.public_key).unwrap();
    assert_eq!((point.len(), point[0]), (65, 0x04));
}

#[tokio::test]
async fn a_push_subscription_is_stored_per_device_and_removed_when_reminders_are_off() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let client = patient_client(&app, world.case.id).await.unwrap();
    let url = app.url("/api/patient/push/subscriptions");
    let body = json!({"endpoint": "https://push.example/send/abc", "keys": {"p256dh": P256DH, "auth": AUTH}});
    assert_eq!(
        client.post(&url).json(&body).send().await.unwrap().status(),
        201
    );
    assert_eq!(
        client.post(&url).json(&body).send().await.unwrap().status(),
        201,
        "subscribing again replaces"
    );
    let stored = push_subscription::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert!(
        !stored[0].endpoint.contains("push.example"),
        "sealed at rest"
    );
    let stored =
        [mimamori_server::services::push::open_subscription(&app.keys, &stored[0]).unwrap()];
    assert_eq!(
        (stored[0].endpoint.as_str(), stored[0].auth.as_str()),
        ("https://push.example/send/abc", AUTH)
    );

    let bad = client
        .post(&url)
        .json(&json!({"endpoint": "ftp://x", "keys": {"p256dh": "abc", "auth": ""}}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let problem = problem(bad).await;
    assert!(
        problem.field("endpoint").is_some()
            && problem.field("keys.p256dh").is_some()
            && problem.field("keys.auth").is_some()
    );

    let prefs: ReminderPreferences = client
        .get(app.url("/api/patient/preferences"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(prefs, ReminderPreferences::default());
    let night = client
        .put(app.url("/api/patient/preferences"))
        .json(&json!({"enabled": true, "window_start": "22:00", "window_end": "23:00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(night.status(), 422);
    let updated = client
        .put(app.url("/api/patient/preferences"))
        .json(&json!({"enabled": true, "window_start": "07:30", "window_end": "09:00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(updated.status(), 200);
    assert_eq!(
        updated
            .json::<ReminderPreferences>()
            .await
            .unwrap()
            .window_start
            .to_string(),
        "07:30:00"
    );
    let off = client
        .put(app.url("/api/patient/preferences"))
        .json(&json!({"enabled": false, "window_start": "07:30", "window_end": "09:00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(off.status(), 200);
    assert_eq!(
        push_subscription::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        0,
        "turning reminders off forgets subscriptions"
    );

    assert_eq!(
        client.post(&url).json(&body).send().await.unwrap().status(),
        201
    );
    let delete = client
        .delete(&url)
        .json(&json!({"endpoint": "https://push.example/send/abc"}))
        .send()
        .await
        .unwrap();
    assert_eq!(delete.status(), 204);
    assert_eq!(
        push_subscription::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        0
    );
}

/// Once follow-up ends the patient's sign-in reads its history, read-only, for 30 days; after that
/// the session ends and the password no longer signs in.
#[tokio::test]
async fn after_follow_up_ends_the_sign_in_reads_for_thirty_days_then_ends() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let patient = patient_client(&app, world.case.id).await.unwrap();
    let officer = mimamori_server::services::setup::create_staff(
        &app.db,
        &app.keys,
        world.health_centre_id,
        "hc.officer",
        "保健所 職員",
        mimamori_shared::api::auth::StaffRole::HcStaff,
        mimamori_tests::fixtures::STAFF_PASSWORD,
        app.now(),
    )
    .await
    .unwrap();
    let hc = mimamori_tests::fixtures::staff_client(&app, &officer)
        .await
        .unwrap();
    let ended = hc
        .post(app.url(&format!("/api/staff/cases/{}/end", world.case.id)))
        .json(&json!({"reason": "hospitalised", "note": ""}))
        .send()
        .await
        .unwrap();
    assert_eq!(ended.status(), 200);

    // Within the window: the history reads; nothing changes.
    app.advance(Duration::days(29));
    let reports = patient
        .get(app.url(&format!("/api/patient/cases/{}/reports", world.case.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(reports.status(), 200);
    let prefs = patient
        .put(app.url("/api/patient/preferences"))
        .json(&json!({"enabled": false, "window_start": "08:00", "window_end": "10:00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(prefs.status(), 409);
    assert_eq!(problem(prefs).await.code, "followup_ended");
    let subscribe = patient
        .post(app.url("/api/patient/push/subscriptions"))
        .json(&json!({"endpoint": "https://push.example/x", "keys": {"p256dh": P256DH, "auth": AUTH}}))
        .send()
        .await
        .unwrap();
    assert_eq!(subscribe.status(), 409);
    let sign_in = |password: &'static str| {
        let request = app
            .client()
            .post(app.url("/api/patient/session"))
            .json(&json!({"case_number": "T-0001", "password": password}));
        async move { request.send().await.unwrap() }
    };
    assert_eq!(
        sign_in(mimamori_tests::fixtures::PATIENT_PASSWORD)
            .await
            .status(),
        200
    );

    // After it: the session has ended and the right password is told why it cannot sign in.
    app.advance(Duration::days(2));
    let me = patient
        .get(app.url("/api/patient/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 401);
    let refused = sign_in(mimamori_tests::fixtures::PATIENT_PASSWORD).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(problem(refused).await.code, "followup_over");
    assert_eq!(sign_in("a wrong password").await.status(), 401);
}
