//! `mimamori check-config`, and the same checks when `serve` starts: settings fit for a laptop
//! but not for serving patients. In production ([`Config::is_production`]) each one stops the
//! server with a message naming the setting; on a laptop (loopback, not `MIMAMORI_ENV=production`)
//! they are reported and everything keeps working.

use crate::config::Config;
use crate::entities::staff_user;
use mimamori_shared::api::auth::StaffRole;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter};
use secrecy::ExposeSecret;
use std::fmt;
use std::path::Path;

/// One unsafe setting: which one, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The setting as the operator writes it (`MIMAMORI_PUBLIC_URL`, the config file, …).
    pub setting: &'static str,
    /// What is wrong and what to do, without secrets.
    pub problem: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.setting, self.problem)
    }
}

/// What the checks found, and whether it stops the server.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Whether the configuration is a production one.
    pub production: bool,
    /// Everything unsafe, in the order checked.
    pub findings: Vec<Finding>,
}

impl Outcome {
    /// Whether the server may start: anything goes on a laptop, nothing unsafe in production.
    pub fn may_start(&self) -> bool {
        !self.production || self.findings.is_empty()
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mode = if self.production {
            "production (MIMAMORI_ENV=production or a bind address other machines can reach)"
        } else {
            "laptop (loopback bind, not MIMAMORI_ENV=production)"
        };
        writeln!(f, "mode: {mode}")?;
        if self.findings.is_empty() {
            return writeln!(f, "configuration ok");
        }
        let verdict = if self.production {
            "refused: the server will not start until these are fixed"
        } else {
            "fine on a laptop; production would refuse"
        };
        writeln!(f, "{} unsafe setting(s), {verdict}:", self.findings.len())?;
        for finding in &self.findings {
            writeln!(f, "  - {finding}")?;
        }
        Ok(())
    }
}

/// Checks that need no database: URLs and file modes. Run before connecting, so a production
/// server with a plaintext database connection never opens it.
pub fn check_settings(config: &Config) -> Vec<Finding> {
    let mut findings = Vec::new();
    if !config.public_url.starts_with("https://") {
        let problem = if config.tls_cert.is_some() {
            format!(
                "{:?} is not https, though this server serves TLS (MIMAMORI_TLS_CERT): the \
                 links in invitations and e-mails would lead patients to a plain-http address \
                 (give the https URL people reach)",
                config.public_url
            )
        } else {
            format!(
                "{:?} is not https: patients' and staff's passwords and records would cross the \
                 network in clear (set MIMAMORI_TLS_CERT and MIMAMORI_TLS_KEY, or serve behind \
                 a TLS-terminating proxy, and give the https URL)",
                config.public_url
            )
        };
        findings.push(Finding {
            setting: "MIMAMORI_PUBLIC_URL",
            problem,
        });
    }
    match config.tls() {
        Err(half) => findings.push(Finding {
            setting: "MIMAMORI_TLS_CERT",
            problem: half.to_string(),
        }),
        Ok(Some(files)) => {
            for (setting, path) in [
                ("MIMAMORI_TLS_CERT", &files.cert),
                ("MIMAMORI_TLS_KEY", &files.key),
            ] {
                if std::fs::File::open(path).is_err() {
                    findings.push(Finding {
                        setting,
                        problem: format!(
                            "{} does not exist or this user cannot read it",
                            path.display()
                        ),
                    });
                }
            }
        }
        Ok(None) => {}
    }
    if let Some(key) = &config.tls_key {
        findings.extend(readable_by_others(
            "MIMAMORI_TLS_KEY",
            key,
            "the TLS private key",
            "chmod 600",
        ));
    }
    if config.keys.is_none() {
        findings.extend(readable_by_others(
            "MIMAMORI_KEY_FILE",
            &config.key_file,
            "the key file (every patient's data opens with it)",
            "chmod 600",
        ));
    }
    findings.extend(database_transport(config));
    if let Some(folder) = config
        .sqlite_path()
        .and_then(|path| path.parent().map(Path::to_path_buf))
    {
        let folder = if folder.as_os_str().is_empty() {
            std::path::PathBuf::from(".")
        } else {
            folder
        };
        findings.extend(readable_by_others(
            "MIMAMORI_DATABASE_URL",
            &folder,
            "the database's folder",
            "chmod 700",
        ));
    }
    if config.smtp_url.is_none() {
        findings.extend(readable_by_others(
            "MIMAMORI_MAIL_OUTBOX_DIR",
            &config.mail_outbox_dir,
            "the mail outbox folder",
            "chmod 700",
        ));
    }
    if config.limits.push_allow_local {
        findings.push(Finding {
            setting: "MIMAMORI_PUSH_ALLOW_LOCAL",
            problem: "is set: any patient's sign-in could make the server send requests to \
                      addresses inside this network (unset it; it is for tests and a local \
                      push receiver)"
                .to_owned(),
        });
    }
    if let Some(file) = &config.config_file {
        findings.extend(readable_by_others(
            "MIMAMORI_CONFIG",
            file,
            "the configuration file",
            "chmod 640",
        ));
    }
    findings
}

/// A PostgreSQL server on another host must be reached over TLS with its certificate and
/// name checked: `sslmode=prefer` (the default) falls back to plaintext without a word.
fn database_transport(config: &Config) -> Option<Finding> {
    let url = config.database_url.expose_secret();
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return None;
    }
    let Ok(parsed) = reqwest::Url::parse(url) else {
        return Some(Finding {
            setting: "MIMAMORI_DATABASE_URL",
            problem: "is not a valid PostgreSQL URL".to_owned(),
        });
    };
    let host = parsed.host_str().unwrap_or("").trim_matches(['[', ']']);
    let local = host.is_empty()
        || host == "localhost"
        || host.starts_with('/')
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if local {
        return None;
    }
    let mode = parsed
        .query_pairs()
        .find(|(key, _)| key == "sslmode" || key == "ssl-mode")
        .map(|(_, value)| value.into_owned());
    if mode.as_deref() == Some("verify-full") {
        return None;
    }
    Some(Finding {
        setting: "MIMAMORI_DATABASE_URL",
        problem: format!(
            "PostgreSQL on {host} with sslmode={}: a server on another host needs \
             `sslmode=verify-full` (and `sslrootcert=` for a private CA), or records and \
             passwords may cross the network in clear or to an impostor",
            mode.as_deref().unwrap_or("prefer (the default)")
        ),
    })
}

/// A finding when `path` exists and others (not owner, not group) may read or enter it.
fn readable_by_others(
    setting: &'static str,
    path: &Path,
    what: &str,
    fix: &str,
) -> Option<Finding> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
        (mode & 0o007 != 0).then(|| Finding {
            setting,
            problem: format!(
                "{what} {} is open to every user of this machine (mode {mode:04o}): \
                 `{fix} {}`",
                path.display(),
                path.display()
            ),
        })
    }
    #[cfg(not(unix))]
    {
        let _ = (setting, path, what, fix);
        None
    }
}

/// The refusal a production configuration gets before any connection is opened (so a server
/// with a plaintext database URL never connects); `None` when connecting is fine.
pub fn refused_before_connecting(config: &Config) -> Option<Outcome> {
    let findings = check_settings(config);
    (config.is_production() && !findings.is_empty()).then_some(Outcome {
        production: true,
        findings,
    })
}

/// Checks of what the database holds: no demo deployment, at least one administrator.
pub async fn check_database(db: &impl ConnectionTrait) -> Result<Vec<Finding>, DbErr> {
    let mut findings = Vec::new();
    if crate::demo::is_present(db).await? {
        findings.push(Finding {
            setting: "MIMAMORI_DATABASE_URL",
            problem: "the database holds the demo deployment (`mimamori demo`), whose \
                      passwords are printed on screens: serve patients from a database made \
                      by `mimamori init`"
                .to_owned(),
        });
    }
    let admins = staff_user::Entity::find()
        .filter(staff_user::Column::Role.eq(StaffRole::Admin))
        .filter(staff_user::Column::Active.eq(true))
        .count(db)
        .await?;
    if admins == 0 {
        findings.push(Finding {
            setting: "MIMAMORI_DATABASE_URL",
            problem: "no active administrator: nobody could create organisations or staff \
                      (run `mimamori init` on a new database, or `mimamori admin create`)"
                .to_owned(),
        });
    }
    Ok(findings)
}

/// Every check: the settings, then the database's contents.
pub async fn check(config: &Config, db: &impl ConnectionTrait) -> Result<Outcome, DbErr> {
    let mut findings = check_settings(config);
    findings.extend(check_database(db).await?);
    Ok(Outcome {
        production: config.is_production(),
        findings,
    })
}

/// Stops a production start with the settings named; on a laptop, logs what production would
/// refuse.
pub fn enforce(outcome: &Outcome) -> anyhow::Result<()> {
    if outcome.may_start() {
        for finding in &outcome.findings {
            tracing::info!(setting = finding.setting, problem = %finding.problem,
                "fine on a laptop, refused in production");
        }
        return Ok(());
    }
    anyhow::bail!("{outcome}")
}
