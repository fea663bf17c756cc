//! Administration: the organisation tree, contracts and staff users, each limited to the
//! administrator's part of the tree.

use super::problem;
use chrono::Duration;
use mimamori_server::db;
use mimamori_server::entities::{audit_log, contract, organisation, staff_user};
use mimamori_server::services::setup;
use mimamori_shared::api::Problem;
use mimamori_shared::api::admin::{
    ContractList, ContractView, OrgKind, OrgNode, OrgTree, UserList, UserView,
};
use mimamori_shared::api::auth::StaffRole;
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{STAFF_PASSWORD, add_case, sign_in_request, staff_client};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

/// deployment → {prefecture 1 → health centre 1 → {F1, I1}, prefecture 2 → health centre 2 →
/// F2}; administrators of the root and of each prefecture; a doctor of F1, a nurse of F2 and a
/// staff member of health centre 1.
struct Tree {
    root_admin: staff_user::Model,
    admin_1: staff_user::Model,
    admin_2: staff_user::Model,
    pref_1: i64,
    hc_1: i64,
    f_1: i64,
    i_1: i64,
    hc_2: i64,
    f_2: i64,
    doctor_f1: staff_user::Model,
    nurse_f2: staff_user::Model,
    hc_staff_1: staff_user::Model,
}

async fn tree(app: &TestApp) -> Tree {
    let (db, now) = (&app.db, app.now());
    let org = |kind: OrgKind, name: &'static str, parent: Option<i64>| async move {
        setup::create_org(db, kind, name, parent, None, now)
            .await
            .unwrap()
            .id
    };
    let root = org(OrgKind::Deployment, "Deployment", None).await;
    let pref_1 = org(OrgKind::Prefecture, "Pref One", Some(root)).await;
    let hc_1 = org(OrgKind::HealthCentre, "Centre One", Some(pref_1)).await;
    let f_1 = org(OrgKind::FollowupOrg, "Clinic One", Some(hc_1)).await;
    let i_1 = org(OrgKind::Institution, "Hospital One", Some(hc_1)).await;
    let pref_2 = org(OrgKind::Prefecture, "Pref Two", Some(root)).await;
    let hc_2 = org(OrgKind::HealthCentre, "Centre Two", Some(pref_2)).await;
    let f_2 = org(OrgKind::FollowupOrg, "Clinic Two", Some(hc_2)).await;
    let keys = &app.keys;
    let staff = |org: i64, login: &'static str, role| async move {
        setup::create_staff(db, keys, org, login, login, role, STAFF_PASSWORD, now)
            .await
            .unwrap()
    };
    Tree {
        root_admin: staff(root, "admin.root", StaffRole::Admin).await,
        admin_1: staff(pref_1, "admin.one", StaffRole::Admin).await,
        admin_2: staff(pref_2, "admin.two", StaffRole::Admin).await,
        pref_1,
        hc_1,
        f_1,
        i_1,
        hc_2,
        f_2,
        doctor_f1: staff(f_1, "doctor.one", StaffRole::FollowupDoctor).await,
        nurse_f2: staff(f_2, "nurse.two", StaffRole::FollowupStaff).await,
        hc_staff_1: staff(hc_1, "hc.one", StaffRole::HcStaff).await,
    }
}

async fn post(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    body: Value,
) -> reqwest::Response {
    client.post(app.url(path)).json(&body).send().await.unwrap()
}

async fn get(app: &TestApp, client: &reqwest::Client, path: &str) -> reqwest::Response {
    client.get(app.url(path)).send().await.unwrap()
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

fn names(nodes: &[OrgNode]) -> Vec<String> {
    nodes.iter().map(|n| n.name.clone()).collect()
}

// ---- Organisations ------------------------------------------------------------------------------

#[tokio::test]
async fn an_administrator_sees_the_tree_under_their_own_organisation() {
    let app = TestApp::spawn().await.unwrap();
    let t = tree(&app).await;
    let admin = staff_client(&app, &t.admin_1).await.unwrap();
    let response = get(&app, &admin, "/api/staff/admin/orgs").await;
    assert_eq!(response.status(), 200);
    let view: OrgTree = response.json().await.unwrap();
    assert_eq!(names(&view.roots), ["Pref One"]);
    let centre = &view.roots[0].children[0];
    assert_eq!(
        (centre.name.as_str(), centre.kind),
        ("Centre One", OrgKind::HealthCentre)
    );
    assert_eq!(names(&centre.children), ["Clinic One", "Hospital One"]);
    assert_eq!(centre.children[1].kind, OrgKind::Institution);
    assert_eq!(centre.time_zone, "Asia/Tokyo");

    let root = staff_client(&app, &t.root_admin).await.unwrap();
    let view: OrgTree = get(&app, &root, "/api/staff/admin/orgs")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(names(&view.roots), ["Deployment"]);
    assert_eq!(names(&view.roots[0].children), ["Pref One", "Pref Two"]);
}

#[tokio::test]
async fn organisations_are_created_under_the_kind_above_them() {
    let app = TestApp::spawn().await.unwrap();
    let t = tree(&app).await;
    let admin = staff_client(&app, &t.admin_1).await.unwrap();
    let response = post(
        &app,
        &admin,
        "/api/staff/admin/orgs",
        json!({"kind": "health_centre", "name": " 南保健所 ", "parent_id": t.pref_1, "phone": "０３－１２３４－５６７８", "address": " みまもり市南区2-2 "}),
    )
    .await;
    assert_eq!(response.status(), 201);
    let centre: OrgNode = response.json().await.unwrap();
    assert_eq!(centre.name, "南保健所");
    assert_eq!(centre.phone.as_deref(), Some("03-1234-5678"));
    assert_eq!(centre.time_zone, "Asia/Tokyo", "the parent's");
    assert_eq!(centre.address.as_deref(), Some("みまもり市南区2-2"));
    let stored = organisation::Entity::find_by_id(centre.id.0)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (stored.kind.as_str(), stored.parent_id),
        ("health_centre", Some(t.pref_1))
    );
    let audit = audit_of(&app, "org.create").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].actor_id, Some(t.admin_1.id));
    assert_eq!(audit[0].detail, Some(format!("org:{}", centre.id.0)));

    for (kind, name) in [("followup_org", "南地区医師会"), ("institution", "南病院")] {
        let response = post(
            &app,
            &admin,
            "/api/staff/admin/orgs",
            json!({"kind": kind, "name": name, "parent_id": centre.id, "time_zone": "Asia/Tokyo"}),
        )
        .await;
        assert_eq!(response.status(), 201, "{kind}");
    }
    let view: OrgTree = get(&app, &admin, "/api/staff/admin/orgs")
        .await
        .json()
        .await
        .unwrap();
    let south = view.roots[0]
        .children
        .iter()
        .find(|c| c.name == "南保健所")
        .unwrap();
    assert_eq!(names(&south.children), ["南地区医師会", "南病院"]);
}

#[tokio::test]
async fn bad_organisations_are_refused_field_by_field() {
    let app = TestApp::spawn().await.unwrap();
    let t = tree(&app).await;
    let admin = staff_client(&app, &t.admin_1).await.unwrap();
    let before = organisation::Entity::find().count(&app.db).await.unwrap();
    let cases = [
        (
            json!({}),
            vec![
                pair("kind", "required"),
                pair("name", "required"),
                pair("parent_id", "required"),
            ],
        ),
        (
            json!({"kind": "deployment", "name": "x", "parent_id": t.pref_1}),
            vec![pair("kind", "invalid")],
        ),
        (
            json!({"kind": "health_centre", "name": "x", "parent_id": t.hc_1}),
            vec![pair("parent_id", "wrong_parent_kind")],
        ),
        (
            json!({"kind": "followup_org", "name": "x", "parent_id": t.pref_1}),
            vec![pair("parent_id", "wrong_parent_kind")],
        ),
        (
            json!({"kind": "health_centre", "name": "x", "parent_id": t.pref_1, "time_zone": "Mars/Olympus"}),
            vec![pair("time_zone", "invalid")],
        ),
        (
            json!({"kind": "health_centre", "name": "x", "parent_id": t.pref_1, "phone": "12"}),
            vec![pair("phone", "phone_format")],
        ),
        (
            json!({"kind": "health_centre", "name": "x", "parent_id": t.pref_1, "address": "長".repeat(201)}),
            vec![pair("address", "too_long")],
        ),
        (
            json!({"kind": "ward", "name": "x", "parent_id": t.pref_1}),
            vec![pair("kind", "invalid")],
        ),
    ];
    for (body, expected) in cases {
        let response = post(&app, &admin, "/api/staff/admin/orgs", body.clone()).await;
        assert_eq!(response.status(), 422, "{body}");
        assert_eq!(fields(&problem(response).await), expected, "{body}");
    }
    // A parent in another prefecture does not exist for this administrator.
    let response = post(
        &app,
        &admin,
        "/api/staff/admin/orgs",
        json!({"kind": "followup_org", "name": "x", "parent_id": t.hc_2}),
    )
    .await;
    assert_eq!(response.status(), 404);
    assert_eq!(
        organisation::Entity::find().count(&app.db).await.unwrap(),
        before
    );
    assert!(audit_of(&app, "org.create").await.is_empty());
}

// ---- Contracts ----------------------------------------------------------------------------------

#[tokio::test]
async fn contracts_are_made_listed_and_ended_within_the_prefecture() {
    let app = TestApp::spawn().await.unwrap();
    let t = tree(&app).await;
    let other = db::contracts::insert(&app.db, t.f_2, t.hc_2, app.now())
        .await
        .unwrap();
    let admin = staff_client(&app, &t.admin_1).await.unwrap();
    let body = json!({"followup_org_id": t.f_1, "health_centre_id": t.hc_1});
    let response = post(&app, &admin, "/api/staff/admin/contracts", body.clone()).await;
    assert_eq!(response.status(), 201);
    let made: ContractView = response.json().await.unwrap();
    assert_eq!(
        (
            made.followup_org.name.as_str(),
            made.health_centre.name.as_str()
        ),
        ("Clinic One", "Centre One")
    );
    let audit = audit_of(&app, "contract.create").await;
    assert_eq!(audit[0].detail, Some(format!("contract:{}", made.id.0)));

    let response = post(&app, &admin, "/api/staff/admin/contracts", body).await;
    assert_eq!(response.status(), 409);
    assert_eq!(problem(response).await.code, "contract_exists");

    let list: ContractList = get(&app, &admin, "/api/staff/admin/contracts")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.items.len(), 1, "not the other prefecture's");
    assert_eq!(list.items[0].id, made.id);

    // The health centre can now assign cases to the organisation.
    let hc = staff_client(&app, &t.hc_staff_1).await.unwrap();
    let orgs: Value = get(&app, &hc, "/api/staff/contracted-orgs")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(orgs["items"][0]["name"], "Clinic One");

    let url = |id: i64| app.url(&format!("/api/staff/admin/contracts/{id}"));
    let response = admin.delete(url(other.id)).send().await.unwrap();
    assert_eq!(response.status(), 404, "another prefecture's contract");
    let response = admin.delete(url(made.id.0)).send().await.unwrap();
    assert_eq!(response.status(), 204);
    // The row stays with its end: the organisation's access to the cases it followed lapses
    // counting from it (tests/tests/api/access_lapse.rs).
    let ended = contract::Entity::find_by_id(made.id.0)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ended.ended_at, Some(app.now()));
    assert_eq!(audit_of(&app, "contract.delete").await.len(), 1);
    let response = admin.delete(url(made.id.0)).send().await.unwrap();
    assert_eq!(response.status(), 404, "it has ended already");
    let list: ContractList = get(&app, &admin, "/api/staff/admin/contracts")
        .await
        .json()
        .await
        .unwrap();
    assert!(list.items.is_empty(), "an ended contract is not listed");
    let orgs: Value = get(&app, &hc, "/api/staff/contracted-orgs")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        orgs["items"],
        json!([]),
        "an ended contract takes no new cases"
    );

    // A new contract for the pair puts the old one back in force.
    let body = json!({"followup_org_id": t.f_1, "health_centre_id": t.hc_1});
    let response = post(&app, &admin, "/api/staff/admin/contracts", body).await;
    assert_eq!(response.status(), 201);
    let again: ContractView = response.json().await.unwrap();
    assert_eq!(again.id, made.id);
    let stored = contract::Entity::find_by_id(made.id.0)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.ended_at, None);
}

#[tokio::test]
async fn a_contract_needs_a_follow_up_organisation_and_a_health_centre_of_ones_own() {
    let app = TestApp::spawn().await.unwrap();
    let t = tree(&app).await;
    let admin = staff_client(&app, &t.admin_1).await.unwrap();
    let cases = [
        (
            json!({}),
            vec![
                pair("followup_org_id", "required"),
                pair("health_centre_id", "required"),
            ],
        ),
        (
            json!({"followup_org_id": t.i_1, "health_centre_id": t.hc_1}),
            vec![pair("followup_org_id", "wrong_kind")],
        ),
        (
            json!({"followup_org_id": t.f_1, "health_centre_id": t.pref_1}),
            vec![pair("health_centre_id", "wrong_kind")],
        ),
    ];
    for (body, expected) in cases {
        let response = post(&app, &admin, "/api/staff/admin/contracts", body.clone()).await;
        assert_eq!(response.status(), 422, "{body}");
        assert_eq!(fields(&problem(response).await), expected, "{body}");
    }
    let response = post(
        &app,
        &admin,
        "/api/staff/admin/contracts",
        json!({"followup_org_id": t.f_2, "health_centre_id": t.hc_1}),
    )
    .await;
    assert_eq!(
        response.status(),
        404,
        "an organisation of another prefecture"
    );
    assert_eq!(contract::Entity::find().count(&app.db).await.unwrap(), 0);
}

#[tokio::test]
async fn a_contract_with_cases_under_follow_up_cannot_end() {
    let app = TestApp::spawn().await.unwrap();
    let t = tree(&app).await;
    let made = db::contracts::insert(&app.db, t.f_1, t.hc_1, app.now())
        .await
        .unwrap();
    let case = add_case(&app, t.hc_1, t.f_1, "C-0001").await.unwrap();
    let admin = staff_client(&app, &t.admin_1).await.unwrap();
    let url = app.url(&format!("/api/staff/admin/contracts/{}", made.id));
    let response = admin.delete(&url).send().await.unwrap();
    assert_eq!(response.status(), 409);
    assert_eq!(problem(response).await.code, "contract_in_use");
    db::cases::end_follow_up(&app.db, case.id, "period_completed", app.now())
        .await
        .unwrap();
    assert_eq!(admin.delete(&url).send().await.unwrap().status(), 204);
}

// ---- Users --------------------------------------------------------------------------------------

fn new_user(login: &str, role: &str, org: i64) -> Value {
    json!({
        "login_id": login,
        "display_name": "佐藤 看護師",
        "role": role,
        "organisation_id": org,
        "email": "sato@example.jp",
        "initial_password": "first password 1"
    })
}

#[tokio::test]
async fn a_new_user_is_created_without_an_authenticator_and_audited() {
    let app = TestApp::spawn().await.unwrap();
    let t = tree(&app).await;
    let admin = staff_client(&app, &t.admin_1).await.unwrap();
    let response = post(
        &app,
        &admin,
        "/api/staff/admin/users",
        new_user("nurse.sato", "followup_staff", t.f_1),
    )
    .await;
    assert_eq!(response.status(), 201);
    let user: UserView = response.json().await.unwrap();
    assert_eq!(user.login_id, "nurse.sato");
    assert_eq!(user.role, StaffRole::FollowupStaff);
    assert_eq!(user.organisation.name, "Clinic One");
    assert_eq!(user.email.as_deref(), Some("sato@example.jp"));
    assert!(user.active);
    assert!(!user.totp_enrolled);

    let stored = staff_user::Entity::find_by_id(user.id.0)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(stored.password_hash.starts_with("$argon2id$"));
    assert_eq!(stored.totp_secret, "", "enrols at the first sign-in");
    assert_eq!(stored.totp_enrolled_at, None);
    let audit = audit_of(&app, "staff.create").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].detail, Some(format!("staff:{}", user.id.0)));
    assert_eq!(audit[0].role.as_deref(), Some("admin"));

    // The administrator knows the initial password: the first sign-in must change it, and only
    // then enrols the authenticator.
    let newcomer = app.client();
    let response = newcomer
        .post(app.url("/api/staff/session"))
        .json(&json!({"login_id": "nurse.sato", "password": "first password 1", "totp_code": ""}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let me: Value = response.json().await.unwrap();
    assert_eq!(me["must_enrol_totp"], true);
    assert_eq!(me["must_change_password"], true);
    let early = newcomer
        .post(app.url("/api/staff/totp/enrolment"))
        .send()
        .await
        .unwrap();
    assert_eq!(early.status(), 403);
    assert_eq!(super::problem(early).await.code, "password_change_required");
    let changed = newcomer
        .put(app.url("/api/staff/me/password"))
        .json(&json!({"current_password": "first password 1", "new_password": "my very own secret 7"}))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 204);
    let enrolment = newcomer
        .post(app.url("/api/staff/totp/enrolment"))
        .send()
        .await
        .unwrap();
    assert_eq!(enrolment.status(), 200);
}

#[tokio::test]
async fn bad_users_are_refused_and_nothing_is_stored() {
    let app = TestApp::spawn().await.unwrap();
    let t = tree(&app).await;
    let admin = staff_client(&app, &t.admin_1).await.unwrap();
    let before = staff_user::Entity::find().count(&app.db).await.unwrap();
    let response = post(&app, &admin, "/api/staff/admin/users", json!({})).await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        fields(&problem(response).await),
        [
            pair("login_id", "required"),
            pair("display_name", "required"),
            pair("role", "required"),
            pair("organisation_id", "required"),
            pair("initial_password", "required"),
        ]
    );
    let mut body = new_user("a b", "followup_staff", t.f_1);
    body["email"] = json!("not-an-address");
    body["initial_password"] = json!("short");
    let response = post(&app, &admin, "/api/staff/admin/users", body).await;
    assert_eq!(
        fields(&problem(response).await),
        [
            pair("login_id", "login_format"),
            pair("email", "email_format"),
            pair("initial_password", "too_short"),
        ]
    );
    // Staff passwords are 12 characters or more (11 is too short) and not common ones.
    for (password, code) in [("eleven char", "too_short"), ("qwerty123456", "too_common")] {
        let mut body = new_user("new.nurse", "followup_staff", t.f_1);
        body["initial_password"] = json!(password);
        let response = post(&app, &admin, "/api/staff/admin/users", body).await;
        assert_eq!(
            fields(&problem(response).await),
            [pair("initial_password", code)],
            "{password}"
        );
    }
    for (role, org) in [
        ("followup_doctor", t.hc_1),
        ("hc_staff", t.f_1),
        ("institution_staff", t.f_1),
        ("admin", t.hc_1),
    ] {
        let response = post(
            &app,
            &admin,
            "/api/staff/admin/users",
            new_user("x.y", role, org),
        )
        .await;
        assert_eq!(response.status(), 422, "{role}");
        assert_eq!(
            fields(&problem(response).await),
            [pair("role", "role_mismatch")]
        );
    }
    let response = post(
        &app,
        &admin,
        "/api/staff/admin/users",
        new_user("doctor.one", "followup_doctor", t.f_1),
    )
    .await;
    assert_eq!(response.status(), 409);
    assert_eq!(problem(response).await.code, "login_taken");
    let response = post(
        &app,
        &admin,
        "/api/staff/admin/users",
        new_user("x.y", "followup_staff", t.f_2),
    )
    .await;
    assert_eq!(
        response.status(),
        404,
        "an organisation of another prefecture"
    );
    assert_eq!(
        staff_user::Entity::find().count(&app.db).await.unwrap(),
        before
    );
    assert!(audit_of(&app, "staff.create").await.is_empty());
}

#[tokio::test]
async fn users_are_listed_within_the_prefecture_with_filters() {
    let app = TestApp::spawn().await.unwrap();
    let t = tree(&app).await;
    let admin = staff_client(&app, &t.admin_1).await.unwrap();
    let logins =
        |list: UserList| -> Vec<String> { list.items.into_iter().map(|u| u.login_id).collect() };
    let all: UserList = get(&app, &admin, "/api/staff/admin/users")
        .await
        .json()
        .await
        .unwrap();
    let mut all = logins(all);
    all.sort();
    assert_eq!(all, ["admin.one", "doctor.one", "hc.one"]);

    let f1: UserList = get(
        &app,
        &admin,
        &format!("/api/staff/admin/users?organisation_id={}", t.f_1),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(logins(f1), ["doctor.one"]);
    let hc: UserList = get(&app, &admin, "/api/staff/admin/users?role=hc_staff")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(logins(hc), ["hc.one"]);
    let inactive: UserList = get(&app, &admin, "/api/staff/admin/users?active=false")
        .await
        .json()
        .await
        .unwrap();
    assert!(inactive.items.is_empty());
    let other: UserList = get(
        &app,
        &admin,
        &format!("/api/staff/admin/users?organisation_id={}", t.f_2),
    )
    .await
    .json()
    .await
    .unwrap();
    assert!(
        other.items.is_empty(),
        "another prefecture's users do not exist here"
    );
    let response = get(&app, &admin, "/api/staff/admin/users?role=boss").await;
    assert_eq!(response.status(), 422);
    assert_eq!(fields(&problem(response).await)[0].0, "role");
}

#[tokio::test]
async fn a_deactivated_user_is_signed_out_and_cannot_sign_in() {
    let app = TestApp::spawn().await.unwrap();
    let t = tree(&app).await;
    let doctor = staff_client(&app, &t.doctor_f1).await.unwrap();
    assert_eq!(get(&app, &doctor, "/api/staff/me").await.status(), 200);
    let admin = staff_client(&app, &t.admin_1).await.unwrap();
    let path = format!("/api/staff/admin/users/{}/deactivate", t.doctor_f1.id);
    let response = post(&app, &admin, &path, json!({})).await;
    assert_eq!(response.status(), 200);
    let user: UserView = response.json().await.unwrap();
    assert!(!user.active);

    assert_eq!(get(&app, &doctor, "/api/staff/me").await.status(), 401);
    assert!(
        db::staff::sessions_of(&app.db, t.doctor_f1.id)
            .await
            .unwrap()
            .is_empty()
    );
    app.advance(Duration::seconds(30));
    let response = app
        .client()
        .post(app.url("/api/staff/session"))
        .json(&sign_in_request(&app, &t.doctor_f1).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let audit = audit_of(&app, "staff.deactivate").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].detail, Some(format!("staff:{}", t.doctor_f1.id)));

    let own = format!("/api/staff/admin/users/{}/deactivate", t.admin_1.id);
    let response = post(&app, &admin, &own, json!({})).await;
    assert_eq!(response.status(), 409);
    assert_eq!(problem(response).await.code, "own_account");
    let other = format!("/api/staff/admin/users/{}/deactivate", t.nurse_f2.id);
    assert_eq!(post(&app, &admin, &other, json!({})).await.status(), 404);
    let nurse = staff_user::Entity::find_by_id(t.nurse_f2.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(nurse.active);
}

#[tokio::test]
async fn a_reset_of_two_factor_sign_in_sends_the_user_back_to_enrolment() {
    let app = TestApp::spawn().await.unwrap();
    let t = tree(&app).await;
    let doctor = staff_client(&app, &t.doctor_f1).await.unwrap();
    let admin = staff_client(&app, &t.admin_1).await.unwrap();
    let path = format!("/api/staff/admin/users/{}/reset-2fa", t.doctor_f1.id);
    let response = post(&app, &admin, &path, json!({})).await;
    assert_eq!(response.status(), 200);
    let user: UserView = response.json().await.unwrap();
    assert!(!user.totp_enrolled);
    assert!(user.active);
    assert_eq!(get(&app, &doctor, "/api/staff/me").await.status(), 401);
    let stored = staff_user::Entity::find_by_id(t.doctor_f1.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (stored.totp_secret.as_str(), stored.totp_enrolled_at),
        ("", None)
    );
    let audit = audit_of(&app, "staff.reset_2fa").await;
    assert_eq!(audit[0].detail, Some(format!("staff:{}", t.doctor_f1.id)));

    let other = format!("/api/staff/admin/users/{}/reset-2fa", t.nurse_f2.id);
    assert_eq!(post(&app, &admin, &other, json!({})).await.status(), 404);
    assert_eq!(
        post(
            &app,
            &admin,
            "/api/staff/admin/users/999999/reset-2fa",
            json!({})
        )
        .await
        .status(),
        404
    );
}

// ---- Who may administer -------------------------------------------------------------------------

#[tokio::test]
async fn only_administrators_administer() {
    let app = TestApp::spawn().await.unwrap();
    let t = tree(&app).await;
    let target = t.doctor_f1.id;
    for user in [&t.hc_staff_1, &t.doctor_f1] {
        let client = staff_client(&app, user).await.unwrap();
        for path in [
            "/api/staff/admin/orgs",
            "/api/staff/admin/contracts",
            "/api/staff/admin/users",
        ] {
            let response = get(&app, &client, path).await;
            assert_eq!(response.status(), 403, "GET {path}");
            assert_eq!(problem(response).await.code, "forbidden");
        }
        for (path, body) in [
            (
                "/api/staff/admin/orgs".to_owned(),
                json!({"kind": "followup_org", "name": "x", "parent_id": t.hc_1}),
            ),
            (
                "/api/staff/admin/contracts".to_owned(),
                json!({"followup_org_id": t.f_1, "health_centre_id": t.hc_1}),
            ),
            (
                "/api/staff/admin/users".to_owned(),
                new_user("x.y", "followup_staff", t.f_1),
            ),
            (
                format!("/api/staff/admin/users/{target}/deactivate"),
                json!({}),
            ),
            (
                format!("/api/staff/admin/users/{target}/reset-2fa"),
                json!({}),
            ),
        ] {
            let response = post(&app, &client, &path, body).await;
            assert_eq!(response.status(), 403, "POST {path}");
        }
        let response = client
            .delete(app.url("/api/staff/admin/contracts/1"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403);
    }
    let anonymous = app.client();
    assert_eq!(
        get(&app, &anonymous, "/api/staff/admin/orgs")
            .await
            .status(),
        401
    );
    assert_eq!(
        organisation::Entity::find().count(&app.db).await.unwrap(),
        8
    );
    assert_eq!(contract::Entity::find().count(&app.db).await.unwrap(), 0);
}

#[tokio::test]
async fn the_deployment_administrator_manages_every_prefecture() {
    let app = TestApp::spawn().await.unwrap();
    let t = tree(&app).await;
    let root = staff_client(&app, &t.root_admin).await.unwrap();
    let response = post(
        &app,
        &root,
        "/api/staff/admin/contracts",
        json!({"followup_org_id": t.f_2, "health_centre_id": t.hc_2}),
    )
    .await;
    assert_eq!(response.status(), 201);
    let users: UserList = get(&app, &root, "/api/staff/admin/users")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(users.items.len(), 6);
    let response = post(
        &app,
        &root,
        "/api/staff/admin/orgs",
        json!({"kind": "prefecture", "name": "Pref Three", "parent_id": users.items[0].organisation.id}),
    )
    .await;
    assert_eq!(response.status(), 201);
    // A prefecture's administrator cannot add a prefecture: the root is not theirs.
    let admin = staff_client(&app, &t.admin_2).await.unwrap();
    let root_id = users.items[0].organisation.id;
    let response = post(
        &app,
        &admin,
        "/api/staff/admin/orgs",
        json!({"kind": "prefecture", "name": "Pref Four", "parent_id": root_id}),
    )
    .await;
    assert_eq!(response.status(), 404);
}
