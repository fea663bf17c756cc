//! CSV import of cases (docs/health-centre.md): all or nothing. Every row is read and checked
//! with the rules of a registration by hand, duplicates are looked for among the health
//! centre's cases and within the file, and only a file without a single error is stored, in one
//! transaction. Errors name the row as Excel numbers it (the header is row 1).

use super::intake::{Source, contracted_ids, existing_duplicates, own_health_centre, store_cases};
use super::{csv_file, time};
use crate::access::StaffAction;
use crate::auth::StaffCaller;
use crate::db;
use crate::error::ApiError;
use crate::keys::Keyring;
use chrono::{DateTime, Utc};
use mimamori_shared::api::FieldError;
use mimamori_shared::api::intake::{DuplicateKey, ImportResult, ValidCase};
use mimamori_shared::api::intake_csv::{CsvColumn, read_row};
use mimamori_shared::ids::CaseId;
use sea_orm::{ConnectionTrait, TransactionTrait};
use std::collections::HashMap;

pub use super::csv_file::{FILE_FIELD, IMPORT_MAX_BYTES};
/// Most data rows in one file.
pub const IMPORT_MAX_ROWS: usize = 5_000;

/// Imports the cases of a CSV file (UTF-8 with or without BOM, or Shift_JIS) for the caller's
/// health centre. Answers 422 with every error found and stores nothing, or stores every row.
pub async fn import(
    db: &(impl ConnectionTrait + TransactionTrait),
    keys: &Keyring,
    caller: &StaffCaller,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<ImportResult, ApiError> {
    let centre = own_health_centre(db, caller, StaffAction::RegisterCase).await?;
    let today = time::local_date(now, time::zone(&centre.time_zone));
    let (columns, rows) = csv_file::read_file::<CsvColumn>(body, IMPORT_MAX_ROWS)?;

    let contracted = contracted_ids(db, centre.id).await?;
    let usual_days = db::orgs::prefecture_followup_days(db, &centre).await?;
    let mut errors: Vec<(u64, FieldError)> = Vec::new();
    let mut cases: Vec<(u64, ValidCase)> = Vec::with_capacity(rows.len());
    for (row, cells) in &rows {
        let (mut request, unreadable) = read_row(&columns, cells);
        request.followup_days = request.followup_days.or(usual_days);
        let mut row_errors = unreadable;
        match request.validate(today) {
            Ok(case) if row_errors.is_empty() => {
                if case
                    .followup_org_id
                    .is_some_and(|o| !contracted.contains(&o.0))
                {
                    row_errors.push(FieldError::custom(
                        "followup_org_id",
                        "no_contract",
                        "not a follow-up organisation with a contract with this health centre",
                    ));
                } else {
                    cases.push((*row, case));
                }
            }
            Ok(_) => {}
            Err(found) => {
                // A cell that could not be read is reported once, not again as "required".
                let named: Vec<String> = row_errors.iter().map(|e| e.field.clone()).collect();
                row_errors.extend(found.into_iter().filter(|e| !named.contains(&e.field)));
            }
        }
        errors.extend(row_errors.into_iter().map(|e| (*row, e)));
    }
    errors.extend(duplicates(db, keys, centre.id, &cases).await?);
    if !errors.is_empty() {
        return Err(ApiError::Validation(csv_file::listed::<CsvColumn>(errors)));
    }
    let valid: Vec<ValidCase> = cases.into_iter().map(|(_, case)| case).collect();
    let stored = store_cases(db, keys, caller, &centre, &valid, Source::Csv, today, now).await?;
    Ok(ImportResult {
        imported: stored.len(),
        case_ids: stored.iter().map(|c| CaseId(c.id)).collect(),
    })
}

/// Rows that repeat an earlier row of the file, or a case the health centre already has.
async fn duplicates(
    db: &impl ConnectionTrait,
    keyring: &Keyring,
    health_centre_id: i64,
    cases: &[(u64, ValidCase)],
) -> Result<Vec<(u64, FieldError)>, ApiError> {
    let keys: Vec<DuplicateKey> = cases.iter().map(|(_, c)| c.duplicate_key()).collect();
    let existing = existing_duplicates(db, keyring, health_centre_id, &keys).await?;
    let mut first_row: HashMap<&DuplicateKey, u64> = HashMap::new();
    let mut errors = Vec::new();
    for ((row, _), key) in cases.iter().zip(&keys) {
        if let Some(case) = existing.get(key) {
            errors.push((
                *row,
                FieldError::custom(
                    "",
                    "duplicate_case",
                    format!("already registered as case {}", case.case_number),
                ),
            ));
        } else if let Some(first) = first_row.get(key) {
            errors.push((
                *row,
                FieldError::custom(
                    "",
                    "duplicate_in_file",
                    format!("the same person as row {first}"),
                ),
            ));
        } else {
            first_row.insert(key, *row);
        }
    }
    Ok(errors)
}
