use super::problem;
use mimamori_server::entities::{audit_log, health_report};
use mimamori_shared::api::reports::{ReportList, ReportView};
use mimamori_shared::ids::ReportId;
use mimamori_shared::triage::{Flag, Reason};
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{
    World, add_case, patient_client, postgres_world, report_body, report_to_write,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

/// The URL of a case's reports for its patient.
pub(crate) fn reports_url(app: &TestApp, case_id: i64) -> String {
    app.url(&format!("/api/patient/cases/{case_id}/reports"))
}

/// How many reports the case has stored.
pub(crate) async fn stored_reports(app: &TestApp, case_id: i64) -> u64 {
    health_report::Entity::find()
        .filter(health_report::Column::CaseId.eq(case_id))
        .count(&app.db)
        .await
        .unwrap()
}

/// Sends a report body for the case with the patient's client.
async fn send_report(
    app: &TestApp,
    client: &reqwest::Client,
    case_id: i64,
    body: &serde_json::Value,
) -> reqwest::Response {
    client
        .post(reports_url(app, case_id))
        .json(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn report_is_judged_and_stored() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let client = patient_client(&app, world.case.id).await.unwrap();
    let response = client
        .post(reports_url(&app, world.case.id))
        .json(&report_body(38.2, Some(92)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let view: ReportView = response.json().await.unwrap();
    assert_eq!(view.flag, Flag::Red);
    assert_eq!(view.reasons, [Reason::Spo2AtMost93, Reason::HighFever]);
    assert_eq!(view.temperature_c, 38.2);
    assert_eq!(view.slot_date.to_string(), "2026-11-23");
    let row = health_report::Entity::find_by_id(view.id.0)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (row.temperature_tenths, row.spo2, row.flag.as_str()),
        (382, Some(92), "red")
    );
    assert_eq!(
        row.ruleset_version,
        mimamori_shared::triage::RULESET_VERSION
    );

    let list: ReportList = client
        .get(reports_url(&app, world.case.id))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.items, vec![view]);
}

#[tokio::test]
async fn normal_and_amber_reports_get_their_flags() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let client = patient_client(&app, world.case.id).await.unwrap();
    let normal: ReportView = client
        .post(reports_url(&app, world.case.id))
        .json(&report_body(36.5, Some(98)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(normal.flag, Flag::None);
    let mut body = report_body(37.0, Some(98));
    body["symptoms"] = json!({"breathlessness": "yes"});
    let amber: ReportView = client
        .post(reports_url(&app, world.case.id))
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(amber.flag, Flag::Amber);
    assert_eq!(amber.reasons, [Reason::Breathlessness]);
}

#[tokio::test]
async fn resending_with_the_same_key_stores_one_report() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let client = patient_client(&app, world.case.id).await.unwrap();
    let body = report_body(37.1, Some(97));
    let first = client
        .post(reports_url(&app, world.case.id))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 201);
    let first: ReportView = first.json().await.unwrap();
    for _ in 0..3 {
        let again = client
            .post(reports_url(&app, world.case.id))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 200);
        assert_eq!(again.json::<ReportView>().await.unwrap().id, first.id);
    }
    assert_eq!(stored_reports(&app, world.case.id).await, 1);
}

#[tokio::test]
async fn out_of_range_values_get_field_errors_and_nothing_is_stored() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let client = patient_client(&app, world.case.id).await.unwrap();
    let mut body = report_body(43.0, Some(101));
    body["pulse"] = json!(10);
    let response = client
        .post(reports_url(&app, world.case.id))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let problem = problem(response).await;
    assert_eq!(problem.field("temperature_c").unwrap().code, "out_of_range");
    assert_eq!(problem.field("spo2").unwrap().code, "out_of_range");
    assert_eq!(problem.field("pulse").unwrap().code, "out_of_range");
    assert_eq!(stored_reports(&app, world.case.id).await, 0);
}

#[tokio::test]
async fn a_value_of_the_wrong_type_names_its_field() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let client = patient_client(&app, world.case.id).await.unwrap();
    let mut body = report_body(37.0, None);
    body["temperature_c"] = json!("thirty-seven");
    let response = client
        .post(reports_url(&app, world.case.id))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert_eq!(problem(response).await.errors[0].field, "temperature_c");
    let mut body = report_body(37.0, None);
    body["symptoms"] = json!({"breathlessness": "maybe"});
    let response = client
        .post(reports_url(&app, world.case.id))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert_eq!(problem(response).await.errors[0].field, "symptoms");
}

#[tokio::test]
async fn malformed_json_is_a_400_problem() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let client = patient_client(&app, world.case.id).await.unwrap();
    let response = client
        .post(reports_url(&app, world.case.id))
        .header("content-type", "application/json")
        .body("{\"temperature_c\": 37.0,")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(problem(response).await.code, "malformed_request");
}

#[tokio::test]
async fn a_patient_cannot_report_for_someone_elses_case() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let other = add_case(&app, world.health_centre_id, world.org_a, "T-0002")
        .await
        .unwrap();
    let client = patient_client(&app, world.case.id).await.unwrap();
    let response = client
        .post(reports_url(&app, other.id))
        .json(&report_body(37.0, None))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(
        client
            .get(reports_url(&app, other.id))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(stored_reports(&app, other.id).await, 0);
}

#[tokio::test]
async fn reporting_needs_a_session() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let response = app
        .client()
        .post(reports_url(&app, world.case.id))
        .json(&report_body(37.0, None))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(problem(response).await.code, "unauthenticated");
}

/// The summary a report adds by primary key (`add_to_report_summary`, the report path) must be
/// the one a full recompute from the reports gives (`refresh_report_summary`, used after
/// corrections and reviews), whatever order of flags, slots and days the reports come in.
#[tokio::test]
async fn the_summary_each_report_adds_equals_a_full_recompute() {
    use mimamori_server::entities::patient_case;
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let client = patient_client(&app, world.case.id).await.unwrap();
    let summary = |case: patient_case::Model| {
        (
            case.last_report_at,
            case.last_slot_date,
            case.last_slot,
            case.unreviewed_flag,
        )
    };
    // Temperature and SpO2 for no flag, amber and red, a day apart and within a day.
    let steps = [
        (36.5, 98, 0),
        (38.5, 98, 3),
        (36.6, 97, 20),
        (36.5, 92, 5),
        (36.7, 98, 4),
    ];
    for (temperature, spo2, hours_later) in steps {
        app.advance(chrono::Duration::hours(hours_later));
        let response = client
            .post(reports_url(&app, world.case.id))
            .json(&report_body(temperature, Some(spo2)))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        let kept = patient_case::Entity::find_by_id(world.case.id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        mimamori_server::db::cases::refresh_report_summary(&app.db, world.case.id)
            .await
            .unwrap();
        let recomputed = patient_case::Entity::find_by_id(world.case.id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert!(kept.last_report_at.is_some());
        assert_eq!(summary(kept), summary(recomputed));
    }
}

/// The "fall of 3 points" rule compares with the latest report that had an SpO2, read in the
/// same statement that locks the case: a report without one in between is skipped.
#[tokio::test]
async fn a_fall_of_three_points_since_the_previous_spo2_is_amber() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let client = patient_client(&app, world.case.id).await.unwrap();
    let mut flags = Vec::new();
    for (hours_later, spo2) in [(0, Some(99)), (6, None), (6, Some(96)), (6, Some(95))] {
        app.advance(chrono::Duration::hours(hours_later));
        let response = send_report(&app, &client, world.case.id, &report_body(36.5, spo2)).await;
        let view: ReportView = response.json().await.unwrap();
        flags.push((view.flag, view.reasons));
    }
    assert_eq!(
        flags,
        [
            (Flag::None, vec![]),
            (Flag::None, vec![]),
            (Flag::Amber, vec![Reason::Spo2Fall]),
            (Flag::Amber, vec![Reason::Spo2Borderline]),
        ]
    );
}

/// Copies of one report sent at once (a phone retrying on a bad line) store it once: one 201,
/// the others 200 with the same report, on both databases. On PostgreSQL a copy that waited for
/// the case's lock does not see the first copy in its snapshot; the insert's conflict clause
/// catches it.
#[tokio::test]
async fn copies_of_one_report_sent_at_once_store_it_once() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let client = patient_client(&app, world.case.id).await.unwrap();
    let body = report_body(37.4, Some(96));
    let copies: Vec<_> = (0..8)
        .map(|_| {
            let request = client.post(reports_url(&app, world.case.id)).json(&body);
            tokio::spawn(status_and_report_id(request))
        })
        .collect();
    let mut answers = Vec::new();
    for copy in copies {
        answers.push(copy.await.unwrap());
    }
    let created = answers.iter().filter(|(status, _)| *status == 201).count();
    assert_eq!(created, 1, "{answers:?}");
    assert!(
        answers
            .iter()
            .all(|(status, _)| [200, 201].contains(status))
    );
    assert!(answers.iter().all(|(_, id)| *id == answers[0].1));
    assert_eq!(stored_reports(&app, world.case.id).await, 1);
    assert_eq!(created_audited(&app, world.case.id).await, 1);
}

/// Sends a report and reads the answer: its status and the report's id (a panic with the body
/// when the answer is not a report).
pub(crate) async fn status_and_report_id(request: reqwest::RequestBuilder) -> (u16, ReportId) {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let body = response.text().await.unwrap();
    let view: ReportView =
        serde_json::from_str(&body).unwrap_or_else(|_| panic!("{status} {body}"));
    (status, view.id)
}

/// How many `report.create` entries of the patient the audit log holds for the case.
pub(crate) async fn created_audited(app: &TestApp, case_id: i64) -> u64 {
    audit_log::Entity::find()
        .filter(audit_log::Column::CaseId.eq(case_id))
        .filter(audit_log::Column::Action.eq("report.create"))
        .filter(audit_log::Column::ActorKind.eq("patient"))
        .count(&app.db)
        .await
        .unwrap()
}

/// A report that is not red takes PostgreSQL's one-statement write, which must leave what the
/// transaction path leaves: the report, the case's summary, one audit entry; a resend adds
/// nothing. (On SQLite the same test runs through the transaction path.)
#[tokio::test]
async fn a_report_is_stored_summarised_and_audited_once() {
    use mimamori_server::entities::patient_case;
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let client = patient_client(&app, world.case.id).await.unwrap();
    let body = report_body(36.8, Some(95));
    let first = send_report(&app, &client, world.case.id, &body).await;
    assert_eq!(first.status(), 201);
    let first: ReportView = first.json().await.unwrap();
    assert_eq!(first.flag, Flag::Amber);
    let resent = send_report(&app, &client, world.case.id, &body).await;
    assert_eq!(resent.status(), 200);
    assert_eq!(resent.json::<ReportView>().await.unwrap(), first);
    assert_eq!(stored_reports(&app, world.case.id).await, 1);
    assert_eq!(created_audited(&app, world.case.id).await, 1);
    let case = patient_case::Entity::find_by_id(world.case.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(case.last_report_at, Some(first.submitted_at));
    assert_eq!(case.last_slot_date, Some(first.slot_date));
    assert_eq!(
        case.unreviewed_flag.as_ref().map(|f| f.as_str()),
        Some("amber")
    );
}

/// PostgreSQL only: the one-statement write stores nothing — no report, no summary, no audit
/// entry — when the case under its lock is no longer as the report was worked out for, or the
/// key is already stored; the submission then goes the transaction path.
#[tokio::test]
async fn the_one_statement_write_stores_only_for_the_case_as_read() {
    use mimamori_server::db::reports::{CaseAsRead, insert_with_summary_and_audit};
    use mimamori_server::entities::patient_case;
    let Some((app, world)) = postgres_world().await.unwrap() else {
        return;
    };
    let case = &world.case;
    let write = report_to_write(&app, case, "k-1", 97);
    let (report, entry) = (&write.report, &write.audit);
    let as_read = write.as_read();
    let stale = [
        CaseAsRead {
            slots_per_day: case.slots_per_day % 2 + 1,
            ..as_read
        },
        CaseAsRead {
            status: mimamori_shared::api::cases::CaseStatus::Hospitalised,
            ..as_read
        },
        CaseAsRead {
            health_centre_id: world.org_b,
            ..as_read
        },
    ];
    for stale in stale {
        let stored = insert_with_summary_and_audit(&app.db, stale, report, entry)
            .await
            .unwrap();
        assert!(stored.is_none(), "{stale:?}");
    }
    let untouched = patient_case::Entity::find_by_id(case.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(untouched.last_report_at, None);
    assert_eq!(stored_reports(&app, case.id).await, 0);
    assert_eq!(created_audited(&app, case.id).await, 0);

    let stored = insert_with_summary_and_audit(&app.db, as_read, report, entry)
        .await
        .unwrap()
        .expect("stored for the case as read");
    assert_eq!((stored.case_id, stored.spo2), (case.id, Some(97)));
    let again = insert_with_summary_and_audit(&app.db, as_read, report, entry)
        .await
        .unwrap();
    assert!(again.is_none());
    let summarised = patient_case::Entity::find_by_id(case.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(summarised.last_report_at, Some(stored.submitted_at));
    assert_eq!(stored_reports(&app, case.id).await, 1);
    assert_eq!(created_audited(&app, case.id).await, 1);
}

/// A resend of a report stored before follow-up ended is answered from the store (200); a new
/// report after the end gets 409 `followup_ended`.
#[tokio::test]
async fn a_resend_after_the_end_is_answered_and_a_new_report_refused() {
    use mimamori_server::entities::patient_case;
    use sea_orm::sea_query::Expr;
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let client = patient_client(&app, world.case.id).await.unwrap();
    let body = report_body(36.8, Some(97));
    let first = send_report(&app, &client, world.case.id, &body).await;
    assert_eq!(first.status(), 201);
    let first: ReportView = first.json().await.unwrap();
    patient_case::Entity::update_many()
        .col_expr(patient_case::Column::Status, Expr::value("ended"))
        .filter(patient_case::Column::Id.eq(world.case.id))
        .exec(&app.db)
        .await
        .unwrap();

    let resend = send_report(&app, &client, world.case.id, &body).await;
    assert_eq!(resend.status(), 200);
    assert_eq!(resend.json::<ReportView>().await.unwrap().id, first.id);
    let new = send_report(&app, &client, world.case.id, &report_body(36.8, Some(97))).await;
    assert_eq!(new.status(), 409);
    assert_eq!(problem(new).await.code, "followup_ended");
    assert_eq!(stored_reports(&app, world.case.id).await, 1);
}
