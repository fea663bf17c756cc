//! Retention (docs/security.md, "Retention"): once a day the housekeeping job purges the personal
//! data of cases whose follow-up ended longer ago than their prefecture's retention period
//! (`organisation.retention_years`, default [`DEFAULT_YEARS`]).
//!
//! A purged case stays as an anonymous row, so that every count of the daily implementation
//! reports (`services::implementation_reports::compile`, which counts cases, reports, calls,
//! findings and inpatient reports by their dates, organisations, flags and outcomes) compiles
//! to the same numbers for any past day. What goes:
//! - the case's number becomes `purged-<id>`; its name, kana, phone, address, e-mail, tests and
//!   interview notes become empty, its date of birth 1 January of its decade (the age band
//!   stays); its search tokens and duplicate index are deleted;
//! - the free text of its reports, timeline, findings, thresholds and inpatient reports is
//!   blanked (sealed empty values, so every view still opens), earlier report versions deleted;
//! - its messages, outbox rows, staff notices, invitations, 発生届 and institutions' links
//!   are deleted, and the patient's account with its sessions and push subscriptions once no
//!   other case of the household is kept;
//! - 発生届 that never became a case are deleted after the same period since their last change;
//! - `.eml` files in the mail outbox folder older than the shortest period are deleted.
//!
//! Each case is purged in its own transaction with its audit entry (ids only), and only once:
//! `purged_at` marks it, so a second run finds nothing to do.

use crate::db;
use crate::db::retention as store;
use crate::entities::{organisation, patient_case};
use crate::keys::Keyring;
use crate::services::audit::{self, action};
use crate::services::key_rotation::SEALED_COLUMNS;
use crate::services::personal_data::Personal;
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use mimamori_shared::api::admin::OrgKind;
use sea_orm::{DatabaseConnection, DbErr, Set, TransactionTrait};
use std::collections::BTreeMap;
use std::path::Path;

/// The retention period, in years after the end of follow-up, of a prefecture that set none.
pub const DEFAULT_YEARS: i16 = 5;
/// The shortest and longest period a prefecture may set.
pub const YEARS_RANGE: std::ops::RangeInclusive<i16> = 1..=30;

/// Cases read per batch.
const BATCH: u64 = 200;

/// The tables whose rows about a case carry sealed free text, blanked by the purge.
const BLANKED_TABLES: [&str; 5] = [
    "health_report",
    "case_event",
    "finding",
    "case_threshold",
    "inpatient_report",
];

/// What one run purged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Purged {
    /// Cases whose personal data went.
    pub cases: u64,
    /// Notifications that never became a case, deleted.
    pub notifications: u64,
    /// Patient accounts deleted.
    pub accounts: u64,
    /// `.eml` files deleted from the mail outbox folder.
    pub mail_files: u64,
}

impl Purged {
    /// Everything it removed, counted together.
    pub fn total(&self) -> u64 {
        self.cases + self.notifications + self.accounts + self.mail_files
    }
}

/// Purges what is past its retention period at `now`; `mail_outbox` is the folder `.eml`
/// files are written to, when mail goes there.
pub async fn run(
    db: &DatabaseConnection,
    keys: &Keyring,
    mail_outbox: Option<&Path>,
    now: DateTime<Utc>,
) -> anyhow::Result<Purged> {
    let mut purged = Purged::default();
    let periods = periods_of_health_centres(&db::orgs::list_all(db).await?);
    for (years, centres) in &periods {
        let before = now
            .checked_sub_months(Months::new(u32::from(years.unsigned_abs()) * 12))
            .unwrap_or(DateTime::<Utc>::MIN_UTC);
        loop {
            let due = store::due_cases(db, centres, before, BATCH).await?;
            if due.is_empty() {
                break;
            }
            for case in &due {
                let accounts = purge_case(db, keys, case, *years, now).await?;
                purged.cases += 1;
                purged.accounts += accounts;
            }
        }
        let stale = store::stale_notifications(db, centres, before).await?;
        if !stale.is_empty() {
            let txn = db.begin().await?;
            for id in &stale {
                audit::system(
                    &txn,
                    action::RETENTION_PURGE_NOTIFICATION,
                    &format!("notification:{id}"),
                    now,
                )
                .await?;
            }
            purged.notifications += stale.len() as u64;
            store::delete_notifications(&txn, stale).await?;
            txn.commit().await?;
        }
    }
    if let (Some(folder), Some(shortest)) = (mail_outbox, periods.keys().next()) {
        let before = now
            .checked_sub_months(Months::new(u32::from(shortest.unsigned_abs()) * 12))
            .unwrap_or(DateTime::<Utc>::MIN_UTC);
        purged.mail_files = delete_old_mail_files(folder, before)?;
    }
    if purged.total() > 0 {
        tracing::info!(
            cases = purged.cases,
            notifications = purged.notifications,
            accounts = purged.accounts,
            mail_files = purged.mail_files,
            "retention purge done"
        );
    }
    Ok(purged)
}

/// The health centres grouped by their prefecture's retention period (a centre outside any
/// prefecture gets the default), shortest period first.
fn periods_of_health_centres(orgs: &[organisation::Model]) -> BTreeMap<i16, Vec<i64>> {
    let years_of = |id: Option<i64>| {
        orgs.iter()
            .find(|org| Some(org.id) == id && org.kind == OrgKind::Prefecture)
            .and_then(|prefecture| prefecture.retention_years)
            .filter(|years| YEARS_RANGE.contains(years))
            .unwrap_or(DEFAULT_YEARS)
    };
    let mut periods: BTreeMap<i16, Vec<i64>> = BTreeMap::new();
    for centre in orgs.iter().filter(|org| org.kind == OrgKind::HealthCentre) {
        periods
            .entry(years_of(centre.parent_id))
            .or_default()
            .push(centre.id);
    }
    periods
}

/// Purges one case in one transaction; returns how many patient accounts went with it.
async fn purge_case(
    db: &DatabaseConnection,
    keys: &Keyring,
    case: &patient_case::Model,
    years: i16,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let txn = db.begin().await?;
    db::cases::lock(&txn, case.id).await?;
    if !store::mark_purged(&txn, case.id, now).await? {
        // Purged by another instance meanwhile.
        return Ok(0);
    }
    replace_personal_data(&txn, keys, case).await?;
    blank_free_text(&txn, keys, case.id).await?;
    let accounts = store::delete_personal_rows(&txn, case.id).await?;
    let deleted_accounts = store::delete_orphan_accounts(&txn, accounts).await?;
    audit::system_case(
        &txn,
        action::RETENTION_PURGE,
        case.id,
        format!("years:{years}"),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(deleted_accounts)
}

/// The case's number and personal data replaced by anonymous placeholders, sealed as any case's
/// (so the case page still opens), keeping the decade of birth.
async fn replace_personal_data(
    txn: &impl sea_orm::ConnectionTrait,
    keys: &Keyring,
    case: &patient_case::Model,
) -> Result<(), DbErr> {
    let decade = i32::from(case.birth_year) / 10 * 10;
    let placeholder = Personal {
        name: String::new(),
        name_kana: String::new(),
        birth_date: NaiveDate::from_ymd_opt(decade, 1, 1).unwrap_or(NaiveDate::MIN),
        phone: String::new(),
        address: String::new(),
        email: None,
        test_summary: String::new(),
        interview_notes: String::new(),
    };
    let number = format!("purged-{}", case.id);
    let sealed = placeholder.seal(keys, &number);
    let row = patient_case::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(case.id),
        case_number: Set(number),
        sealed_name: Set(sealed.name),
        sealed_name_kana: Set(sealed.name_kana),
        sealed_birth_date: Set(sealed.birth_date),
        birth_year: Set(i16::try_from(placeholder.birth_date.year()).unwrap_or(0)),
        sealed_phone: Set(sealed.phone),
        sealed_address: Set(sealed.address),
        sealed_email: Set(sealed.email),
        sealed_test_summary: Set(sealed.test_summary),
        sealed_interview_notes: Set(sealed.interview_notes),
        ..Default::default()
    };
    sea_orm::ActiveModelTrait::update(row, txn).await?;
    Ok(())
}

/// Every sealed free-text value of the case's rows replaced by a sealed empty one.
async fn blank_free_text(
    txn: &impl sea_orm::ConnectionTrait,
    keys: &Keyring,
    case_id: i64,
) -> Result<(), DbErr> {
    for table in BLANKED_TABLES {
        let columns: Vec<_> = SEALED_COLUMNS.iter().filter(|c| c.table == table).collect();
        for seal_id in store::seal_ids_of_case(txn, table, case_id).await? {
            for column in &columns {
                // The symptoms of an inpatient report are a JSON array.
                let empty = if column.column == "symptoms" {
                    "[]"
                } else {
                    ""
                };
                let value = keys.seal(column.field, &seal_id, empty);
                store::set_sealed(txn, column, &seal_id, value).await?;
            }
        }
    }
    Ok(())
}

/// Deletes the `.eml` files of `folder` last written before `before`; returns how many.
fn delete_old_mail_files(folder: &Path, before: DateTime<Utc>) -> std::io::Result<u64> {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(error) => return Err(error),
    };
    let mut deleted = 0;
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("eml") {
            continue;
        }
        let written: DateTime<Utc> = entry.metadata()?.modified()?.into();
        if written < before {
            std::fs::remove_file(&path)?;
            deleted += 1;
        }
    }
    Ok(deleted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(
        id: i64,
        kind: OrgKind,
        parent_id: Option<i64>,
        years: Option<i16>,
    ) -> organisation::Model {
        organisation::Model {
            id,
            kind,
            name: format!("org {id}"),
            parent_id,
            phone: None,
            time_zone: "Asia/Tokyo".to_owned(),
            created_at: DateTime::<Utc>::MIN_UTC,
            default_followup_days: None,
            address: None,
            retention_years: years,
        }
    }

    #[test]
    fn each_health_centre_keeps_data_for_its_prefectures_period_or_the_default() {
        let orgs = [
            org(1, OrgKind::Prefecture, None, Some(2)),
            org(2, OrgKind::HealthCentre, Some(1), None),
            org(3, OrgKind::Prefecture, None, None),
            org(4, OrgKind::HealthCentre, Some(3), None),
            // Outside any prefecture (a test deployment), and under one set out of range.
            org(5, OrgKind::HealthCentre, None, None),
            org(6, OrgKind::Prefecture, None, Some(0)),
            org(7, OrgKind::HealthCentre, Some(6), None),
            org(8, OrgKind::FollowupOrg, Some(2), Some(1)),
        ];
        let periods = periods_of_health_centres(&orgs);
        assert_eq!(
            periods.into_iter().collect::<Vec<_>>(),
            [(2, vec![2]), (DEFAULT_YEARS, vec![4, 5, 7])]
        );
    }
}
