//! Administrative test counts (行政検査実施数): one row per medical institution per day,
//! replaced on correction with its revision counted up. The health centre is copied from the
//! institution when filed, so a centre's and a prefecture's summaries read one index range.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisation {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum StaffUser {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum TestCount {
    Table,
    Id,
    InstitutionId,
    HealthCentreId,
    Date,
    PcrPerformed,
    PcrPositive,
    AntigenPerformed,
    AntigenPositive,
    Revision,
    UpdatedAt,
    UpdatedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TestCount::Table)
                    .col(big_pk_auto(TestCount::Id))
                    .col(big_integer(TestCount::InstitutionId))
                    .col(big_integer(TestCount::HealthCentreId))
                    .col(date(TestCount::Date))
                    .col(big_integer(TestCount::PcrPerformed))
                    .col(big_integer(TestCount::PcrPositive))
                    .col(big_integer(TestCount::AntigenPerformed))
                    .col(big_integer(TestCount::AntigenPositive))
                    // 1 when first filed; each correction adds one.
                    .col(integer(TestCount::Revision))
                    .col(timestamp_with_time_zone(TestCount::UpdatedAt))
                    .col(big_integer(TestCount::UpdatedBy))
                    .foreign_key(
                        ForeignKey::create()
                            .from(TestCount::Table, TestCount::InstitutionId)
                            .to(Organisation::Table, Organisation::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(TestCount::Table, TestCount::HealthCentreId)
                            .to(Organisation::Table, Organisation::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(TestCount::Table, TestCount::UpdatedBy)
                            .to(StaffUser::Table, StaffUser::Id),
                    )
                    .take(),
            )
            .await?;
        // One record a day per institution: a correction replaces it.
        manager
            .create_index(
                Index::create()
                    .name("uq_test_count_institution_date")
                    .table(TestCount::Table)
                    .col(TestCount::InstitutionId)
                    .col(TestCount::Date)
                    .unique()
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_test_count_centre_date")
                    .table(TestCount::Table)
                    .col(TestCount::HealthCentreId)
                    .col(TestCount::Date)
                    .take(),
            )
            .await?;
        Ok(())
    }
}
