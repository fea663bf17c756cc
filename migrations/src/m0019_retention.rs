//! Retention (`services::retention` in the server): a prefecture's retention period in years
//! (`organisation.retention_years`; null: the default of 5), and when a case's personal data was
//! purged (`patient_case.purged_at`), which makes the purge idempotent.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisation {
    Table,
    RetentionYears,
}

#[derive(DeriveIden)]
enum PatientCase {
    Table,
    PurgedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Organisation::Table)
                    .add_column(small_integer_null(Organisation::RetentionYears))
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(PatientCase::Table)
                    .add_column(timestamp_with_time_zone_null(PatientCase::PurgedAt))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(PatientCase::Table)
                    .drop_column(PatientCase::PurgedAt)
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Organisation::Table)
                    .drop_column(Organisation::RetentionYears)
                    .take(),
            )
            .await
    }
}
