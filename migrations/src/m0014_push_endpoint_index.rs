//! `push_subscription.endpoint_index`: once endpoints are sealed, a subscription is
//! found by the blind index of its endpoint (HMAC-SHA256 with the key file's blind-index key),
//! unique like the endpoint was. Nullable: rows written before are given theirs when the server
//! first starts with the keys (`services::key_upgrades`).
//!
//! Sealed values are longer than what they seal (version, nonce, tag, base64: about 4/3 of the
//! text plus 40 characters), so on PostgreSQL the sealed columns that had a length limit become
//! `text`, and the endpoint's own unique constraint goes (a sealed endpoint is never equal to
//! another; the blind index is the unique key now). SQLite does not enforce lengths.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DbBackend;

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
        if manager.get_database_backend() == DbBackend::Postgres {
            let db = manager.get_connection();
            db.execute_unprepared(
                "ALTER TABLE push_subscription \
                 ALTER COLUMN endpoint TYPE text, \
                 ALTER COLUMN p256dh TYPE text, \
                 ALTER COLUMN auth TYPE text, \
                 DROP CONSTRAINT IF EXISTS push_subscription_endpoint_key",
            )
            .await?;
            db.execute_unprepared("ALTER TABLE staff_user ALTER COLUMN totp_secret TYPE text")
                .await?;
        }
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
