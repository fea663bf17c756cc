//! Web Push subscriptions of patient devices.

use crate::entities::push_subscription;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

/// Stores a subscription for an account; an endpoint already stored (the same browser
/// subscribing again, perhaps after a sign-in by someone else) is replaced.
pub async fn upsert(
    db: &impl ConnectionTrait,
    account_id: i64,
    endpoint: &str,
    p256dh: &str,
    auth: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    delete_endpoint(db, endpoint).await?;
    push_subscription::ActiveModel {
        account_id: Set(account_id),
        endpoint: Set(endpoint.to_owned()),
        p256dh: Set(p256dh.to_owned()),
        auth: Set(auth.to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Removes a subscription by endpoint.
pub async fn delete_endpoint(db: &impl ConnectionTrait, endpoint: &str) -> Result<(), DbErr> {
    push_subscription::Entity::delete_many()
        .filter(push_subscription::Column::Endpoint.eq(endpoint))
        .exec(db)
        .await?;
    Ok(())
}

/// Removes an account's subscription by endpoint (a patient can only remove their own).
pub async fn delete_for_account(
    db: &impl ConnectionTrait,
    account_id: i64,
    endpoint: &str,
) -> Result<(), DbErr> {
    push_subscription::Entity::delete_many()
        .filter(push_subscription::Column::AccountId.eq(account_id))
        .filter(push_subscription::Column::Endpoint.eq(endpoint))
        .exec(db)
        .await?;
    Ok(())
}

/// Removes every subscription of an account (reminders turned off).
pub async fn delete_all_for_account(
    db: &impl ConnectionTrait,
    account_id: i64,
) -> Result<(), DbErr> {
    push_subscription::Entity::delete_many()
        .filter(push_subscription::Column::AccountId.eq(account_id))
        .exec(db)
        .await?;
    Ok(())
}

/// An account's subscriptions.
pub async fn list_for_account(
    db: &impl ConnectionTrait,
    account_id: i64,
) -> Result<Vec<push_subscription::Model>, DbErr> {
    push_subscription::Entity::find()
        .filter(push_subscription::Column::AccountId.eq(account_id))
        .all(db)
        .await
}
