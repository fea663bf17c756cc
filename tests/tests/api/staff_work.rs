use super::problem;
use mimamori_server::db;
use mimamori_shared::api::cases::CaseView;
use mimamori_shared::api::findings::{FindingView, Referral};
use mimamori_shared::api::reports::{DailyReportList, ReportView};
use mimamori_shared::triage::Flag;
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{World, add_case, patient_client, report_body, staff_client};
use serde_json::json;

async fn submit(
    app: &TestApp,
    client: &reqwest::Client,
    case_id: i64,
    temperature: f64,
    spo2: Option<i64>,
) -> ReportView {
    let response = client
        .post(app.url(&format!("/api/patient/cases/{case_id}/reports")))
        .json(&report_body(temperature, spo2))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

#[tokio::test]
async fn staff_see_todays_reports_of_their_organisation_red_first() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let second = add_case(&app, world.health_centre_id, world.org_a, "T-0002")
        .await
        .unwrap();
    let third = add_case(&app, world.health_centre_id, world.org_a, "T-0003")
        .await
        .unwrap();
    let patient_one = patient_client(&app, world.case.id).await.unwrap();
    let patient_two = patient_client(&app, second.id).await.unwrap();
    let patient_three = patient_client(&app, third.id).await.unwrap();
    submit(&app, &patient_two, second.id, 36.6, Some(98)).await;
    app.advance(chrono::Duration::minutes(1));
    submit(&app, &patient_one, world.case.id, 37.2, Some(92)).await;
    app.advance(chrono::Duration::minutes(1));
    submit(&app, &patient_three, third.id, 38.5, Some(97)).await;

    let doctor = staff_client(&app, &world.doctor_a).await.unwrap();
    let list: DailyReportList = doctor
        .get(app.url("/api/staff/reports"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.date.to_string(), "2026-11-23");
    let order: Vec<(&str, Flag)> = list
        .items
        .iter()
        .map(|r| (r.case_number.as_str(), r.report.flag))
        .collect();
    assert_eq!(
        order,
        [
            ("T-0001", Flag::Red),
            ("T-0003", Flag::Amber),
            ("T-0002", Flag::None)
        ]
    );
    assert_eq!(list.items[0].patient_name, "患者 T-0001");

    let yesterday: DailyReportList = doctor
        .get(app.url("/api/staff/reports?date=2026-11-22"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(yesterday.items.is_empty());
}

#[tokio::test]
async fn staff_of_another_organisation_see_nothing_and_get_404_for_the_case() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let patient = patient_client(&app, world.case.id).await.unwrap();
    submit(&app, &patient, world.case.id, 37.2, Some(90)).await;

    let other = staff_client(&app, &world.doctor_b).await.unwrap();
    let list: DailyReportList = other
        .get(app.url("/api/staff/reports"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(list.items.is_empty());
    let case = other
        .get(app.url(&format!("/api/staff/cases/{}", world.case.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(case.status(), 404);
    assert_eq!(problem(case).await.code, "not_found");
    let finding = other
        .post(app.url(&format!("/api/staff/cases/{}/findings", world.case.id)))
        .json(&json!({"assessment": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(finding.status(), 404);
    let missing = other
        .get(app.url("/api/staff/cases/999999"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        missing.status(),
        404,
        "an id that does not exist looks the same as one out of scope"
    );
}

#[tokio::test]
async fn reading_a_case_is_audited() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    let case: CaseView = nurse
        .get(app.url(&format!("/api/staff/cases/{}", world.case.id)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(case.case_number, "T-0001");
    assert_eq!(case.age, 76);
    assert_eq!(case.day, 2);
    let entries = db::audit::list_for_case(&app.db, world.case.id)
        .await
        .unwrap();
    let read = entries
        .iter()
        .find(|e| e.action == "case.read")
        .expect("a case.read entry");
    assert_eq!(read.actor_id, Some(world.nurse_a.id));
    assert_eq!(read.role.as_deref(), Some("followup_staff"));
    assert_eq!(read.organisation_id, Some(world.org_a));
    assert_eq!(read.client_addr.as_deref(), Some("127.0.0.1"));
}

#[tokio::test]
async fn a_doctor_adds_a_finding_to_a_report() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let patient = patient_client(&app, world.case.id).await.unwrap();
    let report = submit(&app, &patient, world.case.id, 37.2, Some(92)).await;
    let doctor = staff_client(&app, &world.doctor_a).await.unwrap();
    let url = app.url(&format!("/api/staff/cases/{}/findings", world.case.id));
    let response = doctor
        .post(&url)
        .json(&json!({"report_id": report.id, "assessment": "SpO2低下、呼吸苦あり", "plan": "入院調整", "referral": "admission"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let finding: FindingView = response.json().await.unwrap();
    assert_eq!(finding.referral, Referral::Admission);
    assert_eq!(finding.author_name, "doctor.a");
    let case: CaseView = doctor
        .get(app.url(&format!("/api/staff/cases/{}", world.case.id)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(case.findings, vec![finding]);
    let entries = db::audit::list_for_case(&app.db, world.case.id)
        .await
        .unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.action == "finding.create" && e.actor_id == Some(world.doctor_a.id))
    );
}

#[tokio::test]
async fn a_finding_needs_an_assessment() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let doctor = staff_client(&app, &world.doctor_a).await.unwrap();
    let response = doctor
        .post(app.url(&format!("/api/staff/cases/{}/findings", world.case.id)))
        .json(&json!({"assessment": "  ", "referral": "none"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert_eq!(
        problem(response).await.field("assessment").unwrap().code,
        "required"
    );
    let bad_referral = doctor
        .post(app.url(&format!("/api/staff/cases/{}/findings", world.case.id)))
        .json(&json!({"assessment": "ok", "referral": "spaceship"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad_referral.status(), 422);
    assert_eq!(problem(bad_referral).await.errors[0].field, "referral");
}

#[tokio::test]
async fn a_nurse_may_read_but_not_write_findings() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    let response = nurse
        .post(app.url(&format!("/api/staff/cases/{}/findings", world.case.id)))
        .json(&json!({"assessment": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(problem(response).await.code, "forbidden");
}

#[tokio::test]
async fn a_bad_date_is_a_field_error() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let doctor = staff_client(&app, &world.doctor_a).await.unwrap();
    let response = doctor
        .get(app.url("/api/staff/reports?date=23-11-2026"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert_eq!(problem(response).await.errors[0].field, "date");
}

#[tokio::test]
async fn staff_endpoints_need_a_session() {
    let app = TestApp::spawn().await.unwrap();
    for path in ["/api/staff/me", "/api/staff/reports", "/api/staff/cases/1"] {
        let response = app.client().get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 401, "{path}");
    }
}

#[tokio::test]
async fn a_finding_cannot_point_at_another_cases_report() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let other = add_case(&app, world.health_centre_id, world.org_a, "T-0002")
        .await
        .unwrap();
    let patient = patient_client(&app, other.id).await.unwrap();
    let report = submit(&app, &patient, other.id, 36.8, Some(97)).await;
    let doctor = staff_client(&app, &world.doctor_a).await.unwrap();
    let response = doctor
        .post(app.url(&format!("/api/staff/cases/{}/findings", world.case.id)))
        .json(&json!({"report_id": report.id, "assessment": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert_eq!(
        problem(response).await.field("report_id").unwrap().code,
        "invalid"
    );
}
