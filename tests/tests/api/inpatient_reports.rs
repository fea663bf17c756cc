//! Inpatient status reports: a medical institution finds a case admitted there, files reports whose
//! newest decides the case's state (admission pauses home follow-up: no reminders, no patient
//! reports; a discharge home resumes it; recovery or death ends it), the history is kept in order,
//! and nobody outside the institution's cases sees them.

use axum::http::StatusCode;
use chrono::{DateTime, TimeZone, Utc};
use mimamori_server::entities::{audit_log, case_event, patient_case};
use mimamori_server::services::setup;
use mimamori_shared::api::admin::OrgKind;
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::api::cases::{CaseStatus, CaseView, EndReason};
use mimamori_shared::api::inpatient::{
    InpatientCase, InpatientCaseList, InpatientHistory, InpatientOutcome, InpatientReportView,
};
use mimamori_shared::api::worklist::{Bucket, WorkList};
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{
    STAFF_PASSWORD, World, add_case, patient_client, report_body, staff_client,
};
use mimamori_tests::push_service::{Browser, PushService, subscribe};
use reqwest::Client;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

/// `hour:00` on 2026-11-`day` in Tokyo.
fn tokyo(day: u32, hour: u32) -> DateTime<Utc> {
    chrono_tz::Asia::Tokyo
        .with_ymd_and_hms(2026, 11, day, hour, 0, 0)
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

/// A report body: admitted on the 22nd, with `outcome` and, unless still in hospital, a
/// discharge on `discharged`.
pub(super) fn report(outcome: &str, discharged: Option<&str>) -> Value {
    json!({
        "admission_date": "2026-11-22",
        "discharge_date": discharged,
        "hospital_name": "見守 病院",
        "doctor_name": "医師 二郎",
        "severity": "moderate_ii",
        "symptoms": ["pneumonia", "fever"],
        "findings": "両肺に浸潤影",
        "icu": false,
        "ventilator": false,
        "ecmo": false,
        "outcome": outcome
    })
}

pub(super) async fn post(
    client: &Client,
    app: &TestApp,
    path: &str,
    body: &Value,
) -> reqwest::Response {
    client.post(app.url(path)).json(body).send().await.unwrap()
}

async fn get(client: &Client, app: &TestApp, path: &str) -> reqwest::Response {
    client.get(app.url(path)).send().await.unwrap()
}

pub(super) fn reports_path(case_id: i64) -> String {
    format!("/api/staff/cases/{case_id}/inpatient-reports")
}

/// The institution finds the case by number and date of birth (1950-04-01 in the fixtures).
pub(super) async fn find(app: &TestApp, client: &Client, number: &str) -> reqwest::Response {
    post(
        client,
        app,
        "/api/staff/inpatients/find",
        &json!({"case_number": number, "birth_date": "1950-04-01", "name_kana": "かん じゃ"}),
    )
    .await
}

pub(super) async fn file(
    app: &TestApp,
    client: &Client,
    case_id: i64,
    body: &Value,
) -> InpatientReportView {
    let response = post(client, app, &reports_path(case_id), body).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

async fn stored_case(app: &TestApp, id: i64) -> patient_case::Model {
    patient_case::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

async fn events(app: &TestApp, case_id: i64, kind: &str) -> Vec<Option<String>> {
    case_event::Entity::find()
        .filter(case_event::Column::CaseId.eq(case_id))
        .filter(case_event::Column::Kind.eq(kind))
        .order_by_asc(case_event::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.outcome)
        .collect()
}

async fn audited(app: &TestApp, action: &str, case_id: i64) -> usize {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .filter(audit_log::Column::CaseId.eq(case_id))
        .all(&app.db)
        .await
        .unwrap()
        .len()
}

/// The case's status as the patient's app sees it (`GET /api/patient/me`).
async fn patient_status(app: &TestApp, patient: &Client) -> String {
    let me: Value = patient
        .get(app.url("/api/patient/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    me["cases"][0]["status"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn patient_reports(app: &TestApp, client: &Client, case_id: i64) -> reqwest::Response {
    post(
        client,
        app,
        &format!("/api/patient/cases/{case_id}/reports"),
        &report_body(36.8, Some(97)),
    )
    .await
}

#[tokio::test]
async fn admission_pauses_follow_up_and_discharge_home_resumes_it() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let case_id = world.case.id;
    let service = PushService::start(StatusCode::CREATED).await.unwrap();
    let patient = patient_client(&app, case_id).await.unwrap();
    subscribe(
        &app,
        &patient,
        &service.endpoint("device-1"),
        &Browser::new(),
    )
    .await
    .unwrap();
    let hospital = staff_client(&app, &world.institution_staff).await.unwrap();
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();

    // Not yet the institution's case: nothing listed, nothing to file on.
    let list: InpatientCaseList = get(&hospital, &app, "/api/staff/inpatients")
        .await
        .json()
        .await
        .unwrap();
    assert!(list.items.is_empty());
    let response = post(
        &hospital,
        &app,
        &reports_path(case_id),
        &report("inpatient", None),
    )
    .await;
    assert_eq!(response.status(), 404);

    // Found by case number and date of birth.
    let response = find(&app, &hospital, " T-0001 ").await;
    assert_eq!(response.status(), 200);
    let found: InpatientCase = response.json().await.unwrap();
    assert_eq!(found.case.id.0, case_id);
    assert_eq!(found.status, CaseStatus::Active);
    assert!(found.latest.is_none());
    assert_eq!(audited(&app, "inpatient.find", case_id).await, 1);

    // Admitted: the case is hospitalised.
    let admitted = file(&app, &hospital, case_id, &report("inpatient", None)).await;
    assert_eq!(admitted.form.outcome, Some(InpatientOutcome::Inpatient));
    assert_eq!(admitted.form.hospital_name, "見守 病院");
    assert_eq!(admitted.institution.id.0, world.institution);
    assert_eq!(admitted.reported_by.id.0, world.institution_staff.id);
    assert_eq!(
        stored_case(&app, case_id).await.status,
        mimamori_shared::api::cases::CaseStatus::Hospitalised
    );
    assert_eq!(
        events(&app, case_id, "inpatient").await,
        [Some("inpatient".to_owned())]
    );
    assert_eq!(audited(&app, "inpatient_report.create", case_id).await, 1);

    // The patient's app is told (it shows a notice instead of the form) and a report sent
    // anyway is refused, as is one staff enter for them; a call is still logged.
    assert_eq!(patient_status(&app, &patient).await, "hospitalised");
    let response = patient_reports(&app, &patient, case_id).await;
    assert_eq!(response.status(), 409);
    assert_eq!(super::problem(response).await.code, "followup_paused");
    let response = post(
        &nurse,
        &app,
        &format!("/api/staff/cases/{case_id}/reports"),
        &report_body(36.8, Some(97)),
    )
    .await;
    assert_eq!(response.status(), 409);
    assert_eq!(super::problem(response).await.code, "followup_paused");
    let response = post(
        &nurse,
        &app,
        &format!("/api/staff/cases/{case_id}/calls"),
        &json!({"outcome": "reached", "note": ""}),
    )
    .await;
    assert_eq!(response.status(), 201);
    let view: CaseView = get(&nurse, &app, &format!("/api/staff/cases/{case_id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view.status, CaseStatus::Hospitalised);
    assert_eq!(
        view.inpatient_reports.len(),
        1,
        "the case record shows the report"
    );
    assert_eq!(view.inpatient_reports[0].id, admitted.id);
    assert!(!view.allowed.proxy_report && !view.allowed.send_message);
    assert!(view.allowed.log_call && view.allowed.mark_reviewed);

    // No reminder in the window while in hospital.
    for at in [tokyo(24, 8), tokyo(24, 9), tokyo(24, 10)] {
        app.clock.set(at);
        app.tick().await.unwrap();
    }
    assert!(
        service.received().is_empty(),
        "no reminder while in hospital"
    );

    // The work list still shows it past the cut-off, as hospitalised, never "not reported".
    // (Staff sessions end after 30 idle minutes: sign in again after each jump of the clock.)
    app.clock.set(tokyo(24, 12));
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    let list: WorkList = get(&nurse, &app, "/api/staff/worklist")
        .await
        .json()
        .await
        .unwrap();
    let row = list.items.iter().find(|r| r.id.0 == case_id).unwrap();
    assert_eq!(row.status, CaseStatus::Hospitalised);
    assert_ne!(row.bucket, Bucket::NotReported);

    // Discharged home on the 24th, within the period: follow-up resumes.
    app.clock.set(tokyo(24, 15));
    let hospital = staff_client(&app, &world.institution_staff).await.unwrap();
    file(
        &app,
        &hospital,
        case_id,
        &report("discharged_home", Some("2026-11-24")),
    )
    .await;
    assert_eq!(
        stored_case(&app, case_id).await.status,
        mimamori_shared::api::cases::CaseStatus::Active
    );
    app.clock.set(tokyo(25, 8));
    app.tick().await.unwrap();
    assert_eq!(
        service.received().len(),
        1,
        "reminders resume after discharge"
    );
    assert_eq!(patient_status(&app, &patient).await, "active");
    let response = patient_reports(&app, &patient, case_id).await;
    assert_eq!(response.status(), 201);

    // The history keeps both, newest first; everyone concerned reads it.
    let hospital = staff_client(&app, &world.institution_staff).await.unwrap();
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    for client in [&hospital, &nurse] {
        let history: InpatientHistory = get(client, &app, &reports_path(case_id))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(history.status, CaseStatus::Active);
        let outcomes: Vec<_> = history.items.iter().map(|r| r.form.outcome).collect();
        assert_eq!(
            outcomes,
            [
                Some(InpatientOutcome::DischargedHome),
                Some(InpatientOutcome::Inpatient)
            ]
        );
        assert_eq!(history.items[1].id, admitted.id);
    }
    assert_eq!(audited(&app, "inpatient_reports.read", case_id).await, 2);
    assert_eq!(
        events(&app, case_id, "inpatient").await,
        [
            Some("inpatient".to_owned()),
            Some("discharged_home".to_owned())
        ]
    );
    let list: InpatientCaseList = get(&hospital, &app, "/api/staff/inpatients")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.items.len(), 1);
    assert_eq!(
        list.items[0].latest.as_ref().unwrap().form.outcome,
        Some(InpatientOutcome::DischargedHome)
    );
}

#[tokio::test]
async fn recovery_death_and_a_late_discharge_end_follow_up_with_their_reasons() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let hospital = staff_client(&app, &world.institution_staff).await.unwrap();
    let recovered = world.case.id;
    let died = add_case(&app, world.health_centre_id, world.org_a, "T-0002")
        .await
        .unwrap()
        .id;
    let late = add_case(&app, world.health_centre_id, world.org_a, "T-0003")
        .await
        .unwrap()
        .id;
    for number in ["T-0001", "T-0002", "T-0003"] {
        assert_eq!(find(&app, &hospital, number).await.status(), 200);
    }
    for case_id in [recovered, died, late] {
        file(&app, &hospital, case_id, &report("inpatient", None)).await;
    }
    file(
        &app,
        &hospital,
        recovered,
        &report("recovered", Some("2026-11-23")),
    )
    .await;
    file(&app, &hospital, died, &report("died", Some("2026-11-23"))).await;
    // The period ends on 12-01 (fixtures): a discharge home after it ends follow-up.
    app.clock.set(
        chrono_tz::Asia::Tokyo
            .with_ymd_and_hms(2026, 12, 3, 10, 0, 0)
            .unwrap()
            .with_timezone(&Utc),
    );
    let hospital = staff_client(&app, &world.institution_staff).await.unwrap();
    file(
        &app,
        &hospital,
        late,
        &report("discharged_home", Some("2026-12-03")),
    )
    .await;
    for (case_id, reason) in [
        (recovered, EndReason::Hospitalised),
        (died, EndReason::Died),
        (late, EndReason::PeriodCompleted),
    ] {
        let case = stored_case(&app, case_id).await;
        assert_eq!(case.status, mimamori_shared::api::cases::CaseStatus::Ended);
        assert_eq!(case.end_reason.map(|r| r.as_str()), Some(reason.as_str()));
        assert!(case.ended_at.is_some());
        assert_eq!(
            events(&app, case_id, "ended").await,
            [Some(reason.as_str().to_owned())]
        );
    }
    // An ended case is read-only: no further report.
    let response = post(
        &hospital,
        &app,
        &reports_path(died),
        &report("inpatient", None),
    )
    .await;
    assert_eq!(response.status(), 409);
    assert_eq!(super::problem(response).await.code, "followup_ended");
    let history: InpatientHistory = get(&hospital, &app, &reports_path(died))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(history.status, CaseStatus::Ended);
    assert_eq!(history.items.len(), 2);
}

#[tokio::test]
async fn every_bad_input_is_a_field_error() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let hospital = staff_client(&app, &world.institution_staff).await.unwrap();
    let case_id = world.case.id;
    assert_eq!(find(&app, &hospital, "T-0001").await.status(), 200);
    let path = reports_path(case_id);

    let fields = |problem: mimamori_shared::api::Problem| -> Vec<(String, String)> {
        problem
            .errors
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    };
    let response = post(&hospital, &app, &path, &json!({})).await;
    assert_eq!(response.status(), 422);
    let got = fields(super::problem(response).await);
    for field in [
        "hospital_name",
        "doctor_name",
        "severity",
        "admission_date",
        "outcome",
    ] {
        assert!(
            got.iter().any(|(f, c)| f == field && c == "required"),
            "{field}: {got:?}"
        );
    }
    for (change, field, code) in [
        (
            json!({"discharge_date": "2026-11-23"}),
            "discharge_date",
            "still_in_hospital",
        ),
        (
            json!({"admission_date": "2026-11-24"}),
            "admission_date",
            "in_future",
        ),
        (
            json!({"outcome": "discharged_home"}),
            "discharge_date",
            "required",
        ),
        (
            json!({"outcome": "discharged_home", "discharge_date": "2026-11-21"}),
            "discharge_date",
            "before_admission",
        ),
        (
            json!({"outcome": "died", "discharge_date": "2026-11-30"}),
            "discharge_date",
            "in_future",
        ),
        (
            json!({"findings": "x".repeat(4_001)}),
            "findings",
            "too_long",
        ),
        (json!({"hospital_name": "   "}), "hospital_name", "required"),
        (json!({"severity": "critical"}), "severity", "invalid"),
        (
            json!({"admission_date": "yesterday"}),
            "admission_date",
            "invalid",
        ),
        (json!({"icu": "yes"}), "icu", "invalid"),
    ] {
        let mut body = report("inpatient", None);
        for (key, value) in change.as_object().unwrap() {
            body[key] = value.clone();
        }
        let response = post(&hospital, &app, &path, &body).await;
        assert_eq!(response.status(), 422, "{change}");
        let got = fields(super::problem(response).await);
        assert!(
            got.iter().any(|(f, c)| f == field && c == code),
            "{change}: {got:?}"
        );
    }
    let response = hospital
        .post(app.url(&path))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(
        events(&app, case_id, "inpatient").await.is_empty(),
        "nothing stored"
    );
    assert_eq!(
        stored_case(&app, case_id).await.status,
        mimamori_shared::api::cases::CaseStatus::Active
    );

    // Finding needs both the number and the date of birth.
    let response = post(&hospital, &app, "/api/staff/inpatients/find", &json!({})).await;
    assert_eq!(response.status(), 422);
    let got = fields(super::problem(response).await);
    assert_eq!(
        got,
        [
            ("case_number".to_owned(), "required".to_owned()),
            ("birth_date".to_owned(), "required".to_owned()),
            ("name_kana".to_owned(), "required".to_owned())
        ]
    );
    let response = post(
        &hospital,
        &app,
        "/api/staff/inpatients/find",
        &json!({"case_number": "T-0001", "birth_date": "1950-13-01", "name_kana": "カンジャ"}),
    )
    .await;
    assert_eq!(response.status(), 422);
    assert_eq!(fields(super::problem(response).await)[0].0, "birth_date");
}

#[tokio::test]
async fn another_institution_sees_and_files_nothing_and_finding_needs_the_right_birth_date() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let db = &app.db;
    let now = app.now();
    // Our prefecture holds the world's centre and its institution A; B is another institution
    // of the same centre; C is in another prefecture.
    let prefecture = setup::create_org(db, OrgKind::Prefecture, "Pref P", None, None, now)
        .await
        .unwrap();
    db.execute_unprepared(&format!(
        "UPDATE organisation SET parent_id = {} WHERE id = {}",
        prefecture.id, world.health_centre_id
    ))
    .await
    .unwrap();
    let other_prefecture = setup::create_org(db, OrgKind::Prefecture, "Pref Q", None, None, now)
        .await
        .unwrap();
    let other_centre = setup::create_org(
        db,
        OrgKind::HealthCentre,
        "Centre Q",
        Some(other_prefecture.id),
        None,
        now,
    )
    .await
    .unwrap();
    let keys = &app.keys;
    let staff_of = |name: &'static str, parent: i64| async move {
        let org = setup::create_org(db, OrgKind::Institution, name, Some(parent), None, now)
            .await
            .unwrap();
        setup::create_staff(
            db,
            keys,
            org.id,
            name,
            name,
            StaffRole::InstitutionStaff,
            STAFF_PASSWORD,
            now,
        )
        .await
        .unwrap()
    };
    let staff_b = staff_of("hospital.b", world.health_centre_id).await;
    let staff_c = staff_of("hospital.c", other_centre.id).await;
    let hospital_a = staff_client(&app, &world.institution_staff).await.unwrap();
    let hospital_b = staff_client(&app, &staff_b).await.unwrap();
    let hospital_c = staff_client(&app, &staff_c).await.unwrap();
    let case_id = world.case.id;

    // The wrong date of birth, or an unknown number, is not found; nothing is linked.
    for body in [
        json!({"case_number": "T-0001", "birth_date": "1950-04-02", "name_kana": "カンジャ"}),
        json!({"case_number": "T-9999", "birth_date": "1950-04-01", "name_kana": "カンジャ"}),
        // Number and birth date alone are not enough: the name in kana must match too.
        json!({"case_number": "T-0001", "birth_date": "1950-04-01", "name_kana": "ベツジン"}),
    ] {
        let response = post(&hospital_a, &app, "/api/staff/inpatients/find", &body).await;
        assert_eq!(response.status(), 404, "{body}");
    }
    // Another prefecture's institution does not find it even with the right date of birth.
    assert_eq!(find(&app, &hospital_c, "T-0001").await.status(), 404);
    assert_eq!(
        post(
            &hospital_c,
            &app,
            &reports_path(case_id),
            &report("inpatient", None)
        )
        .await
        .status(),
        404
    );

    assert_eq!(find(&app, &hospital_a, "T-0001").await.status(), 200);
    file(&app, &hospital_a, case_id, &report("inpatient", None)).await;

    // B has not found it: not listed, not readable, not writable, all 404.
    let list: InpatientCaseList = get(&hospital_b, &app, "/api/staff/inpatients")
        .await
        .json()
        .await
        .unwrap();
    assert!(list.items.is_empty());
    assert_eq!(
        get(&hospital_b, &app, &reports_path(case_id))
            .await
            .status(),
        404
    );
    assert_eq!(
        post(
            &hospital_b,
            &app,
            &reports_path(case_id),
            &report("died", Some("2026-11-23"))
        )
        .await
        .status(),
        404
    );
    assert_eq!(
        stored_case(&app, case_id).await.status,
        mimamori_shared::api::cases::CaseStatus::Hospitalised
    );

    // Follow-up organisation B's doctor (not assigned) does not see it; the health centre
    // reads it but may not file.
    let doctor_b = staff_client(&app, &world.doctor_b).await.unwrap();
    assert_eq!(
        get(&doctor_b, &app, &reports_path(case_id)).await.status(),
        404
    );
    let hc = setup::create_staff(
        db,
        &app.keys,
        world.health_centre_id,
        "hc.p",
        "hc.p",
        StaffRole::HcStaff,
        STAFF_PASSWORD,
        now,
    )
    .await
    .unwrap();
    let hc = staff_client(&app, &hc).await.unwrap();
    let history: InpatientHistory = get(&hc, &app, &reports_path(case_id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(history.items.len(), 1);
    assert_eq!(history.status, CaseStatus::Hospitalised);
    assert_eq!(
        post(
            &hc,
            &app,
            &reports_path(case_id),
            &report("inpatient", None)
        )
        .await
        .status(),
        403
    );
    assert_eq!(get(&hc, &app, "/api/staff/inpatients").await.status(), 403);
    assert_eq!(
        find(&app, &hc, "T-0001").await.status(),
        403,
        "only institutions find cases"
    );
}

#[tokio::test]
async fn the_implementation_report_counts_an_admission_and_no_non_reporter_in_hospital() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let silent = add_case(&app, world.health_centre_id, world.org_a, "T-0002")
        .await
        .unwrap();
    let hospital = staff_client(&app, &world.institution_staff).await.unwrap();
    assert_eq!(find(&app, &hospital, "T-0001").await.status(), 200);
    // Admitted at 10:00 on the 23rd, before the 17:00 report time; the other case is silent.
    file(&app, &hospital, world.case.id, &report("inpatient", None)).await;
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let counts = mimamori_server::services::implementation_reports::compile_for_date(
        &app.db,
        world.health_centre_id,
        day,
    )
    .await
    .unwrap()
    .unwrap();
    let ours = &counts[&(world.health_centre_id, world.org_a)];
    assert_eq!(ours.under_followup, 2);
    assert_eq!(ours.not_reported, 1, "only the silent case {}", silent.id);
    assert_eq!(ours.referred_admission, 1);
}

#[tokio::test]
async fn the_case_of_an_accepted_notification_is_the_institutions_without_a_find() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let hospital = staff_client(&app, &world.institution_staff).await.unwrap();
    let hc = setup::create_staff(
        &app.db,
        &app.keys,
        world.health_centre_id,
        "hc.n",
        "hc.n",
        StaffRole::HcStaff,
        STAFF_PASSWORD,
        app.now(),
    )
    .await
    .unwrap();
    let hc = staff_client(&app, &hc).await.unwrap();
    let form = json!({
        "patient_name": "入院　太郎", "patient_kana": "ニュウイン タロウ", "sex": "male",
        "birth_date": "1955-01-02", "address": "東京都新宿区西新宿2-8-1", "whereabouts": "",
        "phone": "080-3333-4444", "email": "", "doctor_name": "診断 医師",
        "diagnosis_date": "2026-11-23", "specimen_date": "2026-11-22", "onset_date": "2026-11-21",
        "asymptomatic": false, "test_method": "pcr", "test_result": "positive",
        "symptoms": ["fever"], "severity": "moderate_ii", "risk_factors": [],
        "needs_admission": true, "new_oxygen": true, "notes": ""
    });
    let response = post(&hospital, &app, "/api/staff/case-notifications", &form).await;
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, 201, "{body}");
    let id = serde_json::from_str::<Value>(&body).unwrap()["summary"]["id"]
        .as_i64()
        .unwrap();
    let base = format!("/api/staff/case-notifications/{id}");
    // Submitted, not yet accepted: not the institution's case to report on.
    let response = post(&hospital, &app, &format!("{base}/submit"), &json!(null)).await;
    assert_eq!(response.status(), 200);
    let list: InpatientCaseList = get(&hospital, &app, "/api/staff/inpatients")
        .await
        .json()
        .await
        .unwrap();
    assert!(list.items.is_empty());
    let response = post(&hc, &app, &format!("{base}/accept"), &json!({})).await;
    assert_eq!(response.status(), 200);
    let case_id = response.json::<Value>().await.unwrap()["case"]["id"]
        .as_i64()
        .unwrap();

    let list: InpatientCaseList = get(&hospital, &app, "/api/staff/inpatients")
        .await
        .json()
        .await
        .unwrap();
    let ids: Vec<i64> = list.items.iter().map(|c| c.case.id.0).collect();
    assert_eq!(ids, [case_id]);
    assert_eq!(list.items[0].patient_kana, "ニュウイン タロウ");
    file(&app, &hospital, case_id, &report("inpatient", None)).await;
    assert_eq!(
        stored_case(&app, case_id).await.status,
        mimamori_shared::api::cases::CaseStatus::Hospitalised
    );
}

/// Number and birth date are not enough to find a case; misses are audited and, past 20 an hour,
/// the institution's finder is paused (429, the right answer too) and its health centre is told.
#[tokio::test]
async fn the_finder_pauses_an_institution_after_twenty_misses_and_tells_its_health_centre() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let centre_staff = setup::create_staff(
        &app.db,
        &app.keys,
        world.health_centre_id,
        "hc.officer",
        "保健所 職員",
        StaffRole::HcStaff,
        STAFF_PASSWORD,
        app.now(),
    )
    .await
    .unwrap();
    let hospital = staff_client(&app, &world.institution_staff).await.unwrap();
    let find_path = "/api/staff/inpatients/find";
    let right = json!({"case_number": "T-0001", "birth_date": "1950-04-01", "name_kana": "ｶﾝｼﾞｬ"});

    // Number and birth date without the name, or with another name, do not find it.
    let without_name = json!({"case_number": "T-0001", "birth_date": "1950-04-01"});
    assert_eq!(
        post(&hospital, &app, find_path, &without_name)
            .await
            .status(),
        422
    );
    for n in 1..=20 {
        let guess = json!({"case_number": "T-0001", "birth_date": "1950-04-01", "name_kana": format!("ヤマダ{n}")});
        let response = post(&hospital, &app, find_path, &guess).await;
        assert_eq!(response.status(), 404, "miss {n}");
    }
    let paused = post(&hospital, &app, find_path, &right).await;
    assert_eq!(paused.status(), 429);
    let wait: i64 = paused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(wait > 50 * 60, "paused for the hour: {wait}");
    assert_eq!(super::problem(paused).await.code, "finder_locked");

    let audited = |action: &'static str| {
        audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq(action))
            .all(&app.db)
    };
    assert_eq!(audited("inpatient.find_missed").await.unwrap().len(), 20);
    assert_eq!(audited("inpatient.finder_locked").await.unwrap().len(), 1);
    let centre = staff_client(&app, &centre_staff).await.unwrap();
    let notices = super::staff_notifications::notifications(&app, &centre, "").await;
    let locked: Vec<_> = notices
        .items
        .iter()
        .filter(|n| {
            n.kind == mimamori_shared::api::staff_notifications::NotificationKind::FinderLocked
        })
        .collect();
    assert_eq!(locked.len(), 1, "the health centre is told once");
    assert!(locked[0].organisation_name.is_some());

    // After the pause the right three (kana written any way) find the case.
    app.advance(chrono::Duration::minutes(61));
    let hospital = staff_client(&app, &world.institution_staff).await.unwrap();
    assert_eq!(post(&hospital, &app, find_path, &right).await.status(), 200);
}
