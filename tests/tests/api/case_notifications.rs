//! Notifications of a case (発生届): an institution files a draft, corrects and
//! submits it; it goes to the health centre with jurisdiction over the institution, which
//! accepts it (a case, or a link to the case already registered) or returns it with a comment.

use super::problem;
use mimamori_server::db;
use mimamori_server::entities::{
    audit_log, case_event, case_notification, patient_case, staff_user,
};
use mimamori_server::services::setup;
use mimamori_shared::api::admin::OrgKind;
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::api::case_notifications::{
    AcceptedNotification, NotificationDefaults, NotificationList, NotificationStatus,
    NotificationView,
};
use mimamori_shared::api::intake::{DuplicateCaseProblem, InvitationView};
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{self, STAFF_PASSWORD, World, staff_client};
use reqwest::Client;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde_json::{Value, json};

pub(super) const BASE: &str = "/api/staff/case-notifications";

/// The test world (its institution files) with contracts for A and B, the centre's staff
/// member, and a second health centre with its own institution and staff.
pub(super) struct Intake {
    pub(super) world: World,
    pub(super) hc_staff: staff_user::Model,
    pub(super) other_institution_staff: staff_user::Model,
    pub(super) other_hc_staff: staff_user::Model,
}

pub(super) async fn setup(app: &TestApp) -> Intake {
    let world = World::create(app).await.unwrap();
    let (db, now, centre) = (&app.db, app.now(), world.health_centre_id);
    for org in [world.org_a, world.org_b] {
        db::contracts::insert(db, org, centre, now).await.unwrap();
    }
    let keys = &app.keys;
    let staff = |org, login: &'static str, role| async move {
        setup::create_staff(db, keys, org, login, login, role, STAFF_PASSWORD, now)
            .await
            .unwrap()
    };
    let hc_staff = staff(centre, "hc.staff", StaffRole::HcStaff).await;
    let other = setup::create_org(db, OrgKind::HealthCentre, "Other centre", None, None, now)
        .await
        .unwrap();
    let other_institution = setup::create_org(
        db,
        OrgKind::Institution,
        "Hospital J",
        Some(other.id),
        None,
        now,
    )
    .await
    .unwrap();
    let other_institution_staff = staff(
        other_institution.id,
        "inst.other",
        StaffRole::InstitutionStaff,
    )
    .await;
    let other_hc_staff = staff(other.id, "hc.other", StaffRole::HcStaff).await;
    Intake {
        world,
        hc_staff,
        other_institution_staff,
        other_hc_staff,
    }
}

/// A complete notification (the test clock's day is 2026-11-23).
pub(super) fn form() -> Value {
    json!({
        "patient_name": "発生　花子",
        "patient_kana": "はっせい はなこ",
        "sex": "female",
        "birth_date": "1960-05-06",
        "address": "東京都新宿区西新宿2-8-1",
        "whereabouts": "娘の家",
        "phone": "０８０-1111-2222",
        "email": "",
        "doctor_name": "診断 医師",
        "diagnosis_date": "2026-11-23",
        "specimen_date": "2026-11-22",
        "onset_date": "2026-11-21",
        "asymptomatic": false,
        "test_method": "pcr",
        "test_result": "positive",
        "symptoms": ["cough", "fever"],
        "severity": "moderate_i",
        "risk_factors": ["diabetes"],
        "pregnancy": "no",
        "needs_admission": false,
        "new_oxygen": true,
        "notes": "独居"
    })
}

pub(super) async fn send(
    app: &TestApp,
    client: &Client,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = client.request(method, app.url(path));
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

pub(super) async fn create(app: &TestApp, client: &Client, body: Value) -> NotificationView {
    let response = send(app, client, reqwest::Method::POST, BASE, Some(body)).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

pub(super) async fn submit(app: &TestApp, client: &Client, id: i64) -> reqwest::Response {
    send(
        app,
        client,
        reqwest::Method::POST,
        &format!("{BASE}/{id}/submit"),
        None,
    )
    .await
}

pub(super) async fn accept(
    app: &TestApp,
    client: &Client,
    id: i64,
    body: Value,
) -> reqwest::Response {
    send(
        app,
        client,
        reqwest::Method::POST,
        &format!("{BASE}/{id}/accept"),
        Some(body),
    )
    .await
}

/// A notification filed and submitted by `client`'s institution; its id.
pub(super) async fn submitted(app: &TestApp, client: &Client, body: Value) -> i64 {
    let id = create(app, client, body).await.summary.id.0;
    assert_eq!(submit(app, client, id).await.status(), 200);
    id
}

async fn list(app: &TestApp, client: &Client, query: &str) -> NotificationList {
    let response = send(
        app,
        client,
        reqwest::Method::GET,
        &format!("{BASE}{query}"),
        None,
    )
    .await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn fields(response: reqwest::Response) -> Vec<(String, String)> {
    assert_eq!(response.status(), 422);
    problem(response)
        .await
        .errors
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect()
}

async fn audit_of(app: &TestApp, action: &str) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .order_by_asc(audit_log::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

async fn case_count(app: &TestApp) -> u64 {
    patient_case::Entity::find().count(&app.db).await.unwrap()
}

#[tokio::test]
async fn an_institution_drafts_corrects_and_submits_a_notification() {
    let app = TestApp::spawn().await.unwrap();
    let t = setup(&app).await;
    let inst = staff_client(&app, &t.world.institution_staff)
        .await
        .unwrap();
    let hc = staff_client(&app, &t.hc_staff).await.unwrap();
    // The form gives the institution's address (所在地) and phone beside its name.
    mimamori_server::entities::organisation::ActiveModel {
        id: sea_orm::Set(t.world.institution),
        address: sea_orm::Set(Some("東京都新宿区西新宿2-8-1".to_owned())),
        ..Default::default()
    }
    .update(&app.db)
    .await
    .unwrap();

    let response = send(
        &app,
        &inst,
        reqwest::Method::GET,
        &format!("{BASE}/defaults"),
        None,
    )
    .await;
    assert_eq!(response.status(), 200);
    let defaults: NotificationDefaults = response.json().await.unwrap();
    assert_eq!(defaults.institution.name, "Hospital I");
    assert_eq!(
        defaults.institution.address.as_deref(),
        Some("東京都新宿区西新宿2-8-1")
    );
    assert_eq!(defaults.institution.phone.as_deref(), Some("03-3333-4444"));
    assert_eq!(defaults.health_centre.id.0, t.world.health_centre_id);
    assert_eq!(defaults.form.doctor_name, "inst.doctor");
    assert_eq!(
        defaults.form.diagnosis_date.unwrap().to_string(),
        "2026-11-23"
    );

    // A draft needs nothing but what is filled in to be well-formed.
    let draft = create(
        &app,
        &inst,
        json!({"patient_name": "発生 花子", "phone": "080-1111-2222"}),
    )
    .await;
    let id = draft.summary.id.0;
    assert_eq!(draft.summary.status, NotificationStatus::Draft);
    assert_eq!(draft.summary.health_centre.id.0, t.world.health_centre_id);
    assert_eq!(list(&app, &inst, "").await.items.len(), 1);
    // The health centre does not see drafts, not even by id.
    assert!(list(&app, &hc, "").await.items.is_empty());
    let path = format!("{BASE}/{id}");
    assert_eq!(
        send(&app, &hc, reqwest::Method::GET, &path, None)
            .await
            .status(),
        404
    );

    // Submitting an incomplete form names every missing field.
    let missing = fields(submit(&app, &inst, id).await).await;
    for field in [
        "patient_kana",
        "sex",
        "birth_date",
        "address",
        "doctor_name",
        "diagnosis_date",
        "specimen_date",
        "onset_date",
        "test_method",
        "test_result",
        "severity",
    ] {
        assert!(
            missing.contains(&(field.to_owned(), "required".to_owned())),
            "{field}: {missing:?}"
        );
    }
    let stored = case_notification::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.status.as_str(), "draft");

    let response = send(&app, &inst, reqwest::Method::PUT, &path, Some(form())).await;
    assert_eq!(response.status(), 200);
    let response = submit(&app, &inst, id).await;
    assert_eq!(response.status(), 200);
    let view: NotificationView = response.json().await.unwrap();
    assert_eq!(view.summary.status, NotificationStatus::Submitted);
    assert_eq!(view.summary.submitted_at, Some(app.now()));
    // What was submitted is the normalised form.
    assert_eq!(view.form.patient_name, "発生 花子");
    assert_eq!(view.form.patient_kana, "ハッセイ ハナコ");
    assert_eq!(view.form.phone, "080-1111-2222");
    assert_eq!(view.summary.patient_kana, "ハッセイ ハナコ");

    // Once submitted it cannot be changed or submitted again.
    let response = send(&app, &inst, reqwest::Method::PUT, &path, Some(form())).await;
    assert_eq!(response.status(), 409);
    assert_eq!(problem(response).await.code, "not_editable");
    assert_eq!(submit(&app, &inst, id).await.status(), 409);

    // The health centre's queue has it, with the whole form.
    let queue = list(&app, &hc, "?status=submitted").await;
    assert_eq!(queue.items.len(), 1);
    assert_eq!(queue.items[0].institution.id.0, t.world.institution);
    let response = send(&app, &hc, reqwest::Method::GET, &path, None).await;
    assert_eq!(response.status(), 200);
    let seen: NotificationView = response.json().await.unwrap();
    assert_eq!(seen.form, view.form);
    assert_eq!(seen.possible_duplicate, None);
    assert!(list(&app, &hc, "?status=draft").await.items.is_empty());
    let response = send(
        &app,
        &hc,
        reqwest::Method::GET,
        &format!("{BASE}?status=lost"),
        None,
    )
    .await;
    assert_eq!(fields(response).await[0].0, "status");

    let detail = format!("notification:{id}");
    for action in [
        "case_notification.create",
        "case_notification.update",
        "case_notification.submit",
        "case_notification.read",
    ] {
        let rows = audit_of(&app, action).await;
        assert!(
            rows.iter().any(|r| r.detail.as_deref() == Some(&detail)),
            "{action}"
        );
    }
    assert_eq!(audit_of(&app, "case_notifications.list").await.len(), 4);
}

#[tokio::test]
async fn a_draft_with_a_bad_phone_or_kana_is_refused_field_by_field() {
    let app = TestApp::spawn().await.unwrap();
    let t = setup(&app).await;
    let inst = staff_client(&app, &t.world.institution_staff)
        .await
        .unwrap();
    let response = send(
        &app,
        &inst,
        reqwest::Method::POST,
        BASE,
        Some(json!({"phone": "12", "patient_kana": "Hanako"})),
    )
    .await;
    assert_eq!(
        fields(response).await,
        vec![
            ("patient_kana".to_owned(), "katakana".to_owned()),
            ("phone".to_owned(), "phone_format".to_owned())
        ]
    );
    let response = send(
        &app,
        &inst,
        reqwest::Method::POST,
        BASE,
        Some(json!({"severity": "grave"})),
    )
    .await;
    assert_eq!(response.status(), 422);
    let dated = json!({"diagnosis_date": "2026-11-30", "specimen_date": "2026-11-24", "onset_date": "1900-01-01"});
    let mut body = form();
    body.as_object_mut()
        .unwrap()
        .extend(dated.as_object().unwrap().clone());
    let id = create(&app, &inst, body).await.summary.id.0;
    let errors = fields(submit(&app, &inst, id).await).await;
    assert!(errors.contains(&("diagnosis_date".to_owned(), "in_future".to_owned())));
    assert!(errors.contains(&("onset_date".to_owned(), "before_birth".to_owned())));
    assert_eq!(
        case_notification::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        1,
        "only the well-formed draft is stored"
    );
}

#[tokio::test]
async fn each_health_centre_sees_only_what_its_institutions_submitted() {
    let app = TestApp::spawn().await.unwrap();
    let t = setup(&app).await;
    let inst = staff_client(&app, &t.world.institution_staff)
        .await
        .unwrap();
    let other_inst = staff_client(&app, &t.other_institution_staff)
        .await
        .unwrap();
    let hc = staff_client(&app, &t.hc_staff).await.unwrap();
    let other_hc = staff_client(&app, &t.other_hc_staff).await.unwrap();
    let nurse = staff_client(&app, &t.world.nurse_a).await.unwrap();

    let ours = submitted(&app, &inst, form()).await;
    let theirs = submitted(&app, &other_inst, form()).await;
    let ids = |l: NotificationList| l.items.iter().map(|i| i.id.0).collect::<Vec<_>>();
    assert_eq!(ids(list(&app, &hc, "").await), vec![ours]);
    assert_eq!(ids(list(&app, &other_hc, "").await), vec![theirs]);
    assert_eq!(ids(list(&app, &inst, "").await), vec![ours]);
    assert_eq!(ids(list(&app, &other_inst, "").await), vec![theirs]);
    let stored = case_notification::Entity::find_by_id(theirs)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(stored.health_centre_id, t.world.health_centre_id);

    use reqwest::Method as M;
    let get = format!("{BASE}/{ours}");
    let put_body = Some(form());
    for (who, client, method, path, body, want) in [
        (
            "the other centre reads",
            &other_hc,
            M::GET,
            get.clone(),
            None,
            404,
        ),
        (
            "the other institution reads",
            &other_inst,
            M::GET,
            get.clone(),
            None,
            404,
        ),
        (
            "follow-up staff read",
            &nurse,
            M::GET,
            get.clone(),
            None,
            404,
        ),
        (
            "follow-up staff list",
            &nurse,
            M::GET,
            BASE.to_owned(),
            None,
            403,
        ),
        (
            "the other centre accepts",
            &other_hc,
            M::POST,
            format!("{get}/accept"),
            Some(json!({})),
            404,
        ),
        (
            "the other institution edits",
            &other_inst,
            M::PUT,
            get.clone(),
            put_body.clone(),
            404,
        ),
        (
            "the institution accepts its own",
            &inst,
            M::POST,
            format!("{get}/accept"),
            Some(json!({})),
            403,
        ),
        (
            "the centre edits the form",
            &hc,
            M::PUT,
            get.clone(),
            put_body.clone(),
            403,
        ),
        (
            "the centre asks for defaults",
            &hc,
            M::GET,
            format!("{BASE}/defaults"),
            None,
            403,
        ),
        (
            "the centre files one",
            &hc,
            M::POST,
            BASE.to_owned(),
            put_body.clone(),
            403,
        ),
    ] {
        let status = send(&app, client, method, &path, body).await.status();
        assert_eq!(status, want, "{who}");
    }
    let stored = case_notification::Entity::find_by_id(ours)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.status.as_str(), "submitted", "nothing changed it");
}

#[tokio::test]
async fn accepting_registers_the_case_from_the_form_ready_for_assignment_and_invitation() {
    let app = TestApp::spawn().await.unwrap();
    let t = setup(&app).await;
    let inst = staff_client(&app, &t.world.institution_staff)
        .await
        .unwrap();
    let hc = staff_client(&app, &t.hc_staff).await.unwrap();
    let id = submitted(&app, &inst, form()).await;

    // A follow-up organisation without a contract is refused, and nothing changes.
    let spare = setup::create_org(
        &app.db,
        OrgKind::FollowupOrg,
        "Clinic Z",
        Some(t.world.health_centre_id),
        None,
        app.now(),
    )
    .await
    .unwrap();
    let response = accept(&app, &hc, id, json!({"followup_org_id": spare.id})).await;
    assert_eq!(fields(response).await[0].0, "followup_org_id");
    let before = case_count(&app).await;

    let response = accept(
        &app,
        &hc,
        id,
        json!({"followup_org_id": t.world.org_a, "followup_days": 7, "slots_per_day": 2}),
    )
    .await;
    assert_eq!(response.status(), 200);
    let accepted: AcceptedNotification = response.json().await.unwrap();
    assert!(accepted.created);
    assert_eq!(case_count(&app).await, before + 1);
    let case = patient_case::Entity::find_by_id(accepted.case.id.0)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(case.case_number, accepted.case.case_number);
    let personal = fixtures::personal(&app, &case).unwrap();
    assert_eq!(personal.name, "発生 花子");
    assert_eq!(personal.name_kana, "ハッセイ ハナコ");
    assert_eq!(personal.birth_date.to_string(), "1960-05-06");
    assert_eq!(case.sex, mimamori_shared::api::cases::Sex::Female);
    assert_eq!(personal.phone, "080-1111-2222");
    assert_eq!(personal.address, "東京都新宿区西新宿2-8-1");
    assert_eq!(case.risk_factors, r#"["diabetes"]"#);
    assert_eq!(case.health_centre_id, t.world.health_centre_id);
    assert_eq!(case.followup_org_id, Some(t.world.org_a));
    assert_eq!(case.slots_per_day, 2);
    assert_eq!(case.followup_start.to_string(), "2026-11-21");
    assert_eq!(case.followup_end.to_string(), "2026-11-27");
    assert_eq!(
        personal.test_summary,
        "検査方法: PCR法／結果: 陽性／検体採取日: 2026-11-22／診断日: 2026-11-23（Hospital I 診断 医師）"
    );
    assert_eq!(
        personal.interview_notes,
        "症状: 発熱、咳\n重症度: 中等症Ⅰ\n妊娠: なし\n入院の要否: 不要\n新たな酸素投与: あり\n居所: 娘の家\n備考: 独居"
    );
    let events: Vec<(String, Option<String>)> = case_event::Entity::find()
        .filter(case_event::Column::CaseId.eq(case.id))
        .order_by_asc(case_event::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.kind.as_str().to_owned(), e.outcome))
        .collect();
    assert_eq!(
        events,
        vec![
            ("registered".to_owned(), Some("notification".to_owned())),
            ("assignment".to_owned(), Some("assign".to_owned())),
        ]
    );

    // Both sides see it accepted, with the case.
    for client in [&inst, &hc] {
        let response = send(
            &app,
            client,
            reqwest::Method::GET,
            &format!("{BASE}/{id}"),
            None,
        )
        .await;
        let view: NotificationView = response.json().await.unwrap();
        assert_eq!(view.summary.status, NotificationStatus::Accepted);
        assert_eq!(view.summary.case, Some(accepted.case.clone()));
        assert_eq!(view.summary.decided_at, Some(app.now()));
    }
    // It cannot be decided twice.
    let response = accept(&app, &hc, id, json!({})).await;
    assert_eq!(response.status(), 409);
    assert_eq!(problem(response).await.code, "not_submitted");
    let response = send(
        &app,
        &hc,
        reqwest::Method::POST,
        &format!("{BASE}/{id}/return"),
        Some(json!({"comment": "遅すぎ"})),
    )
    .await;
    assert_eq!(response.status(), 409);

    let accepts = audit_of(&app, "case_notification.accept").await;
    assert_eq!(accepts.len(), 1);
    assert_eq!(accepts[0].case_id, Some(case.id));
    assert_eq!(
        accepts[0].detail.as_deref(),
        Some(format!("notification:{id}:created").as_str())
    );
    assert_eq!(audit_of(&app, "case.register").await.len(), 1);

    // The case is like any other: transferred, and the patient invited and enrolled.
    let response = send(
        &app,
        &hc,
        reqwest::Method::PUT,
        &format!("/api/staff/cases/{}/assignment", case.id),
        Some(json!({"followup_org_id": t.world.org_b})),
    )
    .await;
    assert_eq!(response.status(), 200);
    let response = send(
        &app,
        &hc,
        reqwest::Method::POST,
        &format!("/api/staff/cases/{}/invitation", case.id),
        None,
    )
    .await;
    assert_eq!(response.status(), 201);
    let invitation: InvitationView = response.json().await.unwrap();
    let token = invitation.url.split("token=").nth(1).unwrap();
    let response = app
        .client()
        .post(app.url("/api/patient/invitations/redeem"))
        .json(&json!({"token": token, "password": "my own password", "lang": "ja"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn a_person_already_registered_is_a_duplicate_unless_linked_to_that_case() {
    let app = TestApp::spawn().await.unwrap();
    let t = setup(&app).await;
    let inst = staff_client(&app, &t.world.institution_staff)
        .await
        .unwrap();
    let hc = staff_client(&app, &t.hc_staff).await.unwrap();
    // The world's case: 患者 T-0001, born 1950-04-01, 090-0000-0000.
    let mut body = form();
    body["patient_name"] = json!("患者　T-0001");
    body["birth_date"] = json!("1950-04-01");
    body["phone"] = json!("09000000000");
    body["pregnancy"] = Value::Null;
    let id = submitted(&app, &inst, body).await;
    let existing = t.world.case.id;

    let response = send(
        &app,
        &hc,
        reqwest::Method::GET,
        &format!("{BASE}/{id}"),
        None,
    )
    .await;
    let view: NotificationView = response.json().await.unwrap();
    assert_eq!(view.possible_duplicate.map(|c| c.id.0), Some(existing));
    // The institution is not told about cases it did not file.
    let response = send(
        &app,
        &inst,
        reqwest::Method::GET,
        &format!("{BASE}/{id}"),
        None,
    )
    .await;
    let view: NotificationView = response.json().await.unwrap();
    assert_eq!(view.possible_duplicate, None);

    let before = case_count(&app).await;
    let response = accept(&app, &hc, id, json!({})).await;
    assert_eq!(response.status(), 409);
    let duplicate: DuplicateCaseProblem = response.json().await.unwrap();
    assert_eq!(duplicate.problem.code, "duplicate_case");
    assert_eq!(duplicate.existing_case.id.0, existing);
    assert_eq!(duplicate.existing_case.case_number, "T-0001");

    let other =
        mimamori_tests::fixtures::add_case(&app, t.world.health_centre_id, t.world.org_a, "T-0002")
            .await
            .unwrap();
    let response = accept(&app, &hc, id, json!({"link_to_case": other.id})).await;
    assert_eq!(
        fields(response).await,
        vec![("link_to_case".to_owned(), "not_duplicate".to_owned())]
    );
    let response = accept(&app, &hc, id, json!({"link_to_case": existing})).await;
    assert_eq!(response.status(), 200);
    let accepted: AcceptedNotification = response.json().await.unwrap();
    assert!(!accepted.created);
    assert_eq!(accepted.case.id.0, existing);
    assert_eq!(case_count(&app).await, before + 1, "only T-0002 was added");
    let linked = case_event::Entity::find()
        .filter(case_event::Column::CaseId.eq(existing))
        .filter(case_event::Column::Kind.eq("notification_linked"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(linked.len(), 1);
    let note = app
        .keys
        .unseal(
            mimamori_server::services::sealed_text::EVENT_NOTE_FIELD,
            &linked[0].seal_id,
            &linked[0].sealed_note,
        )
        .unwrap();
    assert_eq!(note, "Hospital Iからの発生届");
    let stored = case_notification::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (stored.status.as_str(), stored.case_id),
        ("accepted", Some(existing))
    );
    let accepts = audit_of(&app, "case_notification.accept").await;
    assert_eq!(
        accepts[0].detail.as_deref(),
        Some(format!("notification:{id}:linked").as_str())
    );

    // Without a duplicate, a link is refused too.
    let fresh = submitted(&app, &inst, form()).await;
    let response = accept(&app, &hc, fresh, json!({"link_to_case": existing})).await;
    assert_eq!(fields(response).await[0].0, "link_to_case");
}

#[tokio::test]
async fn a_returned_notification_is_corrected_and_submitted_again() {
    let app = TestApp::spawn().await.unwrap();
    let t = setup(&app).await;
    let inst = staff_client(&app, &t.world.institution_staff)
        .await
        .unwrap();
    let hc = staff_client(&app, &t.hc_staff).await.unwrap();
    let id = submitted(&app, &inst, form()).await;
    let path = format!("{BASE}/{id}/return");

    let response = send(
        &app,
        &hc,
        reqwest::Method::POST,
        &path,
        Some(json!({"comment": "  "})),
    )
    .await;
    assert_eq!(
        fields(response).await,
        vec![("comment".to_owned(), "required".to_owned())]
    );
    let response = send(
        &app,
        &hc,
        reqwest::Method::POST,
        &path,
        Some(json!({"comment": "電話番号を確認してください"})),
    )
    .await;
    assert_eq!(response.status(), 200);
    let view: NotificationView = response.json().await.unwrap();
    assert_eq!(view.summary.status, NotificationStatus::Returned);

    let mine = list(&app, &inst, "?status=returned").await;
    assert_eq!(mine.items.len(), 1);
    assert_eq!(
        mine.items[0].return_comment.as_deref(),
        Some("電話番号を確認してください")
    );
    // While it is with the institution, the centre cannot accept it.
    assert_eq!(accept(&app, &hc, id, json!({})).await.status(), 409);

    let mut corrected = form();
    corrected["phone"] = json!("080-1111-3333");
    let response = send(
        &app,
        &inst,
        reqwest::Method::PUT,
        &format!("{BASE}/{id}"),
        Some(corrected),
    )
    .await;
    assert_eq!(response.status(), 200);
    let view: NotificationView = response.json().await.unwrap();
    assert_eq!(view.summary.status, NotificationStatus::Returned);
    assert_eq!(submit(&app, &inst, id).await.status(), 200);

    let response = accept(&app, &hc, id, json!({})).await;
    assert_eq!(response.status(), 200);
    let accepted: AcceptedNotification = response.json().await.unwrap();
    let case = patient_case::Entity::find_by_id(accepted.case.id.0)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        fixtures::personal(&app, &case).unwrap().phone,
        "080-1111-3333"
    );
    assert_eq!(case.followup_org_id, None);
    assert_eq!(audit_of(&app, "case_notification.return").await.len(), 1);
}

#[tokio::test]
async fn two_accepts_of_one_notification_at_once_make_one_case() {
    let app = TestApp::spawn().await.unwrap();
    let t = setup(&app).await;
    let inst = staff_client(&app, &t.world.institution_staff)
        .await
        .unwrap();
    let hc = staff_client(&app, &t.hc_staff).await.unwrap();
    let id = submitted(&app, &inst, form()).await;
    let before = case_count(&app).await;
    let (first, second) = tokio::join!(
        accept(&app, &hc, id, json!({})),
        accept(&app, &hc, id, json!({}))
    );
    let (winner, loser) = if first.status() == 200 {
        (first, second)
    } else {
        (second, first)
    };
    assert_eq!(winner.status(), 200);
    // The loser is stopped by the notification's status, not by the duplicate check that a
    // second case of the same person would also meet.
    assert_eq!(loser.status(), 409);
    assert_eq!(problem(loser).await.code, "not_submitted");
    let accepted: AcceptedNotification = winner.json().await.unwrap();
    assert_eq!(case_count(&app).await, before + 1);
    let stored = case_notification::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.case_id, Some(accepted.case.id.0));
    assert_eq!(audit_of(&app, "case_notification.accept").await.len(), 1);
}

#[tokio::test]
async fn an_institution_outside_any_health_centre_cannot_file() {
    let app = TestApp::spawn().await.unwrap();
    let now = app.now();
    let loose = setup::create_org(&app.db, OrgKind::Institution, "Loose", None, None, now)
        .await
        .unwrap();
    let doctor = setup::create_staff(
        &app.db,
        &app.keys,
        loose.id,
        "inst.loose",
        "inst.loose",
        StaffRole::InstitutionStaff,
        STAFF_PASSWORD,
        now,
    )
    .await
    .unwrap();
    let client = staff_client(&app, &doctor).await.unwrap();
    let response = send(&app, &client, reqwest::Method::POST, BASE, Some(form())).await;
    assert_eq!(response.status(), 409);
    assert_eq!(problem(response).await.code, "no_health_centre");
}
