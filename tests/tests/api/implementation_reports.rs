//! Daily implementation reports: compiled at the health centre's report time from what staff and
//! patients did through the API, stored once, e-mailed once to a real local SMTP server with a CSV
//! (UTF-8 with BOM) and an XLSX file that an independent reader opens, re-compiled for the past
//! date with the same numbers, and readable through the API only by the health centre and the
//! follow-up organisation concerned.

use calamine::{Data, Reader, Xlsx};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use mail_parser::{MessageParser, MimeHeaders};
use mailin_embedded::response::OK;
use mailin_embedded::{Handler, Response, Server};
use mimamori_server::db;
use mimamori_server::entities::{delivery, implementation_report, staff_user};
use mimamori_server::services::{implementation_reports, setup};
use mimamori_shared::api::admin::OrgKind;
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::api::implementation_reports::{
    ImplementationCounts, ImplementationReportList, ImplementationReportView,
};
use mimamori_tests::fixtures::{
    STAFF_PASSWORD, World, add_case, patient_client, report_body, staff_client,
};
use mimamori_tests::{Options, TestApp, test_epoch};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

const HC_ADDRESS: &str = "hokenjo@city.example.jp";

// ---------------------------------------------------------------------------------------------
// A local SMTP server (as in email_delivery.rs).

#[derive(Clone)]
struct Inbox {
    received: Arc<Mutex<Vec<Vec<u8>>>>,
    current: Option<Vec<u8>>,
}

impl Handler for Inbox {
    fn data_start(
        &mut self,
        _domain: &str,
        _from: &str,
        _is8bit: bool,
        _to: &[String],
    ) -> Response {
        self.current = Some(Vec::new());
        OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if let Some(current) = &mut self.current {
            current.extend_from_slice(buf);
        }
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        if let Some(current) = self.current.take() {
            self.received.lock().unwrap().push(current);
        }
        OK
    }
}

fn start_smtp_server() -> (u16, Arc<Mutex<Vec<Vec<u8>>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let received = Arc::new(Mutex::new(Vec::new()));
    let mut server = Server::new(Inbox {
        received: received.clone(),
        current: None,
    });
    server.with_name("smtp.test").with_tcp_listener(listener);
    std::thread::spawn(move || server.serve().map_err(|e| e.to_string()));
    (port, received)
}

// ---------------------------------------------------------------------------------------------
// The scenario.

/// Test epoch's local day (Monday 2026-11-23 in Tokyo).
fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// `hh:mm` on the test day in Tokyo.
fn tokyo(hour: i64, minute: i64) -> DateTime<Utc> {
    // The epoch is 10:00 Tokyo.
    test_epoch() + Duration::hours(hour - 10) + Duration::minutes(minute)
}

struct Scenario {
    app: TestApp,
    world: World,
    hc_staff: staff_user::Model,
    received: Arc<Mutex<Vec<Vec<u8>>>>,
    /// Expected counts of organisation A and B.
    expected_a: ImplementationCounts,
    expected_b: ImplementationCounts,
    /// Org B's case, which reports late (after the cut).
    late_case: i64,
}

async fn post(client: &reqwest::Client, app: &TestApp, path: &str, body: Value) -> Value {
    let response = client.post(app.url(path)).json(&body).send().await.unwrap();
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
    response.json().await.unwrap()
}

fn tally_flag(counts: &mut ImplementationCounts, report: &Value) {
    match report["flag"].as_str() {
        Some("red") => counts.red += 1,
        Some("amber") => counts.amber += 1,
        _ => {}
    }
}

/// A health centre with contracts with A and B and a staff member with an e-mail address;
/// cases of A (one reports by app, one by proxy and gets a finding referring for admission,
/// one gets two calls and ends as hospitalised) and one case of B that does not report.
async fn scenario() -> Scenario {
    let (port, received) = start_smtp_server();
    let app = TestApp::spawn_with(Options {
        smtp_url: Some(format!("smtp://127.0.0.1:{port}")),
        ..Options::default()
    })
    .await
    .unwrap();
    let world = World::create(&app).await.unwrap();
    let (hc, now) = (world.health_centre_id, app.now());
    db::contracts::insert(&app.db, world.org_a, hc, now)
        .await
        .unwrap();
    db::contracts::insert(&app.db, world.org_b, hc, now)
        .await
        .unwrap();
    let hc_staff = setup::create_staff(
        &app.db,
        &app.keys,
        hc,
        "hc.reports",
        "保健所 職員",
        StaffRole::HcStaff,
        STAFF_PASSWORD,
        now,
    )
    .await
    .unwrap();
    app.db
        .execute_unprepared(&format!(
            "UPDATE staff_user SET email = '{HC_ADDRESS}' WHERE id = {}",
            hc_staff.id
        ))
        .await
        .unwrap();

    let by_app = world.case.id;
    let by_proxy = add_case(&app, hc, world.org_a, "T-0002").await.unwrap().id;
    let called = add_case(&app, hc, world.org_a, "T-0003").await.unwrap().id;
    let late_case = add_case(&app, hc, world.org_b, "T-0004").await.unwrap().id;

    let mut a = ImplementationCounts {
        under_followup: 3,
        new_cases: 3,
        ended_hospitalised: 1,
        reports_app: 1,
        reports_proxy: 1,
        not_reported: 1,
        contact_attempts: 2,
        findings: 2,
        referred_admission: 2,
        ..ImplementationCounts::default()
    };
    let b = ImplementationCounts {
        under_followup: 1,
        new_cases: 1,
        not_reported: 1,
        ..ImplementationCounts::default()
    };

    let patient = patient_client(&app, by_app).await.unwrap();
    let report = post(
        &patient,
        &app,
        &format!("/api/patient/cases/{by_app}/reports"),
        report_body(36.6, Some(97)),
    )
    .await;
    tally_flag(&mut a, &report);

    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    let report = post(
        &nurse,
        &app,
        &format!("/api/staff/cases/{by_proxy}/reports"),
        report_body(38.4, Some(93)),
    )
    .await;
    tally_flag(&mut a, &report);
    for _ in 0..2 {
        post(
            &nurse,
            &app,
            &format!("/api/staff/cases/{called}/calls"),
            json!({"outcome": "no_answer", "note": ""}),
        )
        .await;
    }

    let doctor = staff_client(&app, &world.doctor_a).await.unwrap();
    post(
        &doctor,
        &app,
        &format!("/api/staff/cases/{by_proxy}/findings"),
        json!({"assessment": "SpO2 93", "plan": "入院調整", "referral": "admission"}),
    )
    .await;
    post(
        &doctor,
        &app,
        &format!("/api/staff/cases/{by_app}/findings"),
        json!({"assessment": "stable", "plan": "continue", "referral": "none"}),
    )
    .await;
    post(
        &doctor,
        &app,
        &format!("/api/staff/cases/{called}/end"),
        json!({"reason": "hospitalised", "note": ""}),
    )
    .await;

    Scenario {
        app,
        world,
        hc_staff,
        received,
        expected_a: a,
        expected_b: b,
        late_case,
    }
}

async fn stored(app: &TestApp) -> Vec<implementation_report::Model> {
    let mut rows = implementation_report::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    rows.sort_by_key(|r| r.followup_org_id);
    rows
}

/// One tick of the scheduler; returns how many implementation reports it stored.
async fn tick_reports(app: &TestApp) -> u64 {
    let (summary, _) = app.tick().await.unwrap();
    summary.implementation_reports
}

fn counts(row: &implementation_report::Model) -> ImplementationCounts {
    serde_json::from_str(&row.counts).unwrap()
}

async fn report_deliveries(app: &TestApp) -> u64 {
    delivery::Entity::find()
        .filter(delivery::Column::Purpose.eq("implementation_report"))
        .count(&app.db)
        .await
        .unwrap()
}

/// The data row of the CSV, after checking the BOM and the Japanese header.
fn csv_row(bytes: &[u8]) -> Vec<String> {
    assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF], "UTF-8 byte-order mark");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 2, "header and one row: {text}");
    assert!(
        lines[0].starts_with("報告日,保健所,委託先,健康観察中,新規,"),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains("未報告") && lines[0].contains("入院調整"));
    lines[1].split(',').map(str::to_owned).collect()
}

/// The count columns of a CSV row, in the order of `ImplementationCounts::entries`.
fn expected_cells(counts: &ImplementationCounts) -> Vec<String> {
    counts
        .entries()
        .iter()
        .map(|(_, n)| n.to_string())
        .collect()
}

/// Opens the XLSX with calamine and returns its header row and data row as text.
fn xlsx_rows(bytes: &[u8]) -> (Vec<String>, Vec<String>) {
    let mut workbook: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let range = workbook.worksheet_range("実施報告").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Float(f) => format!("{f}"),
                    Data::Int(i) => i.to_string(),
                    Data::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 2, "header and one row");
    (rows[0].clone(), rows[1].clone())
}

#[tokio::test]
async fn reports_are_compiled_at_report_time_stored_once_and_mailed_once() {
    let s = scenario().await;
    let app = &s.app;

    // Before the report time: nothing.
    app.clock.set(tokyo(16, 59));
    let (summary, _) = app.tick().await.unwrap();
    assert_eq!(summary.implementation_reports, 0);
    assert!(stored(app).await.is_empty());

    // At the report time: one report per pair, with the counts arranged above.
    app.clock.set(tokyo(17, 0));
    assert_eq!(tick_reports(app).await, 2);
    let rows = stored(app).await;
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].followup_org_id, s.world.org_a);
    assert_eq!(rows[0].report_date, day());
    assert_eq!(counts(&rows[0]), s.expected_a, "organisation A");
    assert_eq!(rows[1].followup_org_id, s.world.org_b);
    assert_eq!(counts(&rows[1]), s.expected_b, "organisation B");
    assert_eq!(report_deliveries(app).await, 2, "one e-mail per report");

    // A report after the cut changes nothing about the day.
    app.clock.set(tokyo(17, 30));
    let patient = patient_client(app, s.late_case).await.unwrap();
    post(
        &patient,
        app,
        &format!("/api/patient/cases/{}/reports", s.late_case),
        report_body(36.5, Some(98)),
    )
    .await;

    // Ticking again, and compiling the past date again, give the same and send nothing.
    for minutes in [1, 60] {
        app.advance(Duration::minutes(minutes));
        let (summary, _) = app.tick().await.unwrap();
        assert_eq!(summary.implementation_reports, 0);
    }
    app.clock
        .set(tokyo(17, 0) + Duration::days(1) - Duration::hours(1));
    let again = implementation_reports::compile_for_date(&app.db, s.world.health_centre_id, day())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.len(), 2);
    assert_eq!(
        again[&(s.world.health_centre_id, s.world.org_a)],
        s.expected_a
    );
    assert_eq!(
        again[&(s.world.health_centre_id, s.world.org_b)],
        s.expected_b
    );
    let stored_again = implementation_reports::compile_and_store(
        &app.db,
        s.world.health_centre_id,
        day(),
        app.now(),
    )
    .await
    .unwrap();
    assert_eq!(stored_again, 0, "a re-run stores nothing new");
    app.deliver().await.unwrap();
    assert_eq!(stored(app).await.len(), 2);
    assert_eq!(
        report_deliveries(app).await,
        2,
        "still one e-mail per report"
    );

    // The e-mails, as the SMTP server received them.
    // (Other jobs may mail other things; only the reports are looked at.)
    let received: Vec<Vec<u8>> = s
        .received
        .lock()
        .unwrap()
        .iter()
        .filter(|raw| {
            MessageParser::default()
                .parse(raw.as_slice())
                .and_then(|m| m.subject().map(|s| s.contains("実施報告")))
                .unwrap_or(false)
        })
        .cloned()
        .collect();
    assert_eq!(received.len(), 2, "two messages over SMTP, once each");
    let mut seen_a = false;
    for raw in &received {
        let message = MessageParser::default().parse(raw).unwrap();
        let to = message.to().and_then(|a| a.first()).unwrap();
        assert_eq!(to.address(), Some(HC_ADDRESS));
        let subject = message.subject().unwrap();
        assert!(subject.contains("実施報告"), "{subject}");
        assert!(subject.contains("2026-11-23"), "{subject}");
        let body = message.body_text(0).unwrap();
        assert!(body.contains("健康観察中"), "Japanese body");
        assert!(body.contains("Under follow-up"), "English body");
        let attachments: Vec<_> = message.attachments().collect();
        assert_eq!(attachments.len(), 2);
        let csv = attachments
            .iter()
            .find(|a| a.attachment_name().is_some_and(|n| n.ends_with(".csv")))
            .unwrap();
        let xlsx = attachments
            .iter()
            .find(|a| a.attachment_name().is_some_and(|n| n.ends_with(".xlsx")))
            .unwrap();
        let row = csv_row(csv.contents());
        let expected = if row[2] == "Clinic A" {
            seen_a = true;
            s.expected_a
        } else {
            assert_eq!(row[2], "Clinic B");
            s.expected_b
        };
        assert_eq!(row[0], "2026-11-23");
        assert_eq!(row[1], "Test health centre");
        assert_eq!(row[3..].to_vec(), expected_cells(&expected), "CSV counts");
        let (header, data) = xlsx_rows(xlsx.contents());
        assert_eq!(header[0], "報告日");
        assert_eq!(header[3], "健康観察中");
        assert_eq!(data[..3].to_vec(), row[..3].to_vec());
        assert_eq!(data[3..].to_vec(), expected_cells(&expected), "XLSX counts");
    }
    assert!(seen_a, "organisation A's report arrived");
}

#[tokio::test]
async fn a_day_missed_while_the_server_was_down_is_caught_up_the_next_day() {
    let s = scenario().await;
    let app = &s.app;
    // The server was down at 17:00; it comes back the next morning.
    app.clock.set(tokyo(9, 0) + Duration::days(1));
    assert_eq!(tick_reports(app).await, 2);
    let rows = stored(app).await;
    assert_eq!(rows[0].report_date, day());
    assert_eq!(counts(&rows[0]), s.expected_a);
    assert_eq!(counts(&rows[1]), s.expected_b);
    let (summary, _) = app.tick().await.unwrap();
    assert_eq!(summary.implementation_reports, 0);
}

async fn get(client: &reqwest::Client, app: &TestApp, path: &str) -> reqwest::Response {
    client.get(app.url(path)).send().await.unwrap()
}

#[tokio::test]
async fn reports_are_read_by_the_health_centre_and_the_organisation_concerned_only() {
    let s = scenario().await;
    let app = &s.app;
    app.clock.set(tokyo(17, 0));
    tick_reports(app).await;
    let rows = stored(app).await;
    let (report_a, report_b) = (rows[0].id, rows[1].id);

    // Another health centre, its staff and its own report.
    let other = setup::create_org(
        &app.db,
        OrgKind::HealthCentre,
        "Other centre",
        None,
        None,
        app.now(),
    )
    .await
    .unwrap();
    let other_hc = setup::create_staff(
        &app.db,
        &app.keys,
        other.id,
        "hc.other",
        "hc.other",
        StaffRole::HcStaff,
        STAFF_PASSWORD,
        app.now(),
    )
    .await
    .unwrap();
    let admin = setup::create_staff(
        &app.db,
        &app.keys,
        other.id,
        "admin.x",
        "admin.x",
        StaffRole::Admin,
        STAFF_PASSWORD,
        app.now(),
    )
    .await
    .unwrap();

    let hc = staff_client(app, &s.hc_staff).await.unwrap();
    let list: ImplementationReportList = get(&hc, app, "/api/staff/implementation-reports")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.items.len(), 2, "the centre sees both organisations");
    assert_eq!(list.items[0].counts, s.expected_a);
    assert_eq!(list.items[0].followup_org_name, "Clinic A");

    let filtered: ImplementationReportList = get(
        &hc,
        app,
        "/api/staff/implementation-reports?from=2026-11-24&to=2026-11-30",
    )
    .await
    .json()
    .await
    .unwrap();
    assert!(filtered.items.is_empty(), "date filter");
    let bad = get(
        &hc,
        app,
        "/api/staff/implementation-reports?from=2026-11-24&to=2026-11-20",
    )
    .await;
    assert_eq!(bad.status(), 422);

    let nurse_a = staff_client(app, &s.world.nurse_a).await.unwrap();
    let list: ImplementationReportList = get(&nurse_a, app, "/api/staff/implementation-reports")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.items.len(), 1, "an organisation sees its own");
    assert_eq!(list.items[0].id, report_a);
    let one: ImplementationReportView = get(
        &nurse_a,
        app,
        &format!("/api/staff/implementation-reports/{report_a}"),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(one.counts, s.expected_a);
    for path in [
        format!("/api/staff/implementation-reports/{report_b}"),
        format!("/api/staff/implementation-reports/{report_b}/csv"),
        format!("/api/staff/implementation-reports/{report_b}/xlsx"),
        "/api/staff/implementation-reports/999999".to_owned(),
    ] {
        assert_eq!(get(&nurse_a, app, &path).await.status(), 404, "{path}");
    }

    let doctor_b = staff_client(app, &s.world.doctor_b).await.unwrap();
    assert_eq!(
        get(
            &doctor_b,
            app,
            &format!("/api/staff/implementation-reports/{report_b}/csv")
        )
        .await
        .status(),
        200
    );

    let other_hc = staff_client(app, &other_hc).await.unwrap();
    let list: ImplementationReportList = get(&other_hc, app, "/api/staff/implementation-reports")
        .await
        .json()
        .await
        .unwrap();
    assert!(list.items.is_empty());
    assert_eq!(
        get(
            &other_hc,
            app,
            &format!("/api/staff/implementation-reports/{report_a}")
        )
        .await
        .status(),
        404
    );

    let admin = staff_client(app, &admin).await.unwrap();
    for path in [
        "/api/staff/implementation-reports".to_owned(),
        format!("/api/staff/implementation-reports/{report_a}"),
        format!("/api/staff/implementation-reports/{report_a}/xlsx"),
    ] {
        assert_eq!(get(&admin, app, &path).await.status(), 403, "{path}");
    }

    // Downloads: type, disposition, and the same numbers.
    let response = get(
        &hc,
        app,
        &format!("/api/staff/implementation-reports/{report_a}/csv"),
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
        disposition.starts_with("attachment; filename=\"implementation-report_2026-11-23_"),
        "{disposition}"
    );
    assert!(disposition.ends_with(".csv\""), "{disposition}");
    let row = csv_row(&response.bytes().await.unwrap());
    assert_eq!(row[3..].to_vec(), expected_cells(&s.expected_a));

    let response = get(
        &hc,
        app,
        &format!("/api/staff/implementation-reports/{report_a}/xlsx"),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        implementation_reports::XLSX_TYPE
    );
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .ends_with(".xlsx\"")
    );
    let (_, data) = xlsx_rows(&response.bytes().await.unwrap());
    assert_eq!(data[3..].to_vec(), expected_cells(&s.expected_a));

    // Every read is audited.
    let audited = mimamori_server::entities::audit_log::Entity::find()
        .filter(
            mimamori_server::entities::audit_log::Column::Action
                .is_in(["implementation_reports.list", "implementation_report.read"]),
        )
        .filter(mimamori_server::entities::audit_log::Column::ActorId.eq(s.hc_staff.id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(audited, 4, "two lists and two downloads");
}
