//! What every scheduled job is given ([`JobContext`]); its own module so that the jobs depend
//! on it and not on the scheduler that runs them.

use crate::config::Config;
use crate::keys::Keyring;
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// What a job gets: the database, the configuration, the keys and the moment it runs for.
#[derive(Debug, Clone)]
pub struct JobContext {
    /// Database pool.
    pub db: DatabaseConnection,
    /// Configuration (public URL for links, mail sender).
    pub config: Arc<Config>,
    /// The keys, for the notes jobs write in timelines.
    pub keys: Arc<Keyring>,
    /// The moment the tick runs for (from the injected clock).
    pub now: DateTime<Utc>,
}
