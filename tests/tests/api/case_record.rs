//! The case record and the follow-up actions on it: calls, proxy reports, reviews, amendments
//! of findings, escalation and the end of follow-up.

use super::problem;
use mimamori_server::db;
use mimamori_server::entities::{finding, health_report, patient_case, staff_user};
use mimamori_server::services::setup;
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::api::case_actions::ReviewView;
use mimamori_shared::api::cases::{
    CallOutcome, CaseEventKind, CaseEventView, CaseStatus, CaseView, EndReason, RiskFactor,
};
use mimamori_shared::api::findings::{FindingView, Referral};
use mimamori_shared::api::reports::{DailyReportList, EnteredBy, ReportView};
use mimamori_shared::triage::Flag;
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{
    self, STAFF_PASSWORD, World, add_case, patient_client, report_body, staff_client,
};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use serde_json::{Value, json};

/// A world with a health-centre staff member as well.
struct Setup {
    app: TestApp,
    world: World,
    hc: staff_user::Model,
}

async fn setup() -> Setup {
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
    Setup { app, world, hc }
}

impl Setup {
    fn case_url(&self, rest: &str) -> String {
        self.app
            .url(&format!("/api/staff/cases/{}{rest}", self.world.case.id))
    }

    async fn post(&self, client: &reqwest::Client, rest: &str, body: Value) -> reqwest::Response {
        client
            .post(self.case_url(rest))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    async fn case(&self, client: &reqwest::Client) -> CaseView {
        let response = client.get(self.case_url("")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    async fn audited(&self, action: &str, actor: &staff_user::Model) -> bool {
        db::audit::list_for_case(&self.app.db, self.world.case.id)
            .await
            .unwrap()
            .iter()
            .any(|e| e.action == action && e.actor_id == Some(actor.id))
    }

    async fn stored_case(&self) -> patient_case::Model {
        patient_case::Entity::find_by_id(self.world.case.id)
            .one(&self.app.db)
            .await
            .unwrap()
            .unwrap()
    }

    async fn patient_report(&self, temperature: f64, spo2: Option<i64>) -> ReportView {
        let patient = patient_client(&self.app, self.world.case.id).await.unwrap();
        let response = patient
            .post(self.app.url(&format!(
                "/api/patient/cases/{}/reports",
                self.world.case.id
            )))
            .json(&report_body(temperature, spo2))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        response.json().await.unwrap()
    }
}

async fn field_error(response: reqwest::Response, field: &str) -> String {
    assert_eq!(response.status(), 422, "422 for {field}");
    let problem = problem(response).await;
    problem
        .field(field)
        .unwrap_or_else(|| panic!("an error on {field}: {problem:?}"))
        .code
        .clone()
}

#[tokio::test]
async fn the_record_shows_basic_information_and_what_the_caller_may_do() {
    let s = setup().await;
    let mut case = s.stored_case().await.into_active_model();
    case.risk_factors = Set(r#"["diabetes","hypertension","not_a_factor"]"#.to_owned());
    case.onset_date = Set(chrono::NaiveDate::from_ymd_opt(2026, 11, 20));
    case.specimen_date = Set(chrono::NaiveDate::from_ymd_opt(2026, 11, 21));
    case.assigned_staff_id = Set(Some(s.world.nurse_a.id));
    case.update(&s.app.db).await.unwrap();
    fixtures::change_personal(&s.app, s.world.case.id, |personal| {
        personal.address = "東京都新宿区西新宿2-8-1".to_owned();
        personal.test_summary = "抗原定性 陽性".to_owned();
        personal.interview_notes = "同居家族2名".to_owned();
    })
    .await
    .unwrap();

    let nurse = staff_client(&s.app, &s.world.nurse_a).await.unwrap();
    let view = s.case(&nurse).await;
    assert_eq!(view.address, "東京都新宿区西新宿2-8-1");
    assert_eq!(
        view.risk_factors,
        [RiskFactor::Diabetes, RiskFactor::Hypertension],
        "unknown codes are left out"
    );
    assert_eq!(view.onset_date.unwrap().to_string(), "2026-11-20");
    assert_eq!(view.specimen_date.unwrap().to_string(), "2026-11-21");
    assert_eq!(view.test_summary, "抗原定性 陽性");
    assert_eq!(view.interview_notes, "同居家族2名");
    assert_eq!(view.slots_per_day, 1);
    assert_eq!(view.status, CaseStatus::Active);
    assert_eq!(view.end_reason, None);
    assert_eq!(view.assigned_staff.as_ref().unwrap().name, "nurse.a");
    assert!(view.events.is_empty());
    let may = view.allowed;
    assert!(may.log_call && may.proxy_report && may.mark_reviewed && may.send_message);
    assert!(!may.write_finding && !may.escalate && !may.end_follow_up);

    let doctor = staff_client(&s.app, &s.world.doctor_a).await.unwrap();
    let may = s.case(&doctor).await.allowed;
    assert!(may.write_finding && may.escalate && may.end_follow_up);
    let hc = staff_client(&s.app, &s.hc).await.unwrap();
    let may = s.case(&hc).await.allowed;
    assert!(may.end_follow_up && may.log_call && !may.write_finding && !may.escalate);
}

#[tokio::test]
async fn a_call_is_logged_in_the_timeline_and_audited() {
    let s = setup().await;
    let nurse = staff_client(&s.app, &s.world.nurse_a).await.unwrap();
    let response = s
        .post(
            &nurse,
            "/calls",
            json!({"outcome": "no_answer", "note": " 留守電に折り返しを依頼 "}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let event: CaseEventView = response.json().await.unwrap();
    assert_eq!(event.kind, CaseEventKind::Call);
    assert_eq!(event.call_outcome(), Some(CallOutcome::NoAnswer));
    assert_eq!(event.note, "留守電に折り返しを依頼");
    assert_eq!(event.actor_name.as_deref(), Some("nurse.a"));
    assert_eq!(event.actor_org.as_deref(), Some("Clinic A"));
    assert_eq!(event.at, s.app.now());

    let stored = db::case_events::list_for_case(&s.app.db, s.world.case.id)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].kind.as_str(), "call");
    assert_eq!(stored[0].outcome.as_deref(), Some("no_answer"));
    assert_eq!(stored[0].actor_staff_id, Some(s.world.nurse_a.id));
    assert!(s.audited("call.create", &s.world.nurse_a).await);

    s.app.advance(chrono::Duration::minutes(5));
    let reached = s
        .post(&nurse, "/calls", json!({"outcome": "reached"}))
        .await;
    assert_eq!(reached.status(), 201);
    let view = s.case(&nurse).await;
    let kinds: Vec<Option<CallOutcome>> = view.events.iter().map(|e| e.call_outcome()).collect();
    assert_eq!(
        kinds,
        [Some(CallOutcome::Reached), Some(CallOutcome::NoAnswer)],
        "newest first"
    );
    assert_eq!(view.events[1], event);
}

#[tokio::test]
async fn a_call_needs_a_known_outcome_and_a_short_note() {
    let s = setup().await;
    let nurse = staff_client(&s.app, &s.world.nurse_a).await.unwrap();
    let missing = s.post(&nurse, "/calls", json!({"note": "x"})).await;
    assert_eq!(field_error(missing, "outcome").await, "required");
    let unknown = s.post(&nurse, "/calls", json!({"outcome": "busy"})).await;
    assert_eq!(field_error(unknown, "outcome").await, "invalid");
    let long = s
        .post(
            &nurse,
            "/calls",
            json!({"outcome": "reached", "note": "あ".repeat(1_001)}),
        )
        .await;
    assert_eq!(field_error(long, "note").await, "too_long");
    assert!(
        db::case_events::list_for_case(&s.app.db, s.world.case.id)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn staff_enter_a_report_after_a_call_and_a_resend_stores_nothing_new() {
    let s = setup().await;
    let nurse = staff_client(&s.app, &s.world.nurse_a).await.unwrap();
    let mut body = report_body(38.4, Some(94));
    body["urgent_signs"] = json!(["chest_pain"]);
    let response = s.post(&nurse, "/reports", body.clone()).await;
    assert_eq!(response.status(), 201);
    let report: ReportView = response.json().await.unwrap();
    assert_eq!(report.entered_by, EnteredBy::Staff);
    assert_eq!(report.flag, Flag::Red);
    assert_eq!(report.temperature_c, 38.4);

    let stored = health_report::Entity::find_by_id(report.id.0)
        .one(&s.app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.entered_by, "staff");
    assert_eq!(stored.entered_by_staff_id, Some(s.world.nurse_a.id));
    assert!(s.audited("report.proxy", &s.world.nurse_a).await);
    assert_eq!(
        s.stored_case()
            .await
            .unreviewed_flag
            .as_ref()
            .map(|f| f.as_str()),
        Some("red"),
        "the work list sees it"
    );

    let again = s.post(&nurse, "/reports", body).await;
    assert_eq!(again.status(), 200);
    let resent: ReportView = again.json().await.unwrap();
    assert_eq!(resent.id, report.id);
    assert_eq!(
        db::reports::list_for_case(&s.app.db, s.world.case.id)
            .await
            .unwrap()
            .len(),
        1
    );

    // Shown as entered by staff in the day's list and the record too.
    let doctor = staff_client(&s.app, &s.world.doctor_a).await.unwrap();
    let list: DailyReportList = doctor
        .get(s.app.url("/api/staff/reports"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.items[0].report.entered_by, EnteredBy::Staff);
    assert_eq!(
        s.case(&doctor).await.reports[0].entered_by,
        EnteredBy::Staff
    );
}

#[tokio::test]
async fn a_proxy_report_with_bad_values_is_refused_field_by_field() {
    let s = setup().await;
    let nurse = staff_client(&s.app, &s.world.nurse_a).await.unwrap();
    let mut body = report_body(43.5, Some(101));
    body["idempotency_key"] = Value::Null;
    let response = s.post(&nurse, "/reports", body).await;
    assert_eq!(response.status(), 422);
    let problem = problem(response).await;
    let fields: Vec<&str> = problem.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["idempotency_key", "temperature_c", "spo2"]);
    let bad_symptom = s
        .post(
            &nurse,
            "/reports",
            json!({"idempotency_key": uuid::Uuid::new_v4(), "temperature_c": 36.5, "symptoms": {"cough_runny_nose": "maybe"}}),
        )
        .await;
    assert_eq!(field_error(bad_symptom, "symptoms").await, "invalid");
    assert!(
        db::reports::list_for_case(&s.app.db, s.world.case.id)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn reviewing_reports_moves_the_case_off_the_unreviewed_list() {
    let s = setup().await;
    let red = s.patient_report(37.0, Some(92)).await;
    s.app.advance(chrono::Duration::minutes(1));
    let amber = s.patient_report(38.2, Some(97)).await;
    assert_eq!(
        s.stored_case()
            .await
            .unreviewed_flag
            .as_ref()
            .map(|f| f.as_str()),
        Some("red")
    );

    let nurse = staff_client(&s.app, &s.world.nurse_a).await.unwrap();
    let response = s
        .post(&nurse, "/reviews", json!({"report_ids": [red.id, red.id]}))
        .await;
    assert_eq!(response.status(), 200);
    let done: ReviewView = response.json().await.unwrap();
    assert_eq!(done.reviewed, 1);
    let stored = health_report::Entity::find_by_id(red.id.0)
        .one(&s.app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.reviewed_by, Some(s.world.nurse_a.id));
    assert_eq!(stored.reviewed_at, Some(s.app.now()));
    assert_eq!(
        s.stored_case()
            .await
            .unreviewed_flag
            .as_ref()
            .map(|f| f.as_str()),
        Some("amber"),
        "the amber report is still unreviewed"
    );
    assert!(s.audited("reports.review", &s.world.nurse_a).await);

    // Absent ids: every unreviewed report; the red one keeps its first review.
    s.app.advance(chrono::Duration::minutes(1));
    let all: ReviewView = s
        .post(&nurse, "/reviews", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all.reviewed, 1);
    assert_eq!(s.stored_case().await.unreviewed_flag, None);
    let view = s.case(&nurse).await;
    assert!(view.reports.iter().all(|r| r.reviewed));
    let first = health_report::Entity::find_by_id(red.id.0)
        .one(&s.app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.reviewed_at, stored.reviewed_at);
    let again: ReviewView = s
        .post(&nurse, "/reviews", json!({"report_ids": [amber.id]}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again.reviewed, 0);
}

#[tokio::test]
async fn reviews_refuse_reports_that_are_not_the_cases() {
    let s = setup().await;
    let own = s.patient_report(36.8, Some(97)).await;
    let other = add_case(&s.app, s.world.health_centre_id, s.world.org_a, "T-0002")
        .await
        .unwrap();
    let other_patient = patient_client(&s.app, other.id).await.unwrap();
    let foreign: ReportView = other_patient
        .post(
            s.app
                .url(&format!("/api/patient/cases/{}/reports", other.id)),
        )
        .json(&report_body(36.5, Some(98)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let nurse = staff_client(&s.app, &s.world.nurse_a).await.unwrap();
    for ids in [json!([own.id, foreign.id]), json!([999_999])] {
        let response = s.post(&nurse, "/reviews", json!({"report_ids": ids})).await;
        assert_eq!(
            field_error(response, "report_ids").await,
            "invalid",
            "{ids}"
        );
    }
    let stored = health_report::Entity::find_by_id(own.id.0)
        .one(&s.app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.reviewed_at, None,
        "nothing is marked when one id is wrong"
    );
}

#[tokio::test]
async fn an_amendment_keeps_the_original_with_its_author_and_time() {
    let s = setup().await;
    let report = s.patient_report(37.9, Some(93)).await;
    let doctor = staff_client(&s.app, &s.world.doctor_a).await.unwrap();
    let original: FindingView = s
        .post(
            &doctor,
            "/findings",
            json!({"report_id": report.id, "assessment": "呼吸苦なし", "plan": "経過観察"}),
        )
        .await
        .json()
        .await
        .unwrap();
    // Within the 30-minute idle timeout of the session.
    s.app.advance(chrono::Duration::minutes(20));
    let response = s
        .post(
            &doctor,
            &format!("/findings/{}/amendments", original.id),
            json!({"assessment": "再聴取で労作時の息苦しさあり", "plan": "外来受診を調整", "referral": "outpatient"}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let amendment: FindingView = response.json().await.unwrap();
    assert_eq!(amendment.amends_id, Some(original.id));
    assert_eq!(
        amendment.report_id,
        Some(report.id),
        "about the same report unless another is named"
    );
    assert_eq!(amendment.referral, Referral::Outpatient);
    assert_eq!(amendment.author_name, "doctor.a");
    assert_eq!(amendment.created_at, s.app.now());
    assert!(s.audited("finding.amend", &s.world.doctor_a).await);

    let stored = finding::Entity::find_by_id(original.id.0)
        .one(&s.app.db)
        .await
        .unwrap()
        .unwrap();
    let stored_view =
        mimamori_server::services::findings::to_view(&s.app.keys, &stored, None).unwrap();
    assert_eq!(
        stored_view.assessment, "呼吸苦なし",
        "the original is never changed"
    );
    assert_eq!(stored.amends_id, None);

    let view = s.case(&doctor).await;
    assert_eq!(
        view.findings.len(),
        1,
        "amendments are grouped under their original"
    );
    let shown = &view.findings[0];
    assert_eq!(shown.id, original.id);
    assert_eq!(shown.assessment, "呼吸苦なし");
    assert_eq!(shown.created_at, original.created_at);
    assert!(shown.superseded);
    assert_eq!(shown.amendments.len(), 1);
    assert_eq!(shown.amendments[0].id, amendment.id);
    assert!(!shown.amendments[0].superseded);

    // An amendment may itself be amended: all of them stay, under the same original.
    s.app.advance(chrono::Duration::minutes(10));
    let second: FindingView = s
        .post(
            &doctor,
            &format!("/findings/{}/amendments", amendment.id),
            json!({"assessment": "本日受診済み", "referral": "none"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(second.amends_id, Some(amendment.id));
    let view = s.case(&doctor).await;
    let thread = &view.findings[0];
    let ids: Vec<_> = thread.amendments.iter().map(|a| a.id).collect();
    assert_eq!(ids, [amendment.id, second.id]);
    assert!(thread.amendments[0].superseded && !thread.amendments[1].superseded);
}

#[tokio::test]
async fn only_doctors_amend_and_only_findings_of_the_case() {
    let s = setup().await;
    let doctor = staff_client(&s.app, &s.world.doctor_a).await.unwrap();
    let original: FindingView = s
        .post(&doctor, "/findings", json!({"assessment": "安定"}))
        .await
        .json()
        .await
        .unwrap();
    let path = format!("/findings/{}/amendments", original.id);

    let nurse = staff_client(&s.app, &s.world.nurse_a).await.unwrap();
    let refused = s.post(&nurse, &path, json!({"assessment": "x"})).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(problem(refused).await.code, "forbidden");

    let empty = s.post(&doctor, &path, json!({"assessment": " "})).await;
    assert_eq!(field_error(empty, "assessment").await, "required");
    let long_plan = s
        .post(
            &doctor,
            &path,
            json!({"assessment": "x", "plan": "あ".repeat(4_001)}),
        )
        .await;
    assert_eq!(field_error(long_plan, "plan").await, "too_long");

    let other = add_case(&s.app, s.world.health_centre_id, s.world.org_a, "T-0002")
        .await
        .unwrap();
    let elsewhere: FindingView = doctor
        .post(
            s.app
                .url(&format!("/api/staff/cases/{}/findings", other.id)),
        )
        .json(&json!({"assessment": "別の患者"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let wrong_case = s
        .post(
            &doctor,
            &format!("/findings/{}/amendments", elsewhere.id),
            json!({"assessment": "x"}),
        )
        .await;
    assert_eq!(wrong_case.status(), 404);
    let missing = s
        .post(
            &doctor,
            "/findings/999999/amendments",
            json!({"assessment": "x"}),
        )
        .await;
    assert_eq!(missing.status(), 404);
    assert_eq!(
        db::findings::list_for_case(&s.app.db, s.world.case.id)
            .await
            .unwrap()
            .len(),
        1,
        "nothing stored"
    );
}

#[tokio::test]
async fn a_doctor_escalates_and_the_health_centre_sees_it() {
    let s = setup().await;
    let doctor = staff_client(&s.app, &s.world.doctor_a).await.unwrap();
    let empty = s.post(&doctor, "/escalations", json!({"note": "  "})).await;
    assert_eq!(field_error(empty, "note").await, "required");
    let long = s
        .post(&doctor, "/escalations", json!({"note": "あ".repeat(1_001)}))
        .await;
    assert_eq!(field_error(long, "note").await, "too_long");

    let response = s
        .post(
            &doctor,
            "/escalations",
            json!({"note": "SpO2 92%が続く。入院調整をお願いします。"}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let event: CaseEventView = response.json().await.unwrap();
    assert_eq!(event.kind, CaseEventKind::Escalation);
    assert_eq!(event.related_org.as_deref(), Some("Test health centre"));
    assert_eq!(event.actor_name.as_deref(), Some("doctor.a"));
    assert_eq!(s.stored_case().await.escalated_at, Some(s.app.now()));
    assert!(s.audited("case.escalate", &s.world.doctor_a).await);

    let hc = staff_client(&s.app, &s.hc).await.unwrap();
    let seen = s.case(&hc).await;
    assert_eq!(seen.escalated_at, Some(event.at));
    assert_eq!(seen.events, [event]);

    for who in [&s.world.nurse_a, &s.hc] {
        let client = staff_client(&s.app, who).await.unwrap();
        let refused = s.post(&client, "/escalations", json!({"note": "x"})).await;
        assert_eq!(refused.status(), 403, "{}", who.login_id);
    }
}

#[tokio::test]
async fn follow_up_ends_once_with_a_reason() {
    let s = setup().await;
    let nurse = staff_client(&s.app, &s.world.nurse_a).await.unwrap();
    let refused = s
        .post(&nurse, "/end", json!({"reason": "hospitalised"}))
        .await;
    assert_eq!(refused.status(), 403);

    let hc = staff_client(&s.app, &s.hc).await.unwrap();
    let missing = s.post(&hc, "/end", json!({"note": "x"})).await;
    assert_eq!(field_error(missing, "reason").await, "required");
    let unknown = s.post(&hc, "/end", json!({"reason": "recovered"})).await;
    assert_eq!(field_error(unknown, "reason").await, "invalid");
    let long = s
        .post(
            &hc,
            "/end",
            json!({"reason": "other", "note": "あ".repeat(1_001)}),
        )
        .await;
    assert_eq!(field_error(long, "note").await, "too_long");
    assert_eq!(
        s.stored_case().await.status,
        mimamori_shared::api::cases::CaseStatus::Active
    );

    let response = s
        .post(
            &hc,
            "/end",
            json!({"reason": "hospitalised", "note": "A病院に入院"}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let view: CaseView = response.json().await.unwrap();
    assert_eq!(view.status, CaseStatus::Ended);
    assert_eq!(view.end_reason, Some(EndReason::Hospitalised));
    assert_eq!(view.ended_at, Some(s.app.now()));
    assert_eq!(view.events[0].kind, CaseEventKind::Ended);
    assert_eq!(view.events[0].end_reason(), Some(EndReason::Hospitalised));
    assert_eq!(view.events[0].note, "A病院に入院");
    assert_eq!(
        view.allowed,
        Default::default(),
        "nothing is offered once ended"
    );

    let stored = s.stored_case().await;
    assert_eq!(
        stored.status,
        mimamori_shared::api::cases::CaseStatus::Ended
    );
    assert_eq!(stored.end_reason.map(|r| r.as_str()), Some("hospitalised"));
    assert_eq!(stored.ended_at, Some(s.app.now()));
    assert!(s.audited("case.end", &s.hc).await);

    let doctor = staff_client(&s.app, &s.world.doctor_a).await.unwrap();
    let second = s.post(&doctor, "/end", json!({"reason": "died"})).await;
    assert_eq!(second.status(), 409);
    assert_eq!(problem(second).await.code, "followup_ended");
    assert_eq!(
        s.stored_case().await.end_reason.map(|r| r.as_str()),
        Some("hospitalised")
    );
    let ended_events = db::case_events::list_for_case(&s.app.db, s.world.case.id)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.kind.as_str() == "ended")
        .count();
    assert_eq!(ended_events, 1);
}

#[tokio::test]
async fn an_ended_case_is_read_only() {
    let s = setup().await;
    let report = s.patient_report(36.9, Some(96)).await;
    let doctor = staff_client(&s.app, &s.world.doctor_a).await.unwrap();
    let original: FindingView = s
        .post(&doctor, "/findings", json!({"assessment": "安定"}))
        .await
        .json()
        .await
        .unwrap();
    let nurse = staff_client(&s.app, &s.world.nurse_a).await.unwrap();
    let proxy_body = report_body(36.5, Some(98));
    assert_eq!(
        s.post(&nurse, "/reports", proxy_body.clone())
            .await
            .status(),
        201
    );
    let ended = s
        .post(&doctor, "/end", json!({"reason": "period_completed"}))
        .await;
    assert_eq!(ended.status(), 200);

    let attempts = [
        ("/calls", json!({"outcome": "reached"})),
        ("/reports", report_body(36.5, Some(98))),
        ("/reviews", json!({"report_ids": [report.id]})),
        ("/findings", json!({"assessment": "x"})),
        ("/escalations", json!({"note": "x"})),
        ("/messages", json!({"body": "x"})),
    ];
    for (path, body) in attempts {
        let response = s.post(&doctor, path, body).await;
        assert_eq!(response.status(), 409, "{path}");
        assert_eq!(problem(response).await.code, "followup_ended", "{path}");
    }
    // A resend of a report stored before the end is still answered from the store.
    let resend = s.post(&nurse, "/reports", proxy_body).await;
    assert_eq!(resend.status(), 200);

    let view = s.case(&nurse).await;
    assert_eq!(view.status, CaseStatus::Ended);
    assert_eq!(view.allowed, Default::default());
    assert!(!view.reports.iter().any(|r| r.reviewed));
    assert_eq!(view.findings.len(), 1);
    assert_eq!(view.events.len(), 1, "only the end");

    // A finding may still be amended: that corrects the record, it is not follow-up
    // (access_lapse.rs: even after the organisation's access has lapsed).
    let amend = format!("/findings/{}/amendments", original.id);
    let amended = s.post(&doctor, &amend, json!({"assessment": "x"})).await;
    assert_eq!(amended.status(), 201);
    let view = s.case(&doctor).await;
    assert!(view.allowed.amend_finding && !view.allowed.write_finding);
    assert_eq!(view.findings[0].amendments.len(), 1);
}

#[tokio::test]
async fn staff_of_another_organisation_get_404_for_every_action() {
    let s = setup().await;
    let doctor = staff_client(&s.app, &s.world.doctor_a).await.unwrap();
    let original: FindingView = s
        .post(&doctor, "/findings", json!({"assessment": "安定"}))
        .await
        .json()
        .await
        .unwrap();
    let other = staff_client(&s.app, &s.world.doctor_b).await.unwrap();
    let attempts = [
        ("/calls".to_owned(), json!({"outcome": "reached"})),
        ("/reports".to_owned(), report_body(36.5, Some(98))),
        ("/reviews".to_owned(), json!({})),
        (
            format!("/findings/{}/amendments", original.id),
            json!({"assessment": "x"}),
        ),
        ("/escalations".to_owned(), json!({"note": "x"})),
        ("/end".to_owned(), json!({"reason": "other"})),
    ];
    for (path, body) in attempts {
        let response = s.post(&other, &path, body.clone()).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(problem(response).await.code, "not_found", "{path}");
        let missing = other
            .post(s.app.url(&format!("/api/staff/cases/999999{path}")))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(
            missing.status(),
            404,
            "{path} of a case that does not exist"
        );
    }
    assert_eq!(
        s.stored_case().await.status,
        mimamori_shared::api::cases::CaseStatus::Active
    );
    assert!(
        db::case_events::list_for_case(&s.app.db, s.world.case.id)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn case_actions_need_a_session() {
    let s = setup().await;
    for path in ["/calls", "/reports", "/reviews", "/escalations", "/end"] {
        let response = s.post(&s.app.client(), path, json!({})).await;
        assert_eq!(response.status(), 401, "{path}");
    }
}
