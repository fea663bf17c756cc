//! Calls of the health centre's screens: registration, CSV import, assignment, invitation.

use super::{decode, json, transport, upload};
use mimamori_shared::api::Problem;
use mimamori_shared::api::intake::{
    AssignCase, AssignmentView, CaseRef, ContractedOrgList, DuplicateCaseProblem, ImportResult,
    InvitationView, RegisterCase, RegisteredCase,
};
use mimamori_shared::ids::CaseId;

/// Where the import template is downloaded from (a plain link: the browser saves the file).
pub const IMPORT_TEMPLATE_URL: &str = "/api/staff/cases/import/template";

/// Why a registration failed: the person is registered already, or any other problem.
#[derive(Debug, Clone, PartialEq)]
pub enum RegisterFailure {
    /// 409 `duplicate_case`, with the case already registered.
    Duplicate(CaseRef),
    /// Anything else (422 with field errors, 403, network…).
    Problem(Problem),
}

/// `POST /api/staff/cases`: registers a case by hand.
pub async fn register_case(request: &RegisterCase) -> Result<RegisteredCase, RegisterFailure> {
    let body = json(request).map_err(RegisterFailure::Problem)?;
    let (status, text) = transport::send("POST", "/api/staff/cases", Some(body))
        .await
        .map_err(RegisterFailure::Problem)?;
    decode_registration(status, &text)
}

fn decode_registration(status: u16, text: &str) -> Result<RegisteredCase, RegisterFailure> {
    if status == 409
        && let Ok(duplicate) = serde_json::from_str::<DuplicateCaseProblem>(text)
    {
        return Err(RegisterFailure::Duplicate(duplicate.existing_case));
    }
    decode(status, text).map_err(RegisterFailure::Problem)
}

/// `POST /api/staff/cases/import`: the file's bytes as they are (UTF-8 or Shift_JIS).
pub async fn import_cases(file: Vec<u8>) -> Result<ImportResult, Problem> {
    let (status, text) = upload::send_csv("/api/staff/cases/import", file).await?;
    decode(status, &text)
}

/// `GET /api/staff/contracted-orgs`: the organisations a case may be assigned to.
pub async fn contracted_orgs() -> Result<ContractedOrgList, Problem> {
    let (status, text) = transport::send("GET", "/api/staff/contracted-orgs", None).await?;
    decode(status, &text)
}

/// `PUT /api/staff/cases/{id}/assignment`: assigns or transfers the case.
pub async fn assign_case(id: CaseId, request: &AssignCase) -> Result<AssignmentView, Problem> {
    let url = format!("/api/staff/cases/{id}/assignment");
    let (status, text) = transport::send("PUT", &url, Some(json(request)?)).await?;
    decode(status, &text)
}

/// `POST /api/staff/cases/{id}/invitation`: a fresh invitation (earlier ones revoked).
pub async fn issue_invitation(id: CaseId) -> Result<InvitationView, Problem> {
    let url = format!("/api/staff/cases/{id}/invitation");
    let (status, text) = transport::send("POST", &url, None).await?;
    decode(status, &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_409_duplicate_carries_the_existing_case() {
        let body = r#"{"type":"about:blank","title":"Conflict","status":409,"code":"duplicate_case",
            "existing_case":{"id":7,"case_number":"3-20261123-0001"}}"#;
        assert_eq!(
            decode_registration(409, body),
            Err(RegisterFailure::Duplicate(CaseRef {
                id: CaseId(7),
                case_number: "3-20261123-0001".into()
            }))
        );
        let created = decode_registration(201, r#"{"id":8,"case_number":"3-20261123-0002"}"#);
        assert_eq!(created.map(|c| c.id), Ok(CaseId(8)));
        let invalid = r#"{"type":"about:blank","title":"x","status":422,"code":"validation"}"#;
        assert!(matches!(
            decode_registration(422, invalid),
            Err(RegisterFailure::Problem(p)) if p.status == 422
        ));
    }
}
