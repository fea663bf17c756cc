//! A notification's contents sealed (`services::case_notifications` in the server):
//! the form (JSON) and the copies of the patient's name, kana, date of birth and phone beside
//! it. A draft has no id before it is inserted, so its sealed values name
//! `case_notification.seal_id` in their associated data: a random id given at creation, the
//! row id (as text) for rows written before, unique either way.
//!
//! On PostgreSQL the sealed columns become `text` (the date of birth too: it is sealed text
//! now). The values themselves are sealed when the server first starts with the keys
//! (`services::key_upgrades`): migrations have no keys.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CaseNotification {
    Table,
    SealId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        manager
            .alter_table(
                Table::alter()
                    .table(CaseNotification::Table)
                    .add_column(text(CaseNotification::SealId).default(""))
                    .take(),
            )
            .await?;
        db.execute_unprepared("UPDATE case_notification SET seal_id = CAST(id AS TEXT)")
            .await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared(
                "ALTER TABLE case_notification \
                 ALTER COLUMN patient_name TYPE text, \
                 ALTER COLUMN patient_kana TYPE text, \
                 ALTER COLUMN birth_date TYPE text USING to_char(birth_date, 'YYYY-MM-DD'), \
                 ALTER COLUMN phone TYPE text",
            )
            .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_case_notification_seal_id")
                    .table(CaseNotification::Table)
                    .col(CaseNotification::SealId)
                    .unique()
                    .take(),
            )
            .await
    }

    /// Drops the seal id. It does not open sealed values (restore the backup taken before the
    /// upgrade instead).
    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_case_notification_seal_id")
                    .table(CaseNotification::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(CaseNotification::Table)
                    .drop_column(CaseNotification::SealId)
                    .take(),
            )
            .await
    }
}
