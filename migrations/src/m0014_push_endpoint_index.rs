//! `push_subscription.endpoint_index`: once endpoints are sealed (issue 19), a subscription is
//! found by the blind index of its endpoint (HMAC-SHA256 with the key file's blind-index key),
//! unique like the endpoint was. Nullable: rows written before are given theirs when the server
//! first starts with the keys (`services::key_upgrades`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PushSubscription {
    Table,
    EndpointIndex,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(PushSubscription::Table)
                    .add_column(text_null(PushSubscription::EndpointIndex))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_push_subscription_endpoint_index")
                    .table(PushSubscription::Table)
                    .col(PushSubscription::EndpointIndex)
                    .unique()
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_push_subscription_endpoint_index")
                    .table(PushSubscription::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(PushSubscription::Table)
                    .drop_column(PushSubscription::EndpointIndex)
                    .take(),
            )
            .await
    }
}
