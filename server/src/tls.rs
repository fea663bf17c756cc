//! TLS served by the server itself (`MIMAMORI_TLS_CERT` and `MIMAMORI_TLS_KEY`), for a
//! deployment without a TLS-terminating proxy in front. rustls through axum-server: TLS 1.2 and
//! 1.3 only (rustls implements nothing older), HTTP/2 and HTTP/1.1 by ALPN. The certificate and
//! key are read from PEM files at start and again on SIGHUP (`systemctl reload mimamori`, or a
//! certbot deploy hook), so a renewed certificate is taken up without dropping a connection; a
//! reload that fails keeps the certificate in use and says why in the log.

use anyhow::Context;
use axum_server::tls_rustls::RustlsConfig;
use std::path::PathBuf;

/// Where the certificate chain and the private key are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    /// PEM certificate chain, the server's certificate first (`MIMAMORI_TLS_CERT`).
    pub cert: PathBuf,
    /// PEM private key, PKCS#8, PKCS#1 or SEC1 (`MIMAMORI_TLS_KEY`).
    pub key: PathBuf,
}

/// Reads the certificate and key. The error names both files and what is wrong with them,
/// never the key's contents.
pub async fn load(files: &TlsFiles) -> anyhow::Result<RustlsConfig> {
    install_crypto_provider();
    RustlsConfig::from_pem_file(&files.cert, &files.key)
        .await
        .with_context(|| {
            format!(
                "reading the TLS certificate (MIMAMORI_TLS_CERT={}) and key \
                 (MIMAMORI_TLS_KEY={})",
                files.cert.display(),
                files.key.display()
            )
        })
}

/// rustls is built with two cryptography providers here (ring for reqwest, lettre and sqlx;
/// aws-lc-rs through another dependency's defaults), so the process must say which it uses.
fn install_crypto_provider() {
    // Err: one was installed already (a second server in the same test process).
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// SIGHUP, listened for (on other systems, never).
#[cfg(unix)]
pub type Hangups = tokio::signal::unix::Signal;
/// SIGHUP, listened for (on other systems, never).
#[cfg(not(unix))]
pub type Hangups = ();

/// Starts listening for SIGHUP, whose default action would end the process.
pub fn hangups() -> anyhow::Result<Hangups> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        signal(SignalKind::hangup()).context("listening for SIGHUP")
    }
    #[cfg(not(unix))]
    Ok(())
}

/// At every SIGHUP until the process ends, reads the certificate and key again when the server
/// serves TLS, and otherwise says there is nothing to reload.
pub async fn reload_on_sighup(mut hangups: Hangups, tls: Option<(RustlsConfig, TlsFiles)>) {
    #[cfg(unix)]
    while hangups.recv().await.is_some() {
        let Some((config, files)) = &tls else {
            tracing::info!("SIGHUP: nothing to reload (no MIMAMORI_TLS_CERT)");
            continue;
        };
        match config.reload_from_pem_file(&files.cert, &files.key).await {
            Ok(()) => tracing::info!(cert = %files.cert.display(), "TLS certificate reloaded"),
            Err(error) => tracing::error!(
                %error,
                cert = %files.cert.display(),
                "reloading the TLS certificate failed; the one loaded before stays in use"
            ),
        }
    }
    #[cfg(not(unix))]
    let _ = (hangups, tls);
}

/// How long the requests in flight may take to finish once a shutdown is asked for: less than
/// the unit's `TimeoutStopSec=30s`, so the audit log is sealed before systemd would kill.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(20);

/// Serves `service` over TLS on `listener` until `shutdown` completes, then lets the requests
/// in flight finish (for up to [`SHUTDOWN_GRACE`]).
pub async fn serve(
    listener: std::net::TcpListener,
    tls: RustlsConfig,
    service: axum::extract::connect_info::IntoMakeServiceWithConnectInfo<
        axum::Router,
        std::net::SocketAddr,
    >,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let handle = axum_server::Handle::<std::net::SocketAddr>::new();
    let stopper = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        stopper.graceful_shutdown(Some(SHUTDOWN_GRACE));
    });
    axum_server::from_tcp_rustls(listener, tls)?
        .handle(handle)
        .serve(service)
        .await
        .context("serving TLS")
}
