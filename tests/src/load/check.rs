//! The durability check after a crash: reads the run's journal, counts in the database what was
//! stored under each key, resends every report that got no success answer (same key, same
//! body), and counts again. Nothing acknowledged may be missing, and no key may be stored twice
//! — before or after the resend.

use super::journal::Entry;
use super::patients::{self, Account};
use anyhow::Context;
use reqwest::header::{CONTENT_TYPE, COOKIE};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use std::collections::{BTreeMap, HashMap};

/// What to check against.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The restarted server.
    pub base_url: String,
    /// Its database.
    pub database_url: String,
    /// The accounts file of the run (to sign in again for the resends).
    pub accounts: std::path::PathBuf,
    /// How many acknowledged reports to resend too (each must answer 200 with the same id).
    pub acknowledged_sample: usize,
}

/// Counts of a check; [`Counts::passed`] says whether it passed.
#[derive(Debug, Default)]
pub struct Counts {
    /// Reports sent.
    pub sent: usize,
    /// Of those, acknowledged (2xx).
    pub acknowledged: usize,
    /// Acknowledged but not stored.
    pub lost: usize,
    /// Acknowledged with another id than the one stored.
    pub wrong_id: usize,
    /// Unacknowledged, yet stored (committed before the answer was lost).
    pub unacknowledged_stored: usize,
    /// Keys stored more than once (first count or after the resend).
    pub duplicated: usize,
    /// Resends by status.
    pub resent: BTreeMap<u16, usize>,
    /// Resends of unacknowledged reports that did not answer 200 or 201.
    pub resend_failed: usize,
    /// Resends of acknowledged reports that did not answer 200 with the same id.
    pub acknowledged_resend_wrong: usize,
    /// Keys not stored exactly once after the resend.
    pub not_exactly_once: usize,
    /// Reports the run stored, after the resend.
    pub stored: usize,
    /// `report.create` audit entries of the run's cases.
    pub audited: usize,
}

impl Counts {
    /// Zero lost, zero duplicated, every resend answered, everything stored once, and an audit
    /// entry for every stored report.
    pub fn passed(&self) -> bool {
        self.lost == 0
            && self.wrong_id == 0
            && self.duplicated == 0
            && self.resend_failed == 0
            && self.acknowledged_resend_wrong == 0
            && self.not_exactly_once == 0
            && self.audited >= self.stored
    }
}

/// Runs the check.
pub async fn run(entries: &[Entry], settings: &Settings) -> anyhow::Result<Counts> {
    let db = Database::connect(settings.database_url.as_str())
        .await
        .context("connecting to the database")?;
    let case_ids: Vec<i64> = {
        let mut ids: Vec<i64> = entries.iter().map(|e| e.case_id).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let mut counts = Counts {
        sent: entries.len(),
        acknowledged: entries.iter().filter(|e| e.acknowledged()).count(),
        ..Counts::default()
    };
    let before = stored(&db, &case_ids).await?;
    for entry in entries {
        let ids = before.get(&(entry.case_id, entry.key.clone()));
        let n = ids.map_or(0, Vec::len);
        if n > 1 {
            counts.duplicated += 1;
        }
        if entry.acknowledged() {
            if n == 0 {
                counts.lost += 1;
            } else if entry.report_id.is_some()
                && ids.and_then(|v| v.first()).copied() != entry.report_id
            {
                counts.wrong_id += 1;
            }
        } else if n > 0 {
            counts.unacknowledged_stored += 1;
        }
    }

    let unacknowledged: Vec<&Entry> = entries.iter().filter(|e| !e.acknowledged()).collect();
    let sample: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.acknowledged())
        .take(settings.acknowledged_sample)
        .collect();
    let cookies = sign_in_cases(&db, settings, unacknowledged.iter().chain(&sample)).await?;
    let client = reqwest::Client::new();
    for entry in &unacknowledged {
        let (status, _) = resend(&client, settings, &cookies, entry).await?;
        *counts.resent.entry(status).or_default() += 1;
        if status != 200 && status != 201 {
            counts.resend_failed += 1;
        }
    }
    for entry in &sample {
        let (status, id) = resend(&client, settings, &cookies, entry).await?;
        *counts.resent.entry(status).or_default() += 1;
        if status != 200 || id != entry.report_id {
            counts.acknowledged_resend_wrong += 1;
        }
    }

    let after = stored(&db, &case_ids).await?;
    for entry in entries {
        let n = after
            .get(&(entry.case_id, entry.key.clone()))
            .map_or(0, Vec::len);
        if n != 1 {
            counts.not_exactly_once += 1;
        }
        if n > 1
            && before
                .get(&(entry.case_id, entry.key.clone()))
                .map_or(0, Vec::len)
                <= 1
        {
            counts.duplicated += 1;
        }
        counts.stored += n.min(1);
    }
    counts.audited = audited(&db, &case_ids).await?;
    db.close().await.ok();
    Ok(counts)
}

/// Report ids stored per (case, key) for the cases.
async fn stored(
    db: &DatabaseConnection,
    case_ids: &[i64],
) -> anyhow::Result<HashMap<(i64, String), Vec<i64>>> {
    let sql = format!(
        "SELECT case_id, idempotency_key, id FROM health_report WHERE case_id IN ({}) ORDER BY id",
        id_list(case_ids)
    );
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?;
    let mut stored: HashMap<(i64, String), Vec<i64>> = HashMap::new();
    for row in rows {
        let case_id: i64 = row.try_get("", "case_id")?;
        let key: String = row.try_get("", "idempotency_key")?;
        let id: i64 = row.try_get("", "id")?;
        stored.entry((case_id, key)).or_default().push(id);
    }
    Ok(stored)
}

/// `report.create` audit entries of the cases.
async fn audited(db: &DatabaseConnection, case_ids: &[i64]) -> anyhow::Result<usize> {
    let sql = format!(
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'report.create' AND case_id IN ({})",
        id_list(case_ids)
    );
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?
        .context("no count")?;
    Ok(usize::try_from(row.try_get::<i64>("", "n")?)?)
}

/// Integers formatted by Rust, so nothing but digits and commas reaches the SQL text.
fn id_list(ids: &[i64]) -> String {
    if ids.is_empty() {
        return "NULL".to_owned();
    }
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// Signs in again the accounts of the entries' cases; returns their cookies by case id.
async fn sign_in_cases<'a>(
    db: &DatabaseConnection,
    settings: &Settings,
    entries: impl Iterator<Item = &'a &'a Entry>,
) -> anyhow::Result<HashMap<i64, String>> {
    let mut ids: Vec<i64> = entries.map(|e| e.case_id).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT case_number FROM patient_case WHERE id IN ({})",
        id_list(&ids)
    );
    let numbers: Vec<String> = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?
        .into_iter()
        .map(|row| row.try_get("", "case_number"))
        .collect::<Result<_, _>>()?;
    let accounts: Vec<Account> = patients::read_accounts(&settings.accounts, usize::MAX)?
        .into_iter()
        .filter(|a| numbers.contains(&a.case_number))
        .collect();
    let client = reqwest::Client::new();
    let signed_in = patients::sign_in_all(&client, &settings.base_url, &accounts, 4).await?;
    Ok(signed_in
        .into_iter()
        .map(|p| (p.case_id, p.cookie))
        .collect())
}

/// Sends an entry's body again; returns the status and the stored id.
async fn resend(
    client: &reqwest::Client,
    settings: &Settings,
    cookies: &HashMap<i64, String>,
    entry: &Entry,
) -> anyhow::Result<(u16, Option<i64>)> {
    let cookie = cookies
        .get(&entry.case_id)
        .with_context(|| format!("no sign-in for case {}", entry.case_id))?;
    let response = client
        .post(format!(
            "{}/api/patient/cases/{}/reports",
            settings.base_url, entry.case_id
        ))
        .header(CONTENT_TYPE, "application/json")
        .header(COOKIE, cookie)
        .body(entry.body.clone())
        .send()
        .await?;
    let status = response.status().as_u16();
    let bytes = response.bytes().await?;
    #[derive(serde::Deserialize)]
    struct Stored {
        id: i64,
    }
    let id = serde_json::from_slice::<Stored>(&bytes).ok().map(|s| s.id);
    Ok((status, id))
}
