//! API errors as RFC 9457 problem+json, and JSON/query extractors whose rejections use the same
//! shape, so a client never sees an error body of another kind.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mimamori_shared::api::{FieldError, Problem};
use sea_orm::{DbErr, RuntimeErr, SqlErr};
use serde::de::DeserializeOwned;

/// Every way a request can fail. Handlers return `Result<T, ApiError>`.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 422: one or more fields are wrong; each is listed.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// 400: the body is not JSON, or not the JSON this endpoint takes.
    #[error("malformed request: {0}")]
    Malformed(String),
    /// 415: the body is not `application/json`.
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// 401: no valid session.
    #[error("not signed in")]
    Unauthenticated,
    /// 401: the credentials given do not match.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// 403: signed in, allowed to see the record, not allowed to do this.
    #[error("forbidden")]
    Forbidden,
    /// 403 with a specific code: signed in, but not allowed this yet (`enrolment_required`).
    #[error("{code}")]
    ForbiddenCode {
        /// Stable code.
        code: &'static str,
        /// Explanation.
        detail: &'static str,
    },
    /// 404: no such record, or not in the caller's scope (never 403, so ids cannot be probed).
    #[error("not found")]
    NotFound,
    /// 404: no API route has this path (as opposed to a record that does not exist).
    #[error("no such route")]
    NoSuchRoute,
    /// 405: the route exists, but not with this method.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// 404 with a specific code, e.g. an unknown invitation.
    #[error("{code}")]
    NotFoundCode {
        /// Stable code.
        code: &'static str,
        /// Explanation.
        detail: &'static str,
    },
    /// 410: the thing existed but can no longer be used (expired or used invitation).
    #[error("{code}")]
    Gone {
        /// Stable code.
        code: &'static str,
        /// Explanation.
        detail: &'static str,
    },
    /// 409: the request conflicts with stored state.
    #[error("{code}")]
    Conflict {
        /// Stable code.
        code: &'static str,
        /// Explanation.
        detail: &'static str,
    },
    /// 429: too many attempts (`account_locked`); answered with `Retry-After`.
    #[error("{code}")]
    TooManyRequests {
        /// Stable code.
        code: &'static str,
        /// Explanation.
        detail: &'static str,
        /// Seconds until a new attempt can succeed.
        retry_after_seconds: u64,
    },
    /// 503: the database cannot be reached; the client should retry.
    #[error("service unavailable")]
    Unavailable,
    /// 500: a bug or an unexpected failure. Logged, never shown.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// The error of a 5xx response, put in the response's extensions so the logging middleware
/// writes it once, with the request's span.
#[derive(Debug, Clone)]
pub struct InternalErrorMessage(pub String);

impl ApiError {
    /// The answer to any change of an ended case: the record is read-only.
    pub fn followup_ended() -> Self {
        Self::Conflict {
            code: "followup_ended",
            detail: "The follow-up of this case has ended.",
        }
    }

    /// The answer to an action that drives home follow-up while the patient is in hospital: it
    /// waits for the discharge home (an institution's inpatient status report).
    pub fn followup_paused() -> Self {
        Self::Conflict {
            code: "followup_paused",
            detail: "The patient is in hospital: home follow-up is paused.",
        }
    }

    /// A 422 for a single field.
    pub fn field(field: &str, code: &str, message: &str) -> Self {
        Self::Validation(vec![FieldError::custom(field, code, message)])
    }

    fn parts(&self) -> (StatusCode, &'static str, &'static str, Option<String>) {
        use ApiError as E;
        match self {
            E::Validation(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation",
                "Some fields are not valid",
                None,
            ),
            E::Malformed(detail) => (
                StatusCode::BAD_REQUEST,
                "malformed_request",
                "Malformed request",
                Some(detail.clone()),
            ),
            E::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Send application/json",
                None,
            ),
            E::Unauthenticated => (
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "Please sign in",
                None,
            ),
            E::InvalidCredentials => (
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                "The ID, password or code is not correct",
                None,
            ),
            E::Forbidden => (
                StatusCode::FORBIDDEN,
                "forbidden",
                "Your role may not do this",
                None,
            ),
            E::ForbiddenCode { code, detail } => (
                StatusCode::FORBIDDEN,
                code,
                "Not allowed yet",
                Some((*detail).to_owned()),
            ),
            E::NotFound => (StatusCode::NOT_FOUND, "not_found", "Not found", None),
            E::NoSuchRoute => (
                StatusCode::NOT_FOUND,
                "no_such_route",
                "No such API route",
                None,
            ),
            E::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "This route does not take this method",
                None,
            ),
            E::NotFoundCode { code, detail } => (
                StatusCode::NOT_FOUND,
                code,
                "Not found",
                Some((*detail).to_owned()),
            ),
            E::Gone { code, detail } => (
                StatusCode::GONE,
                code,
                "No longer valid",
                Some((*detail).to_owned()),
            ),
            E::Conflict { code, detail } => (
                StatusCode::CONFLICT,
                code,
                "Conflict",
                Some((*detail).to_owned()),
            ),
            E::TooManyRequests { code, detail, .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                code,
                "Too many attempts",
                Some((*detail).to_owned()),
            ),
            E::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "Temporarily unavailable, please try again",
                None,
            ),
            E::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Internal error",
                None,
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, title, detail) = self.parts();
        let errors = match &self {
            ApiError::Validation(errors) => errors.clone(),
            _ => Vec::new(),
        };
        let problem = Problem {
            kind: "about:blank".to_owned(),
            title: title.to_owned(),
            status: status.as_u16(),
            detail,
            code: code.to_owned(),
            errors,
        };
        let mut response = (status, axum::Json(problem)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let ApiError::Internal(error) = &self {
            response
                .extensions_mut()
                .insert(InternalErrorMessage(format!("{error:#}")));
        }
        if matches!(self, ApiError::Unavailable) {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
        }
        if let ApiError::TooManyRequests {
            retry_after_seconds,
            ..
        } = &self
        {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_seconds));
        }
        response
    }
}

impl From<DbErr> for ApiError {
    fn from(error: DbErr) -> Self {
        if is_connection_error(&error) {
            return ApiError::Unavailable;
        }
        if let Some(SqlErr::UniqueConstraintViolation(_)) = error.sql_err() {
            return ApiError::Conflict {
                code: "conflict",
                detail: "a record with the same key already exists",
            };
        }
        ApiError::Internal(anyhow::Error::new(error))
    }
}

impl From<crate::keys::KeyringError> for ApiError {
    fn from(error: crate::keys::KeyringError) -> Self {
        match error {
            crate::keys::KeyringError::Db(error) => error.into(),
            // A value that does not open is an internal fault (tampering or a missing key),
            // logged by the middleware; the body says nothing of it.
            other => ApiError::Internal(anyhow::Error::new(other)),
        }
    }
}

/// Whether the database could not be reached (as opposed to refusing a statement): such
/// failures answer 503 so clients retry instead of giving up.
pub fn is_connection_error(error: &DbErr) -> bool {
    match error {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => {
            is_unavailable(e)
        }
        _ => false,
    }
}

/// A driver error that says the database is away or going away. Besides a broken socket,
/// PostgreSQL tells the sessions it ends why: `57P01` (administrator shutdown, as in a
/// restart), `57P02` (crash), `57P03` (starting up or shutting down), and class `08`
/// (connection exceptions). Without these, a restart of the database under load answered a
/// few 500s before the 503s (scripts/durability-pg-restart.sh).
fn is_unavailable(error: &sea_orm::sqlx::Error) -> bool {
    use sea_orm::sqlx::Error as E;
    match error {
        E::Io(_) | E::PoolTimedOut | E::PoolClosed | E::WorkerCrashed => true,
        E::Database(e) => e
            .code()
            .is_some_and(|code| code.starts_with("57P") || code.starts_with("08")),
        _ => false,
    }
}

/// A JSON body. Unlike `axum::Json`, its rejections are problem+json: 415 without
/// `application/json`, 400 for malformed JSON, 422 naming the field for a value of the wrong type.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<mime::Mime>().ok())
            .is_some_and(|m| {
                m.type_() == mime::APPLICATION
                    && (m.subtype() == mime::JSON || m.suffix() == Some(mime::JSON))
            });
        if !is_json {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| ApiError::Malformed(e.body_text()))?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// Parses JSON, telling a syntax error (400) from a value of the wrong type (422 on its field).
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        // A map keyed by an enum (the symptoms) shows its key as `?`: name the map instead.
        let path = e.path().to_string().trim_end_matches(".?").to_owned();
        let inner = e.into_inner();
        if inner.is_data() && path != "." {
            ApiError::field(&path, "invalid", &inner.to_string())
        } else {
            ApiError::Malformed(inner.to_string())
        }
    })?;
    deserializer
        .end()
        .map_err(|e| ApiError::Malformed(e.to_string()))?;
    Ok(value)
}

/// Path parameters (record ids, a date). Unlike `axum::extract::Path`, whose rejection is a
/// plain-text 400, a parameter that does not parse as its type is a problem+json 404: an id
/// that cannot exist (not a number, out of range) names no record, like an id that does not.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        use axum::extract::rejection::PathRejection;
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(ApiPath(value)),
            Err(PathRejection::FailedToDeserializePathParams(_)) => Err(ApiError::NotFound),
            // A handler asking for parameters its route does not have: a bug, logged as one.
            Err(other) => Err(ApiError::Internal(anyhow::anyhow!(
                "path parameters: {}",
                other.body_text()
            ))),
        }
    }
}

/// A query string whose rejection is a 422 naming the field.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let deserializer =
            serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer)
            .map(ApiQuery)
            .map_err(|e| {
                let path = e.path().to_string();
                ApiError::field(&path, "invalid", &e.into_inner().to_string())
            })
    }
}
