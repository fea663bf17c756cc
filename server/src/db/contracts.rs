//! Contracts (委託契約): which follow-up organisation serves which health centre.

use crate::entities::{contract, organisation};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

/// Inserts a contract; a second one for the same pair violates the unique index.
pub async fn insert(
    db: &impl ConnectionTrait,
    followup_org_id: i64,
    health_centre_id: i64,
    now: DateTime<Utc>,
) -> Result<contract::Model, DbErr> {
    contract::ActiveModel {
        followup_org_id: Set(followup_org_id),
        health_centre_id: Set(health_centre_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// One contract by id.
pub async fn find(db: &impl ConnectionTrait, id: i64) -> Result<Option<contract::Model>, DbErr> {
    contract::Entity::find_by_id(id).one(db).await
}

/// The contract between a follow-up organisation and a health centre, if there is one.
pub async fn find_pair(
    db: &impl ConnectionTrait,
    followup_org_id: i64,
    health_centre_id: i64,
) -> Result<Option<contract::Model>, DbErr> {
    contract::Entity::find()
        .filter(contract::Column::FollowupOrgId.eq(followup_org_id))
        .filter(contract::Column::HealthCentreId.eq(health_centre_id))
        .one(db)
        .await
}

/// Deletes a contract.
pub async fn delete(db: &impl ConnectionTrait, id: i64) -> Result<(), DbErr> {
    contract::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// Contracts matching `scope` (a condition on `contract`), oldest first.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: Condition,
) -> Result<Vec<contract::Model>, DbErr> {
    contract::Entity::find()
        .filter(scope)
        .order_by_asc(contract::Column::Id)
        .all(db)
        .await
}

/// The follow-up organisations with a contract with `health_centre_id`, by name.
pub async fn followup_orgs_of(
    db: &impl ConnectionTrait,
    health_centre_id: i64,
) -> Result<Vec<organisation::Model>, DbErr> {
    let ids: Vec<i64> = contract::Entity::find()
        .filter(contract::Column::HealthCentreId.eq(health_centre_id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.followup_org_id)
        .collect();
    organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(ids))
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await
}
