//! The audit log: sealed into a hash chain by the running server, verified, and read by
//! administrators within their part of the organisation tree.

use super::problem;
use mimamori_server::entities::staff_user;
use mimamori_server::services::{audit_chain, setup};
use mimamori_shared::api::admin::OrgKind;
use mimamori_shared::api::audit::AuditList;
use mimamori_shared::api::auth::StaffRole;
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{STAFF_PASSWORD, World, staff_client};
use sea_orm::ConnectionTrait;
use std::time::Duration as StdDuration;

/// The one row `sql` answers.
async fn one_row(app: &TestApp, sql: &str) -> sea_orm::QueryResult {
    app.db
        .query_one_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            sql,
        ))
        .await
        .unwrap()
        .unwrap()
}

/// Waits until the server's sealer has chained every entry (it runs every second).
async fn sealed(app: &TestApp) -> audit_chain::Verification {
    for _ in 0..50 {
        let total = one_row(app, "SELECT COUNT(*) AS n FROM audit_log")
            .await
            .try_get::<i64>("", "n")
            .unwrap();
        let verification = audit_chain::verify(&app.db, &app.keys, app.now())
            .await
            .unwrap();
        if verification.checked == u64::try_from(total).unwrap() {
            return verification;
        }
        tokio::time::sleep(StdDuration::from_millis(200)).await;
    }
    panic!("the sealer did not seal every entry within 10 s");
}

async fn read_case(app: &TestApp, client: &reqwest::Client, case_id: i64) {
    let response = client
        .get(app.url(&format!("/api/staff/cases/{case_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn the_running_server_seals_entries_and_verify_finds_edits_and_deletions() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let doctor = staff_client(&app, &world.doctor_a).await.unwrap();
    for _ in 0..3 {
        read_case(&app, &doctor, world.case.id).await;
    }
    let intact = sealed(&app).await;
    assert!(intact.is_intact(), "{:?}", intact.breaks);
    assert!(intact.checked >= 4, "sign-in and three reads");
    assert_eq!(intact.head_hash.len(), 64);

    // Someone with database access rewrites who read the case.
    app.db
        .execute_unprepared("UPDATE audit_log SET actor_id = actor_id + 1 WHERE seq = 2")
        .await
        .unwrap();
    let edited = audit_chain::verify(&app.db, &app.keys, app.now())
        .await
        .unwrap();
    assert!(!edited.is_intact());
    assert_eq!(edited.breaks.len(), 1, "{:?}", edited.breaks);
    assert_eq!(edited.breaks[0].seq, 2);
    assert!(edited.breaks[0].problem.contains("edited"));

    app.db
        .execute_unprepared("UPDATE audit_log SET actor_id = actor_id - 1 WHERE seq = 2")
        .await
        .unwrap();
    assert!(
        audit_chain::verify(&app.db, &app.keys, app.now())
            .await
            .unwrap()
            .is_intact()
    );
    app.db
        .execute_unprepared("DELETE FROM audit_log WHERE seq = 3")
        .await
        .unwrap();
    let deleted = audit_chain::verify(&app.db, &app.keys, app.now())
        .await
        .unwrap();
    assert!(!deleted.is_intact());
    assert!(
        deleted.breaks.iter().all(|b| b.seq == 4),
        "{:?}",
        deleted.breaks
    );
    assert!(deleted.breaks.iter().any(|b| b.problem.contains("missing")));
}

/// More entries than one batch (500) are sealed into one unbroken chain, each batch in one
/// statement, wherever the running server's sealer and this one take turns.
#[tokio::test]
async fn entries_beyond_one_batch_are_sealed_in_one_chain() {
    use mimamori_server::entities::audit_log;
    use sea_orm::{EntityTrait, Set};
    let app = TestApp::spawn().await.unwrap();
    let now = app.now();
    let entries = (0..1_201_i64).map(|i| audit_log::ActiveModel {
        at: Set(now),
        actor_kind: Set("system".to_owned()),
        action: Set("load.test".to_owned()),
        case_id: Set(Some(i % 7)),
        ..Default::default()
    });
    audit_log::Entity::insert_many(entries)
        .exec(&app.db)
        .await
        .unwrap();
    audit_chain::seal_pending(&app.db, &app.keys).await.unwrap();
    let chain = sealed(&app).await;
    assert!(chain.is_intact(), "{:?}", chain.breaks);
    assert!(chain.checked >= 1_201, "{}", chain.checked);
    let positions = one_row(
        &app,
        "SELECT COUNT(DISTINCT seq) AS n, MIN(seq) AS low, MAX(seq) AS high FROM audit_log",
    )
    .await;
    let n: i64 = positions.try_get("", "n").unwrap();
    assert_eq!(n, i64::try_from(chain.checked).unwrap());
    assert_eq!(positions.try_get::<i64>("", "low").unwrap(), 1);
    assert_eq!(positions.try_get::<i64>("", "high").unwrap(), n);
}

/// A prefecture above the world's health centre, another prefecture beside it, the deployment
/// above both, and an administrator of each.
struct Admins {
    prefecture: staff_user::Model,
    other_prefecture: staff_user::Model,
    deployment: staff_user::Model,
}

async fn admins(app: &TestApp, world: &World) -> Admins {
    let now = app.now();
    let db = &app.db;
    let root = setup::create_org(db, OrgKind::Deployment, "Deployment", None, None, now)
        .await
        .unwrap();
    let prefecture = setup::create_org(db, OrgKind::Prefecture, "Pref A", Some(root.id), None, now)
        .await
        .unwrap();
    let other = setup::create_org(db, OrgKind::Prefecture, "Pref B", Some(root.id), None, now)
        .await
        .unwrap();
    db.execute_unprepared(&format!(
        "UPDATE organisation SET parent_id = {} WHERE id = {}",
        prefecture.id, world.health_centre_id
    ))
    .await
    .unwrap();
    let keys = &app.keys;
    let admin = |org, login: &'static str| async move {
        setup::create_staff(
            db,
            keys,
            org,
            login,
            login,
            StaffRole::Admin,
            STAFF_PASSWORD,
            now,
        )
        .await
        .unwrap()
    };
    Admins {
        prefecture: admin(prefecture.id, "admin.a").await,
        other_prefecture: admin(other.id, "admin.b").await,
        deployment: admin(root.id, "admin.root").await,
    }
}

async fn audit_page(app: &TestApp, client: &reqwest::Client, query: &str) -> AuditList {
    let response = client
        .get(app.url(&format!("/api/staff/admin/audit{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{query}");
    response.json().await.unwrap()
}

#[tokio::test]
async fn administrators_read_the_entries_of_their_own_organisations_only() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let admins = admins(&app, &world).await;
    let doctor = staff_client(&app, &world.doctor_a).await.unwrap();
    read_case(&app, &doctor, world.case.id).await;

    let admin = staff_client(&app, &admins.prefecture).await.unwrap();
    let query = format!("?action=case.read&case_id={}", world.case.id);
    let page = audit_page(&app, &admin, &query).await;
    assert_eq!(page.items.len(), 1);
    let entry = &page.items[0];
    assert_eq!(entry.actor_login.as_deref(), Some("doctor.a"));
    assert_eq!(entry.role.as_deref(), Some("followup_doctor"));
    assert_eq!(entry.organisation_id.map(|o| o.0), Some(world.org_a));
    assert_eq!(entry.client_addr.as_deref(), Some("127.0.0.1"));
    let by_actor = audit_page(&app, &admin, "?actor=doctor.a&action=case.read").await;
    assert_eq!(by_actor.items.len(), 1);
    let nobody = audit_page(&app, &admin, "?actor=no.such.user").await;
    assert!(nobody.items.is_empty());
    let day = app.now().date_naive();
    let dated = audit_page(&app, &admin, &format!("{query}&from={day}&to={day}")).await;
    assert_eq!(dated.items.len(), 1);
    let before = day.pred_opt().unwrap();
    let earlier = audit_page(&app, &admin, &format!("{query}&to={before}")).await;
    assert!(earlier.items.is_empty());

    // Pages: newest first, each entry once.
    let first = audit_page(&app, &admin, "?limit=1").await;
    assert_eq!(first.items.len(), 1);
    let cursor = first.next.expect("more entries than one");
    let second = audit_page(&app, &admin, &format!("?limit=1&before={cursor}")).await;
    assert!(second.items[0].id < first.items[0].id);

    // Another prefecture's administrator sees nothing of it; the deployment's sees it.
    let other = staff_client(&app, &admins.other_prefecture).await.unwrap();
    assert!(audit_page(&app, &other, &query).await.items.is_empty());
    let root = staff_client(&app, &admins.deployment).await.unwrap();
    assert_eq!(audit_page(&app, &root, &query).await.items.len(), 1);

    // Reading the log is itself in the log.
    let reads = audit_page(&app, &root, "?action=audit.read&actor=admin.a").await;
    assert!(reads.items.len() >= 5, "{}", reads.items.len());
}

#[tokio::test]
async fn the_audit_view_refuses_other_roles_and_bad_filters() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let admins = admins(&app, &world).await;
    let doctor = staff_client(&app, &world.doctor_a).await.unwrap();
    let response = doctor
        .get(app.url("/api/staff/admin/audit"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(problem(response).await.code, "forbidden");

    let admin = staff_client(&app, &admins.prefecture).await.unwrap();
    for (query, field) in [
        ("?limit=0", "limit"),
        ("?limit=201", "limit"),
        ("?limit=ten", "limit"),
        ("?from=2026-11-20&to=2026-11-19", "to"),
        ("?from=yesterday", "from"),
        ("?case_id=abc", "case_id"),
    ] {
        let response = admin
            .get(app.url(&format!("/api/staff/admin/audit{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422, "{query}");
        let problem = problem(response).await;
        let errors = problem.errors;
        assert_eq!(errors[0].field, field, "{query}");
    }
}

#[tokio::test]
async fn denied_accesses_are_audited_and_sign_in_failures_carry_the_organisation() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let admins = admins(&app, &world).await;
    // A doctor of another organisation asks for the case: 404, as for a case that does not
    // exist, and the log says who asked for which case.
    let outsider = staff_client(&app, &world.doctor_b).await.unwrap();
    let response = outsider
        .get(app.url(&format!("/api/staff/cases/{}", world.case.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    // A patient asks for another case's reports.
    let other_case =
        mimamori_tests::fixtures::add_case(&app, world.health_centre_id, world.org_a, "OTHER-1")
            .await
            .unwrap();
    let patient = mimamori_tests::fixtures::patient_client(&app, world.case.id)
        .await
        .unwrap();
    let response = patient
        .get(app.url(&format!("/api/patient/cases/{}/reports", other_case.id)))
        .send()
        .await
        .unwrap();
    assert!(
        [403, 404].contains(&response.status().as_u16()),
        "{}",
        response.status()
    );
    // A wrong password for a known login ID.
    let response = app
        .client()
        .post(app.url("/api/staff/session"))
        .json(&serde_json::json!({"login_id": "nurse.a", "password": "wrong password!", "totp_code": ""}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);

    let admin = staff_client(&app, &admins.prefecture).await.unwrap();
    let denied = audit_page(&app, &admin, "?action=access.denied").await;
    let staff_denial = denied
        .items
        .iter()
        .find(|e| e.actor_login.as_deref() == Some("doctor.b"))
        .expect("the outsider's denial");
    assert_eq!(staff_denial.case_id.map(|c| c.0), Some(world.case.id));
    assert_eq!(staff_denial.organisation_id.map(|o| o.0), Some(world.org_b));
    assert_eq!(
        staff_denial.detail.as_deref(),
        Some("status:404 GET /api/staff/cases/{case_id}")
    );
    let patient_denials = one_row(
        &app,
        &format!(
            "SELECT count(*) AS n FROM audit_log WHERE action = 'access.denied' \
             AND actor_kind = 'patient' AND case_id = {}",
            other_case.id
        ),
    )
    .await;
    assert_eq!(patient_denials.try_get::<i64>("", "n").unwrap(), 1);

    let failures = audit_page(&app, &admin, "?action=staff.sign_in_failed&actor=nurse.a").await;
    assert_eq!(
        failures.items.len(),
        1,
        "the prefecture's administrator sees it"
    );
    assert_eq!(
        failures.items[0].organisation_id.map(|o| o.0),
        Some(world.org_a)
    );
    let other = staff_client(&app, &admins.other_prefecture).await.unwrap();
    let elsewhere = audit_page(&app, &other, "?action=staff.sign_in_failed").await;
    assert!(elsewhere.items.is_empty(), "another prefecture's does not");
}
