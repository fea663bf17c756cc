//! The baseline: a bare axum endpoint that parses a JSON body and answers it back, on its own
//! multi-threaded runtime in its own process, as the real server runs. A separate process (the
//! same binary started again with `echo`) rather than a thread of the load generator: the two
//! then compete for the cores exactly as the generator and `mimamori serve` do, and neither
//! shares a runtime or an allocator with the client.

use anyhow::{Context, bail};
use axum::Json;
use axum::http::StatusCode;
use std::process::Stdio;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// The echo endpoint's path.
pub const PATH: &str = "/echo";

/// Serves the echo endpoint on 127.0.0.1 (a free port), printing `listening PORT` first.
pub async fn serve() -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    println!("listening {}", listener.local_addr()?.port());
    let router = axum::Router::new().route(
        PATH,
        axum::routing::post(|Json(body): Json<serde_json::Value>| async move {
            (StatusCode::CREATED, Json(body))
        }),
    );
    axum::serve(listener, router).await?;
    Ok(())
}

/// A running echo process; killed when dropped.
#[derive(Debug)]
pub struct EchoProcess {
    _child: Child,
    /// The endpoint's URL.
    pub url: String,
}

/// Starts this same executable as `<exe> echo` and waits for its port.
pub async fn spawn() -> anyhow::Result<EchoProcess> {
    let exe = std::env::current_exe().context("finding the load generator's executable")?;
    let mut child = Command::new(exe)
        .arg("echo")
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .context("starting the echo server")?;
    let stdout = child.stdout.take().context("echo server stdout")?;
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).await?;
    let Some(port) = line.trim().strip_prefix("listening ") else {
        bail!("the echo server said {line:?}");
    };
    Ok(EchoProcess {
        _child: child,
        url: format!("http://127.0.0.1:{port}{PATH}"),
    })
}
