//! `mimamori`: serve, migrate, demo.

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = mimamori_server::cli::Cli::parse();
    mimamori_server::cli::run(cli).await
}
