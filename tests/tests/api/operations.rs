use mimamori_tests::TestApp;

#[tokio::test]
async fn healthz_and_readyz_answer() {
    let app = TestApp::spawn().await.unwrap();
    let client = app.client();
    let health = client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    assert_eq!(health.text().await.unwrap(), "ok");
    let ready = client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
}

#[tokio::test]
async fn responses_carry_security_headers_and_a_request_id() {
    let app = TestApp::spawn().await.unwrap();
    let response = app.client().get(app.url("/healthz")).send().await.unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    assert!(header("content-security-policy").contains("frame-ancestors 'none'"));
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("x-frame-options"), "DENY");
    assert_eq!(header("x-request-id").len(), 36);
}

#[tokio::test]
async fn unknown_api_path_is_a_problem_404_not_the_app_shell() {
    let app = TestApp::spawn().await.unwrap();
    let response = app
        .client()
        .get(app.url("/api/nothing/here"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(super::problem(response).await.code, "no_such_route");
}

#[tokio::test]
async fn cross_site_state_change_is_refused() {
    let app = TestApp::spawn().await.unwrap();
    let response = app
        .client()
        .post(app.url("/api/patient/session"))
        .header("origin", "https://evil.example")
        .json(&serde_json::json!({"case_number": "x", "password": "y"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}
