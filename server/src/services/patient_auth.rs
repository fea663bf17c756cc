//! Patient enrolment and sign-in: a single-use, expiring invitation lets the patient set a
//! password; afterwards case number + password signs in again.

use super::audit;
use crate::auth::{common_passwords, password, token};
use crate::db;
use crate::db::case_events::NewEvent;
use crate::error::ApiError;
use crate::keys::Keyring;
use crate::services::sign_in_throttle::Attempt;
use chrono::{DateTime, Duration, Utc};
use mimamori_shared::api::auth::{PatientSignIn, RedeemInvitation};
use mimamori_shared::api::cases::CaseEventKind;
use sea_orm::{ConnectionTrait, TransactionSession, TransactionTrait};

/// How long a patient's device stays signed in: the whole follow-up period and some margin,
/// so nobody has to remember a password while ill.
pub const PATIENT_SESSION_DAYS: i64 = 30;

/// Issues an invitation for a case; returns the token to put in the link. Earlier invitations
/// stay valid until they expire or are used (the health centre may print and e-mail at once).
pub async fn issue_invitation(
    db: &impl ConnectionTrait,
    case_id: i64,
    ttl: Duration,
    now: DateTime<Utc>,
) -> Result<String, ApiError> {
    let invitation_token = token::generate();
    db::patients::insert_invitation(db, case_id, token::hash(&invitation_token), now + ttl, now)
        .await?;
    Ok(invitation_token)
}

/// Redeems an invitation: sets the password of the case's account (creating it on first use)
/// and opens a session. Returns (session token, account id).
pub async fn redeem(
    db: &(impl ConnectionTrait + TransactionTrait),
    request: &RedeemInvitation,
    client_addr: Option<String>,
    now: DateTime<Utc>,
) -> Result<(String, i64), ApiError> {
    request.validate().map_err(ApiError::Validation)?;
    if common_passwords::is_common(&request.password) {
        return Err(common_passwords::too_common("password"));
    }
    let invitation = check_invitation(db, &request.token, now).await?;
    // Hash before the transaction: it is slow, and a transaction should hold no lock that long.
    let password_hash = password::hash(request.password.clone()).await?;
    let lang = request.lang;
    let txn = db.begin().await?;
    if !db::patients::use_invitation(&txn, invitation.id, now).await? {
        return Err(used());
    }
    let account_id = match db::patients::account_of_case(&txn, invitation.case_id).await? {
        Some(account)
            if account
                .own_case_id
                .is_none_or(|own| own == invitation.case_id) =>
        {
            // A new invitation for the account's own case is how a forgotten password is
            // reset; the old password's sessions (perhaps on a lost phone) end with it.
            db::patients::update_account(&txn, account.id, password_hash, lang).await?;
            db::patients::delete_sessions_of_account(&txn, account.id).await?;
            account.id
        }
        Some(household) => {
            // A member reported for by a household's representative gets a sign-in of their
            // own; the representative's password and sessions stay as they were, and their
            // sign-in no longer reports for the member.
            db::patients::unlink_case(&txn, household.id, invitation.case_id).await?;
            db::patients::insert_account(&txn, invitation.case_id, password_hash, lang, now)
                .await?
                .id
        }
        None => {
            db::patients::insert_account(&txn, invitation.case_id, password_hash, lang, now)
                .await?
                .id
        }
    };
    let session_token = open_session(&txn, account_id, now).await?;
    audit::anonymous(
        &txn,
        "patient",
        Some(account_id),
        audit::action::INVITATION_REDEEM,
        Some(invitation.case_id),
        client_addr,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok((session_token, account_id))
}

/// Finds an invitation that can still be used, or says why not (404, 410).
pub async fn check_invitation(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<crate::entities::invitation::Model, ApiError> {
    let invitation = db::patients::find_invitation(db, &token::hash(token.trim()))
        .await?
        .ok_or(ApiError::NotFoundCode {
            code: "invitation_not_found",
            detail: "This invitation link is not valid. Please contact your health centre.",
        })?;
    if invitation.used_at.is_some() {
        return Err(used());
    }
    if invitation.expires_at <= now {
        return Err(ApiError::Gone {
            code: "invitation_expired",
            detail: "This invitation has expired. Please ask your health centre for a new one.",
        });
    }
    Ok(invitation)
}

/// Adds a household member's case to a signed-in account with the member's own invitation.
/// A member who already has a sign-in of their own is refused (409 `already_enrolled`): moving
/// a case between sign-ins is for the health centre to decide.
pub async fn add_household_member(
    db: &(impl ConnectionTrait + TransactionTrait),
    caller: &crate::auth::PatientCaller,
    token: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    caller.may_change()?;
    if token.trim().is_empty() {
        return Err(ApiError::field("token", "required", "required"));
    }
    let invitation = check_invitation(db, token, now).await?;
    let txn = db.begin().await?;
    if let Some(account) = db::patients::account_of_case(&txn, invitation.case_id).await? {
        if account.id != caller.account_id {
            return Err(ApiError::Conflict {
                code: "already_enrolled",
                detail: "This person already has their own sign-in. Please contact your health centre.",
            });
        }
    } else {
        db::patients::link_case(&txn, caller.account_id, invitation.case_id).await?;
    }
    if !db::patients::use_invitation(&txn, invitation.id, now).await? {
        return Err(used());
    }
    super::audit::patient(
        &txn,
        caller,
        super::audit::action::HOUSEHOLD_ADD,
        Some(invitation.case_id),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

fn used() -> ApiError {
    ApiError::Gone {
        code: "invitation_used",
        detail: "This invitation has already been used. Sign in, or ask your health centre for a new one.",
    }
}

/// A patient's successful sign-in.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// The session token, for the cookie.
    pub token: String,
    /// The account.
    pub account_id: i64,
    /// Wrong passwords given for the number since the last sign-in (the patient is told).
    pub failed_before: u32,
}

/// Signs in with case number and password, throttled per case number and per client address
/// (`sign_in_throttle`): 429 `sign_in_locked` with `Retry-After` while either must wait, the
/// same for a number that is no case; 401 `invalid_credentials` for a wrong number or
/// password. Every outcome is audited with the client address (and the case, when the number
/// is one); the lock that ten failures bring is also put on the case's timeline.
pub async fn sign_in(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    request: &PatientSignIn,
    client_addr: Option<String>,
    now: DateTime<Utc>,
) -> Result<SignedIn, ApiError> {
    request.validate().map_err(ApiError::Validation)?;
    let number = request.case_number.trim();
    let attempt = Attempt::new(keys, number, client_addr.as_deref());
    let case = db::cases::find_by_number(db, number).await?;
    let case_id = case.as_ref().map(|c| c.id);
    let audit_as = |action: &'static str| {
        audit::anonymous(
            db,
            "patient",
            None,
            action,
            case_id,
            client_addr.clone(),
            now,
        )
    };
    if let Err(refused) = attempt.check(db, now).await {
        audit_as(audit::action::PATIENT_SIGN_IN_REFUSED).await?;
        crate::metrics::sign_in_failed("patient", true);
        return Err(refused);
    }
    let account = match &case {
        Some(case) => db::patients::account_of_case(db, case.id).await?,
        None => None,
    };
    let password_ok = match &account {
        Some(account) => {
            password::verify(request.password.clone(), account.password_hash.clone()).await?
        }
        None => {
            password::verify_dummy(request.password.clone()).await?;
            false
        }
    };
    let Some(account) = account.filter(|_| password_ok) else {
        let failure = attempt.failed(db, now).await?;
        audit_as(audit::action::PATIENT_SIGN_IN_FAILED).await?;
        crate::metrics::sign_in_failed("patient", failure.locked_now);
        if failure.locked_now
            && let Some(case_id) = case_id
        {
            audit_as(audit::action::PATIENT_SIGN_IN_LOCKED).await?;
            record_lock(db, keys, case_id, now).await?;
        }
        return Err(ApiError::InvalidCredentials);
    };
    let failed_before = attempt.succeeded(db).await?;
    let cases = db::patients::linked_cases(db, account.id).await?;
    if crate::access::patient_visible_cases(&cases, now)
        .0
        .is_empty()
    {
        // The password was right, so saying why reveals nothing a guesser could use.
        audit_as(audit::action::PATIENT_SIGN_IN_REFUSED).await?;
        return Err(ApiError::ForbiddenCode {
            code: "followup_over",
            detail: "Your follow-up ended more than 30 days ago; please contact your health centre.",
        });
    }
    audit_as(audit::action::PATIENT_SIGN_IN).await?;
    Ok(SignedIn {
        token: open_session(db, account.id, now).await?,
        account_id: account.id,
        failed_before: u32::try_from(failed_before).unwrap_or(0),
    })
}

/// The case's timeline says its sign-in was locked, for the staff who follow it.
async fn record_lock(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    case_id: i64,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    super::case_events::add(
        db,
        keys,
        NewEvent {
            case_id,
            kind: CaseEventKind::SignInLocked,
            actor_staff_id: None,
            organisation_id: None,
            outcome: None,
            note: String::new(),
            related_org_id: None,
        },
        now,
    )
    .await?;
    Ok(())
}

async fn open_session(
    db: &impl ConnectionTrait,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<String, ApiError> {
    let session_token = token::generate();
    db::patients::insert_session(
        db,
        account_id,
        token::hash(&session_token),
        now,
        now + Duration::days(PATIENT_SESSION_DAYS),
    )
    .await?;
    Ok(session_token)
}
