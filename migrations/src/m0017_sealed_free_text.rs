//! Free text sealed (`services::findings` and `services::messages` in the server):
//! a physician finding's assessment and plan and a message's body. Their sealed values name
//! the row's `seal_id` in their associated data: a random id given before the insert, the row
//! id (as text) for rows written before, unique either way. The columns were `text` already.
//! The values are sealed when the server first starts with the keys (`services::key_upgrades`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables that get a seal id, with the name of its unique index.
const TABLES: [(&str, &str); 2] = [
    ("finding", "idx_finding_seal_id"),
    ("patient_message", "idx_patient_message_seal_id"),
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
