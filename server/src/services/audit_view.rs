//! The administrators' view of the audit log (docs/audit.md, "Reading the log").

use super::audit;
use crate::access::{OrgScope, StaffAction, staff_may};
use crate::auth::StaffCaller;
use crate::db;
use crate::db::audit::AuditFilter;
use crate::entities::audit_log;
use crate::error::ApiError;
use chrono::{DateTime, Days, NaiveDate, Utc};
use mimamori_shared::api::FieldError;
use mimamori_shared::api::audit::{AuditEntryView, AuditList, AuditQuery};
use mimamori_shared::ids::{CaseId, OrgId};
use sea_orm::ConnectionTrait;
use std::collections::HashMap;

const DEFAULT_LIMIT: u64 = 100;
const MAX_LIMIT: u64 = 200;

/// A page of the audit log for an administrator, newest first, within what they administer.
/// Reading the log is itself audited.
pub async fn list(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    query: &AuditQuery,
    now: DateTime<Utc>,
) -> Result<AuditList, ApiError> {
    if !staff_may(caller.role, StaffAction::ReadAudit) {
        return Err(ApiError::Forbidden);
    }
    let limit = check(query)?;
    let scope = OrgScope::of(db, caller).await?;
    let staff_id = match query.actor.as_deref().map(str::trim) {
        Some(login) if !login.is_empty() => match db::staff::find_by_login(db, login).await? {
            Some(user) => Some(user.id),
            // Nobody by that login: nothing to show, rather than every entry.
            None => {
                return Ok(AuditList {
                    items: Vec::new(),
                    next: None,
                });
            }
        },
        _ => None,
    };
    let filter = AuditFilter {
        staff_id,
        action: query.action.clone().filter(|a| !a.trim().is_empty()),
        case_id: query.case_id.map(|c| c.0),
        organisation_id: query.organisation_id.map(|o| o.0),
        from: query.from.map(start_of),
        until: query
            .to
            .and_then(|d| d.checked_add_days(Days::new(1)))
            .map(start_of),
        before_id: query.before,
    };
    let rows = db::audit::list(db, &filter, scope.audit_condition(), limit + 1).await?;
    audit::staff(
        db,
        caller,
        audit::action::AUDIT_READ,
        query.case_id.map(|c| c.0),
        now,
    )
    .await?;
    let more = rows.len() as u64 > limit;
    let rows: Vec<_> = rows.into_iter().take(limit as usize).collect();
    let logins = logins_of(db, &rows).await?;
    let next = if more {
        rows.last().map(|r| r.id)
    } else {
        None
    };
    Ok(AuditList {
        items: rows.iter().map(|r| view(r, &logins)).collect(),
        next,
    })
}

fn check(query: &AuditQuery) -> Result<u64, ApiError> {
    let mut errors = Vec::new();
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        errors.push(FieldError::custom(
            "limit",
            "out_of_range",
            "between 1 and 200",
        ));
    }
    if let (Some(from), Some(to)) = (query.from, query.to)
        && from > to
    {
        errors.push(FieldError::custom(
            "to",
            "before_from",
            "must not be before `from`",
        ));
    }
    if errors.is_empty() {
        Ok(limit)
    } else {
        Err(ApiError::Validation(errors))
    }
}

fn start_of(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(chrono::NaiveTime::MIN).and_utc()
}

async fn logins_of(
    db: &impl ConnectionTrait,
    rows: &[audit_log::Model],
) -> Result<HashMap<i64, String>, ApiError> {
    let mut ids: Vec<i64> = rows
        .iter()
        .filter(|r| r.actor_kind == "staff")
        .filter_map(|r| r.actor_id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(db::staff::find_many(db, ids)
        .await?
        .into_iter()
        .map(|u| (u.id, u.login_id))
        .collect())
}

fn view(row: &audit_log::Model, logins: &HashMap<i64, String>) -> AuditEntryView {
    AuditEntryView {
        id: row.id,
        at: row.at,
        actor_kind: row.actor_kind.clone(),
        actor_login: (row.actor_kind == "staff")
            .then(|| row.actor_id.and_then(|id| logins.get(&id).cloned()))
            .flatten(),
        actor_id: row.actor_id,
        role: row.role.clone(),
        organisation_id: row.organisation_id.map(OrgId),
        action: row.action.clone(),
        case_id: row.case_id.map(CaseId),
        client_addr: row.client_addr.clone(),
        detail: row.detail.clone(),
        seq: row.seq,
    }
}
