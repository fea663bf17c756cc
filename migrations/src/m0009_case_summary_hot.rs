//! PostgreSQL: the report path's summary update becomes a heap-only (HOT) update.
//!
//! Every stored report updates its case's work-list summary (`last_report_at`,
//! `last_slot_date`, `last_slot`, `unreviewed_flag`). m0004's covering work-list indexes hold
//! those columns, so on PostgreSQL each report wrote a new entry into all ten indexes of
//! `patient_case` and the profile of the load benchmark showed index insertion as its largest
//! single cost. PostgreSQL reads the work list from the heap anyway (an index-only scan needs
//! all-visible pages, which cases updated all morning are not) and has
//! `idx_patient_case_followup_status` and `idx_patient_case_hc_status` for the scope, so the
//! covering indexes go on PostgreSQL. A fill factor leaves room on each page for the new
//! version, which HOT needs. SQLite keeps them: it reads the list from the index alone and has
//! no HOT to gain.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX IF EXISTS idx_patient_case_worklist_followup")
            .await?;
        db.execute_unprepared("DROP INDEX IF EXISTS idx_patient_case_worklist_hc")
            .await?;
        // Applies to pages written from now on; `VACUUM FULL patient_case` rewrites the
        // existing ones (docs/performance.md).
        db.execute_unprepared("ALTER TABLE patient_case SET (fillfactor = 80)")
            .await?;
        Ok(())
    }
}
