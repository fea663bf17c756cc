//! Shared state of the HTTP handlers.

use crate::clock::Clock;
use crate::config::Config;
use crate::db::report_batcher::ReportBatcher;
use crate::db::write_queue::WriteQueue;
use crate::keys::Keyring;
use crate::limits::Limiters;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Everything a handler needs; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// Database pool.
    pub db: DatabaseConnection,
    /// Configuration.
    pub config: Arc<Config>,
    /// Source of the current time.
    pub clock: Arc<dyn Clock>,
    /// Report writers' queue (SQLite only: one writer at a time).
    pub report_writes: WriteQueue,
    /// Report writes gathered into batches (PostgreSQL only).
    pub report_batcher: ReportBatcher,
    /// The keys that seal and open personal data (`crate::keys`).
    pub keys: Arc<Keyring>,
    /// The rate limits of this instance (`crate::limits`).
    pub limits: Arc<Limiters>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").finish_non_exhaustive()
    }
}
