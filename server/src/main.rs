//! `mimamori`: serve, migrate, demo.

use clap::Parser;

/// mimalloc instead of glibc's malloc: glibc keeps the argon2 blocks of password checks in
/// per-thread arenas, and a rush of sign-ins left the server at hundreds of MB.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = mimamori_server::cli::Cli::parse();
    mimamori_server::cli::run(cli).await
}
