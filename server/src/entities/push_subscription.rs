//! `push_subscription`: a patient device's Web Push subscription (RFC 8030/8291).

use sea_orm::entity::prelude::*;

/// A row of `push_subscription`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "push_subscription")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: i64,
    /// Sealed (`services::push::seal_subscription`), as are `p256dh` and `auth`.
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
    pub created_at: DateTimeUtc,
    /// Blind index of the endpoint: how a device's subscription is found (unique).
    pub endpoint_index: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
