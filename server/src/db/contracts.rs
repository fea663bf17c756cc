//! Contracts (委託契約): which follow-up organisation serves which health centre.

use crate::entities::{contract, organisation};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
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

/// The contract between a follow-up organisation and a health centre, if there is one (in
/// force or ended).
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

/// Ends a contract at `now` (`None`: reopens an ended one). The row stays: the lapse of the
/// organisation's access counts from its end.
pub async fn set_ended(
    db: &impl ConnectionTrait,
    id: i64,
    ended_at: Option<DateTime<Utc>>,
) -> Result<(), DbErr> {
    contract::Entity::update_many()
        .col_expr(contract::Column::EndedAt, Expr::value(ended_at))
        .filter(contract::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// The health centres whose contract with follow-up organisation `org` ended at or before
/// `at_or_before`: their cases are no longer the organisation's to read.
pub async fn lapsed_centres(
    db: &impl ConnectionTrait,
    org: i64,
    at_or_before: DateTime<Utc>,
) -> Result<Vec<i64>, DbErr> {
    contract::Entity::find()
        .select_only()
        .column(contract::Column::HealthCentreId)
        .filter(contract::Column::FollowupOrgId.eq(org))
        .filter(contract::Column::EndedAt.lte(at_or_before))
        .into_tuple()
        .all(db)
        .await
}

/// Contracts in force matching `scope` (a condition on `contract`), oldest first.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: Condition,
) -> Result<Vec<contract::Model>, DbErr> {
    contract::Entity::find()
        .filter(scope)
        .filter(contract::Column::EndedAt.is_null())
        .order_by_asc(contract::Column::Id)
        .all(db)
        .await
}

/// The follow-up organisations with a contract in force with `health_centre_id`, by name.
pub async fn followup_orgs_of(
    db: &impl ConnectionTrait,
    health_centre_id: i64,
) -> Result<Vec<organisation::Model>, DbErr> {
    let ids: Vec<i64> = contract::Entity::find()
        .filter(contract::Column::HealthCentreId.eq(health_centre_id))
        .filter(contract::Column::EndedAt.is_null())
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
