//! Health-centre work (docs/health-centre.md): registering cases by hand and by CSV import,
//! assigning and transferring them, issuing the patient's invitation.

use super::problem;
use base64::Engine as _;
use chrono::{Duration, NaiveDate};
use mimamori_server::db;
use mimamori_server::entities::{audit_log, case_event, invitation, patient_case, staff_user};
use mimamori_server::services::setup;
use mimamori_shared::api::Problem;
use mimamori_shared::api::admin::OrgKind;
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::api::intake::{
    AssignmentView, ContractedOrgList, ImportResult, InvitationView, RegisteredCase,
};
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{self, STAFF_PASSWORD, World, add_case, staff_client};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

/// The test world plus what health-centre work needs: contracts with A and B, a follow-up
/// organisation C without one, the centre's staff member, and another centre with its own.
struct Hc {
    world: World,
    hc_staff: staff_user::Model,
    org_c: i64,
    other_hc_staff: staff_user::Model,
    other_case: patient_case::Model,
}

async fn setup(app: &TestApp) -> Hc {
    let world = World::create(app).await.unwrap();
    let (db, now, centre) = (&app.db, app.now(), world.health_centre_id);
    db::contracts::insert(db, world.org_a, centre, now)
        .await
        .unwrap();
    db::contracts::insert(db, world.org_b, centre, now)
        .await
        .unwrap();
    let org_c = setup::create_org(
        db,
        OrgKind::FollowupOrg,
        "Clinic C",
        Some(centre),
        None,
        now,
    )
    .await
    .unwrap();
    let keys = &app.keys;
    let staff = |org, login: &'static str| async move {
        setup::create_staff(
            db,
            keys,
            org,
            login,
            login,
            StaffRole::HcStaff,
            STAFF_PASSWORD,
            now,
        )
        .await
        .unwrap()
    };
    let hc_staff = staff(centre, "hc.staff").await;
    let other = setup::create_org(db, OrgKind::HealthCentre, "Other centre", None, None, now)
        .await
        .unwrap();
    let other_org = setup::create_org(
        db,
        OrgKind::FollowupOrg,
        "Clinic X",
        Some(other.id),
        None,
        now,
    )
    .await
    .unwrap();
    let other_case = add_case(app, other.id, other_org.id, "X-0001")
        .await
        .unwrap();
    let other_hc_staff = staff(other.id, "hc.other").await;
    Hc {
        world,
        hc_staff,
        org_c: org_c.id,
        other_hc_staff,
        other_case,
    }
}

fn person(name: &str, phone: &str) -> Value {
    json!({
        "name": name,
        "name_kana": "ヤマダ ハナコ",
        "birth_date": "1948-03-12",
        "sex": "female",
        "phone": phone,
        "address": "東京都千代田区千代田1-1",
        "risk_factors": ["obesity", "diabetes"],
        "onset_date": "2026-11-20",
        "specimen_date": "2026-11-21",
        "test_summary": "PCR 陽性",
        "interview_notes": "同居家族2名",
        "slots_per_day": 2
    })
}

async fn register(app: &TestApp, client: &reqwest::Client, body: &Value) -> reqwest::Response {
    client
        .post(app.url("/api/staff/cases"))
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn import(app: &TestApp, client: &reqwest::Client, body: Vec<u8>) -> reqwest::Response {
    client
        .post(app.url("/api/staff/cases/import"))
        .header("content-type", "text/csv")
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn case_count(app: &TestApp) -> u64 {
    patient_case::Entity::find().count(&app.db).await.unwrap()
}

async fn events_of(app: &TestApp, case_id: i64) -> Vec<case_event::Model> {
    case_event::Entity::find()
        .filter(case_event::Column::CaseId.eq(case_id))
        .order_by_asc(case_event::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

async fn audit_of(app: &TestApp, action: &str) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .order_by_asc(audit_log::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

fn fields(problem: &Problem) -> Vec<(String, String)> {
    problem
        .errors
        .iter()
        .map(|e| (e.field.clone(), e.code.clone()))
        .collect()
}

fn pair(field: &str, code: &str) -> (String, String) {
    (field.to_owned(), code.to_owned())
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

// ---- Registration by hand ---------------------------------------------------------------------

#[tokio::test]
async fn a_case_registered_by_hand_is_stored_with_every_field_recorded_and_audited() {
    let app = TestApp::spawn().await.unwrap();
    let hc = setup(&app).await;
    let client = staff_client(&app, &hc.hc_staff).await.unwrap();
    let mut body = person("山田　花子", "090-1234-5678");
    body["followup_org_id"] = json!(hc.world.org_a);
    let response = register(&app, &client, &body).await;
    assert_eq!(response.status(), 201);
    let created: RegisteredCase = response.json().await.unwrap();
    let centre = hc.world.health_centre_id;
    assert_eq!(created.case_number, format!("{centre}-20261123-0001"));

    let stored = patient_case::Entity::find_by_id(created.id.0)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let personal = fixtures::personal(&app, &stored).unwrap();
    assert_eq!(personal.name, "山田 花子", "whitespace normalised");
    assert_eq!(personal.name_kana, "ヤマダ ハナコ");
    assert_eq!(personal.birth_date, date(1948, 3, 12));
    assert_eq!(stored.birth_year, 1948);
    assert_eq!(stored.sex, mimamori_shared::api::cases::Sex::Female);
    assert_eq!(personal.phone, "090-1234-5678");
    assert_eq!(personal.address, "東京都千代田区千代田1-1");
    assert_eq!(stored.risk_factors, r#"["diabetes","obesity"]"#);
    assert_eq!(stored.onset_date, Some(date(2026, 11, 20)));
    assert_eq!(stored.specimen_date, Some(date(2026, 11, 21)));
    assert_eq!(personal.test_summary, "PCR 陽性");
    assert_eq!(personal.interview_notes, "同居家族2名");
    assert_eq!(stored.health_centre_id, centre);
    assert_eq!(stored.followup_org_id, Some(hc.world.org_a));
    assert_eq!(
        stored.followup_start,
        date(2026, 11, 20),
        "from the onset date"
    );
    assert_eq!(stored.followup_end, date(2026, 11, 29), "10 days");
    assert_eq!(stored.slots_per_day, 2);
    assert_eq!(
        stored.status,
        mimamori_shared::api::cases::CaseStatus::Active
    );

    let events = events_of(&app, stored.id).await;
    let kinds: Vec<(&str, Option<&str>)> = events
        .iter()
        .map(|e| (e.kind.as_str(), e.outcome.as_deref()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("registered", Some("manual")),
            ("assignment", Some("assign"))
        ]
    );
    assert_eq!(events[1].related_org_id, Some(hc.world.org_a));
    assert_eq!(events[0].actor_staff_id, Some(hc.hc_staff.id));

    let audit = audit_of(&app, "case.register").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].case_id, Some(stored.id));
    assert_eq!(audit[0].actor_id, Some(hc.hc_staff.id));
    assert_eq!(audit[0].role.as_deref(), Some("hc_staff"));
    assert_eq!(audit[0].detail.as_deref(), Some("manual"));

    // The assigned organisation's doctor now sees the case; the other organisation's does not.
    let doctor_a = staff_client(&app, &hc.world.doctor_a).await.unwrap();
    let url = app.url(&format!("/api/staff/cases/{}", stored.id));
    assert_eq!(doctor_a.get(&url).send().await.unwrap().status(), 200);
    let doctor_b = staff_client(&app, &hc.world.doctor_b).await.unwrap();
    assert_eq!(doctor_b.get(&url).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn follow_up_starts_on_the_specimen_date_else_today_for_the_days_asked() {
    let app = TestApp::spawn().await.unwrap();
    let hc = setup(&app).await;
    let client = staff_client(&app, &hc.hc_staff).await.unwrap();
    let mut body = person("佐藤 一郎", "0312345678");
    body["onset_date"] = Value::Null;
    body["followup_days"] = json!(7);
    let first: RegisteredCase = register(&app, &client, &body).await.json().await.unwrap();
    let mut body = person("鈴木 次郎", "0312345679");
    body["onset_date"] = Value::Null;
    body["specimen_date"] = Value::Null;
    body.as_object_mut().unwrap().remove("slots_per_day");
    let second: RegisteredCase = register(&app, &client, &body).await.json().await.unwrap();
    let centre = hc.world.health_centre_id;
    assert_eq!(second.case_number, format!("{centre}-20261123-0002"));

    let find = |id| patient_case::Entity::find_by_id(id).one(&app.db);
    let first = find(first.id.0).await.unwrap().unwrap();
    assert_eq!(
        (first.followup_start, first.followup_end),
        (date(2026, 11, 21), date(2026, 11, 27))
    );
    let second = find(second.id.0).await.unwrap().unwrap();
    assert_eq!(
        (
            second.followup_start,
            second.followup_end,
            second.slots_per_day
        ),
        (date(2026, 11, 23), date(2026, 12, 2), 1)
    );
    assert_eq!(second.followup_org_id, None, "not assigned yet");
}

#[tokio::test]
async fn concurrent_registrations_get_distinct_consecutive_numbers() {
    let app = TestApp::spawn().await.unwrap();
    let hc = setup(&app).await;
    let client = staff_client(&app, &hc.hc_staff).await.unwrap();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..6 {
        let (client, url) = (client.clone(), app.url("/api/staff/cases"));
        let body = person(&format!("並行 {i}"), &format!("090-0000-{i:04}"));
        tasks.spawn(async move { client.post(url).json(&body).send().await.unwrap() });
    }
    let mut numbers = Vec::new();
    while let Some(response) = tasks.join_next().await {
        let response = response.unwrap();
        assert_eq!(response.status(), 201);
        numbers.push(response.json::<RegisteredCase>().await.unwrap().case_number);
    }
    numbers.sort();
    let centre = hc.world.health_centre_id;
    let expected: Vec<String> = (1..=6)
        .map(|n| format!("{centre}-20261123-{n:04}"))
        .collect();
    assert_eq!(numbers, expected);
}

#[tokio::test]
async fn the_same_person_sent_six_times_at_once_is_stored_once() {
    let app = TestApp::spawn().await.unwrap();
    let hc = setup(&app).await;
    let client = staff_client(&app, &hc.hc_staff).await.unwrap();
    let before = case_count(&app).await;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..6 {
        let (client, url) = (client.clone(), app.url("/api/staff/cases"));
        let body = person("同時 太郎", "090-5555-0000");
        tasks.spawn(async move { client.post(url).json(&body).send().await.unwrap() });
    }
    let mut created = 0;
    while let Some(response) = tasks.join_next().await {
        let response = response.unwrap();
        match response.status().as_u16() {
            201 => created += 1,
            409 => assert_eq!(problem(response).await.code, "duplicate_case"),
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!(created, 1);
    assert_eq!(case_count(&app).await, before + 1);
}

#[tokio::test]
async fn every_bad_field_is_named_and_nothing_is_stored() {
    let app = TestApp::spawn().await.unwrap();
    let hc = setup(&app).await;
    let client = staff_client(&app, &hc.hc_staff).await.unwrap();
    let before = case_count(&app).await;

    let response = register(&app, &client, &json!({})).await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        fields(&problem(response).await),
        [
            pair("name", "required"),
            pair("name_kana", "required"),
            pair("birth_date", "required"),
            pair("sex", "required"),
            pair("phone", "required"),
        ]
    );

    let mut body = person("山田 花子", "090-12-34");
    body["name_kana"] = json!("Yamada Hanako");
    body["birth_date"] = json!("2027-01-01");
    body["onset_date"] = json!("2026-11-24");
    body["address"] = json!("あ".repeat(201));
    body["followup_days"] = json!(31);
    body["slots_per_day"] = json!(3);
    body["email"] = json!("yamada at example.jp");
    let response = register(&app, &client, &body).await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        fields(&problem(response).await),
        [
            pair("name_kana", "katakana"),
            pair("birth_date", "in_future"),
            pair("phone", "phone_format"),
            pair("address", "too_long"),
            pair("onset_date", "in_future"),
            pair("specimen_date", "before_birth"),
            pair("followup_days", "out_of_range"),
            pair("slots_per_day", "out_of_range"),
            pair("email", "email_format"),
        ]
    );

    let mut body = person("山田 花子", "090-1234-5678");
    body["birth_date"] = json!("1890-01-01");
    body["onset_date"] = json!("2026-10-01");
    body["specimen_date"] = json!("1880-01-01");
    let response = register(&app, &client, &body).await;
    assert_eq!(
        fields(&problem(response).await),
        [
            pair("birth_date", "out_of_range"),
            pair("specimen_date", "before_birth"),
            pair("onset_date", "period_over"),
        ]
    );

    for (field, value) in [
        ("birth_date", json!("12/03/1948")),
        ("sex", json!("unknown")),
        ("risk_factors", json!(["flu"])),
    ] {
        let mut body = person("山田 花子", "090-1234-5678");
        body[field] = value;
        let response = register(&app, &client, &body).await;
        assert_eq!(response.status(), 422, "{field}");
        assert!(
            problem(response).await.errors[0].field.starts_with(field),
            "{field}"
        );
    }
    assert_eq!(case_count(&app).await, before);
}

#[tokio::test]
async fn a_contact_e_mail_is_kept_for_reminders() {
    let app = TestApp::spawn().await.unwrap();
    let hc = setup(&app).await;
    let client = staff_client(&app, &hc.hc_staff).await.unwrap();
    let mut body = person("山田 花子", "090-1234-5678");
    body["email"] = json!("  hanako@example.jp ");
    let response = register(&app, &client, &body).await;
    assert_eq!(response.status(), 201);
    let created: RegisteredCase = response.json().await.unwrap();
    let stored = patient_case::Entity::find_by_id(created.id.0)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        fixtures::personal(&app, &stored).unwrap().email.as_deref(),
        Some("hanako@example.jp")
    );
}

#[tokio::test]
async fn a_follow_up_organisation_needs_a_contract_with_the_health_centre() {
    let app = TestApp::spawn().await.unwrap();
    let hc = setup(&app).await;
    let client = staff_client(&app, &hc.hc_staff).await.unwrap();
    let before = case_count(&app).await;
    for org in [hc.org_c, hc.world.health_centre_id, 999_999] {
        let mut body = person("山田 花子", "090-1234-5678");
        body["followup_org_id"] = json!(org);
        let response = register(&app, &client, &body).await;
        assert_eq!(response.status(), 422, "org {org}");
        assert_eq!(
            fields(&problem(response).await),
            [pair("followup_org_id", "no_contract")]
        );
    }
    assert_eq!(case_count(&app).await, before);
}

#[tokio::test]
async fn the_same_person_registered_twice_is_a_409_naming_the_existing_case() {
    let app = TestApp::spawn().await.unwrap();
    let hc = setup(&app).await;
    let client = staff_client(&app, &hc.hc_staff).await.unwrap();
    let first: RegisteredCase = register(&app, &client, &person("山田 花子", "090-1234-5678"))
        .await
        .json()
        .await
        .unwrap();
    let before = case_count(&app).await;
    // Spacing and phone punctuation differ; it is still the same person.
    let response = register(&app, &client, &person("山田花子", "09012345678")).await;
    assert_eq!(response.status(), 409);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "duplicate_case");
    assert_eq!(body["status"], 409);
    assert_eq!(body["existing_case"]["id"], first.id.0);
    assert_eq!(body["existing_case"]["case_number"], first.case_number);
    assert_eq!(case_count(&app).await, before);

    // Another phone number is another person; so is the same person at another health centre.
    let response = register(&app, &client, &person("山田 花子", "090-1234-9999")).await;
    assert_eq!(response.status(), 201);
    let other = staff_client(&app, &hc.other_hc_staff).await.unwrap();
    let response = register(&app, &other, &person("山田 花子", "090-1234-5678")).await;
    assert_eq!(response.status(), 201);
}

#[tokio::test]
async fn only_health_centre_staff_register_cases() {
    let app = TestApp::spawn().await.unwrap();
    let hc = setup(&app).await;
    for user in [&hc.world.doctor_a, &hc.world.nurse_a] {
        let client = staff_client(&app, user).await.unwrap();
        let response = register(&app, &client, &person("山田 花子", "090-1234-5678")).await;
        assert_eq!(response.status(), 403);
        assert_eq!(problem(response).await.code, "forbidden");
        let response = import(&app, &client, b"a".to_vec()).await;
        assert_eq!(response.status(), 403);
        let orgs = client
            .get(app.url("/api/staff/contracted-orgs"))
            .send()
            .await
            .unwrap();
        assert_eq!(orgs.status(), 403);
    }
    let anonymous = app.client();
    let response = register(&app, &anonymous, &person("山田 花子", "090-1234-5678")).await;
    assert_eq!(response.status(), 401);
    assert_eq!(case_count(&app).await, 2, "only the fixtures' cases");
}

#[tokio::test]
async fn the_contracted_organisations_are_listed_for_the_assignment_choice() {
    let app = TestApp::spawn().await.unwrap();
    let hc = setup(&app).await;
    let client = staff_client(&app, &hc.hc_staff).await.unwrap();
    let list: ContractedOrgList = client
        .get(app.url("/api/staff/contracted-orgs"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = list.items.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["Clinic A", "Clinic B"]);
}

// ---- CSV import ---------------------------------------------------------------------------------

const HEADER: &str = "氏名,氏名カナ,生年月日,性別,電話番号,住所,発症日,検体採取日,重症化リスク因子,検査,聞き取りメモ,委託先ID";

fn csv(rows: &[String]) -> String {
    let mut text = String::from(HEADER);
    for row in rows {
        text.push_str("\r\n");
        text.push_str(row);
    }
    text.push_str("\r\n");
    text
}

fn row(name: &str, phone: &str, org: i64) -> String {
    format!(
        "{name},ヤマダ ハナコ,1948/3/12,女,{phone},東京都千代田区,2026/11/20,,糖尿病・高血圧,PCR陽性,\"咳あり, 発熱\",{org}"
    )
}

#[tokio::test]
async fn a_csv_file_with_a_bom_is_imported_whole_in_the_files_order() {
    let app = TestApp::spawn().await.unwrap();
    let hc = setup(&app).await;
    let client = staff_client(&app, &hc.hc_staff).await.unwrap();
    let a = hc.world.org_a;
    let text = csv(&[
        row("山田 花子", "090-1111-0001", a),
        row("佐藤 一郎", "090-1111-0002", hc.world.org_b),
        // Excel often leaves rows of empty cells after deleted data.
        ",,,,,,,,,,,".to_owned(),
        row("鈴木 三郎", "090-1111-0003", a),
    ]);
    let body = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    let response = import(&app, &client, body).await;
    assert_eq!(response.status(), 200);
    let result: ImportResult = response.json().await.unwrap();
    assert_eq!(result.imported, 3);
    let mut stored = Vec::new();
    for id in &result.case_ids {
        stored.push(
            patient_case::Entity::find_by_id(id.0)
                .one(&app.db)
                .await
                .unwrap()
                .unwrap(),
        );
    }
    let personal: Vec<_> = stored
        .iter()
        .map(|case| fixtures::personal(&app, case).unwrap())
        .collect();
    let names: Vec<&str> = personal.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["山田 花子", "佐藤 一郎", "鈴木 三郎"]);
    let centre = hc.world.health_centre_id;
    assert_eq!(stored[2].case_number, format!("{centre}-20261123-0003"));
    assert_eq!(stored[0].risk_factors, r#"["hypertension","diabetes"]"#);
    assert_eq!(personal[0].interview_notes, "咳あり, 発熱");
    assert_eq!(stored[1].followup_org_id, Some(hc.world.org_b));
    assert_eq!(stored[0].followup_start, date(2026, 11, 20));

    let events = events_of(&app, stored[0].id).await;
    assert_eq!(events[0].kind.as_str(), "registered");
    assert_eq!(events[0].outcome.as_deref(), Some("csv"));
    assert_eq!(audit_of(&app, "case.register").await.len(), 3);
    let summary = audit_of(&app, "case.import").await;
    assert_eq!(summary.len(), 1);
    assert_eq!(summary[0].detail.as_deref(), Some("cases:3"));
}

#[tokio::test]
async fn a_shift_jis_file_as_excel_saves_it_is_imported() {
    let app = TestApp::spawn().await.unwrap();
    let hc = setup(&app).await;
    let client = staff_client(&app, &hc.hc_staff).await.unwrap();
    let text = csv(&[row("髙橋 健", "03-1234-5678", hc.world.org_a)]);
    let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&sjis).is_err(), "really not UTF-8");
    let response = import(&app, &client, sjis.into_owned()).await;
    assert_eq!(response.status(), 200);
    let result: ImportResult = response.json().await.unwrap();
    let case = patient_case::Entity::find_by_id(result.case_ids[0].0)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let personal = fixtures::personal(&app, &case).unwrap();
    assert_eq!(personal.name, "髙橋 健");
    assert_eq!(personal.name_kana, "ヤマダ ハナコ");
}

#[tokio::test]
async fn english_headers_and_a_subset_of_columns_are_accepted() {
    let app = TestApp::spawn().await.unwrap();
    let hc = setup(&app).await;
    let client = staff_client(&app, &hc.hc_staff).await.unwrap();
    let text = "name,name_kana,birth_date,sex,phone,followup_days,slots_per_day\n\
                Hanako Yamada,ヤマダ ハナコ,1948-03-12,F,09012345678,7,2\n";
    let response = import(&app, &client, text.as_bytes().to_vec()).await;
    assert_eq!(response.status(), 200);
    let result: ImportResult = response.json().await.unwrap();
    let case = patient_case::Entity::find_by_id(result.case_ids[0].0)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (case.followup_start, case.followup_end, case.slots_per_day),
        (date(2026, 11, 23), date(2026, 11, 29), 2)
    );
}

#[tokio::test]
async fn every_bad_row_is_reported_by_its_excel_row_number_and_nothing_is_stored() {
    let app = TestApp::spawn().await.unwrap();
    let hc = setup(&app).await;
    let client = staff_client(&app, &hc.hc_staff).await.unwrap();
    let before = case_count(&app).await;
    let a = hc.world.org_a;
    let text = csv(&[
        row("山田 花子", "090-1111-0001", a),
        row("佐藤 一郎", "090-11", a),
        "鈴木 三郎,すずき さぶろう,3月12日,?,090-1111-0003,,2026/11/20,,水虫,,,x".to_owned(),
        row("", "090-1111-0004", hc.org_c),
        format!("高橋 健,タカハシ ケン,2030/1/1,男,090-1111-0005,,2026/11/24,,,,,{a}"),
    ]);
    let response = import(&app, &client, text.into_bytes()).await;
    assert_eq!(response.status(), 422);
    let found = problem(response).await;
    assert_eq!(found.code, "validation");
    assert_eq!(
        fields(&found),
        [
            pair("rows[3].phone", "phone_format"),
            pair("rows[4].birth_date", "date_format"),
            pair("rows[4].sex", "sex_value"),
            pair("rows[4].risk_factors", "unknown_risk_factor"),
            pair("rows[4].followup_org_id", "not_a_number"),
            pair("rows[5].name", "required"),
            pair("rows[6].birth_date", "in_future"),
            pair("rows[6].onset_date", "in_future"),
        ]
    );
    assert!(found.errors[3].message.contains("水虫"));
    assert_eq!(case_count(&app).await, before, "all or nothing");
    assert!(audit_of(&app, "case.register").await.is_empty());

    // Row 5's organisation has no contract: reported once the row is otherwise right.
    let text = csv(&[row("山田 花子", "090-1111-0001", hc.org_c)]);
    let response = import(&app, &client, text.into_bytes()).await;
    assert_eq!(
        fields(&problem(response).await),
        [pair("rows[2].followup_org_id", "no_contract")]
    );
    assert_eq!(case_count(&app).await, before);
}

#[tokio::test]
async fn duplicates_within_the_file_and_with_existing_cases_refuse_the_whole_file() {
    let app = TestApp::spawn().await.unwrap();
    let hc = setup(&app).await;
    let client = staff_client(&app, &hc.hc_staff).await.unwrap();
    let existing: RegisteredCase = register(&app, &client, &person("山田 花子", "090-1111-0001"))
        .await
        .json()
        .await
        .unwrap();
    let before = case_count(&app).await;
    let a = hc.world.org_a;
    let text = csv(&[
        row("佐藤 一郎", "090-1111-0002", a),
        row("山田花子", "09011110001", a),
        row("佐藤　一郎", "090-1111-0002", a),
    ]);
    let response = import(&app, &client, text.into_bytes()).await;
    assert_eq!(response.status(), 422);
    let problem = problem(response).await;
    assert_eq!(
        fields(&problem),
        [
            pair("rows[3]", "duplicate_case"),
            pair("rows[4]", "duplicate_in_file")
        ]
    );
    assert!(problem.errors[0].message.contains(&existing.case_number));
    assert!(problem.errors[1].message.contains("row 2"));
    assert_eq!(case_count(&app).await, before);
}

#[tokio::test]
async fn a_file_that_is_not_a_case_list_is_refused_clearly() {
    let app = TestApp::spawn().await.unwrap();
    let hc = setup(&app).await;
    let client = staff_client(&app, &hc.hc_staff).await.unwrap();

    let response = import(&app, &client, "氏名,血液型\n山田,A\n".as_bytes().to_vec()).await;
    assert_eq!(response.status(), 422);
    let found = problem(response).await;
    assert!(found.errors.iter().all(|e| e.field == "header"));
    let codes: Vec<&str> = found.errors.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "unknown_column",
            "missing_column",
            "missing_column",
            "missing_column",
            "missing_column"
        ]
    );

    for body in [Vec::new(), format!("{HEADER}\r\n").into_bytes()] {
        let response = import(&app, &client, body).await;
        assert_eq!(fields(&problem(response).await), [pair("file", "empty")]);
    }

    // Neither UTF-8 nor Shift_JIS (a UTF-16 file, as Excel's "Unicode text").
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(HEADER.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let response = import(&app, &client, utf16).await;
    assert_eq!(fields(&problem(response).await), [pair("file", "encoding")]);

    let mut many = vec![HEADER.to_owned()];
    many.extend((0..5_001).map(|i| row("山田 花子", &format!("090-{i:04}-0000"), 1)));
    let response = import(&app, &client, many.join("\n").into_bytes()).await;
    assert_eq!(
        fields(&problem(response).await),
        [pair("file", "too_many_rows")]
    );

    let response = client
        .post(app.url("/api/staff/cases/import"))
        .json(&json!({"rows": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 415);

    let huge = vec![b'a'; 2 * 1024 * 1024 + 1];
    let response = import(&app, &client, huge).await;
    assert_eq!(response.status(), 413);
    assert_eq!(case_count(&app).await, 2);
}

#[tokio::test]
async fn the_import_template_is_the_header_row_for_excel() {
    let app = TestApp::spawn().await.unwrap();
    let hc = setup(&app).await;
    let client = staff_client(&app, &hc.hc_staff).await.unwrap();
    let response = client
        .get(app.url("/api/staff/cases/import/template"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let body = response.bytes().await.unwrap();
    assert!(body.starts_with(b"\xEF\xBB\xBF"), "a BOM, for Excel");
    let text = std::str::from_utf8(&body[3..]).unwrap();
    assert!(text.starts_with("氏名,氏名カナ,生年月日,性別,電話番号,住所,発症日,検体採取日"));

    // The template, filled in, imports.
    let filled = format!(
        "{}山田 花子,ヤマダ ハナコ,1948/3/12,女,090-1234-5678,,,,,,,,,\r\n",
        text
    );
    let response = import(&app, &client, filled.into_bytes()).await;
    assert_eq!(response.status(), 200);
}

// ---- Assignment and transfer --------------------------------------------------------------------

async fn assign(
    app: &TestApp,
    client: &reqwest::Client,
    case_id: i64,
    body: Value,
) -> reqwest::Response {
    client
        .put(app.url(&format!("/api/staff/cases/{case_id}/assignment")))
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_unassigned_case_is_assigned_and_the_organisation_sees_it() {
    let app = TestApp::spawn().await.unwrap();
    let hc = setup(&app).await;
    let client = staff_client(&app, &hc.hc_staff).await.unwrap();
    let case: RegisteredCase = register(&app, &client, &person("山田 花子", "090-1234-5678"))
        .await
        .json()
        .await
        .unwrap();
    let response = assign(
        &app,
        &client,
        case.id.0,
        json!({"followup_org_id": hc.world.org_b}),
    )
    .await;
    assert_eq!(response.status(), 200);
    let view: AssignmentView = response.json().await.unwrap();
    assert_eq!(view.followup_org.name, "Clinic B");
    assert_eq!(view.previous_org, None);
    let events = events_of(&app, case.id.0).await;
    let last = events.last().unwrap();
    assert_eq!(
        (
            last.kind.as_str(),
            last.outcome.as_deref(),
            last.related_org_id
        ),
        ("assignment", Some("assign"), Some(hc.world.org_b))
    );
    let audit = audit_of(&app, "case.assign").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].case_id, Some(case.id.0));
    assert_eq!(audit[0].detail, Some(format!("org:{}", hc.world.org_b)));

    let doctor_b = staff_client(&app, &hc.world.doctor_b).await.unwrap();
    let url = app.url(&format!("/api/staff/cases/{}", case.id.0));
    assert_eq!(doctor_b.get(&url).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn a_transfer_moves_the_case_from_one_organisations_view_to_the_others() {
    let app = TestApp::spawn().await.unwrap();
    let hc = setup(&app).await;
    let case_id = hc.world.case.id;
    let url = app.url(&format!("/api/staff/cases/{case_id}"));
    let doctor_a = staff_client(&app, &hc.world.doctor_a).await.unwrap();
    let doctor_b = staff_client(&app, &hc.world.doctor_b).await.unwrap();
    assert_eq!(doctor_a.get(&url).send().await.unwrap().status(), 200);
    assert_eq!(doctor_b.get(&url).send().await.unwrap().status(), 404);

    let client = staff_client(&app, &hc.hc_staff).await.unwrap();
    let response = assign(
        &app,
        &client,
        case_id,
        json!({"followup_org_id": hc.world.org_b}),
    )
    .await;
    assert_eq!(response.status(), 200);
    let view: AssignmentView = response.json().await.unwrap();
    assert_eq!(
        view.previous_org.map(|o| o.name),
        Some("Clinic A".to_owned())
    );

    assert_eq!(doctor_a.get(&url).send().await.unwrap().status(), 404);
    assert_eq!(doctor_b.get(&url).send().await.unwrap().status(), 200);
    let stored = patient_case::Entity::find_by_id(case_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.followup_org_id, Some(hc.world.org_b));
    let event = events_of(&app, case_id).await.pop().unwrap();
    assert_eq!(event.outcome.as_deref(), Some("transfer"));
    let note = app
        .keys
        .unseal(
            mimamori_server::services::sealed_text::EVENT_NOTE_FIELD,
            &event.seal_id,
            &event.sealed_note,
        )
        .unwrap();
    assert_eq!(note, "Clinic A → Clinic B");
    assert_eq!(event.related_org_id, Some(hc.world.org_b));

    // Assigning again to the same organisation records nothing new.
    let response = assign(
        &app,
        &client,
        case_id,
        json!({"followup_org_id": hc.world.org_b}),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(audit_of(&app, "case.assign").await.len(), 1);
}

#[tokio::test]
async fn assignment_needs_a_contract_the_role_and_the_scope() {
    let app = TestApp::spawn().await.unwrap();
    let hc = setup(&app).await;
    let case_id = hc.world.case.id;
    let client = staff_client(&app, &hc.hc_staff).await.unwrap();
    for (body, expected) in [
        (
            json!({"followup_org_id": hc.org_c}),
            pair("followup_org_id", "no_contract"),
        ),
        (json!({}), pair("followup_org_id", "required")),
        (
            json!({"followup_org_id": "B"}),
            pair("followup_org_id", "invalid"),
        ),
    ] {
        let response = assign(&app, &client, case_id, body).await;
        assert_eq!(response.status(), 422);
        assert_eq!(fields(&problem(response).await), [expected]);
    }
    let response = assign(
        &app,
        &client,
        hc.other_case.id,
        json!({"followup_org_id": hc.world.org_b}),
    )
    .await;
    assert_eq!(response.status(), 404, "another health centre's case");

    let doctor = staff_client(&app, &hc.world.doctor_a).await.unwrap();
    let response = assign(
        &app,
        &doctor,
        case_id,
        json!({"followup_org_id": hc.world.org_b}),
    )
    .await;
    assert_eq!(response.status(), 403);
    let doctor_b = staff_client(&app, &hc.world.doctor_b).await.unwrap();
    let response = assign(
        &app,
        &doctor_b,
        case_id,
        json!({"followup_org_id": hc.world.org_b}),
    )
    .await;
    assert_eq!(response.status(), 404, "out of the doctor's scope");

    db::cases::end_follow_up(&app.db, case_id, "hospitalised", app.now())
        .await
        .unwrap();
    let response = assign(
        &app,
        &client,
        case_id,
        json!({"followup_org_id": hc.world.org_b}),
    )
    .await;
    assert_eq!(response.status(), 409);
    assert_eq!(problem(response).await.code, "followup_ended");
    let stored = patient_case::Entity::find_by_id(case_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.followup_org_id, Some(hc.world.org_a), "unchanged");
    assert!(audit_of(&app, "case.assign").await.is_empty());
}

// ---- Invitations --------------------------------------------------------------------------------

async fn invite(app: &TestApp, client: &reqwest::Client, case_id: i64) -> reqwest::Response {
    client
        .post(app.url(&format!("/api/staff/cases/{case_id}/invitation")))
        .send()
        .await
        .unwrap()
}

async fn redeem(app: &TestApp, url: &str) -> reqwest::Response {
    let token = url.split("token=").nth(1).unwrap();
    app.client()
        .post(app.url("/api/patient/invitations/redeem"))
        .json(&json!({"token": token, "password": "my own password", "lang": "ja"}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_invitation_is_a_link_and_a_qr_code_that_lets_the_patient_enrol() {
    let app = TestApp::spawn().await.unwrap();
    let hc = setup(&app).await;
    let case_id = hc.world.case.id;
    let client = staff_client(&app, &hc.hc_staff).await.unwrap();
    let response = invite(&app, &client, case_id).await;
    assert_eq!(response.status(), 201);
    let view: InvitationView = response.json().await.unwrap();
    assert!(
        view.url.starts_with("http://127.0.0.1:8080/invite?token="),
        "{}",
        view.url
    );
    assert_eq!(view.expires_at, app.now() + Duration::hours(72));
    let png = base64::engine::general_purpose::STANDARD
        .decode(&view.qr_png_base64)
        .unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));

    let event = events_of(&app, case_id).await.pop().unwrap();
    assert_eq!(
        (event.kind.as_str(), event.outcome.as_deref()),
        ("invitation", Some("issued"))
    );
    let audit = audit_of(&app, "invitation.issue").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].case_id, Some(case_id));
    // Only the token's hash is stored.
    let token = view.url.split("token=").nth(1).unwrap();
    let stored = invitation::Entity::find()
        .filter(invitation::Column::CaseId.eq(case_id))
        .all(&app.db)
        .await
        .unwrap();
    assert!(stored.iter().all(|i| i.token_hash != token));

    assert_eq!(redeem(&app, &view.url).await.status(), 200);
}

#[tokio::test]
async fn a_reissued_invitation_revokes_the_old_link() {
    let app = TestApp::spawn().await.unwrap();
    let hc = setup(&app).await;
    let case_id = hc.world.case.id;
    let client = staff_client(&app, &hc.hc_staff).await.unwrap();
    let old: InvitationView = invite(&app, &client, case_id).await.json().await.unwrap();
    app.advance(Duration::minutes(5));
    let new: InvitationView = invite(&app, &client, case_id).await.json().await.unwrap();
    assert_ne!(old.url, new.url);
    let event = events_of(&app, case_id).await.pop().unwrap();
    assert_eq!(event.outcome.as_deref(), Some("reissued"));
    assert_eq!(
        audit_of(&app, "invitation.issue").await[1]
            .detail
            .as_deref(),
        Some("revoked:1")
    );

    let response = redeem(&app, &old.url).await;
    assert_eq!(response.status(), 410);
    assert_eq!(problem(response).await.code, "invitation_expired");
    assert_eq!(redeem(&app, &new.url).await.status(), 200);

    // Enrolled, then the password is forgotten: a new invitation resets it, and the old
    // password's sessions end.
    let patient = app.client();
    let signed_in = patient
        .post(app.url("/api/patient/session"))
        .json(&serde_json::json!({"case_number": hc.world.case.case_number, "password": "my own password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200);
    let reset: InvitationView = invite(&app, &client, case_id).await.json().await.unwrap();
    let event = events_of(&app, case_id).await.pop().unwrap();
    assert_eq!(event.outcome.as_deref(), Some("password_reset"));
    assert_eq!(redeem(&app, &reset.url).await.status(), 200);
    let old_session = patient
        .get(app.url("/api/patient/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(old_session.status(), 401);
}

#[tokio::test]
async fn invitations_are_for_health_centre_staff_and_running_cases_only() {
    let app = TestApp::spawn().await.unwrap();
    let hc = setup(&app).await;
    let case_id = hc.world.case.id;
    let doctor = staff_client(&app, &hc.world.doctor_a).await.unwrap();
    let response = invite(&app, &doctor, case_id).await;
    assert_eq!(response.status(), 403);
    let other = staff_client(&app, &hc.other_hc_staff).await.unwrap();
    assert_eq!(invite(&app, &other, case_id).await.status(), 404);
    assert_eq!(invite(&app, &other, 999_999).await.status(), 404);

    db::cases::end_follow_up(&app.db, case_id, "period_completed", app.now())
        .await
        .unwrap();
    let client = staff_client(&app, &hc.hc_staff).await.unwrap();
    let response = invite(&app, &client, case_id).await;
    assert_eq!(response.status(), 409);
    assert_eq!(problem(response).await.code, "followup_ended");
    let stored = invitation::Entity::find()
        .filter(invitation::Column::CaseId.eq(case_id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(stored, 0);
    assert!(audit_of(&app, "invitation.issue").await.is_empty());
}
