//! `mimamori demo --cases N --accounts-file PATH`: patient sign-ins for the generated cases, so a
//! load generator can sign them in over HTTP like phones do. Each case gets an account as if its
//! invitation had been redeemed, and `PATH` receives one `case number<TAB>password` line per
//! case.
//!
//! All accounts of one run share one random password, hashed once: argon2id at the OWASP
//! parameters takes tens of milliseconds a hash, so thousands of hashes would make the demo
//! slow without making the load any more real (the server still verifies each sign-in in full).

use crate::auth::{password, token};
use crate::db;
use crate::demo::cases::Generated;
use anyhow::Context;
use chrono::{DateTime, Utc};
use mimamori_shared::i18n::Lang;
use sea_orm::{DatabaseConnection, TransactionTrait};
use std::fmt::Write as _;
use std::path::Path;

/// Accounts created per transaction.
const ACCOUNTS_PER_CHUNK: u64 = 500;

/// Gives every case of `generated` a patient account and writes their sign-ins to `path`
/// (created or replaced, readable by its owner only). Returns what to print.
pub async fn enrol(
    db: &DatabaseConnection,
    generated: &Generated,
    path: &Path,
    now: DateTime<Utc>,
) -> anyhow::Result<String> {
    let started = std::time::Instant::now();
    let secret = token::generate();
    let password_hash = password::hash(secret.clone()).await?;
    let last = generated.first + u64::from(generated.count);
    let mut lines = String::new();
    let mut first = generated.first;
    while first < last {
        let end = (first + ACCOUNTS_PER_CHUNK).min(last);
        let txn = db.begin().await?;
        for n in first..end {
            let number = crate::demo::cases::case_number(n);
            let case = db::cases::find_by_number(&txn, &number)
                .await?
                .with_context(|| format!("generated case {number} not found"))?;
            db::patients::insert_account(&txn, case.id, password_hash.clone(), Lang::Ja, now)
                .await?;
            writeln!(lines, "{number}\t{secret}")?;
        }
        txn.commit().await?;
        first = end;
    }
    write_private(path, &lines)?;
    Ok(format!(
        "Enrolled {} generated cases (patient sign-ins in {}) in {:.1} s.\n",
        generated.count,
        path.display(),
        started.elapsed().as_secs_f64()
    ))
}

/// Writes a file only its owner can read: it holds passwords.
fn write_private(path: &Path, contents: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    file.write_all(contents.as_bytes())
        .with_context(|| format!("writing {}", path.display()))
}
