//! Reading an uploaded CSV file, shared by the imports of cases, organisations and staff
//! users: the encodings Excel saves in Japan, rows numbered as Excel shows them, the header
//! read into the import's columns, and per-row errors listed as `rows[N].field`.

use crate::error::ApiError;
use mimamori_shared::api::FieldError;
use mimamori_shared::api::intake_csv::{ImportColumn, column_position, is_blank_row, read_header};

/// Largest file accepted, in bytes.
pub const IMPORT_MAX_BYTES: usize = 2 * 1024 * 1024;
/// Most errors listed in one answer; the rest are counted in a last entry.
const MAX_LISTED_ERRORS: usize = 500;
/// The field under which problems with the file as a whole are reported.
pub const FILE_FIELD: &str = "file";

/// A data row: its Excel row number and its cells.
pub type Row = (u64, Vec<String>);

/// The trimmed cell of `column` in a row read with `columns`; empty when the file has no such
/// column or the row is short.
pub fn cell<'a, C: PartialEq>(columns: &[C], cells: &'a [String], column: C) -> &'a str {
    columns
        .iter()
        .position(|c| *c == column)
        .and_then(|i| cells.get(i))
        .map_or("", |c| c.trim())
}

/// The file's columns and its non-blank data rows (at most `max_rows`), or the problem with the
/// file as a whole (422 under [`FILE_FIELD`], or the header's problems).
pub fn read_file<C: ImportColumn>(
    body: &[u8],
    max_rows: usize,
) -> Result<(Vec<C>, Vec<Row>), ApiError> {
    if body.len() > IMPORT_MAX_BYTES {
        return Err(file_error("too_large", "the file is larger than 2 MB"));
    }
    let text = decode(body)?;
    let records = read_records(&text, max_rows)?;
    let Some(((_, header), rows)) = records.split_first() else {
        return Err(file_error("empty", "the file has no header row"));
    };
    let columns = read_header::<C>(header).map_err(ApiError::Validation)?;
    let rows: Vec<Row> = rows
        .iter()
        .filter(|(_, r)| !is_blank_row(r))
        .cloned()
        .collect();
    if rows.is_empty() {
        return Err(file_error("empty", "the file has no data rows"));
    }
    if rows.len() > max_rows {
        return Err(file_error(
            "too_many_rows",
            &format!("more than {max_rows} rows"),
        ));
    }
    Ok((columns, rows))
}

/// Errors in row order, fields named `rows[N].field` (`rows[N]` for the row as a whole), at
/// most [`MAX_LISTED_ERRORS`] of them.
pub fn listed<C: ImportColumn>(mut errors: Vec<(u64, FieldError)>) -> Vec<FieldError> {
    // By row, and within a row in the template's column order, as the person reads the file.
    errors.sort_by_key(|(row, e)| (*row, column_position::<C>(&e.field)));
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

/// A problem with the file as a whole.
pub fn file_error(code: &str, message: &str) -> ApiError {
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
fn read_records(text: &str, max_rows: usize) -> Result<Vec<Row>, ApiError> {
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
        if records.len() > max_rows * 2 + 1 {
            return Err(file_error(
                "too_many_rows",
                &format!("more than {max_rows} rows"),
            ));
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
        let records = read_records(text, 10).unwrap_or_default();
        let rows: Vec<(u64, &str)> = records
            .iter()
            .map(|(row, cells)| (*row, cells[0].as_str()))
            .collect();
        assert_eq!(rows, [(1, "a"), (2, "1"), (4, "3")]);
        let records = read_records("a\n1\n\n\n2\n\"x\ny\",\n3", 10).unwrap_or_default();
        let rows: Vec<u64> = records.iter().map(|(row, _)| *row).collect();
        assert_eq!(rows, [1, 2, 5, 6, 7]);
    }
}
