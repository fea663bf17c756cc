//! Who makes a request: [`StaffCaller`] (and its variants [`EnrollingStaffCaller`] and
//! [`StaffSession`]) and [`PatientCaller`]. These are plain values, so that every layer may
//! name them; `super::extract` reads them off a request.

use crate::error::ApiError;
use chrono::{DateTime, Duration, Utc};
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::ids::{CaseId, OrgId, StaffId};

pub use crate::entities::staff_session::SessionStage;

/// A staff session ends after this long without a request (MHLW guideline 6.0: automatic lock).
pub const STAFF_IDLE_TIMEOUT: Duration = Duration::minutes(30);
/// A staff session ends this long after sign-in, however active.
pub const STAFF_ABSOLUTE_TIMEOUT: Duration = Duration::hours(12);
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
    /// For follow-up staff: the health centres whose contract with their organisation ended at
    /// or before that moment (almost always none). Read with the session, so that the scope is
    /// a plain list and the work list's query plan stays the one without lapsed contracts.
    pub lapsed_health_centres: Vec<i64>,
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
            return Err(ApiError::followup_ended());
        }
        Ok(())
    }
}

/// The answer to a request made with a one-time password still in place.
pub fn password_change_required() -> ApiError {
    ApiError::ForbiddenCode {
        code: "password_change_required",
        detail: "change the one-time password first",
    }
}

/// A session that may change its password: a full one, or any session whose password is a
/// one-time password (which must be changed before the authenticator is enrolled).
#[derive(Debug, Clone)]
pub struct PasswordChangeSession(pub StaffSession);

/// The client's IP address, for the audit log (`None` when the server runs without connection
/// info, as in some tests).
#[derive(Debug, Clone)]
pub struct ClientAddr(pub Option<String>);
