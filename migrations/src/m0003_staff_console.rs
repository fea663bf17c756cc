//! What the staff console needs: the case's full basic information and follow-up
//! state, the work list's per-case summary of reports, the case timeline (calls, escalations,
//! assignment, end of follow-up), TOTP enrolment and recovery codes, contracts between
//! follow-up organisations and health centres, and the audit log's hash chain order.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PatientCase {
    Table,
    Id,
    Address,
    RiskFactors,
    OnsetDate,
    SpecimenDate,
    TestSummary,
    InterviewNotes,
    EndReason,
    EndedAt,
    AssignedStaffId,
    EscalatedAt,
    LastReportAt,
    LastSlotDate,
    LastSlot,
    UnreviewedFlag,
    BirthDate,
    Phone,
    FollowupOrgId,
    HealthCentreId,
    Status,
}

#[derive(DeriveIden)]
enum StaffUser {
    Table,
    Id,
    TotpEnrolledAt,
    PasswordChangedAt,
    Email,
}

#[derive(DeriveIden)]
enum StaffSession {
    Table,
    Stage,
}

#[derive(DeriveIden)]
enum StaffRecoveryCode {
    Table,
    Id,
    StaffId,
    CodeHash,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CaseEvent {
    Table,
    Id,
    CaseId,
    Kind,
    ActorStaffId,
    OrganisationId,
    Outcome,
    Note,
    RelatedOrgId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Organisation {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Contract {
    Table,
    Id,
    FollowupOrgId,
    HealthCentreId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Seq,
    Detail,
    At,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE adds one column at a time.
        let columns = [
            (
                PatientCase::Table.into_table_ref(),
                string(PatientCase::Address).default("").take(),
            ),
            (
                PatientCase::Table.into_table_ref(),
                // JSON array of risk factor codes, e.g. `["diabetes","obesity"]`.
                text(PatientCase::RiskFactors).default("[]").take(),
            ),
            (
                PatientCase::Table.into_table_ref(),
                date_null(PatientCase::OnsetDate),
            ),
            (
                PatientCase::Table.into_table_ref(),
                date_null(PatientCase::SpecimenDate),
            ),
            (
                PatientCase::Table.into_table_ref(),
                text(PatientCase::TestSummary).default("").take(),
            ),
            (
                PatientCase::Table.into_table_ref(),
                text(PatientCase::InterviewNotes).default("").take(),
            ),
            (
                PatientCase::Table.into_table_ref(),
                string_len_null(PatientCase::EndReason, 32),
            ),
            (
                PatientCase::Table.into_table_ref(),
                timestamp_with_time_zone_null(PatientCase::EndedAt),
            ),
            (
                PatientCase::Table.into_table_ref(),
                big_integer_null(PatientCase::AssignedStaffId),
            ),
            (
                PatientCase::Table.into_table_ref(),
                timestamp_with_time_zone_null(PatientCase::EscalatedAt),
            ),
            // The work list's summary of a case's reports, kept up to date when a report is
            // stored or reviewed, so the list reads one table (its budget: first page under
            // 100 ms, docs/performance.md).
            (
                PatientCase::Table.into_table_ref(),
                timestamp_with_time_zone_null(PatientCase::LastReportAt),
            ),
            (
                PatientCase::Table.into_table_ref(),
                date_null(PatientCase::LastSlotDate),
            ),
            (
                PatientCase::Table.into_table_ref(),
                small_integer_null(PatientCase::LastSlot),
            ),
            (
                PatientCase::Table.into_table_ref(),
                // The highest flag (red, amber, none) among unreviewed reports; null when all are reviewed.
                string_len_null(PatientCase::UnreviewedFlag, 8),
            ),
            (
                StaffUser::Table.into_table_ref(),
                timestamp_with_time_zone_null(StaffUser::TotpEnrolledAt),
            ),
            (
                StaffUser::Table.into_table_ref(),
                timestamp_with_time_zone_null(StaffUser::PasswordChangedAt),
            ),
            (
                StaffUser::Table.into_table_ref(),
                string_len_null(StaffUser::Email, 254),
            ),
            (
                StaffSession::Table.into_table_ref(),
                // `full`, or `enrol`: signed in with the password only, to enrol TOTP.
                string_len(StaffSession::Stage, 16).default("full").take(),
            ),
            (
                AuditLog::Table.into_table_ref(),
                // Position in the hash chain, given when the entry is sealed.
                big_integer_null(AuditLog::Seq),
            ),
            (
                AuditLog::Table.into_table_ref(),
                // What else the action concerned (ids only, never personal data).
                string_len_null(AuditLog::Detail, 256),
            ),
        ];
        for (table, column) in columns {
            manager
                .alter_table(Table::alter().table(table).add_column(column).take())
                .await?;
        }

        let db = manager.get_connection();
        // Staff who signed in before enrolment existed already use their authenticator.
        db.execute_unprepared(
            "UPDATE staff_user SET totp_enrolled_at = created_at WHERE totp_enrolled_at IS NULL",
        )
        .await?;
        // The work list's summary for reports stored before this migration.
        db.execute_unprepared(
            "UPDATE patient_case SET \
               last_report_at = (SELECT MAX(r.submitted_at) FROM health_report r \
                                 WHERE r.case_id = patient_case.id), \
               last_slot_date = (SELECT MAX(r.slot_date) FROM health_report r \
                                 WHERE r.case_id = patient_case.id), \
               unreviewed_flag = (SELECT CASE \
                   WHEN SUM(CASE WHEN r.flag = 'red' THEN 1 ELSE 0 END) > 0 THEN 'red' \
                   WHEN SUM(CASE WHEN r.flag = 'amber' THEN 1 ELSE 0 END) > 0 THEN 'amber' \
                   WHEN COUNT(*) > 0 THEN 'none' END \
                 FROM health_report r \
                 WHERE r.case_id = patient_case.id AND r.reviewed_at IS NULL)",
        )
        .await?;
        db.execute_unprepared(
            "UPDATE patient_case SET last_slot = (SELECT MAX(r.slot) FROM health_report r \
               WHERE r.case_id = patient_case.id AND r.slot_date = patient_case.last_slot_date)",
        )
        .await?;

        for (name, columns) in [
            (
                "idx_patient_case_followup_status",
                [PatientCase::FollowupOrgId, PatientCase::Status],
            ),
            (
                "idx_patient_case_hc_status",
                [PatientCase::HealthCentreId, PatientCase::Status],
            ),
            (
                "idx_patient_case_birth_phone",
                [PatientCase::BirthDate, PatientCase::Phone],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(PatientCase::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.take()).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(StaffRecoveryCode::Table)
                    .col(big_pk_auto(StaffRecoveryCode::Id))
                    .col(big_integer(StaffRecoveryCode::StaffId))
                    .col(string_len(StaffRecoveryCode::CodeHash, 64))
                    .col(timestamp_with_time_zone_null(StaffRecoveryCode::UsedAt))
                    .col(timestamp_with_time_zone(StaffRecoveryCode::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(StaffRecoveryCode::Table, StaffRecoveryCode::StaffId)
                            .to(StaffUser::Table, StaffUser::Id),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_staff_recovery_code_staff")
                    .table(StaffRecoveryCode::Table)
                    .col(StaffRecoveryCode::StaffId)
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CaseEvent::Table)
                    .col(big_pk_auto(CaseEvent::Id))
                    .col(big_integer(CaseEvent::CaseId))
                    // call, escalation, assignment, end, invitation, reminder, …
                    .col(string_len(CaseEvent::Kind, 32))
                    .col(big_integer_null(CaseEvent::ActorStaffId))
                    .col(big_integer_null(CaseEvent::OrganisationId))
                    // For calls: reached / no_answer / wrong_number; for an end: the reason.
                    .col(string_len_null(CaseEvent::Outcome, 32))
                    .col(text(CaseEvent::Note).default(""))
                    .col(big_integer_null(CaseEvent::RelatedOrgId))
                    .col(timestamp_with_time_zone(CaseEvent::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseEvent::Table, CaseEvent::CaseId)
                            .to(PatientCase::Table, PatientCase::Id),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_case_event_case")
                    .table(CaseEvent::Table)
                    .col(CaseEvent::CaseId)
                    .col(CaseEvent::Id)
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Contract::Table)
                    .col(big_pk_auto(Contract::Id))
                    .col(big_integer(Contract::FollowupOrgId))
                    .col(big_integer(Contract::HealthCentreId))
                    .col(timestamp_with_time_zone(Contract::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Contract::Table, Contract::FollowupOrgId)
                            .to(Organisation::Table, Organisation::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Contract::Table, Contract::HealthCentreId)
                            .to(Organisation::Table, Organisation::Id),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_contract_pair")
                    .table(Contract::Table)
                    .col(Contract::FollowupOrgId)
                    .col(Contract::HealthCentreId)
                    .unique()
                    .take(),
            )
            .await?;
        // Existing assignments become contracts, so the demo's data stays consistent.
        db.execute_unprepared(
            "INSERT INTO contract (followup_org_id, health_centre_id, created_at) \
             SELECT DISTINCT followup_org_id, health_centre_id, MIN(created_at) FROM patient_case \
             WHERE followup_org_id IS NOT NULL GROUP BY followup_org_id, health_centre_id",
        )
        .await?;

        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_seq")
                    .table(AuditLog::Table)
                    .col(AuditLog::Seq)
                    .unique()
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_at")
                    .table(AuditLog::Table)
                    .col(AuditLog::At)
                    .take(),
            )
            .await?;
        Ok(())
    }
}
