//! Staff notifications: a red report tells the staff on duty at once, an escalation tells the
//! health centre, the cut-off sends each organisation a summary of its non-reporters; the console
//! lists one's own notifications only.

use chrono::Duration;
use mimamori_server::entities::{delivery, patient_case, staff_notification, staff_user};
use mimamori_server::services::setup;
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::api::staff_notifications::{MarkedRead, NotificationKind, NotificationList};
use mimamori_shared::api::worklist::{Bucket, WorkList};
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{
    STAFF_PASSWORD, World, add_case, patient_client, report_body, staff_client,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;

/// Gives a staff member an e-mail address.
pub(super) async fn set_email(app: &TestApp, staff: &staff_user::Model, email: &str) {
    staff_user::ActiveModel {
        id: Set(staff.id),
        email: Set(Some(email.to_owned())),
        ..Default::default()
    }
    .update(&app.db)
    .await
    .unwrap();
}

/// The notifications stored for a staff member, oldest first.
async fn rows_of(app: &TestApp, staff_id: i64) -> Vec<staff_notification::Model> {
    staff_notification::Entity::find()
        .filter(staff_notification::Column::StaffId.eq(staff_id))
        .order_by_asc(staff_notification::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

/// Outbox rows of one purpose, oldest first.
pub(super) async fn deliveries(app: &TestApp, purpose: &str) -> Vec<delivery::Model> {
    delivery::Entity::find()
        .filter(delivery::Column::Purpose.eq(purpose))
        .order_by_asc(delivery::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

/// Who an outbox e-mail goes to, and its body.
pub(super) fn mail_of(row: &delivery::Model) -> (String, String, String) {
    let payload: serde_json::Value = serde_json::from_str(&row.payload).unwrap();
    (
        payload["to"].as_str().unwrap().to_owned(),
        payload["subject"].as_str().unwrap().to_owned(),
        payload["text_body"].as_str().unwrap().to_owned(),
    )
}

async fn post_report(app: &TestApp, client: &reqwest::Client, path: &str, spo2: i64) {
    let response = client
        .post(app.url(path))
        .json(&report_body(36.8, Some(spo2)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
}

pub(super) async fn notifications(
    app: &TestApp,
    client: &reqwest::Client,
    query: &str,
) -> NotificationList {
    let response = client
        .get(app.url(&format!("/api/staff/notifications{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_red_report_notifies_the_staff_on_duty_by_console_and_e_mail() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    set_email(&app, &world.nurse_a, "nurse.a@clinic-a.example").await;
    set_email(&app, &world.doctor_a, "doctor.a@clinic-a.example").await;
    set_email(&app, &world.doctor_b, "doctor.b@clinic-b.example").await;
    // The nurse is signed in (on duty); the doctor of A is not.
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    let patient = patient_client(&app, world.case.id).await.unwrap();
    let path = format!("/api/patient/cases/{}/reports", world.case.id);
    post_report(&app, &patient, &path, 97).await;
    assert!(
        rows_of(&app, world.nurse_a.id).await.is_empty(),
        "a fine report tells nobody"
    );

    post_report(&app, &patient, &path, 92).await;
    let rows = rows_of(&app, world.nurse_a.id).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].kind.as_str(), "red_report");
    assert_eq!(rows[0].case_id, Some(world.case.id));
    assert_eq!(rows[0].organisation_id, world.org_a);
    assert!(
        !rows[0].payload.contains(
            &mimamori_tests::fixtures::personal(&app, &world.case)
                .unwrap()
                .name
        )
    );
    assert!(
        rows_of(&app, world.doctor_a.id).await.is_empty(),
        "off duty"
    );
    assert!(
        rows_of(&app, world.doctor_b.id).await.is_empty(),
        "another organisation"
    );

    let mails = deliveries(&app, "red_report").await;
    assert_eq!(mails.len(), 1);
    let (to, subject, body) = mail_of(&mails[0]);
    assert_eq!(to, "nurse.a@clinic-a.example");
    assert!(subject.contains(&world.case.case_number));
    assert!(body.contains(&format!("/staff/cases/{}", world.case.id)));
    assert!(
        !body.contains(
            &mimamori_tests::fixtures::personal(&app, &world.case)
                .unwrap()
                .name
        ) && !subject.contains(
            &mimamori_tests::fixtures::personal(&app, &world.case)
                .unwrap()
                .name
        )
    );
    assert!(!body.contains("92"), "no clinical values in e-mail");

    // The sender writes the mail (an .eml file without SMTP).
    app.deliver().await.unwrap();
    let files = app.outbox_mails();
    assert_eq!(files.len(), 1);
    let eml = std::fs::read_to_string(&files[0]).unwrap();
    assert!(eml.contains("nurse.a@clinic-a.example"));

    // The console lists it, unread, to the nurse only.
    let list = notifications(&app, &nurse, "").await;
    assert_eq!((list.items.len(), list.unread), (1, 1));
    assert_eq!(list.items[0].kind, NotificationKind::RedReport);
    assert_eq!(list.items[0].case_number.as_deref(), Some("T-0001"));
    let other = staff_client(&app, &world.doctor_b).await.unwrap();
    assert_eq!(notifications(&app, &other, "").await.unread, 0);
}

#[tokio::test]
async fn with_nobody_signed_in_every_active_staff_member_of_the_organisation_is_told() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let patient = patient_client(&app, world.case.id).await.unwrap();
    // A signed-in session that went idle longer than the timeout is not on duty.
    let _ = staff_client(&app, &world.nurse_a).await.unwrap();
    app.advance(Duration::minutes(31));
    post_report(
        &app,
        &patient,
        &format!("/api/patient/cases/{}/reports", world.case.id),
        90,
    )
    .await;
    assert_eq!(rows_of(&app, world.nurse_a.id).await.len(), 1);
    assert_eq!(rows_of(&app, world.doctor_a.id).await.len(), 1);
    assert!(rows_of(&app, world.doctor_b.id).await.is_empty());
}

#[tokio::test]
async fn the_staff_member_who_entered_a_red_proxy_report_is_not_told_of_it() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    let _doctor = staff_client(&app, &world.doctor_a).await.unwrap();
    post_report(
        &app,
        &nurse,
        &format!("/api/staff/cases/{}/reports", world.case.id),
        91,
    )
    .await;
    assert!(rows_of(&app, world.nurse_a.id).await.is_empty());
    let doctor_rows = rows_of(&app, world.doctor_a.id).await;
    assert_eq!(doctor_rows.len(), 1);
    assert_eq!(doctor_rows[0].kind.as_str(), "red_report");
}

#[tokio::test]
async fn an_escalation_notifies_the_health_centre_staff() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let hc = setup::create_staff(
        &app.db,
        &app.keys,
        world.health_centre_id,
        "hc.a",
        "hc.a",
        StaffRole::HcStaff,
        STAFF_PASSWORD,
        app.now(),
    )
    .await
    .unwrap();
    set_email(&app, &hc, "desk@centre.example").await;
    let doctor = staff_client(&app, &world.doctor_a).await.unwrap();
    let response = doctor
        .post(app.url(&format!("/api/staff/cases/{}/escalations", world.case.id)))
        .json(&json!({"note": "SpO2 falling, please arrange admission"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let rows = rows_of(&app, hc.id).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].kind.as_str(), "escalation");
    assert_eq!(rows[0].organisation_id, world.health_centre_id);
    assert!(
        !rows[0].payload.contains("SpO2"),
        "the note stays in the record"
    );
    assert!(rows_of(&app, world.nurse_a.id).await.is_empty());
    let mails = deliveries(&app, "escalation").await;
    assert_eq!(mails.len(), 1);
    let (to, _, body) = mail_of(&mails[0]);
    assert_eq!(to, "desk@centre.example");
    assert!(body.contains(&format!("/staff/cases/{}", world.case.id)));
    assert!(!body.contains("SpO2 falling"));
    let hc_client = staff_client(&app, &hc).await.unwrap();
    let list = notifications(&app, &hc_client, "").await;
    assert_eq!(list.items[0].kind, NotificationKind::Escalation);
}

#[tokio::test]
async fn staff_mark_their_own_notifications_read_and_never_anothers() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let patient = patient_client(&app, world.case.id).await.unwrap();
    let path = format!("/api/patient/cases/{}/reports", world.case.id);
    for _ in 0..3 {
        post_report(&app, &patient, &path, 92).await;
    }
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    let doctor = staff_client(&app, &world.doctor_a).await.unwrap();
    let list = notifications(&app, &nurse, "?limit=2").await;
    assert_eq!((list.items.len(), list.unread), (2, 3));
    assert!(list.items[0].id > list.items[1].id, "newest first");
    let rest = notifications(&app, &nurse, &format!("?before={}", list.next.unwrap())).await;
    assert_eq!((rest.items.len(), rest.next), (1, None));

    let mark = |client: &reqwest::Client, body: serde_json::Value| {
        let request = client
            .post(app.url("/api/staff/notifications/read"))
            .json(&body);
        async move { request.send().await.unwrap() }
    };
    // The doctor cannot mark (or learn about) the nurse's notification.
    let nurse_id = list.items[0].id.0;
    let response = mark(&doctor, json!({"ids": [nurse_id]})).await;
    assert_eq!(response.status(), 404);
    let response = mark(&nurse, json!({"ids": [nurse_id]})).await;
    assert_eq!(response.status(), 200);
    let marked: MarkedRead = response.json().await.unwrap();
    assert_eq!((marked.marked, marked.unread), (1, 2));
    assert_eq!(notifications(&app, &doctor, "").await.unread, 3);
    let unread = notifications(&app, &nurse, "?unread_only=true").await;
    assert_eq!(unread.items.len(), 2);
    let response = mark(&nurse, json!({"all": true})).await;
    let marked: MarkedRead = response.json().await.unwrap();
    assert_eq!((marked.marked, marked.unread), (2, 0));
    for bad in [json!({}), json!({"ids": [nurse_id], "all": true})] {
        assert_eq!(mark(&nurse, bad).await.status(), 422);
    }
    let response = nurse
        .get(app.url("/api/staff/notifications?limit=0"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    // Listing and marking are audited.
    let audited = mimamori_server::entities::audit_log::Entity::find()
        .filter(
            mimamori_server::entities::audit_log::Column::Action
                .is_in(["notifications.read", "notifications.mark_read"]),
        )
        .all(&app.db)
        .await
        .unwrap();
    assert!(audited.len() >= 6);
}

/// Makes a case take two reports a day.
async fn two_slots(app: &TestApp, case_id: i64) {
    patient_case::ActiveModel {
        id: Set(case_id),
        slots_per_day: Set(2),
        ..Default::default()
    }
    .update(&app.db)
    .await
    .unwrap();
}

async fn kinds_of(app: &TestApp, staff_id: i64, kind: &str) -> Vec<staff_notification::Model> {
    rows_of(app, staff_id)
        .await
        .into_iter()
        .filter(|row| row.kind.as_str() == kind)
        .collect()
}

#[tokio::test]
async fn the_cut_off_sends_one_summary_per_organisation_and_slot() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    set_email(&app, &world.doctor_a, "doctor.a@clinic-a.example").await;
    mimamori_server::entities::org_setting::ActiveModel {
        organisation_id: Set(world.org_a),
        notify_email: Set(Some("desk@clinic-a.example".into())),
        quiet_start: Set("21:00".into()),
        quiet_end: Set("08:00".into()),
        second_nudge_minutes: Set(60),
        afternoon_reminder: Set("15:00".into()),
        cutoff: Set("12:00".into()),
        afternoon_cutoff: Set("18:00".into()),
        report_time: Set("17:00".into()),
        updated_at: Set(app.now()),
    }
    .insert(&app.db)
    .await
    .unwrap();
    // T-0001 never reported (silent: it missed yesterday too). T-0002 reports twice a day and
    // sent its morning report. T-0003 reported this morning.
    let twice = add_case(&app, world.health_centre_id, world.org_a, "T-0002")
        .await
        .unwrap();
    two_slots(&app, twice.id).await;
    let reported = add_case(&app, world.health_centre_id, world.org_a, "T-0003")
        .await
        .unwrap();
    for case_id in [twice.id, reported.id] {
        let patient = patient_client(&app, case_id).await.unwrap();
        post_report(
            &app,
            &patient,
            &format!("/api/patient/cases/{case_id}/reports"),
            97,
        )
        .await;
    }

    // 10:00: before the cut-off, nothing.
    let (summary, _) = app.tick().await.unwrap();
    assert_eq!(summary.cutoff_summaries, 0);
    assert!(
        kinds_of(&app, world.nurse_a.id, "cutoff_summary")
            .await
            .is_empty()
    );

    // 12:01: organisation A's morning summary names T-0001 only; B has no case to name.
    app.clock.set(app.now() + Duration::minutes(121));
    let (summary, _) = app.tick().await.unwrap();
    assert_eq!(summary.cutoff_summaries, 1);
    for staff in [&world.nurse_a, &world.doctor_a] {
        let rows = kinds_of(&app, staff.id, "cutoff_summary").await;
        assert_eq!(rows.len(), 1, "{}", staff.login_id);
        assert_eq!(rows[0].organisation_id, world.org_a);
    }
    assert!(rows_of(&app, world.doctor_b.id).await.is_empty());
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    let list = notifications(&app, &nurse, "").await;
    let morning = &list.items[0];
    assert_eq!(morning.kind, NotificationKind::CutoffSummary);
    assert_eq!(
        (morning.slot, morning.not_reported, morning.silent),
        (Some(1), Some(1), Some(1))
    );
    assert_eq!(morning.cases.len(), 1);
    assert_eq!(morning.cases[0].case_number, "T-0001");
    assert!(morning.cases[0].silent);
    let mut to: Vec<String> = deliveries(&app, "cutoff_summary")
        .await
        .iter()
        .map(|row| mail_of(row).0)
        .collect();
    to.sort();
    assert_eq!(to, ["desk@clinic-a.example", "doctor.a@clinic-a.example"]);
    let body = mail_of(&deliveries(&app, "cutoff_summary").await[0]).2;
    assert!(body.contains("T-0001") && !body.contains("T-0003"));
    assert!(
        !body.contains(
            &mimamori_tests::fixtures::personal(&app, &world.case)
                .unwrap()
                .name
        )
    );

    // Another tick (or a second instance) makes no second summary.
    let (summary, _) = app.tick().await.unwrap();
    assert_eq!(summary.cutoff_summaries, 0);
    assert_eq!(
        kinds_of(&app, world.nurse_a.id, "cutoff_summary")
            .await
            .len(),
        1
    );
    assert_eq!(deliveries(&app, "cutoff_summary").await.len(), 2);

    // 18:01: the afternoon summary names the two-report case that missed its afternoon slot.
    app.clock.set(app.now() + Duration::hours(6));
    let (summary, _) = app.tick().await.unwrap();
    assert_eq!(summary.cutoff_summaries, 1);
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    let list = notifications(&app, &nurse, "").await;
    let afternoon = &list.items[0];
    assert_eq!((afternoon.slot, afternoon.not_reported), (Some(2), Some(1)));
    assert_eq!(afternoon.cases[0].case_number, "T-0002");
    assert!(!afternoon.cases[0].silent, "it reported this morning");
    let (summary, _) = app.tick().await.unwrap();
    assert_eq!(summary.cutoff_summaries, 0);
    assert_eq!(
        kinds_of(&app, world.nurse_a.id, "cutoff_summary")
            .await
            .len(),
        2
    );
    // Every summary e-mail was sent, once.
    let sent = deliveries(&app, "cutoff_summary").await;
    assert_eq!(sent.len(), 4);
    assert!(
        sent.iter().all(|row| row.status.as_str() == "sent"),
        "{sent:?}"
    );
}

#[tokio::test]
async fn a_health_centre_is_told_of_its_unassigned_non_reporters() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let hc = setup::create_staff(
        &app.db,
        &app.keys,
        world.health_centre_id,
        "hc.a",
        "hc.a",
        StaffRole::HcStaff,
        STAFF_PASSWORD,
        app.now(),
    )
    .await
    .unwrap();
    let unassigned = add_case(&app, world.health_centre_id, world.org_a, "U-0001")
        .await
        .unwrap();
    patient_case::ActiveModel {
        id: Set(unassigned.id),
        followup_org_id: Set(None),
        ..Default::default()
    }
    .update(&app.db)
    .await
    .unwrap();
    app.clock.set(app.now() + Duration::hours(3));
    let (summary, _) = app.tick().await.unwrap();
    // One for organisation A (T-0001), one for the centre (U-0001).
    assert_eq!(summary.cutoff_summaries, 2);
    let rows = kinds_of(&app, hc.id, "cutoff_summary").await;
    assert_eq!(rows.len(), 1);
    assert!(rows[0].payload.contains("U-0001") && !rows[0].payload.contains("T-0001"));
}

async fn bucket_of(app: &TestApp, client: &reqwest::Client, number: &str) -> Bucket {
    let response = client
        .get(app.url("/api/staff/worklist"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let list: WorkList = response.json().await.unwrap();
    list.items
        .iter()
        .find(|row| row.case_number == number)
        .unwrap()
        .bucket
}

#[tokio::test]
async fn the_work_list_shows_a_case_as_not_reported_once_the_cut_off_has_passed() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    // Yesterday's report, reviewed; nothing today yet.
    let patient = patient_client(&app, world.case.id).await.unwrap();
    app.clock.set(app.now() - Duration::days(1));
    post_report(
        &app,
        &patient,
        &format!("/api/patient/cases/{}/reports", world.case.id),
        97,
    )
    .await;
    app.clock.set(app.now() + Duration::days(1));
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    let review = nurse
        .post(app.url(&format!("/api/staff/cases/{}/reviews", world.case.id)))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(review.status(), 200);
    // 10:00: today's slot is open, its cut-off (12:00) not passed.
    assert_eq!(bucket_of(&app, &nurse, "T-0001").await, Bucket::Rest);
    // 11:59:30 still not; 12:00 it is. (Signed in again: the first session went idle.)
    app.clock
        .set(mimamori_tests::test_epoch() + Duration::minutes(119));
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    assert_eq!(bucket_of(&app, &nurse, "T-0001").await, Bucket::Rest);
    app.advance(Duration::seconds(30));
    assert_eq!(bucket_of(&app, &nurse, "T-0001").await, Bucket::NotReported);
}

/// Red reports of one case that nobody has reviewed e-mail each recipient once an hour
/// (`MIMAMORI_RED_MAIL_INTERVAL_MINUTES`), so a flood of red reports cannot flood every nurse's
/// inbox; every one of them still rings the console's bell, and a red after a review is mailed at
/// once.
#[tokio::test]
async fn a_cases_red_reports_mail_each_nurse_once_an_hour_and_ring_every_time() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    set_email(&app, &world.nurse_a, "nurse.a@clinic-a.example").await;
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    let patient = patient_client(&app, world.case.id).await.unwrap();
    let path = format!("/api/patient/cases/{}/reports", world.case.id);

    for _ in 0..3 {
        post_report(&app, &patient, &path, 92).await;
    }
    assert_eq!(
        rows_of(&app, world.nurse_a.id).await.len(),
        3,
        "a bell each"
    );
    assert_eq!(deliveries(&app, "red_report").await.len(), 1, "one e-mail");

    // Once the reds are reviewed, a new red is a new episode: mailed at once, same hour.
    let reviewed = nurse
        .post(app.url(&format!("/api/staff/cases/{}/reviews", world.case.id)))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert!(reviewed.status().is_success(), "{}", reviewed.status());
    post_report(&app, &patient, &path, 92).await;
    assert_eq!(rows_of(&app, world.nurse_a.id).await.len(), 4);
    assert_eq!(
        deliveries(&app, "red_report").await.len(),
        2,
        "a red after a review mails again"
    );

    app.advance(Duration::minutes(61));
    post_report(&app, &patient, &path, 91).await;
    assert_eq!(rows_of(&app, world.nurse_a.id).await.len(), 5);
    assert_eq!(
        deliveries(&app, "red_report").await.len(),
        3,
        "the next hour mails again"
    );
}
