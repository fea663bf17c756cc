//! PostgreSQL: the everyday reports of requests that arrive together, written together.
//!
//! Under the morning rush every report was one write statement, and each paid a round trip,
//! the executor's set-up and a commit with its WAL flush. Here requests hand their judged
//! report to a writer task, which writes whatever has gathered while its previous batch was
//! being written in one statement ([`super::report_batch`]) and then answers each request. No
//! timer: a lone report is written at once, and batches grow only as far as the load makes
//! them. A report is answered only after its batch's statement has committed, so what is
//! acknowledged is as durable as before (figures in docs/performance.md).
//!
//! Reports are spread over a few writers by case, so one case's reports always meet in the same
//! writer, where a batch takes at most one report of a case and the next batch the next. If a
//! batch fails as a whole, its reports are written one by one, so one bad report cannot fail
//! the others; if the database is away, each then fails as it would have alone.

use super::report_batch::{ReportToWrite, insert_many_with_summary_and_audit};
use super::reports::insert_with_summary_and_audit;
use crate::entities::health_report;
use crate::error::is_connection_error;
use sea_orm::{DatabaseConnection, DbBackend, DbErr, RuntimeErr};
use std::collections::{HashMap, HashSet};
use tokio::sync::{mpsc, oneshot};

/// Writers (and so batches in flight at once): enough to keep both of PostgreSQL's cores busy
/// while a batch is on its way, few enough that batches stay large.
const WRITERS: usize = 2;
/// The most reports a statement writes (about 30 values each, far below PostgreSQL's 65,535).
const MAX_BATCH: usize = 64;
/// Reports waiting for a writer; beyond this a request waits to hand its report over.
const QUEUE: usize = 1024;

type Answer = Result<Option<health_report::Model>, DbErr>;

struct Job {
    report: ReportToWrite,
    answer: oneshot::Sender<Answer>,
}

/// Hands reports to the writer tasks (PostgreSQL) or writes each alone (other backends, which
/// take the transaction path before reaching here). Cheap to clone.
#[derive(Debug, Clone)]
pub struct ReportBatcher {
    db: DatabaseConnection,
    writers: Vec<mpsc::Sender<Job>>,
}

impl ReportBatcher {
    /// Starts the writer tasks on PostgreSQL (they end when the last clone is dropped); none on
    /// other backends. Must be called inside the tokio runtime.
    pub fn start(db: DatabaseConnection) -> Self {
        let writers = if db.get_database_backend() == DbBackend::Postgres {
            (0..WRITERS)
                .map(|_| {
                    let (sender, receiver) = mpsc::channel(QUEUE);
                    tokio::spawn(write_batches(db.clone(), receiver));
                    sender
                })
                .collect()
        } else {
            Vec::new()
        };
        Self { db, writers }
    }

    /// Writes `report` as [`insert_with_summary_and_audit`] would — `None`, with nothing
    /// written, when its case is no longer as read or its key is already stored — together with
    /// other requests' reports. Returns once the report is committed.
    pub async fn write(&self, report: ReportToWrite) -> Answer {
        if self.writers.is_empty() {
            return insert_with_summary_and_audit(
                &self.db,
                report.as_read(),
                &report.report,
                &report.audit,
            )
            .await;
        }
        let writer = &self.writers
            [usize::try_from(report.case_id.rem_euclid(WRITERS as i64)).unwrap_or_default()];
        let (answer, answered) = oneshot::channel();
        writer
            .send(Job { report, answer })
            .await
            .map_err(|_| stopped())?;
        answered.await.map_err(|_| stopped())?
    }
}

fn stopped() -> DbErr {
    DbErr::Custom("the report writer stopped".to_owned())
}

/// One writer: takes what has gathered, writes it as one batch, answers, and again.
async fn write_batches(db: DatabaseConnection, mut receiver: mpsc::Receiver<Job>) {
    let mut waiting: Vec<Job> = Vec::new();
    loop {
        if waiting.is_empty() {
            match receiver.recv().await {
                Some(job) => waiting.push(job),
                None => return,
            }
        }
        while waiting.len() < MAX_BATCH * 2 {
            match receiver.try_recv() {
                Ok(job) => waiting.push(job),
                Err(_) => break,
            }
        }
        let batch = take_batch(&mut waiting);
        write_batch(&db, batch).await;
    }
}

/// Takes from `waiting`, in arrival order, up to [`MAX_BATCH`] reports of distinct cases that
/// set the same columns as the first; the rest wait for the next batch, in their order.
fn take_batch(waiting: &mut Vec<Job>) -> Vec<Job> {
    let Some(first) = waiting.first() else {
        return Vec::new();
    };
    let columns = first.report.columns();
    let mut cases = HashSet::new();
    let mut batch = Vec::new();
    let mut rest = Vec::new();
    for job in waiting.drain(..) {
        if batch.len() < MAX_BATCH
            && job.report.columns() == columns
            && cases.insert(job.report.case_id)
        {
            batch.push(job);
        } else {
            rest.push(job);
        }
    }
    *waiting = rest;
    batch
}

/// Writes `batch` in one statement and answers each job. If the database could not be reached,
/// every job is answered so (503: the client resends); on any other error the jobs are written
/// one by one.
async fn write_batch(db: &DatabaseConnection, batch: Vec<Job>) {
    #[expect(clippy::cast_precision_loss, reason = "at most MAX_BATCH")]
    metrics::histogram!(crate::metrics::name::REPORT_BATCH_SIZE).record(batch.len() as f64);
    let reports: Vec<&ReportToWrite> = batch.iter().map(|job| &job.report).collect();
    let error = match insert_many_with_summary_and_audit(db, &reports).await {
        Ok(stored) => {
            tracing::debug!(
                reports = batch.len(),
                stored = stored.len(),
                "report batch written"
            );
            let mut stored: HashMap<i64, health_report::Model> = stored
                .into_iter()
                .map(|report| (report.case_id, report))
                .collect();
            for job in batch {
                let mine = stored.remove(&job.report.case_id);
                // A request whose client went away no longer waits for its answer.
                let _ = job.answer.send(Ok(mine));
            }
            return;
        }
        Err(error) => error,
    };
    if is_connection_error(&error) {
        for job in batch {
            let _ = job
                .answer
                .send(Err(DbErr::Conn(RuntimeErr::Internal(format!(
                    "report batch: {error}"
                )))));
        }
        return;
    }
    tracing::warn!(%error, reports = batch.len(), "report batch failed; writing one by one");
    for job in batch {
        let report = &job.report;
        let answer =
            insert_with_summary_and_audit(db, report.as_read(), &report.report, &report.audit)
                .await;
        let _ = job.answer.send(answer);
    }
}
