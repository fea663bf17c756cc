//! Organisation settings: administrators read and change the scheduler times and
//! notification address of organisations in their prefecture; validation per field; the
//! cut-off job follows a changed cut-off.

use super::problem;
use chrono::Duration;
use mimamori_server::entities::{audit_log, staff_notification};
use mimamori_server::services::setup;
use mimamori_shared::api::admin::OrgKind;
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::api::org_settings::OrgSettingsView;
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{STAFF_PASSWORD, World, staff_client};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

struct Admins {
    app: TestApp,
    world: World,
    admin: reqwest::Client,
    other_org: i64,
}

/// The world's health centre under a prefecture with an administrator, and another
/// prefecture's follow-up organisation.
async fn admins() -> Admins {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let now = app.now();
    let prefecture = setup::create_org(&app.db, OrgKind::Prefecture, "Pref A", None, None, now)
        .await
        .unwrap();
    app.db
        .execute_unprepared(&format!(
            "UPDATE organisation SET parent_id = {} WHERE id = {}",
            prefecture.id, world.health_centre_id
        ))
        .await
        .unwrap();
    let other_pref = setup::create_org(&app.db, OrgKind::Prefecture, "Pref B", None, None, now)
        .await
        .unwrap();
    let other_centre = setup::create_org(
        &app.db,
        OrgKind::HealthCentre,
        "Other centre",
        Some(other_pref.id),
        None,
        now,
    )
    .await
    .unwrap();
    let other_org = setup::create_org(
        &app.db,
        OrgKind::FollowupOrg,
        "Clinic C",
        Some(other_centre.id),
        None,
        now,
    )
    .await
    .unwrap();
    let admin = setup::create_staff(
        &app.db,
        &app.keys,
        prefecture.id,
        "admin.a",
        "admin.a",
        StaffRole::Admin,
        STAFF_PASSWORD,
        now,
    )
    .await
    .unwrap();
    let admin = staff_client(&app, &admin).await.unwrap();
    Admins {
        app,
        world,
        admin,
        other_org: other_org.id,
    }
}

fn path(org: i64) -> String {
    format!("/api/staff/admin/orgs/{org}/settings")
}

fn form() -> Value {
    json!({
        "notify_email": "desk@clinic-a.example",
        "quiet_start": "22:00",
        "quiet_end": "07:30",
        "second_nudge_minutes": 45,
        "afternoon_reminder": "15:30",
        "cutoff": "10:30",
        "afternoon_cutoff": "19:00",
        "report_time": "16:00"
    })
}

async fn put(a: &Admins, client: &reqwest::Client, org: i64, body: &Value) -> reqwest::Response {
    client
        .put(a.app.url(&path(org)))
        .json(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_administrator_reads_the_defaults_and_changes_them() {
    let a = admins().await;
    let response = a
        .admin
        .get(a.app.url(&path(a.world.org_a)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let defaults: OrgSettingsView = response.json().await.unwrap();
    assert!(!defaults.customised);
    assert_eq!(
        (defaults.cutoff.as_str(), defaults.afternoon_cutoff.as_str()),
        ("12:00", "18:00")
    );
    assert_eq!(defaults.second_nudge_minutes, 60);
    assert_eq!(defaults.time_zone, "Asia/Tokyo");

    let response = put(&a, &a.admin, a.world.org_a, &form()).await;
    assert_eq!(response.status(), 200);
    let saved: OrgSettingsView = response.json().await.unwrap();
    assert!(saved.customised);
    assert_eq!(saved.notify_email.as_deref(), Some("desk@clinic-a.example"));
    assert_eq!(
        (saved.cutoff.as_str(), saved.quiet_end.as_str()),
        ("10:30", "07:30")
    );
    assert_eq!(saved.second_nudge_minutes, 45);
    let again: OrgSettingsView = a
        .admin
        .get(a.app.url(&path(a.world.org_a)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again, saved);
    // A second change replaces the first.
    let mut changed = form();
    changed["notify_email"] = json!("");
    let saved: OrgSettingsView = put(&a, &a.admin, a.world.org_a, &changed)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(saved.notify_email, None);

    let audited = audit_log::Entity::find()
        .filter(audit_log::Column::Action.is_in(["org_settings.read", "org_settings.update"]))
        .all(&a.app.db)
        .await
        .unwrap();
    assert_eq!(audited.len(), 4);
    assert!(
        audited
            .iter()
            .all(|e| e.detail.as_deref() == Some(&format!("org:{}", a.world.org_a)[..]))
    );
}

#[tokio::test]
async fn each_bad_field_gets_its_own_error_and_nothing_is_stored() {
    let a = admins().await;
    let mut bad = form();
    bad["quiet_start"] = json!("7:00");
    bad["second_nudge_minutes"] = json!(241);
    bad["afternoon_cutoff"] = json!("10:00");
    bad["report_time"] = json!("25:00");
    bad["notify_email"] = json!("not-an-address");
    let response = put(&a, &a.admin, a.world.org_a, &bad).await;
    assert_eq!(response.status(), 422);
    let problem = problem(response).await;
    for (field, code) in [
        ("quiet_start", "time_format"),
        ("second_nudge_minutes", "out_of_range"),
        ("afternoon_cutoff", "before_cutoff"),
        ("report_time", "time_format"),
        ("notify_email", "email_format"),
    ] {
        assert_eq!(problem.field(field).unwrap().code, code, "{field}");
    }
    let mut low = form();
    low["second_nudge_minutes"] = json!(4);
    let response = put(&a, &a.admin, a.world.org_a, &low).await;
    assert_eq!(response.status(), 422);
    let response = a
        .admin
        .put(a.app.url(&path(a.world.org_a)))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let view: OrgSettingsView = a
        .admin
        .get(a.app.url(&path(a.world.org_a)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!view.customised);
}

#[tokio::test]
async fn other_prefectures_are_not_found_and_other_roles_are_refused() {
    let a = admins().await;
    assert_eq!(
        a.admin
            .get(a.app.url(&path(a.other_org)))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(put(&a, &a.admin, a.other_org, &form()).await.status(), 404);
    assert_eq!(put(&a, &a.admin, 999_999, &form()).await.status(), 404);
    let doctor = staff_client(&a.app, &a.world.doctor_a).await.unwrap();
    assert_eq!(
        doctor
            .get(a.app.url(&path(a.world.org_a)))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(put(&a, &doctor, a.world.org_a, &form()).await.status(), 403);
}

#[tokio::test]
async fn the_cut_off_job_follows_a_changed_cut_off() {
    let a = admins().await;
    assert_eq!(
        put(&a, &a.admin, a.world.org_a, &form()).await.status(),
        200
    );
    // 10:31 in Tokyo: past organisation A's cut-off of 10:30, before B's default 12:00.
    a.app
        .clock
        .set(mimamori_tests::test_epoch() + Duration::minutes(31));
    let (summary, _) = a.app.tick().await.unwrap();
    assert_eq!(summary.cutoff_summaries, 1);
    let rows = staff_notification::Entity::find()
        .filter(staff_notification::Column::Kind.eq("cutoff_summary"))
        .all(&a.app.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 2, "the nurse and the doctor of A");
    assert!(rows.iter().all(|row| row.organisation_id == a.world.org_a));
}
