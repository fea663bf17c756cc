//! SQLite's report writers, queued in the process.
//!
//! SQLite lets one connection write at a time. A writer that finds the lock taken sleeps in its
//! busy handler in growing steps (up to 100 ms a sleep) and tries again, so under the morning rush
//! a few reports waited seconds while the lock stood free between sleeps (max 2.6 s). Waiting here
//! instead, in arrival order, hands the lock straight on (max 157 ms; docs/performance.md).
//! PostgreSQL locks rows, not the database: there is no queue.

use sea_orm::DbBackend;
use std::sync::Arc;
use tokio::sync::{Mutex, MutexGuard};

/// The queue of report writers for one database; cheap to clone.
#[derive(Debug, Clone)]
pub struct WriteQueue(Option<Arc<Mutex<()>>>);

impl WriteQueue {
    /// A queue for SQLite, none for any other backend.
    pub fn for_backend(backend: DbBackend) -> Self {
        match backend {
            DbBackend::Sqlite => Self(Some(Arc::new(Mutex::new(())))),
            _ => Self(None),
        }
    }

    /// Waits for this writer's turn (at once without a queue); the turn lasts as long as the
    /// guard. Writers that do not take a turn (the scheduler, staff screens) still wait in
    /// SQLite's busy handler, as before.
    pub async fn turn(&self) -> Option<MutexGuard<'_, ()>> {
        match &self.0 {
            Some(queue) => Some(queue.lock().await),
            None => None,
        }
    }
}
