//! Extractors that authenticate a request: a session cookie becomes a [`StaffCaller`] (or one
//! of its variants) or a [`PatientCaller`], or the request is answered 401 / 403.

use super::caller::{
    ClientAddr, EnrollingStaffCaller, PasswordChangeSession, PatientCaller, STAFF_ABSOLUTE_TIMEOUT,
    STAFF_IDLE_TIMEOUT, SessionStage, StaffCaller, StaffSession, password_change_required,
};
use super::cookies::SessionCookie;
use super::token;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use chrono::Duration;
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::ids::{OrgId, StaffId};

/// Touching the session on every request would make every read a write; once a minute keeps
/// the idle timeout accurate enough.
const TOUCH_INTERVAL: Duration = Duration::seconds(60);

/// The address [`crate::limits::client_addr::resolve`] decided on (the peer, or the client a
/// trusted proxy names).
fn client_addr(parts: &Parts) -> Option<String> {
    parts
        .extensions
        .get::<crate::limits::ClientIp>()
        .map(|crate::limits::ClientIp(addr)| addr.to_string())
}

fn session_token(parts: &Parts, name: &str) -> Option<String> {
    CookieJar::from_headers(&parts.headers)
        .get(name)
        .map(|c| c.value().to_owned())
        .filter(|t| !t.is_empty())
}

/// The answer to a request that an enrolment-stage session may not make.
fn enrolment_required() -> ApiError {
    ApiError::ForbiddenCode {
        code: "enrolment_required",
        detail: "set up the authenticator app first",
    }
}

impl FromRequestParts<AppState> for EnrollingStaffCaller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = session_token(
            parts,
            SessionCookie::Staff.name(state.config.secure_cookies()),
        )
        .ok_or(ApiError::Unauthenticated)?;
        let hash = token::hash(&token);
        let (session, user) = db::staff::find_session(&state.db, &hash)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        let now = state.clock.now();
        let expired = now - session.last_seen_at > STAFF_IDLE_TIMEOUT
            || now - session.created_at > STAFF_ABSOLUTE_TIMEOUT;
        if expired || !user.active {
            db::staff::delete_session(&state.db, &hash).await?;
            return Err(ApiError::Unauthenticated);
        }
        if now - session.last_seen_at > TOUCH_INTERVAL {
            db::staff::touch_session(&state.db, session.id, now).await?;
        }
        let role = user.role;
        let lapses_at_or_before = now - state.config.limits.followup_access();
        let lapsed_health_centres = match role {
            StaffRole::FollowupStaff | StaffRole::FollowupDoctor => {
                db::contracts::lapsed_centres(&state.db, user.organisation_id, lapses_at_or_before)
                    .await?
            }
            _ => Vec::new(),
        };
        let caller = StaffCaller {
            staff_id: StaffId(user.id),
            org_id: OrgId(user.organisation_id),
            role,
            client_addr: client_addr(parts),
            access_lapses_at_or_before: lapses_at_or_before,
            lapsed_health_centres,
        };
        super::denials::CallerWitness::record(
            parts,
            super::denials::KnownCaller::Staff(caller.clone()),
        );
        Ok(EnrollingStaffCaller {
            caller,
            session_id: session.id,
            // Anything but a known full session is refused elsewhere: fail closed.
            must_enrol: session.stage != SessionStage::Full,
            must_change_password: user.must_change_password,
        })
    }
}

impl FromRequestParts<AppState> for StaffSession {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        EnrollingStaffCaller::from_request_parts(parts, state)
            .await?
            .admit(false)
    }
}

impl EnrollingStaffCaller {
    /// The session, if it may make a request: a full session may make any; one with a
    /// one-time password only the password's change (`changing_password`), also before
    /// enrolment; an enrolment-stage one nothing here (its own endpoints take it as it is).
    fn admit(self, changing_password: bool) -> Result<StaffSession, ApiError> {
        let early_change = changing_password && self.must_change_password;
        if self.must_enrol && !early_change {
            return Err(enrolment_required());
        }
        if self.must_change_password && !changing_password {
            return Err(password_change_required());
        }
        Ok(StaffSession {
            caller: self.caller,
            session_id: self.session_id,
        })
    }
}

impl FromRequestParts<AppState> for PasswordChangeSession {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        EnrollingStaffCaller::from_request_parts(parts, state)
            .await?
            .admit(true)
            .map(Self)
    }
}

impl FromRequestParts<AppState> for StaffCaller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(StaffSession::from_request_parts(parts, state).await?.caller)
    }
}

impl FromRequestParts<AppState> for PatientCaller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = session_token(
            parts,
            SessionCookie::Patient.name(state.config.secure_cookies()),
        )
        .ok_or(ApiError::Unauthenticated)?;
        let hash = token::hash(&token);
        let session = db::patients::find_session_with_cases(&state.db, &hash)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        if session.expires_at <= state.clock.now() {
            db::patients::delete_session(&state.db, &hash).await?;
            return Err(ApiError::Unauthenticated);
        }
        let (case_ids, read_only) =
            crate::access::patient_visible_cases(&session.cases, state.clock.now());
        if case_ids.is_empty() {
            // Follow-up ended more than the read-only window ago: the session has ended too.
            db::patients::delete_session(&state.db, &hash).await?;
            return Err(ApiError::Unauthenticated);
        }
        let caller = PatientCaller {
            account_id: session.account_id,
            case_ids,
            read_only,
            client_addr: client_addr(parts),
        };
        super::denials::CallerWitness::record(
            parts,
            super::denials::KnownCaller::Patient(caller.clone()),
        );
        Ok(caller)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(client_addr(parts)))
    }
}

impl PatientCaller {
    /// The caller for an account that has just signed in (no cookie has been sent yet).
    pub async fn for_account(
        state: &AppState,
        account_id: i64,
        client_addr: Option<String>,
    ) -> Result<Self, ApiError> {
        let cases = db::patients::linked_cases(&state.db, account_id).await?;
        let (case_ids, read_only) = crate::access::patient_visible_cases(&cases, state.clock.now());
        Ok(PatientCaller {
            account_id,
            case_ids,
            read_only,
            client_addr,
        })
    }
}
