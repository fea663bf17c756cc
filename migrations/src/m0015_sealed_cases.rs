//! A case's personal data sealed (`services::personal_data` in the server):
//!
//! - `patient_case.birth_year`: the year of birth in clear, for the "65 or over" filter and age
//!   bands, since `birth_date` is now sealed text; filled here from the dates.
//! - `patient_case.duplicate_index`: blind index of name, date of birth and phone, replacing
//!   the index on (birth_date, phone) as the way duplicates are found.
//! - `case_search_token`: the work-list search's blind indexes, replacing `search_key` (a
//!   lowercase copy of name, kana and phone kept by the database, which would keep the very
//!   text sealing hides); its triggers on SQLite go with it.
//!
//! SQLite's covering work-list indexes are made again with `birth_year` and the case number in
//! place of `birth_date` and `search_key`.
//!
//! On PostgreSQL the sealed columns with a type other than unlimited text become `text`. The
//! values themselves are sealed, and the tokens and indexes made, when the server first starts
//! with the keys (`services::key_upgrades`): migrations have no keys.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PatientCase {
    Table,
    Id,
    CaseNumber,
    FollowupOrgId,
    Status,
    UnreviewedFlag,
    FollowupStart,
    LastSlotDate,
    SlotsPerDay,
    LastSlot,
    LastReportAt,
    AssignedStaffId,
    RiskFactors,
    HealthCentreId,
    BirthYear,
    DuplicateIndex,
}

#[derive(DeriveIden)]
enum CaseSearchToken {
    Table,
    Token,
    CaseId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = manager.get_database_backend() == DbBackend::Postgres;
        if !postgres {
            for trigger in [
                "trg_patient_case_search_key_insert",
                "trg_patient_case_search_key_update",
            ] {
                db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {trigger}"))
                    .await?;
            }
            // SQLite's covering work-list indexes (m0004; PostgreSQL dropped them in m0009)
            // hold search_key and birth_date: made again below without them.
            for index in [
                "idx_patient_case_worklist_followup",
                "idx_patient_case_worklist_hc",
            ] {
                db.execute_unprepared(&format!("DROP INDEX IF EXISTS {index}"))
                    .await?;
            }
        }
        db.execute_unprepared("DROP INDEX IF EXISTS idx_patient_case_birth_phone")
            .await?;
        db.execute_unprepared("ALTER TABLE patient_case DROP COLUMN search_key")
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(PatientCase::Table)
                    .add_column(small_integer(PatientCase::BirthYear).default(0))
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(PatientCase::Table)
                    .add_column(text_null(PatientCase::DuplicateIndex))
                    .take(),
            )
            .await?;
        if postgres {
            db.execute_unprepared(
                "UPDATE patient_case SET birth_year = CAST(EXTRACT(YEAR FROM birth_date) AS smallint)",
            )
            .await?;
            db.execute_unprepared(
                "ALTER TABLE patient_case \
                 ALTER COLUMN name TYPE text, \
                 ALTER COLUMN name_kana TYPE text, \
                 ALTER COLUMN birth_date TYPE text USING to_char(birth_date, 'YYYY-MM-DD'), \
                 ALTER COLUMN phone TYPE text, \
                 ALTER COLUMN address TYPE text, \
                 ALTER COLUMN email TYPE text",
            )
            .await?;
        } else {
            db.execute_unprepared(
                "UPDATE patient_case SET birth_year = CAST(substr(birth_date, 1, 4) AS INTEGER)",
            )
            .await?;
        }
        if !postgres {
            for (name, scope, also) in [
                (
                    "idx_patient_case_worklist_followup",
                    PatientCase::FollowupOrgId,
                    None,
                ),
                (
                    "idx_patient_case_worklist_hc",
                    PatientCase::HealthCentreId,
                    Some(PatientCase::FollowupOrgId),
                ),
            ] {
                let mut index = Index::create();
                index.name(name).table(PatientCase::Table).col(scope);
                if let Some(column) = also {
                    index.col(column);
                }
                manager
                    .create_index(
                        index
                            .col(PatientCase::Status)
                            .col(PatientCase::UnreviewedFlag)
                            .col(PatientCase::FollowupStart)
                            .col(PatientCase::LastSlotDate)
                            .col(PatientCase::SlotsPerDay)
                            .col(PatientCase::LastSlot)
                            .col(PatientCase::LastReportAt)
                            .col(PatientCase::AssignedStaffId)
                            .col(PatientCase::BirthYear)
                            .col(PatientCase::RiskFactors)
                            .col(PatientCase::CaseNumber)
                            .col(PatientCase::Id)
                            .take(),
                    )
                    .await?;
            }
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_patient_case_duplicate")
                    .table(PatientCase::Table)
                    .col(PatientCase::HealthCentreId)
                    .col(PatientCase::DuplicateIndex)
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CaseSearchToken::Table)
                    .col(text(CaseSearchToken::Token))
                    .col(big_integer(CaseSearchToken::CaseId))
                    .primary_key(
                        Index::create()
                            .col(CaseSearchToken::Token)
                            .col(CaseSearchToken::CaseId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseSearchToken::Table, CaseSearchToken::CaseId)
                            .to(PatientCase::Table, PatientCase::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_case_search_token_case")
                    .table(CaseSearchToken::Table)
                    .col(CaseSearchToken::CaseId)
                    .take(),
            )
            .await
    }

    /// Drops the tokens and the new columns. It does not open sealed values: a database whose
    /// cases were sealed stays sealed (restore the backup taken before the upgrade instead).
    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CaseSearchToken::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_patient_case_duplicate")
                    .table(PatientCase::Table)
                    .to_owned(),
            )
            .await?;
        for column in [PatientCase::BirthYear, PatientCase::DuplicateIndex] {
            manager
                .alter_table(
                    Table::alter()
                        .table(PatientCase::Table)
                        .drop_column(column)
                        .take(),
                )
                .await?;
        }
        Ok(())
    }
}
