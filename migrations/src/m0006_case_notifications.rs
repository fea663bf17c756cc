//! Notifications of a case (発生届): what a medical institution files, as a draft
//! first, then submitted to the health centre with jurisdiction, which accepts it (a case) or
//! returns it. The form is kept whole as JSON; the columns the lists and the duplicate check
//! need are copied out of it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

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
enum PatientCase {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CaseNotification {
    Table,
    Id,
    InstitutionId,
    HealthCentreId,
    Status,
    Form,
    PatientName,
    PatientKana,
    BirthDate,
    Phone,
    Severity,
    NeedsAdmission,
    DiagnosisDate,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    SubmittedAt,
    DecidedAt,
    DecidedBy,
    ReturnComment,
    CaseId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CaseNotification::Table)
                    .col(big_pk_auto(CaseNotification::Id))
                    .col(big_integer(CaseNotification::InstitutionId))
                    // Routed once, at creation, from the institution's parent organisation.
                    .col(big_integer(CaseNotification::HealthCentreId))
                    // draft, submitted, accepted, returned
                    .col(string_len(CaseNotification::Status, 16))
                    // The whole NotificationForm as JSON (normalised when submitted).
                    .col(text(CaseNotification::Form))
                    .col(string_len(CaseNotification::PatientName, 100))
                    .col(string_len(CaseNotification::PatientKana, 100))
                    .col(date_null(CaseNotification::BirthDate))
                    .col(string_len(CaseNotification::Phone, 20))
                    // mild, moderate_i, moderate_ii, severe; null while a draft leaves it out
                    .col(string_len_null(CaseNotification::Severity, 16))
                    .col(boolean(CaseNotification::NeedsAdmission).default(false))
                    .col(date_null(CaseNotification::DiagnosisDate))
                    .col(big_integer(CaseNotification::CreatedBy))
                    .col(timestamp_with_time_zone(CaseNotification::CreatedAt))
                    .col(timestamp_with_time_zone(CaseNotification::UpdatedAt))
                    .col(timestamp_with_time_zone_null(CaseNotification::SubmittedAt))
                    .col(timestamp_with_time_zone_null(CaseNotification::DecidedAt))
                    .col(big_integer_null(CaseNotification::DecidedBy))
                    .col(string_len_null(CaseNotification::ReturnComment, 1000))
                    // The case it created or was linked to, once accepted.
                    .col(big_integer_null(CaseNotification::CaseId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseNotification::Table, CaseNotification::InstitutionId)
                            .to(Organisation::Table, Organisation::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseNotification::Table, CaseNotification::HealthCentreId)
                            .to(Organisation::Table, Organisation::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseNotification::Table, CaseNotification::CreatedBy)
                            .to(StaffUser::Table, StaffUser::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseNotification::Table, CaseNotification::DecidedBy)
                            .to(StaffUser::Table, StaffUser::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseNotification::Table, CaseNotification::CaseId)
                            .to(PatientCase::Table, PatientCase::Id),
                    )
                    .take(),
            )
            .await?;
        // The institution's own list, newest first.
        manager
            .create_index(
                Index::create()
                    .name("idx_case_notification_institution")
                    .table(CaseNotification::Table)
                    .col(CaseNotification::InstitutionId)
                    .col(CaseNotification::UpdatedAt)
                    .take(),
            )
            .await?;
        // The health centre's intake queue by status, in order of submission.
        manager
            .create_index(
                Index::create()
                    .name("idx_case_notification_queue")
                    .table(CaseNotification::Table)
                    .col(CaseNotification::HealthCentreId)
                    .col(CaseNotification::Status)
                    .col(CaseNotification::SubmittedAt)
                    .take(),
            )
            .await?;
        Ok(())
    }
}
