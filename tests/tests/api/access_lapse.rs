//! The lapse of a follow-up organisation's access (docs/security.md): N days
//! (`MIMAMORI_FOLLOWUP_ACCESS_DAYS`, 30 by default) after a case ends, or after the
//! organisation's contract with the case's health centre ends, the organisation no longer reads
//! the case; a doctor of it may still amend a finding it wrote, which reaches the health centre.

use super::problem;
use mimamori_server::db;
use mimamori_server::entities::{audit_log, patient_case, staff_user};
use mimamori_server::services::setup;
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::api::cases::CaseView;
use mimamori_shared::api::findings::FindingView;
use mimamori_shared::api::staff_notifications::NotificationKind;
use mimamori_tests::fixtures::{STAFF_PASSWORD, World, staff_client};
use mimamori_tests::{Options, TestApp, test_limits};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

struct Lapse {
    app: TestApp,
    world: World,
    hc: staff_user::Model,
}

async fn lapse(access_days: u32) -> Lapse {
    let mut limits = test_limits();
    limits.followup_access_days = access_days;
    let app = TestApp::spawn_with(Options {
        limits: Some(limits),
        ..Options::default()
    })
    .await
    .unwrap();
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
    Lapse { app, world, hc }
}

impl Lapse {
    fn url(&self, rest: &str) -> String {
        self.app
            .url(&format!("/api/staff/cases/{}{rest}", self.world.case.id))
    }

    /// The case record's status for `who`, signing in afresh (days pass between the calls).
    async fn reads_case(&self, who: &staff_user::Model) -> u16 {
        let client = staff_client(&self.app, who).await.unwrap();
        let response = client.get(self.url("")).send().await.unwrap();
        response.status().as_u16()
    }

    async fn finding_by(&self, doctor: &staff_user::Model) -> FindingView {
        let client = staff_client(&self.app, doctor).await.unwrap();
        let response = client
            .post(self.url("/findings"))
            .json(&json!({"assessment": "安定", "plan": "経過観察"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        response.json().await.unwrap()
    }

    async fn amend(&self, who: &staff_user::Model, finding: &FindingView) -> reqwest::Response {
        let client = staff_client(&self.app, who).await.unwrap();
        client
            .post(self.url(&format!("/findings/{}/amendments", finding.id)))
            .json(&json!({"assessment": "後日の検査結果で肺炎像あり", "plan": "保健所へ共有"}))
            .send()
            .await
            .unwrap()
    }

    async fn end_case(&self) {
        let hc = staff_client(&self.app, &self.hc).await.unwrap();
        let response = hc
            .post(self.url("/end"))
            .json(&json!({"reason": "period_completed"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }

    async fn audited(&self, action: &str) -> usize {
        audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq(action))
            .filter(audit_log::Column::CaseId.eq(self.world.case.id))
            .all(&self.app.db)
            .await
            .unwrap()
            .len()
    }
}

#[tokio::test]
async fn a_follow_up_organisation_reads_an_ended_case_for_thirty_days_then_no_more() {
    let s = lapse(30).await;
    let finding = s.finding_by(&s.world.doctor_a).await;
    s.end_case().await;

    s.app.advance(chrono::Duration::days(29));
    assert_eq!(s.reads_case(&s.world.nurse_a).await, 200, "day 29");
    assert_eq!(s.reads_case(&s.world.doctor_a).await, 200, "day 29");
    let amended = s.amend(&s.world.doctor_a, &finding).await;
    assert_eq!(
        amended.status(),
        201,
        "an ended case's findings may be amended"
    );
    assert_eq!(s.audited("finding.amend").await, 1);

    s.app.advance(chrono::Duration::days(1));
    assert_eq!(s.reads_case(&s.world.nurse_a).await, 404, "day 30");
    assert_eq!(s.reads_case(&s.world.doctor_a).await, 404, "day 30");
    let nurse = staff_client(&s.app, &s.world.nurse_a).await.unwrap();
    let call = nurse
        .post(s.url("/calls"))
        .json(&json!({"outcome": "reached", "note": ""}))
        .send()
        .await
        .unwrap();
    assert_eq!(call.status(), 404, "nor act on it");
    let inpatient = nurse.get(s.url("/inpatient-reports")).send().await.unwrap();
    assert_eq!(inpatient.status(), 404, "nor its inpatient reports");
    assert_eq!(
        s.reads_case(&s.hc).await,
        200,
        "the health centre keeps the record"
    );
}

#[tokio::test]
async fn after_the_lapse_only_an_amendment_by_the_organisations_doctor_goes_through_to_the_health_centre()
 {
    let s = lapse(30).await;
    let finding = s.finding_by(&s.world.doctor_a).await;
    s.end_case().await;
    s.app.advance(chrono::Duration::days(31));
    assert_eq!(s.reads_case(&s.world.doctor_a).await, 404);

    let nurse = s.amend(&s.world.nurse_a, &finding).await;
    assert_eq!(nurse.status(), 404, "a nurse writes no findings");
    let stranger = s.amend(&s.world.doctor_b, &finding).await;
    assert_eq!(
        stranger.status(),
        404,
        "another organisation's doctor learns nothing"
    );
    let made_up = FindingView {
        id: mimamori_shared::ids::FindingId(finding.id.0 + 1_000),
        ..finding.clone()
    };
    let missing = s.amend(&s.world.doctor_a, &made_up).await;
    assert_eq!(missing.status(), 404);
    assert_eq!(problem(missing).await.code, "not_found");

    let response = s.amend(&s.world.doctor_a, &finding).await;
    assert_eq!(response.status(), 201);
    let amendment: FindingView = response.json().await.unwrap();
    assert_eq!(amendment.amends_id, Some(finding.id));
    assert_eq!(s.audited("finding.amend_after_lapse").await, 1);
    assert_eq!(
        s.reads_case(&s.world.doctor_a).await,
        404,
        "amending opens nothing"
    );

    let hc = staff_client(&s.app, &s.hc).await.unwrap();
    let notices = super::staff_notifications::notifications(&s.app, &hc, "").await;
    let told: Vec<_> = notices
        .items
        .iter()
        .filter(|n| n.kind == NotificationKind::AmendedAfterLapse)
        .collect();
    assert_eq!(told.len(), 1, "the health centre is told");
    assert_eq!(told[0].case_id.map(|id| id.0), Some(s.world.case.id));
    assert_eq!(told[0].organisation_name.as_deref(), Some("Clinic A"));
    let record: CaseView = hc
        .get(s.url(""))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(record.findings[0].id, finding.id);
    assert_eq!(
        record.findings[0].amendments[0].id, amendment.id,
        "the health centre's record holds the amendment"
    );
}

#[tokio::test]
async fn the_number_of_days_is_a_setting() {
    let s = lapse(7).await;
    s.end_case().await;
    s.app.advance(chrono::Duration::days(6));
    assert_eq!(s.reads_case(&s.world.nurse_a).await, 200, "day 6 of 7");
    s.app.advance(chrono::Duration::days(1));
    assert_eq!(s.reads_case(&s.world.nurse_a).await, 404, "day 7 of 7");
}

#[tokio::test]
async fn access_lapses_after_the_contract_ends_even_before_the_case_does() {
    let s = lapse(30).await;
    let contract = db::contracts::insert(
        &s.app.db,
        s.world.org_a,
        s.world.health_centre_id,
        s.app.now(),
    )
    .await
    .unwrap();
    // Arranged directly: the console refuses to end a contract while its cases are under
    // follow-up, but the rule of access does not lean on that refusal.
    db::contracts::set_ended(&s.app.db, contract.id, Some(s.app.now()))
        .await
        .unwrap();
    s.app.advance(chrono::Duration::days(29));
    assert_eq!(s.reads_case(&s.world.nurse_a).await, 200, "day 29");
    s.app.advance(chrono::Duration::days(1));
    assert_eq!(s.reads_case(&s.world.nurse_a).await, 404, "day 30");
    let case = patient_case::Entity::find_by_id(s.world.case.id)
        .one(&s.app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(case.ended_at, None, "the case itself goes on");
    assert_eq!(s.reads_case(&s.hc).await, 200);

    // A new contract puts the organisation's access back.
    let admin_reopen = db::contracts::set_ended(&s.app.db, contract.id, None).await;
    admin_reopen.unwrap();
    assert_eq!(s.reads_case(&s.world.nurse_a).await, 200);
}

#[tokio::test]
async fn a_running_case_under_a_contract_in_force_is_never_cut_off() {
    let s = lapse(30).await;
    db::contracts::insert(
        &s.app.db,
        s.world.org_a,
        s.world.health_centre_id,
        s.app.now(),
    )
    .await
    .unwrap();
    s.app.advance(chrono::Duration::days(400));
    assert_eq!(s.reads_case(&s.world.nurse_a).await, 200);
}
