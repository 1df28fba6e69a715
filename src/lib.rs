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
    // A page that frames Tern could steer a person's clicks on it; framed, Tern reads no
    // storage, takes no sign-in answer and offers nothing to click (the main page allows
    // no ancestor at all).
    if browser::is_framed() {
        leptos::mount::mount_to_body(views::framed::FramedNotice);
        return;
    }
    let arrival = services::auth::take_arrival();
    leptos::mount::mount_to_body(move || leptos::view! { <app::App arrival=arrival /> });
}
