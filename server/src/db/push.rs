//! Web Push subscriptions of patient devices, stored sealed and found by the blind index of
//! their endpoint (`services::push` seals and opens them).

use crate::entities::push_subscription;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

/// A subscription as stored: the endpoint's blind index, and the three values sealed.
#[derive(Debug, Clone)]
pub struct StoredSubscription {
    /// Blind index of the endpoint.
    pub endpoint_index: String,
    /// The endpoint, sealed.
    pub endpoint: String,
    /// The browser's public key, sealed.
    pub p256dh: String,
    /// The authentication secret, sealed.
    pub auth: String,
}

/// Stores a subscription for an account; an endpoint already stored (the same browser
/// subscribing again, perhaps after a sign-in by someone else) is replaced.
pub async fn upsert(
    db: &impl ConnectionTrait,
    account_id: i64,
    stored: StoredSubscription,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    delete_endpoint(db, &stored.endpoint_index).await?;
    new_row(account_id, stored, now).insert(db).await?;
    Ok(())
}

/// Deletes the account's subscriptions beyond its `keep` newest.
pub async fn keep_newest(
    db: &impl ConnectionTrait,
    account_id: i64,
    keep: u64,
) -> Result<(), DbErr> {
    // An account has a handful: read them all (SQLite has no OFFSET without LIMIT).
    let newest_first: Vec<i64> = push_subscription::Entity::find()
        .select_only()
        .column(push_subscription::Column::Id)
        .filter(push_subscription::Column::AccountId.eq(account_id))
        .order_by_desc(push_subscription::Column::CreatedAt)
        .order_by_desc(push_subscription::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let older: Vec<i64> = newest_first
        .into_iter()
        .skip(usize::try_from(keep).unwrap_or(usize::MAX))
        .collect();
    if !older.is_empty() {
        push_subscription::Entity::delete_many()
            .filter(push_subscription::Column::Id.is_in(older))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// The row of a new subscription (inserted by [`upsert`]; the benchmarks and tests insert many
/// at once).
pub fn new_row(
    account_id: i64,
    stored: StoredSubscription,
    now: DateTime<Utc>,
) -> push_subscription::ActiveModel {
    push_subscription::ActiveModel {
        account_id: Set(account_id),
        endpoint_index: Set(Some(stored.endpoint_index)),
        endpoint: Set(stored.endpoint),
        p256dh: Set(stored.p256dh),
        auth: Set(stored.auth),
        created_at: Set(now),
        ..Default::default()
    }
}

/// Removes a subscription by the blind index of its endpoint.
pub async fn delete_endpoint(db: &impl ConnectionTrait, endpoint_index: &str) -> Result<(), DbErr> {
    push_subscription::Entity::delete_many()
        .filter(push_subscription::Column::EndpointIndex.eq(endpoint_index))
        .exec(db)
        .await?;
    Ok(())
}

/// Removes subscriptions by the blind indexes of their endpoints (gone from the push service).
pub async fn delete_endpoints(
    db: &impl ConnectionTrait,
    endpoint_indexes: Vec<String>,
) -> Result<(), DbErr> {
    push_subscription::Entity::delete_many()
        .filter(push_subscription::Column::EndpointIndex.is_in(endpoint_indexes))
        .exec(db)
        .await?;
    Ok(())
}

/// Removes an account's subscription by its endpoint's blind index (a patient can only remove
/// their own).
pub async fn delete_for_account(
    db: &impl ConnectionTrait,
    account_id: i64,
    endpoint_index: &str,
) -> Result<(), DbErr> {
    push_subscription::Entity::delete_many()
        .filter(push_subscription::Column::AccountId.eq(account_id))
        .filter(push_subscription::Column::EndpointIndex.eq(endpoint_index))
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

/// An account's subscriptions, as stored (sealed).
pub async fn list_for_account(
    db: &impl ConnectionTrait,
    account_id: i64,
) -> Result<Vec<push_subscription::Model>, DbErr> {
    push_subscription::Entity::find()
        .filter(push_subscription::Column::AccountId.eq(account_id))
        .all(db)
        .await
}
