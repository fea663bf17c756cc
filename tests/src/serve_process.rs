//! The real `mimamori serve` as a child process on a test's database: for what only separate
//! processes show (a SIGKILL mid-write, two instances sharing one PostgreSQL).

use crate::TestApp;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;
use tokio::process::{Child, Command};

/// The `mimamori` binary next to the test binary (`scripts/test.sh` builds it first).
pub fn mimamori_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    // target/debug/deps/api-HASH → target/debug/mimamori
    let binary = exe
        .parent()
        .and_then(std::path::Path::parent)
        .map(|debug| debug.join("mimamori"))
        .unwrap_or_default();
    assert!(
        binary.exists(),
        "{} is missing: build it with `cargo build -p mimamori-server --bin mimamori`",
        binary.display()
    );
    binary
}

/// A port free at the time of asking (the OS may hand it out again; tests start at once).
pub fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// A running `mimamori serve`; killed when dropped.
#[derive(Debug)]
pub struct ServeProcess {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
}

impl ServeProcess {
    /// Starts `mimamori serve` on `port` against `app`'s database and mail outbox, with its
    /// own scheduler and sender when `scheduler` is set, and waits until `/readyz` answers.
    pub async fn start(app: &TestApp, port: u16, scheduler: bool) -> anyhow::Result<Self> {
        let base_url = format!("http://127.0.0.1:{port}");
        let child = Command::new(mimamori_binary())
            .arg("serve")
            .env("MIMAMORI_DATABASE_URL", &app.database_url)
            .env("MIMAMORI_BIND", format!("127.0.0.1:{port}"))
            // Several processes at once: each its own metrics port.
            .env("MIMAMORI_METRICS_ADDR", "127.0.0.1:0")
            .env("MIMAMORI_PUBLIC_URL", &base_url)
            .env("MIMAMORI_MAIL_OUTBOX_DIR", &app.outbox_dir)
            .env("MIMAMORI_SCHEDULER", scheduler.to_string())
            .env("MIMAMORI_LOG_FORMAT", "json")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()?;
        let ready = format!("{base_url}/readyz");
        for _ in 0..300 {
            if reqwest::get(&ready)
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                return Ok(Self { child, base_url });
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        anyhow::bail!("mimamori serve did not become ready on port {port}")
    }

    /// The full URL of `path` on this instance.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Kills the process at once (SIGKILL): nothing is finished or sealed.
    pub async fn kill(&mut self) -> anyhow::Result<()> {
        Ok(self.child.kill().await?)
    }

    /// Stops the process as systemd does (SIGTERM) and waits for it to finish the requests in
    /// flight and seal the audit log; fails if it does not exit cleanly.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        let pid = self
            .child
            .id()
            .ok_or_else(|| anyhow::anyhow!("the process has already exited"))?;
        let signalled = Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .await?;
        anyhow::ensure!(signalled.success(), "kill -TERM {pid} failed");
        let status = tokio::time::timeout(Duration::from_secs(30), self.child.wait()).await??;
        anyhow::ensure!(status.success(), "mimamori serve exited with {status}");
        Ok(())
    }
}
