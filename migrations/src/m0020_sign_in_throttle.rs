//! Sign-in throttling (`services::sign_in_throttle` in the server): failed patient sign-ins counted
//! per case number and per client address, each keyed by a blind index (so a case number typed by
//! an attacker is not stored), with when the key may try again.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SignInThrottle {
    Table,
    Key,
    Failures,
    LastFailureAt,
    BlockedUntil,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SignInThrottle::Table)
                    .col(text(SignInThrottle::Key).primary_key())
                    .col(integer(SignInThrottle::Failures))
                    .col(timestamp_with_time_zone(SignInThrottle::LastFailureAt))
                    .col(timestamp_with_time_zone_null(SignInThrottle::BlockedUntil))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SignInThrottle::Table).take())
            .await
    }
}
