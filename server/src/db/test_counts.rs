//! Administrative test counts (`test_count`): one row per institution and day.

use crate::entities::{organisation, test_count};
use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

/// The institution's record of `date`, if filed.
pub async fn find(
    db: &impl ConnectionTrait,
    institution_id: i64,
    date: NaiveDate,
) -> Result<Option<test_count::Model>, DbErr> {
    test_count::Entity::find()
        .filter(test_count::Column::InstitutionId.eq(institution_id))
        .filter(test_count::Column::Date.eq(date))
        .one(db)
        .await
}

/// Inserts a record (no id yet) or updates the one read before (its id known).
pub async fn save(
    db: &impl ConnectionTrait,
    row: test_count::ActiveModel,
) -> Result<test_count::Model, DbErr> {
    if row.id.is_not_set() {
        row.insert(db).await
    } else {
        row.update(db).await
    }
}

/// The institution's records of [`from`, `to`], newest first.
pub async fn of_institution(
    db: &impl ConnectionTrait,
    institution_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<test_count::Model>, DbErr> {
    test_count::Entity::find()
        .filter(test_count::Column::InstitutionId.eq(institution_id))
        .filter(test_count::Column::Date.between(from, to))
        .order_by_desc(test_count::Column::Date)
        .all(db)
        .await
}

/// Every record of the health centres' institutions in [`from`, `to`], oldest first.
pub async fn of_centres(
    db: &impl ConnectionTrait,
    health_centre_ids: Vec<i64>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<test_count::Model>, DbErr> {
    test_count::Entity::find()
        .filter(test_count::Column::HealthCentreId.is_in(health_centre_ids))
        .filter(test_count::Column::Date.between(from, to))
        .order_by_asc(test_count::Column::Date)
        .order_by_asc(test_count::Column::InstitutionId)
        .all(db)
        .await
}

/// Takes the institution's row lock for the rest of the transaction (a no-op write), so two
/// filings of the same day run one after the other and the second counts the revision up.
pub async fn lock_institution(db: &impl ConnectionTrait, institution_id: i64) -> Result<(), DbErr> {
    organisation::Entity::update_many()
        .col_expr(
            organisation::Column::Name,
            Expr::col(organisation::Column::Name),
        )
        .filter(organisation::Column::Id.eq(institution_id))
        .exec(db)
        .await?;
    Ok(())
}
