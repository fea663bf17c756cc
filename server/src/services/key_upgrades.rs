//! One-off rewrites of a database written before encryption at rest, done with the keys at the
//! first start of a server that has them (`startup::open_store`), in place.
//!
//! Each upgrade runs in one transaction that first marks it done (`data_upgrade`): a second
//! process starting at the same moment waits for the first to commit and then skips it, and a
//! crash rolls back both the mark and the half-done work. On a new database each finds nothing
//! to rewrite and is only marked.

use crate::auth::recovery;
use crate::db;
use crate::entities::{
    app_secret, case_notification, finding, patient_case, patient_message, push_subscription,
    staff_recovery_code, staff_user,
};
use crate::keys::Keyring;
use crate::services::personal_data::{self, Personal};
use crate::services::sealed_notifications;
use crate::services::{audit_chain, push};
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
        let sealed = seal_notifications(&txn, keys).await?;
        txn.commit().await?;
        if sealed > 0 {
            tracing::info!(notifications = sealed, "notification contents sealed");
        }
    }
    if let Some(txn) = claim(db, FREE_TEXT_SEALED, now).await? {
        seal_findings_and_messages(&txn, keys).await?;
        txn.commit().await?;
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

/// Seals the contents of every notification written before (form and copies in clear, dates
/// of birth as `YYYY-MM-DD`, `seal_id` the row id as migration m0016 gave it). Returns how many
/// it sealed.
async fn seal_notifications(txn: &DatabaseTransaction, keys: &Keyring) -> Result<u64, DbErr> {
    use sealed_notifications::{BIRTH_DATE_FIELD, FORM_FIELD, KANA_FIELD, NAME_FIELD, PHONE_FIELD};
    let mut sealed = 0;
    for row in case_notification::Entity::find().all(txn).await? {
        // Already sealed (written by this version of the server): left as it is.
        if sealed_notifications::form_of(keys, &row).is_ok() {
            continue;
        }
        let seal = |field: &str, text: &str| keys.seal(field, &row.seal_id, text);
        case_notification::Entity::update_many()
            .col_expr(
                case_notification::Column::SealedForm,
                Expr::value(seal(FORM_FIELD, &row.sealed_form)),
            )
            .col_expr(
                case_notification::Column::SealedPatientName,
                Expr::value(seal(NAME_FIELD, &row.sealed_patient_name)),
            )
            .col_expr(
                case_notification::Column::SealedPatientKana,
                Expr::value(seal(KANA_FIELD, &row.sealed_patient_kana)),
            )
            .col_expr(
                case_notification::Column::SealedBirthDate,
                Expr::value(
                    row.sealed_birth_date
                        .as_deref()
                        .map(|date| seal(BIRTH_DATE_FIELD, date)),
                ),
            )
            .col_expr(
                case_notification::Column::SealedPhone,
                Expr::value(seal(PHONE_FIELD, &row.sealed_phone)),
            )
            .filter(case_notification::Column::Id.eq(row.id))
            .exec(txn)
            .await?;
        sealed += 1;
    }
    Ok(sealed)
}

/// Seals the findings' assessment and plan and the messages' body written before (in clear,
/// `seal_id` the row id as migration m0017 gave it).
async fn seal_findings_and_messages(
    txn: &DatabaseTransaction,
    keys: &Keyring,
) -> Result<(), DbErr> {
    use crate::services::findings::{ASSESSMENT_FIELD, PLAN_FIELD};
    use crate::services::messages::BODY_FIELD;
    for row in finding::Entity::find().all(txn).await? {
        if keys
            .unseal(ASSESSMENT_FIELD, &row.seal_id, &row.sealed_assessment)
            .is_ok()
        {
            continue;
        }
        finding::Entity::update_many()
            .col_expr(
                finding::Column::SealedAssessment,
                Expr::value(keys.seal(ASSESSMENT_FIELD, &row.seal_id, &row.sealed_assessment)),
            )
            .col_expr(
                finding::Column::SealedPlan,
                Expr::value(keys.seal(PLAN_FIELD, &row.seal_id, &row.sealed_plan)),
            )
            .filter(finding::Column::Id.eq(row.id))
            .exec(txn)
            .await?;
    }
    for row in patient_message::Entity::find().all(txn).await? {
        if keys
            .unseal(BODY_FIELD, &row.seal_id, &row.sealed_body)
            .is_ok()
        {
            continue;
        }
        patient_message::Entity::update_many()
            .col_expr(
                patient_message::Column::SealedBody,
                Expr::value(keys.seal(BODY_FIELD, &row.seal_id, &row.sealed_body)),
            )
            .filter(patient_message::Column::Id.eq(row.id))
            .exec(txn)
            .await?;
    }
    Ok(())
}
