//! The OpenAPI document is kept in step with the routes: every documented operation exists on
//! the server, and every API route the server answers is documented.

use super::problem;
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{World, staff_client};

/// Every API operation the server has; adding a route without adding it here (and so without
/// documenting it) fails `every_route_is_documented`.
const EXPECTED: &[(&str, &str)] = &[
    ("get", "/healthz"),
    ("get", "/readyz"),
    ("post", "/api/patient/invitations/redeem"),
    ("post", "/api/patient/session"),
    ("delete", "/api/patient/session"),
    ("get", "/api/patient/me"),
    ("post", "/api/patient/cases/{case_id}/reports"),
    ("get", "/api/patient/cases/{case_id}/reports"),
    ("post", "/api/staff/session"),
    ("delete", "/api/staff/session"),
    ("get", "/api/staff/me"),
    ("post", "/api/staff/totp/enrolment"),
    ("post", "/api/staff/totp/enrolment/confirm"),
    ("put", "/api/staff/me/password"),
    ("get", "/api/staff/reports"),
    ("get", "/api/staff/worklist"),
    ("get", "/api/staff/cases/{case_id}"),
    ("post", "/api/staff/cases/{case_id}/findings"),
    ("post", "/api/staff/cases/{case_id}/messages"),
    ("put", "/api/patient/cases/{case_id}/reports/{report_id}"),
    ("post", "/api/patient/household"),
    ("get", "/api/patient/cases/{case_id}/messages"),
    ("get", "/api/patient/push/vapid-public-key"),
    ("post", "/api/patient/push/subscriptions"),
    ("delete", "/api/patient/push/subscriptions"),
    ("get", "/api/patient/preferences"),
    ("put", "/api/patient/preferences"),
    ("post", "/api/staff/cases/{case_id}/calls"),
    ("post", "/api/staff/cases/{case_id}/reports"),
    ("post", "/api/staff/cases/{case_id}/reviews"),
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
    ("get", "/api/staff/admin/audit"),
    ("post", "/api/staff/cases"),
    ("post", "/api/staff/cases/import"),
    ("get", "/api/staff/cases/import/template"),
    ("get", "/api/staff/contracted-orgs"),
    ("put", "/api/staff/cases/{case_id}/assignment"),
    ("post", "/api/staff/cases/{case_id}/invitation"),
    ("get", "/api/staff/admin/orgs"),
    ("post", "/api/staff/admin/orgs"),
    ("post", "/api/staff/admin/orgs/import"),
    ("get", "/api/staff/admin/orgs/import/template"),
    ("get", "/api/staff/admin/contracts"),
    ("post", "/api/staff/admin/contracts"),
    ("delete", "/api/staff/admin/contracts/{contract_id}"),
    ("get", "/api/staff/admin/users"),
    ("post", "/api/staff/admin/users"),
    ("post", "/api/staff/admin/users/import"),
    ("get", "/api/staff/admin/users/import/template"),
    ("post", "/api/staff/admin/users/{staff_id}/deactivate"),
    ("post", "/api/staff/admin/users/{staff_id}/reset-2fa"),
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

/// The server's OpenAPI document.
async fn document(app: &TestApp) -> serde_json::Value {
    app.client()
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

pub async fn documented(app: &TestApp) -> Vec<(String, String)> {
    let doc = document(app).await;
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "OpenAPI 3.1"
    );
    let mut operations = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            operations.push((method.clone(), path.clone()));
        }
    }
    operations.sort();
    operations
}

#[tokio::test]
async fn every_route_is_documented() {
    let app = TestApp::spawn().await.unwrap();
    let mut expected: Vec<(String, String)> = EXPECTED
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    expected.sort();
    assert_eq!(documented(&app).await, expected);
}

#[tokio::test]
async fn every_documented_operation_exists() {
    let app = TestApp::spawn().await.unwrap();
    let client = app.client();
    for (method, path) in documented(&app).await {
        let url = app.url(
            &path
                .replace("{case_id}", "1")
                .replace("{report_id}", "1")
                .replace("{finding_id}", "1")
                .replace("{contract_id}", "1")
                .replace("{staff_id}", "1"),
        );
        let request = match method.as_str() {
            "get" => client.get(&url),
            "post" => client.post(&url).json(&serde_json::json!({})),
            "delete" => client.delete(&url).json(&serde_json::json!({})),
            "put" => client.put(&url).json(&serde_json::json!({})),
            other => panic!("unexpected method {other}"),
        };
        let response = request.send().await.unwrap();
        assert_ne!(response.status(), 405, "{method} {path}");
        if response.status() == 404 {
            let body: serde_json::Value = response.json().await.unwrap();
            assert_ne!(
                body["code"], "no_such_route",
                "{method} {path} is documented but not routed"
            );
        }
    }
}

fn content_type(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_path_id_that_cannot_exist_is_a_problem_json_404() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    let case = world.case.id;
    for path in [
        "/api/staff/cases/abc".to_owned(),
        "/api/staff/cases/99999999999999999999".to_owned(),
        "/api/staff/cases/1.5".to_owned(),
        format!("/api/staff/cases/{case}/reports/x/versions"),
        format!("/api/staff/cases/{case}/findings/-/amendments"),
    ] {
        let response = if path.ends_with("amendments") {
            nurse
                .post(app.url(&path))
                .json(&serde_json::json!({"assessment": "x"}))
                .send()
                .await
                .unwrap()
        } else {
            nurse.get(app.url(&path)).send().await.unwrap()
        };
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(
            content_type(&response),
            "application/problem+json",
            "{path}"
        );
        assert_eq!(problem(response).await.code, "not_found", "{path}");
    }
}

#[tokio::test]
async fn a_method_a_route_does_not_take_is_a_problem_json_405() {
    let app = TestApp::spawn().await.unwrap();
    let response = app
        .client()
        .patch(app.url("/api/staff/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(content_type(&response), "application/problem+json");
    assert_eq!(problem(response).await.code, "method_not_allowed");
}

#[tokio::test]
async fn errors_are_documented_as_problem_json() {
    let app = TestApp::spawn().await.unwrap();
    let doc = document(&app).await;
    let mut problems = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            for (status, response) in operation["responses"].as_object().unwrap() {
                let Some(content) = response["content"].as_object() else {
                    continue;
                };
                for (media, body) in content {
                    let is_problem = body["schema"]["$ref"] == "#/components/schemas/Problem";
                    if is_problem {
                        problems += 1;
                    }
                    assert_eq!(
                        is_problem,
                        media == "application/problem+json",
                        "{method} {path} {status}: {media}"
                    );
                }
            }
        }
    }
    assert!(
        problems > 200,
        "every error response is a problem: {problems}"
    );
}

#[tokio::test]
async fn every_operation_lists_the_errors_its_shape_can_meet() {
    let app = TestApp::spawn().await.unwrap();
    let doc = document(&app).await;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let responses = operation["responses"].as_object().unwrap();
            let placed = |place: &str| {
                operation["parameters"]
                    .as_array()
                    .is_some_and(|ps| ps.iter().any(|p| p["in"] == place))
            };
            let mut wanted = vec!["429", "503"];
            if operation.get("requestBody").is_some() {
                wanted.extend(["400", "415", "422"]);
            }
            if placed("path") {
                wanted.push("404");
            }
            if placed("query") {
                wanted.push("422");
            }
            for status in wanted {
                assert!(
                    responses.contains_key(status),
                    "{method} {path} does not list {status}"
                );
            }
        }
    }
}

/// Every `$ref` in `value`, with where it was found.
fn refs(value: &serde_json::Value, at: &str, found: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                if key == "$ref" {
                    found.push((at.to_owned(), inner.as_str().unwrap_or_default().to_owned()));
                } else {
                    refs(inner, &format!("{at}/{key}"), found);
                }
            }
        }
        serde_json::Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                refs(inner, &format!("{at}/{i}"), found);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn every_reference_in_the_document_resolves() {
    let app = TestApp::spawn().await.unwrap();
    let doc = document(&app).await;
    let mut found = Vec::new();
    refs(&doc, "", &mut found);
    assert!(!found.is_empty());
    for (at, target) in found {
        let pointer = target.strip_prefix('#').unwrap_or(&target);
        assert!(
            doc.pointer(pointer).is_some(),
            "{at}: {target} resolves to nothing"
        );
    }
}
