//! Tern in the browser: thin glue over the browser's own APIs (`browser`), route-level
//! screens (`views`) and reusable widgets (`components`). The protocol and domain rules
//! live in `tern_core`, which knows nothing of the browser.

pub mod app;
pub mod browser;
pub mod components;
pub mod services;
pub mod text;
pub mod views;

/// Entry point of the WebAssembly build.
pub fn start() {
    browser::panic_banner::install();
    let arrival = services::auth::take_arrival();
    leptos::mount::mount_to_body(move || leptos::view! { <app::App arrival=arrival /> });
}
