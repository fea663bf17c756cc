//! The command line: `mimamori serve | migrate | demo`.

use crate::config::Config;
use crate::{demo, demo_cases, startup, telemetry};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Mimamori (見守り): health follow-up of people recovering at home.
#[derive(Debug, Parser)]
#[command(name = "mimamori", version, about)]
pub struct Cli {
    /// Optional TOML configuration file; environment variables (`MIMAMORI_*`) override it.
    #[arg(long, global = true, env = "MIMAMORI_CONFIG")]
    pub config: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP server (API and both apps) until SIGINT or SIGTERM.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create a demo deployment (organisations, a doctor, patients with reports) and print how to
    /// sign in. Safe to run again: existing demo data is kept and the credentials are printed anew.
    Demo {
        /// Also add this many generated cases (about ten reports each) to the first follow-up
        /// organisation, for load tests and the work-list benchmark.
        #[arg(long, value_name = "N")]
        cases: Option<u32>,
    },
    /// Run the scheduler's jobs once and send what they enqueued, then exit: for operations
    /// and demos (`--at` moves the clock), and to show that two processes never send twice.
    Scheduler {
        /// What to do.
        #[command(subcommand)]
        command: SchedulerCommand,
    },
    /// Work with the audit log.
    Audit {
        /// What to do with it.
        #[command(subcommand)]
        command: AuditCommand,
    },
}

/// `mimamori audit …`.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the audit log's hash chain; exits with status 1 when an entry was edited or deleted.
    Verify,
}

/// `mimamori scheduler …`.
#[derive(Debug, Subcommand)]
pub enum SchedulerCommand {
    /// Run every job due at one moment, then send the outbox, and print what was done.
    Run {
        /// The moment to run for (RFC 3339, e.g. `2026-11-25T08:00:00+09:00`); default now.
        #[arg(long, value_name = "TIME")]
        at: Option<chrono::DateTime<chrono::FixedOffset>>,
    },
    /// Compile a health centre's implementation reports (実施報告) for a local date — a missed
    /// day, or to check a day — storing and e-mailing only those not made yet, and print them.
    Reports {
        /// The health centre's organisation id.
        #[arg(long, value_name = "ID")]
        centre: i64,
        /// The local date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        date: chrono::NaiveDate,
    },
}

/// Runs a parsed command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::load(cli.config.as_deref())?;
    telemetry::init(&config);
    match cli.command {
        Command::Audit {
            command: AuditCommand::Verify,
        } => {
            let db = startup::connect_and_migrate(&config).await?;
            let verification =
                crate::services::audit_chain::verify(&db, chrono::Utc::now()).await?;
            print!("{}", audit_report(&verification));
            if !verification.is_intact() {
                std::process::exit(1);
            }
            Ok(())
        }
        Command::Scheduler {
            command: SchedulerCommand::Run { at },
        } => {
            let now = at.map_or_else(chrono::Utc::now, |at| at.with_timezone(&chrono::Utc));
            let db = startup::connect_and_migrate(&config).await?;
            let config = std::sync::Arc::new(config);
            let jobs = crate::scheduler::run_due(&db, &config, now).await;
            let sender = crate::outbox::sender::Sender::new(db.clone(), &config, now).await?;
            let sent = sender.drain(now).await?;
            println!(
                "scheduler run at {now}: {} reminders, {} follow-ups ended, {} cut-off summaries, \
                 {} implementation reports; outbox: {} sent, {} failed, {} skipped, {} to retry",
                jobs.reminders,
                jobs.ended,
                jobs.cutoff_summaries,
                jobs.implementation_reports,
                sent.sent,
                sent.failed,
                sent.skipped,
                sent.retried
            );
            db.close().await.ok();
            Ok(())
        }
        Command::Scheduler {
            command: SchedulerCommand::Reports { centre, date },
        } => {
            use crate::services::implementation_reports as reports;
            let db = startup::connect_and_migrate(&config).await?;
            let now = chrono::Utc::now();
            let stored = reports::compile_and_store(&db, centre, date, now).await?;
            let counts = reports::compile_for_date(&db, centre, date)
                .await?
                .unwrap_or_default();
            println!("implementation reports of centre {centre} for {date}: {stored} newly stored");
            for ((_, org), c) in &counts {
                let entries: Vec<String> = c
                    .entries()
                    .iter()
                    .map(|(k, n)| format!("{k}={n}"))
                    .collect();
                println!("  organisation {org}: {}", entries.join(" "));
            }
            db.close().await.ok();
            Ok(())
        }
        Command::Serve => {
            let app = startup::Application::build(config).await?;
            app.run_until_stopped().await
        }
        Command::Migrate => {
            startup::connect_and_migrate(&config).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Demo { cases } => {
            let db = startup::connect_and_migrate(&config).await?;
            let report = demo::create(&db, &crate::clock::SystemClock, &config).await?;
            if let Some(count) = cases {
                let generated = demo_cases::add(&db, count, chrono::Utc::now()).await?;
                print!("{generated}");
            }
            print!("{report}");
            Ok(())
        }
    }
}

/// What `mimamori audit verify` prints.
fn audit_report(v: &crate::services::audit_chain::Verification) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    if v.is_intact() {
        let _ = writeln!(
            out,
            "audit log intact: {} entries checked, chain head {}",
            v.checked, v.head_hash
        );
    } else {
        let _ = writeln!(
            out,
            "AUDIT LOG TAMPERED: {} problem(s) in {} entries",
            v.breaks.len(),
            v.checked
        );
        for b in &v.breaks {
            let _ = writeln!(
                out,
                "  entry id {} (position {}): {}",
                b.id, b.seq, b.problem
            );
        }
    }
    if v.stale_unsealed > 0 {
        let _ = writeln!(
            out,
            "warning: {} entries older than a minute are not sealed yet (is a server running?)",
            v.stale_unsealed
        );
    }
    out
}
