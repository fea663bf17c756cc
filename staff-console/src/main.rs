//! Mimamori staff console: the web app follow-up organisations and health centres work in.
//!
//! Served by the server under `/staff/` (the patient app owns `/`), talking to `/api/staff/...`
//! on the same origin. It compiles natively too, so its logic is tested with `cargo test`;
//! only the browser build (`wasm32-unknown-unknown`) runs the app.

mod api;
mod browser;
mod case_forms;
mod components;
mod csv_import;
mod format;
mod forms;
mod hc_forms;
mod institution_forms;
mod notification_form;
mod pages;
mod route;
mod state;

use dioxus::prelude::*;
use route::Route;

/// Root component: the shared state, then the router.
#[component]
fn App() -> Element {
    state::provide_app_state();
    rsx! {
        Router::<Route> {}
    }
}

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
fn main() {
    use dioxus::web::{Config, WebHistory};
    use std::rc::Rc;

    // Without the hook a panic shows only as "unreachable" in the console.
    console_error_panic_hook::set_once();
    // The base path is given here, not by dioxus-cli-config: that reads a `<meta>` tag in
    // debug builds and a compile-time env var in release builds, and we build with neither.
    let history = WebHistory::new(Some(route::BASE_PATH.to_owned()), true);
    dioxus::LaunchBuilder::web()
        .with_cfg(Config::new().history(Rc::new(history)))
        .launch(App);
}

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
fn main() {
    // Natively the app only builds (for tests and clippy); naming it keeps it type-checked as
    // used code.
    let _app: fn() -> Element = App;
    eprintln!(
        "The staff console runs in a browser: build it for wasm32-unknown-unknown \
         (scripts/build-web.sh) and open /staff/ on the Mimamori server."
    );
}
