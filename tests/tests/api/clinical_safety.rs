//! Clinical safety (docs/triage.md): corrections are versions that are judged again, unreview a
//! reviewed report and re-alert when red; the review gate holds a case whose period is over
//! while signs say a person must decide; a doctor's own thresholds and the pulse rules judge
//! reports; an unknown stored flag is never shown as "no flag".

use super::problem;
use chrono::Duration;
use mimamori_server::entities::{health_report, patient_case, staff_notification, staff_user};
use mimamori_server::services::setup;
use mimamori_shared::api::auth::{PatientMe, StaffRole};
use mimamori_shared::api::cases::{CaseStatus, CaseView};
use mimamori_shared::api::reports::{EnteredBy, ReportVersionList, ReportView};
use mimamori_shared::api::worklist::{Bucket, WorkList};
use mimamori_shared::end_review::EndReviewSign;
use mimamori_shared::triage::{Flag, RULESET_VERSION};
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{STAFF_PASSWORD, World, patient_client, report_body, staff_client};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

/// A world with a signed-in patient, nurse, doctor and health-centre staff member.
pub(crate) struct Safety {
    pub app: TestApp,
    pub world: World,
    pub patient: reqwest::Client,
    pub nurse: reqwest::Client,
    pub doctor: reqwest::Client,
    pub hc: reqwest::Client,
}

impl Safety {
    pub async fn new() -> Self {
        let app = TestApp::spawn().await.unwrap();
        let world = World::create(&app).await.unwrap();
        let hc_user = setup::create_staff(
            &app.db,
            &app.keys,
            world.health_centre_id,
            "hc.safety",
            "hc.safety",
            StaffRole::HcStaff,
            STAFF_PASSWORD,
            app.now(),
        )
        .await
        .unwrap();
        let patient = patient_client(&app, world.case.id).await.unwrap();
        let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
        let doctor = staff_client(&app, &world.doctor_a).await.unwrap();
        let hc = staff_client(&app, &hc_user).await.unwrap();
        Self {
            app,
            world,
            patient,
            nurse,
            doctor,
            hc,
        }
    }

    pub fn case_id(&self) -> i64 {
        self.world.case.id
    }

    pub fn staff_url(&self, rest: &str) -> String {
        self.app
            .url(&format!("/api/staff/cases/{}{rest}", self.case_id()))
    }

    pub fn patient_url(&self, rest: &str) -> String {
        self.app
            .url(&format!("/api/patient/cases/{}{rest}", self.case_id()))
    }

    /// The patient sends a report; returns it.
    pub async fn report(&self, body: Value) -> ReportView {
        let response = self
            .patient
            .post(self.patient_url("/reports"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "{}", response.status());
        response.json().await.unwrap()
    }

    /// The patient corrects a report; returns the answer.
    pub async fn patient_correct(&self, id: i64, body: Value) -> reqwest::Response {
        self.patient
            .put(self.patient_url(&format!("/reports/{id}")))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// Staff correct a report; returns the answer.
    pub async fn staff_correct(
        &self,
        client: &reqwest::Client,
        id: i64,
        body: Value,
    ) -> reqwest::Response {
        client
            .put(self.staff_url(&format!("/reports/{id}")))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// Marks every report of the case reviewed.
    pub async fn review_all(&self) {
        let response = self
            .nurse
            .post(self.staff_url("/reviews"))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }

    /// The case record as `client` sees it.
    pub async fn case(&self, client: &reqwest::Client) -> CaseView {
        let response = client.get(self.staff_url("")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    /// The nurse's work list (first page).
    pub async fn worklist(&self) -> WorkList {
        let response = self
            .nurse
            .get(self.app.url("/api/staff/worklist"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    /// Red-report bell notifications of a staff member about this case.
    pub async fn red_notices(&self, staff: &staff_user::Model) -> u64 {
        staff_notification::Entity::find()
            .filter(staff_notification::Column::StaffId.eq(staff.id))
            .filter(staff_notification::Column::CaseId.eq(self.case_id()))
            .filter(staff_notification::Column::Kind.eq("red_report"))
            .count(&self.app.db)
            .await
            .unwrap()
    }

    /// Sets the case's follow-up end (to move the period without moving the clock, which
    /// would end every session).
    pub async fn set_followup_end(&self, days_from_today: i64) {
        let today = mimamori_server::services::time::local_date(
            self.app.now(),
            mimamori_server::services::time::DEFAULT_TZ,
        );
        patient_case::Entity::update_many()
            .col_expr(
                patient_case::Column::FollowupEnd,
                Expr::value(today + Duration::days(days_from_today)),
            )
            .filter(patient_case::Column::Id.eq(self.case_id()))
            .exec(&self.app.db)
            .await
            .unwrap();
    }

    pub async fn stored_case(&self) -> patient_case::Model {
        patient_case::Entity::find_by_id(self.case_id())
            .one(&self.app.db)
            .await
            .unwrap()
            .unwrap()
    }
}

fn body(spo2: Option<i64>) -> Value {
    report_body(36.6, spo2)
}

fn row_of(list: &WorkList, case_id: i64) -> &mimamori_shared::api::worklist::WorkListRow {
    list.items
        .iter()
        .find(|row| row.id.0 == case_id)
        .expect("the case is in the work list")
}

#[tokio::test]
async fn a_reviewed_report_corrected_to_spo2_91_is_red_unreviewed_notified_once_and_keeps_both_versions()
 {
    let s = Safety::new().await;
    let first = s.report(body(Some(97))).await;
    assert_eq!(first.flag, Flag::None);
    s.review_all().await;
    assert_eq!(
        row_of(&s.worklist().await, s.case_id()).bucket,
        Bucket::Rest
    );

    let response = s.patient_correct(first.id.0, body(Some(91))).await;
    assert_eq!(response.status(), 200);
    let corrected: ReportView = response.json().await.unwrap();
    assert_eq!(corrected.id, first.id, "a correction keeps the report");
    assert_eq!(corrected.flag, Flag::Red);
    assert_eq!(corrected.version, 2);
    assert!(!corrected.reviewed, "the review was of other values");

    let list = s.worklist().await;
    assert_eq!(
        list.items[0].id.0,
        s.case_id(),
        "at the top of the work list"
    );
    assert_eq!(list.items[0].bucket, Bucket::Red);
    assert!(list.items[0].latest.as_ref().unwrap().corrected);
    assert_eq!(s.red_notices(&s.world.nurse_a).await, 1);
    assert_eq!(s.red_notices(&s.world.doctor_a).await, 1);

    // The same values again (the app's queue resending) store nothing and ring nothing.
    let again = s.patient_correct(first.id.0, body(Some(91))).await;
    assert_eq!(again.status(), 200);
    let again: ReportView = again.json().await.unwrap();
    assert_eq!(again.version, 2);
    assert_eq!(s.red_notices(&s.world.nurse_a).await, 1);

    let versions: ReportVersionList = s
        .nurse
        .get(s.staff_url(&format!("/reports/{}/versions", first.id)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let spo2s: Vec<Option<u8>> = versions.items.iter().map(|v| v.spo2).collect();
    assert_eq!(spo2s, [Some(97), Some(91)]);
    assert!(
        versions.items[0].reviewed_at.is_some(),
        "v1 keeps its review"
    );
    assert!(versions.items[1].current);
    assert_eq!(versions.items[0].flag, Flag::None);

    // A second red correction is a new version: told once more.
    let third = s.patient_correct(first.id.0, body(Some(90))).await;
    assert_eq!(third.status(), 200);
    assert_eq!(s.red_notices(&s.world.nurse_a).await, 2);
}

#[tokio::test]
async fn a_correction_is_judged_against_the_report_before_it() {
    let s = Safety::new().await;
    let yesterday = s.report(body(Some(99))).await;
    assert_eq!(yesterday.flag, Flag::None);
    s.app.advance(Duration::days(1));
    let today = s.report(body(Some(98))).await;
    // 99 → 96 is a fall of 3: amber, compared with the report before, not with itself.
    let response = s.patient_correct(today.id.0, body(Some(96))).await;
    let corrected: ReportView = response.json().await.unwrap();
    assert_eq!(corrected.flag, Flag::Amber);
}

#[tokio::test]
async fn a_patient_cannot_correct_what_staff_entered_and_staff_corrections_are_marked() {
    let s = Safety::new().await;
    let stored = s.report(body(Some(97))).await;
    let response = s.staff_correct(&s.nurse, stored.id.0, body(Some(92))).await;
    assert_eq!(response.status(), 200);
    let corrected: ReportView = response.json().await.unwrap();
    assert_eq!(corrected.entered_by, EnteredBy::Staff);
    assert_eq!(corrected.flag, Flag::Red);
    // The nurse who entered it knows; the doctor on duty is told.
    assert_eq!(s.red_notices(&s.world.nurse_a).await, 0);
    assert_eq!(s.red_notices(&s.world.doctor_a).await, 1);

    let refused = s.patient_correct(stored.id.0, body(Some(98))).await;
    assert_eq!(refused.status(), 409);
    assert_eq!(problem(refused).await.code, "entered_by_staff");

    // Out of scope: another organisation's doctor gets 404.
    let other = staff_client(&s.app, &s.world.doctor_b).await.unwrap();
    let hidden = s.staff_correct(&other, stored.id.0, body(Some(98))).await;
    assert_eq!(hidden.status(), 404);
}

#[tokio::test]
async fn the_period_end_holds_a_case_with_an_unreviewed_red_and_a_person_ends_or_extends_it() {
    let s = Safety::new().await;
    let red = s.report(body(Some(92))).await;
    assert_eq!(red.flag, Flag::Red);
    s.set_followup_end(-1).await;
    s.app.tick().await.unwrap();

    let held = s.stored_case().await;
    assert_eq!(
        held.status,
        mimamori_shared::api::cases::CaseStatus::EndReview,
        "not ended over an unreviewed red"
    );
    let view = s.case(&s.doctor).await;
    assert_eq!(view.status, CaseStatus::EndReview);
    assert!(
        view.end_review_signs
            .contains(&EndReviewSign::UnreviewedRedOrAmber)
    );
    assert!(view.allowed.extend_follow_up && view.allowed.end_follow_up);
    // Red stays first; the held case is still on the list.
    assert_eq!(row_of(&s.worklist().await, s.case_id()).bucket, Bucket::Red);
    s.review_all().await;
    assert_eq!(
        row_of(&s.worklist().await, s.case_id()).bucket,
        Bucket::EndReview
    );
    // The patient may still report while a person decides.
    let more = s.report(body(Some(97))).await;
    assert_eq!(more.flag, Flag::None);

    // A nurse may not extend; a doctor extends with a reason.
    let refused = s
        .nurse
        .post(s.staff_url("/extend"))
        .json(&json!({"days": 3, "reason": "still breathless"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    let invalid = s
        .doctor
        .post(s.staff_url("/extend"))
        .json(&json!({"days": 0, "reason": ""}))
        .send()
        .await
        .unwrap();
    assert_eq!(invalid.status(), 422);
    let fields: Vec<String> = problem(invalid)
        .await
        .errors
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(fields, ["days", "reason"]);
    let extended = s
        .doctor
        .post(s.staff_url("/extend"))
        .json(&json!({"days": 3, "reason": "still breathless"}))
        .send()
        .await
        .unwrap();
    assert_eq!(extended.status(), 200);
    let extended: CaseView = extended.json().await.unwrap();
    assert_eq!(extended.status, CaseStatus::Active);
    assert!(extended.followup_end > held.followup_end);
    assert!(
        extended
            .events
            .iter()
            .any(|e| e.kind == mimamori_shared::api::cases::CaseEventKind::Extended)
    );
}

#[tokio::test]
async fn the_period_end_ends_a_calm_reviewed_case_and_holds_a_recent_fever() {
    let s = Safety::new().await;
    s.report(body(Some(98))).await;
    s.review_all().await;
    s.set_followup_end(-1).await;
    s.app.tick().await.unwrap();
    assert_eq!(
        s.stored_case().await.status,
        mimamori_shared::api::cases::CaseStatus::Ended
    );

    let f = Safety::new().await;
    f.report(report_body(37.6, Some(98))).await;
    f.review_all().await;
    f.set_followup_end(-1).await;
    f.app.tick().await.unwrap();
    let held = f.stored_case().await;
    assert_eq!(
        held.status,
        mimamori_shared::api::cases::CaseStatus::EndReview
    );
    let view = f.case(&f.hc).await;
    assert_eq!(view.end_review_signs, [EndReviewSign::RecentFever]);
    // The health centre ends it with a reason.
    let ended =
        f.hc.post(f.staff_url("/end"))
            .json(&json!({"reason": "period_completed", "note": "fever gone by phone"}))
            .send()
            .await
            .unwrap();
    assert_eq!(ended.status(), 200);
    assert_eq!(
        f.stored_case().await.status,
        mimamori_shared::api::cases::CaseStatus::Ended
    );
}

#[tokio::test]
async fn a_doctors_own_thresholds_judge_later_reports_and_reach_the_patient_app() {
    let s = Safety::new().await;
    let before = s.report(body(Some(91))).await;
    assert_eq!(before.flag, Flag::Red, "91 is red by the rule set");

    let refused = s
        .nurse
        .put(s.staff_url("/thresholds"))
        .json(&json!({"spo2_red_at_most": 88, "spo2_amber_at_most": 90, "reason": "COPD"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403, "only doctors set thresholds");
    let invalid = s
        .doctor
        .put(s.staff_url("/thresholds"))
        .json(&json!({"spo2_red_at_most": 90, "spo2_amber_at_most": 89, "reason": "COPD"}))
        .send()
        .await
        .unwrap();
    assert_eq!(invalid.status(), 422);
    assert_eq!(problem(invalid).await.errors[0].field, "spo2_amber_at_most");
    let set = s
        .doctor
        .put(s.staff_url("/thresholds"))
        .json(&json!({"spo2_red_at_most": 88, "spo2_amber_at_most": 90, "reason": "COPD, usual SpO2 91 %"}))
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), 200);
    let view: CaseView = set.json().await.unwrap();
    let shown = view.thresholds.unwrap();
    assert_eq!(shown.version, 1);
    assert_eq!(shown.thresholds.unwrap().spo2_red_at_most, 88);

    let me: PatientMe = s
        .patient
        .get(s.app.url("/api/patient/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me.cases[0].thresholds.unwrap().spo2_amber_at_most, 90);

    s.app.advance(Duration::days(1));
    let calm = s.report(body(Some(91))).await;
    assert_eq!(calm.flag, Flag::None, "91 is this patient's usual");
    assert_eq!(calm.threshold_version, Some(1));
    assert_eq!(calm.ruleset_version, RULESET_VERSION);
    let low = s.patient_correct(calm.id.0, body(Some(88))).await;
    let low: ReportView = low.json().await.unwrap();
    assert_eq!(low.flag, Flag::Red);
    // The report judged before keeps its judgement.
    let old = health_report::Entity::find_by_id(before.id.0)
        .one(&s.app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(old.threshold_version, None);
}

#[tokio::test]
async fn a_pulse_of_131_is_red_and_111_amber() {
    let s = Safety::new().await;
    let mut fast = body(Some(98));
    fast["pulse"] = json!(131);
    assert_eq!(s.report(fast).await.flag, Flag::Red);
    s.app.advance(Duration::days(1));
    let mut quick = body(Some(98));
    quick["pulse"] = json!(111);
    assert_eq!(s.report(quick).await.flag, Flag::Amber);
}

#[tokio::test]
async fn an_unknown_stored_flag_puts_the_case_at_the_top_as_needing_attention() {
    let s = Safety::new().await;
    let other = mimamori_tests::fixtures::add_case(
        &s.app,
        s.world.health_centre_id,
        s.world.org_a,
        "T-0002",
    )
    .await
    .unwrap();
    let other_patient = patient_client(&s.app, other.id).await.unwrap();
    let red = other_patient
        .post(
            s.app
                .url(&format!("/api/patient/cases/{}/reports", other.id)),
        )
        .json(&body(Some(90)))
        .send()
        .await
        .unwrap();
    assert_eq!(red.status(), 201);
    let stored = s.report(body(Some(98))).await;
    // As a newer version of the server might write it.
    health_report::Entity::update_many()
        .col_expr(health_report::Column::Flag, Expr::value("purple"))
        .filter(health_report::Column::Id.eq(stored.id.0))
        .exec(&s.app.db)
        .await
        .unwrap();
    mimamori_server::db::cases::refresh_report_summary(&s.app.db, s.case_id())
        .await
        .unwrap();

    let (logs, _capture) = mimamori_tests::log_capture::LogCapture::start();
    let list = s.worklist().await;
    assert_eq!(list.items[0].id.0, s.case_id(), "above the red case");
    assert_eq!(list.items[0].bucket, Bucket::NeedsAttention);
    assert_eq!(list.items[0].unreviewed_flag, Some(Flag::NeedsAttention));
    assert_eq!(list.counts.needs_attention, 1);
    let view = s.case(&s.nurse).await;
    assert_eq!(view.reports[0].flag, Flag::NeedsAttention);
    let logged = logs.text();
    assert!(
        logged.contains("ERROR")
            && logged.contains("stored flag not known")
            && logged.contains("purple"),
        "the unknown code is logged as an error with its value: {logged}"
    );
}
