//! Staff users as administrators manage them: listing with filters, e-mail, deactivation.
//! (Sign-in state — sessions, TOTP, recovery codes — is in [`super::staff`].)

use crate::entities::staff_user;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

/// Filters of [`list`], as stored values.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    /// Organisation id.
    pub organisation_id: Option<i64>,
    /// Role, as stored.
    pub role: Option<&'static str>,
    /// Active or not.
    pub active: Option<bool>,
}

/// Users matching `filter` within `scope` (a condition on `staff_user`), by organisation then
/// login ID.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &UserFilter,
    scope: Condition,
) -> Result<Vec<staff_user::Model>, DbErr> {
    let mut query = staff_user::Entity::find().filter(scope);
    if let Some(org) = filter.organisation_id {
        query = query.filter(staff_user::Column::OrganisationId.eq(org));
    }
    if let Some(role) = filter.role {
        query = query.filter(staff_user::Column::Role.eq(role));
    }
    if let Some(active) = filter.active {
        query = query.filter(staff_user::Column::Active.eq(active));
    }
    query
        .order_by_asc(staff_user::Column::OrganisationId)
        .order_by_asc(staff_user::Column::LoginId)
        .all(db)
        .await
}

/// Sets a user's e-mail address.
pub async fn set_email(
    db: &impl ConnectionTrait,
    staff_id: i64,
    email: Option<String>,
) -> Result<(), DbErr> {
    staff_user::Entity::update_many()
        .col_expr(staff_user::Column::Email, Expr::value(email))
        .filter(staff_user::Column::Id.eq(staff_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Marks a user inactive: they can no longer sign in (sessions are ended separately).
pub async fn deactivate(db: &impl ConnectionTrait, staff_id: i64) -> Result<(), DbErr> {
    staff_user::Entity::update_many()
        .col_expr(staff_user::Column::Active, Expr::value(false))
        .filter(staff_user::Column::Id.eq(staff_id))
        .exec(db)
        .await?;
    Ok(())
}
