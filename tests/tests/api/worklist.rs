//! The triage work list: bucket order, counts, filters, search, keyset pagination, scope,
//! bad query values, audit.

use super::problem;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use mimamori_server::db;
use mimamori_server::entities::{audit_log, health_report, patient_case};
use mimamori_server::services::{reports, setup};
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::api::reports::EnteredBy;
use mimamori_shared::api::worklist::{Bucket, BucketCounts, WorkList, WorkListRow};
use mimamori_shared::catalogue::{Answer, Symptom};
use mimamori_shared::report::ValidReport;
use mimamori_shared::triage::Flag;
use mimamori_shared::values::{Spo2, Temperature};
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{self, STAFF_PASSWORD, World, add_case, staff_client};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// How a report comes out of the rules.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// SpO2 92: red.
    Red,
    /// 38.5 °C: amber.
    Amber,
    /// Nothing wrong.
    Fine,
}

/// Stores a report for `case_id` made at `at`, as the patient app would.
async fn report_at(app: &TestApp, case_id: i64, at: DateTime<Utc>, kind: Kind) {
    let (celsius, spo2) = match kind {
        Kind::Red => (37.0, 92),
        Kind::Amber => (38.5, 97),
        Kind::Fine => (36.7, 97),
    };
    let report = ValidReport {
        temperature: Temperature::from_celsius(celsius).unwrap(),
        spo2: Some(Spo2::new(spo2).unwrap()),
        pulse: None,
        symptoms: BTreeMap::from([(Symptom::CoughRunnyNose, Answer::Yes)]),
        urgent_signs: BTreeSet::new(),
        note: String::new(),
    };
    reports::store(
        &app.db,
        &app.keys,
        mimamori_shared::ids::CaseId(case_id),
        uuid::Uuid::new_v4().to_string(),
        &report,
        at,
        EnteredBy::Patient,
    )
    .await
    .unwrap();
}

/// Marks every report of a case reviewed (what `POST …/reviews` does) and refreshes the
/// case's summary.
async fn review_all(app: &TestApp, case_id: i64) {
    health_report::Entity::update_many()
        .col_expr(health_report::Column::ReviewedAt, Expr::value(app.now()))
        .filter(health_report::Column::CaseId.eq(case_id))
        .exec(&app.db)
        .await
        .unwrap();
    db::cases::refresh_report_summary(&app.db, case_id)
        .await
        .unwrap();
}

/// Changes a case's columns.
async fn update_case(app: &TestApp, model: patient_case::ActiveModel) {
    model.update(&app.db).await.unwrap();
}

async fn born_on(app: &TestApp, case_id: i64, birth_date: NaiveDate) {
    fixtures::change_personal(app, case_id, |personal| personal.birth_date = birth_date)
        .await
        .unwrap();
}

async fn get(app: &TestApp, client: &reqwest::Client, query: &str) -> reqwest::Response {
    client
        .get(app.url(&format!("/api/staff/worklist{query}")))
        .send()
        .await
        .unwrap()
}

async fn list(app: &TestApp, client: &reqwest::Client, query: &str) -> WorkList {
    let response = get(app, client, query).await;
    assert_eq!(response.status(), 200, "{query}");
    response.json().await.unwrap()
}

/// The case numbers a query lists, sorted.
async fn sorted_numbers(app: &TestApp, client: &reqwest::Client, query: &str) -> Vec<String> {
    let mut listed: Vec<String> = numbers(&list(app, client, query).await)
        .iter()
        .map(|s| s.to_string())
        .collect();
    listed.sort();
    listed
}

fn numbers(list: &WorkList) -> Vec<&str> {
    list.items.iter().map(|r| r.case_number.as_str()).collect()
}

fn row<'a>(list: &'a WorkList, number: &str) -> &'a WorkListRow {
    list.items
        .iter()
        .find(|r| r.case_number == number)
        .unwrap_or_else(|| panic!("{number} is listed"))
}

/// World's case (T-0001) plus `T-0002`… in organisation A.
async fn cases(app: &TestApp, world: &World, count: usize) -> Vec<patient_case::Model> {
    let mut made = vec![world.case.clone()];
    for i in 2..=count {
        made.push(
            add_case(
                app,
                world.health_centre_id,
                world.org_a,
                &format!("T-{i:04}"),
            )
            .await
            .unwrap(),
        );
    }
    made
}

#[tokio::test]
async fn buckets_come_red_amber_not_reported_unreviewed_rest_newest_first() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let c = cases(&app, &world, 10).await;
    let now = app.now();
    let minutes = |m| now - Duration::minutes(m);
    // T-0001, T-0002: red today (T-0002 newer). T-0003: red yesterday, nothing today (red
    // wins over not reported).
    report_at(&app, c[0].id, minutes(50), Kind::Red).await;
    report_at(&app, c[1].id, minutes(10), Kind::Red).await;
    report_at(&app, c[2].id, now - Duration::days(1), Kind::Red).await;
    // T-0004: amber today.
    report_at(&app, c[3].id, minutes(20), Kind::Amber).await;
    // T-0005: never reported; T-0006: reported yesterday only (newer than never).
    report_at(&app, c[5].id, now - Duration::days(1), Kind::Fine).await;
    review_all(&app, c[5].id).await;
    // T-0007: unreviewed fine report today; T-0008 too, older.
    report_at(&app, c[6].id, minutes(5), Kind::Fine).await;
    report_at(&app, c[7].id, minutes(30), Kind::Fine).await;
    // T-0009: red today but reviewed: nothing left to do. T-0010: fine, reviewed.
    report_at(&app, c[8].id, minutes(40), Kind::Red).await;
    review_all(&app, c[8].id).await;
    report_at(&app, c[9].id, minutes(45), Kind::Fine).await;
    review_all(&app, c[9].id).await;

    // 12:30: today's cut-off (12:00) has passed, so T-0006, which reported yesterday only, is
    // not reported (at 10:00 it was not due yet).
    app.advance(Duration::minutes(150));
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    let list = list(&app, &nurse, "").await;
    assert_eq!(
        numbers(&list),
        [
            "T-0002", "T-0001", "T-0003", "T-0004", "T-0006", "T-0005", "T-0007", "T-0008",
            "T-0009", "T-0010"
        ]
    );
    let buckets: Vec<Bucket> = list.items.iter().map(|r| r.bucket).collect();
    assert_eq!(
        buckets,
        [
            Bucket::Red,
            Bucket::Red,
            Bucket::Red,
            Bucket::Amber,
            Bucket::NotReported,
            Bucket::NotReported,
            Bucket::Unreviewed,
            Bucket::Unreviewed,
            Bucket::Rest,
            Bucket::Rest
        ]
    );
    assert_eq!(
        list.counts,
        BucketCounts {
            red: 3,
            amber: 1,
            not_reported: 2,
            unreviewed: 2,
            rest: 2,
            ..Default::default()
        }
    );
    assert_eq!(list.next, None);
    assert_eq!(list.as_of, app.now());

    // The row carries the newest report and the case's particulars.
    let red = row(&list, "T-0002");
    let latest = red.latest.as_ref().expect("a latest report");
    assert_eq!(
        (latest.flag, latest.spo2, latest.temperature_c),
        (Flag::Red, Some(92), 37.0)
    );
    assert_eq!(latest.entered_by, EnteredBy::Patient);
    assert!(!latest.reviewed);
    assert_eq!(red.unreviewed_flag, Some(Flag::Red));
    assert_eq!((red.age, red.day), (76, 2));
    assert!(row(&list, "T-0005").latest.is_none());
    assert_eq!(row(&list, "T-0009").unreviewed_flag, None);
}

#[tokio::test]
async fn a_case_with_two_reports_a_day_is_not_reported_again_after_the_afternoon_cut_off() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    update_case(
        &app,
        patient_case::ActiveModel {
            id: Set(world.case.id),
            slots_per_day: Set(2),
            ..Default::default()
        },
    )
    .await;
    // 10:00 in Tokyo: the morning report is in.
    report_at(&app, world.case.id, app.now(), Kind::Fine).await;
    review_all(&app, world.case.id).await;
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    assert_eq!(list(&app, &nurse, "").await.items[0].bucket, Bucket::Rest);
    // 15:00: the afternoon slot has begun but its cut-off (18:00) has not passed.
    app.advance(Duration::hours(5));
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    assert_eq!(list(&app, &nurse, "").await.items[0].bucket, Bucket::Rest);
    // 18:00: the afternoon cut-off has passed without an afternoon report.
    app.advance(Duration::hours(3));
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    assert_eq!(
        list(&app, &nurse, "").await.items[0].bucket,
        Bucket::NotReported
    );
    report_at(&app, world.case.id, app.now(), Kind::Fine).await;
    assert_eq!(
        list(&app, &nurse, "").await.items[0].bucket,
        Bucket::Unreviewed
    );
}

#[tokio::test]
async fn a_case_whose_follow_up_has_not_begun_is_not_missing_a_report() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    update_case(
        &app,
        patient_case::ActiveModel {
            id: Set(world.case.id),
            followup_start: Set(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()),
            ..Default::default()
        },
    )
    .await;
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    assert_eq!(list(&app, &nurse, "").await.items[0].bucket, Bucket::Rest);
}

#[tokio::test]
async fn one_bucket_is_listed_but_the_counts_cover_them_all() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let c = cases(&app, &world, 4).await;
    report_at(&app, c[0].id, app.now(), Kind::Red).await;
    report_at(&app, c[1].id, app.now(), Kind::Amber).await;
    report_at(&app, c[2].id, app.now(), Kind::Fine).await;
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    for (bucket, expected) in [
        ("red", vec!["T-0001"]),
        ("amber", vec!["T-0002"]),
        ("not_reported", vec!["T-0004"]),
        ("unreviewed", vec!["T-0003"]),
        ("rest", vec![]),
    ] {
        let page = list(&app, &nurse, &format!("?bucket={bucket}")).await;
        assert_eq!(numbers(&page), expected, "{bucket}");
        assert!(page.items.iter().all(|r| r.bucket.as_str() == bucket));
        assert_eq!(
            page.counts,
            BucketCounts {
                red: 1,
                amber: 1,
                not_reported: 1,
                unreviewed: 1,
                rest: 0,
                ..Default::default()
            }
        );
    }
}

#[tokio::test]
async fn each_filter_narrows_the_list_and_its_counts() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let c = cases(&app, &world, 5).await;
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    // T-0001: the nurse's, 76, diabetic, day 2. T-0002: the doctor's, 40, started today.
    // T-0003: nobody's, 65 today, obese and diabetic, day 4, escalated. T-0004, T-0005: the
    // fixture's defaults (nobody's, 76, no risk factor, day 2).
    update_case(
        &app,
        patient_case::ActiveModel {
            id: Set(c[0].id),
            assigned_staff_id: Set(Some(world.nurse_a.id)),
            risk_factors: Set(r#"["diabetes"]"#.to_owned()),
            ..Default::default()
        },
    )
    .await;
    update_case(
        &app,
        patient_case::ActiveModel {
            id: Set(c[1].id),
            assigned_staff_id: Set(Some(world.doctor_a.id)),
            followup_start: Set(today),
            ..Default::default()
        },
    )
    .await;
    born_on(&app, c[1].id, NaiveDate::from_ymd_opt(1986, 1, 1).unwrap()).await;
    update_case(
        &app,
        patient_case::ActiveModel {
            id: Set(c[2].id),
            risk_factors: Set(r#"["obesity","diabetes"]"#.to_owned()),
            followup_start: Set(today - Duration::days(3)),
            escalated_at: Set(Some(app.now())),
            ..Default::default()
        },
    )
    .await;
    born_on(
        &app,
        c[2].id,
        NaiveDate::from_ymd_opt(1961, 11, 23).unwrap(),
    )
    .await;
    report_at(&app, c[2].id, app.now(), Kind::Red).await;
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    assert_eq!(
        sorted_numbers(&app, &nurse, "?assigned=me").await,
        ["T-0001"]
    );
    assert_eq!(
        sorted_numbers(&app, &nurse, "?assigned=none").await,
        ["T-0003", "T-0004", "T-0005"]
    );
    let doctors = format!("?assigned={}", world.doctor_a.id);
    assert_eq!(sorted_numbers(&app, &nurse, &doctors).await, ["T-0002"]);
    assert_eq!(sorted_numbers(&app, &nurse, "?day=1").await, ["T-0002"]);
    assert_eq!(sorted_numbers(&app, &nurse, "?day=4").await, ["T-0003"]);
    assert_eq!(
        sorted_numbers(&app, &nurse, "?day=2").await,
        ["T-0001", "T-0004", "T-0005"]
    );
    assert!(sorted_numbers(&app, &nurse, "?day=9").await.is_empty());
    assert_eq!(
        sorted_numbers(&app, &nurse, "?age65=true").await,
        ["T-0001", "T-0003", "T-0004", "T-0005"]
    );
    assert_eq!(
        sorted_numbers(&app, &nurse, "?age65=false").await,
        ["T-0002"]
    );
    assert_eq!(
        sorted_numbers(&app, &nurse, "?risk=diabetes").await,
        ["T-0001", "T-0003"]
    );
    assert_eq!(
        sorted_numbers(&app, &nurse, "?risk=obesity").await,
        ["T-0003"]
    );
    assert_eq!(
        sorted_numbers(&app, &nurse, "?risk=any").await,
        ["T-0001", "T-0003"]
    );
    assert!(
        sorted_numbers(&app, &nurse, "?risk=pregnancy")
            .await
            .is_empty()
    );
    // Filters combine, and the counts follow them.
    let both = list(&app, &nurse, "?risk=diabetes&assigned=none").await;
    assert_eq!(numbers(&both), ["T-0003"]);
    assert_eq!(both.counts.total(), 1);
    assert_eq!(both.counts.red, 1);

    let listed = list(&app, &nurse, "").await;
    let escalated = row(&listed, "T-0003");
    assert!(escalated.escalated);
    assert_eq!(escalated.age, 65);
    assert_eq!(escalated.day, 4);
    assert_eq!(escalated.risk_factors.len(), 2);
    let mine = row(&listed, "T-0001");
    assert_eq!(mine.assigned_staff_name.as_deref(), Some("nurse.a"));
    assert_eq!(mine.assigned_staff_id.map(|s| s.0), Some(world.nurse_a.id));
    assert!(!mine.escalated);
    // A follow-up organisation's staff get no organisation column nor organisation list.
    assert_eq!(mine.followup_org_name, None);
    assert!(listed.orgs.is_empty());
}

#[tokio::test]
async fn search_finds_name_kana_case_number_and_phone() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let c = cases(&app, &world, 3).await;
    for (case, name, kana, phone) in [
        (&c[0], "山田 花子", "ヤマダ ハナコ", "090-1234-5678"),
        (&c[1], "佐藤 一郎", "サトウ イチロウ", "03-5555-0101"),
        (&c[2], "小林 さくら", "コバヤシ サクラ", "080 9999 0000"),
    ] {
        fixtures::change_personal(&app, case.id, |personal| {
            personal.name = name.to_owned();
            personal.name_kana = kana.to_owned();
            personal.phone = phone.to_owned();
        })
        .await
        .unwrap();
    }
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    for (q, expected) in [
        ("山田", vec!["T-0001"]),
        ("山田 花", vec!["T-0001"]),
        ("花子", vec!["T-0001"]),
        // Names are found by the start of a part (the search is by blind-index tokens of
        // prefixes: docs/security.md, "Search without the names").
        ("田", vec![]),
        ("さくら", vec!["T-0003"]),
        ("サクラ", vec!["T-0003"]),
        ("ヤマダハナコ", vec!["T-0001"]),
        ("やまだ", vec!["T-0001"]),
        ("ｻﾄｳ", vec!["T-0002"]),
        ("いちろう", vec!["T-0002"]),
        ("t-0002", vec!["T-0002"]),
        ("Ｔ－０００３", vec!["T-0003"]),
        ("09012345678", vec!["T-0001"]),
        ("5555-0101", vec!["T-0002"]),
        ("0101", vec!["T-0002"]),
        ("９９９９ ００００", vec!["T-0003"]),
        // Phones by their last four digits or more, not by their start.
        ("080", vec![]),
        ("鈴木", vec![]),
        ("%", vec![]),
        ("_", vec![]),
    ] {
        let encoded: String = url_encode(q);
        let found = list(&app, &nurse, &format!("?q={encoded}")).await;
        assert_eq!(numbers(&found), expected, "search {q:?}");
        assert_eq!(found.counts.total() as usize, expected.len(), "{q:?}");
    }
}

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn pages_follow_each_other_without_repeating_or_losing_a_case() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let c = cases(&app, &world, 14).await;
    let now = app.now();
    for (i, case) in c.iter().enumerate() {
        let kind = [Kind::Red, Kind::Amber, Kind::Fine, Kind::Fine][i % 4];
        // Two cases share a moment, so the id decides between them; a few never reported.
        if i % 5 == 4 {
            continue;
        }
        let at = now - Duration::minutes(if i == 3 { 7 } else { i as i64 + 1 });
        report_at(&app, case.id, at, kind).await;
        if i % 7 == 6 {
            review_all(&app, case.id).await;
        }
    }
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    let whole: Vec<String> = numbers(&list(&app, &nurse, "?limit=200").await)
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(whole.len(), 14);

    // Unchanged, the pages put together are the whole list.
    let mut walked = Vec::new();
    let mut query = "?limit=3".to_owned();
    loop {
        let page = list(&app, &nurse, &query).await;
        assert!(page.items.len() <= 3);
        walked.extend(page.items.iter().map(|r| r.case_number.clone()));
        match page.next {
            Some(next) => query = format!("?limit=3&after={next}"),
            None => break,
        }
    }
    assert_eq!(walked, whole);

    // New reports arrive while the nurse pages: a case already seen turns red, one not yet
    // seen turns red, one not yet reported reports.
    let first = list(&app, &nurse, "?limit=4").await;
    let seen: Vec<String> = numbers(&first).iter().map(|s| s.to_string()).collect();
    let unseen = |n: usize| {
        whole
            .iter()
            .filter(|number| !seen.contains(number))
            .nth(n)
            .cloned()
            .unwrap()
    };
    let id_of = |number: &str| c.iter().find(|case| case.case_number == number).unwrap().id;
    let changed = [seen[3].clone(), unseen(0), "T-0005".to_owned()];
    app.advance(Duration::seconds(5));
    report_at(&app, id_of(&changed[0]), app.now(), Kind::Red).await;
    app.advance(Duration::seconds(1));
    report_at(&app, id_of(&changed[1]), app.now(), Kind::Red).await;
    report_at(&app, id_of(&changed[2]), app.now(), Kind::Fine).await;
    let mut walked = seen.clone();
    let mut next = first.next.clone();
    while let Some(after) = next {
        let page = list(&app, &nurse, &format!("?limit=4&after={after}")).await;
        assert_eq!(page.as_of, first.as_of, "one walk, one moment");
        walked.extend(page.items.iter().map(|r| r.case_number.clone()));
        next = page.next;
    }
    let unique: HashSet<&String> = walked.iter().collect();
    assert_eq!(unique.len(), walked.len(), "no case twice: {walked:?}");
    let unchanged = |list: &[String]| -> Vec<String> {
        list.iter()
            .filter(|n| !changed.contains(n))
            .cloned()
            .collect()
    };
    assert_eq!(
        unchanged(&walked),
        unchanged(&whole),
        "every unchanged case once, in the same order"
    );
    // The changed cases are at the top of the next first page.
    let fresh = list(&app, &nurse, "?limit=200").await;
    assert_eq!(fresh.items[0].case_number, changed[1]);
    assert_eq!(fresh.items[1].case_number, changed[0]);
    assert_eq!(fresh.items.len(), 14);

    // A page that reaches the end has no `next`.
    let last = list(&app, &nurse, "?limit=14").await;
    assert_eq!(last.next, None);
}

#[tokio::test]
async fn other_organisations_cases_are_absent_and_a_health_centre_sees_all_of_its_own() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let b_case = add_case(&app, world.health_centre_id, world.org_b, "T-B01")
        .await
        .unwrap();
    let unassigned = add_case(&app, world.health_centre_id, world.org_a, "T-U01")
        .await
        .unwrap();
    update_case(
        &app,
        patient_case::ActiveModel {
            id: Set(unassigned.id),
            followup_org_id: Set(None),
            ..Default::default()
        },
    )
    .await;
    // Another health centre's case, with its own follow-up organisation.
    let now = app.now();
    let other_centre = setup::create_org(
        &app.db,
        mimamori_shared::api::admin::OrgKind::HealthCentre,
        "Other centre",
        None,
        None,
        now,
    )
    .await
    .unwrap();
    let other_org = setup::create_org(
        &app.db,
        mimamori_shared::api::admin::OrgKind::FollowupOrg,
        "Other clinic",
        Some(other_centre.id),
        None,
        now,
    )
    .await
    .unwrap();
    add_case(&app, other_centre.id, other_org.id, "X-0001")
        .await
        .unwrap();
    report_at(&app, world.case.id, app.now(), Kind::Red).await;
    report_at(&app, b_case.id, app.now(), Kind::Red).await;
    let hc = setup::create_staff(
        &app.db,
        &app.keys,
        world.health_centre_id,
        "hc.staff",
        "保健所 職員",
        StaffRole::HcStaff,
        STAFF_PASSWORD,
        now,
    )
    .await
    .unwrap();

    let doctor_b = staff_client(&app, &world.doctor_b).await.unwrap();
    let theirs = list(&app, &doctor_b, "").await;
    assert_eq!(numbers(&theirs), ["T-B01"]);
    assert_eq!(theirs.counts.total(), 1);
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    assert_eq!(numbers(&list(&app, &nurse, "").await), ["T-0001"]);
    // An organisation filter cannot widen a follow-up organisation's scope.
    let widened = list(&app, &nurse, &format!("?org={}", world.org_b)).await;
    assert!(widened.items.is_empty());

    let centre = staff_client(&app, &hc).await.unwrap();
    let all = list(&app, &centre, "").await;
    let mut listed = numbers(&all);
    listed.sort();
    assert_eq!(listed, ["T-0001", "T-B01", "T-U01"]);
    assert_eq!(
        row(&all, "T-0001").followup_org_name.as_deref(),
        Some("Clinic A")
    );
    assert_eq!(row(&all, "T-U01").followup_org_name, None);
    let orgs: Vec<&str> = all.orgs.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(orgs, ["Clinic A", "Clinic B"]);
    assert_eq!(
        numbers(&list(&app, &centre, &format!("?org={}", world.org_b)).await),
        ["T-B01"]
    );
    assert_eq!(numbers(&list(&app, &centre, "?org=none").await), ["T-U01"]);
}

#[tokio::test]
async fn ended_cases_are_not_on_the_list() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let c = cases(&app, &world, 2).await;
    report_at(&app, c[1].id, app.now(), Kind::Red).await;
    update_case(
        &app,
        patient_case::ActiveModel {
            id: Set(c[1].id),
            status: Set(mimamori_shared::api::cases::CaseStatus::Ended),
            end_reason: Set(Some(mimamori_shared::api::cases::EndReason::Hospitalised)),
            ended_at: Set(Some(app.now())),
            ..Default::default()
        },
    )
    .await;
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    let list = list(&app, &nurse, "").await;
    assert_eq!(numbers(&list), ["T-0001"]);
    assert_eq!(list.counts.red, 0);
}

#[tokio::test]
async fn each_bad_query_value_is_a_422_naming_its_field() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    for (query, field, code) in [
        ("bucket=blue", "bucket", "invalid"),
        ("assigned=someone", "assigned", "invalid"),
        ("day=0", "day", "out_of_range"),
        ("day=abc", "day", "invalid"),
        ("age65=maybe", "age65", "invalid"),
        ("risk=werewolf", "risk", "invalid"),
        ("org=clinic", "org", "invalid"),
        ("after=not-a-cursor", "after", "invalid"),
        ("limit=0", "limit", "out_of_range"),
        ("limit=500", "limit", "out_of_range"),
        ("limit=ten", "limit", "invalid"),
    ] {
        let response = get(&app, &nurse, &format!("?{query}")).await;
        assert_eq!(response.status(), 422, "{query}");
        let problem = problem(response).await;
        assert_eq!(problem.code, "validation");
        let error = problem
            .field(field)
            .unwrap_or_else(|| panic!("{query}: {problem:?}"));
        assert_eq!(error.code, code, "{query}");
    }
    let long = get(&app, &nurse, &format!("?q={}", "a".repeat(101))).await;
    assert_eq!(long.status(), 422);
    assert_eq!(problem(long).await.field("q").unwrap().code, "too_long");
    let several = get(&app, &nurse, "?day=x&limit=x").await;
    assert_eq!(problem(several).await.errors.len(), 2);
    // Nothing was listed, so nothing was audited.
    let audited = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("worklist.read"))
        .all(&app.db)
        .await
        .unwrap();
    assert!(audited.is_empty());
}

#[tokio::test]
async fn reading_the_list_is_audited_once_per_call() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    cases(&app, &world, 3).await;
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    list(&app, &nurse, "?limit=1").await;
    list(&app, &nurse, "?bucket=not_reported").await;
    let audited = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("worklist.read"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(audited.len(), 2);
    for entry in audited {
        assert_eq!(entry.actor_id, Some(world.nurse_a.id));
        assert_eq!(entry.role.as_deref(), Some("followup_staff"));
        assert_eq!(entry.organisation_id, Some(world.org_a));
        assert_eq!(entry.case_id, None);
        assert_eq!(entry.client_addr.as_deref(), Some("127.0.0.1"));
    }
}

#[tokio::test]
async fn roles_that_read_no_cases_are_refused_and_strangers_must_sign_in() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let admin = setup::create_staff(
        &app.db,
        &app.keys,
        world.health_centre_id,
        "admin.x",
        "admin",
        StaffRole::Admin,
        STAFF_PASSWORD,
        app.now(),
    )
    .await
    .unwrap();
    let admin = staff_client(&app, &admin).await.unwrap();
    let response = get(&app, &admin, "").await;
    assert_eq!(response.status(), 403);
    assert_eq!(problem(response).await.code, "forbidden");
    let stranger = get(&app, &app.client(), "").await;
    assert_eq!(stranger.status(), 401);
}

/// On SQLite the keys of a follow-up organisation's work list come from the covering index
/// alone, the scope's lapse of access (`ended_at`, the health centres of ended contracts)
/// included: reading 20,000 table rows instead tripled the first page's time
/// (docs/performance.md, "Work list").
#[tokio::test]
async fn a_followup_work_list_reads_only_its_covering_index_on_sqlite() {
    let app = TestApp::spawn().await.unwrap();
    let scope = mimamori_server::access::CaseScope::FollowupOrg {
        org: 1,
        lapsed_at_or_before: Utc::now() - Duration::days(30),
        lapsed_centres: vec![1],
    };
    let today = Utc::now().date_naive();
    let filter = db::worklist::CaseFilter {
        scope: scope.condition_under_followup(),
        assigned: None,
        followup_start: None,
        born: None,
        risk: None,
        org: None,
        search: None,
    };
    let moment = db::worklist::Moment {
        due_one: today,
        due_two: (today, 1),
    };
    let Some(plan) = db::worklist::sqlite_plan(&app.db, &filter, moment)
        .await
        .unwrap()
    else {
        return; // PostgreSQL: no covering work-list index to keep.
    };
    let cases: Vec<&String> = plan
        .iter()
        .filter(|step| step.contains("patient_case"))
        .collect();
    assert!(
        !cases.is_empty()
            && cases
                .iter()
                .all(|step| step.contains("COVERING INDEX idx_patient_case_worklist_followup")),
        "{plan:#?}"
    );
}
