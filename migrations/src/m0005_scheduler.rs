//! What the scheduler needs: per-organisation times and addresses, the patient's
//! contact e-mail, the delivery outbox, run markers that make a job's run happen once, the daily
//! implementation reports, and staff notifications in the console.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PatientCase {
    Table,
    Email,
    RemindedSlotDate,
    RemindedSlot,
    RemindedNudge,
    RemindedAt,
    Status,
    FollowupEnd,
}

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
enum OrgSetting {
    Table,
    OrganisationId,
    NotifyEmail,
    QuietStart,
    QuietEnd,
    SecondNudgeMinutes,
    AfternoonReminder,
    Cutoff,
    AfternoonCutoff,
    ReportTime,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Delivery {
    Table,
    Id,
    DedupeKey,
    Channel,
    Purpose,
    CaseId,
    Payload,
    Status,
    Attempts,
    NotBefore,
    ClaimedUntil,
    CreatedAt,
    SentAt,
    LastError,
}

#[derive(DeriveIden)]
enum JobRun {
    Table,
    Id,
    Job,
    Scope,
    RanAt,
}

#[derive(DeriveIden)]
enum ImplementationReport {
    Table,
    Id,
    FollowupOrgId,
    HealthCentreId,
    ReportDate,
    CompiledAt,
    Counts,
}

#[derive(DeriveIden)]
enum StaffNotification {
    Table,
    Id,
    StaffId,
    OrganisationId,
    Kind,
    CaseId,
    Payload,
    CreatedAt,
    ReadAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE adds one column at a time.
        for column in [
            // Where reminders go when web push does not reach the patient.
            string_len_null(PatientCase::Email, 254),
            // The newest reminder enqueued: for which local date and slot, which nudge (1 or 2),
            // when. The reminder job reads these instead of the outbox to skip what it did.
            date_null(PatientCase::RemindedSlotDate),
            small_integer_null(PatientCase::RemindedSlot),
            small_integer_null(PatientCase::RemindedNudge),
            timestamp_with_time_zone_null(PatientCase::RemindedAt),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(PatientCase::Table)
                        .add_column(column)
                        .take(),
                )
                .await?;
        }
        // The end-of-period job looks for active cases past their end date.
        manager
            .create_index(
                Index::create()
                    .name("idx_patient_case_status_end")
                    .table(PatientCase::Table)
                    .col(PatientCase::Status)
                    .col(PatientCase::FollowupEnd)
                    .take(),
            )
            .await?;

        // One row per organisation that changed a default; times are local "HH:MM" in the
        // organisation's time zone.
        manager
            .create_table(
                Table::create()
                    .table(OrgSetting::Table)
                    .col(big_integer(OrgSetting::OrganisationId).primary_key())
                    .col(string_len_null(OrgSetting::NotifyEmail, 254))
                    .col(string_len(OrgSetting::QuietStart, 5))
                    .col(string_len(OrgSetting::QuietEnd, 5))
                    .col(integer(OrgSetting::SecondNudgeMinutes))
                    .col(string_len(OrgSetting::AfternoonReminder, 5))
                    .col(string_len(OrgSetting::Cutoff, 5))
                    .col(string_len(OrgSetting::AfternoonCutoff, 5))
                    .col(string_len(OrgSetting::ReportTime, 5))
                    .col(timestamp_with_time_zone(OrgSetting::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(OrgSetting::Table, OrgSetting::OrganisationId)
                            .to(Organisation::Table, Organisation::Id),
                    )
                    .take(),
            )
            .await?;

        // The outbox: every push and e-mail is a row first, claimed by one sender.
        manager
            .create_table(
                Table::create()
                    .table(Delivery::Table)
                    .col(big_pk_auto(Delivery::Id))
                    // What makes it one delivery: enqueuing the same key twice stores one row.
                    .col(string_len_uniq(Delivery::DedupeKey, 200))
                    // push or email
                    .col(string_len(Delivery::Channel, 8))
                    // reminder, followup_ended, red_report, cutoff_summary, implementation_report
                    .col(string_len(Delivery::Purpose, 32))
                    .col(big_integer_null(Delivery::CaseId))
                    // JSON; for e-mail the whole message, attachments included.
                    .col(text(Delivery::Payload))
                    // pending, sending, sent, failed, skipped
                    .col(string_len(Delivery::Status, 8))
                    .col(integer(Delivery::Attempts).default(0))
                    .col(timestamp_with_time_zone(Delivery::NotBefore))
                    .col(timestamp_with_time_zone_null(Delivery::ClaimedUntil))
                    .col(timestamp_with_time_zone(Delivery::CreatedAt))
                    .col(timestamp_with_time_zone_null(Delivery::SentAt))
                    .col(string_len_null(Delivery::LastError, 200))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_delivery_status_not_before")
                    .table(Delivery::Table)
                    .col(Delivery::Status)
                    .col(Delivery::NotBefore)
                    .take(),
            )
            .await?;

        // A job's unit of work (e.g. the cut-off summary of one organisation on one day) is done
        // by whoever inserts its marker first.
        manager
            .create_table(
                Table::create()
                    .table(JobRun::Table)
                    .col(big_pk_auto(JobRun::Id))
                    .col(string_len(JobRun::Job, 32))
                    .col(string_len(JobRun::Scope, 100))
                    .col(timestamp_with_time_zone(JobRun::RanAt))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_job_run_job_scope")
                    .table(JobRun::Table)
                    .col(JobRun::Job)
                    .col(JobRun::Scope)
                    .unique()
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ImplementationReport::Table)
                    .col(big_pk_auto(ImplementationReport::Id))
                    .col(big_integer(ImplementationReport::FollowupOrgId))
                    .col(big_integer(ImplementationReport::HealthCentreId))
                    .col(date(ImplementationReport::ReportDate))
                    .col(timestamp_with_time_zone(ImplementationReport::CompiledAt))
                    // JSON of the counts, as compiled.
                    .col(text(ImplementationReport::Counts))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                ImplementationReport::Table,
                                ImplementationReport::FollowupOrgId,
                            )
                            .to(Organisation::Table, Organisation::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                ImplementationReport::Table,
                                ImplementationReport::HealthCentreId,
                            )
                            .to(Organisation::Table, Organisation::Id),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_implementation_report_pair_date")
                    .table(ImplementationReport::Table)
                    .col(ImplementationReport::HealthCentreId)
                    .col(ImplementationReport::FollowupOrgId)
                    .col(ImplementationReport::ReportDate)
                    .unique()
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(StaffNotification::Table)
                    .col(big_pk_auto(StaffNotification::Id))
                    .col(big_integer(StaffNotification::StaffId))
                    .col(big_integer(StaffNotification::OrganisationId))
                    // red_report, cutoff_summary, escalation, implementation_report
                    .col(string_len(StaffNotification::Kind, 32))
                    .col(big_integer_null(StaffNotification::CaseId))
                    // JSON with ids and counts only, never names or clinical text.
                    .col(text(StaffNotification::Payload))
                    .col(timestamp_with_time_zone(StaffNotification::CreatedAt))
                    .col(timestamp_with_time_zone_null(StaffNotification::ReadAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(StaffNotification::Table, StaffNotification::StaffId)
                            .to(StaffUser::Table, StaffUser::Id),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_staff_notification_staff")
                    .table(StaffNotification::Table)
                    .col(StaffNotification::StaffId)
                    .col(StaffNotification::Id)
                    .take(),
            )
            .await?;
        Ok(())
    }
}
