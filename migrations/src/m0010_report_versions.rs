//! Clinical safety (docs/triage.md): report versions, per-case SpO2 thresholds and the review
//! gate before follow-up ends.
//!
//! - A correction no longer overwrites a report. `health_report` keeps the current version (so
//!   the work list, the summaries and the daily reports read one row a report, as before) with
//!   its number in `version`; each version it replaced is copied, with its review state, into
//!   `health_report_version` first. A report never corrected costs no extra row.
//! - `case_threshold` keeps every version of the SpO2 thresholds a doctor set for a patient;
//!   the current one is copied onto `patient_case`, which the report path reads anyway, and
//!   each report stores the version that judged it (`threshold_version`, null: the rule set's).
//! - `patient_case.end_review_since` and `end_review_signs` record why a case whose period
//!   is over waits for a person (status `end_review`).
//!
//! Only new columns and tables: existing rows keep their meaning (version 1, no thresholds).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum HealthReport {
    Table,
    Id,
    Version,
    ThresholdVersion,
}

#[derive(DeriveIden)]
enum HealthReportVersion {
    Table,
    Id,
    ReportId,
    CaseId,
    Version,
    SubmittedAt,
    TemperatureTenths,
    Spo2,
    Pulse,
    Symptoms,
    UrgentSigns,
    Note,
    Flag,
    Reasons,
    RulesetVersion,
    ThresholdVersion,
    EnteredBy,
    EnteredByStaffId,
    ReviewedAt,
    ReviewedBy,
    SupersededAt,
}

#[derive(DeriveIden)]
enum CaseThreshold {
    Table,
    Id,
    CaseId,
    Version,
    Spo2RedAtMost,
    Spo2AmberAtMost,
    Reason,
    SetBy,
    SetAt,
}

#[derive(DeriveIden)]
enum PatientCase {
    Table,
    Id,
    Spo2RedAtMost,
    Spo2AmberAtMost,
    ThresholdVersion,
    EndReviewSince,
    EndReviewSigns,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        let report_columns = [
            integer(HealthReport::Version).default(1).take(),
            integer_null(HealthReport::ThresholdVersion),
        ];
        for column in report_columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(HealthReport::Table)
                        .add_column(column)
                        .take(),
                )
                .await?;
        }
        let case_columns = [
            small_integer_null(PatientCase::Spo2RedAtMost),
            small_integer_null(PatientCase::Spo2AmberAtMost),
            integer_null(PatientCase::ThresholdVersion),
            timestamp_with_time_zone_null(PatientCase::EndReviewSince),
            text_null(PatientCase::EndReviewSigns),
        ];
        for column in case_columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(PatientCase::Table)
                        .add_column(column)
                        .take(),
                )
                .await?;
        }

        // The summary may now hold `needs_attention` (15 characters) for a report whose flag
        // this build does not know; SQLite does not enforce lengths.
        if manager.get_database_backend() == sea_orm_migration::sea_orm::DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(
                    "ALTER TABLE patient_case ALTER COLUMN unreviewed_flag TYPE varchar(32)",
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(HealthReportVersion::Table)
                    .col(big_pk_auto(HealthReportVersion::Id))
                    .col(big_integer(HealthReportVersion::ReportId))
                    .col(big_integer(HealthReportVersion::CaseId))
                    .col(integer(HealthReportVersion::Version))
                    // When this version was entered (the report's time for version 1).
                    .col(timestamp_with_time_zone(HealthReportVersion::SubmittedAt))
                    .col(small_integer(HealthReportVersion::TemperatureTenths))
                    .col(small_integer_null(HealthReportVersion::Spo2))
                    .col(small_integer_null(HealthReportVersion::Pulse))
                    .col(text(HealthReportVersion::Symptoms))
                    .col(text(HealthReportVersion::UrgentSigns))
                    .col(text(HealthReportVersion::Note))
                    .col(string_len(HealthReportVersion::Flag, 8))
                    .col(text(HealthReportVersion::Reasons))
                    .col(string_len(HealthReportVersion::RulesetVersion, 32))
                    .col(integer_null(HealthReportVersion::ThresholdVersion))
                    .col(string_len(HealthReportVersion::EnteredBy, 16))
                    .col(big_integer_null(HealthReportVersion::EnteredByStaffId))
                    .col(timestamp_with_time_zone_null(
                        HealthReportVersion::ReviewedAt,
                    ))
                    .col(big_integer_null(HealthReportVersion::ReviewedBy))
                    // When the next version replaced it.
                    .col(timestamp_with_time_zone(HealthReportVersion::SupersededAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(HealthReportVersion::Table, HealthReportVersion::ReportId)
                            .to(HealthReport::Table, HealthReport::Id),
                    )
                    .take(),
            )
            .await?;
        // One row per version; also the index the versions of a report are read by.
        manager
            .create_index(
                Index::create()
                    .name("uq_health_report_version")
                    .table(HealthReportVersion::Table)
                    .col(HealthReportVersion::ReportId)
                    .col(HealthReportVersion::Version)
                    .unique()
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CaseThreshold::Table)
                    .col(big_pk_auto(CaseThreshold::Id))
                    .col(big_integer(CaseThreshold::CaseId))
                    .col(integer(CaseThreshold::Version))
                    // Both null: back to the rule set's thresholds.
                    .col(small_integer_null(CaseThreshold::Spo2RedAtMost))
                    .col(small_integer_null(CaseThreshold::Spo2AmberAtMost))
                    .col(text(CaseThreshold::Reason))
                    .col(big_integer(CaseThreshold::SetBy))
                    .col(timestamp_with_time_zone(CaseThreshold::SetAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseThreshold::Table, CaseThreshold::CaseId)
                            .to(PatientCase::Table, PatientCase::Id),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_case_threshold_version")
                    .table(CaseThreshold::Table)
                    .col(CaseThreshold::CaseId)
                    .col(CaseThreshold::Version)
                    .unique()
                    .take(),
            )
            .await?;
        Ok(())
    }
}
