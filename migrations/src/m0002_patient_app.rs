//! What the patient app needs beyond the first slice: report corrections, reminder
//! preferences, push subscriptions, messages from staff, and server secrets (the VAPID key).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum HealthReport {
    Table,
    CorrectedAt,
}

#[derive(DeriveIden)]
enum PatientAccount {
    Table,
    Id,
    RemindersEnabled,
    ReminderWindowStart,
    ReminderWindowEnd,
}

#[derive(DeriveIden)]
enum PatientCase {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PushSubscription {
    Table,
    Id,
    AccountId,
    Endpoint,
    P256dh,
    Auth,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PatientMessage {
    Table,
    Id,
    CaseId,
    AuthorId,
    OrganisationId,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AppSecret {
    Table,
    Name,
    Value,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE adds one column at a time.
        let add = |table: TableRef, column: ColumnDef| {
            Table::alter().table(table).add_column(column).take()
        };
        manager
            .alter_table(add(
                HealthReport::Table.into_table_ref(),
                timestamp_with_time_zone_null(HealthReport::CorrectedAt),
            ))
            .await?;
        manager
            .alter_table(add(
                PatientAccount::Table.into_table_ref(),
                boolean(PatientAccount::RemindersEnabled)
                    .default(true)
                    .take(),
            ))
            .await?;
        manager
            .alter_table(add(
                PatientAccount::Table.into_table_ref(),
                string_len(PatientAccount::ReminderWindowStart, 5)
                    .default("08:00")
                    .take(),
            ))
            .await?;
        manager
            .alter_table(add(
                PatientAccount::Table.into_table_ref(),
                string_len(PatientAccount::ReminderWindowEnd, 5)
                    .default("10:00")
                    .take(),
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PushSubscription::Table)
                    .col(big_pk_auto(PushSubscription::Id))
                    .col(big_integer(PushSubscription::AccountId))
                    // One row per browser: subscribing again from the same device replaces it.
                    .col(string_len_uniq(PushSubscription::Endpoint, 2048))
                    .col(string_len(PushSubscription::P256dh, 128))
                    .col(string_len(PushSubscription::Auth, 64))
                    .col(timestamp_with_time_zone(PushSubscription::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PushSubscription::Table, PushSubscription::AccountId)
                            .to(PatientAccount::Table, PatientAccount::Id),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_push_subscription_account")
                    .table(PushSubscription::Table)
                    .col(PushSubscription::AccountId)
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PatientMessage::Table)
                    .col(big_pk_auto(PatientMessage::Id))
                    .col(big_integer(PatientMessage::CaseId))
                    .col(big_integer(PatientMessage::AuthorId))
                    .col(big_integer(PatientMessage::OrganisationId))
                    .col(text(PatientMessage::Body))
                    .col(timestamp_with_time_zone(PatientMessage::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PatientMessage::Table, PatientMessage::CaseId)
                            .to(PatientCase::Table, PatientCase::Id),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_patient_message_case")
                    .table(PatientMessage::Table)
                    .col(PatientMessage::CaseId)
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AppSecret::Table)
                    .col(string_len(AppSecret::Name, 64).primary_key())
                    .col(text(AppSecret::Value))
                    .col(timestamp_with_time_zone(AppSecret::CreatedAt))
                    .take(),
            )
            .await?;
        Ok(())
    }
}
