//! Calls of the notifications page and bell, and of the organisation-settings form.

use super::{decode, json, transport};
use mimamori_shared::api::Problem;
use mimamori_shared::api::org_settings::{OrgSettingsView, UpdateOrgSettings};
use mimamori_shared::api::staff_notifications::{
    MarkNotificationsRead, MarkedRead, NotificationList,
};
use mimamori_shared::ids::OrgId;

/// `GET /api/staff/notifications`: a page of the caller's notifications, older than `before`.
pub async fn list(before: Option<i64>, limit: u32) -> Result<NotificationList, Problem> {
    let url = match before {
        Some(before) => format!("/api/staff/notifications?limit={limit}&before={before}"),
        None => format!("/api/staff/notifications?limit={limit}"),
    };
    let (status, body) = transport::send("GET", &url, None).await?;
    decode(status, &body)
}

/// `POST /api/staff/notifications/read`.
pub async fn mark_read(request: &MarkNotificationsRead) -> Result<MarkedRead, Problem> {
    let (status, body) = transport::send(
        "POST",
        "/api/staff/notifications/read",
        Some(json(request)?),
    )
    .await?;
    decode(status, &body)
}

/// `GET /api/staff/admin/orgs/{id}/settings`.
pub async fn org_settings(id: OrgId) -> Result<OrgSettingsView, Problem> {
    let url = format!("/api/staff/admin/orgs/{id}/settings");
    let (status, body) = transport::send("GET", &url, None).await?;
    decode(status, &body)
}

/// `PUT /api/staff/admin/orgs/{id}/settings`.
pub async fn update_org_settings(
    id: OrgId,
    request: &UpdateOrgSettings,
) -> Result<OrgSettingsView, Problem> {
    let url = format!("/api/staff/admin/orgs/{id}/settings");
    let (status, body) = transport::send("PUT", &url, Some(json(request)?)).await?;
    decode(status, &body)
}
