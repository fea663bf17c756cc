//! Prometheus metrics: `/metrics` on its own listener, never on the public one; the names
//! docs/operations.md's alert rules use; a submitted report moves its counter; no personal data in
//! any label.
//!
//! The recorder is one per process and the tests of this binary run side by side, so counters
//! are compared before and after, never with absolute values.

use mimamori_server::metrics::name;
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{World, patient_client, report_body, staff_client};

async fn scrape(app: &TestApp) -> String {
    let response = reqwest::get(&app.metrics_url).await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    response.text().await.unwrap()
}

/// The value of the sample line `metric{labels}` (labels in the exporter's order), 0 if absent.
fn sample(text: &str, metric: &str, labels: &str) -> f64 {
    let prefix = if labels.is_empty() {
        format!("{metric} ")
    } else {
        format!("{metric}{{{labels}}} ")
    };
    text.lines()
        .find_map(|line| line.strip_prefix(&prefix))
        .map_or(0.0, |value| value.trim().parse().unwrap())
}

#[tokio::test]
async fn metrics_are_scraped_on_their_own_listener_and_a_report_moves_its_counter() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let patient = patient_client(&app, world.case.id).await.unwrap();

    // Not on the public listener: there /metrics is the patient app (or 404 without it).
    let public = reqwest::get(app.url("/metrics")).await.unwrap();
    assert!(!public.text().await.unwrap().contains(name::HTTP_REQUESTS));

    let before = scrape(&app).await;
    let response = patient
        .post(app.url(&format!("/api/patient/cases/{}/reports", world.case.id)))
        .json(&report_body(39.4, Some(92)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let wrong = app
        .client()
        .post(app.url("/api/staff/session"))
        .json(&serde_json::json!({"login_id": world.nurse_a.login_id, "password": "wrong password", "totp_code": "000000"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    staff_client(&app, &world.nurse_a).await.unwrap();
    let after = scrape(&app).await;

    // SQLite and red reports take the transaction path; either way the red flag is counted.
    let stored = |text: &str| {
        sample(
            text,
            name::REPORTS_STORED,
            "flag=\"red\",path=\"transaction\"",
        ) + sample(text, name::REPORTS_STORED, "flag=\"red\",path=\"batched\"")
    };
    assert!(
        stored(&after) >= stored(&before) + 1.0,
        "the red report is counted:\n{after}"
    );
    let created = "method=\"POST\",route=\"/api/patient/cases/{case_id}/reports\",status=\"201\"";
    assert!(
        sample(&after, name::HTTP_REQUESTS, created)
            >= sample(&before, name::HTTP_REQUESTS, created) + 1.0
    );
    assert!(
        after.contains(&format!(
            "{}_bucket{{{created},le=\"0.1\"}}",
            name::HTTP_DURATION
        )),
        "a latency histogram by route template:\n{after}"
    );
    assert!(
        sample(&after, name::SIGN_IN_FAILURES, "who=\"staff\"")
            >= sample(&before, name::SIGN_IN_FAILURES, "who=\"staff\"") + 1.0
    );

    // Read from the database at each scrape.
    for gauge in [
        format!("{}{{channel=\"email\"}}", name::OUTBOX_BACKLOG),
        format!("{}{{channel=\"push\"}}", name::OUTBOX_OLDEST_AGE),
        name::AUDIT_UNSEALED.to_owned(),
        name::AUDIT_SEALER_LAG.to_owned(),
        format!("{}{{state=\"idle\"}}", name::DB_POOL),
        name::RED_UNREVIEWED_OVER_HOUR.to_owned(),
    ] {
        assert!(
            after
                .lines()
                .any(|line| line.starts_with(&format!("{gauge} "))),
            "{gauge} is exported:\n{after}"
        );
    }
    // The report was submitted at the test clock's epoch, days before the real now, and
    // nobody has reviewed it.
    let later = scrape(&app).await;
    assert!(
        sample(&later, name::RED_UNREVIEWED_OVER_HOUR, "") >= 1.0,
        "nobody has looked at the red report for over an hour:\n{later}"
    );

    // Route templates, codes and outcomes only: no case number, name or id in any label.
    for private in [
        world.case.case_number.as_str(),
        world.nurse_a.login_id.as_str(),
    ] {
        assert!(
            !later.lines().any(|l| l.contains(private)),
            "{private} appears in a label:\n{later}"
        );
    }
}
