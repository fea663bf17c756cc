//! Organisations.

use crate::entities::organisation;
use chrono::{DateTime, Utc};
use mimamori_shared::api::admin::OrgKind;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

/// Inserts an organisation.
pub async fn insert(
    db: &impl ConnectionTrait,
    kind: OrgKind,
    name: &str,
    parent_id: Option<i64>,
    phone: Option<&str>,
    now: DateTime<Utc>,
) -> Result<organisation::Model, DbErr> {
    organisation::ActiveModel {
        kind: Set(kind),
        name: Set(name.to_owned()),
        parent_id: Set(parent_id),
        phone: Set(phone.map(str::to_owned)),
        time_zone: Set("Asia/Tokyo".to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// One organisation by id.
pub async fn find(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<Option<organisation::Model>, DbErr> {
    organisation::Entity::find_by_id(id).one(db).await
}

/// Organisations by id, for building views of several cases at once.
pub async fn find_many(
    db: &impl ConnectionTrait,
    ids: Vec<i64>,
) -> Result<Vec<organisation::Model>, DbErr> {
    organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(ids))
        .all(db)
        .await
}

/// One organisation by kind and name (used by the demo to find what it made before).
pub async fn find_by_name(
    db: &impl ConnectionTrait,
    kind: OrgKind,
    name: &str,
) -> Result<Option<organisation::Model>, DbErr> {
    organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(kind))
        .filter(organisation::Column::Name.eq(name))
        .one(db)
        .await
}

/// Every organisation (a deployment has hundreds, not millions: the tree is walked in memory).
pub async fn list_all(db: &impl ConnectionTrait) -> Result<Vec<organisation::Model>, DbErr> {
    organisation::Entity::find().all(db).await
}

/// An organisation to insert with its own time zone (administrators creating the tree).
#[derive(Debug, Clone, Copy)]
pub struct NewOrg<'a> {
    /// Kind.
    pub kind: OrgKind,
    /// Display name.
    pub name: &'a str,
    /// The organisation above it.
    pub parent_id: Option<i64>,
    /// Phone, already normalised.
    pub phone: Option<&'a str>,
    /// Postal address (所在地).
    pub address: Option<&'a str>,
    /// IANA time zone.
    pub time_zone: &'a str,
}

/// Inserts an organisation with its own time zone.
pub async fn insert_in_zone(
    db: &impl ConnectionTrait,
    new: NewOrg<'_>,
    now: DateTime<Utc>,
) -> Result<organisation::Model, DbErr> {
    organisation::ActiveModel {
        kind: Set(new.kind),
        name: Set(new.name.to_owned()),
        parent_id: Set(new.parent_id),
        phone: Set(new.phone.map(str::to_owned)),
        address: Set(new.address.map(str::to_owned)),
        time_zone: Set(new.time_zone.to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Sets a prefecture's usual follow-up period.
pub async fn set_default_followup_days(
    db: &impl ConnectionTrait,
    id: i64,
    days: i16,
) -> Result<(), DbErr> {
    organisation::Entity::update_many()
        .col_expr(organisation::Column::DefaultFollowupDays, Expr::value(days))
        .filter(organisation::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Sets the retention period of the prefecture `id`, or of every prefecture (`None`); returns
/// how many it changed.
pub async fn set_retention_years(
    db: &impl ConnectionTrait,
    id: Option<i64>,
    years: Option<i16>,
) -> Result<u64, DbErr> {
    let mut update = organisation::Entity::update_many()
        .col_expr(organisation::Column::RetentionYears, Expr::value(years))
        .filter(organisation::Column::Kind.eq(OrgKind::Prefecture));
    if let Some(id) = id {
        update = update.filter(organisation::Column::Id.eq(id));
    }
    Ok(update.exec(db).await?.rows_affected)
}

/// Whether the database holds a deployment (any organisation at all): `mimamori init` runs
/// only on an empty one.
pub async fn any_exists(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    Ok(organisation::Entity::find().one(db).await?.is_some())
}

/// The usual follow-up period of the prefecture `centre` belongs to (`mimamori init`), for a
/// case registered without one; `None`: the rule set's default.
pub async fn prefecture_followup_days(
    db: &impl ConnectionTrait,
    centre: &organisation::Model,
) -> Result<Option<i64>, DbErr> {
    let Some(parent) = centre.parent_id else {
        return Ok(None);
    };
    Ok(find(db, parent)
        .await?
        .filter(|org| org.kind == OrgKind::Prefecture)
        .and_then(|prefecture| prefecture.default_followup_days)
        .map(i64::from))
}
