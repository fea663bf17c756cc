//! Extractors that authenticate a request: [`StaffCaller`] (and its variants
//! [`EnrollingStaffCaller`] and [`StaffSession`]) and [`PatientCaller`].

use super::cookies::SessionCookie;
use super::token;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use chrono::{DateTime, Duration, Utc};
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::ids::{CaseId, OrgId, StaffId};
use sea_orm::{DeriveActiveEnum, EnumIter};

/// A staff session ends after this long without a request (MHLW guideline 6.0: automatic lock).
pub const STAFF_IDLE_TIMEOUT: Duration = Duration::minutes(30);
/// A staff session ends this long after sign-in, however active.
pub const STAFF_ABSOLUTE_TIMEOUT: Duration = Duration::hours(12);
/// Touching the session on every request would make every read a write; once a minute keeps
/// the idle timeout accurate enough.
const TOUCH_INTERVAL: Duration = Duration::seconds(60);

/// A signed-in staff member.
#[derive(Debug, Clone)]
pub struct StaffCaller {
    /// Staff id.
    pub staff_id: StaffId,
    /// Organisation.
    pub org_id: OrgId,
    /// Role.
    pub role: StaffRole,
    /// Client address, for the audit log.
    pub client_addr: Option<String>,
    /// For follow-up staff: a case, or a contract, that ended at or before this moment is no
    /// longer theirs to read (now minus `MIMAMORI_FOLLOWUP_ACCESS_DAYS`; `access::CaseScope`).
    pub access_lapses_at_or_before: DateTime<Utc>,
}

/// How far a staff session got (`staff_session.stage`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")]
pub enum SessionStage {
    /// All three factors checked: the session may do what the role allows.
    Full,
    /// Password checked, no authenticator enrolled yet: only enrolment, "who am I" and
    /// sign-out are allowed ([`EnrollingStaffCaller`]).
    Enrol,
}

/// A signed-in staff member whose session may still be at the enrolment stage. Only
/// `GET /api/staff/me`, sign-out and the TOTP enrolment endpoints take this; everything else
/// takes [`StaffCaller`], which refuses such a session with 403 `enrolment_required`.
#[derive(Debug, Clone)]
pub struct EnrollingStaffCaller {
    /// Who it is.
    pub caller: StaffCaller,
    /// The session's row id.
    pub session_id: i64,
    /// The session was opened with the password only: an authenticator must be enrolled.
    pub must_enrol: bool,
    /// The password is a one-time password (`mimamori init`, `mimamori admin …`): it must be
    /// changed before anything else, enrolment included.
    pub must_change_password: bool,
}

/// A fully signed-in staff member and the id of the session they came with, for actions on
/// one's own sessions ("end my other sessions" after a password change).
#[derive(Debug, Clone)]
pub struct StaffSession {
    /// Who it is.
    pub caller: StaffCaller,
    /// The session's row id.
    pub session_id: i64,
}

/// A signed-in patient device.
#[derive(Debug, Clone)]
pub struct PatientCaller {
    /// Account id.
    pub account_id: i64,
    /// The cases this sign-in reports for (or, once ended, may still read).
    pub case_ids: Vec<CaseId>,
    /// Every one of those cases has ended: the sign-in reads its history and changes nothing
    /// ([`crate::access::PATIENT_READ_AFTER_END`]).
    pub read_only: bool,
    /// Client address, for the audit log.
    pub client_addr: Option<String>,
}

impl PatientCaller {
    /// 409 `followup_ended` for a change asked by a read-only sign-in.
    pub fn may_change(&self) -> Result<(), ApiError> {
        if self.read_only {
            return Err(crate::services::case_actions::followup_ended());
        }
        Ok(())
    }
}

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

/// The answer to a request made with a one-time password still in place.
pub fn password_change_required() -> ApiError {
    ApiError::ForbiddenCode {
        code: "password_change_required",
        detail: "change the one-time password first",
    }
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
        let caller = StaffCaller {
            staff_id: StaffId(user.id),
            org_id: OrgId(user.organisation_id),
            role,
            client_addr: client_addr(parts),
            access_lapses_at_or_before: now - state.config.limits.followup_access(),
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

/// A session that may change its password: a full one, or any session whose password is a
/// one-time password (which must be changed before the authenticator is enrolled).
#[derive(Debug, Clone)]
pub struct PasswordChangeSession(pub StaffSession);

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

/// The client's IP address, for the audit log (`None` when the server runs without connection
/// info, as in some tests).
#[derive(Debug, Clone)]
pub struct ClientAddr(pub Option<String>);

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
