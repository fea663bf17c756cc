//! The rest of the free text sealed (`services::sealed_text` in the server): reports' notes
//! (current and earlier versions), timeline notes (call notes, reasons), the reason for a case's
//! own thresholds, inpatient reports' contents, and a returned notification's comment. Rows of
//! these tables get their id from the database, so each gets a `seal_id` named in its sealed
//! values' associated data: random for new rows, the row id (as text) for rows written before.
//! The values are sealed when the server first starts with the keys (`services::key_upgrades`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables that get a seal id, with the name of its unique index (also the order in which
/// key rotation walks them).
const TABLES: [(&str, &str); 5] = [
    ("health_report", "idx_health_report_seal_id"),
    ("health_report_version", "idx_health_report_version_seal_id"),
    ("case_event", "idx_case_event_seal_id"),
    ("inpatient_report", "idx_inpatient_report_seal_id"),
    ("case_threshold", "idx_case_threshold_seal_id"),
];

#[derive(DeriveIden)]
enum Column {
    SealId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (table, index) in TABLES {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .add_column(text(Column::SealId).default(""))
                        .take(),
                )
                .await?;
            db.execute_unprepared(&format!("UPDATE {table} SET seal_id = CAST(id AS TEXT)"))
                .await?;
            manager
                .create_index(
                    Index::create()
                        .name(index)
                        .table(Alias::new(table))
                        .col(Column::SealId)
                        .unique()
                        .take(),
                )
                .await?;
        }
        if manager.get_database_backend() == DbBackend::Postgres {
            // Sealed values are longer than the clear text was: no length limits (the other
            // columns were `text` already).
            for (table, column) in [
                ("inpatient_report", "hospital_name"),
                ("inpatient_report", "doctor_name"),
                ("case_notification", "return_comment"),
            ] {
                db.execute_unprepared(&format!(
                    "ALTER TABLE {table} ALTER COLUMN {column} TYPE text"
                ))
                .await?;
            }
        }
        Ok(())
    }

    /// Drops the seal ids. It does not open sealed values (restore the backup taken before the
    /// upgrade instead).
    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, index) in TABLES {
            manager
                .drop_index(
                    Index::drop()
                        .name(index)
                        .table(Alias::new(table))
                        .to_owned(),
                )
                .await?;
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .drop_column(Column::SealId)
                        .take(),
                )
                .await?;
        }
        Ok(())
    }
}
