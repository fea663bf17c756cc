//! The audit log's hash chain, which makes the log tamper-evident (docs/audit.md, "Hash chain").
//!
//! Entries are appended without a hash, so writing one costs a plain insert on the hot path
//! (report submission) and needs no lock shared by every request. A sealer, running every
//! second in each server process, gives unsealed entries, oldest first, the next position
//! (`seq`) and `hash = HMAC-SHA256(audit key, seq, prev_hash, the entry's fields)`, under a lock
//! so two processes never seal at once. The audit key is in the key file, never in the database,
//! so whoever can write the database cannot rebuild the chain after editing it. `mimamori audit
//! verify` walks the chain: an edited entry no longer matches its hash, a deleted one breaks the
//! link and leaves a gap in `seq`.
//!
//! The newest entries removed together with everything after them leave a chain that looks like
//! any end. Against that, `mimamori audit head` prints a [`SignedHead`] (position, hash, time,
//! signed with the audit key) to keep outside the database, and `audit verify --head FILE`
//! checks the chain still reaches it. What this cannot show: an entry changed in the second
//! before it was sealed.

use crate::db;
use crate::entities::audit_log;
use crate::keys::Keyring;
use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, TransactionTrait};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
const BATCH: u64 = 500;

/// Seals every unsealed entry; returns how many it sealed.
pub async fn seal_pending(db: &DatabaseConnection, keys: &Keyring) -> Result<u64, DbErr> {
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
            let hash = entry_hash(keys, entry, seq, &prev);
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

/// The keyed hash of an entry at chain position `seq` after `prev_hash`.
pub fn entry_hash(keys: &Keyring, entry: &audit_log::Model, seq: i64, prev_hash: &str) -> String {
    keys.audit_mac(entry_text(entry, seq, prev_hash).as_bytes())
}

/// The unkeyed hash chains were sealed with before the audit key existed: read once, when
/// [`rekey`] checks such a chain before sealing it again with the key.
pub fn legacy_entry_hash(entry: &audit_log::Model, seq: i64, prev_hash: &str) -> String {
    hex::encode(Sha256::digest(entry_text(entry, seq, prev_hash).as_bytes()))
}

/// What an entry's hash covers.
fn entry_text(entry: &audit_log::Model, seq: i64, prev_hash: &str) -> String {
    // Fields are separated by the ASCII unit separator and an absent value is written as NUL,
    // so no two different entries give the same text.
    let optional = |v: Option<String>| v.unwrap_or_else(|| "\0".to_owned());
    [
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
    .join("\u{1f}")
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
pub async fn verify(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    now: DateTime<Utc>,
) -> Result<Verification, DbErr> {
    walk(db, now, |entry, seq, prev| {
        entry_hash(keys, entry, seq, prev)
    })
    .await
}

/// Walks the chain with `hash` as the way entries are hashed.
async fn walk(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    hash: impl Fn(&audit_log::Model, i64, &str) -> String,
) -> Result<Verification, DbErr> {
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
            let recomputed = hash(&entry, seq, entry.prev_hash.as_deref().unwrap_or(""));
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
///
/// The same loop reads the data keys again every `key_rotation::REFRESH_EVERY`, so a key made
/// by `mimamori keys rotate` seals this process's new values soon after.
pub async fn run_sealer(db: DatabaseConnection, keys: Arc<Keyring>) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut refreshed = tokio::time::Instant::now();
    loop {
        tick.tick().await;
        if refreshed.elapsed() >= crate::services::key_rotation::REFRESH_EVERY {
            refreshed = tokio::time::Instant::now();
            if let Err(error) = keys.refresh(&db).await {
                tracing::warn!(%error, "reading the data keys again failed; will retry");
            }
        }
        match seal_pending(&db, &keys).await {
            Ok(0) => {}
            Ok(count) => tracing::debug!(count, "audit entries sealed"),
            Err(error) => tracing::warn!(%error, "sealing the audit log failed; will retry"),
        }
    }
}

/// The chain's head as `mimamori audit head` prints it: kept outside the database (with the
/// backups, in an e-mail to the prefecture), it lets `audit verify --head` show that no newest
/// entries were removed since. The signature (HMAC with the audit key) keeps anyone without the
/// key file from writing a head of their own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedHead {
    /// The newest sealed entry's position (0 for an empty chain).
    pub seq: i64,
    /// Its hash ([`GENESIS`] for an empty chain).
    pub hash: String,
    /// When the head was read.
    pub at: DateTime<Utc>,
    /// HMAC-SHA256 of the three under the audit key, hex.
    pub signature: String,
}

impl SignedHead {
    fn signature(keys: &Keyring, seq: i64, hash: &str, at: DateTime<Utc>) -> String {
        keys.audit_mac(
            format!(
                "mimamori audit head\u{1f}{seq}\u{1f}{hash}\u{1f}{}",
                timestamp(at)
            )
            .as_bytes(),
        )
    }

    /// Whether the signature was made with this key file's audit key over these fields.
    pub fn is_genuine(&self, keys: &Keyring) -> bool {
        Self::signature(keys, self.seq, &self.hash, self.at) == self.signature
    }
}

/// Seals what is pending, then signs the chain's head.
pub async fn signed_head(
    db: &DatabaseConnection,
    keys: &Keyring,
    now: DateTime<Utc>,
) -> Result<SignedHead, DbErr> {
    seal_pending(db, keys).await?;
    let head = db::audit::chain_head(db).await?;
    let seq = head.as_ref().and_then(|h| h.seq).unwrap_or(0);
    let hash = head
        .and_then(|h| h.hash)
        .unwrap_or_else(|| GENESIS.to_owned());
    Ok(SignedHead {
        signature: SignedHead::signature(keys, seq, &hash, now),
        seq,
        hash,
        at: now,
    })
}

/// Whether the chain still holds the entry a signed head names, with that hash: a problem in
/// words when not (the head is forged, or entries up to it were removed or rewritten).
pub async fn check_head(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    head: &SignedHead,
) -> Result<Option<String>, DbErr> {
    if !head.is_genuine(keys) {
        return Ok(Some(
            "the head's signature does not verify with this key file's audit key: it was \
             edited, or written for another deployment"
                .to_owned(),
        ));
    }
    if head.seq == 0 {
        return Ok(None);
    }
    let at_head = db::audit::sealed_after(db, head.seq - 1, 1).await?;
    let entry = at_head.first().filter(|e| e.seq == Some(head.seq));
    Ok(match entry {
        None => Some(format!(
            "the chain ends before position {} recorded at {}: its newest entries were removed",
            head.seq,
            timestamp(head.at)
        )),
        Some(entry) if entry.hash.as_deref() != Some(head.hash.as_str()) => Some(format!(
            "the entry at position {} no longer has the hash recorded at {}: the chain was \
             rewritten",
            head.seq,
            timestamp(head.at)
        )),
        Some(_) => None,
    })
}

/// What [`rekey`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rekeyed {
    /// Entries sealed again with the key.
    pub entries: u64,
    /// Breaks the unkeyed chain had before (recorded in the log; see [`rekey`]).
    pub legacy_breaks: usize,
}

/// Seals a chain made before the audit key existed (unkeyed SHA-256) again with the key, in
/// place, inside the caller's transaction. The unkeyed chain is checked first; its breaks cannot
/// be carried into a keyed chain, so their number and the first broken entry's id are written
/// into the log (action `system.audit_rekeyed`) for the record, and the operator is told.
pub async fn rekey(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    now: DateTime<Utc>,
) -> Result<Rekeyed, DbErr> {
    let legacy = walk(db, now, legacy_entry_hash).await?;
    let mut prev = GENESIS.to_owned();
    let mut entries = 0;
    let mut after = 0;
    loop {
        let page = db::audit::sealed_after(db, after, 5_000).await?;
        let Some(last) = page.last().and_then(|e| e.seq) else {
            break;
        };
        for entry in &page {
            let seq = entry.seq.unwrap_or_default();
            let hash = entry_hash(keys, entry, seq, &prev);
            db::audit::rehash(db, entry.id, &prev, &hash).await?;
            prev = hash;
            entries += 1;
        }
        after = last;
    }
    if entries > 0 {
        let detail = match legacy.breaks.first() {
            None => format!("entries:{entries}"),
            Some(first) => format!(
                "entries:{entries} legacy_breaks:{} first_break_id:{}",
                legacy.breaks.len(),
                first.id
            ),
        };
        crate::services::audit::system(db, ACTION_REKEYED, &detail, now).await?;
    }
    Ok(Rekeyed {
        entries,
        legacy_breaks: legacy.breaks.len(),
    })
}

/// Audit action of [`rekey`].
pub const ACTION_REKEYED: &str = "system.audit_rekeyed";
