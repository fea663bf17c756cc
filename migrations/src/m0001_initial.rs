//! The first schema: organisations, staff and their sessions, cases, patient accounts and
//! invitations, daily reports, physician findings and the audit log.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisation {
    Table,
    Id,
    Kind,
    Name,
    ParentId,
    Phone,
    TimeZone,
    CreatedAt,
}

#[derive(DeriveIden)]
enum StaffUser {
    Table,
    Id,
    OrganisationId,
    LoginId,
    DisplayName,
    Role,
    PasswordHash,
    TotpSecret,
    TotpLastStep,
    FailedAttempts,
    LockedUntil,
    Active,
    CreatedAt,
}

#[derive(DeriveIden)]
enum StaffSession {
    Table,
    Id,
    TokenHash,
    StaffId,
    CreatedAt,
    LastSeenAt,
}

#[derive(DeriveIden)]
enum PatientCase {
    Table,
    Id,
    CaseNumber,
    HealthCentreId,
    FollowupOrgId,
    Name,
    NameKana,
    BirthDate,
    Sex,
    Phone,
    FollowupStart,
    FollowupEnd,
    SlotsPerDay,
    Status,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Invitation {
    Table,
    Id,
    CaseId,
    TokenHash,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PatientAccount {
    Table,
    Id,
    PasswordHash,
    Lang,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PatientAccountCase {
    Table,
    AccountId,
    CaseId,
}

#[derive(DeriveIden)]
enum PatientSession {
    Table,
    Id,
    TokenHash,
    AccountId,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum HealthReport {
    Table,
    Id,
    CaseId,
    IdempotencyKey,
    SlotDate,
    Slot,
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
    EnteredBy,
    EnteredByStaffId,
    ReviewedAt,
    ReviewedBy,
}

#[derive(DeriveIden)]
enum Finding {
    Table,
    Id,
    CaseId,
    ReportId,
    AuthorId,
    Assessment,
    Plan,
    Referral,
    CreatedAt,
    AmendsId,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorKind,
    ActorId,
    Role,
    OrganisationId,
    Action,
    CaseId,
    ClientAddr,
    PrevHash,
    Hash,
}

fn fk(
    from_table: impl IntoIden,
    from_col: impl IntoIden,
    to_table: impl IntoIden,
    to_col: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from_table, from_col)
        .to(to_table, to_col)
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organisation::Table)
                    .col(big_pk_auto(Organisation::Id))
                    .col(string_len(Organisation::Kind, 32))
                    .col(string(Organisation::Name))
                    .col(big_integer_null(Organisation::ParentId))
                    .col(string_len_null(Organisation::Phone, 32))
                    .col(string_len(Organisation::TimeZone, 64).default("Asia/Tokyo"))
                    .col(timestamp_with_time_zone(Organisation::CreatedAt))
                    .foreign_key(&mut fk(
                        Organisation::Table,
                        Organisation::ParentId,
                        Organisation::Table,
                        Organisation::Id,
                    ))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(StaffUser::Table)
                    .col(big_pk_auto(StaffUser::Id))
                    .col(big_integer(StaffUser::OrganisationId))
                    .col(string_len_uniq(StaffUser::LoginId, 64))
                    .col(string(StaffUser::DisplayName))
                    .col(string_len(StaffUser::Role, 32))
                    .col(string(StaffUser::PasswordHash))
                    .col(string_len(StaffUser::TotpSecret, 128))
                    .col(big_integer_null(StaffUser::TotpLastStep))
                    .col(integer(StaffUser::FailedAttempts).default(0))
                    .col(timestamp_with_time_zone_null(StaffUser::LockedUntil))
                    .col(boolean(StaffUser::Active).default(true))
                    .col(timestamp_with_time_zone(StaffUser::CreatedAt))
                    .foreign_key(&mut fk(
                        StaffUser::Table,
                        StaffUser::OrganisationId,
                        Organisation::Table,
                        Organisation::Id,
                    ))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(StaffSession::Table)
                    .col(big_pk_auto(StaffSession::Id))
                    .col(string_len_uniq(StaffSession::TokenHash, 64))
                    .col(big_integer(StaffSession::StaffId))
                    .col(timestamp_with_time_zone(StaffSession::CreatedAt))
                    .col(timestamp_with_time_zone(StaffSession::LastSeenAt))
                    .foreign_key(&mut fk(
                        StaffSession::Table,
                        StaffSession::StaffId,
                        StaffUser::Table,
                        StaffUser::Id,
                    ))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PatientCase::Table)
                    .col(big_pk_auto(PatientCase::Id))
                    .col(string_len_uniq(PatientCase::CaseNumber, 32))
                    .col(big_integer(PatientCase::HealthCentreId))
                    .col(big_integer_null(PatientCase::FollowupOrgId))
                    .col(string(PatientCase::Name))
                    .col(string(PatientCase::NameKana))
                    .col(date(PatientCase::BirthDate))
                    .col(string_len(PatientCase::Sex, 16))
                    .col(string_len(PatientCase::Phone, 32))
                    .col(date(PatientCase::FollowupStart))
                    .col(date(PatientCase::FollowupEnd))
                    .col(small_integer(PatientCase::SlotsPerDay).default(1))
                    .col(string_len(PatientCase::Status, 32).default("active"))
                    .col(timestamp_with_time_zone(PatientCase::CreatedAt))
                    .foreign_key(&mut fk(
                        PatientCase::Table,
                        PatientCase::HealthCentreId,
                        Organisation::Table,
                        Organisation::Id,
                    ))
                    .foreign_key(&mut fk(
                        PatientCase::Table,
                        PatientCase::FollowupOrgId,
                        Organisation::Table,
                        Organisation::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_patient_case_followup_org")
                    .table(PatientCase::Table)
                    .col(PatientCase::FollowupOrgId)
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_patient_case_health_centre")
                    .table(PatientCase::Table)
                    .col(PatientCase::HealthCentreId)
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Invitation::Table)
                    .col(big_pk_auto(Invitation::Id))
                    .col(big_integer(Invitation::CaseId))
                    .col(string_len_uniq(Invitation::TokenHash, 64))
                    .col(timestamp_with_time_zone(Invitation::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Invitation::UsedAt))
                    .col(timestamp_with_time_zone(Invitation::CreatedAt))
                    .foreign_key(&mut fk(
                        Invitation::Table,
                        Invitation::CaseId,
                        PatientCase::Table,
                        PatientCase::Id,
                    ))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PatientAccount::Table)
                    .col(big_pk_auto(PatientAccount::Id))
                    .col(string(PatientAccount::PasswordHash))
                    .col(string_len(PatientAccount::Lang, 16).default("ja"))
                    .col(timestamp_with_time_zone(PatientAccount::CreatedAt))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PatientAccountCase::Table)
                    .col(big_integer(PatientAccountCase::AccountId))
                    // A case is reported for by one account (its own or a household member's).
                    .col(big_integer_uniq(PatientAccountCase::CaseId))
                    .primary_key(
                        Index::create()
                            .col(PatientAccountCase::AccountId)
                            .col(PatientAccountCase::CaseId),
                    )
                    .foreign_key(&mut fk(
                        PatientAccountCase::Table,
                        PatientAccountCase::AccountId,
                        PatientAccount::Table,
                        PatientAccount::Id,
                    ))
                    .foreign_key(&mut fk(
                        PatientAccountCase::Table,
                        PatientAccountCase::CaseId,
                        PatientCase::Table,
                        PatientCase::Id,
                    ))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PatientSession::Table)
                    .col(big_pk_auto(PatientSession::Id))
                    .col(string_len_uniq(PatientSession::TokenHash, 64))
                    .col(big_integer(PatientSession::AccountId))
                    .col(timestamp_with_time_zone(PatientSession::CreatedAt))
                    .col(timestamp_with_time_zone(PatientSession::ExpiresAt))
                    .foreign_key(&mut fk(
                        PatientSession::Table,
                        PatientSession::AccountId,
                        PatientAccount::Table,
                        PatientAccount::Id,
                    ))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(HealthReport::Table)
                    .col(big_pk_auto(HealthReport::Id))
                    .col(big_integer(HealthReport::CaseId))
                    .col(string_len(HealthReport::IdempotencyKey, 36))
                    .col(date(HealthReport::SlotDate))
                    .col(small_integer(HealthReport::Slot))
                    .col(timestamp_with_time_zone(HealthReport::SubmittedAt))
                    .col(small_integer(HealthReport::TemperatureTenths))
                    .col(small_integer_null(HealthReport::Spo2))
                    .col(small_integer_null(HealthReport::Pulse))
                    .col(text(HealthReport::Symptoms))
                    .col(text(HealthReport::UrgentSigns))
                    .col(text(HealthReport::Note))
                    .col(string_len(HealthReport::Flag, 8))
                    .col(text(HealthReport::Reasons))
                    .col(string_len(HealthReport::RulesetVersion, 32))
                    .col(string_len(HealthReport::EnteredBy, 16))
                    .col(big_integer_null(HealthReport::EnteredByStaffId))
                    .col(timestamp_with_time_zone_null(HealthReport::ReviewedAt))
                    .col(big_integer_null(HealthReport::ReviewedBy))
                    .foreign_key(&mut fk(
                        HealthReport::Table,
                        HealthReport::CaseId,
                        PatientCase::Table,
                        PatientCase::Id,
                    ))
                    .take(),
            )
            .await?;
        // One stored report per device-chosen key, however often the device resends it.
        manager
            .create_index(
                Index::create()
                    .name("uq_health_report_idempotency")
                    .table(HealthReport::Table)
                    .col(HealthReport::CaseId)
                    .col(HealthReport::IdempotencyKey)
                    .unique()
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_health_report_day")
                    .table(HealthReport::Table)
                    .col(HealthReport::SlotDate)
                    .col(HealthReport::CaseId)
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_health_report_case_time")
                    .table(HealthReport::Table)
                    .col(HealthReport::CaseId)
                    .col(HealthReport::SubmittedAt)
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Finding::Table)
                    .col(big_pk_auto(Finding::Id))
                    .col(big_integer(Finding::CaseId))
                    .col(big_integer_null(Finding::ReportId))
                    .col(big_integer(Finding::AuthorId))
                    .col(text(Finding::Assessment))
                    .col(text(Finding::Plan))
                    .col(string_len(Finding::Referral, 16))
                    .col(timestamp_with_time_zone(Finding::CreatedAt))
                    .col(big_integer_null(Finding::AmendsId))
                    .foreign_key(&mut fk(
                        Finding::Table,
                        Finding::CaseId,
                        PatientCase::Table,
                        PatientCase::Id,
                    ))
                    .foreign_key(&mut fk(
                        Finding::Table,
                        Finding::ReportId,
                        HealthReport::Table,
                        HealthReport::Id,
                    ))
                    .foreign_key(&mut fk(
                        Finding::Table,
                        Finding::AuthorId,
                        StaffUser::Table,
                        StaffUser::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_finding_case")
                    .table(Finding::Table)
                    .col(Finding::CaseId)
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(big_pk_auto(AuditLog::Id))
                    .col(timestamp_with_time_zone(AuditLog::At))
                    .col(string_len(AuditLog::ActorKind, 16))
                    .col(big_integer_null(AuditLog::ActorId))
                    .col(string_len_null(AuditLog::Role, 32))
                    .col(big_integer_null(AuditLog::OrganisationId))
                    .col(string_len(AuditLog::Action, 64))
                    .col(big_integer_null(AuditLog::CaseId))
                    .col(string_len_null(AuditLog::ClientAddr, 64))
                    .col(string_len_null(AuditLog::PrevHash, 64))
                    .col(string_len_null(AuditLog::Hash, 64))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_case")
                    .table(AuditLog::Table)
                    .col(AuditLog::CaseId)
                    .take(),
            )
            .await?;
        Ok(())
    }
}
