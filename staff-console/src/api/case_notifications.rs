//! Calls of the notification (発生届) screens: the institution's list and form, the health
//! centre's intake queue, accept and return (`/api/staff/case-notifications`, see
//! `mimamori_shared::api::case_notifications`).

use super::{decode, json, transport};
use mimamori_shared::api::Problem;
use mimamori_shared::api::case_notifications::{
    AcceptNotification, AcceptedNotification, NotificationDefaults, NotificationForm,
    NotificationList, NotificationStatus, NotificationView, ReturnNotification,
};
use mimamori_shared::api::intake::{CaseRef, DuplicateCaseProblem};
use mimamori_shared::ids::CaseNotificationId;

/// Not `/notifications`: that is the console's own notification list (the bell).
const BASE: &str = "/api/staff/case-notifications";

/// `GET …/defaults`: the institution, its health centre and the form a new one starts from.
pub async fn defaults() -> Result<NotificationDefaults, Problem> {
    let (status, body) = transport::send("GET", &format!("{BASE}/defaults"), None).await?;
    decode(status, &body)
}

/// `GET …?status=`: the caller's notifications (an institution's own; a health centre's
/// incoming), newest first.
pub async fn list(status: Option<NotificationStatus>) -> Result<NotificationList, Problem> {
    let (code, body) = transport::send("GET", &list_url(status), None).await?;
    decode(code, &body)
}

fn list_url(status: Option<NotificationStatus>) -> String {
    match status {
        // The codes are snake_case ASCII: nothing to percent-encode.
        Some(status) => format!("{BASE}?status={}", status.as_str()),
        None => BASE.to_owned(),
    }
}

/// `POST …`: a new draft.
pub async fn create(form: &NotificationForm) -> Result<NotificationView, Problem> {
    let (status, body) = transport::send("POST", BASE, Some(json(form)?)).await?;
    decode(status, &body)
}

/// `GET …/{id}`.
pub async fn get(id: CaseNotificationId) -> Result<NotificationView, Problem> {
    let (status, body) = transport::send("GET", &format!("{BASE}/{id}"), None).await?;
    decode(status, &body)
}

/// `PUT …/{id}`: saves a draft or a returned notification.
pub async fn update(
    id: CaseNotificationId,
    form: &NotificationForm,
) -> Result<NotificationView, Problem> {
    let url = format!("{BASE}/{id}");
    let (status, body) = transport::send("PUT", &url, Some(json(form)?)).await?;
    decode(status, &body)
}

/// `POST …/{id}/submit`: 422 with every field error when something is missing.
pub async fn submit(id: CaseNotificationId) -> Result<NotificationView, Problem> {
    let url = format!("{BASE}/{id}/submit");
    let (status, body) = transport::send("POST", &url, None).await?;
    decode(status, &body)
}

/// Why an accept failed: the person is registered already, or any other problem.
#[derive(Debug, Clone, PartialEq)]
pub enum AcceptFailure {
    /// 409 `duplicate_case`, with the case already registered (accept again linking to it).
    Duplicate(CaseRef),
    /// Anything else (422 with field errors, 409 when decided meanwhile, 404…).
    Problem(Problem),
}

/// `POST …/{id}/accept`.
pub async fn accept(
    id: CaseNotificationId,
    request: &AcceptNotification,
) -> Result<AcceptedNotification, AcceptFailure> {
    let body = json(request).map_err(AcceptFailure::Problem)?;
    let url = format!("{BASE}/{id}/accept");
    let (status, text) = transport::send("POST", &url, Some(body))
        .await
        .map_err(AcceptFailure::Problem)?;
    decode_accept(status, &text)
}

fn decode_accept(status: u16, text: &str) -> Result<AcceptedNotification, AcceptFailure> {
    if status == 409
        && let Ok(duplicate) = serde_json::from_str::<DuplicateCaseProblem>(text)
        && duplicate.problem.code == "duplicate_case"
    {
        return Err(AcceptFailure::Duplicate(duplicate.existing_case));
    }
    decode(status, text).map_err(AcceptFailure::Problem)
}

/// `POST …/{id}/return`: back to the institution with a comment.
pub async fn return_to_institution(
    id: CaseNotificationId,
    request: &ReturnNotification,
) -> Result<NotificationView, Problem> {
    let url = format!("{BASE}/{id}/return");
    let (status, body) = transport::send("POST", &url, Some(json(request)?)).await?;
    decode(status, &body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mimamori_shared::ids::CaseId;

    #[test]
    fn the_list_asks_for_a_status_only_when_given() {
        assert_eq!(list_url(None), "/api/staff/case-notifications");
        assert_eq!(
            list_url(Some(NotificationStatus::Submitted)),
            "/api/staff/case-notifications?status=submitted"
        );
    }

    #[test]
    fn a_duplicate_on_accept_carries_the_existing_case() {
        let body = r#"{"type":"about:blank","title":"Conflict","status":409,"code":"duplicate_case",
            "existing_case":{"id":7,"case_number":"3-20261124-0001"}}"#;
        assert_eq!(
            decode_accept(409, body),
            Err(AcceptFailure::Duplicate(CaseRef {
                id: CaseId(7),
                case_number: "3-20261124-0001".into()
            }))
        );
        // Another conflict (decided meanwhile) is a plain problem.
        let decided =
            r#"{"type":"about:blank","title":"Conflict","status":409,"code":"not_submitted"}"#;
        assert!(matches!(
            decode_accept(409, decided),
            Err(AcceptFailure::Problem(p)) if p.code == "not_submitted"
        ));
        let accepted = decode_accept(200, r#"{"case":{"id":8,"case_number":"x"},"created":true}"#);
        assert_eq!(accepted.map(|a| a.case.id), Ok(CaseId(8)));
    }
}
