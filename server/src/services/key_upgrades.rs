//! One-off rewrites of a database written before encryption at rest, done with the keys at the
//! first start of a server that has them (`startup::open_store`), in place.
//!
//! Each upgrade runs in one transaction that first marks it done (`data_upgrade`): a second
//! process starting at the same moment waits for the first to commit and then skips it, and a
//! crash rolls back both the mark and the half-done work. On a new database each finds nothing
//! to rewrite and is only marked.

use crate::auth::recovery;
use crate::db;
use crate::db::sealed_columns::SealedColumn;
use crate::entities::{
    app_secret, patient_case, push_subscription, staff_recovery_code, staff_user,
};
use crate::keys::Keyring;
use crate::services::personal_data::{self, Personal};
use crate::services::{audit_chain, key_rotation, push};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait, QueryFilter,
    TransactionTrait,
};

/// The audit chain sealed again with the audit key.
const AUDIT_CHAIN_KEYED: &str = "audit_chain.keyed";
/// Staff TOTP secrets sealed.
const TOTP_SECRETS_SEALED: &str = "sealed.staff_user.totp_secret";
/// Recovery-code hashes keyed (HMAC over the unkeyed SHA-256 they were).
const RECOVERY_CODES_KEYED: &str = "keyed.staff_recovery_code.code_hash";
/// The server's own secrets (the VAPID private key) sealed.
const APP_SECRETS_SEALED: &str = "sealed.app_secret.value";
/// Push subscriptions sealed and given the blind index of their endpoint.
const PUSH_SUBSCRIPTIONS_SEALED: &str = "sealed.push_subscription";
/// Cases' personal data sealed, with their duplicate index and search tokens.
const PATIENT_CASES_SEALED: &str = "sealed.patient_case";
/// Notifications' contents sealed.
const NOTIFICATIONS_SEALED: &str = "sealed.case_notification";
/// Findings' and messages' text sealed.
const FREE_TEXT_SEALED: &str = "sealed.free_text";
/// Reports' and timeline notes, thresholds' reasons, inpatient reports and return comments
/// sealed (migration m0018).
const NOTES_SEALED: &str = "sealed.notes";

/// Runs every upgrade not done yet.
pub async fn run(db: &DatabaseConnection, keys: &Keyring, now: DateTime<Utc>) -> Result<(), DbErr> {
    if let Some(txn) = claim(db, AUDIT_CHAIN_KEYED, now).await? {
        db::audit::lock_for_sealing(&txn).await?;
        let rekeyed = audit_chain::rekey(&txn, keys, now).await?;
        txn.commit().await?;
        if rekeyed.legacy_breaks > 0 {
            tracing::warn!(
                entries = rekeyed.entries,
                breaks = rekeyed.legacy_breaks,
                "the audit chain made before the audit key had breaks; they are recorded in the \
                 log (system.audit_rekeyed) and the chain is keyed from here"
            );
        } else if rekeyed.entries > 0 {
            tracing::info!(entries = rekeyed.entries, "audit chain keyed");
        }
    }
    if let Some(txn) = claim(db, TOTP_SECRETS_SEALED, now).await? {
        seal_totp_secrets(&txn, keys).await?;
        txn.commit().await?;
    }
    if let Some(txn) = claim(db, RECOVERY_CODES_KEYED, now).await? {
        key_recovery_codes(&txn, keys).await?;
        txn.commit().await?;
    }
    if let Some(txn) = claim(db, APP_SECRETS_SEALED, now).await? {
        seal_app_secrets(&txn, keys).await?;
        txn.commit().await?;
    }
    if let Some(txn) = claim(db, PUSH_SUBSCRIPTIONS_SEALED, now).await? {
        seal_push_subscriptions(&txn, keys).await?;
        txn.commit().await?;
    }
    if let Some(txn) = claim(db, PATIENT_CASES_SEALED, now).await? {
        let sealed = seal_patient_cases(&txn, keys).await?;
        txn.commit().await?;
        if sealed > 0 {
            tracing::info!(cases = sealed, "personal data of the cases sealed");
        }
    }
    if let Some(txn) = claim(db, NOTIFICATIONS_SEALED, now).await? {
        let sealed = seal_plain_values(&txn, keys, columns_of(&["case_notification"])).await?;
        txn.commit().await?;
        if sealed > 0 {
            tracing::info!(values = sealed, "notification contents sealed");
        }
    }
    if let Some(txn) = claim(db, FREE_TEXT_SEALED, now).await? {
        seal_plain_values(&txn, keys, columns_of(&["finding", "patient_message"])).await?;
        txn.commit().await?;
    }
    if let Some(txn) = claim(db, NOTES_SEALED, now).await? {
        // The notification's other columns are sealed already, and are skipped as such.
        let tables = [
            "health_report",
            "health_report_version",
            "case_event",
            "case_threshold",
            "inpatient_report",
            "case_notification",
        ];
        let sealed = seal_plain_values(&txn, keys, columns_of(&tables)).await?;
        txn.commit().await?;
        if sealed > 0 {
            tracing::info!(values = sealed, "notes and inpatient reports sealed");
        }
    }
    Ok(())
}

/// A transaction holding the mark of `name`, or `None` when it was done before.
async fn claim(
    db: &DatabaseConnection,
    name: &str,
    now: DateTime<Utc>,
) -> Result<Option<DatabaseTransaction>, DbErr> {
    let txn = db.begin().await?;
    if db::data_keys::claim_upgrade(&txn, name, now).await? {
        Ok(Some(txn))
    } else {
        txn.rollback().await?;
        Ok(None)
    }
}

async fn seal_totp_secrets(txn: &DatabaseTransaction, keys: &Keyring) -> Result<(), DbErr> {
    let users = staff_user::Entity::find()
        .filter(staff_user::Column::TotpSecret.ne(""))
        .all(txn)
        .await?;
    for user in users {
        // Already sealed (written by this version of the server): left as it is.
        if keys
            .unseal(crate::auth::totp::SECRET_FIELD, user.id, &user.totp_secret)
            .is_ok()
        {
            continue;
        }
        let sealed = keys.seal(crate::auth::totp::SECRET_FIELD, user.id, &user.totp_secret);
        staff_user::Entity::update_many()
            .col_expr(staff_user::Column::TotpSecret, Expr::value(sealed))
            .filter(staff_user::Column::Id.eq(user.id))
            .exec(txn)
            .await?;
    }
    Ok(())
}

async fn key_recovery_codes(txn: &DatabaseTransaction, keys: &Keyring) -> Result<(), DbErr> {
    for code in staff_recovery_code::Entity::find().all(txn).await? {
        staff_recovery_code::Entity::update_many()
            .col_expr(
                staff_recovery_code::Column::CodeHash,
                Expr::value(recovery::keyed(keys, &code.code_hash)),
            )
            .filter(staff_recovery_code::Column::Id.eq(code.id))
            .exec(txn)
            .await?;
    }
    Ok(())
}

async fn seal_app_secrets(txn: &DatabaseTransaction, keys: &Keyring) -> Result<(), DbErr> {
    for secret in app_secret::Entity::find().all(txn).await? {
        if keys
            .unseal(push::SECRET_FIELD, &secret.name, &secret.value)
            .is_ok()
        {
            continue;
        }
        let sealed = keys.seal(push::SECRET_FIELD, &secret.name, &secret.value);
        app_secret::Entity::update_many()
            .col_expr(app_secret::Column::Value, Expr::value(sealed))
            .filter(app_secret::Column::Name.eq(secret.name))
            .exec(txn)
            .await?;
    }
    Ok(())
}

async fn seal_push_subscriptions(txn: &DatabaseTransaction, keys: &Keyring) -> Result<(), DbErr> {
    let plain = push_subscription::Entity::find()
        .filter(push_subscription::Column::EndpointIndex.is_null())
        .all(txn)
        .await?;
    for row in plain {
        let sealed = push::seal_subscription(keys, &row.endpoint, &row.p256dh, &row.auth);
        push_subscription::Entity::update_many()
            .col_expr(
                push_subscription::Column::EndpointIndex,
                Expr::value(sealed.endpoint_index),
            )
            .col_expr(
                push_subscription::Column::Endpoint,
                Expr::value(sealed.endpoint),
            )
            .col_expr(
                push_subscription::Column::P256dh,
                Expr::value(sealed.p256dh),
            )
            .col_expr(push_subscription::Column::Auth, Expr::value(sealed.auth))
            .filter(push_subscription::Column::Id.eq(row.id))
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// Seals the personal data of every case written before (the columns hold it in clear; dates
/// of birth as `YYYY-MM-DD`, as migration m0015 left them) and gives each its duplicate index
/// and search tokens. Returns how many cases it sealed.
async fn seal_patient_cases(txn: &DatabaseTransaction, keys: &Keyring) -> Result<u64, DbErr> {
    let mut sealed = 0;
    for case in patient_case::Entity::find().all(txn).await? {
        // Already sealed (written by this version of the server): left as it is.
        if Personal::open(keys, &case).is_ok() {
            continue;
        }
        let birth_date = NaiveDate::parse_from_str(&case.sealed_birth_date, "%Y-%m-%d")
            .map_err(|_| DbErr::Custom(format!("case {}: date of birth is not a date", case.id)))?;
        let personal = Personal {
            name: case.sealed_name.clone(),
            name_kana: case.sealed_name_kana.clone(),
            birth_date,
            phone: case.sealed_phone.clone(),
            address: case.sealed_address.clone(),
            email: case.sealed_email.clone(),
            test_summary: case.sealed_test_summary.clone(),
            interview_notes: case.sealed_interview_notes.clone(),
        };
        personal_data::replace(txn, keys, &case, &personal).await?;
        sealed += 1;
    }
    Ok(sealed)
}

/// Seals in place every value of `columns` that does not open: written in clear before the
/// column was sealed (for tables whose rows carry a `seal_id`, the row id as text, as migrations
/// m0016 and m0017 gave it). Values that open (written by this version) are left as they are.
/// Returns how many it sealed.
async fn seal_plain_values<'a>(
    txn: &DatabaseTransaction,
    keys: &Keyring,
    columns: impl Iterator<Item = &'a SealedColumn>,
) -> Result<u64, DbErr> {
    let mut sealed = 0;
    for column in columns {
        let mut after: Option<String> = None;
        loop {
            let batch = db::sealed_columns::values_after(
                txn,
                column,
                after.as_deref(),
                key_rotation::BATCH,
            )
            .await?;
            let Some(last) = batch.last() else {
                break;
            };
            after = Some(last.identity.clone());
            for stored in &batch {
                if keys
                    .unseal(column.field, &stored.identity, &stored.value)
                    .is_ok()
                {
                    continue;
                }
                let new = keys.seal(column.field, &stored.identity, &stored.value);
                db::sealed_columns::replace(txn, column, &stored.identity, &stored.value, new)
                    .await?;
                sealed += 1;
            }
        }
    }
    Ok(sealed)
}

/// The sealed columns of `tables`, from the one registry (`key_rotation::SEALED_COLUMNS`).
fn columns_of(tables: &[&str]) -> impl Iterator<Item = &'static SealedColumn> {
    let tables = tables.to_vec();
    key_rotation::SEALED_COLUMNS
        .iter()
        .filter(move |column| tables.contains(&column.table))
}
