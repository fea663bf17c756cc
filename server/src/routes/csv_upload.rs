//! What the CSV imports (cases, organisations, staff users) share at the HTTP edge: the body
//! taken only as `text/csv` and up to the imports' size limit, and templates sent as downloads.

use crate::error::ApiError;
use crate::services::csv_file::{FILE_FIELD, IMPORT_MAX_BYTES};
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use mimamori_shared::api::intake_csv::{ImportColumn, template_header};

/// The uploaded file's bytes. Only `text/csv`: unlike `text/plain` it cannot be sent
/// cross-site without a CORS preflight (415 otherwise); 422 `too_large` over 2 MB.
pub async fn csv_body(headers: &HeaderMap, body: Body) -> Result<Bytes, ApiError> {
    let is_csv = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<mime::Mime>().ok())
        .is_some_and(|m| m.type_() == mime::TEXT && m.subtype() == "csv");
    if !is_csv {
        return Err(ApiError::UnsupportedMediaType);
    }
    axum::body::to_bytes(body, IMPORT_MAX_BYTES)
        .await
        .map_err(|_| ApiError::field(FILE_FIELD, "too_large", "the file is larger than 2 MB"))
}

/// The template of an import with columns `C`: the header row, UTF-8 with a byte-order mark so
/// Excel opens it with the right encoding, as a download named `file_name`.
pub fn template<C: ImportColumn>(file_name: &'static str) -> Response {
    let body = format!("\u{FEFF}{}\r\n", template_header::<C>());
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(disposition) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\""))
    {
        headers.insert(header::CONTENT_DISPOSITION, disposition);
    }
    response
}
