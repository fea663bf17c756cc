//! Static hosting of the two apps: MIME types, precompressed hashed assets with long caching,
//! deep links answered by the app shell.

use mimamori_tests::{Options, TestApp};
use std::path::Path;

fn write(root: &Path, path: &str, content: &[u8]) {
    let file = root.join(path);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(file, content).unwrap();
}

async fn app_with_bundle() -> (TestApp, tempdir::Dir) {
    let dir = tempdir::Dir::new();
    let root = dir.path();
    write(
        root,
        "patient/index.html",
        b"<!doctype html><title>patient</title>",
    );
    write(
        root,
        "patient/assets/app-0123abcd.js",
        b"console.log('plain')",
    );
    write(root, "patient/assets/app-0123abcd.js.br", b"brotli bytes");
    write(root, "patient/assets/app-0123abcd.js.gz", b"gzip bytes");
    write(root, "patient/assets/app-0123abcd.wasm", b"\0asm");
    write(root, "patient/assets/style-0123abcd.css", b"body{}");
    write(
        root,
        "staff/index.html",
        b"<!doctype html><title>staff</title>",
    );
    write(
        root,
        "staff/assets/staff-0123abcd.js",
        b"console.log('staff')",
    );
    let app = TestApp::spawn_with(Options {
        web_dir: Some(root.to_path_buf()),
        ..Options::default()
    })
    .await
    .unwrap();
    (app, dir)
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

#[tokio::test]
async fn apps_and_deep_links_get_the_app_shell_revalidated() {
    let (app, _dir) = app_with_bundle().await;
    let client = app.client();
    for (path, title) in [
        ("/", "patient"),
        ("/invite?token=abc", "patient"),
        ("/staff/", "staff"),
        ("/staff/cases/12", "staff"),
    ] {
        let response = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert!(
            header(&response, "content-type").starts_with("text/html"),
            "{path}"
        );
        assert_eq!(header(&response, "cache-control"), "no-cache", "{path}");
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains(&format!("<title>{title}</title>")),
            "{path}"
        );
    }
    let redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = redirect.get(app.url("/staff")).send().await.unwrap();
    assert_eq!(response.status(), 308);
    assert_eq!(header(&response, "location"), "/staff/");
}

#[tokio::test]
async fn hashed_assets_are_immutable_precompressed_and_typed() {
    let (app, _dir) = app_with_bundle().await;
    let plain = reqwest::Client::builder()
        .no_gzip()
        .no_brotli()
        .build()
        .unwrap();
    let br = plain
        .get(app.url("/assets/app-0123abcd.js"))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(header(&br, "content-encoding"), "br");
    assert_eq!(
        header(&br, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert!(header(&br, "content-type").starts_with("text/javascript"));
    let gz = plain
        .get(app.url("/assets/app-0123abcd.js"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(header(&gz, "content-encoding"), "gzip");
    let none = plain
        .get(app.url("/assets/app-0123abcd.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(none.text().await.unwrap(), "console.log('plain')");
    let wasm = plain
        .get(app.url("/assets/app-0123abcd.wasm"))
        .send()
        .await
        .unwrap();
    assert_eq!(header(&wasm, "content-type"), "application/wasm");
    let css = plain
        .get(app.url("/assets/style-0123abcd.css"))
        .send()
        .await
        .unwrap();
    assert!(header(&css, "content-type").starts_with("text/css"));
    let staff = plain
        .get(app.url("/staff/assets/staff-0123abcd.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(staff.status(), 200);
    assert_eq!(
        header(&staff, "cache-control"),
        "public, max-age=31536000, immutable"
    );
}

#[tokio::test]
async fn a_missing_asset_is_a_404_not_the_app_shell() {
    let (app, _dir) = app_with_bundle().await;
    let response = app
        .client()
        .get(app.url("/assets/gone-99999999.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert_ne!(
        header(&response, "cache-control"),
        "public, max-age=31536000, immutable"
    );
}

/// A temporary folder removed when dropped.
mod tempdir {
    pub struct Dir(std::path::PathBuf);
    impl Dir {
        pub fn new() -> Self {
            let path = std::env::temp_dir()
                .join(format!("mimamori-web-{}", uuid::Uuid::new_v4().simple()));
            std::fs::create_dir_all(&path).unwrap();
            Self(path)
        }
        pub fn path(&self) -> &std::path::Path {
            &self.0
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}
