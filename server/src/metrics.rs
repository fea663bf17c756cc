//! Prometheus metrics (docs/operations.md, "Watching it"), served on their own listener
//! (`MIMAMORI_METRICS_ADDR`, default 127.0.0.1:9464) so they are never public.
//!
//! Counters and histograms are recorded where things happen, through the `metrics` facade;
//! what the database knows — outbox backlog, the audit sealer's lag, red reports nobody has
//! looked at — is read when Prometheus scrapes, so it is never stale. Labels carry route
//! templates, codes and outcomes, never personal data or ids.

use crate::entities::{audit_log, delivery, health_report, patient_case};
use crate::outbox::{Channel, Status};
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect,
};
use std::sync::OnceLock;
use std::time::Instant;

/// Metric names, one place for the code, the tests and the alert rules in the docs.
pub mod name {
    /// Requests answered, by `method`, `route` (template) and `status`.
    pub const HTTP_REQUESTS: &str = "mimamori_http_requests_total";
    /// Time to answer, by `method`, `route` and `status`.
    pub const HTTP_DURATION: &str = "mimamori_http_request_duration_seconds";
    /// Reports stored, by `flag` and `path` (`batched`: the PostgreSQL one-statement writer;
    /// `transaction`: the locked path every red report and every SQLite report takes).
    pub const REPORTS_STORED: &str = "mimamori_reports_stored_total";
    /// Reports in each statement of the PostgreSQL report writer.
    pub const REPORT_BATCH_SIZE: &str = "mimamori_report_batch_size";
    /// Deliveries not yet sent (pending or being sent), by `channel`.
    pub const OUTBOX_BACKLOG: &str = "mimamori_outbox_backlog";
    /// Age of the oldest delivery due and not yet sent, by `channel` (0: none).
    pub const OUTBOX_OLDEST_AGE: &str = "mimamori_outbox_oldest_age_seconds";
    /// Deliveries finished, by `channel` and `outcome` (`sent`, `failed`, `skipped`, `retry`).
    pub const DELIVERIES: &str = "mimamori_deliveries_total";
    /// Scheduler job runs, by `job` and `outcome` (`done`, `elsewhere`: another instance held
    /// the job's lock, `failed`).
    pub const JOB_RUNS: &str = "mimamori_scheduler_job_runs_total";
    /// Scheduler job durations, by `job`.
    pub const JOB_DURATION: &str = "mimamori_scheduler_job_duration_seconds";
    /// Audit entries not yet sealed into the hash chain.
    pub const AUDIT_UNSEALED: &str = "mimamori_audit_unsealed_entries";
    /// Age of the oldest unsealed audit entry (0: none): the sealer's lag.
    pub const AUDIT_SEALER_LAG: &str = "mimamori_audit_sealer_lag_seconds";
    /// Pooled database connections, by `state` (`in_use`, `idle`).
    pub const DB_POOL: &str = "mimamori_db_pool_connections";
    /// Failed sign-ins, by `who` (`staff`, `patient`).
    pub const SIGN_IN_FAILURES: &str = "mimamori_sign_in_failures_total";
    /// Accounts locked after too many failures, by `who`.
    pub const SIGN_IN_LOCKOUTS: &str = "mimamori_sign_in_lockouts_total";
    /// Requests refused by a limit, by `limit` (`api`, `sign_in`, `reports`, `messages`,
    /// `overloaded`, `timeout`): a flood shows here before it shows anywhere else.
    pub const LIMITED: &str = "mimamori_requests_limited_total";
    /// Red (or worse) reports submitted over an hour ago that no one has reviewed.
    pub const RED_UNREVIEWED_OVER_HOUR: &str = "mimamori_red_reports_unreviewed_over_1h";
}

/// The process's recorder (one per process: tests start many servers in one).
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Suffix("seconds".to_owned()),
                &[
                    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
                ],
            )
            .and_then(|b| {
                b.set_buckets_for_metric(
                    Matcher::Full(name::REPORT_BATCH_SIZE.to_owned()),
                    &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0],
                )
            });
        match builder.map(PrometheusBuilder::install_recorder) {
            Ok(Ok(handle)) => handle,
            // Another recorder was installed first: render an empty one rather than fail.
            Ok(Err(error)) => {
                tracing::warn!(%error, "metrics recorder not installed");
                PrometheusBuilder::new().build_recorder().handle()
            }
            Err(error) => {
                tracing::warn!(%error, "metrics buckets rejected");
                PrometheusBuilder::new().build_recorder().handle()
            }
        }
    })
}

/// Counts and times every request by its route template (`/api/staff/cases/{id}`, never the
/// id itself).
pub async fn track_requests(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(request).await;
    let labels = [
        ("method", method),
        ("route", route),
        ("status", response.status().as_u16().to_string()),
    ];
    metrics::counter!(name::HTTP_REQUESTS, &labels).increment(1);
    metrics::histogram!(name::HTTP_DURATION, &labels).record(started.elapsed().as_secs_f64());
    response
}

/// A report stored by the `path` named (see [`name::REPORTS_STORED`]).
pub fn report_stored(flag: &str, path: &'static str) {
    metrics::counter!(name::REPORTS_STORED, "flag" => flag.to_owned(), "path" => path).increment(1);
}

/// A failed sign-in of `who`, and whether it locked the account.
pub fn sign_in_failed(who: &'static str, locked: bool) {
    metrics::counter!(name::SIGN_IN_FAILURES, "who" => who).increment(1);
    if locked {
        metrics::counter!(name::SIGN_IN_LOCKOUTS, "who" => who).increment(1);
    }
}

/// The metrics listener's router: `GET /metrics`.
pub fn router(db: DatabaseConnection) -> axum::Router {
    axum::Router::new()
        .route("/metrics", axum::routing::get(scrape))
        .with_state(db)
}

async fn scrape(State(db): State<DatabaseConnection>) -> Response {
    if let Err(error) = sample_database(&db, Utc::now()).await {
        // The counters are still worth having when the database is away.
        tracing::warn!(%error, "reading metrics from the database failed");
    }
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle().render(),
    )
        .into_response()
}

/// Sets the gauges that the database knows.
async fn sample_database(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<(), DbErr> {
    pool_gauges(db);
    for channel in [Channel::Push, Channel::Email] {
        let undelivered = delivery::Entity::find()
            .filter(delivery::Column::Channel.eq(channel))
            .filter(delivery::Column::Status.is_in([Status::Pending, Status::Sending]));
        let backlog = undelivered.clone().count(db).await?;
        let oldest: Option<DateTime<Utc>> = undelivered
            .filter(delivery::Column::NotBefore.lte(now))
            .select_only()
            .column_as(delivery::Column::NotBefore.min(), "oldest")
            .into_tuple::<Option<DateTime<Utc>>>()
            .one(db)
            .await?
            .flatten();
        let code = channel_label(channel);
        #[expect(clippy::cast_precision_loss, reason = "a gauge")]
        metrics::gauge!(name::OUTBOX_BACKLOG, "channel" => code).set(backlog as f64);
        metrics::gauge!(name::OUTBOX_OLDEST_AGE, "channel" => code).set(age(oldest, now));
    }
    let unsealed = audit_log::Entity::find().filter(audit_log::Column::Seq.is_null());
    let count = unsealed.clone().count(db).await?;
    let oldest: Option<DateTime<Utc>> = unsealed
        .select_only()
        .column_as(audit_log::Column::At.min(), "oldest")
        .into_tuple::<Option<DateTime<Utc>>>()
        .one(db)
        .await?
        .flatten();
    #[expect(clippy::cast_precision_loss, reason = "a gauge")]
    metrics::gauge!(name::AUDIT_UNSEALED).set(count as f64);
    metrics::gauge!(name::AUDIT_SEALER_LAG).set(age(oldest, now));
    let red_unreviewed = red_unreviewed_before(db, now - chrono::Duration::hours(1)).await?;
    #[expect(clippy::cast_precision_loss, reason = "a gauge")]
    metrics::gauge!(name::RED_UNREVIEWED_OVER_HOUR).set(red_unreviewed as f64);
    Ok(())
}

/// Red or worse reports submitted before `before` and not reviewed. Only cases whose summary
/// has an unreviewed red are looked into, so the scan stays small however many reports there
/// are.
async fn red_unreviewed_before(
    db: &DatabaseConnection,
    before: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let not_red = ["none", "amber"];
    let cases_with_red = Query::select()
        .column(patient_case::Column::Id)
        .from(patient_case::Entity)
        .and_where(Expr::col(patient_case::Column::UnreviewedFlag).is_not_null())
        .and_where(Expr::col(patient_case::Column::UnreviewedFlag).is_not_in(not_red))
        .to_owned();
    health_report::Entity::find()
        .filter(health_report::Column::CaseId.in_subquery(cases_with_red))
        .filter(health_report::Column::ReviewedAt.is_null())
        .filter(health_report::Column::Flag.is_not_in(not_red))
        .filter(health_report::Column::SubmittedAt.lt(before))
        .count(db)
        .await
}

/// A channel as a label.
pub fn channel_label(channel: Channel) -> &'static str {
    match channel {
        Channel::Push => "push",
        Channel::Email => "email",
    }
}

fn pool_gauges(db: &DatabaseConnection) {
    let (size, idle) = match db.get_database_backend() {
        DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        DbBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => return,
    };
    let idle = u32::try_from(idle).unwrap_or(u32::MAX);
    metrics::gauge!(name::DB_POOL, "state" => "in_use").set(f64::from(size.saturating_sub(idle)));
    metrics::gauge!(name::DB_POOL, "state" => "idle").set(f64::from(idle));
}

fn age(oldest: Option<DateTime<Utc>>, now: DateTime<Utc>) -> f64 {
    oldest.map_or(0.0, |t| {
        #[expect(clippy::cast_precision_loss, reason = "seconds of age")]
        let seconds = Ord::max((now - t).num_milliseconds(), 0) as f64 / 1000.0;
        seconds
    })
}
