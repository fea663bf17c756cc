//! Secrets the server generates for itself and keeps in the database.

use crate::entities::app_secret;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, Set, SqlErr};

/// A secret by name.
pub async fn get(db: &impl ConnectionTrait, name: &str) -> Result<Option<String>, DbErr> {
    Ok(app_secret::Entity::find_by_id(name.to_owned())
        .one(db)
        .await?
        .map(|s| s.value))
}

/// Stores a secret unless one of that name exists, and returns the stored one: when two
/// instances start at once, both end up with the same secret.
pub async fn get_or_insert(
    db: &impl ConnectionTrait,
    name: &str,
    value: String,
    now: DateTime<Utc>,
) -> Result<String, DbErr> {
    let inserted = app_secret::ActiveModel {
        name: Set(name.to_owned()),
        value: Set(value),
        created_at: Set(now),
    }
    .insert(db)
    .await;
    match inserted {
        Ok(row) => Ok(row.value),
        Err(error) if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            get(db, name).await?.ok_or(error)
        }
        Err(error) => Err(error),
    }
}
