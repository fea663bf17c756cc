//! RFC 9457 problem details, the body of every error response.

use crate::values::ValueError;
use serde::{Deserialize, Serialize};

/// One field that failed validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's name as in the request body (`temperature_c`, `symptoms.breathlessness`).
    pub field: String,
    /// Stable code (`required`, `out_of_range`, …) the apps translate.
    pub code: String,
    /// English message for people and logs of clients that do not translate.
    pub message: String,
}

impl FieldError {
    /// A field error from a value error.
    pub fn new(field: impl Into<String>, error: &ValueError) -> Self {
        Self {
            field: field.into(),
            code: error.code().to_owned(),
            message: error.to_string(),
        }
    }

    /// A field error with its own code and message.
    pub fn custom(field: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

/// Collects field errors while validating a request.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    /// Records the error of `result`, if any, under `field`, and gives back the value.
    pub fn check<T>(&mut self, field: &str, result: Result<T, ValueError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.0.push(FieldError::new(field, &error));
                None
            }
        }
    }

    /// Records an error directly.
    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    /// `Ok(value)` when nothing was recorded, else every recorded error.
    pub fn finish<T>(self, value: impl FnOnce() -> Option<T>) -> Result<T, Vec<FieldError>> {
        if self.0.is_empty() {
            // Every `check` succeeded, so the builder has all its parts; a `None` here would be
            // a bug in the caller, reported as a generic error rather than a panic.
            value().ok_or_else(|| vec![FieldError::custom("", "invalid", "request is not valid")])
        } else {
            Err(self.0)
        }
    }
}

/// Problem details (RFC 9457) with Mimamori's extensions `code` and `errors`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI naming the problem type (`about:blank` when the status says it all).
    #[serde(rename = "type")]
    pub kind: String,
    /// Short summary of the problem type.
    pub title: String,
    /// HTTP status code.
    pub status: u16,
    /// Explanation for this occurrence, free of internal detail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Stable machine-readable code (`validation`, `not_found`, `invalid_credentials`, …).
    pub code: String,
    /// Per-field errors, for 422 responses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl Problem {
    /// The error for `field`, if the problem lists one.
    pub fn field(&self, field: &str) -> Option<&FieldError> {
        self.errors.iter().find(|e| e.field == field)
    }
}
