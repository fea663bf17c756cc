//! The audit log as administrators read it (`GET /api/staff/admin/audit`).

use crate::ids::{CaseId, OrgId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Filters of the audit view; every one is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct AuditQuery {
    /// Entries by this staff member (login ID).
    pub actor: Option<String>,
    /// Entries of this action (e.g. `case.read`).
    pub action: Option<String>,
    /// Entries about this case.
    pub case_id: Option<CaseId>,
    /// Entries of staff of this organisation.
    pub organisation_id: Option<OrgId>,
    /// From this day (UTC), inclusive.
    pub from: Option<NaiveDate>,
    /// Up to this day (UTC), inclusive.
    pub to: Option<NaiveDate>,
    /// Cursor: entries older than this entry id (the `next` of the previous page).
    pub before: Option<i64>,
    /// Page size, 1–200 (default 100).
    pub limit: Option<u64>,
}

/// One audit entry. It carries ids and codes only: never names or clinical text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntryView {
    /// Id of the entry.
    pub id: i64,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// `staff`, `patient` or `system`.
    pub actor_kind: String,
    /// The staff member's login ID, for staff entries.
    pub actor_login: Option<String>,
    /// Id of the actor (staff id or patient account id).
    pub actor_id: Option<i64>,
    /// Role of a staff actor.
    pub role: Option<String>,
    /// Organisation of a staff actor.
    pub organisation_id: Option<OrgId>,
    /// What was done (e.g. `case.read`).
    pub action: String,
    /// The case concerned, if any.
    pub case_id: Option<CaseId>,
    /// Client address.
    pub client_addr: Option<String>,
    /// What else the action concerned (ids).
    pub detail: Option<String>,
    /// Position in the hash chain; `None` until sealed (within a second or so).
    pub seq: Option<i64>,
}

/// A page of the audit log, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditList {
    /// Entries, newest first.
    pub items: Vec<AuditEntryView>,
    /// Cursor of the next (older) page, when there is one.
    pub next: Option<i64>,
}
