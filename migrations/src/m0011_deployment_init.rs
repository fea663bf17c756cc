//! Going live without the demo (docs/operations.md, "The first hour"):
//!
//! - `staff_user.must_change_password`: an account given a one-time password (the first
//!   administrator made by `mimamori init`, one reset by `mimamori admin reset-password`) can
//!   do nothing but change it, then enrol an authenticator if it has none.
//! - `organisation.default_followup_days`: a prefecture's usual follow-up period, set at
//!   `mimamori init`; a case registered without a period of its own gets it.
//!
//! Only new columns with defaults: existing rows keep their meaning.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum StaffUser {
    Table,
    MustChangePassword,
}

#[derive(DeriveIden)]
enum Organisation {
    Table,
    DefaultFollowupDays,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(StaffUser::Table)
                    .add_column(boolean(StaffUser::MustChangePassword).default(false))
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Organisation::Table)
                    .add_column(small_integer_null(Organisation::DefaultFollowupDays))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Organisation::Table)
                    .drop_column(Organisation::DefaultFollowupDays)
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(StaffUser::Table)
                    .drop_column(StaffUser::MustChangePassword)
                    .take(),
            )
            .await
    }
}
