//! The case a patient account was made for: a household's representative signs in for their own
//! case and their members'. A re-issued invitation for the account's own case resets its password
//! (a forgotten password); one for a member's case gives the member a sign-in of their own and
//! leaves the representative's alone. Existing accounts take the case of their latest redemption in
//! the audit log.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PatientAccount {
    Table,
    OwnCaseId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(PatientAccount::Table)
                    .add_column(big_integer_null(PatientAccount::OwnCaseId))
                    .take(),
            )
            .await?;
        // The case of the account's latest redemption, as the audit log records it
        // (`invitation.redeem` names the account and the case; adding a household member is
        // `household.add`); an account without one (made by a tool) takes its first case.
        // The same statement on SQLite and PostgreSQL.
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE patient_account SET own_case_id = COALESCE(\
                 (SELECT a.case_id FROM audit_log a WHERE a.action = 'invitation.redeem' \
                  AND a.actor_kind = 'patient' AND a.actor_id = patient_account.id \
                  AND a.case_id IS NOT NULL ORDER BY a.id DESC LIMIT 1), \
                 (SELECT MIN(c.case_id) FROM patient_account_case c \
                  WHERE c.account_id = patient_account.id))",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(PatientAccount::Table)
                    .drop_column(PatientAccount::OwnCaseId)
                    .take(),
            )
            .await
    }
}
