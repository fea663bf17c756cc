//! Inpatient status reports (入院患者の状況報告): every report a medical institution
//! files about a case is kept, so the case has a history; the newest decides the case's state.
//! Cases an institution found by case number and date of birth are linked to it, so it may
//! report on them afterwards.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PatientCase {
    Table,
    Id,
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
enum InpatientReport {
    Table,
    Id,
    CaseId,
    InstitutionId,
    ReportedBy,
    ReportedAt,
    AdmissionDate,
    DischargeDate,
    HospitalName,
    DoctorName,
    Severity,
    Symptoms,
    Findings,
    Icu,
    Ventilator,
    Ecmo,
    Outcome,
}

#[derive(DeriveIden)]
enum InpatientCaseLink {
    Table,
    Id,
    CaseId,
    InstitutionId,
    LinkedBy,
    LinkedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(InpatientReport::Table)
                    .col(big_pk_auto(InpatientReport::Id))
                    .col(big_integer(InpatientReport::CaseId))
                    .col(big_integer(InpatientReport::InstitutionId))
                    .col(big_integer(InpatientReport::ReportedBy))
                    .col(timestamp_with_time_zone(InpatientReport::ReportedAt))
                    .col(date(InpatientReport::AdmissionDate))
                    .col(date_null(InpatientReport::DischargeDate))
                    .col(string_len(InpatientReport::HospitalName, 200))
                    .col(string_len(InpatientReport::DoctorName, 200))
                    // mild, moderate_i, moderate_ii, severe
                    .col(string_len(InpatientReport::Severity, 16))
                    // JSON array of symptom codes.
                    .col(text(InpatientReport::Symptoms))
                    .col(text(InpatientReport::Findings))
                    .col(boolean(InpatientReport::Icu))
                    .col(boolean(InpatientReport::Ventilator))
                    .col(boolean(InpatientReport::Ecmo))
                    // inpatient, discharged_home, recovered, transferred, died
                    .col(string_len(InpatientReport::Outcome, 16))
                    .foreign_key(
                        ForeignKey::create()
                            .from(InpatientReport::Table, InpatientReport::CaseId)
                            .to(PatientCase::Table, PatientCase::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(InpatientReport::Table, InpatientReport::InstitutionId)
                            .to(Organisation::Table, Organisation::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(InpatientReport::Table, InpatientReport::ReportedBy)
                            .to(StaffUser::Table, StaffUser::Id),
                    )
                    .take(),
            )
            .await?;
        // A case's history, newest first; the newest report decides the state.
        manager
            .create_index(
                Index::create()
                    .name("idx_inpatient_report_case")
                    .table(InpatientReport::Table)
                    .col(InpatientReport::CaseId)
                    .col(InpatientReport::ReportedAt)
                    .take(),
            )
            .await?;
        // An institution's list of the cases it reported on.
        manager
            .create_index(
                Index::create()
                    .name("idx_inpatient_report_institution")
                    .table(InpatientReport::Table)
                    .col(InpatientReport::InstitutionId)
                    .col(InpatientReport::CaseId)
                    .take(),
            )
            .await?;

        // A case admitted to an institution that did not notify it, found there by case number
        // and date of birth: from then on the institution may report on it.
        manager
            .create_table(
                Table::create()
                    .table(InpatientCaseLink::Table)
                    .col(big_pk_auto(InpatientCaseLink::Id))
                    .col(big_integer(InpatientCaseLink::CaseId))
                    .col(big_integer(InpatientCaseLink::InstitutionId))
                    .col(big_integer(InpatientCaseLink::LinkedBy))
                    .col(timestamp_with_time_zone(InpatientCaseLink::LinkedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(InpatientCaseLink::Table, InpatientCaseLink::CaseId)
                            .to(PatientCase::Table, PatientCase::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(InpatientCaseLink::Table, InpatientCaseLink::InstitutionId)
                            .to(Organisation::Table, Organisation::Id),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_inpatient_case_link")
                    .table(InpatientCaseLink::Table)
                    .col(InpatientCaseLink::InstitutionId)
                    .col(InpatientCaseLink::CaseId)
                    .unique()
                    .take(),
            )
            .await?;
        Ok(())
    }
}
