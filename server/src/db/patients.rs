//! Patient accounts, the cases they report for, their sessions and invitations.

use crate::entities::{invitation, patient_account, patient_account_case, patient_session};
use chrono::{DateTime, Utc};
use mimamori_shared::i18n::Lang;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

/// Inserts an invitation for a case under the token's hash.
pub async fn insert_invitation(
    db: &impl ConnectionTrait,
    case_id: i64,
    token_hash: String,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    invitation::ActiveModel {
        case_id: Set(case_id),
        token_hash: Set(token_hash),
        expires_at: Set(expires_at),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// An invitation by the token's hash.
pub async fn find_invitation(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<invitation::Model>, DbErr> {
    invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(token_hash))
        .one(db)
        .await
}

/// Marks an invitation used, unless it already is; returns whether this call used it, so two
/// concurrent redemptions of one link cannot both succeed.
pub async fn use_invitation(
    db: &impl ConnectionTrait,
    id: i64,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = invitation::Entity::update_many()
        .col_expr(invitation::Column::UsedAt, Expr::value(now))
        .filter(invitation::Column::Id.eq(id))
        .filter(invitation::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The account that reports for a case, if any.
pub async fn account_of_case(
    db: &impl ConnectionTrait,
    case_id: i64,
) -> Result<Option<patient_account::Model>, DbErr> {
    let Some(link) = patient_account_case::Entity::find()
        .filter(patient_account_case::Column::CaseId.eq(case_id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    patient_account::Entity::find_by_id(link.account_id)
        .one(db)
        .await
}

/// Inserts an account and links it to its first case.
pub async fn insert_account(
    db: &impl ConnectionTrait,
    case_id: i64,
    password_hash: String,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<patient_account::Model, DbErr> {
    let account = patient_account::ActiveModel {
        password_hash: Set(password_hash),
        lang: Set(lang),
        created_at: Set(now),
        own_case_id: Set(Some(case_id)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    link_case(db, account.id, case_id).await?;
    Ok(account)
}

/// Stops an account reporting for a case (a household member who gets their own sign-in).
pub async fn unlink_case(
    db: &impl ConnectionTrait,
    account_id: i64,
    case_id: i64,
) -> Result<(), DbErr> {
    patient_account_case::Entity::delete_many()
        .filter(patient_account_case::Column::AccountId.eq(account_id))
        .filter(patient_account_case::Column::CaseId.eq(case_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Lets an account report for one more case (a household member).
pub async fn link_case(
    db: &impl ConnectionTrait,
    account_id: i64,
    case_id: i64,
) -> Result<(), DbErr> {
    patient_account_case::ActiveModel {
        account_id: Set(account_id),
        case_id: Set(case_id),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Sets an account's password and language (a re-issued invitation after a lost password).
pub async fn update_account(
    db: &impl ConnectionTrait,
    account_id: i64,
    password_hash: String,
    lang: Lang,
) -> Result<(), DbErr> {
    patient_account::Entity::update_many()
        .col_expr(
            patient_account::Column::PasswordHash,
            Expr::value(password_hash),
        )
        .col_expr(patient_account::Column::Lang, Expr::value(lang))
        .filter(patient_account::Column::Id.eq(account_id))
        .exec(db)
        .await?;
    Ok(())
}

/// An account by id.
pub async fn find_account(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<Option<patient_account::Model>, DbErr> {
    patient_account::Entity::find_by_id(id).one(db).await
}

/// A case an account reports for, with when its follow-up ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkedCase {
    /// The case.
    pub case_id: i64,
    /// When its follow-up ended (`None`: not ended).
    pub ended_at: Option<DateTime<Utc>>,
}

/// A session found by its token's hash, with the cases its account reports for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionCases {
    /// The signed-in account.
    pub account_id: i64,
    /// When the session ends.
    pub expires_at: DateTime<Utc>,
    /// The account's cases, in id order.
    pub cases: Vec<LinkedCase>,
}

/// The session under a token's hash and its account's cases, in one statement: every request
/// of a patient starts with it, and the report path pays per statement.
pub async fn find_session_with_cases(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<SessionCases>, DbErr> {
    #[derive(sea_orm::FromQueryResult)]
    struct Row {
        account_id: i64,
        expires_at: DateTime<Utc>,
        case_id: Option<i64>,
        ended_at: Option<DateTime<Utc>>,
    }
    let mut binds = super::Binds::new(db.get_database_backend());
    let sql = format!(
        "SELECT s.account_id, s.expires_at, c.case_id, pc.ended_at FROM patient_session s \
         LEFT JOIN patient_account_case c ON c.account_id = s.account_id \
         LEFT JOIN patient_case pc ON pc.id = c.case_id \
         WHERE s.token_hash = {} ORDER BY c.case_id",
        binds.bind(token_hash)
    );
    let rows = <Row as sea_orm::FromQueryResult>::find_by_statement(binds.statement(sql))
        .all(db)
        .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    Ok(Some(SessionCases {
        account_id: first.account_id,
        expires_at: first.expires_at,
        cases: rows
            .iter()
            .filter_map(|r| {
                r.case_id.map(|case_id| LinkedCase {
                    case_id,
                    ended_at: r.ended_at,
                })
            })
            .collect(),
    }))
}

/// The cases an account reports for with when each ended, in id order.
pub async fn linked_cases(
    db: &impl ConnectionTrait,
    account_id: i64,
) -> Result<Vec<LinkedCase>, DbErr> {
    #[derive(sea_orm::FromQueryResult)]
    struct Row {
        case_id: i64,
        ended_at: Option<DateTime<Utc>>,
    }
    let mut binds = super::Binds::new(db.get_database_backend());
    let sql = format!(
        "SELECT c.case_id, pc.ended_at FROM patient_account_case c \
         JOIN patient_case pc ON pc.id = c.case_id \
         WHERE c.account_id = {} ORDER BY c.case_id",
        binds.bind(account_id)
    );
    let rows = <Row as sea_orm::FromQueryResult>::find_by_statement(binds.statement(sql))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| LinkedCase {
            case_id: row.case_id,
            ended_at: row.ended_at,
        })
        .collect())
}

/// Inserts a session under the token's hash.
pub async fn insert_session(
    db: &impl ConnectionTrait,
    account_id: i64,
    token_hash: String,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), DbErr> {
    patient_session::ActiveModel {
        token_hash: Set(token_hash),
        account_id: Set(account_id),
        created_at: Set(now),
        expires_at: Set(expires_at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Deletes a session by the token's hash.
pub async fn delete_session(db: &impl ConnectionTrait, token_hash: &str) -> Result<(), DbErr> {
    patient_session::Entity::delete_many()
        .filter(patient_session::Column::TokenHash.eq(token_hash))
        .exec(db)
        .await?;
    Ok(())
}

/// Sets an account's reminder preferences (times as local "HH:MM").
pub async fn set_reminders(
    db: &impl ConnectionTrait,
    account_id: i64,
    enabled: bool,
    window_start: String,
    window_end: String,
) -> Result<(), DbErr> {
    patient_account::Entity::update_many()
        .col_expr(
            patient_account::Column::RemindersEnabled,
            Expr::value(enabled),
        )
        .col_expr(
            patient_account::Column::ReminderWindowStart,
            Expr::value(window_start),
        )
        .col_expr(
            patient_account::Column::ReminderWindowEnd,
            Expr::value(window_end),
        )
        .filter(patient_account::Column::Id.eq(account_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Revokes a case's unused invitations by letting them expire at `now` (a re-issued invitation
/// replaces them; the rows stay, so the record shows when each stopped working).
pub async fn expire_unused_invitations(
    db: &impl ConnectionTrait,
    case_id: i64,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let result = invitation::Entity::update_many()
        .col_expr(invitation::Column::ExpiresAt, Expr::value(now))
        .filter(invitation::Column::CaseId.eq(case_id))
        .filter(invitation::Column::UsedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// Ends every session of an account (its password was just reset: a lost phone must not stay
/// signed in).
pub async fn delete_sessions_of_account(
    db: &impl ConnectionTrait,
    account_id: i64,
) -> Result<(), DbErr> {
    patient_session::Entity::delete_many()
        .filter(patient_session::Column::AccountId.eq(account_id))
        .exec(db)
        .await?;
    Ok(())
}
