//! Administrative test counts: an institution files a day's counts and corrects the same day
//! (revision 2, the figures replaced); health centres see sums by day and by institution for their
//! centre and their prefecture, and download them as CSV.

use mimamori_server::entities::{audit_log, staff_user, test_count};
use mimamori_server::services::setup;
use mimamori_shared::api::admin::OrgKind;
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::api::test_counts::{
    SummaryLevel, TestCountList, TestCountSummary, TestCountView, TestCounts,
};
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{World, staff_client};
use reqwest::Client;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

/// Today in Tokyo at the test epoch.
const TODAY: &str = "2026-11-23";

fn counts(pcr: i64, pcr_pos: i64, antigen: i64, antigen_pos: i64) -> Value {
    json!({
        "pcr_performed": pcr, "pcr_positive": pcr_pos,
        "antigen_performed": antigen, "antigen_positive": antigen_pos
    })
}

async fn put(app: &TestApp, client: &Client, date: &str, body: &Value) -> reqwest::Response {
    client
        .put(app.url(&format!("/api/staff/test-counts/{date}")))
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn filed(app: &TestApp, client: &Client, date: &str, body: &Value) -> TestCountView {
    let response = put(app, client, date, body).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 200, "{date}: {text}");
    serde_json::from_str(&text).unwrap()
}

async fn get(app: &TestApp, client: &Client, path: &str) -> reqwest::Response {
    client.get(app.url(path)).send().await.unwrap()
}

async fn staff(app: &TestApp, org: i64, login: &str, role: StaffRole) -> staff_user::Model {
    mimamori_tests::fixtures::enrolled_staff(app, org, login, role)
        .await
        .unwrap()
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

fn sums(pcr: u64, pcr_pos: u64, antigen: u64, antigen_pos: u64) -> TestCounts {
    TestCounts {
        pcr_performed: pcr,
        pcr_positive: pcr_pos,
        antigen_performed: antigen,
        antigen_positive: antigen_pos,
    }
}

#[tokio::test]
async fn a_correction_replaces_the_same_day_and_the_summary_shows_it() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let hospital = staff_client(&app, &world.institution_staff).await.unwrap();
    let hc = staff(&app, world.health_centre_id, "hc", StaffRole::HcStaff).await;
    let hc = staff_client(&app, &hc).await.unwrap();

    let first = filed(&app, &hospital, TODAY, &counts(10, 2, 5, 1)).await;
    assert_eq!(first.revision, 1);
    assert_eq!(first.counts, sums(10, 2, 5, 1));
    assert_eq!(first.updated_by.id.0, world.institution_staff.id);
    let corrected = filed(&app, &hospital, TODAY, &counts(12, 3, 5, 0)).await;
    assert_eq!(corrected.revision, 2);
    assert_eq!(corrected.counts, sums(12, 3, 5, 0));

    // One record of the day, corrected.
    let rows = test_count::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].revision, rows[0].pcr_performed), (2, 12));
    assert_eq!(rows[0].health_centre_id, world.health_centre_id);
    let list: TestCountList = get(&app, &hospital, "/api/staff/test-counts")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.institution.id.0, world.institution);
    assert_eq!(list.items.len(), 1);
    assert_eq!(list.items[0].revision, 2);

    // Both versions are in the audit log.
    let audited = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("test_count.update"))
        .all(&app.db)
        .await
        .unwrap();
    let details: Vec<_> = audited.iter().filter_map(|a| a.detail.clone()).collect();
    assert_eq!(
        details,
        [
            format!("date:{TODAY}:revision:1"),
            format!("date:{TODAY}:revision:2")
        ]
    );

    let summary: TestCountSummary = get(&app, &hc, "/api/staff/test-counts/summary")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(summary.level, SummaryLevel::HealthCentre);
    assert_eq!(summary.total, sums(12, 3, 5, 0));
    assert_eq!(summary.by_day.len(), 7, "the last seven days by default");
    assert_eq!(summary.by_day[6].date.to_string(), TODAY);
    assert_eq!(summary.by_day[6].counts, sums(12, 3, 5, 0));
    assert_eq!(summary.by_day[6].institutions_reporting, 1);
}

#[tokio::test]
async fn bad_counts_and_dates_are_field_errors() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let hospital = staff_client(&app, &world.institution_staff).await.unwrap();
    for (date, body, field, code) in [
        ("2026-11-24", counts(1, 0, 0, 0), "date", "in_future"),
        ("2026-10-22", counts(1, 0, 0, 0), "date", "too_old"),
        ("2026-13-01", counts(1, 0, 0, 0), "date", "invalid"),
        ("yesterday", counts(1, 0, 0, 0), "date", "invalid"),
        (
            TODAY,
            counts(1, 2, 0, 0),
            "pcr_positive",
            "more_than_performed",
        ),
        (
            TODAY,
            counts(1, 0, 3, 4),
            "antigen_positive",
            "more_than_performed",
        ),
        (TODAY, counts(-1, 0, 0, 0), "pcr_performed", "out_of_range"),
        (
            TODAY,
            counts(100_001, 0, 0, 0),
            "pcr_performed",
            "out_of_range",
        ),
        (
            TODAY,
            json!({"pcr_performed": 1}),
            "antigen_performed",
            "required",
        ),
        (
            TODAY,
            json!({"pcr_performed": "many"}),
            "pcr_performed",
            "invalid",
        ),
        (
            TODAY,
            json!({"pcr_performed": 1.5}),
            "pcr_performed",
            "invalid",
        ),
    ] {
        let response = put(&app, &hospital, date, &body).await;
        assert_eq!(response.status(), 422, "{date} {body}");
        let problem = super::problem(response).await;
        assert!(
            problem
                .errors
                .iter()
                .any(|e| e.field == field && e.code == code),
            "{date} {body}: {:?}",
            problem.errors
        );
    }
    // The oldest correctable day is accepted.
    assert_eq!(
        put(&app, &hospital, "2026-10-23", &counts(0, 0, 0, 0))
            .await
            .status(),
        200
    );
    assert_eq!(test_count::Entity::find().count(&app.db).await.unwrap(), 1);

    // Ranges of the list and the summary.
    let response = get(
        &app,
        &hospital,
        "/api/staff/test-counts?from=2026-11-23&to=2026-11-01",
    )
    .await;
    assert_eq!(response.status(), 422);
    assert_eq!(super::problem(response).await.errors[0].field, "from");
    let response = get(&app, &hospital, "/api/staff/test-counts?from=someday").await;
    assert_eq!(response.status(), 422);
    assert_eq!(super::problem(response).await.errors[0].field, "from");
    let hc = staff(&app, world.health_centre_id, "hc", StaffRole::HcStaff).await;
    let hc = staff_client(&app, &hc).await.unwrap();
    for (query, field, code) in [
        ("from=2025-01-01&to=2026-11-23", "to", "range_too_long"),
        ("from=2026-11-23&to=2026-11-22", "from", "after_to"),
        ("level=nation", "level", "invalid"),
        ("to=2026-02-30", "to", "invalid"),
        // The world's health centre is under no prefecture.
        ("level=prefecture", "level", "no_prefecture"),
    ] {
        for suffix in ["", ".csv"] {
            let response = get(
                &app,
                &hc,
                &format!("/api/staff/test-counts/summary{suffix}?{query}"),
            )
            .await;
            assert_eq!(response.status(), 422, "{query}");
            let problem = super::problem(response).await;
            assert_eq!(
                (
                    problem.errors[0].field.as_str(),
                    problem.errors[0].code.as_str()
                ),
                (field, code),
                "{query}"
            );
        }
    }
    let longest = get(
        &app,
        &hc,
        "/api/staff/test-counts/summary?from=2025-11-23&to=2026-11-23",
    )
    .await;
    assert_eq!(longest.status(), 200, "366 days is the longest range");
}

/// Prefecture P: centre 1 (the world's) with institutions "Hospital I" (the world's) and
/// "Alpha clinic", centre 2 with "Beta hospital". Prefecture Q: centre 3 with "Gamma".
struct Area {
    app: TestApp,
    hc1: Client,
    institutions: Vec<Client>,
}

async fn area() -> Area {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let p = org(&app, OrgKind::Prefecture, "Pref P", None).await;
    app.db
        .execute_unprepared(&format!(
            "UPDATE organisation SET parent_id = {p} WHERE id = {}",
            world.health_centre_id
        ))
        .await
        .unwrap();
    let centre2 = org(&app, OrgKind::HealthCentre, "Centre 2", Some(p)).await;
    let q = org(&app, OrgKind::Prefecture, "Pref Q", None).await;
    let centre3 = org(&app, OrgKind::HealthCentre, "Centre 3", Some(q)).await;
    let alpha = org(
        &app,
        OrgKind::Institution,
        "Alpha clinic",
        Some(world.health_centre_id),
    )
    .await;
    let beta = org(&app, OrgKind::Institution, "Beta hospital", Some(centre2)).await;
    let gamma = org(&app, OrgKind::Institution, "Gamma", Some(centre3)).await;
    // An institution of centre 2 that files nothing.
    org(&app, OrgKind::Institution, "Delta", Some(centre2)).await;
    let mut institutions = vec![staff_client(&app, &world.institution_staff).await.unwrap()];
    for (org, login) in [(alpha, "alpha"), (beta, "beta"), (gamma, "gamma")] {
        let user = staff(&app, org, login, StaffRole::InstitutionStaff).await;
        institutions.push(staff_client(&app, &user).await.unwrap());
    }
    let hc1 = staff(&app, world.health_centre_id, "hc1", StaffRole::HcStaff).await;
    let hc1 = staff_client(&app, &hc1).await.unwrap();
    Area {
        app,
        hc1,
        institutions,
    }
}

#[tokio::test]
async fn summaries_by_day_and_by_institution_for_the_centre_and_the_prefecture() {
    let Area {
        app,
        hc1,
        institutions,
    } = area().await;
    let [hospital_i, alpha, beta, gamma] = &institutions[..] else {
        panic!("four institutions")
    };
    filed(&app, hospital_i, "2026-11-21", &counts(10, 1, 20, 2)).await;
    filed(&app, hospital_i, "2026-11-23", &counts(5, 0, 0, 0)).await;
    filed(&app, alpha, "2026-11-21", &counts(3, 1, 4, 1)).await;
    filed(&app, beta, "2026-11-22", &counts(7, 2, 1, 0)).await;
    filed(&app, gamma, "2026-11-22", &counts(100, 50, 100, 50)).await;
    // A correction of Alpha's day.
    filed(&app, alpha, "2026-11-21", &counts(4, 1, 4, 1)).await;

    let path = "/api/staff/test-counts/summary?from=2026-11-20&to=2026-11-23";
    let centre: TestCountSummary = get(&app, &hc1, path).await.json().await.unwrap();
    assert_eq!(centre.area.name, "Test health centre");
    let days: Vec<(String, TestCounts, u32)> = centre
        .by_day
        .iter()
        .map(|d| (d.date.to_string(), d.counts, d.institutions_reporting))
        .collect();
    assert_eq!(
        days,
        [
            ("2026-11-20".to_owned(), sums(0, 0, 0, 0), 0),
            ("2026-11-21".to_owned(), sums(14, 2, 24, 3), 2),
            ("2026-11-22".to_owned(), sums(0, 0, 0, 0), 0),
            ("2026-11-23".to_owned(), sums(5, 0, 0, 0), 1),
        ]
    );
    let by_institution: Vec<(String, TestCounts, u32)> = centre
        .by_institution
        .iter()
        .map(|i| (i.institution.name.clone(), i.counts, i.days_reported))
        .collect();
    assert_eq!(
        by_institution,
        [
            ("Alpha clinic".to_owned(), sums(4, 1, 4, 1), 1),
            ("Hospital I".to_owned(), sums(15, 1, 20, 2), 2),
        ]
    );
    assert_eq!(centre.total, sums(19, 2, 24, 3));

    let prefecture: TestCountSummary = get(&app, &hc1, &format!("{path}&level=prefecture"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(prefecture.level, SummaryLevel::Prefecture);
    assert_eq!(prefecture.area.name, "Pref P");
    let names: Vec<(&str, &str)> = prefecture
        .by_institution
        .iter()
        .map(|i| (i.institution.name.as_str(), i.health_centre.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("Alpha clinic", "Test health centre"),
            ("Beta hospital", "Centre 2"),
            ("Delta", "Centre 2"),
            ("Hospital I", "Test health centre"),
        ],
        "every institution of the prefecture, none of another"
    );
    assert_eq!(prefecture.by_institution[2].days_reported, 0);
    assert_eq!(prefecture.by_day[2].counts, sums(7, 2, 1, 0));
    assert_eq!(prefecture.by_day[2].institutions_reporting, 1);
    assert_eq!(prefecture.total, sums(26, 4, 25, 3));
}

#[tokio::test]
async fn the_csv_has_a_bom_japanese_headers_and_a_row_per_institution_and_day() {
    let Area {
        app,
        hc1,
        institutions,
    } = area().await;
    filed(&app, &institutions[0], "2026-11-22", &counts(10, 1, 20, 2)).await;
    filed(&app, &institutions[2], "2026-11-23", &counts(7, 2, 1, 0)).await;
    let response = get(
        &app,
        &hc1,
        "/api/staff/test-counts/summary.csv?level=prefecture&from=2026-11-22&to=2026-11-23",
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.contains("test-counts_prefecture_2026-11-22_2026-11-23.csv"),
        "{disposition}"
    );
    let bytes = response.bytes().await.unwrap();
    assert_eq!(&bytes[..3], [0xEF, 0xBB, 0xBF], "UTF-8 byte-order mark");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        "日付,保健所,医療機関,PCR検査実施件数,PCR検査陽性件数,抗原検査実施件数,抗原検査陽性件数,報告"
    );
    // Two days × four institutions of the prefecture.
    assert_eq!(lines.len(), 1 + 2 * 4);
    assert!(lines.contains(&"2026-11-22,Test health centre,Hospital I,10,1,20,2,済"));
    assert!(lines.contains(&"2026-11-23,Centre 2,Beta hospital,7,2,1,0,済"));
    assert!(lines.contains(&"2026-11-23,Centre 2,Delta,,,,,未報告"));
    assert!(!text.contains("Gamma"));
}

#[tokio::test]
async fn only_institutions_file_and_only_health_centres_read_summaries() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    let hospital = staff_client(&app, &world.institution_staff).await.unwrap();
    let hc = staff(&app, world.health_centre_id, "hc", StaffRole::HcStaff).await;
    let hc = staff_client(&app, &hc).await.unwrap();
    for client in [&nurse, &hc] {
        assert_eq!(
            put(&app, client, TODAY, &counts(1, 0, 0, 0)).await.status(),
            403
        );
        assert_eq!(
            get(&app, client, "/api/staff/test-counts").await.status(),
            403
        );
    }
    for client in [&nurse, &hospital] {
        for path in [
            "/api/staff/test-counts/summary",
            "/api/staff/test-counts/summary.csv",
        ] {
            assert_eq!(get(&app, client, path).await.status(), 403, "{path}");
        }
    }
    let anonymous = app.client();
    assert_eq!(
        put(&app, &anonymous, TODAY, &counts(1, 0, 0, 0))
            .await
            .status(),
        401
    );
    assert_eq!(
        get(&app, &anonymous, "/api/staff/test-counts/summary")
            .await
            .status(),
        401
    );
    assert_eq!(test_count::Entity::find().count(&app.db).await.unwrap(), 0);
}
