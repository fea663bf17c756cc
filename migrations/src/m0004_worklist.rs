//! The work list's budget (first page under 100 ms at 20,000 active cases):
//!
//! - `patient_case.search_key`: name, kana and case number without spaces and in lowercase,
//!   then the phone number's digits, kept by the database itself (a trigger on SQLite, a
//!   generated column on PostgreSQL), so a search is one `LIKE` on one column whoever wrote the
//!   case. It is not in the server's entity: nobody writes it.
//! - Two covering indexes, by follow-up organisation and by health centre, holding every
//!   column the bucket, the order and the filters are computed from, so the counts and the
//!   ordering of a page read the index only; the page's 50 rows are then read by id.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PatientCase {
    Table,
    FollowupOrgId,
    HealthCentreId,
    Status,
    UnreviewedFlag,
    FollowupStart,
    LastSlotDate,
    SlotsPerDay,
    LastSlot,
    LastReportAt,
    AssignedStaffId,
    BirthDate,
    RiskFactors,
    SearchKey,
    Id,
}

/// The search key of a row whose columns are prefixed by `row` (`""`, or `NEW.` in a trigger).
/// Separators between the fields keep a search from matching across two of them.
fn search_key(row: &str) -> String {
    format!(
        "LOWER(REPLACE(REPLACE({row}name || '|' || {row}name_kana || '|' || {row}case_number, \
         ' ', ''), '\u{3000}', '')) || '|' || \
         REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE({row}phone, '-', ''), ' ', ''), \
         '(', ''), ')', ''), '+', ''), '\u{3000}', '')"
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(&format!(
                    "ALTER TABLE patient_case ADD COLUMN search_key text \
                     GENERATED ALWAYS AS ({}) STORED",
                    search_key("")
                ))
                .await?;
            }
            _ => {
                // SQLite adds only virtual generated columns to an existing table, and those are
                // computed on every read: a plain column kept by triggers instead.
                db.execute_unprepared(
                    "ALTER TABLE patient_case ADD COLUMN search_key text NOT NULL DEFAULT ''",
                )
                .await?;
                db.execute_unprepared(&format!(
                    "UPDATE patient_case SET search_key = {}",
                    search_key("")
                ))
                .await?;
                for (name, event) in [
                    ("trg_patient_case_search_key_insert", "INSERT"),
                    (
                        "trg_patient_case_search_key_update",
                        "UPDATE OF name, name_kana, case_number, phone",
                    ),
                ] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {name} AFTER {event} ON patient_case BEGIN \
                         UPDATE patient_case SET search_key = {} WHERE id = NEW.id; END",
                        search_key("NEW.")
                    ))
                    .await?;
                }
            }
        }

        for (name, scope, also) in [
            (
                "idx_patient_case_worklist_followup",
                PatientCase::FollowupOrgId,
                None,
            ),
            // A health centre filters by follow-up organisation too.
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
                        // The filters' columns, so a filtered list reads the index only too.
                        .col(PatientCase::AssignedStaffId)
                        .col(PatientCase::BirthDate)
                        .col(PatientCase::RiskFactors)
                        .col(PatientCase::SearchKey)
                        // PostgreSQL's index entries point at the heap, not at the id.
                        .col(PatientCase::Id)
                        .take(),
                )
                .await?;
        }
        Ok(())
    }
}
