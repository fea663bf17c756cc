//! `mimamori backup --to FILE` and `mimamori restore --from FILE` (docs/operations.md,
//! "Backup and restore").
//!
//! - SQLite: `VACUUM INTO`, a consistent copy taken while the server serves (one read
//!   transaction), restored by copying the file into place.
//! - PostgreSQL: `pg_dump --format=custom` (also one snapshot), restored with `pg_restore`; both
//!   must be on the PATH. The password travels in `PGPASSWORD`, never on a command line that
//!   `ps` shows.
//!
//! Beside every backup, `FILE.head` records the audit chain's head at the time (position and
//! hash, sealed just before the copy) with the row counts. Kept apart from the backup, it shows
//! that the restored audit log is the one that was backed up: the chain is verified again after
//! a restore and must reach the same head with the same hash.

use crate::config::Config;
use crate::entities::{audit_log, health_report, patient_case};
use crate::keys::Keyring;
use crate::services::{audit, audit_chain};
use anyhow::{Context, bail};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Audit actions of backup and restore (`detail` = the head's position).
pub mod action {
    /// `mimamori backup` copied the whole database.
    pub const BACKUP: &str = "host.backup";
    /// `mimamori restore` filled an empty database from a backup.
    pub const RESTORE: &str = "host.restore";
}

/// What `FILE.head` holds: the audit chain's head and the counts when the backup was taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupHead {
    /// `sqlite` or `postgres`.
    pub engine: String,
    /// When the copy was taken.
    pub taken_at: DateTime<Utc>,
    /// The last sealed audit entry's position in the chain (0 for none).
    pub audit_head_seq: i64,
    /// Its hash ([`audit_chain::GENESIS`] for none).
    pub audit_head_hash: String,
    /// Cases, reports and audit entries when the head was read (the copy may hold a few more
    /// written since).
    pub counts: Counts,
}

/// Row counts compared after a restore.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Cases.
    pub cases: u64,
    /// Reports (every version).
    pub reports: u64,
    /// Audit entries.
    pub audit_entries: u64,
}

/// Counts of `db`.
pub async fn counts(db: &impl ConnectionTrait) -> Result<Counts, sea_orm::DbErr> {
    Ok(Counts {
        cases: patient_case::Entity::find().count(db).await?,
        reports: health_report::Entity::find().count(db).await?,
        audit_entries: audit_log::Entity::find().count(db).await?,
    })
}

/// Where the head of `backup` is written.
pub fn head_path(backup: &Path) -> PathBuf {
    let mut name = backup.as_os_str().to_owned();
    name.push(".head");
    PathBuf::from(name)
}

/// Takes a consistent backup of the configured database into `to` (which must not exist) and
/// writes `to.head`. The server may go on serving meanwhile.
pub async fn backup(
    config: &Config,
    db: &DatabaseConnection,
    keys: &Keyring,
    to: &Path,
    now: DateTime<Utc>,
) -> anyhow::Result<BackupHead> {
    if to.exists() {
        bail!("{} exists already: a backup never overwrites", to.display());
    }
    audit::host(db, action::BACKUP, format!("file:{}", file_name(to)), now).await?;
    audit_chain::seal_pending(db, keys)
        .await
        .context("sealing the audit log")?;
    let head = crate::db::audit::chain_head(db).await?;
    let counts = counts(db).await?;
    let engine = if config.is_sqlite() {
        let path = to.to_str().context("the backup path is not UTF-8")?;
        crate::db::maintenance::sqlite_copy_into(db, path)
            .await
            .context("copying the SQLite database (VACUUM INTO)")?;
        "sqlite"
    } else {
        pg_tool(config, "pg_dump")?
            .args(["--format=custom", "--no-owner", "--no-privileges", "--file"])
            .arg(to)
            .run("pg_dump")
            .await?;
        "postgres"
    };
    make_private(to)?;
    let head = BackupHead {
        engine: engine.to_owned(),
        taken_at: now,
        audit_head_seq: head.as_ref().and_then(|h| h.seq).unwrap_or(0),
        audit_head_hash: head
            .and_then(|h| h.hash)
            .unwrap_or_else(|| audit_chain::GENESIS.to_owned()),
        counts,
    };
    let head_file = head_path(to);
    std::fs::write(&head_file, serde_json::to_string_pretty(&head)? + "\n")
        .with_context(|| format!("writing {}", head_file.display()))?;
    make_private(&head_file)?;
    Ok(head)
}

/// What a restore found.
#[derive(Debug, Clone)]
pub struct Restored {
    /// The head recorded with the backup, when `FILE.head` was there.
    pub head: Option<BackupHead>,
    /// The restored database's audit chain check.
    pub verification: audit_chain::Verification,
    /// Counts of the restored database.
    pub counts: Counts,
}

/// Restores `from` into the configured database, which must be empty, applies any newer
/// migrations, and checks the audit chain against `from.head`. Fails — leaving what was restored
/// for inspection — when the chain does not verify or does not reach the recorded head.
pub async fn restore(config: &Config, from: &Path, now: DateTime<Utc>) -> anyhow::Result<Restored> {
    let engine = engine_of(from)?;
    if engine
        != if config.is_sqlite() {
            "sqlite"
        } else {
            "postgres"
        }
    {
        bail!(
            "{} is a {engine} backup, but MIMAMORI_DATABASE_URL is not {engine}",
            from.display()
        );
    }
    let head = read_head(from)?;
    // The keys first: a restore the key file cannot open is refused before anything is copied.
    config.read_keys()?;
    if config.is_sqlite() {
        let target = config
            .sqlite_path()
            .context("MIMAMORI_DATABASE_URL names no SQLite file")?;
        if target.exists() && std::fs::metadata(&target)?.len() > 0 {
            bail!(
                "{} exists already: restore only into an empty database (move it away first)",
                target.display()
            );
        }
        let db = crate::startup::connect(config).await?;
        db.close().await.ok();
        let partial = target.with_extension("restoring");
        std::fs::copy(from, &partial).with_context(|| format!("copying {}", from.display()))?;
        make_private(&partial)?;
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", target.display()));
        }
        std::fs::rename(&partial, &target)?;
    } else {
        let db = crate::startup::connect(config).await?;
        let tables = crate::db::maintenance::postgres_table_count(&db).await?;
        db.close().await.ok();
        if tables > 0 {
            bail!(
                "the database in MIMAMORI_DATABASE_URL holds {tables} tables: restore only into \
                 an empty database (createdb a new one)"
            );
        }
        pg_tool(config, "pg_restore")?
            .args(["--no-owner", "--no-privileges", "--exit-on-error"])
            .arg(from)
            .run("pg_restore")
            .await?;
    }
    let crate::startup::Store { db, keys } = crate::startup::open_store(config, now).await?;
    let verification = audit_chain::verify(&db, &keys, now).await?;
    if !verification.is_intact() {
        bail!(
            "the restored audit log does not verify ({} problems): run `mimamori audit verify`",
            verification.breaks.len()
        );
    }
    if let Some(head) = &head {
        let at_head = crate::db::audit::sealed_after(&db, head.audit_head_seq - 1, 1).await?;
        let hash = at_head.first().and_then(|e| e.hash.clone());
        let matches = head.audit_head_seq == 0
            || (at_head.first().and_then(|e| e.seq) == Some(head.audit_head_seq)
                && hash.as_deref() == Some(head.audit_head_hash.as_str()));
        if !matches {
            bail!(
                "the restored audit log does not reach the head recorded with the backup \
                 (position {}, hash {}): the backup is not the one recorded",
                head.audit_head_seq,
                head.audit_head_hash
            );
        }
    }
    audit::host(
        &db,
        action::RESTORE,
        format!("file:{}", file_name(from)),
        now,
    )
    .await?;
    audit_chain::seal_pending(&db, &keys).await?;
    let counts = counts(&db).await?;
    db.close().await.ok();
    Ok(Restored {
        head,
        verification,
        counts,
    })
}

/// `sqlite` or `postgres`, from the file's first bytes.
fn engine_of(file: &Path) -> anyhow::Result<&'static str> {
    use std::io::Read as _;
    let mut start = [0_u8; 16];
    let read = std::fs::File::open(file)
        .with_context(|| format!("opening {}", file.display()))?
        .read(&mut start)?;
    match &start[..read] {
        bytes if bytes.starts_with(b"SQLite format 3\0") => Ok("sqlite"),
        bytes if bytes.starts_with(b"PGDMP") => Ok("postgres"),
        _ => bail!(
            "{} is neither a SQLite backup nor a pg_dump custom-format archive",
            file.display()
        ),
    }
}

fn read_head(backup: &Path) -> anyhow::Result<Option<BackupHead>> {
    let path = head_path(backup);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(
            serde_json::from_str(&text).with_context(|| format!("reading {}", path.display()))?,
        )),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error).with_context(|| format!("reading {}", path.display())),
    }
}

/// The file's name alone, for the audit log (no folders).
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A backup holds every patient's record: readable by its owner only.
fn make_private(path: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("making {} private", path.display()))?;
    }
    Ok(())
}

/// A PostgreSQL client tool with the connection in its environment: the URL without its
/// password as `--dbname`, the password in `PGPASSWORD`.
fn pg_tool(config: &Config, program: &str) -> anyhow::Result<PgTool> {
    let mut url = reqwest::Url::parse(config.database_url.expose_secret())
        .context("MIMAMORI_DATABASE_URL is not a valid URL")?;
    let password = url.password().map(str::to_owned);
    let _ = url.set_password(None);
    let mut command = tokio::process::Command::new(program);
    command.arg(format!("--dbname={url}"));
    if let Some(password) = password {
        command.env("PGPASSWORD", password);
    }
    Ok(PgTool(command))
}

struct PgTool(tokio::process::Command);

impl PgTool {
    fn args<I: IntoIterator<Item = S>, S: AsRef<std::ffi::OsStr>>(mut self, args: I) -> Self {
        self.0.args(args);
        self
    }

    fn arg(mut self, arg: impl AsRef<std::ffi::OsStr>) -> Self {
        self.0.arg(arg);
        self
    }

    async fn run(mut self, program: &str) -> anyhow::Result<()> {
        let output = self.0.output().await.with_context(|| {
            format!("running {program}: is the PostgreSQL client (postgresql-client) installed?")
        })?;
        if !output.status.success() {
            bail!(
                "{program} failed ({}): {}",
                output.status,
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        Ok(())
    }
}
