//! Staff users and their sessions.

use crate::entities::staff_session::SessionStage;
use crate::entities::{staff_recovery_code, staff_session, staff_user};
use chrono::{DateTime, Utc};
use mimamori_shared::api::auth::StaffRole;
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
    pub role: StaffRole,
    /// Argon2id PHC string.
    pub password_hash: String,
}

/// Inserts a staff user without an authenticator: the first sign-in enrols one (the demo and
/// the tests then give one at once, [`set_enrolled_totp_secret`]).
pub async fn insert(
    db: &impl ConnectionTrait,
    new: NewStaff<'_>,
    now: DateTime<Utc>,
) -> Result<staff_user::Model, DbErr> {
    staff_user::ActiveModel {
        organisation_id: Set(new.organisation_id),
        login_id: Set(new.login_id.to_owned()),
        display_name: Set(new.display_name.to_owned()),
        role: Set(new.role),
        password_hash: Set(new.password_hash),
        totp_secret: Set(String::new()),
        totp_last_step: Set(None),
        failed_attempts: Set(0),
        locked_until: Set(None),
        active: Set(true),
        created_at: Set(now),
        totp_enrolled_at: Set(None),
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

/// Inserts a full session for `staff_id` under the token's hash.
pub async fn insert_session(
    db: &impl ConnectionTrait,
    staff_id: i64,
    token_hash: String,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    insert_session_at(db, staff_id, token_hash, SessionStage::Full, now).await
}

/// Inserts a session at `stage` (`staff_session::SessionStage`) for `staff_id` under the token's hash.
pub async fn insert_session_at(
    db: &impl ConnectionTrait,
    staff_id: i64,
    token_hash: String,
    stage: SessionStage,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    staff_session::ActiveModel {
        token_hash: Set(token_hash),
        staff_id: Set(staff_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        stage: Set(stage),
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

// --- Sign-in security: lockout, TOTP enrolment, recovery codes, password change -------------

/// Locks the account until `until` if it has reached `threshold` failed sign-ins, and starts
/// the count again. Returns whether this call locked it (so exactly one caller audits the lock
/// when failures race).
pub async fn lock_after_failures(
    db: &impl ConnectionTrait,
    staff_id: i64,
    threshold: i32,
    until: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = staff_user::Entity::update_many()
        .col_expr(staff_user::Column::LockedUntil, Expr::value(until))
        .col_expr(staff_user::Column::FailedAttempts, Expr::value(0))
        .filter(staff_user::Column::Id.eq(staff_id))
        .filter(staff_user::Column::FailedAttempts.gte(threshold))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Forgets failed sign-ins and any lock (after a successful sign-in).
pub async fn clear_failures(db: &impl ConnectionTrait, staff_id: i64) -> Result<(), DbErr> {
    staff_user::Entity::update_many()
        .col_expr(staff_user::Column::FailedAttempts, Expr::value(0))
        .col_expr(
            staff_user::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(staff_user::Column::Id.eq(staff_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Gives a staff member an enrolled authenticator at once (`sealed`: the secret sealed with the
/// data key), as the demo and the tests arrange it.
pub async fn set_enrolled_totp_secret(
    db: &impl ConnectionTrait,
    staff_id: i64,
    sealed: String,
    now: DateTime<Utc>,
) -> Result<staff_user::Model, DbErr> {
    staff_user::Entity::update_many()
        .col_expr(staff_user::Column::TotpSecret, Expr::value(sealed))
        .col_expr(staff_user::Column::TotpEnrolledAt, Expr::value(now))
        .filter(staff_user::Column::Id.eq(staff_id))
        .exec(db)
        .await?;
    staff_user::Entity::find_by_id(staff_id)
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("staff {staff_id}")))
}

/// Stores a pending TOTP secret for a staff member who has not enrolled. Returns `false` when
/// the member has enrolled meanwhile (the secret in use is never replaced this way).
pub async fn set_pending_totp_secret(
    db: &impl ConnectionTrait,
    staff_id: i64,
    secret: String,
) -> Result<bool, DbErr> {
    let result = staff_user::Entity::update_many()
        .col_expr(staff_user::Column::TotpSecret, Expr::value(secret))
        // Steps claimed with an earlier secret say nothing about this one.
        .col_expr(
            staff_user::Column::TotpLastStep,
            Expr::value(Option::<i64>::None),
        )
        .filter(staff_user::Column::Id.eq(staff_id))
        .filter(staff_user::Column::TotpEnrolledAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Marks the pending secret `secret` as enrolled. Returns `false` when the member enrolled
/// already or the pending secret changed meanwhile (a second enrolment tab).
pub async fn confirm_totp_secret(
    db: &impl ConnectionTrait,
    staff_id: i64,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = staff_user::Entity::update_many()
        .col_expr(staff_user::Column::TotpEnrolledAt, Expr::value(now))
        .filter(staff_user::Column::Id.eq(staff_id))
        .filter(staff_user::Column::TotpEnrolledAt.is_null())
        .filter(staff_user::Column::TotpSecret.eq(secret))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Forgets the staff member's authenticator and any lock: the next sign-in enrols again.
pub async fn clear_totp(db: &impl ConnectionTrait, staff_id: i64) -> Result<bool, DbErr> {
    let result = staff_user::Entity::update_many()
        .col_expr(staff_user::Column::TotpSecret, Expr::value(String::new()))
        .col_expr(
            staff_user::Column::TotpEnrolledAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            staff_user::Column::TotpLastStep,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(staff_user::Column::FailedAttempts, Expr::value(0))
        .col_expr(
            staff_user::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(staff_user::Column::Id.eq(staff_id))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Sets a new password hash and when it was changed.
pub async fn set_password(
    db: &impl ConnectionTrait,
    staff_id: i64,
    password_hash: String,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    staff_user::Entity::update_many()
        .col_expr(staff_user::Column::PasswordHash, Expr::value(password_hash))
        .col_expr(staff_user::Column::PasswordChangedAt, Expr::value(now))
        .col_expr(staff_user::Column::MustChangePassword, Expr::value(false))
        .filter(staff_user::Column::Id.eq(staff_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Moves a session to `stage` (`staff_session::SessionStage`).
pub async fn set_session_stage(
    db: &impl ConnectionTrait,
    session_id: i64,
    stage: SessionStage,
) -> Result<(), DbErr> {
    staff_session::Entity::update_many()
        .col_expr(staff_session::Column::Stage, Expr::value(stage))
        .filter(staff_session::Column::Id.eq(session_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Ends every session of `staff_id` except `keep` (the caller's own, if given). Returns how
/// many were ended.
pub async fn delete_sessions_of(
    db: &impl ConnectionTrait,
    staff_id: i64,
    keep: Option<i64>,
) -> Result<u64, DbErr> {
    let mut query =
        staff_session::Entity::delete_many().filter(staff_session::Column::StaffId.eq(staff_id));
    if let Some(keep) = keep {
        query = query.filter(staff_session::Column::Id.ne(keep));
    }
    Ok(query.exec(db).await?.rows_affected)
}

/// The sessions of a staff member (tests and administration).
pub async fn sessions_of(
    db: &impl ConnectionTrait,
    staff_id: i64,
) -> Result<Vec<staff_session::Model>, DbErr> {
    staff_session::Entity::find()
        .filter(staff_session::Column::StaffId.eq(staff_id))
        .all(db)
        .await
}

/// Voids every unused recovery code of `staff_id` (marked used at `now`: rows are kept, so
/// the record shows when each stopped working).
pub async fn void_recovery_codes(
    db: &impl ConnectionTrait,
    staff_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    staff_recovery_code::Entity::update_many()
        .col_expr(staff_recovery_code::Column::UsedAt, Expr::value(now))
        .filter(staff_recovery_code::Column::StaffId.eq(staff_id))
        .filter(staff_recovery_code::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Stores new recovery codes (their hashes) for `staff_id`.
pub async fn insert_recovery_codes(
    db: &impl ConnectionTrait,
    staff_id: i64,
    code_hashes: Vec<String>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let rows = code_hashes
        .into_iter()
        .map(|code_hash| staff_recovery_code::ActiveModel {
            staff_id: Set(staff_id),
            code_hash: Set(code_hash),
            used_at: Set(None),
            created_at: Set(now),
            ..Default::default()
        });
    staff_recovery_code::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Uses the unused recovery code with this hash. Returns whether this call used it: the
/// conditional update makes a code work at most once, also under concurrent sign-ins.
pub async fn use_recovery_code(
    db: &impl ConnectionTrait,
    staff_id: i64,
    code_hash: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = staff_recovery_code::Entity::update_many()
        .col_expr(staff_recovery_code::Column::UsedAt, Expr::value(now))
        .filter(staff_recovery_code::Column::StaffId.eq(staff_id))
        .filter(staff_recovery_code::Column::CodeHash.eq(code_hash))
        .filter(staff_recovery_code::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected >= 1)
}

/// The recovery codes of a staff member, used and unused (tests and administration).
pub async fn recovery_codes_of(
    db: &impl ConnectionTrait,
    staff_id: i64,
) -> Result<Vec<staff_recovery_code::Model>, DbErr> {
    staff_recovery_code::Entity::find()
        .filter(staff_recovery_code::Column::StaffId.eq(staff_id))
        .all(db)
        .await
}

/// Makes the member change their password at the next sign-in, before anything else.
pub async fn require_password_change(
    db: &impl ConnectionTrait,
    staff_id: i64,
) -> Result<(), DbErr> {
    staff_user::Entity::update_many()
        .col_expr(staff_user::Column::MustChangePassword, Expr::value(true))
        .filter(staff_user::Column::Id.eq(staff_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Gives a staff member a one-time password (`mimamori init`, `mimamori admin …`): it must be
/// changed at the next sign-in before anything else, and any lockout is lifted. Answers
/// whether the member exists.
pub async fn set_one_time_password(
    db: &impl ConnectionTrait,
    staff_id: i64,
    password_hash: String,
) -> Result<bool, DbErr> {
    let result = staff_user::Entity::update_many()
        .col_expr(staff_user::Column::PasswordHash, Expr::value(password_hash))
        .col_expr(staff_user::Column::MustChangePassword, Expr::value(true))
        .col_expr(staff_user::Column::FailedAttempts, Expr::value(0))
        .col_expr(
            staff_user::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(staff_user::Column::Id.eq(staff_id))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}
