//! Typed calls to the patient API (`docs/api-slice.md`).
//!
//! Each call returns the `shared` response type or an [`ApiError`]; the session cookie travels
//! by itself because the app and the API share an origin. How a response is read (status, body)
//! is the pure function [`interpret`], tested natively; only the transport is browser-specific.

use mimamori_shared::api::Problem;
use mimamori_shared::api::auth::{PatientMe, PatientSignIn, RedeemInvitation};
use mimamori_shared::api::patient::{
    AddHouseholdMember, CreatePushSubscription, DeletePushSubscription, MessageList,
    ReminderPreferences, VapidPublicKey,
};
use mimamori_shared::api::reports::{CreateReport, ReportList, ReportView};
use mimamori_shared::ids::{CaseId, ReportId};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Why a call did not give the expected answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The server refused with problem details (`code`, and field errors for a 422). Boxed:
    /// it is large, and every `Result` of the API carries it.
    Problem(Box<Problem>),
    /// No answer: offline, no signal, DNS, or the request could not be made.
    Network,
    /// An answer that is neither the expected type nor problem details (a proxy's error page).
    Unexpected {
        /// HTTP status of the answer.
        status: u16,
    },
}

impl ApiError {
    /// The HTTP status of the answer, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Problem(problem) => Some(problem.status),
            ApiError::Unexpected { status } => Some(*status),
            ApiError::Network => None,
        }
    }

    /// The problem's stable code, when the server sent problem details.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiError::Problem(problem) => Some(problem.code.as_str()),
            _ => None,
        }
    }
}

/// HTTP methods the patient API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Get,
    Post,
    Put,
    Delete,
}

/// `POST /api/patient/invitations/redeem`: sets the password and signs in.
pub async fn redeem_invitation(body: &RedeemInvitation) -> Result<PatientMe, ApiError> {
    call(Method::Post, "/api/patient/invitations/redeem", Some(body)).await
}

/// `POST /api/patient/session`: signs in with case number and password.
pub async fn sign_in(body: &PatientSignIn) -> Result<PatientMe, ApiError> {
    call(Method::Post, "/api/patient/session", Some(body)).await
}

/// `DELETE /api/patient/session`: signs out (the server clears the cookie).
pub async fn sign_out() -> Result<(), ApiError> {
    let (status, text) = transport::fetch(Method::Delete, "/api/patient/session", None).await?;
    interpret_empty(status, &text)
}

/// `GET /api/patient/me`: who is signed in; a 401 problem when no one is.
pub async fn me() -> Result<PatientMe, ApiError> {
    call::<(), _>(Method::Get, "/api/patient/me", None).await
}

/// `POST /api/patient/cases/{case_id}/reports`: stores a report (or answers the one already
/// stored under the same idempotency key).
pub async fn create_report(case_id: CaseId, body: &CreateReport) -> Result<ReportView, ApiError> {
    let path = format!("/api/patient/cases/{case_id}/reports");
    call(Method::Post, &path, Some(body)).await
}

/// `GET /api/patient/cases/{case_id}/reports`: the case's reports, newest first.
pub async fn list_reports(case_id: CaseId) -> Result<ReportList, ApiError> {
    let path = format!("/api/patient/cases/{case_id}/reports");
    call::<(), _>(Method::Get, &path, None).await
}

/// `PUT /api/patient/cases/{case_id}/reports/{report_id}`: corrects the current slot's report
/// (409 `not_current_slot` once the slot is over).
pub async fn correct_report(
    case_id: CaseId,
    report_id: ReportId,
    body: &CreateReport,
) -> Result<ReportView, ApiError> {
    let path = format!("/api/patient/cases/{case_id}/reports/{report_id}");
    call(Method::Put, &path, Some(body)).await
}

/// `POST /api/patient/household`: adds a household member's case with their invitation.
pub async fn add_household_member(body: &AddHouseholdMember) -> Result<PatientMe, ApiError> {
    call(Method::Post, "/api/patient/household", Some(body)).await
}

/// `GET /api/patient/cases/{case_id}/messages`: messages from staff, newest first.
pub async fn list_messages(case_id: CaseId) -> Result<MessageList, ApiError> {
    let path = format!("/api/patient/cases/{case_id}/messages");
    call::<(), _>(Method::Get, &path, None).await
}

/// `GET /api/patient/push/vapid-public-key`: the key the browser subscribes with.
pub async fn vapid_public_key() -> Result<VapidPublicKey, ApiError> {
    call::<(), _>(Method::Get, "/api/patient/push/vapid-public-key", None).await
}

/// `POST /api/patient/push/subscriptions`: stores this device's push subscription.
pub async fn create_push_subscription(body: &CreatePushSubscription) -> Result<(), ApiError> {
    let json = serde_json::to_string(body).map_err(|_| ApiError::Network)?;
    let (status, text) =
        transport::fetch(Method::Post, "/api/patient/push/subscriptions", Some(json)).await?;
    interpret_empty(status, &text)
}

/// `DELETE /api/patient/push/subscriptions`: forgets this device's push subscription.
pub async fn delete_push_subscription(body: &DeletePushSubscription) -> Result<(), ApiError> {
    let json = serde_json::to_string(body).map_err(|_| ApiError::Network)?;
    let (status, text) = transport::fetch(
        Method::Delete,
        "/api/patient/push/subscriptions",
        Some(json),
    )
    .await?;
    interpret_empty(status, &text)
}

/// `GET /api/patient/preferences`: reminders on or off, and their window.
pub async fn preferences() -> Result<ReminderPreferences, ApiError> {
    call::<(), _>(Method::Get, "/api/patient/preferences", None).await
}

/// `PUT /api/patient/preferences`: saves reminders on or off and their window.
pub async fn save_preferences(body: &ReminderPreferences) -> Result<ReminderPreferences, ApiError> {
    call(Method::Put, "/api/patient/preferences", Some(body)).await
}

async fn call<B: Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<&B>,
) -> Result<T, ApiError> {
    let body = match body {
        // Serialising our own request types cannot fail; if it ever did, nothing was sent.
        Some(body) => Some(serde_json::to_string(body).map_err(|_| ApiError::Network)?),
        None => None,
    };
    let (status, text) = transport::fetch(method, path, body).await?;
    interpret(status, &text)
}

/// Reads an answer: a 2xx body as `T`, anything else as problem details.
pub fn interpret<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, ApiError> {
    if (200..300).contains(&status) {
        serde_json::from_str(body).map_err(|_| ApiError::Unexpected { status })
    } else {
        Err(problem(status, body))
    }
}

/// Reads an answer that has no body on success (204).
pub fn interpret_empty(status: u16, body: &str) -> Result<(), ApiError> {
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(problem(status, body))
    }
}

fn problem(status: u16, body: &str) -> ApiError {
    match serde_json::from_str::<Problem>(body) {
        Ok(problem) => ApiError::Problem(Box::new(problem)),
        Err(_) => ApiError::Unexpected { status },
    }
}

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
mod transport {
    use super::{ApiError, Method};
    use gloo_net::http::{Request, RequestBuilder};
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    /// How long a request may take before it counts as "no answer". A phone with one bar of
    /// signal can otherwise leave the patient watching "Sending…" for minutes; a report that
    /// times out is queued and resent under the same idempotency key, so if it did arrive it is
    /// still stored once.
    const TIMEOUT_MS: i32 = 20_000;

    /// An abort signal that fires after [`TIMEOUT_MS`]. (`AbortSignal.timeout()` is newer than
    /// some phones' browsers.)
    fn timeout_signal() -> Option<web_sys::AbortSignal> {
        let controller = web_sys::AbortController::new().ok()?;
        let signal = controller.signal();
        let abort = Closure::once_into_js(move || controller.abort());
        web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                abort.unchecked_ref(),
                TIMEOUT_MS,
            )
            .ok()?;
        Some(signal)
    }

    /// Sends one request; any answer, whatever its status, comes back as (status, body text).
    pub async fn fetch(
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<(u16, String), ApiError> {
        let builder: RequestBuilder = match method {
            Method::Get => Request::get(path),
            Method::Post => Request::post(path),
            Method::Put => Request::put(path),
            Method::Delete => Request::delete(path),
        }
        .header("Accept", "application/json, application/problem+json")
        .abort_signal(timeout_signal().as_ref());
        let request = match body {
            Some(json) => builder
                .header("Content-Type", "application/json")
                .body(json)
                .map_err(|_| ApiError::Network)?,
            None => builder.build().map_err(|_| ApiError::Network)?,
        };
        let response = request.send().await.map_err(|error| {
            // The path only: never the body, which holds passwords and clinical answers.
            dioxus::logger::tracing::warn!(path, %error, "request failed");
            ApiError::Network
        })?;
        let status = response.status();
        // A body that cannot be read is treated like an empty one: the status still counts.
        let text = response.text().await.unwrap_or_default();
        Ok((status, text))
    }
}

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
mod transport {
    use super::{ApiError, Method};

    /// Natively there is no browser to send with: every call fails as if offline.
    pub async fn fetch(
        _method: Method,
        _path: &str,
        _body: Option<String>,
    ) -> Result<(u16, String), ApiError> {
        Err(ApiError::Network)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROBLEM_422: &str = r#"{"type":"about:blank","title":"Unprocessable","status":422,
        "code":"validation","errors":[{"field":"spo2","code":"out_of_range","message":"x"}]}"#;

    #[test]
    fn success_body_is_read_as_the_response_type() {
        let got: Result<Vec<u8>, _> = interpret(200, "[1,2]");
        assert_eq!(got, Ok(vec![1, 2]));
    }

    #[test]
    fn problem_json_becomes_a_problem_with_field_errors() {
        let Err(got) = interpret::<Vec<u8>>(422, PROBLEM_422) else {
            panic!("a 422 is an error");
        };
        assert_eq!(got.status(), Some(422));
        assert_eq!(got.code(), Some("validation"));
        let ApiError::Problem(problem) = got else {
            panic!("expected a problem");
        };
        assert_eq!(
            problem.field("spo2").map(|e| e.code.as_str()),
            Some("out_of_range")
        );
    }

    #[test]
    fn an_html_error_page_is_unexpected() {
        let got = interpret::<Vec<u8>>(502, "<html>Bad gateway</html>");
        assert_eq!(got, Err(ApiError::Unexpected { status: 502 }));
        assert_eq!(ApiError::Unexpected { status: 502 }.code(), None);
    }

    #[test]
    fn a_success_with_an_unreadable_body_is_unexpected() {
        let got = interpret::<Vec<u8>>(200, "{");
        assert_eq!(got, Err(ApiError::Unexpected { status: 200 }));
    }

    #[test]
    fn no_content_is_success_for_empty_calls() {
        assert_eq!(interpret_empty(204, ""), Ok(()));
        let unauthenticated =
            r#"{"type":"about:blank","title":"t","status":401,"code":"unauthenticated"}"#;
        let got = interpret_empty(401, unauthenticated);
        assert_eq!(
            got.as_ref().err().and_then(ApiError::code),
            Some("unauthenticated")
        );
    }
}
