//! When a contract ended (docs/security.md, "Lapse of a follow-up organisation's access").
//! Ending a contract no longer deletes it: a follow-up organisation keeps reading the cases it
//! followed for a set number of days after the contract ends (or the case ends, whichever is
//! first), and the end is what that count starts from. A new contract for the same pair
//! reopens the row.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Contract {
    Table,
    EndedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Contract::Table)
                    .add_column(timestamp_with_time_zone_null(Contract::EndedAt))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Contract::Table)
                    .drop_column(Contract::EndedAt)
                    .take(),
            )
            .await
    }
}
