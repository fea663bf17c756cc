//! The access policy as a matrix (docs/architecture.md, "Access policy"): every staff endpoint,
//! called by every staff role, on a record of the caller's own organisation and of another one.
//!
//! The rule it checks: a case outside the caller's scope answers 404 whatever the role (so ids
//! cannot be probed); within the scope, a role that may not do the action gets 403. Requests
//! about no case (lists, registration, administration) get 403 for roles that may not use them,
//! and 404 for an administrator's request about something outside their prefecture.

use mimamori_server::entities::staff_user;
use mimamori_server::services::setup;
use mimamori_shared::api::admin::OrgKind;
use mimamori_shared::api::auth::StaffRole;
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{World, add_case, report_body, staff_client};
use reqwest::{Client, Method};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use StaffRole::{Admin, FollowupDoctor, FollowupStaff, HcStaff, InstitutionStaff};

const ROLES: [StaffRole; 5] = [
    FollowupStaff,
    FollowupDoctor,
    HcStaff,
    InstitutionStaff,
    Admin,
];

/// Two prefectures. Ours: the world's health centre with follow-up organisations A and B and an
/// institution. Theirs: another health centre with follow-up organisation C and a case of C.
struct Deployment {
    app: TestApp,
    world: World,
    clients: Vec<(StaffRole, Client)>,
    doctor_c: Client,
    other_case: i64,
    other_centre: i64,
    other_org: i64,
    other_user: i64,
    own_user: i64,
    /// A follow-up organisation of our health centre without a contract yet.
    spare_org: i64,
    next_case: std::sync::atomic::AtomicU32,
}

async fn org(
    app: &TestApp,
    kind: mimamori_shared::api::admin::OrgKind,
    name: &str,
    parent: Option<i64>,
) -> i64 {
    setup::create_org(&app.db, kind, name, parent, None, app.now())
        .await
        .unwrap()
        .id
}

async fn user(app: &TestApp, org: i64, login: &str, role: StaffRole) -> staff_user::Model {
    mimamori_tests::fixtures::enrolled_staff(app, org, login, role)
        .await
        .unwrap()
}

async fn execute(app: &TestApp, sql: &str) {
    app.db.execute_unprepared(sql).await.unwrap();
}

impl Deployment {
    async fn create() -> Self {
        let app = TestApp::spawn().await.unwrap();
        let world = World::create(&app).await.unwrap();
        let prefecture = org(&app, OrgKind::Prefecture, "Pref A", None).await;
        execute(
            &app,
            &format!(
                "UPDATE organisation SET parent_id = {prefecture} WHERE id = {}",
                world.health_centre_id
            ),
        )
        .await;
        let institution = org(
            &app,
            OrgKind::Institution,
            "Hospital",
            Some(world.health_centre_id),
        )
        .await;
        let other_prefecture = org(&app, OrgKind::Prefecture, "Pref B", None).await;
        let other_centre = org(
            &app,
            OrgKind::HealthCentre,
            "Other centre",
            Some(other_prefecture),
        )
        .await;
        let other_org = org(&app, OrgKind::FollowupOrg, "Clinic C", Some(other_centre)).await;
        let now = app.now().to_rfc3339();
        for (followup, centre) in [
            (world.org_a, world.health_centre_id),
            (world.org_b, world.health_centre_id),
            (other_org, other_centre),
        ] {
            execute(
                &app,
                &format!(
                    "INSERT INTO contract (followup_org_id, health_centre_id, created_at) \
                     VALUES ({followup}, {centre}, '{now}')"
                ),
            )
            .await;
        }
        let other_case = add_case(&app, other_centre, other_org, "X-0001")
            .await
            .unwrap()
            .id;
        let hc = user(&app, world.health_centre_id, "hc.a", HcStaff).await;
        let inst = user(&app, institution, "inst.a", InstitutionStaff).await;
        let admin = user(&app, prefecture, "admin.a", Admin).await;
        let doctor_c = user(&app, other_org, "doctor.c", FollowupDoctor).await;
        let other_user = user(&app, other_centre, "hc.other", HcStaff).await.id;
        let mut clients = Vec::new();
        for (role, model) in [
            (FollowupStaff, &world.nurse_a),
            (FollowupDoctor, &world.doctor_a),
            (HcStaff, &hc),
            (InstitutionStaff, &inst),
            (Admin, &admin),
        ] {
            clients.push((role, staff_client(&app, model).await.unwrap()));
        }
        let doctor_c = staff_client(&app, &doctor_c).await.unwrap();
        let own_user = world.nurse_a.id;
        let spare_org = org(
            &app,
            OrgKind::FollowupOrg,
            "Clinic D",
            Some(world.health_centre_id),
        )
        .await;
        Self {
            spare_org,
            app,
            world,
            clients,
            doctor_c,
            other_case,
            other_centre,
            other_org,
            other_user,
            own_user,
            next_case: std::sync::atomic::AtomicU32::new(1),
        }
    }

    /// A fresh case of organisation A, so each call meets a case nobody has changed yet.
    async fn own_case(&self) -> i64 {
        let n = self
            .next_case
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        add_case(
            &self.app,
            self.world.health_centre_id,
            self.world.org_a,
            &format!("M-{n:04}"),
        )
        .await
        .unwrap()
        .id
    }

    async fn contract_id(&self, followup: i64, centre: i64) -> i64 {
        self.app
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                self.app.db.get_database_backend(),
                format!(
                    "SELECT id FROM contract WHERE followup_org_id = {followup} \
                     AND health_centre_id = {centre}"
                ),
            ))
            .await
            .unwrap()
            .expect("the contract exists")
            .try_get::<i64>("", "id")
            .unwrap()
    }

    fn client(&self, role: StaffRole) -> &Client {
        &self.clients.iter().find(|(r, _)| *r == role).unwrap().1
    }

    async fn call(&self, client: &Client, method: Method, path: &str, body: Option<Value>) -> u16 {
        let mut request = client.request(method, self.app.url(path));
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.unwrap().status().as_u16()
    }

    /// A proxy report entered on the case by `client`; its id.
    async fn report_on(&self, client: &Client, case_id: i64) -> i64 {
        let response = client
            .post(self.app.url(&format!("/api/staff/cases/{case_id}/reports")))
            .json(&report_body(36.7, Some(97)))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        response.json::<Value>().await.unwrap()["id"]
            .as_i64()
            .unwrap()
    }

    async fn finding_on(&self, client: &Client, case_id: i64) -> i64 {
        let response = client
            .post(
                self.app
                    .url(&format!("/api/staff/cases/{case_id}/findings")),
            )
            .json(&finding())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        response.json::<Value>().await.unwrap()["id"]
            .as_i64()
            .unwrap()
    }
}

/// The roles that read (and enter reports on) the cases of their scope.
const READERS_OF_CASES: &[StaffRole] = &[FollowupStaff, FollowupDoctor, HcStaff];

fn finding() -> Value {
    json!({"assessment": "stable", "plan": "continue", "referral": "none"})
}

/// A case action: what it is called and who may do it.
struct CaseAction {
    name: &'static str,
    method: Method,
    /// Path after `/api/staff/cases/{id}`.
    suffix: &'static str,
    body: fn() -> Option<Value>,
    allowed: &'static [StaffRole],
}

fn case_actions() -> Vec<CaseAction> {
    const READERS: &[StaffRole] = &[FollowupStaff, FollowupDoctor, HcStaff];
    vec![
        CaseAction {
            name: "read the case record",
            method: Method::GET,
            suffix: "",
            body: || None,
            allowed: READERS,
        },
        CaseAction {
            name: "message the patient",
            method: Method::POST,
            suffix: "/messages",
            body: || Some(json!({"body": "Please call us."})),
            allowed: READERS,
        },
        CaseAction {
            name: "log a call",
            method: Method::POST,
            suffix: "/calls",
            body: || Some(json!({"outcome": "reached", "note": ""})),
            allowed: READERS,
        },
        CaseAction {
            name: "enter a proxy report",
            method: Method::POST,
            suffix: "/reports",
            body: || Some(report_body(36.8, Some(97))),
            allowed: READERS,
        },
        CaseAction {
            name: "mark reviewed",
            method: Method::POST,
            suffix: "/reviews",
            body: || Some(json!({})),
            allowed: READERS,
        },
        CaseAction {
            name: "write a finding",
            method: Method::POST,
            suffix: "/findings",
            body: || Some(finding()),
            allowed: &[FollowupDoctor],
        },
        CaseAction {
            name: "escalate",
            method: Method::POST,
            suffix: "/escalations",
            body: || Some(json!({"note": "SpO2 falling"})),
            allowed: &[FollowupDoctor],
        },
        CaseAction {
            name: "end follow-up",
            method: Method::POST,
            suffix: "/end",
            body: || Some(json!({"reason": "other", "note": ""})),
            allowed: &[FollowupDoctor, HcStaff],
        },
        CaseAction {
            name: "set the case's own SpO2 thresholds",
            method: Method::PUT,
            suffix: "/thresholds",
            body: || {
                Some(json!({"spo2_red_at_most": 88, "spo2_amber_at_most": 90, "reason": "COPD"}))
            },
            allowed: &[FollowupDoctor],
        },
        CaseAction {
            name: "extend follow-up",
            method: Method::POST,
            suffix: "/extend",
            body: || Some(json!({"days": 2, "reason": "fever"})),
            allowed: &[FollowupDoctor, HcStaff],
        },
        CaseAction {
            name: "issue an invitation",
            method: Method::POST,
            suffix: "/invitation",
            body: || None,
            allowed: &[HcStaff],
        },
    ]
}

/// What a role should get for a request on a case: a case outside the caller's scope is not
/// found (404) whatever the role — follow-up staff see their organisation's cases, health-centre
/// staff their centre's, institution staff and administrators none — and only within the scope
/// does the role decide between success and 403.
fn expected_on_case(allowed: &[StaffRole], role: StaffRole, own: bool) -> &'static str {
    let in_scope = own && matches!(role, FollowupStaff | FollowupDoctor | HcStaff);
    match (in_scope, allowed.contains(&role)) {
        (false, _) => "404",
        (true, true) => "2xx",
        (true, false) => "403",
    }
}

/// What a role should get where no case is involved (lists of its own scope, registration,
/// administration): 403 unless the role may; an administrator's request about an organisation
/// or user outside their prefecture is not found.
fn expected(allowed: &[StaffRole], role: StaffRole, own: bool) -> &'static str {
    match (allowed.contains(&role), own) {
        (false, _) => "403",
        (true, true) => "2xx",
        (true, false) => "404",
    }
}

fn seen(status: u16) -> &'static str {
    match status {
        200..=299 => "2xx",
        403 => "403",
        404 => "404",
        _ => "other",
    }
}

#[tokio::test]
async fn every_case_action_as_every_role_on_own_and_other_cases() {
    let d = Deployment::create().await;
    let mut wrong = Vec::new();
    for action in case_actions() {
        for role in ROLES {
            for own in [true, false] {
                let case_id = if own {
                    d.own_case().await
                } else {
                    d.other_case
                };
                let path = format!("/api/staff/cases/{case_id}{}", action.suffix);
                let status = d
                    .call(
                        d.client(role),
                        action.method.clone(),
                        &path,
                        (action.body)(),
                    )
                    .await;
                let want = expected_on_case(action.allowed, role, own);
                if seen(status) != want {
                    wrong.push(format!(
                        "{} as {role:?} on {} case: {status}, expected {want}",
                        action.name,
                        if own { "own" } else { "other" }
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[tokio::test]
async fn amendments_assignment_and_lists_as_every_role() {
    let d = Deployment::create().await;
    let doctor_a = d.client(FollowupDoctor).clone();
    let other_finding = d.finding_on(&d.doctor_c, d.other_case).await;
    let mut wrong = Vec::new();
    let mut check = |what: String, status: u16, want: &str| {
        if seen(status) != want {
            wrong.push(format!("{what}: {status}, expected {want}"));
        }
    };
    for role in ROLES {
        // Amending a finding: doctors only.
        let case_id = d.own_case().await;
        let own_finding = d.finding_on(&doctor_a, case_id).await;
        for (own, case_id, finding_id) in [
            (true, case_id, own_finding),
            (false, d.other_case, other_finding),
        ] {
            let path = format!("/api/staff/cases/{case_id}/findings/{finding_id}/amendments");
            let status = d
                .call(d.client(role), Method::POST, &path, Some(finding()))
                .await;
            check(
                format!("amend a finding as {role:?} (own: {own})"),
                status,
                expected_on_case(&[FollowupDoctor], role, own),
            );
        }
        // A report's versions (readers) and a staff correction (who may enter reports).
        let case_id = d.own_case().await;
        let own_report = d.report_on(&doctor_a, case_id).await;
        let other_report = d.report_on(&d.doctor_c, d.other_case).await;
        for (own, case_id, report_id) in [
            (true, case_id, own_report),
            (false, d.other_case, other_report),
        ] {
            let path = format!("/api/staff/cases/{case_id}/reports/{report_id}/versions");
            let status = d.call(d.client(role), Method::GET, &path, None).await;
            check(
                format!("read a report's versions as {role:?} (own: {own})"),
                status,
                expected_on_case(READERS_OF_CASES, role, own),
            );
            let path = format!("/api/staff/cases/{case_id}/reports/{report_id}");
            let status = d
                .call(
                    d.client(role),
                    Method::PUT,
                    &path,
                    Some(report_body(36.9, Some(96))),
                )
                .await;
            check(
                format!("correct a report as {role:?} (own: {own})"),
                status,
                expected_on_case(READERS_OF_CASES, role, own),
            );
        }
        // Assigning to another contracted organisation: health centres only.
        for (own, case_id, target) in [
            (true, d.own_case().await, d.world.org_b),
            (false, d.other_case, d.other_org),
        ] {
            let path = format!("/api/staff/cases/{case_id}/assignment");
            let status = d
                .call(
                    d.client(role),
                    Method::PUT,
                    &path,
                    Some(json!({"followup_org_id": target})),
                )
                .await;
            check(
                format!("assign a case as {role:?} (own: {own})"),
                status,
                expected_on_case(&[HcStaff], role, own),
            );
        }
        // Lists of the caller's own scope: no "other" variant, the scope is the caller's.
        const READERS: &[StaffRole] = &[FollowupStaff, FollowupDoctor, HcStaff];
        for (what, method, path, body, allowed) in [
            (
                "the work list",
                Method::GET,
                "/api/staff/worklist",
                None,
                READERS,
            ),
            (
                "a day's reports",
                Method::GET,
                "/api/staff/reports",
                None,
                READERS,
            ),
            (
                "register a case",
                Method::POST,
                "/api/staff/cases",
                Some(json!({
                    "name": format!("登録 {role:?}"), "name_kana": "トウロク",
                    "birth_date": "1980-01-02", "sex": "male", "phone": "090-1234-5678",
                    "address": "東京都", "risk_factors": [], "test_summary": "PCR",
                    "interview_notes": "", "slots_per_day": 1
                })),
                &[HcStaff][..],
            ),
            (
                "the CSV template",
                Method::GET,
                "/api/staff/cases/import/template",
                None,
                &[HcStaff][..],
            ),
            (
                "the contracted organisations",
                Method::GET,
                "/api/staff/contracted-orgs",
                None,
                &[HcStaff][..],
            ),
            (
                "the organisation tree",
                Method::GET,
                "/api/staff/admin/orgs",
                None,
                &[Admin][..],
            ),
            (
                "the contracts",
                Method::GET,
                "/api/staff/admin/contracts",
                None,
                &[Admin][..],
            ),
            (
                "the users",
                Method::GET,
                "/api/staff/admin/users",
                None,
                &[Admin][..],
            ),
            (
                "the audit log",
                Method::GET,
                "/api/staff/admin/audit",
                None,
                &[Admin][..],
            ),
            (
                "the organisations CSV template",
                Method::GET,
                "/api/staff/admin/orgs/import/template",
                None,
                &[Admin][..],
            ),
            (
                "the staff CSV template",
                Method::GET,
                "/api/staff/admin/users/import/template",
                None,
                &[Admin][..],
            ),
            ("who am I", Method::GET, "/api/staff/me", None, &ROLES[..]),
        ] {
            let status = d.call(d.client(role), method, path, body).await;
            check(
                format!("{what} as {role:?}"),
                status,
                expected(allowed, role, true),
            );
        }
        let csv = "氏名,氏名カナ,生年月日,性別,電話番号\n取込 花子,トリコミ ハナコ,1970-05-06,女,080-2222-3333\n";
        let status = d
            .app
            .client()
            .post(d.app.url("/api/staff/cases/import"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16();
        assert_eq!(status, 401, "import without a session");
        let status = d
            .client(role)
            .post(d.app.url("/api/staff/cases/import"))
            .header("content-type", "text/csv")
            .body(csv.replace("取込 花子", &format!("取込 {role:?}")))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16();
        check(
            format!("import cases as {role:?}"),
            status,
            expected(&[HcStaff], role, true),
        );
        for (what, path, file) in [
            (
                "import organisations",
                "/api/staff/admin/orgs/import",
                format!("名称,種別,上位組織\n取込 {role:?},委託先,Test health centre\n"),
            ),
            (
                "import staff",
                "/api/staff/admin/users/import",
                format!(
                    "ログインID,氏名,役割,所属\ncsv.{role:?},取込,保健所職員,Test health centre\n"
                ),
            ),
        ] {
            let status = d
                .client(role)
                .post(d.app.url(path))
                .header("content-type", "text/csv")
                .body(file)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16();
            check(
                format!("{what} as {role:?}"),
                status,
                expected(&[Admin], role, true),
            );
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[tokio::test]
async fn administration_as_every_role_inside_and_outside_the_prefecture() {
    let d = Deployment::create().await;
    let mut wrong = Vec::new();
    let mut n = 0;
    for role in ROLES {
        let client = d.client(role);
        for own in [true, false] {
            n += 1;
            let (centre, followup, target_user) = if own {
                (d.world.health_centre_id, d.world.org_b, d.own_user)
            } else {
                (d.other_centre, d.other_org, d.other_user)
            };
            let want = expected(&[Admin], role, own);
            let calls: Vec<(String, Method, String, Option<Value>)> = vec![
                (
                    "create an organisation".into(),
                    Method::POST,
                    "/api/staff/admin/orgs".into(),
                    Some(
                        json!({"kind": "followup_org", "name": format!("New {n}"), "parent_id": centre}),
                    ),
                ),
                (
                    "create a user".into(),
                    Method::POST,
                    "/api/staff/admin/users".into(),
                    Some(json!({
                        "login_id": format!("new.user.{n}"), "display_name": "New",
                        "role": "followup_staff", "organisation_id": followup,
                        "initial_password": "a long initial password"
                    })),
                ),
                (
                    "reset two-factor".into(),
                    Method::POST,
                    format!("/api/staff/admin/users/{target_user}/reset-2fa"),
                    None,
                ),
                (
                    "deactivate a user".into(),
                    Method::POST,
                    format!("/api/staff/admin/users/{target_user}/deactivate"),
                    None,
                ),
            ];
            let contract = d.contract_id(followup, centre).await;
            let mut calls = calls;
            calls.push((
                "add a contract".into(),
                Method::POST,
                "/api/staff/admin/contracts".into(),
                Some(json!({
                    "followup_org_id": if own { d.spare_org } else { d.other_org },
                    "health_centre_id": centre
                })),
            ));
            calls.push((
                "end a contract".into(),
                Method::DELETE,
                format!("/api/staff/admin/contracts/{contract}"),
                None,
            ));
            for (what, method, path, body) in calls {
                let status = d.call(client, method, &path, body).await;
                if seen(status) != want {
                    wrong.push(format!(
                        "{what} as {role:?} (own: {own}): {status}, expected {want}"
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[tokio::test]
async fn implementation_reports_as_every_role_on_own_and_other_reports() {
    use mimamori_server::services::implementation_reports::compile_and_store;
    let d = Deployment::create().await;
    let day = mimamori_server::services::time::local_date(
        d.app.now(),
        mimamori_server::services::time::DEFAULT_TZ,
    );
    for centre in [d.world.health_centre_id, d.other_centre] {
        compile_and_store(&d.app.db, centre, day, d.app.now())
            .await
            .unwrap();
    }
    let report_of = |centre: i64, followup: i64| {
        let app = &d.app;
        async move {
            app.db
                .query_one_raw(sea_orm::Statement::from_string(
                    app.db.get_database_backend(),
                    format!(
                        "SELECT id FROM implementation_report WHERE health_centre_id = {centre} \
                         AND followup_org_id = {followup}"
                    ),
                ))
                .await
                .unwrap()
                .expect("the report exists")
                .try_get::<i64>("", "id")
                .unwrap()
        }
    };
    // Organisation A's report to our centre is in scope of A's staff and the centre's.
    let own = report_of(d.world.health_centre_id, d.world.org_a).await;
    let other = report_of(d.other_centre, d.other_org).await;
    const READERS: &[StaffRole] = &[FollowupStaff, FollowupDoctor, HcStaff];
    let mut wrong = Vec::new();
    for role in ROLES {
        let status = d
            .call(
                d.client(role),
                Method::GET,
                "/api/staff/implementation-reports",
                None,
            )
            .await;
        if seen(status) != expected(READERS, role, true) {
            wrong.push(format!("list implementation reports as {role:?}: {status}"));
        }
        for (is_own, id) in [(true, own), (false, other)] {
            for suffix in ["", "/csv", "/xlsx"] {
                let path = format!("/api/staff/implementation-reports/{id}{suffix}");
                let status = d.call(d.client(role), Method::GET, &path, None).await;
                let want = expected(READERS, role, is_own);
                if seen(status) != want {
                    wrong.push(format!(
                        "{path} as {role:?} (own: {is_own}): {status}, expected {want}"
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[tokio::test]
async fn notifications_and_organisation_settings_as_every_role() {
    use mimamori_server::db::staff_notifications::{NewNotification, insert_many};
    let d = Deployment::create().await;
    // A notification of a staff member of the other prefecture: nobody else may touch it.
    insert_many(
        &d.app.db,
        vec![NewNotification {
            staff_id: d.other_user,
            organisation_id: d.other_centre,
            kind: mimamori_shared::api::staff_notifications::NotificationKind::Escalation,
            case_id: Some(d.other_case),
            payload: "{}".into(),
        }],
        d.app.now(),
    )
    .await
    .unwrap();
    let others: i64 = d
        .app
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            d.app.db.get_database_backend(),
            "SELECT MAX(id) AS id FROM staff_notification".to_owned(),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "id")
        .unwrap();
    let settings = json!({
        "quiet_start": "21:00", "quiet_end": "08:00", "second_nudge_minutes": 60,
        "afternoon_reminder": "15:00", "cutoff": "12:00", "afternoon_cutoff": "18:00",
        "report_time": "17:00"
    });
    let mut wrong = Vec::new();
    for role in ROLES {
        let client = d.client(role);
        // Every role has its own notifications…
        for (method, path, body) in [
            (Method::GET, "/api/staff/notifications".to_owned(), None),
            (
                Method::POST,
                "/api/staff/notifications/read".to_owned(),
                Some(json!({"all": true})),
            ),
        ] {
            let status = d.call(client, method, &path, body).await;
            if seen(status) != "2xx" {
                wrong.push(format!("{path} as {role:?}: {status}, expected 2xx"));
            }
        }
        // …and nobody another's.
        let status = d
            .call(
                client,
                Method::POST,
                "/api/staff/notifications/read",
                Some(json!({"ids": [others]})),
            )
            .await;
        if seen(status) != "404" {
            wrong.push(format!("another's notification as {role:?}: {status}"));
        }
        for (own, org) in [(true, d.world.org_b), (false, d.other_org)] {
            let want = expected(&[Admin], role, own);
            let path = format!("/api/staff/admin/orgs/{org}/settings");
            for (method, body) in [(Method::GET, None), (Method::PUT, Some(settings.clone()))] {
                let status = d.call(client, method.clone(), &path, body).await;
                if seen(status) != want {
                    wrong.push(format!(
                        "{method} {path} as {role:?} (own: {own}): {status}, expected {want}"
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

/// Staff operations the tests above call as every role.
const COVERED: &[(&str, &str)] = &[
    ("get", "/api/staff/cases/{case_id}"),
    ("post", "/api/staff/cases/{case_id}/messages"),
    ("post", "/api/staff/cases/{case_id}/calls"),
    ("post", "/api/staff/cases/{case_id}/reports"),
    ("post", "/api/staff/cases/{case_id}/reviews"),
    ("post", "/api/staff/cases/{case_id}/findings"),
    (
        "post",
        "/api/staff/cases/{case_id}/findings/{finding_id}/amendments",
    ),
    ("post", "/api/staff/cases/{case_id}/escalations"),
    ("post", "/api/staff/cases/{case_id}/end"),
    ("put", "/api/staff/cases/{case_id}/thresholds"),
    ("post", "/api/staff/cases/{case_id}/extend"),
    ("put", "/api/staff/cases/{case_id}/reports/{report_id}"),
    (
        "get",
        "/api/staff/cases/{case_id}/reports/{report_id}/versions",
    ),
    ("post", "/api/staff/cases/{case_id}/invitation"),
    ("put", "/api/staff/cases/{case_id}/assignment"),
    ("get", "/api/staff/worklist"),
    ("get", "/api/staff/reports"),
    ("post", "/api/staff/cases"),
    ("post", "/api/staff/cases/import"),
    ("get", "/api/staff/cases/import/template"),
    ("get", "/api/staff/contracted-orgs"),
    ("get", "/api/staff/admin/orgs"),
    ("post", "/api/staff/admin/orgs"),
    ("post", "/api/staff/admin/orgs/import"),
    ("get", "/api/staff/admin/orgs/import/template"),
    ("post", "/api/staff/admin/users/import"),
    ("get", "/api/staff/admin/users/import/template"),
    ("get", "/api/staff/admin/contracts"),
    ("post", "/api/staff/admin/contracts"),
    ("delete", "/api/staff/admin/contracts/{contract_id}"),
    ("get", "/api/staff/admin/users"),
    ("post", "/api/staff/admin/users"),
    ("post", "/api/staff/admin/users/{staff_id}/deactivate"),
    ("post", "/api/staff/admin/users/{staff_id}/reset-2fa"),
    ("get", "/api/staff/admin/audit"),
    ("get", "/api/staff/me"),
    ("get", "/api/staff/implementation-reports"),
    ("get", "/api/staff/implementation-reports/{report_id}"),
    ("get", "/api/staff/implementation-reports/{report_id}/csv"),
    ("get", "/api/staff/implementation-reports/{report_id}/xlsx"),
    ("get", "/api/staff/notifications"),
    ("post", "/api/staff/notifications/read"),
    ("get", "/api/staff/admin/orgs/{org_id}/settings"),
    ("put", "/api/staff/admin/orgs/{org_id}/settings"),
    ("get", "/api/staff/inpatients"),
    ("post", "/api/staff/inpatients/find"),
    ("get", "/api/staff/cases/{case_id}/inpatient-reports"),
    ("post", "/api/staff/cases/{case_id}/inpatient-reports"),
    ("get", "/api/staff/test-counts"),
    ("put", "/api/staff/test-counts/{date}"),
    ("get", "/api/staff/test-counts/summary"),
    ("get", "/api/staff/test-counts/summary.csv"),
    ("get", "/api/staff/case-notifications/defaults"),
    ("get", "/api/staff/case-notifications"),
    ("post", "/api/staff/case-notifications"),
    ("get", "/api/staff/case-notifications/{notification_id}"),
    ("put", "/api/staff/case-notifications/{notification_id}"),
    (
        "post",
        "/api/staff/case-notifications/{notification_id}/submit",
    ),
    (
        "post",
        "/api/staff/case-notifications/{notification_id}/accept",
    ),
    (
        "post",
        "/api/staff/case-notifications/{notification_id}/return",
    ),
];

/// Staff operations open to every role by design: one's own session, password and second
/// factor (tested in `staff_sign_in` and `staff_security`).
const EVERY_ROLE: &[(&str, &str)] = &[
    ("post", "/api/staff/session"),
    ("delete", "/api/staff/session"),
    ("put", "/api/staff/me/password"),
    ("post", "/api/staff/totp/enrolment"),
    ("post", "/api/staff/totp/enrolment/confirm"),
];

/// An inpatient status report body (an admission).
fn admission() -> Value {
    json!({
        "admission_date": "2026-11-22", "hospital_name": "病院", "doctor_name": "医師",
        "severity": "mild", "outcome": "inpatient"
    })
}

#[tokio::test]
async fn inpatient_reports_and_test_counts_as_every_role() {
    let d = Deployment::create().await;
    let institution = d.client(InstitutionStaff).clone();
    let mut wrong = Vec::new();
    let mut check = |what: String, status: u16, want: &str| {
        if seen(status) != want {
            wrong.push(format!("{what}: {status}, expected {want}"));
        }
    };
    for role in ROLES {
        // Our case, found by the institution (which may then report on it); the other
        // prefecture's case, which nobody here may see.
        let own = d.own_case().await;
        let number = d
            .app
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                d.app.db.get_database_backend(),
                format!("SELECT case_number FROM patient_case WHERE id = {own}"),
            ))
            .await
            .unwrap()
            .expect("the case exists")
            .try_get::<String>("", "case_number")
            .unwrap();
        let find =
            json!({"case_number": number, "birth_date": "1950-04-01", "name_kana": "カンジャ"});
        let status = d
            .call(
                d.client(role),
                Method::POST,
                "/api/staff/inpatients/find",
                Some(find.clone()),
            )
            .await;
        check(
            format!("find a case as {role:?}"),
            status,
            expected(&[InstitutionStaff], role, true),
        );
        if role != InstitutionStaff {
            let status = d
                .call(
                    &institution,
                    Method::POST,
                    "/api/staff/inpatients/find",
                    Some(find),
                )
                .await;
            assert_eq!(status, 200);
        }
        for (own, case_id) in [(true, own), (false, d.other_case)] {
            let path = format!("/api/staff/cases/{case_id}/inpatient-reports");
            // Reading: the institution for its cases, health-centre and follow-up staff for
            // theirs; administrators see no cases.
            let want = match (own, role) {
                (false, _) | (true, Admin) => "404",
                (true, _) => "2xx",
            };
            let status = d.call(d.client(role), Method::GET, &path, None).await;
            check(
                format!("read inpatient reports as {role:?} (own: {own})"),
                status,
                want,
            );
            // Filing: institutions only; others in scope 403.
            let want = match (own, role) {
                (false, _) | (true, Admin) => "404",
                (true, InstitutionStaff) => "2xx",
                (true, _) => "403",
            };
            let status = d
                .call(d.client(role), Method::POST, &path, Some(admission()))
                .await;
            check(
                format!("file an inpatient report as {role:?} (own: {own})"),
                status,
                want,
            );
        }
        let counts = json!({
            "pcr_performed": 3, "pcr_positive": 1, "antigen_performed": 2, "antigen_positive": 0
        });
        for (what, method, path, body, allowed) in [
            (
                "the inpatients",
                Method::GET,
                "/api/staff/inpatients",
                None,
                &[InstitutionStaff][..],
            ),
            (
                "the test counts",
                Method::GET,
                "/api/staff/test-counts",
                None,
                &[InstitutionStaff][..],
            ),
            (
                "file test counts",
                Method::PUT,
                "/api/staff/test-counts/2026-11-23",
                Some(counts),
                &[InstitutionStaff][..],
            ),
            (
                "the test-count summary",
                Method::GET,
                "/api/staff/test-counts/summary?level=prefecture",
                None,
                &[HcStaff][..],
            ),
            (
                "the test-count CSV",
                Method::GET,
                "/api/staff/test-counts/summary.csv",
                None,
                &[HcStaff][..],
            ),
        ] {
            let status = d.call(d.client(role), method, path, body).await;
            check(
                format!("{what} as {role:?}"),
                status,
                expected(allowed, role, true),
            );
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[tokio::test]
async fn the_matrix_covers_every_staff_operation_the_api_documents() {
    let app = TestApp::spawn().await.unwrap();
    let documented: Vec<(String, String)> = super::openapi::documented(&app)
        .await
        .into_iter()
        .filter(|(_, path)| path.starts_with("/api/staff/"))
        .collect();
    let known: Vec<(String, String)> = COVERED
        .iter()
        .chain(EVERY_ROLE)
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    let missing: Vec<_> = documented.iter().filter(|op| !known.contains(op)).collect();
    assert!(
        missing.is_empty(),
        "staff operations the policy matrix does not call: {missing:?}"
    );
}

/// A complete notification (発生届) of a person no other test files.
fn notification(n: u32) -> Value {
    json!({
        "patient_name": format!("届出 {n}"), "patient_kana": "トドケデ", "sex": "male",
        "birth_date": "1970-01-02", "address": "東京都", "phone": format!("080-0000-{n:04}"),
        "doctor_name": "医師", "diagnosis_date": "2026-11-23", "specimen_date": "2026-11-23",
        "onset_date": "2026-11-22", "test_method": "antigen_qualitative",
        "test_result": "positive", "severity": "mild"
    })
}

/// What a role should get for a request on a notification: outside the caller's scope (an
/// institution's own, a health centre's submitted ones) it is not found whatever the role, and
/// only within the scope does the role decide between success and 403.
fn expected_on_notification(allowed: &[StaffRole], role: StaffRole, own: bool) -> &'static str {
    let in_scope = own && matches!(role, InstitutionStaff | HcStaff);
    match (in_scope, allowed.contains(&role)) {
        (false, _) => "404",
        (true, true) => "2xx",
        (true, false) => "403",
    }
}

#[tokio::test]
async fn case_notifications_as_every_role_on_own_and_other_notifications() {
    let d = Deployment::create().await;
    let institution = d.client(InstitutionStaff).clone();
    let hc = d.client(HcStaff).clone();
    // Another prefecture's institution, filing to its own health centre.
    let far = org(
        &d.app,
        OrgKind::Institution,
        "Far hospital",
        Some(d.other_centre),
    )
    .await;
    let far_staff = user(&d.app, far, "inst.far", InstitutionStaff).await;
    let far_client = staff_client(&d.app, &far_staff).await.unwrap();
    let counter = std::sync::atomic::AtomicU32::new(0);
    // A notification filed by `client` and taken to `stage`: its id.
    let file = |client: Client, stage: &'static str| {
        let n = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let (d, hc) = (&d, hc.clone());
        async move {
            let base = "/api/staff/case-notifications";
            let response = client
                .post(d.app.url(base))
                .json(&notification(n))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 201);
            let id = response.json::<Value>().await.unwrap()["summary"]["id"]
                .as_i64()
                .unwrap();
            if stage != "draft" {
                let path = format!("{base}/{id}/submit");
                assert_eq!(d.call(&client, Method::POST, &path, None).await, 200);
            }
            if stage == "returned" {
                // The far institution's centre has no client here; only ours are returned.
                let path = format!("{base}/{id}/return");
                let body = Some(json!({"comment": "確認してください"}));
                assert_eq!(d.call(&hc, Method::POST, &path, body).await, 200);
            }
            id
        }
    };
    let mut wrong = Vec::new();
    for role in ROLES {
        let client = d.client(role);
        let base = "/api/staff/case-notifications";
        for (what, method, path, body, allowed) in [
            (
                "the form's defaults",
                Method::GET,
                format!("{base}/defaults"),
                None,
                &[InstitutionStaff][..],
            ),
            (
                "the list",
                Method::GET,
                base.to_owned(),
                None,
                &[InstitutionStaff, HcStaff][..],
            ),
            (
                "file a draft",
                Method::POST,
                base.to_owned(),
                Some(notification(9000)),
                &[InstitutionStaff][..],
            ),
        ] {
            let status = d.call(client, method, &path, body).await;
            let want = expected(allowed, role, true);
            if seen(status) != want {
                wrong.push(format!("{what} as {role:?}: {status}, expected {want}"));
            }
        }
        for own in [true, false] {
            let filer = if own {
                institution.clone()
            } else {
                far_client.clone()
            };
            // The far notification stays submitted: nobody here may return it.
            let returned_stage = if own { "returned" } else { "submitted" };
            let calls = [
                (
                    "read",
                    Method::GET,
                    "",
                    None,
                    "submitted",
                    &[InstitutionStaff, HcStaff][..],
                ),
                (
                    "correct",
                    Method::PUT,
                    "",
                    Some(notification(9001)),
                    returned_stage,
                    &[InstitutionStaff][..],
                ),
                (
                    "submit",
                    Method::POST,
                    "/submit",
                    None,
                    returned_stage,
                    &[InstitutionStaff][..],
                ),
                (
                    "accept",
                    Method::POST,
                    "/accept",
                    Some(json!({})),
                    "submitted",
                    &[HcStaff][..],
                ),
                (
                    "return",
                    Method::POST,
                    "/return",
                    Some(json!({"comment": "再確認"})),
                    "submitted",
                    &[HcStaff][..],
                ),
            ];
            for (what, method, suffix, body, stage, allowed) in calls {
                let id = file(filer.clone(), stage).await;
                let path = format!("{base}/{id}{suffix}");
                let status = d.call(client, method, &path, body).await;
                let want = expected_on_notification(allowed, role, own);
                if seen(status) != want {
                    wrong.push(format!(
                        "{what} a notification as {role:?} (own: {own}): {status}, expected {want}"
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}
