//! Calls of the administration screens: organisations, contracts, users, and their CSV imports.

use super::{decode, decode_empty, json, percent_encode, transport, upload};
use mimamori_shared::api::Problem;
use mimamori_shared::api::admin::{
    ContractList, ContractView, CreateContract, CreateOrg, CreateUser, OrgNode, OrgTree, UserList,
    UserQuery, UserView,
};
use mimamori_shared::api::bulk_import::{OrgImportResult, UserImportResult};
use mimamori_shared::ids::{ContractId, StaffId};

/// Where the organisations import's template is downloaded from (a plain link).
pub const ORGS_TEMPLATE_URL: &str = "/api/staff/admin/orgs/import/template";

/// Where the staff import's template is downloaded from (a plain link).
pub const USERS_TEMPLATE_URL: &str = "/api/staff/admin/users/import/template";

/// `GET /api/staff/admin/orgs`: the organisations the administrator manages.
pub async fn orgs() -> Result<OrgTree, Problem> {
    let (status, body) = transport::send("GET", "/api/staff/admin/orgs", None).await?;
    decode(status, &body)
}

/// `POST /api/staff/admin/orgs`.
pub async fn create_org(request: &CreateOrg) -> Result<OrgNode, Problem> {
    let (status, body) =
        transport::send("POST", "/api/staff/admin/orgs", Some(json(request)?)).await?;
    decode(status, &body)
}

/// `POST /api/staff/admin/orgs/import`: the file's bytes as they are (UTF-8 or Shift_JIS).
pub async fn import_orgs(file: Vec<u8>) -> Result<OrgImportResult, Problem> {
    let (status, body) = upload::send_csv("/api/staff/admin/orgs/import", file).await?;
    decode(status, &body)
}

/// `GET /api/staff/admin/contracts`.
pub async fn contracts() -> Result<ContractList, Problem> {
    let (status, body) = transport::send("GET", "/api/staff/admin/contracts", None).await?;
    decode(status, &body)
}

/// `POST /api/staff/admin/contracts`.
pub async fn create_contract(request: &CreateContract) -> Result<ContractView, Problem> {
    let (status, body) =
        transport::send("POST", "/api/staff/admin/contracts", Some(json(request)?)).await?;
    decode(status, &body)
}

/// `DELETE /api/staff/admin/contracts/{id}`.
pub async fn delete_contract(id: ContractId) -> Result<(), Problem> {
    let url = format!("/api/staff/admin/contracts/{id}");
    let (status, body) = transport::send("DELETE", &url, None).await?;
    decode_empty(status, &body)
}

/// `GET /api/staff/admin/users` with filters.
pub async fn users(query: &UserQuery) -> Result<UserList, Problem> {
    let (status, body) = transport::send("GET", &users_url(query), None).await?;
    decode(status, &body)
}

fn users_url(query: &UserQuery) -> String {
    let mut parts = Vec::new();
    if let Some(org) = query.organisation_id {
        parts.push(format!("organisation_id={org}"));
    }
    if let Some(role) = query.role {
        parts.push(format!("role={}", percent_encode(role.as_str())));
    }
    if let Some(active) = query.active {
        parts.push(format!("active={active}"));
    }
    if parts.is_empty() {
        "/api/staff/admin/users".to_owned()
    } else {
        format!("/api/staff/admin/users?{}", parts.join("&"))
    }
}

/// `POST /api/staff/admin/users`.
pub async fn create_user(request: &CreateUser) -> Result<UserView, Problem> {
    let (status, body) =
        transport::send("POST", "/api/staff/admin/users", Some(json(request)?)).await?;
    decode(status, &body)
}

/// `POST /api/staff/admin/users/import`: the file's bytes as they are; the answer carries each
/// new user's one-time password, which is shown once and never kept in the browser.
pub async fn import_users(file: Vec<u8>) -> Result<UserImportResult, Problem> {
    let (status, body) = upload::send_csv("/api/staff/admin/users/import", file).await?;
    decode(status, &body)
}

/// `POST /api/staff/admin/users/{id}/deactivate`.
pub async fn deactivate_user(id: StaffId) -> Result<UserView, Problem> {
    let url = format!("/api/staff/admin/users/{id}/deactivate");
    let (status, body) = transport::send("POST", &url, None).await?;
    decode(status, &body)
}

/// `POST /api/staff/admin/users/{id}/reset-2fa`.
pub async fn reset_two_factor(id: StaffId) -> Result<UserView, Problem> {
    let url = format!("/api/staff/admin/users/{id}/reset-2fa");
    let (status, body) = transport::send("POST", &url, None).await?;
    decode(status, &body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mimamori_shared::api::auth::StaffRole;
    use mimamori_shared::ids::OrgId;

    #[test]
    fn user_filters_go_in_the_query_string() {
        assert_eq!(users_url(&UserQuery::default()), "/api/staff/admin/users");
        let query = UserQuery {
            organisation_id: Some(OrgId(4)),
            role: Some(StaffRole::HcStaff),
            active: Some(false),
        };
        assert_eq!(
            users_url(&query),
            "/api/staff/admin/users?organisation_id=4&role=hc_staff&active=false"
        );
    }
}
