//! CSV import of cases (docs/health-centre.md): all or nothing. Every row is read and checked
//! with the rules of a registration by hand, duplicates are looked for among the health
//! centre's cases and within the file, and only a file without a single error is stored, in one
//! transaction. Errors name the row as Excel numbers it (the header is row 1).

use super::intake::{Source, contracted_ids, existing_duplicates, own_health_centre, store_cases};
use super::time;
use crate::access::StaffAction;
use crate::auth::StaffCaller;
use crate::db;
use crate::error::ApiError;
use chrono::{DateTime, Utc};
use mimamori_shared::api::FieldError;
use mimamori_shared::api::intake::{DuplicateKey, ImportResult, ValidCase};
use mimamori_shared::api::intake_csv::{CsvColumn, is_blank_row, read_header, read_row};
use mimamori_shared::ids::CaseId;
use sea_orm::{ConnectionTrait, TransactionTrait};
use std::collections::HashMap;

/// Largest file accepted, in bytes.
pub const IMPORT_MAX_BYTES: usize = 2 * 1024 * 1024;
/// Most data rows in one file.
pub const IMPORT_MAX_ROWS: usize = 5_000;
/// Most errors listed in one answer; the rest are counted in a last entry.
const MAX_LISTED_ERRORS: usize = 500;
/// The field under which problems with the file as a whole are reported.
pub const FILE_FIELD: &str = "file";

/// Imports the cases of a CSV file (UTF-8 with or without BOM, or Shift_JIS) for the caller's
/// health centre. Answers 422 with every error found and stores nothing, or stores every row.
pub async fn import(
    db: &(impl ConnectionTrait + TransactionTrait),
    caller: &StaffCaller,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<ImportResult, ApiError> {
    let centre = own_health_centre(db, caller, StaffAction::RegisterCase).await?;
    let today = time::local_date(now, time::zone(&centre.time_zone));
    if body.len() > IMPORT_MAX_BYTES {
        return Err(file_error("too_large", "the file is larger than 2 MB"));
    }
    let text = decode(body)?;
    let records = read_records(&text)?;
    let Some(((_, header), rows)) = records.split_first() else {
        return Err(file_error("empty", "the file has no header row"));
    };
    let columns = read_header(header).map_err(ApiError::Validation)?;
    let rows: Vec<&(u64, Vec<String>)> = rows.iter().filter(|(_, r)| !is_blank_row(r)).collect();
    if rows.is_empty() {
        return Err(file_error("empty", "the file has no data rows"));
    }
    if rows.len() > IMPORT_MAX_ROWS {
        return Err(file_error("too_many_rows", "more than 5,000 rows"));
    }

    let contracted = contracted_ids(db, centre.id).await?;
    let usual_days = db::orgs::prefecture_followup_days(db, &centre).await?;
    let mut errors: Vec<(u64, FieldError)> = Vec::new();
    let mut cases: Vec<(u64, ValidCase)> = Vec::with_capacity(rows.len());
    for (row, cells) in rows {
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
    errors.extend(duplicates(db, centre.id, &cases).await?);
    if !errors.is_empty() {
        return Err(ApiError::Validation(listed(errors)));
    }
    let valid: Vec<ValidCase> = cases.into_iter().map(|(_, case)| case).collect();
    let stored = store_cases(db, caller, &centre, &valid, Source::Csv, today, now).await?;
    Ok(ImportResult {
        imported: stored.len(),
        case_ids: stored.iter().map(|c| CaseId(c.id)).collect(),
    })
}

/// Rows that repeat an earlier row of the file, or a case the health centre already has.
async fn duplicates(
    db: &impl ConnectionTrait,
    health_centre_id: i64,
    cases: &[(u64, ValidCase)],
) -> Result<Vec<(u64, FieldError)>, ApiError> {
    let keys: Vec<DuplicateKey> = cases.iter().map(|(_, c)| c.duplicate_key()).collect();
    let existing = existing_duplicates(db, health_centre_id, &keys).await?;
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

/// Errors in row order, fields named `rows[N].field` (`rows[N]` for the row as a whole), at
/// most [`MAX_LISTED_ERRORS`] of them.
fn listed(mut errors: Vec<(u64, FieldError)>) -> Vec<FieldError> {
    // By row, and within a row in the template's column order, as the person reads the file.
    errors.sort_by_key(|(row, e)| {
        let column = CsvColumn::from_header(&e.field)
            .and_then(|c| CsvColumn::ALL.iter().position(|a| *a == c))
            .unwrap_or(CsvColumn::ALL.len());
        (*row, column)
    });
    let total = errors.len();
    let mut listed: Vec<FieldError> = errors
        .into_iter()
        .take(MAX_LISTED_ERRORS)
        .map(|(row, e)| {
            let field = if e.field.is_empty() {
                format!("rows[{row}]")
            } else {
                format!("rows[{row}].{}", e.field)
            };
            FieldError::custom(field, &e.code, e.message)
        })
        .collect();
    if total > MAX_LISTED_ERRORS {
        listed.push(FieldError::custom(
            FILE_FIELD,
            "more_errors",
            format!("{} more errors not listed", total - MAX_LISTED_ERRORS),
        ));
    }
    listed
}

fn file_error(code: &str, message: &str) -> ApiError {
    ApiError::field(FILE_FIELD, code, message)
}

/// The file as text: UTF-8 (a byte-order mark is dropped), else Shift_JIS (Windows-31J, what
/// Excel in Japan saves as "CSV").
pub fn decode(body: &[u8]) -> Result<String, ApiError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    if let Ok(text) = std::str::from_utf8(body) {
        return Ok(text.to_owned());
    }
    let (text, had_errors) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(body);
    if had_errors {
        return Err(file_error(
            "encoding",
            "save the file as CSV (UTF-8) or CSV (Shift_JIS)",
        ));
    }
    Ok(text.into_owned())
}

/// The records of the file with their row numbers as Excel shows them: one more than the line
/// breaks before the record, less those inside quoted cells (Excel shows such a cell in one
/// row, and an empty line, which the reader skips, as an empty row).
fn read_records(text: &str) -> Result<Vec<(u64, Vec<String>)>, ApiError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let bytes = text.as_bytes();
    let mut records = Vec::new();
    let (mut counted_to, mut breaks, mut breaks_inside_cells) = (0_usize, 0_u64, 0_u64);
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            ApiError::field(
                FILE_FIELD,
                "csv_syntax",
                &format!("the file cannot be read as CSV near line {line}"),
            )
        })?;
        // The reader's position may stand on the end of the previous line; the record starts
        // at the first byte that is not a line break.
        let mut start = record
            .position()
            .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX))
            .min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        breaks += bytes[counted_to.min(start)..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        counted_to = counted_to.max(start);
        let cells: Vec<String> = record.iter().map(str::to_owned).collect();
        records.push((1 + breaks - breaks_inside_cells, cells));
        breaks_inside_cells += record
            .iter()
            .map(|cell| cell.matches('\n').count() as u64)
            .sum::<u64>();
        // Header, the allowed rows and some blank ones: anything longer is refused unread.
        if records.len() > IMPORT_MAX_ROWS * 2 + 1 {
            return Err(file_error("too_many_rows", "more than 5,000 rows"));
        }
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_or_without_bom_and_shift_jis_decode_alike() {
        let text = "氏名,生年月日\n山田 花子,1948/3/12\n";
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        for bytes in [text.as_bytes(), with_bom.as_slice(), &sjis] {
            assert_eq!(decode(bytes).ok().as_deref(), Some(text));
        }
        assert!(decode(&[0x82, 0xFF, 0xFF]).is_err());
    }

    #[test]
    fn rows_are_numbered_as_excel_shows_them() {
        let text = "a,b\r\n1,\"two\r\nlines\"\r\n\r\n3,x\r\n";
        let records = read_records(text).unwrap_or_default();
        let rows: Vec<(u64, &str)> = records
            .iter()
            .map(|(row, cells)| (*row, cells[0].as_str()))
            .collect();
        assert_eq!(rows, [(1, "a"), (2, "1"), (4, "3")]);
        let records = read_records("a\n1\n\n\n2\n\"x\ny\",\n3").unwrap_or_default();
        let rows: Vec<u64> = records.iter().map(|(row, _)| *row).collect();
        assert_eq!(rows, [1, 2, 5, 6, 7]);
    }
}
