//! The scheduler (docs/notifications.md, "Scheduler"): reminders, cut-off summaries, automatic
//! end of follow-up and daily implementation reports.
//!
//! tokio-cron-scheduler fires a tick at the start of every minute; the tick asks the injected
//! clock for the time and runs every job for that moment. Each job works out for itself what is
//! due in each organisation's time zone and with its own times (`org_settings`), so times can
//! change at run time without rescheduling anything, and a tick missed while the server was down
//! is caught up by the next. Jobs are idempotent: their units of work are claimed by
//! `job_run` markers or outbox dedupe keys in the same transaction as the work, and each job
//! runs under a PostgreSQL advisory lock (`lock`), so with several instances one does the work.
//! What a job decides to send goes to the outbox; `outbox::sender` sends it.

pub mod context;
pub mod cutoff;
pub mod followup_end;
pub mod housekeeping;
pub mod implementation_reports;
pub mod lock;
pub mod reminders;

use crate::clock::Clock;
use crate::config::Config;
use crate::keys::Keyring;
use chrono::{DateTime, Utc};
pub use context::JobContext;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// How much each job did in one tick.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TickSummary {
    /// Reminders enqueued.
    pub reminders: u64,
    /// Cases whose follow-up ended by completing the period.
    pub ended: u64,
    /// Cut-off summaries made (one per organisation and slot).
    pub cutoff_summaries: u64,
    /// Implementation reports compiled.
    pub implementation_reports: u64,
    /// Expired sessions and spent invitations deleted, and what the retention purge removed
    /// (once a day).
    pub housekeeping: u64,
}

/// Runs every job once for `now`. A job whose lock another instance holds is skipped (it is
/// doing the same work); a failing job is logged and does not stop the others.
pub async fn run_due(
    db: &DatabaseConnection,
    config: &Arc<Config>,
    keys: &Arc<Keyring>,
    now: DateTime<Utc>,
) -> TickSummary {
    let cx = JobContext {
        db: db.clone(),
        config: config.clone(),
        keys: keys.clone(),
        now,
    };
    TickSummary {
        ended: run_job(&cx, lock::Job::FollowupEnd, followup_end::run(&cx)).await,
        reminders: run_job(&cx, lock::Job::Reminders, reminders::run(&cx)).await,
        cutoff_summaries: run_job(&cx, lock::Job::Cutoff, cutoff::run(&cx)).await,
        implementation_reports: run_job(
            &cx,
            lock::Job::ImplementationReports,
            implementation_reports::run(&cx),
        )
        .await,
        housekeeping: run_job(&cx, lock::Job::Housekeeping, housekeeping::run(&cx)).await,
    }
}

async fn run_job(
    cx: &JobContext,
    job: lock::Job,
    work: impl std::future::Future<Output = anyhow::Result<u64>>,
) -> u64 {
    let started = std::time::Instant::now();
    let result = lock::while_held(&cx.db, job, work).await;
    let outcome = match &result {
        Ok(Some(_)) => "done",
        Ok(None) => "elsewhere",
        Err(_) => "failed",
    };
    metrics::counter!(crate::metrics::name::JOB_RUNS, "job" => job.name(), "outcome" => outcome)
        .increment(1);
    if outcome != "elsewhere" {
        metrics::histogram!(crate::metrics::name::JOB_DURATION, "job" => job.name())
            .record(started.elapsed().as_secs_f64());
    }
    match result {
        Ok(Some(count)) => {
            if count > 0 {
                tracing::info!(
                    job = job.name(),
                    count,
                    duration_ms = started.elapsed().as_millis() as u64,
                    "job done"
                );
            }
            count
        }
        Ok(None) => {
            tracing::debug!(job = job.name(), "job running in another instance");
            0
        }
        Err(error) => {
            tracing::warn!(job = job.name(), error = %format!("{error:#}"), "job failed; the next tick retries");
            0
        }
    }
}

/// Starts the minute tick (tokio-cron-scheduler) and the outbox sender. Dropping nothing stops
/// them: they run until the process ends; `shutdown` the returned scheduler to stop ticking.
pub async fn start(
    db: DatabaseConnection,
    config: Arc<Config>,
    keys: Arc<Keyring>,
    clock: Arc<dyn Clock>,
) -> anyhow::Result<tokio_cron_scheduler::JobScheduler> {
    use tokio_cron_scheduler::{Job, JobScheduler};
    let scheduler = JobScheduler::new().await?;
    let tick = Job::new_async("0 * * * * *", move |_id, _scheduler| {
        let (db, config, keys, clock) = (db.clone(), config.clone(), keys.clone(), clock.clone());
        Box::pin(async move {
            run_due(&db, &config, &keys, clock.now()).await;
        })
    })?;
    scheduler.add(tick).await?;
    scheduler.start().await?;
    Ok(scheduler)
}
