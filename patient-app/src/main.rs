//! Mimamori's patient app: daily health reports from a phone (docs/patient-app.md).
//!
//! A Dioxus web app compiled to wasm and served by the server at `/`. It also compiles natively,
//! so its form logic and components are tested with plain `cargo test`.

mod api;
mod components;
mod forms;
mod pages;
mod platform;
mod push;
mod queue;
mod route;
mod state;
mod sync;

use dioxus::prelude::*;
use route::Route;

fn main() {
    #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
    {
        // Without the hook a panic shows only as "unreachable" in the console.
        console_error_panic_hook::set_once();
        // The app shell for offline use; the wasm and its files are in the HTTP cache by now.
        platform::register_service_worker();
        dioxus::launch(App);
    }
    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
    {
        // No DOM to launch into natively. Naming the root keeps every component reachable, so
        // the native build (tests, clippy) checks and lints the whole app as the wasm one does.
        let _root: fn() -> Element = App;
        let _service_worker: fn() = platform::register_service_worker;
        eprintln!("patient-app runs in a browser: build it with scripts/build-web.sh");
    }
}

/// The root: app state for everyone below, then the router.
#[component]
fn App() -> Element {
    state::use_app_state_provider();
    rsx! {
        Router::<Route> {}
    }
}
