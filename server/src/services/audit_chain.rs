//! The audit log's hash chain (DESIGN.md §6: tamper-evident).
//!
//! Entries are appended without a hash, so writing one costs a plain insert on the hot path
//! (report submission) and needs no lock shared by every request. A sealer, running every
//! second in each server process, gives unsealed entries, oldest first, the next position
//! (`seq`) and `hash = SHA-256(seq, prev_hash, the entry's fields)`, under a lock so two
//! processes never seal at once. `mimamori audit verify` walks the chain: an edited entry no
//! longer matches its hash, a deleted one breaks the link and leaves a gap in `seq`.
//!
//! What this cannot show: an entry changed in the second before it was sealed, or the newest
//! entries removed together with everything after them (the chain's end looks like any end).
//! docs/security.md says how to anchor the head elsewhere.

use crate::db;
use crate::entities::audit_log;
use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, TransactionTrait};
use sha2::{Digest, Sha256};

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
const BATCH: u64 = 500;

/// Seals every unsealed entry; returns how many it sealed.
pub async fn seal_pending(db: &DatabaseConnection) -> Result<u64, DbErr> {
    let mut sealed = 0;
    loop {
        let txn = db.begin().await?;
        db::audit::lock_for_sealing(&txn).await?;
        let head = db::audit::chain_head(&txn).await?;
        let (mut seq, mut prev) = head.map_or((0, GENESIS.to_owned()), |h| {
            (h.seq.unwrap_or(0), h.hash.unwrap_or_default())
        });
        let batch = db::audit::unsealed(&txn, BATCH).await?;
        if batch.is_empty() {
            txn.commit().await?;
            return Ok(sealed);
        }
        let mut seals = Vec::with_capacity(batch.len());
        for entry in &batch {
            seq += 1;
            let hash = entry_hash(entry, seq, &prev);
            seals.push(db::audit::Seal {
                id: entry.id,
                seq,
                prev_hash: std::mem::replace(&mut prev, hash.clone()),
                hash,
            });
        }
        // Under the sealer's lock nothing else seals; should an entry have been sealed all the
        // same, the batch is rolled back (dropping `txn`) rather than leave a gap in the chain.
        let written = db::audit::seal(&txn, &seals).await?;
        if written != seals.len() as u64 {
            return Err(DbErr::Custom(format!(
                "sealed {written} of {} audit entries; rolled back",
                seals.len()
            )));
        }
        sealed += written;
        txn.commit().await?;
    }
}

/// The hash of an entry at chain position `seq` after `prev_hash`.
pub fn entry_hash(entry: &audit_log::Model, seq: i64, prev_hash: &str) -> String {
    // Fields are separated by the ASCII unit separator and an absent value is written as NUL,
    // so no two different entries give the same text.
    let optional = |v: Option<String>| v.unwrap_or_else(|| "\0".to_owned());
    let text = [
        seq.to_string(),
        prev_hash.to_owned(),
        entry.id.to_string(),
        timestamp(entry.at),
        entry.actor_kind.clone(),
        optional(entry.actor_id.map(|v| v.to_string())),
        optional(entry.role.clone()),
        optional(entry.organisation_id.map(|v| v.to_string())),
        entry.action.clone(),
        optional(entry.case_id.map(|v| v.to_string())),
        optional(entry.client_addr.clone()),
        optional(entry.detail.clone()),
    ]
    .join("\u{1f}");
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// A place where the chain does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    /// Id of the entry where the break shows.
    pub id: i64,
    /// Its chain position.
    pub seq: i64,
    /// What is wrong, in words for the operator.
    pub problem: String,
}

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// Sealed entries checked.
    pub checked: u64,
    /// The chain's last hash (to note down elsewhere and compare later).
    pub head_hash: String,
    /// Where the chain breaks; empty when intact.
    pub breaks: Vec<Break>,
    /// Entries older than a minute that are not sealed yet (the sealer is stopped or behind).
    pub stale_unsealed: u64,
}

impl Verification {
    /// Whether the log is intact.
    pub fn is_intact(&self) -> bool {
        self.breaks.is_empty()
    }
}

/// Walks the whole chain and recomputes every hash.
pub async fn verify(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Verification, DbErr> {
    let mut checked = 0;
    let mut breaks = Vec::new();
    let mut expected_seq = 1;
    let mut prev = GENESIS.to_owned();
    loop {
        let page = db::audit::sealed_after(db, expected_seq - 1, 5_000).await?;
        if page.is_empty() {
            break;
        }
        for entry in page {
            let seq = entry.seq.unwrap_or_default();
            if seq != expected_seq {
                breaks.push(Break {
                    id: entry.id,
                    seq,
                    problem: format!(
                        "entries at positions {expected_seq}..{} are missing (deleted?)",
                        seq - 1
                    ),
                });
            }
            if entry.prev_hash.as_deref() != Some(prev.as_str()) {
                breaks.push(Break {
                    id: entry.id,
                    seq,
                    problem: "does not link to the entry before it (an entry was deleted or \
                              its hash rewritten)"
                        .to_owned(),
                });
            }
            let recomputed = entry_hash(&entry, seq, entry.prev_hash.as_deref().unwrap_or(""));
            if entry.hash.as_deref() != Some(recomputed.as_str()) {
                breaks.push(Break {
                    id: entry.id,
                    seq,
                    problem: "its content does not match its hash (edited)".to_owned(),
                });
            }
            prev = entry.hash.unwrap_or_default();
            expected_seq = seq + 1;
            checked += 1;
        }
    }
    let stale_unsealed =
        db::audit::count_unsealed_before(db, now - chrono::Duration::minutes(1)).await?;
    Ok(Verification {
        checked,
        head_hash: prev,
        breaks,
        stale_unsealed,
    })
}

/// Seals pending entries every second until the process ends. Errors are logged and retried:
/// an unsealed entry is still stored, only not yet chained.
pub async fn run_sealer(db: DatabaseConnection) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match seal_pending(&db).await {
            Ok(0) => {}
            Ok(count) => tracing::debug!(count, "audit entries sealed"),
            Err(error) => tracing::warn!(%error, "sealing the audit log failed; will retry"),
        }
    }
}
