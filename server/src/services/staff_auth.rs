//! Staff sign-in: ID + password (argon2id) + TOTP, all three required (docs/security.md, "Staff
//! sign-in"), with enrolment of the authenticator at the first sign-in, single-use recovery codes,
//! lockout after repeated failures, the change of one's own password, and the reset of two-factor
//! sign-in by an administrator.

use super::audit;
use crate::auth::caller::{SessionStage, password_change_required};
use crate::auth::{
    EnrollingStaffCaller, StaffSession, common_passwords, password, recovery, token, totp,
};
use crate::db;
use crate::entities::{organisation, staff_user};
use crate::error::ApiError;
use crate::keys::Keyring;
use chrono::{DateTime, Duration, Utc};
use mimamori_shared::api::FieldError;
use mimamori_shared::api::auth::{OrgSummary, StaffMe, StaffSignIn};
use mimamori_shared::api::staff_security::{
    ChangePassword, ConfirmTotpEnrolment, RECOVERY_CODE_COUNT, RecoveryCodes, SignInCode,
    TotpEnrolment, normalise_recovery_code,
};
use mimamori_shared::ids::{OrgId, StaffId};
use sea_orm::{ConnectionTrait, TransactionSession, TransactionTrait};

/// Consecutive failed sign-ins that lock an account.
pub const MAX_FAILED_SIGN_INS: i32 = 5;
/// How long a locked account stays locked.
pub const LOCKOUT: Duration = Duration::minutes(15);

/// Checks the factors and opens a session. Returns the session token (for the cookie) and the
/// staff member.
///
/// - Any wrong factor answers the same 401 `invalid_credentials`, so an attacker learns
///   nothing about which one was right; each counts towards the lockout, and the
///   [`MAX_FAILED_SIGN_INS`]th locks the account for [`LOCKOUT`].
/// - A locked account answers 429 `account_locked` whatever was sent.
/// - A staff member without an authenticator gets, for the right password, a session at the
///   enrolment stage (`must_enrol_totp`), which can do nothing but enrol.
/// - An enrolled member who sent no code gets 422 `totp_code` `required`, only after the
///   password checked out.
/// - The code may be a recovery code instead of the authenticator's; it works once.
pub async fn sign_in(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    request: &StaffSignIn,
    client_addr: Option<String>,
    now: DateTime<Utc>,
) -> Result<(String, StaffMe), ApiError> {
    request.validate().map_err(ApiError::Validation)?;
    let user = db::staff::find_by_login(db, request.login_id.trim()).await?;
    let Some(user) = user.filter(|u| u.active) else {
        password::verify_dummy(request.password.clone()).await?;
        audit_sign_in(
            db,
            None,
            audit::action::STAFF_SIGN_IN_FAILED,
            &client_addr,
            now,
        )
        .await?;
        crate::metrics::sign_in_failed("staff", false);
        return Err(ApiError::InvalidCredentials);
    };
    // Verified before the lock is looked at, so a locked account costs the same time as any
    // other and timing tells nothing more than the answer does.
    let password_ok =
        password::verify(request.password.clone(), user.password_hash.clone()).await?;
    if let Some(until) = user.locked_until.filter(|until| *until > now) {
        audit_sign_in(
            db,
            Some(&user),
            audit::action::STAFF_SIGN_IN_LOCKED,
            &client_addr,
            now,
        )
        .await?;
        return Err(locked(until, now));
    }
    if !password_ok {
        return Err(failed(db, &user, &client_addr, now).await?);
    }
    if user.totp_enrolled_at.is_none() {
        db::staff::clear_failures(db, user.id).await?;
        let session_token = open_session(db, user.id, SessionStage::Enrol, now).await?;
        audit_sign_in(
            db,
            Some(&user),
            audit::action::STAFF_SIGN_IN_TO_ENROL,
            &client_addr,
            now,
        )
        .await?;
        return Ok((session_token, me_of(db, &user, true).await?));
    }
    let accepted = match SignInCode::classify(&request.totp_code) {
        SignInCode::Empty => {
            return Err(ApiError::field(
                "totp_code",
                "required",
                "enter the code of your authenticator app or a recovery code",
            ));
        }
        // The step must be newer than the last one used: a code seen over someone's
        // shoulder, or replayed from a log, does not work a second time.
        SignInCode::Totp(code) => match totp::verify(
            &totp::open_secret(keys, user.id, &user.totp_secret)?,
            &code,
            now,
        )? {
            Some(step) => db::staff::claim_totp_step(db, user.id, step).await?,
            None => false,
        },
        SignInCode::Recovery(code) => {
            let used = db::staff::use_recovery_code(db, user.id, &recovery::hash(keys, &code), now)
                .await?;
            if used {
                audit_sign_in(
                    db,
                    Some(&user),
                    audit::action::STAFF_RECOVERY_CODE_USED,
                    &client_addr,
                    now,
                )
                .await?;
            }
            used
        }
        SignInCode::Invalid => false,
    };
    if !accepted {
        return Err(failed(db, &user, &client_addr, now).await?);
    }
    db::staff::clear_failures(db, user.id).await?;
    let session_token = open_session(db, user.id, SessionStage::Full, now).await?;
    audit_sign_in(
        db,
        Some(&user),
        audit::action::STAFF_SIGN_IN,
        &client_addr,
        now,
    )
    .await?;
    Ok((session_token, me_of(db, &user, false).await?))
}

/// Counts a failed sign-in, locks the account at the limit, and gives the answer.
async fn failed(
    db: &impl ConnectionTrait,
    user: &staff_user::Model,
    client_addr: &Option<String>,
    now: DateTime<Utc>,
) -> Result<ApiError, ApiError> {
    db::staff::record_failure(db, user.id).await?;
    audit_sign_in(
        db,
        Some(user),
        audit::action::STAFF_SIGN_IN_FAILED,
        client_addr,
        now,
    )
    .await?;
    let locked =
        db::staff::lock_after_failures(db, user.id, MAX_FAILED_SIGN_INS, now + LOCKOUT).await?;
    crate::metrics::sign_in_failed("staff", locked);
    if locked {
        audit_sign_in(
            db,
            Some(user),
            audit::action::STAFF_LOCKED,
            client_addr,
            now,
        )
        .await?;
    }
    Ok(ApiError::InvalidCredentials)
}

fn locked(until: DateTime<Utc>, now: DateTime<Utc>) -> ApiError {
    let seconds = (until - now).num_seconds().max(1);
    ApiError::TooManyRequests {
        code: "account_locked",
        detail: "too many failed sign-ins: the account is locked for 15 minutes",
        retry_after_seconds: u64::try_from(seconds).unwrap_or(1),
    }
}

async fn open_session(
    db: &impl ConnectionTrait,
    staff_id: i64,
    stage: SessionStage,
    now: DateTime<Utc>,
) -> Result<String, ApiError> {
    let session_token = token::generate();
    db::staff::insert_session_at(db, staff_id, token::hash(&session_token), stage, now).await?;
    Ok(session_token)
}

/// Sign-in events have no caller yet: the actor is the staff member the login ID named, with
/// their organisation and role, so the administrators over that organisation see its failures
/// and lockouts (none for an unknown login ID).
async fn audit_sign_in(
    db: &impl ConnectionTrait,
    member: Option<&staff_user::Model>,
    action: &str,
    client_addr: &Option<String>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    audit::staff_sign_in(
        db,
        member.map(|user| (user.id, user.organisation_id, user.role)),
        action,
        client_addr.clone(),
        now,
    )
    .await?;
    Ok(())
}

fn already_enrolled() -> ApiError {
    ApiError::Conflict {
        code: "already_enrolled",
        detail: "an authenticator is enrolled already; an administrator can reset it",
    }
}

/// Gives the staff member a new TOTP secret, pending until [`confirm_enrolment`]. Asking again
/// replaces the pending secret (a QR code scanned on the wrong phone). 409 `already_enrolled`
/// once an authenticator is enrolled: the secret in use is never replaced this way.
pub async fn start_enrolment(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    session: &EnrollingStaffCaller,
    now: DateTime<Utc>,
) -> Result<TotpEnrolment, ApiError> {
    if session.must_change_password {
        return Err(password_change_required());
    }
    let caller = &session.caller;
    let user = db::staff::find(db, caller.staff_id.0)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    if user.totp_enrolled_at.is_some() {
        return Err(already_enrolled());
    }
    let secret = totp::generate_secret();
    let sealed = totp::seal_secret(keys, user.id, &secret);
    if !db::staff::set_pending_totp_secret(db, user.id, sealed).await? {
        return Err(already_enrolled());
    }
    let account = totp::account_label(&user.login_id);
    let enrolment = TotpEnrolment {
        otpauth_uri: totp::otpauth_uri(&secret, &account)?,
        qr_png_base64: totp::qr_png_base64(&secret, &account)?,
        secret,
    };
    audit::staff(
        db,
        caller,
        audit::action::STAFF_TOTP_SECRET_ISSUED,
        None,
        now,
    )
    .await?;
    Ok(enrolment)
}

/// Confirms the pending secret with a code from the app: the authenticator is enrolled, the
/// session becomes a full one, and [`RECOVERY_CODE_COUNT`] recovery codes are issued (shown
/// this once; only their hashes are kept). The code's step is claimed like at sign-in, so it
/// cannot be used again to sign in.
///
/// 422 `code` `invalid` for a code that does not match; 409 `already_enrolled`, or
/// `enrolment_not_started` when no secret was asked for.
pub async fn confirm_enrolment(
    db: &(impl ConnectionTrait + TransactionTrait),
    keys: &Keyring,
    session: &EnrollingStaffCaller,
    request: &ConfirmTotpEnrolment,
    now: DateTime<Utc>,
) -> Result<Enrolled, ApiError> {
    if session.must_change_password {
        return Err(password_change_required());
    }
    request.validate().map_err(ApiError::Validation)?;
    let staff_id = session.caller.staff_id.0;
    let user = db::staff::find(db, staff_id)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    if user.totp_enrolled_at.is_some() {
        return Err(already_enrolled());
    }
    if user.totp_secret.is_empty() {
        return Err(ApiError::Conflict {
            code: "enrolment_not_started",
            detail: "ask for a secret (POST /api/staff/totp/enrolment) first",
        });
    }
    let wrong_code = || {
        ApiError::field(
            "code",
            "invalid",
            "the code does not match: enter the code the app shows now",
        )
    };
    let code: String = request.code.split_whitespace().collect();
    let secret = totp::open_secret(keys, staff_id, &user.totp_secret)?;
    let step = totp::verify(&secret, &code, now)?.ok_or_else(wrong_code)?;
    let codes: Vec<String> = (0..RECOVERY_CODE_COUNT)
        .map(|_| recovery::generate())
        .collect();
    let hashes = codes
        .iter()
        .filter_map(|code| normalise_recovery_code(code))
        .map(|code| recovery::hash(keys, &code))
        .collect();

    let txn = db.begin().await?;
    if !db::staff::claim_totp_step(&txn, staff_id, step).await? {
        return Err(wrong_code());
    }
    if !db::staff::confirm_totp_secret(&txn, staff_id, &user.totp_secret, now).await? {
        // Another tab asked for a new secret, or enrolled, since this one was read.
        return Err(ApiError::Conflict {
            code: "enrolment_changed",
            detail: "the secret changed meanwhile: scan the newest QR code",
        });
    }
    db::staff::void_recovery_codes(&txn, staff_id, now).await?;
    db::staff::insert_recovery_codes(&txn, staff_id, hashes, now).await?;
    // The session is rotated: the enrolment-stage token (which a password alone opened) ends
    // with every other session of the member, and a new full one is issued, so a token seen
    // before the second factor was set up never carries full access.
    db::staff::delete_sessions_of(&txn, staff_id, None).await?;
    let session_token = open_session(&txn, staff_id, SessionStage::Full, now).await?;
    audit::staff(
        &txn,
        &session.caller,
        audit::action::STAFF_TOTP_ENROLLED,
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(Enrolled {
        session_token,
        recovery_codes: RecoveryCodes {
            recovery_codes: codes,
        },
    })
}

/// A completed enrolment: the new session's token (for the cookie) and the recovery codes.
#[derive(Debug)]
pub struct Enrolled {
    /// The rotated session's token.
    pub session_token: String,
    /// Shown this once.
    pub recovery_codes: RecoveryCodes,
}

/// Changes the caller's password and ends their other sessions (a password is changed when it
/// may be known to someone else). 422 `current_password` `invalid` when the current one is
/// wrong, and the password rules' codes on `new_password`.
pub async fn change_password(
    db: &(impl ConnectionTrait + TransactionTrait),
    session: &StaffSession,
    request: &ChangePassword,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let staff_id = session.caller.staff_id.0;
    let user = db::staff::find(db, staff_id)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    // Every field's error in one answer: the current password is checked even when the new
    // one breaks a rule.
    let mut errors = request.validate().err().unwrap_or_default();
    if common_passwords::is_common(&request.new_password)
        && !errors.iter().any(|e| e.field == "new_password")
    {
        errors.push(FieldError::custom(
            "new_password",
            "too_common",
            "this password is one of the most common ones: choose another",
        ));
    }
    if !request.current_password.is_empty()
        && !password::verify(request.current_password.clone(), user.password_hash).await?
    {
        errors.insert(
            0,
            FieldError::custom(
                "current_password",
                "invalid",
                "the current password is not correct",
            ),
        );
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let password_hash = password::hash(request.new_password.clone()).await?;
    let txn = db.begin().await?;
    db::staff::set_password(&txn, staff_id, password_hash, now).await?;
    db::staff::delete_sessions_of(&txn, staff_id, Some(session.session_id)).await?;
    audit::staff(
        &txn,
        &session.caller,
        audit::action::STAFF_PASSWORD_CHANGED,
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Resets a staff member's two-factor sign-in (lost phone): forgets the authenticator's
/// secret, its enrolment and last step, voids the unused recovery codes (as of `now`), lifts
/// any lockout and ends every session. The next sign-in with the password enrols again.
///
/// Who may do this, and the audit entry naming the administrator, are the caller's business
/// (`POST /api/staff/admin/users/{id}/reset-2fa`). 404 for an unknown staff id.
pub async fn reset_two_factor(
    db: &(impl ConnectionTrait + TransactionTrait),
    staff_id: StaffId,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let txn = db.begin().await?;
    if !db::staff::clear_totp(&txn, staff_id.0).await? {
        return Err(ApiError::NotFound);
    }
    // Whoever lost the authenticator may have lost the password with it: the next sign-in
    // changes it before enrolling again.
    db::staff::require_password_change(&txn, staff_id.0).await?;
    db::staff::void_recovery_codes(&txn, staff_id.0, now).await?;
    db::staff::delete_sessions_of(&txn, staff_id.0, None).await?;
    txn.commit().await?;
    Ok(())
}

/// The signed-in staff member as the API shows them; `must_enrol_totp` for a session at the
/// enrolment stage.
pub async fn me(
    db: &impl ConnectionTrait,
    session: &EnrollingStaffCaller,
) -> Result<StaffMe, ApiError> {
    let user = db::staff::find(db, session.caller.staff_id.0)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    me_of(db, &user, session.must_enrol).await
}

async fn me_of(
    db: &impl ConnectionTrait,
    user: &staff_user::Model,
    must_enrol_totp: bool,
) -> Result<StaffMe, ApiError> {
    let org = db::orgs::find(db, user.organisation_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    me_view(user, &org, must_enrol_totp)
}

fn me_view(
    user: &staff_user::Model,
    org: &organisation::Model,
    must_enrol_totp: bool,
) -> Result<StaffMe, ApiError> {
    Ok(StaffMe {
        id: StaffId(user.id),
        login_id: user.login_id.clone(),
        display_name: user.display_name.clone(),
        role: user.role,
        organisation: org_summary(org),
        must_enrol_totp,
        must_change_password: user.must_change_password,
    })
}

/// An organisation as shown to users.
pub fn org_summary(org: &organisation::Model) -> OrgSummary {
    OrgSummary {
        id: OrgId(org.id),
        name: org.name.clone(),
        phone: org.phone.clone(),
        address: org.address.clone(),
    }
}
