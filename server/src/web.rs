//! Static hosting of the two web apps built by `scripts/build-web.sh`:
//! the patient app at `/`, the staff console at `/staff/`.
//!
//! Files under `assets/` have a content hash in their name, so they are cached for a year and
//! never revalidated; everything else (index.html, the service worker, the manifest) must be
//! revalidated on every visit so a new release is picked up at once.

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};

/// `Cache-Control` of content-hashed assets.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of everything else.
pub const REVALIDATE: &str = "no-cache";

/// Routes serving both apps from `web_dir` (`patient/` and `staff/` inside it).
pub fn router<S: Clone + Send + Sync + 'static>(web_dir: &Path) -> Router<S> {
    let patient = web_dir.join("patient");
    let staff = web_dir.join("staff");
    if !patient.join("index.html").exists() || !staff.join("index.html").exists() {
        tracing::warn!(web_dir = %web_dir.display(), "web apps not built: run scripts/build-web.sh");
    }
    Router::new()
        .nest_service("/assets", assets(&patient.join("assets")))
        .nest_service("/staff/assets", assets(&staff.join("assets")))
        .route("/staff", get(|| async { Redirect::permanent("/staff/") }))
        .nest_service("/staff/", app_shell(&staff))
        .fallback_service(app_shell(&patient))
        .layer(axum::middleware::from_fn(cache_headers))
}

/// Hashed assets: precompressed siblings (`.br`, `.gz`) are sent when the browser accepts them;
/// a missing asset is a plain 404, never the app shell.
fn assets(dir: &Path) -> ServeDir {
    ServeDir::new(dir).precompressed_br().precompressed_gzip()
}

/// An app folder whose unknown paths answer `index.html`, so router deep links load.
fn app_shell(dir: &Path) -> ServeDir<ServeFile> {
    ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(
            ServeFile::new(dir.join("index.html"))
                .precompressed_br()
                .precompressed_gzip(),
        )
}

async fn cache_headers(request: Request, next: Next) -> Response {
    let hashed = request.uri().path().starts_with("/assets/")
        || request.uri().path().starts_with("/staff/assets/");
    let mut response = next.run(request).await.into_response();
    if response.status().is_success() || response.status().is_redirection() {
        let value = if hashed { IMMUTABLE } else { REVALIDATE };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}
