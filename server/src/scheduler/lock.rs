//! One instance runs a job at a time: on PostgreSQL each job takes its own advisory lock for the
//! length of a transaction held open while the job works (the job itself uses other
//! connections); an instance that finds the lock taken skips the job for this tick. SQLite runs
//! a single instance, where a process-wide mutex per job keeps two runs from overlapping (the
//! second waits).

use sea_orm::{DatabaseConnection, DbBackend, TransactionTrait};
use std::sync::LazyLock;
use tokio::sync::Mutex;

/// The scheduled jobs, each with its own lock; the number is the job's part of the lock key
/// (never reuse one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// Reminders to report.
    Reminders = 1,
    /// Cut-off summaries to staff.
    Cutoff = 2,
    /// Automatic end of follow-up.
    FollowupEnd = 3,
    /// Daily implementation reports.
    ImplementationReports = 4,
    /// Deleting expired sessions and spent invitations.
    Housekeeping = 5,
}

impl Job {
    /// Name in logs.
    pub fn name(self) -> &'static str {
        match self {
            Self::Reminders => "reminders",
            Self::Cutoff => "cutoff",
            Self::FollowupEnd => "followup_end",
            Self::ImplementationReports => "implementation_reports",
            Self::Housekeeping => "housekeeping",
        }
    }

    /// The advisory lock's key: "MMRI" in the high half (Mimamori's lock space), the job below.
    fn key(self) -> i64 {
        (0x4D4D_5249_i64 << 32) | self as i64
    }

    fn local_mutex(self) -> &'static Mutex<()> {
        static LOCKS: LazyLock<[Mutex<()>; 5]> = LazyLock::new(|| {
            [
                Mutex::new(()),
                Mutex::new(()),
                Mutex::new(()),
                Mutex::new(()),
                Mutex::new(()),
            ]
        });
        &LOCKS[self as usize - 1]
    }
}

/// Runs `work` if this instance gets `job`'s lock; `None` if another holds it.
pub async fn while_held<T>(
    db: &DatabaseConnection,
    job: Job,
    work: impl std::future::Future<Output = anyhow::Result<T>>,
) -> anyhow::Result<Option<T>> {
    // Within one process a tick waits for the previous run of the same job rather than skip:
    // the wait is short (the next run finds its work done), and several in-process servers
    // (the tests) then never skip each other's runs.
    let _local = job.local_mutex().lock().await;
    if db.get_database_backend() != DbBackend::Postgres {
        return work.await.map(Some);
    }
    let txn = db.begin().await?;
    if !crate::db::job_locks::try_advisory_xact_lock(&txn, job.key()).await? {
        txn.rollback().await?;
        return Ok(None);
    }
    let result = work.await;
    // Ending the transaction releases the lock.
    txn.commit().await?;
    result.map(Some)
}
