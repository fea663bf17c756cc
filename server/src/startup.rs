//! Building the application: connect, migrate, assemble the router with every route and layer,
//! serve until a shutdown signal.

use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::db::report_batcher::ReportBatcher;
use crate::db::write_queue::WriteQueue;
use crate::error::{ApiError, InternalErrorMessage};
use crate::keys::Keyring;
use crate::state::AppState;
use crate::{routes, web};
use anyhow::Context;
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use mimamori_migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};
use secrecy::ExposeSecret;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use utoipa::openapi::OpenApi;

/// Largest request body accepted (a report with a 1,000-character note is ~4 KB).
const BODY_LIMIT_BYTES: usize = 64 * 1024;

/// Content Security Policy: only our own scripts (and their WebAssembly), no inline script,
/// no framing.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data:; connect-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; \
base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Strict-Transport-Security of a deployment reached over TLS.
pub const HSTS: &str = "max-age=31536000; includeSubDomains";

/// A bound, ready-to-run server.
pub struct Application {
    listener: TcpListener,
    metrics_listener: TcpListener,
    router: Router,
    limiters: Arc<crate::limits::Limiters>,
    db: DatabaseConnection,
    keys: Arc<Keyring>,
    config: Arc<Config>,
    clock: Arc<dyn Clock>,
    /// The certificate in use and its files, when the server terminates TLS itself.
    tls: Option<(axum_server::tls_rustls::RustlsConfig, crate::tls::TlsFiles)>,
    /// SIGHUP, listened for from the start.
    hangups: crate::tls::Hangups,
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application")
            .field("addr", &self.listener.local_addr().ok())
            .finish_non_exhaustive()
    }
}

impl Application {
    /// Connects, migrates and binds with the real clock.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        Self::build_with_clock(config, Arc::new(SystemClock)).await
    }

    /// Connects, migrates and binds with the given clock (tests move time with it).
    pub async fn build_with_clock(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        // Settings first: a production server with a plaintext database URL never connects.
        if let Some(refused) = crate::config_check::refused_before_connecting(&config) {
            crate::config_check::enforce(&refused)?;
        }
        // SIGHUP's default would end the process: listen for it before anything else, whether
        // or not there is a certificate to reload (`systemctl reload` sends it).
        let hangups = crate::tls::hangups()?;
        // The certificate before the database: a missing or unreadable one stops the start.
        let tls = match config.tls()? {
            Some(files) => Some((crate::tls::load(&files).await?, files)),
            None => None,
        };
        let Store { db, keys } = open_store(&config, clock.now()).await?;
        let outcome = crate::config_check::check(&config, &db).await?;
        crate::config_check::enforce(&outcome)?;
        let listener = TcpListener::bind(config.bind)
            .await
            .with_context(|| format!("binding {}", config.bind))?;
        let metrics_listener = TcpListener::bind(config.metrics_addr)
            .await
            .with_context(|| format!("binding MIMAMORI_METRICS_ADDR {}", config.metrics_addr))?;
        crate::metrics::handle();
        let config = Arc::new(config);
        let state = AppState {
            db: db.clone(),
            config: config.clone(),
            clock: clock.clone(),
            report_writes: WriteQueue::for_backend(db.get_database_backend()),
            report_batcher: ReportBatcher::start(db.clone()),
            keys: keys.clone(),
            limits: Arc::new(crate::limits::Limiters::new(&config.limits)),
        };
        let limiters = state.limits.clone();
        let (router, _) = router(state);
        Ok(Self {
            listener,
            metrics_listener,
            router,
            limiters,
            db,
            keys,
            config,
            clock,
            tls,
            hangups,
        })
    }

    /// The address actually bound (the port is chosen by the OS when configured as 0).
    pub fn local_addr(&self) -> anyhow::Result<SocketAddr> {
        Ok(self.listener.local_addr()?)
    }

    /// The address of the metrics listener.
    pub fn metrics_addr(&self) -> anyhow::Result<SocketAddr> {
        Ok(self.metrics_listener.local_addr()?)
    }

    /// The database pool.
    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// The keys the server seals and opens personal data with.
    pub fn keys(&self) -> &Arc<Keyring> {
        &self.keys
    }

    /// Serves until SIGINT or SIGTERM, then finishes the requests in flight.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `shutdown` completes, then finishes the requests in flight.
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        tracing::info!(addr = %self.listener.local_addr()?, "listening");
        tracing::info!(addr = %self.metrics_listener.local_addr()?, "metrics listening");
        let sealer = tokio::spawn(crate::services::audit_chain::run_sealer(
            self.db.clone(),
            self.keys.clone(),
        ));
        let metrics = tokio::spawn(
            axum::serve(
                self.metrics_listener,
                crate::metrics::router(self.db.clone()),
            )
            .into_future(),
        );
        let mut background = vec![tokio::spawn(crate::limits::rate::forget_idle_every_minute(
            self.limiters.clone(),
        ))];
        let mut scheduler = None;
        if self.config.scheduler {
            let sender = crate::outbox::sender::Sender::new(
                self.db.clone(),
                self.keys.clone(),
                &self.config,
                self.clock.now(),
            )
            .await?;
            background.push(tokio::spawn(sender.run(self.clock.clone())));
            scheduler = Some(
                crate::scheduler::start(
                    self.db.clone(),
                    self.config.clone(),
                    self.keys.clone(),
                    self.clock.clone(),
                )
                .await?,
            );
        }
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        background.push(tokio::spawn(crate::tls::reload_on_sighup(
            self.hangups,
            self.tls.clone(),
        )));
        match self.tls {
            None => axum::serve(self.listener, service)
                .with_graceful_shutdown(shutdown)
                .await
                .context("serving")?,
            Some((tls, _)) => {
                crate::tls::serve(self.listener.into_std()?, tls, service, shutdown).await?;
            }
        }
        sealer.abort();
        metrics.abort();
        if let Some(mut scheduler) = scheduler {
            scheduler.shutdown().await.ok();
        }
        for task in background {
            task.abort();
        }
        // What the last second appended is sealed now, not at the next start.
        if let Err(error) = crate::services::audit_chain::seal_pending(&self.db, &self.keys).await {
            tracing::warn!(%error, "sealing the audit log at shutdown failed");
        }
        self.db.close().await.ok();
        tracing::info!("stopped");
        Ok(())
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for ctrl-c");
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => tracing::error!(%error, "cannot listen for SIGTERM"),
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received");
}

/// Connects to the configured database (creating the SQLite folder if needed).
pub async fn connect(config: &Config) -> anyhow::Result<DatabaseConnection> {
    let url = config.database_url.expose_secret();
    if config.is_sqlite() {
        create_sqlite_file(config)?;
    }
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(config.db_max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        // A short wait for a connection: when the database is away, callers get a quick 503
        // and retry, instead of piling up.
        .acquire_timeout(Duration::from_secs(3))
        .sqlx_logging(false)
        // Every connection overwrites what it deletes or moves, so that a purged person's data
        // (`services::retention`) does not linger in the file's free pages.
        .map_sqlx_sqlite_opts(|sqlite| sqlite.pragma("secure_delete", "on"));
    let db = Database::connect(options).await.map_err(|error| {
        let text = error.to_string();
        let hint = if text.contains("certificate") || text.contains("Certificate") {
            " (the database server's TLS certificate was refused: check that sslrootcert= names \
             the CA that signed it, and that the URL's host is a name the certificate carries)"
        } else {
            ""
        };
        anyhow::Error::new(error).context(format!("connecting to the database{hint}"))
    })?;
    if config.is_sqlite() {
        crate::db::maintenance::configure_sqlite(&db)
            .await
            .context("setting SQLite's journal mode and busy timeout")?;
    }
    Ok(db)
}

/// Creates the SQLite database's folder (0700) and an empty database file (0600) when missing,
/// readable by the server's user only: it holds every patient's record (`mimamori check-config`
/// refuses a folder others can read). SQLite gives its `-wal` and `-shm` files the database
/// file's mode.
fn create_sqlite_file(config: &Config) -> anyhow::Result<()> {
    let Some(path) = config.sqlite_path() else {
        return Ok(());
    };
    match crate::files::create_private_file(&path) {
        Ok(_) => Ok(()),
        Err(error)
            if error
                .downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::AlreadyExists) =>
        {
            Ok(())
        }
        Err(error) => Err(error.context(format!("creating {}", path.display()))),
    }
}

/// Connects and applies pending migrations.
pub async fn connect_and_migrate(config: &Config) -> anyhow::Result<DatabaseConnection> {
    let db = connect(config).await?;
    Migrator::up(&db, None)
        .await
        .context("applying migrations")?;
    Ok(db)
}

/// The database with the keys that open it.
#[derive(Debug, Clone)]
pub struct Store {
    /// The pool.
    pub db: DatabaseConnection,
    /// The keys (see [`crate::keys`]).
    pub keys: Arc<Keyring>,
}

/// Connects, migrates, unlocks the data keys with the key file and runs the one-off rewrites
/// that need them (`services::key_upgrades`). Fails, before anything is served, when the key
/// file is missing or does not fit the database.
pub async fn open_store(config: &Config, now: DateTime<Utc>) -> anyhow::Result<Store> {
    // The key file first: without it nothing more is done, not even a migration.
    let key_file = config.read_keys()?;
    let db = connect_and_migrate(config).await?;
    unlock(db, key_file, now).await
}

/// As [`open_store`], but first creates the key file when there is none and the database has
/// no data keys yet (a new deployment, or one made before encryption at rest): `init` and `demo`
/// need no step of their own. A database with data keys but no key file gets none: its key
/// file is missing, and a new one could not open it (the error says so).
pub async fn open_store_creating_keys(
    config: &Config,
    now: DateTime<Utc>,
) -> anyhow::Result<Store> {
    let db = connect_and_migrate(config).await?;
    let create = config.keys.is_none()
        && !config.key_file.exists()
        && crate::db::data_keys::list(&db).await?.is_empty();
    let key_file = if create {
        let created = crate::keys::KeyFile::create(&config.key_file)?;
        eprintln!(
            "key file created: {} (mode 0600); keep a copy apart from the database's backups",
            config.key_file.display()
        );
        created
    } else {
        config.read_keys()?
    };
    unlock(db, key_file, now).await
}

/// Unwraps the data keys of a migrated database and runs the key upgrades.
async fn unlock(
    db: DatabaseConnection,
    key_file: crate::keys::KeyFile,
    now: DateTime<Utc>,
) -> anyhow::Result<Store> {
    let keys = Keyring::open(&db, key_file, now).await?;
    crate::services::key_upgrades::run(&db, &keys, now).await?;
    Ok(Store {
        db,
        keys: Arc::new(keys),
    })
}

/// The whole HTTP surface: API (with its OpenAPI document), static apps, and every layer.
pub fn router(state: AppState) -> (Router, OpenApi) {
    let (api, mut openapi) = routes::api_router().split_for_parts();
    routes::finish_document(&mut openapi);
    let openapi_json = Arc::new(openapi.clone());
    let api = api
        // Around the API's own routes only (not the catch-all below): a denial's route is known.
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::auth::denials::audit_denials,
        ))
        .route(
            "/api/openapi.json",
            axum::routing::get(move || {
                let doc = Arc::clone(&openapi_json);
                async move { axum::Json(doc.as_ref().clone()) }
            }),
        )
        .route(
            "/api/{*rest}",
            axum::routing::any(|| async { ApiError::NoSuchRoute }),
        )
        // A known route with a method it does not take: problem+json too, not an empty 405.
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(axum::middleware::from_fn(reject_cross_origin))
        // Before anything else of the API's: a flood is refused before it reaches a handler,
        // the database or the password hasher.
        .layer(axum::middleware::from_fn_with_state(
            state.limits.clone(),
            crate::limits::rate::limit_by_address,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(state.clone());
    let request_id = HeaderName::from_static("x-request-id");
    let router = api
        .merge(web::router(&state.config.web_dir))
        .layer(axum::middleware::from_fn(log_internal_errors))
        .layer(axum::middleware::from_fn(limit_body))
        .layer(CatchPanicLayer::custom(|_| {
            ApiError::Internal(anyhow::anyhow!("handler panicked")).into_response()
        }))
        .layer(axum::middleware::from_fn(crate::metrics::track_requests));
    let router = crate::limits::overload::guard(router, &state.config.limits);
    let router = router.layer(axum::middleware::from_fn_with_state(
        crate::limits::client_addr::TrustedProxies::new(
            &state.config.limits.trusted_proxies,
            state.config.limits.forwarded_header,
        ),
        crate::limits::client_addr::resolve,
    ));
    let router = with_security_headers(router, state.config.secure_cookies())
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request| {
            // The path only: query strings may carry tokens, and logs never carry secrets.
            tracing::info_span!(
                "http",
                method = %request.method(),
                path = %request.uri().path(),
                request_id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default(),
            )
        }))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid));
    (router, openapi)
}

/// Limits request bodies to [`BODY_LIMIT_BYTES`], except the CSV import, which takes files
/// up to its own limit (2 MB).
async fn limit_body(request: Request, next: Next) -> Response {
    use tower::{Service, ServiceBuilder};
    let path = request.uri().path();
    let limit = if path == routes::staff_intake::IMPORT_PATH
        || routes::staff_admin::IMPORT_PATHS.contains(&path)
    {
        crate::services::intake_csv::IMPORT_MAX_BYTES
    } else {
        BODY_LIMIT_BYTES
    };
    let mut limited = ServiceBuilder::new()
        .layer(RequestBodyLimitLayer::new(limit))
        .map_request(boxed_body)
        .service(next);
    match limited.call(request).await {
        Ok(response) => response.map(axum::body::Body::new),
        Err(never) => match never {},
    }
}

fn boxed_body<B>(request: axum::http::Request<B>) -> Request
where
    B: axum::body::HttpBody<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    request.map(axum::body::Body::new)
}

fn with_security_headers(router: Router, over_tls: bool) -> Router {
    let header =
        |name, value| SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value));
    let router = router
        .layer(header(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"));
    if over_tls {
        // A year, subdomains included: once a browser has seen the deployment over TLS it
        // never again sends a password or a session cookie to it in clear.
        router.layer(header(header::STRICT_TRANSPORT_SECURITY, HSTS))
    } else {
        router
    }
}

/// CSRF defence in depth (besides SameSite=Strict cookies and JSON-only bodies): a state-changing
/// request whose `Origin` names another site is refused.
async fn reject_cross_origin(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe {
        let origin_host = request
            .headers()
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok())
            .map(|origin| origin.split("://").nth(1).unwrap_or(origin).to_owned());
        // HTTP/2 (offered when the server serves TLS itself) carries the host in the
        // `:authority` pseudo-header, which arrives as the URI's authority, not as `Host`.
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .or_else(|| request.uri().authority().map(|a| a.as_str()));
        if let Some(origin_host) = origin_host
            && Some(origin_host.as_str()) != host
        {
            return ApiError::Forbidden.into_response();
        }
    }
    next.run(request).await
}

/// Logs each 5xx once, with the error the handler gave (never sent to the client).
async fn log_internal_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status().is_server_error() {
        let message = response
            .extensions()
            .get::<InternalErrorMessage>()
            .map(|m| m.0.as_str())
            .unwrap_or("");
        tracing::error!(
            status = response.status().as_u16(),
            error = message,
            "request failed"
        );
    }
    response
}
