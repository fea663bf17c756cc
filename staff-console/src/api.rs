//! Typed calls to the staff API (`/api/staff/...`, docs/api-slice.md).
//!
//! Every call answers the shared response type or a [`Problem`]. Failures that never reached
//! the API (no network, a proxy's HTML error page) are turned into a `Problem` too, with
//! [`NETWORK_STATUS`] or the proxy's status, so pages handle one error type.
#![expect(
    clippy::result_large_err,
    reason = "a Problem is the API's one error shape; it is made at most once per request"
)]

use chrono::NaiveDate;
use mimamori_shared::api::Problem;
use mimamori_shared::api::auth::{StaffMe, StaffSignIn};
use mimamori_shared::api::cases::CaseView;
use mimamori_shared::api::findings::{CreateFinding, FindingView};
use mimamori_shared::api::patient::{CreateMessage, MessageView};
use mimamori_shared::api::reports::DailyReportList;
use mimamori_shared::ids::CaseId;
use serde::de::DeserializeOwned;

pub mod admin;
pub mod case_notifications;
pub mod hc;
pub mod inpatient;
pub mod notifications;
pub mod reports_daily;
pub mod test_counts;
mod upload;

/// The `status` of a problem made up in the browser when the request got no HTTP answer.
pub const NETWORK_STATUS: u16 = 0;

/// `GET /api/staff/me`: who is signed in; 401 when nobody is.
pub async fn me() -> Result<StaffMe, Problem> {
    let (status, body) = transport::send("GET", "/api/staff/me", None).await?;
    decode(status, &body)
}

/// `POST /api/staff/session`: signs in with the three factors.
pub async fn sign_in(request: &StaffSignIn) -> Result<StaffMe, Problem> {
    let (status, body) =
        transport::send("POST", "/api/staff/session", Some(json(request)?)).await?;
    decode(status, &body)
}

/// `DELETE /api/staff/session`: signs out.
pub async fn sign_out() -> Result<(), Problem> {
    let (status, body) = transport::send("DELETE", "/api/staff/session", None).await?;
    decode_empty(status, &body)
}

/// `GET /api/staff/reports?date=`: the reports of one day, most urgent first.
pub async fn daily_reports(date: Option<NaiveDate>) -> Result<DailyReportList, Problem> {
    let (status, body) = transport::send("GET", &daily_reports_url(date), None).await?;
    decode(status, &body)
}

/// `GET /api/staff/cases/{id}`: the case record.
pub async fn case(id: CaseId) -> Result<CaseView, Problem> {
    let (status, body) = transport::send("GET", &format!("/api/staff/cases/{id}"), None).await?;
    decode(status, &body)
}

/// `POST /api/staff/cases/{id}/findings`: a doctor's finding.
pub async fn create_finding(id: CaseId, request: &CreateFinding) -> Result<FindingView, Problem> {
    let url = format!("/api/staff/cases/{id}/findings");
    let (status, body) = transport::send("POST", &url, Some(json(request)?)).await?;
    decode(status, &body)
}

/// `POST /api/staff/cases/{id}/messages`: a message to the patient, shown in the patient's app.
pub async fn create_message(id: CaseId, request: &CreateMessage) -> Result<MessageView, Problem> {
    let url = format!("/api/staff/cases/{id}/messages");
    let (status, body) = transport::send("POST", &url, Some(json(request)?)).await?;
    decode(status, &body)
}

/// `POST /api/staff/totp/enrolment`: a new (pending) secret with its QR code.
pub async fn start_enrolment()
-> Result<mimamori_shared::api::staff_security::TotpEnrolment, Problem> {
    let (status, body) = transport::send("POST", "/api/staff/totp/enrolment", None).await?;
    decode(status, &body)
}

/// `POST /api/staff/totp/enrolment/confirm`: confirms the secret; answers the recovery codes.
pub async fn confirm_enrolment(
    request: &mimamori_shared::api::staff_security::ConfirmTotpEnrolment,
) -> Result<mimamori_shared::api::staff_security::RecoveryCodes, Problem> {
    let url = "/api/staff/totp/enrolment/confirm";
    let (status, body) = transport::send("POST", url, Some(json(request)?)).await?;
    decode(status, &body)
}

/// `PUT /api/staff/me/password`: changes the signed-in member's password.
pub async fn change_password(
    request: &mimamori_shared::api::staff_security::ChangePassword,
) -> Result<(), Problem> {
    let url = "/api/staff/me/password";
    let (status, body) = transport::send("PUT", url, Some(json(request)?)).await?;
    decode_empty(status, &body)
}

/// `POST /api/staff/cases/{id}/calls`: logs a phone call in the case timeline.
pub async fn create_call(
    id: CaseId,
    request: &mimamori_shared::api::case_actions::CreateCall,
) -> Result<mimamori_shared::api::cases::CaseEventView, Problem> {
    case_post(id, "calls", request).await
}

/// `POST /api/staff/cases/{id}/reports`: a report entered for the patient after a call; 201
/// when stored, 200 when the same idempotency key was stored before.
pub async fn create_proxy_report(
    id: CaseId,
    request: &mimamori_shared::api::reports::CreateReport,
) -> Result<mimamori_shared::api::reports::ReportView, Problem> {
    case_post(id, "reports", request).await
}

/// `PUT /api/staff/cases/{id}/reports/{report}`: a correction staff enter after a call; the
/// report gets a new version, judged afresh and marked as entered by staff.
pub async fn correct_report(
    id: CaseId,
    report: mimamori_shared::ids::ReportId,
    request: &mimamori_shared::api::reports::CreateReport,
) -> Result<mimamori_shared::api::reports::ReportView, Problem> {
    let url = format!("/api/staff/cases/{id}/reports/{report}");
    let (status, body) = transport::send("PUT", &url, Some(json(request)?)).await?;
    decode(status, &body)
}

/// `POST /api/staff/cases/{id}/reviews`: marks the given reports (none: every unreviewed one)
/// reviewed.
pub async fn mark_reviewed(
    id: CaseId,
    request: &mimamori_shared::api::case_actions::MarkReviewed,
) -> Result<mimamori_shared::api::case_actions::ReviewView, Problem> {
    case_post(id, "reviews", request).await
}

/// `POST /api/staff/cases/{id}/findings/{finding}/amendments`: a doctor's amendment; the
/// finding amended stays as it was.
pub async fn amend_finding(
    id: CaseId,
    finding: mimamori_shared::ids::FindingId,
    request: &CreateFinding,
) -> Result<FindingView, Problem> {
    case_post(id, &format!("findings/{finding}/amendments"), request).await
}

/// `POST /api/staff/cases/{id}/escalations`: a doctor escalates the case to the health centre.
pub async fn escalate(
    id: CaseId,
    request: &mimamori_shared::api::case_actions::CreateEscalation,
) -> Result<mimamori_shared::api::cases::CaseEventView, Problem> {
    case_post(id, "escalations", request).await
}

/// `POST /api/staff/cases/{id}/end`: ends follow-up; answers the ended (read-only) record.
pub async fn end_follow_up(
    id: CaseId,
    request: &mimamori_shared::api::case_actions::EndFollowUp,
) -> Result<CaseView, Problem> {
    case_post(id, "end", request).await
}

/// `GET /api/staff/worklist?…`: one page of the work list; `query` is the query string the
/// work-list page makes (`?bucket=red&limit=50…`).
pub async fn worklist(query: &str) -> Result<mimamori_shared::api::worklist::WorkList, Problem> {
    let url = format!("/api/staff/worklist{query}");
    let (status, body) = transport::send("GET", &url, None).await?;
    decode(status, &body)
}

/// `POST /api/staff/cases/{id}/reviews` with `{}`: marks every unreviewed report of the case
/// reviewed (the work list's "mark reviewed").
pub async fn mark_case_reviewed(
    id: CaseId,
) -> Result<mimamori_shared::api::case_actions::ReviewView, Problem> {
    let url = format!("/api/staff/cases/{id}/reviews");
    let (status, body) = transport::send("POST", &url, Some("{}".to_owned())).await?;
    decode(status, &body)
}

/// `GET /api/staff/cases/{id}/reports/{report}/versions`: every version, oldest first.
pub async fn report_versions(
    id: CaseId,
    report: mimamori_shared::ids::ReportId,
) -> Result<mimamori_shared::api::reports::ReportVersionList, Problem> {
    let url = format!("/api/staff/cases/{id}/reports/{report}/versions");
    let (status, body) = transport::send("GET", &url, None).await?;
    decode(status, &body)
}

/// `PUT /api/staff/cases/{id}/thresholds`: a doctor sets the case's own SpO2 thresholds.
pub async fn set_thresholds(
    id: CaseId,
    request: &mimamori_shared::api::case_actions::SetCaseThresholds,
) -> Result<CaseView, Problem> {
    let url = format!("/api/staff/cases/{id}/thresholds");
    let (status, body) = transport::send("PUT", &url, Some(json(request)?)).await?;
    decode(status, &body)
}

/// `POST /api/staff/cases/{id}/extend`: extends the follow-up period.
pub async fn extend_follow_up(
    id: CaseId,
    request: &mimamori_shared::api::case_actions::ExtendFollowUp,
) -> Result<CaseView, Problem> {
    case_post(id, "extend", request).await
}

/// A POST under `/api/staff/cases/{id}/` with a JSON body.
async fn case_post<T: DeserializeOwned>(
    id: CaseId,
    rest: &str,
    request: &impl serde::Serialize,
) -> Result<T, Problem> {
    let url = format!("/api/staff/cases/{id}/{rest}");
    let (status, body) = transport::send("POST", &url, Some(json(request)?)).await?;
    decode(status, &body)
}

fn daily_reports_url(date: Option<NaiveDate>) -> String {
    match date {
        // ISO dates need no percent-encoding.
        Some(date) => format!("/api/staff/reports?date={}", date.format("%Y-%m-%d")),
        None => "/api/staff/reports".to_owned(),
    }
}

fn json(value: &impl serde::Serialize) -> Result<String, Problem> {
    serde_json::to_string(value).map_err(|e| local_problem(NETWORK_STATUS, "encode", e.to_string()))
}

/// Turns a status and body into the success type or the problem the server sent.
pub(crate) fn decode<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, Problem> {
    if (200..300).contains(&status) {
        serde_json::from_str(body).map_err(|e| local_problem(status, "bad_response", e.to_string()))
    } else {
        Err(problem_from(status, body))
    }
}

/// Like [`decode`] for answers without a body (204).
pub(crate) fn decode_empty(status: u16, body: &str) -> Result<(), Problem> {
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(problem_from(status, body))
    }
}

fn problem_from(status: u16, body: &str) -> Problem {
    serde_json::from_str::<Problem>(body)
        .unwrap_or_else(|_| local_problem(status, "http_error", format!("HTTP {status}")))
}

/// A problem made in the browser, shaped like the server's.
pub(crate) fn local_problem(status: u16, code: &str, detail: String) -> Problem {
    Problem {
        kind: "about:blank".to_owned(),
        title: code.to_owned(),
        status,
        detail: Some(detail),
        code: code.to_owned(),
        errors: Vec::new(),
    }
}

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
mod transport {
    use super::{NETWORK_STATUS, local_problem};
    use gloo_net::http::{Method, RequestBuilder};
    use mimamori_shared::api::Problem;

    /// Sends a request with the session cookie (same origin) and reads the whole answer.
    pub async fn send(
        method: &str,
        url: &str,
        body: Option<String>,
    ) -> Result<(u16, String), Problem> {
        let method = match method {
            "POST" => Method::POST,
            "PUT" => Method::PUT,
            "DELETE" => Method::DELETE,
            _ => Method::GET,
        };
        let builder = RequestBuilder::new(url)
            .method(method)
            .header("Accept", "application/json, application/problem+json");
        let sent = match body {
            Some(body) => {
                let request = builder
                    .header("Content-Type", "application/json")
                    .body(body)
                    .map_err(network)?;
                request.send().await
            }
            None => builder.send().await,
        };
        let response = sent.map_err(network)?;
        let text = response.text().await.map_err(network)?;
        Ok((response.status(), text))
    }

    fn network(error: gloo_net::Error) -> Problem {
        local_problem(NETWORK_STATUS, "network", error.to_string())
    }
}

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
mod transport {
    use super::{NETWORK_STATUS, local_problem};
    use mimamori_shared::api::Problem;

    /// Outside a browser there is no fetch: every call fails as if offline.
    pub async fn send(
        _method: &str,
        _url: &str,
        _body: Option<String>,
    ) -> Result<(u16, String), Problem> {
        Err(local_problem(
            NETWORK_STATUS,
            "network",
            "the staff console talks to the API only in a browser".to_owned(),
        ))
    }
}

/// `GET /api/staff/admin/audit`: a page of the audit log (administrators).
pub async fn audit_entries(
    query: &mimamori_shared::api::audit::AuditQuery,
) -> Result<mimamori_shared::api::audit::AuditList, Problem> {
    let (status, body) = transport::send("GET", &audit_url(query), None).await?;
    decode(status, &body)
}

fn audit_url(query: &mimamori_shared::api::audit::AuditQuery) -> String {
    let mut parts = Vec::new();
    let mut text = |name: &str, value: &Option<String>| {
        if let Some(value) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            parts.push(format!("{name}={}", percent_encode(value)));
        }
    };
    text("actor", &query.actor);
    text("action", &query.action);
    if let Some(case) = query.case_id {
        parts.push(format!("case_id={case}"));
    }
    if let Some(from) = query.from {
        parts.push(format!("from={}", from.format("%Y-%m-%d")));
    }
    if let Some(to) = query.to {
        parts.push(format!("to={}", to.format("%Y-%m-%d")));
    }
    if let Some(before) = query.before {
        parts.push(format!("before={before}"));
    }
    if parts.is_empty() {
        "/api/staff/admin/audit".to_owned()
    } else {
        format!("/api/staff/admin/audit?{}", parts.join("&"))
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay as they are).
fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_bodies_decode_to_the_response_type() {
        let body = r#"{"date":"2024-05-01","items":[]}"#;
        let list = decode::<DailyReportList>(200, body).map(|l| l.date);
        assert_eq!(
            list,
            Ok(NaiveDate::from_ymd_opt(2024, 5, 1).unwrap_or_default())
        );
    }

    #[test]
    fn error_bodies_decode_to_the_servers_problem() {
        let body = r#"{"type":"about:blank","title":"Unprocessable","status":422,
            "code":"validation","errors":[{"field":"assessment","code":"required","message":"required"}]}"#;
        let Err(problem) = decode::<FindingView>(422, body) else {
            panic!("a 422 must be an error");
        };
        assert_eq!(problem.status, 422);
        assert_eq!(
            problem.field("assessment").map(|e| e.code.as_str()),
            Some("required")
        );
    }

    #[test]
    fn a_proxy_error_page_still_gives_a_problem_with_its_status() {
        let Err(problem) = decode::<StaffMe>(502, "<html>Bad gateway</html>") else {
            panic!("a 502 must be an error");
        };
        assert_eq!((problem.status, problem.code.as_str()), (502, "http_error"));
    }

    #[test]
    fn no_content_is_success_without_a_body() {
        assert_eq!(decode_empty(204, ""), Ok(()));
        assert_eq!(decode_empty(401, "").map_err(|p| p.status), Err(401));
    }

    #[test]
    fn report_url_carries_the_date_only_when_given() {
        assert_eq!(daily_reports_url(None), "/api/staff/reports");
        let date = NaiveDate::from_ymd_opt(2024, 5, 1);
        assert_eq!(
            daily_reports_url(date),
            "/api/staff/reports?date=2024-05-01"
        );
    }
}
