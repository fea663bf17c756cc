//! Denied accesses, audited (docs/audit.md, "Denied accesses and sign-in attempts"): a request
//! by a signed-in caller that the policy answers with 403 or 404 (a case outside the caller's
//! scope answers 404 like one that does not exist) leaves an `access.denied` entry, so probing
//! shows in the log.
//!
//! [`audit_denials`] runs around every API route (a route layer: the route's template is known
//! then) and puts a [`CallerWitness`] into the request; the caller extractors write who the
//! caller is into it ([`CallerWitness::record`]); when the answer is 403 or 404, the middleware
//! appends the entry with that caller, the route's template and status (`detail`, e.g.
//! `status:404 GET /api/staff/cases/{case_id}`), and the case id when the path names one. Paths
//! carry ids only; the query string, which may carry a search text, is never recorded. Requests
//! without a known caller (no session) are not recorded: they are answered 401.

use super::{PatientCaller, StaffCaller};
use crate::services::audit;
use crate::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use std::sync::{Arc, Mutex, PoisonError};

/// Who made a request, as its extractor found.
#[derive(Debug, Clone)]
pub enum KnownCaller {
    /// A staff member with a session.
    Staff(StaffCaller),
    /// A signed-in patient.
    Patient(PatientCaller),
}

/// Where the caller extractors leave who the caller is, for [`audit_denials`] to read after the
/// handler answered.
#[derive(Debug, Clone, Default)]
pub struct CallerWitness(Arc<Mutex<Option<KnownCaller>>>);

impl CallerWitness {
    /// Records the caller of the request `parts` belong to (nothing outside [`audit_denials`]).
    pub fn record(parts: &Parts, caller: KnownCaller) {
        if let Some(witness) = parts.extensions.get::<Self>() {
            *witness.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(caller);
        }
    }

    fn take(&self) -> Option<KnownCaller> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take()
    }
}

/// Audits the request's answer when it is 403 or 404 and the caller is known.
pub async fn audit_denials(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let witness = CallerWitness::default();
    request.extensions_mut().insert(witness.clone());
    let template = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_owned());
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let status = response.status();
    if status != StatusCode::FORBIDDEN && status != StatusCode::NOT_FOUND {
        return response;
    }
    let (Some(caller), Some(template)) = (witness.take(), template) else {
        return response;
    };
    let case_id = case_id_in(&template, &path);
    let detail = format!("status:{} {method} {template}", status.as_u16());
    let now = state.clock.now();
    let written = match &caller {
        KnownCaller::Staff(caller) => {
            audit::staff_detail(
                &state.db,
                caller,
                audit::action::ACCESS_DENIED,
                case_id,
                detail,
                now,
            )
            .await
        }
        KnownCaller::Patient(caller) => {
            let mut entry =
                audit::patient_entry(caller, audit::action::ACCESS_DENIED, case_id, now);
            entry.detail = sea_orm::Set(Some(detail));
            crate::db::audit::append(&state.db, entry).await
        }
    };
    if let Err(error) = written {
        // The access was refused either way; the failure to record it is logged.
        tracing::warn!(%error, "auditing a denied access failed");
    }
    response
}

/// The `{case_id}` segment of `path` under the route `template`, if the route has one.
fn case_id_in(template: &str, path: &str) -> Option<i64> {
    template
        .split('/')
        .zip(path.split('/'))
        .find(|(part, _)| *part == "{case_id}")
        .and_then(|(_, value)| value.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_case_id_is_read_where_the_template_names_it() {
        assert_eq!(
            case_id_in(
                "/api/staff/cases/{case_id}/reports",
                "/api/staff/cases/42/reports"
            ),
            Some(42)
        );
        assert_eq!(
            case_id_in("/api/staff/cases/{case_id}", "/api/staff/cases/x"),
            None
        );
        assert_eq!(
            case_id_in(
                "/api/staff/case-notifications/{notification_id}",
                "/api/staff/case-notifications/7"
            ),
            None
        );
    }
}
