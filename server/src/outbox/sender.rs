//! Claims due outbox rows and sends them (being written in this change).

use crate::clock::Clock;
use crate::config::Config;
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// What one drain did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DrainSummary {
    /// Delivered.
    pub sent: u64,
    /// Given up.
    pub failed: u64,
    /// Moot, not sent.
    pub skipped: u64,
    /// Failed for now, to be tried again later.
    pub retried: u64,
}

/// Sends outbox rows.
#[derive(Debug)]
pub struct Sender {
    db: DatabaseConnection,
}

impl Sender {
    /// A sender using the stored VAPID key and the configured mail transport.
    pub async fn new(
        db: DatabaseConnection,
        _config: &Config,
        _now: DateTime<Utc>,
    ) -> anyhow::Result<Self> {
        Ok(Self { db })
    }

    /// Claims and sends every row due at `now`, until none is left.
    pub async fn drain(&self, _now: DateTime<Utc>) -> anyhow::Result<DrainSummary> {
        let _ = &self.db;
        Ok(DrainSummary::default())
    }

    /// Drains every second until the process ends.
    pub async fn run(self, clock: Arc<dyn Clock>) {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(error) = self.drain(clock.now()).await {
                tracing::warn!(error = %format!("{error:#}"), "sending the outbox failed; will retry");
            }
        }
    }
}
