//! Shared state of the HTTP handlers.

use crate::clock::Clock;
use crate::config::Config;
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
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").finish_non_exhaustive()
    }
}
