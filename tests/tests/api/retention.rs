//! The retention purge (docs/security.md "Retention"): a case whose follow-up ended longer ago than
//! its prefecture's period keeps no personal data anywhere, while the implementation report of its
//! days compiles to the same numbers; the purge is audited and runs once.

use chrono::Duration;
use mimamori_server::db::sealed_columns;
use mimamori_server::entities::{
    audit_log, case_notification, case_search_token, delivery, health_report_version,
    patient_account_case, patient_case, patient_message, patient_session, push_subscription,
};
use mimamori_server::services::key_rotation::SEALED_COLUMNS;
use mimamori_server::services::{audit_chain, implementation_reports, time};
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{World, add_case, change_personal, personal, report_body};
use mimamori_tests::free_text::{self, TEXTS, Writers};
use mimamori_tests::serve_process::run_command;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

/// Every sealed value in the database, opened.
async fn every_sealed_value(app: &TestApp) -> Vec<String> {
    let mut values = Vec::new();
    for column in SEALED_COLUMNS {
        let mut after: Option<String> = None;
        loop {
            let batch = sealed_columns::values_after(&app.db, column, after.as_deref(), 500)
                .await
                .unwrap();
            let Some(last) = batch.last() else { break };
            after = Some(last.identity.clone());
            for value in batch {
                values.push(
                    app.keys
                        .unseal(column.field, &value.identity, &value.value)
                        .unwrap(),
                );
            }
        }
    }
    values
}

/// How many rows of `entity` point at the case.
macro_rules! rows_of_case {
    ($app:expr, $entity:ident, $case:expr) => {
        $entity::Entity::find()
            .filter($entity::Column::CaseId.eq($case))
            .count(&$app.db)
            .await
            .unwrap()
    };
}

#[tokio::test]
async fn a_case_past_its_retention_period_keeps_no_personal_data_and_its_days_still_count_the_same()
{
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let case_id = world.case.id;
    let kept = add_case(&app, world.health_centre_id, world.org_a, "T-0002")
        .await
        .unwrap();
    change_personal(&app, case_id, |p| {
        p.email = Some("mori@example.jp".to_owned());
        p.address = "デモ県みまもり市中央1-2-3".to_owned();
        // Unlike the other case's.
        p.phone = "090-3333-4444".to_owned();
        p.birth_date = chrono::NaiveDate::from_ymd_opt(1957, 8, 9).unwrap();
    })
    .await
    .unwrap();
    let before = personal(
        &app,
        &patient_case::Entity::find_by_id(case_id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap(),
    )
    .unwrap();

    // The case collects what a case collects: a red report (mailed to the staff), every kind of
    // free text, a finding, a message, a device; then the institution reports recovery, which
    // ends the follow-up.
    super::staff_notifications::set_email(&app, &world.doctor_a, "doctor.a@clinic-a.example").await;
    let writers = Writers::sign_in(&app, &world).await.unwrap();
    let red = writers
        .patient
        .post(app.url(&format!("/api/patient/cases/{case_id}/reports")))
        .json(&report_body(39.4, Some(88)))
        .send()
        .await
        .unwrap();
    assert_eq!(red.status(), 201);
    let case_path = format!("/api/staff/cases/{case_id}");
    for (path, body) in [
        (
            "findings",
            json!({"assessment": "肺炎の疑い", "plan": "入院調整", "referral": "none"}),
        ),
        ("messages", json!({"body": "病院へ向かってください"})),
    ] {
        let response = writers
            .doctor
            .post(app.url(&format!("{case_path}/{path}")))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201, "{path}");
    }
    let subscribed = writers
        .patient
        .post(app.url("/api/patient/push/subscriptions"))
        .json(&json!({
            "endpoint": "https://push.example/send/mori-device",
            "keys": {
                "p256dh": "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
                "auth": "tBHItJI5svbpez7KI4CCXg"
            }
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(subscribed.status(), 201);
    let returned = free_text::write_every_kind(&app, &world, &writers)
        .await
        .unwrap();
    let today = app.now().date_naive();
    let recovered = writers
        .institution
        .post(app.url(&format!("{case_path}/inpatient-reports")))
        .json(&json!({
            "admission_date": today,
            "discharge_date": today,
            "hospital_name": TEXTS[4],
            "doctor_name": TEXTS[5],
            "severity": "moderate_ii",
            "symptoms": ["fever"],
            "findings": TEXTS[6],
            "icu": false,
            "ventilator": false,
            "ecmo": false,
            "outcome": "recovered"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        recovered.status(),
        201,
        "{}",
        recovered.text().await.unwrap()
    );
    app.tick().await.unwrap();
    assert!(!app.outbox_mails().is_empty(), "the red report was mailed");
    let ended = patient_case::Entity::find_by_id(case_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(ended.ended_at.is_some(), "recovery ended the follow-up");
    let day = time::local_date(app.now(), time::DEFAULT_TZ);
    let counts_before =
        implementation_reports::compile_for_date(&app.db, world.health_centre_id, day)
            .await
            .unwrap();

    // Within the period nothing goes.
    app.advance(Duration::days(1));
    app.tick().await.unwrap();
    let case = patient_case::Entity::find_by_id(case_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(case.purged_at, None);
    assert_eq!(personal(&app, &case).unwrap(), before);

    // Five years (the default) and a few days after the end: the day's purge.
    let old_mails = app.outbox_mails();
    assert!(!old_mails.is_empty());
    // The files carry the real time they were written; the test's clock is its own: date them
    // by it, as a server's files are dated by its clock.
    let written: std::time::SystemTime = (app.now() - Duration::days(1)).into();
    for mail in &old_mails {
        std::fs::File::options()
            .append(true)
            .open(mail)
            .unwrap()
            .set_modified(written)
            .unwrap();
    }
    app.advance(Duration::days(5 * 366));
    let (tick, _) = app.tick().await.unwrap();
    assert!(
        tick.housekeeping >= 2,
        "the case and its notification: {tick:?}"
    );
    let case = patient_case::Entity::find_by_id(case_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(case.purged_at.is_some());
    assert_eq!(case.case_number, format!("purged-{case_id}"));
    let left = personal(&app, &case).unwrap();
    assert_eq!(
        (
            left.name.as_str(),
            left.name_kana.as_str(),
            left.phone.as_str()
        ),
        ("", "", "")
    );
    assert_eq!((left.address.as_str(), left.email.as_deref()), ("", None));
    assert_eq!(
        left.birth_date,
        chrono::NaiveDate::from_ymd_opt(1950, 1, 1).unwrap(),
        "only the decade of birth (the age band) is left"
    );
    assert_eq!(case.duplicate_index, None);

    // Nowhere in the database, opened with the keys, is anything of the person left; the other
    // case is untouched.
    let values = every_sealed_value(&app).await;
    let mut gone: Vec<&str> = TEXTS.to_vec();
    gone.extend([
        before.name.as_str(),
        before.phone.as_str(),
        "mori@example.jp",
        "デモ県みまもり市中央1-2-3",
        "肺炎の疑い",
        "病院へ向かってください",
        "https://push.example/send/mori-device",
        "1957-08-09",
    ]);
    for text in &gone {
        assert!(
            !values.iter().any(|value| value.contains(text)),
            "{text} is still in the database"
        );
    }
    let copy = app.raw_database_copy().await.unwrap();
    assert!(!mimamori_tests::contains_bytes(
        &copy,
        &world.case.case_number
    ));
    let other = patient_case::Entity::find_by_id(kept.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(personal(&app, &other).unwrap().name, "患者 T-0002");
    for (table, rows) in [
        (
            "case_search_token",
            rows_of_case!(app, case_search_token, case_id),
        ),
        (
            "health_report_version",
            rows_of_case!(app, health_report_version, case_id),
        ),
        (
            "patient_message",
            rows_of_case!(app, patient_message, case_id),
        ),
        ("delivery", rows_of_case!(app, delivery, Some(case_id))),
        (
            "patient_account_case",
            rows_of_case!(app, patient_account_case, case_id),
        ),
        (
            "case_notification",
            rows_of_case!(app, case_notification, Some(case_id)),
        ),
    ] {
        assert_eq!(rows, 0, "{table} still points at the case");
    }
    assert!(
        case_notification::Entity::find_by_id(returned)
            .one(&app.db)
            .await
            .unwrap()
            .is_none(),
        "the returned 発生届 that never became a case is gone"
    );
    assert_eq!(
        push_subscription::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        patient_session::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        0
    );
    // (The tick mails the day's implementation reports after the purge: new files.)
    let left = app.outbox_mails();
    assert!(
        old_mails.iter().all(|old| !left.contains(old)),
        "the old .eml files are gone"
    );

    // The day's numbers are the same; the purge is audited (ids only) and the chain intact.
    let counts_after =
        implementation_reports::compile_for_date(&app.db, world.health_centre_id, day)
            .await
            .unwrap();
    assert_eq!(counts_after, counts_before);
    let purges = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("retention.purge"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(purges.len(), 1);
    assert_eq!(purges[0].case_id, Some(case_id));
    assert_eq!(purges[0].detail.as_deref(), Some("years:5"));
    let verified = audit_chain::verify(&app.db, &app.keys, app.now())
        .await
        .unwrap();
    assert!(verified.is_intact(), "{:?}", verified.breaks);

    // Idempotent: the next day's run finds nothing more.
    app.advance(Duration::days(1));
    let (tick, _) = app.tick().await.unwrap();
    assert_eq!(tick.housekeeping, 0);
    assert_eq!(
        audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("retention.purge"))
            .count(&app.db)
            .await
            .unwrap(),
        1
    );
}

/// `mimamori init` gives the prefecture the default period; `mimamori retention set` changes it
/// (audited as the host), and the purge follows the prefecture's period: a case ended a year
/// and a day ago goes under a one-year period.
#[tokio::test]
async fn the_prefectures_period_decides_and_the_host_sets_it() {
    use mimamori_server::entities::organisation;
    use mimamori_server::services::{host_admin, setup};
    use mimamori_shared::api::admin::OrgKind;
    let app = TestApp::spawn().await.unwrap();
    let init = host_admin::init(
        &app.db,
        super::deployment_init::request(Some("an initial password of length")),
        app.now(),
    )
    .await
    .unwrap();
    let prefecture = organisation::Entity::find_by_id(init.prefecture_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(prefecture.retention_years, Some(5));
    let centre = setup::create_org(
        &app.db,
        OrgKind::HealthCentre,
        "保健所",
        Some(prefecture.id),
        None,
        app.now(),
    )
    .await
    .unwrap();
    let team = setup::create_org(
        &app.db,
        OrgKind::FollowupOrg,
        "診療所",
        Some(centre.id),
        None,
        app.now(),
    )
    .await
    .unwrap();
    let case = add_case(&app, centre.id, team.id, "P-0001").await.unwrap();
    assert!(
        mimamori_server::db::cases::end_follow_up(&app.db, case.id, "other", app.now())
            .await
            .unwrap()
    );

    let (ok, text) = run_command(&app, &["retention", "set", "--years", "0"])
        .await
        .unwrap();
    assert!(
        !ok && text.contains("--retention-years: 0 is not between 1 and 30"),
        "{text}"
    );
    let (ok, text) = run_command(&app, &["retention", "set", "--years", "1"])
        .await
        .unwrap();
    assert!(ok, "{text}");
    assert!(
        text.contains("retention period set to 1 years for 1 prefecture(s)"),
        "{text}"
    );
    let set = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("host.retention_set"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(set.detail.as_deref(), Some("years:1"));

    app.advance(Duration::days(364));
    app.tick().await.unwrap();
    let within = patient_case::Entity::find_by_id(case.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(within.purged_at, None, "within the year");
    app.advance(Duration::days(2));
    app.tick().await.unwrap();
    let purged = patient_case::Entity::find_by_id(case.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(purged.purged_at.is_some(), "a year and a day after its end");
    let entry = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("retention.purge"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(entry.detail.as_deref(), Some("years:1"));
}
