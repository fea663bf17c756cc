//! Staff sign-in: ID + password (argon2id) + TOTP, all three required (DESIGN.md §6).

use super::audit;
use crate::auth::{password, token, totp};
use crate::db;
use crate::entities::{organisation, staff_user};
use crate::error::ApiError;
use chrono::{DateTime, Utc};
use mimamori_shared::api::auth::{OrgSummary, StaffMe, StaffRole, StaffSignIn};
use mimamori_shared::ids::{OrgId, StaffId};
use sea_orm::ConnectionTrait;

/// Checks the three factors and opens a session. Returns the session token (for the cookie)
/// and the staff member. Any wrong factor answers the same `invalid_credentials`, so an
/// attacker learns nothing about which one was right.
pub async fn sign_in(
    db: &impl ConnectionTrait,
    request: &StaffSignIn,
    client_addr: Option<String>,
    now: DateTime<Utc>,
) -> Result<(String, StaffMe), ApiError> {
    request.validate().map_err(ApiError::Validation)?;
    let user = db::staff::find_by_login(db, request.login_id.trim()).await?;
    let Some(user) = user.filter(|u| u.active) else {
        password::verify_dummy(request.password.clone()).await?;
        audit::anonymous(
            db,
            "staff",
            None,
            audit::action::STAFF_SIGN_IN_FAILED,
            None,
            client_addr,
            now,
        )
        .await?;
        return Err(ApiError::InvalidCredentials);
    };
    let password_ok =
        password::verify(request.password.clone(), user.password_hash.clone()).await?;
    let step = if password_ok {
        totp::verify(&user.totp_secret, &request.totp_code, now)?
    } else {
        None
    };
    // The step must be newer than the last one used: a code seen over someone's shoulder, or
    // replayed from a log, does not work a second time.
    let claimed = match step {
        Some(step) => db::staff::claim_totp_step(db, user.id, step).await?,
        None => false,
    };
    if !claimed {
        db::staff::record_failure(db, user.id).await?;
        audit::anonymous(
            db,
            "staff",
            Some(user.id),
            audit::action::STAFF_SIGN_IN_FAILED,
            None,
            client_addr,
            now,
        )
        .await?;
        return Err(ApiError::InvalidCredentials);
    }
    let session_token = token::generate();
    db::staff::insert_session(db, user.id, token::hash(&session_token), now).await?;
    audit::anonymous(
        db,
        "staff",
        Some(user.id),
        audit::action::STAFF_SIGN_IN,
        None,
        client_addr,
        now,
    )
    .await?;
    let org = db::orgs::find(db, user.organisation_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((session_token, me_view(&user, &org)?))
}

/// The signed-in staff member as the API shows them.
pub async fn me(db: &impl ConnectionTrait, staff_id: StaffId) -> Result<StaffMe, ApiError> {
    let user = db::staff::find(db, staff_id.0)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let org = db::orgs::find(db, user.organisation_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    me_view(&user, &org)
}

fn me_view(user: &staff_user::Model, org: &organisation::Model) -> Result<StaffMe, ApiError> {
    Ok(StaffMe {
        id: StaffId(user.id),
        login_id: user.login_id.clone(),
        display_name: user.display_name.clone(),
        role: StaffRole::parse(&user.role)
            .ok_or_else(|| anyhow::anyhow!("staff {} has unknown role", user.id))?,
        organisation: org_summary(org),
    })
}

/// An organisation as shown to users.
pub fn org_summary(org: &organisation::Model) -> OrgSummary {
    OrgSummary {
        id: OrgId(org.id),
        name: org.name.clone(),
        phone: org.phone.clone(),
    }
}
