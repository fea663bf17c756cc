//! Encryption at rest: `data_key` holds the data keys, each wrapped by the key-encryption
//! key of the key file (never stored here), one row per version; `data_upgrade` records the
//! one-off rewrites that need those keys (encrypting an existing database's columns in place,
//! re-keying the audit chain), so each runs once whichever process gets there first.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DataKey {
    Table,
    Version,
    Wrapped,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DataUpgrade {
    Table,
    Name,
    DoneAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DataKey::Table)
                    .col(integer(DataKey::Version).primary_key())
                    .col(text(DataKey::Wrapped))
                    .col(timestamp_with_time_zone(DataKey::CreatedAt))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DataUpgrade::Table)
                    .col(text(DataUpgrade::Name).primary_key())
                    .col(timestamp_with_time_zone(DataUpgrade::DoneAt))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DataUpgrade::Table).take())
            .await?;
        manager
            .drop_table(Table::drop().table(DataKey::Table).take())
            .await
    }
}
