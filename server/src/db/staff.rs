//! Staff users and their sessions.

use crate::entities::{staff_session, staff_user};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, ExprTrait,
    QueryFilter, Set,
};

/// A staff user to insert.
#[derive(Debug, Clone)]
pub struct NewStaff<'a> {
    /// Organisation.
    pub organisation_id: i64,
    /// Login ID (unique).
    pub login_id: &'a str,
    /// Display name.
    pub display_name: &'a str,
    /// Role, as stored.
    pub role: &'a str,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Base32 TOTP secret.
    pub totp_secret: String,
}

/// Inserts a staff user.
pub async fn insert(
    db: &impl ConnectionTrait,
    new: NewStaff<'_>,
    now: DateTime<Utc>,
) -> Result<staff_user::Model, DbErr> {
    let totp_secret_empty = new.totp_secret.is_empty();
    staff_user::ActiveModel {
        organisation_id: Set(new.organisation_id),
        login_id: Set(new.login_id.to_owned()),
        display_name: Set(new.display_name.to_owned()),
        role: Set(new.role.to_owned()),
        password_hash: Set(new.password_hash),
        totp_secret: Set(new.totp_secret),
        totp_last_step: Set(None),
        failed_attempts: Set(0),
        locked_until: Set(None),
        active: Set(true),
        created_at: Set(now),
        // A user created with a secret (demo, tests) has enrolled; one created without
        // enrols at first sign-in.
        totp_enrolled_at: Set((!totp_secret_empty).then_some(now)),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// A staff user by login ID.
pub async fn find_by_login(
    db: &impl ConnectionTrait,
    login_id: &str,
) -> Result<Option<staff_user::Model>, DbErr> {
    staff_user::Entity::find()
        .filter(staff_user::Column::LoginId.eq(login_id))
        .one(db)
        .await
}

/// A staff user by id.
pub async fn find(db: &impl ConnectionTrait, id: i64) -> Result<Option<staff_user::Model>, DbErr> {
    staff_user::Entity::find_by_id(id).one(db).await
}

/// Staff users by id.
pub async fn find_many(
    db: &impl ConnectionTrait,
    ids: Vec<i64>,
) -> Result<Vec<staff_user::Model>, DbErr> {
    staff_user::Entity::find()
        .filter(staff_user::Column::Id.is_in(ids))
        .all(db)
        .await
}

/// Records that TOTP step `step` was used, unless it (or a later one) was used already.
/// Returns whether this call claimed it: the conditional update makes two concurrent sign-ins
/// with the same code impossible to both succeed.
pub async fn claim_totp_step(
    db: &impl ConnectionTrait,
    staff_id: i64,
    step: i64,
) -> Result<bool, DbErr> {
    let result = staff_user::Entity::update_many()
        .col_expr(staff_user::Column::TotpLastStep, Expr::value(step))
        .col_expr(staff_user::Column::FailedAttempts, Expr::value(0))
        .filter(staff_user::Column::Id.eq(staff_id))
        .filter(
            Condition::any()
                .add(staff_user::Column::TotpLastStep.is_null())
                .add(staff_user::Column::TotpLastStep.lt(step)),
        )
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Counts a failed sign-in.
pub async fn record_failure(db: &impl ConnectionTrait, staff_id: i64) -> Result<(), DbErr> {
    staff_user::Entity::update_many()
        .col_expr(
            staff_user::Column::FailedAttempts,
            Expr::col(staff_user::Column::FailedAttempts).add(1),
        )
        .filter(staff_user::Column::Id.eq(staff_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Sets a staff user's password hash (used by the demo to print a known password again).
pub async fn set_password_hash(
    db: &impl ConnectionTrait,
    staff_id: i64,
    password_hash: String,
) -> Result<(), DbErr> {
    staff_user::Entity::update_many()
        .col_expr(staff_user::Column::PasswordHash, Expr::value(password_hash))
        .filter(staff_user::Column::Id.eq(staff_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Inserts a session for `staff_id` under the token's hash.
pub async fn insert_session(
    db: &impl ConnectionTrait,
    staff_id: i64,
    token_hash: String,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    staff_session::ActiveModel {
        token_hash: Set(token_hash),
        staff_id: Set(staff_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A session and its user, by the token's hash.
pub async fn find_session(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<(staff_session::Model, staff_user::Model)>, DbErr> {
    let Some(session) = staff_session::Entity::find()
        .filter(staff_session::Column::TokenHash.eq(token_hash))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(find(db, session.staff_id)
        .await?
        .map(|user| (session, user)))
}

/// Marks a session as used now (sliding idle timeout).
pub async fn touch_session(
    db: &impl ConnectionTrait,
    session_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    staff_session::Entity::update_many()
        .col_expr(staff_session::Column::LastSeenAt, Expr::value(now))
        .filter(staff_session::Column::Id.eq(session_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes a session by the token's hash.
pub async fn delete_session(db: &impl ConnectionTrait, token_hash: &str) -> Result<(), DbErr> {
    staff_session::Entity::delete_many()
        .filter(staff_session::Column::TokenHash.eq(token_hash))
        .exec(db)
        .await?;
    Ok(())
}
