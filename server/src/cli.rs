//! The command line: `mimamori serve | migrate | demo`.

use crate::config::Config;
use crate::{demo, startup, telemetry};
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
    Demo,
}

/// Runs a parsed command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::load(cli.config.as_deref())?;
    telemetry::init(&config);
    match cli.command {
        Command::Serve => {
            let app = startup::Application::build(config).await?;
            app.run_until_stopped().await
        }
        Command::Migrate => {
            startup::connect_and_migrate(&config).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Demo => {
            let db = startup::connect_and_migrate(&config).await?;
            let report = demo::create(&db, &crate::clock::SystemClock, &config).await?;
            print!("{report}");
            Ok(())
        }
    }
}
