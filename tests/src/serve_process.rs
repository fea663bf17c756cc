//! The real `mimamori serve` as a child process on a test's database: for what only separate
//! processes show (a SIGKILL mid-write, two instances sharing one PostgreSQL).

use crate::TestApp;
use crate::tls_certs::TestCertificates;
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

/// Runs `mimamori ARGS` as an operator would on `app`'s database with its key file; answers
/// whether it succeeded and everything it printed (stdout, then stderr).
pub async fn run_command(app: &crate::TestApp, args: &[&str]) -> anyhow::Result<(bool, String)> {
    let output = tokio::process::Command::new(mimamori_binary())
        .args(args)
        .env("MIMAMORI_DATABASE_URL", &app.database_url)
        .env("MIMAMORI_KEY_FILE", &app.key_file)
        .env("RUST_LOG", "warn")
        .output()
        .await?;
    Ok((
        output.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    ))
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
        Self::start_with(app, port, scheduler, None).await
    }

    /// Starts it serving TLS with `certificates` (at `https://localhost:PORT`).
    pub async fn start_tls(
        app: &TestApp,
        port: u16,
        certificates: &TestCertificates,
    ) -> anyhow::Result<Self> {
        Self::start_with(app, port, false, Some(certificates)).await
    }

    async fn start_with(
        app: &TestApp,
        port: u16,
        scheduler: bool,
        tls: Option<&TestCertificates>,
    ) -> anyhow::Result<Self> {
        let base_url = match tls {
            Some(_) => format!("https://localhost:{port}"),
            None => format!("http://127.0.0.1:{port}"),
        };
        let mut command = Command::new(mimamori_binary());
        command
            .arg("serve")
            .env("MIMAMORI_DATABASE_URL", &app.database_url)
            .env("MIMAMORI_KEY_FILE", &app.key_file)
            .env("MIMAMORI_BIND", format!("127.0.0.1:{port}"))
            // Several processes at once: each its own metrics port.
            .env("MIMAMORI_METRICS_ADDR", "127.0.0.1:0")
            .env("MIMAMORI_PUBLIC_URL", &base_url)
            .env("MIMAMORI_MAIL_OUTBOX_DIR", &app.outbox_dir)
            .env("MIMAMORI_SCHEDULER", scheduler.to_string())
            .env("MIMAMORI_LOG_FORMAT", "json")
            // As `crate::test_limits`: rates the tests' bursts from one address never reach,
            // and the local push receiver allowed.
            .env("MIMAMORI_RATE_API", "1000000/s")
            .env("MIMAMORI_RATE_SIGN_IN", "1000000/s")
            .env("MIMAMORI_RATE_REPORTS", "1000000/s")
            .env("MIMAMORI_RATE_MESSAGES", "1000000/s")
            .env("MIMAMORI_PUSH_ALLOW_LOCAL", "true")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .kill_on_drop(true);
        // The log, to say why a server that never became ready stopped.
        let log = std::env::temp_dir().join(format!(
            "mimamori-serve-{}.log",
            uuid::Uuid::new_v4().simple()
        ));
        command.stderr(std::fs::File::create(&log)?);
        let client = match tls {
            Some(certificates) => {
                command
                    .env("MIMAMORI_TLS_CERT", &certificates.files.cert)
                    .env("MIMAMORI_TLS_KEY", &certificates.files.key);
                certificates.client()?
            }
            None => reqwest::Client::new(),
        };
        let mut child = command.spawn()?;
        let ready = format!("{base_url}/readyz");
        let outcome = async {
            for _ in 0..300 {
                if let Some(status) = child.try_wait()? {
                    anyhow::bail!(
                        "mimamori serve exited with {status}: {}",
                        std::fs::read_to_string(&log).unwrap_or_default()
                    );
                }
                if client
                    .get(&ready)
                    .send()
                    .await
                    .is_ok_and(|r| r.status().is_success())
                    // Ready, and it is this process that answered (not another test's server
                    // that took the port first).
                    && child.try_wait()?.is_none()
                {
                    return Ok(());
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            anyhow::bail!("mimamori serve did not become ready on port {port}")
        }
        .await;
        std::fs::remove_file(&log).ok();
        outcome.map(|()| Self { child, base_url })
    }

    /// The full URL of `path` on this instance.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Kills the process at once (SIGKILL): nothing is finished or sealed.
    pub async fn kill(&mut self) -> anyhow::Result<()> {
        Ok(self.child.kill().await?)
    }

    /// Sends SIGHUP (`systemctl reload`): the server reads its TLS certificate again.
    pub async fn hangup(&self) -> anyhow::Result<()> {
        self.signal("-HUP").await
    }

    async fn signal(&self, signal: &str) -> anyhow::Result<()> {
        let pid = self
            .child
            .id()
            .ok_or_else(|| anyhow::anyhow!("the process has already exited"))?;
        let signalled = Command::new("kill")
            .args([signal, &pid.to_string()])
            .status()
            .await?;
        anyhow::ensure!(signalled.success(), "kill {signal} {pid} failed");
        Ok(())
    }

    /// Stops the process as systemd does (SIGTERM) and waits for it to finish the requests in
    /// flight and seal the audit log; fails if it does not exit cleanly.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        self.signal("-TERM").await?;
        let status = tokio::time::timeout(Duration::from_secs(30), self.child.wait()).await??;
        anyhow::ensure!(status.success(), "mimamori serve exited with {status}");
        Ok(())
    }
}
