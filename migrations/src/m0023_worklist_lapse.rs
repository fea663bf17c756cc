//! SQLite's covering work-list index of a follow-up organisation also holds the two columns the
//! lapse of the organisation's access reads (docs/security.md, "Lapse of a follow-up
//! organisation's access"): `ended_at`, and `health_centre_id` for the contracts that ended.
//! Without them every case of the organisation was read from the table to check the scope, and
//! the first page of a 20,000-case work list took three times as long (docs/performance.md,
//! "Work list"). PostgreSQL has no covering work-list indexes (dropped in m0009).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum PatientCase {
    Table,
    Id,
    CaseNumber,
    HealthCentreId,
    FollowupOrgId,
    Status,
    UnreviewedFlag,
    FollowupStart,
    LastSlotDate,
    SlotsPerDay,
    LastSlot,
    LastReportAt,
    AssignedStaffId,
    BirthYear,
    RiskFactors,
    EndedAt,
}

const INDEX: &str = "idx_patient_case_worklist_followup";

/// The index's columns: the scope first, then what the bucket, the order and the filters
/// read (as m0015 made it), then, with `lapse`, what the lapse of access reads.
fn worklist_index(lapse: bool) -> IndexCreateStatement {
    use PatientCase as P;
    let mut index = Index::create();
    index.name(INDEX).table(P::Table);
    for column in [
        P::FollowupOrgId,
        P::Status,
        P::UnreviewedFlag,
        P::FollowupStart,
        P::LastSlotDate,
        P::SlotsPerDay,
        P::LastSlot,
        P::LastReportAt,
        P::AssignedStaffId,
        P::BirthYear,
        P::RiskFactors,
        P::CaseNumber,
    ] {
        index.col(column);
    }
    if lapse {
        index.col(P::HealthCentreId).col(P::EndedAt);
    }
    index.col(P::Id).take()
}

async fn replace_index(manager: &SchemaManager<'_>, lapse: bool) -> Result<(), DbErr> {
    if manager.get_database_backend() == DbBackend::Postgres {
        return Ok(());
    }
    manager
        .get_connection()
        .execute_unprepared(&format!("DROP INDEX IF EXISTS {INDEX}"))
        .await?;
    manager.create_index(worklist_index(lapse)).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// In one transaction on SQLite too: without it the drop and the create may go to two of
    /// the pool's connections, and the create may still see the index the drop removed.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        replace_index(manager, true).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        replace_index(manager, false).await
    }
}
