//! Administration of staff users: list, create (the user enrols TOTP at first sign-in),
//! deactivate, reset two-factor sign-in. Only users of organisations in the administrator's
//! [`OrgScope`](crate::access::OrgScope) exist for them; others are not found (404).

use super::admin_orgs::{managed_scope, org_in_scope};
use super::audit;
use super::staff_auth::{self, org_summary};
use crate::access::StaffAction;
use crate::auth::{StaffCaller, common_passwords, password};
use crate::db;
use crate::db::staff::NewStaff;
use crate::db::staff_admin::UserFilter;
use crate::entities::{organisation, staff_user};
use crate::error::ApiError;
use chrono::{DateTime, Utc};
use mimamori_shared::api::admin::{CreateUser, UserList, UserQuery, UserView};
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::ids::StaffId;
use sea_orm::{ConnectionTrait, SqlErr, TransactionSession, TransactionTrait};
use std::collections::HashMap;

/// Users of the administrator's organisations matching the filters.
pub async fn list(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    query: &UserQuery,
    now: DateTime<Utc>,
) -> Result<UserList, ApiError> {
    let scope = managed_scope(db, caller, StaffAction::ManageUsers).await?;
    let filter = UserFilter {
        organisation_id: query.organisation_id.map(|o| o.0),
        role: query.role.map(StaffRole::as_str),
        active: query.active,
    };
    let users = db::staff_admin::list(
        db,
        &filter,
        scope.condition_on(staff_user::Column::OrganisationId),
    )
    .await?;
    let orgs: HashMap<i64, organisation::Model> = db::orgs::list_all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    Ok(UserList {
        items: users
            .iter()
            .filter_map(|u| view(u, orgs.get(&u.organisation_id)?, now))
            .collect(),
    })
}

/// Creates a user of an organisation in the scope (404 otherwise) with a role that fits the
/// organisation's kind (422 `role`); 409 `login_taken` when the login ID is in use. The
/// initial password is a one-time password, and the user has no authenticator yet: their first
/// sign-in changes the password, then enrols one.
pub async fn create(
    db: &(impl ConnectionTrait + TransactionTrait),
    caller: &StaffCaller,
    request: &CreateUser,
    now: DateTime<Utc>,
) -> Result<UserView, ApiError> {
    let scope = managed_scope(db, caller, StaffAction::ManageUsers).await?;
    request.validate().map_err(ApiError::Validation)?;
    let (Some(role), Some(org_id)) = (request.role, request.organisation_id) else {
        return Err(ApiError::field("role", "required", "required"));
    };
    let org = org_in_scope(db, &scope, org_id.0).await?;
    if !org.kind.fits_role(role) {
        return Err(ApiError::field(
            "role",
            "role_mismatch",
            "this role does not belong to that kind of organisation",
        ));
    }
    let login_id = request.login_id.trim();
    let taken = || ApiError::Conflict {
        code: "login_taken",
        detail: "This login ID is already in use.",
    };
    if db::staff::find_by_login(db, login_id).await?.is_some() {
        return Err(taken());
    }
    if common_passwords::is_common(&request.initial_password) {
        return Err(common_passwords::too_common("initial_password"));
    }
    let password_hash = password::hash(request.initial_password.clone()).await?;
    let txn = db.begin().await?;
    let inserted = db::staff::insert(
        &txn,
        NewStaff {
            organisation_id: org.id,
            login_id,
            display_name: request.display_name.trim(),
            role,
            password_hash,
            // No secret: not enrolled (see `db::staff::insert`).
        },
        now,
    )
    .await;
    let user = match inserted {
        Ok(user) => user,
        Err(error) if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(taken());
        }
        Err(error) => return Err(error.into()),
    };
    let email = request
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(str::to_owned);
    db::staff_admin::set_email(&txn, user.id, email).await?;
    // The administrator knows this password: the member replaces it at the first sign-in.
    db::staff::require_password_change(&txn, user.id).await?;
    audit_user(&txn, caller, audit::action::STAFF_CREATE, user.id, now).await?;
    txn.commit().await?;
    reload(db, &org, user.id, now).await
}

/// Deactivates a user in the scope and ends their sessions: they can no longer sign in.
/// An administrator cannot deactivate themselves (409 `own_account`).
pub async fn deactivate(
    db: &(impl ConnectionTrait + TransactionTrait),
    caller: &StaffCaller,
    id: StaffId,
    now: DateTime<Utc>,
) -> Result<UserView, ApiError> {
    let scope = managed_scope(db, caller, StaffAction::ManageUsers).await?;
    let (user, org) = user_in_scope(db, &scope, id).await?;
    if user.id == caller.staff_id.0 {
        return Err(ApiError::Conflict {
            code: "own_account",
            detail: "You cannot deactivate your own account.",
        });
    }
    let txn = db.begin().await?;
    db::staff_admin::deactivate(&txn, user.id).await?;
    db::staff::delete_sessions_of(&txn, user.id, None).await?;
    audit_user(&txn, caller, audit::action::STAFF_DEACTIVATE, user.id, now).await?;
    txn.commit().await?;
    reload(db, &org, user.id, now).await
}

/// Resets a user's two-factor sign-in (a lost phone): their authenticator and recovery codes
/// stop working, their sessions end, and their next sign-in enrols a new authenticator.
pub async fn reset_two_factor(
    db: &(impl ConnectionTrait + TransactionTrait),
    caller: &StaffCaller,
    id: StaffId,
    now: DateTime<Utc>,
) -> Result<UserView, ApiError> {
    let scope = managed_scope(db, caller, StaffAction::ManageUsers).await?;
    let (user, org) = user_in_scope(db, &scope, id).await?;
    staff_auth::reset_two_factor(db, StaffId(user.id), now).await?;
    audit_user(db, caller, audit::action::STAFF_RESET_2FA, user.id, now).await?;
    reload(db, &org, user.id, now).await
}

async fn user_in_scope(
    db: &impl ConnectionTrait,
    scope: &crate::access::OrgScope,
    id: StaffId,
) -> Result<(staff_user::Model, organisation::Model), ApiError> {
    let user = db::staff::find(db, id.0)
        .await?
        .filter(|u| scope.contains(u.organisation_id))
        .ok_or(ApiError::NotFound)?;
    let org = org_in_scope(db, scope, user.organisation_id).await?;
    Ok((user, org))
}

async fn reload(
    db: &impl ConnectionTrait,
    org: &organisation::Model,
    id: i64,
    now: DateTime<Utc>,
) -> Result<UserView, ApiError> {
    let user = db::staff::find(db, id).await?.ok_or(ApiError::NotFound)?;
    view(&user, org, now)
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("staff {id} has an unknown role")))
}

async fn audit_user(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    action: &str,
    staff_id: i64,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    audit::staff_detail(db, caller, action, None, format!("staff:{staff_id}"), now).await
}

fn view(
    user: &staff_user::Model,
    org: &organisation::Model,
    now: DateTime<Utc>,
) -> Option<UserView> {
    Some(UserView {
        id: StaffId(user.id),
        login_id: user.login_id.clone(),
        display_name: user.display_name.clone(),
        role: user.role,
        organisation: org_summary(org),
        email: user.email.clone(),
        active: user.active,
        totp_enrolled: user.totp_enrolled_at.is_some(),
        locked_until: user.locked_until.filter(|until| *until > now),
        created_at: user.created_at,
    })
}
