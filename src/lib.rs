//! Tern in the browser: thin glue over the browser's own APIs (`browser`), route-level
//! screens (`views`) and reusable widgets (`components`). The protocol and domain rules
//! live in `tern_core`, which knows nothing of the browser.

pub mod app;
pub mod browser;
pub mod components;
pub mod first_screen;
pub mod services;
pub mod text;
pub mod views;

/// Entry point of the WebAssembly build.
pub fn start() {
    browser::panic_banner::install();
    if browser::office::is_addin_page() {
        wasm_bindgen_futures::spawn_local(start_pane());
        return;
    }
    // A page that frames Tern could steer a person's clicks on it; framed, Tern reads no
    // storage, takes no sign-in answer and offers nothing to click (the main page allows
    // no ancestor at all).
    if browser::is_framed() {
        browser::dom::show_as_body(views::framed::framed_notice());
        return;
    }
    mount_app(services::auth::take_arrival(), None);
}

fn mount_app(arrival: Option<services::auth::Arrival>, pane: Option<services::auth::Pane>) {
    leptos::mount::mount_to_body(move || leptos::view! { <app::App arrival=arrival pane=pane.clone() /> });
}

/// The Outlook add-in's pane: in a frame of Outlook on the web and nowhere else, or in
/// Outlook's own web view; Tern starts once Office.js has met its host.
async fn start_pane() {
    let own_origin = web_sys::window().and_then(|window| window.location().origin().ok()).unwrap_or_default();
    if browser::is_framed() && !tern_core::addin::may_run_framed(browser::office::ancestor_origins().as_deref(), &own_origin) {
        browser::dom::show_as_body(views::framed::framed_notice());
        return;
    }
    match browser::office::ready().await {
        browser::office::OfficeHost::Inside => {
            // The pane's sign-in dialog: opened with its query, or back from the sign-in page.
            let arrival = services::auth::take_arrival();
            if arrival.is_some() || browser::location::search().contains(tern_core::addin::DIALOG_QUERY) {
                leptos::mount::mount_to_body(move || leptos::view! { <views::sign_in_dialog::SignInDialog arrival=arrival /> });
            } else {
                mount_app(None, Some(services::auth::Pane { bridge: browser::naa_bridge::Bridge::find() }));
            }
        }
        elsewhere => {
            let missing = elsewhere == browser::office::OfficeHost::Missing;
            leptos::mount::mount_to_body(move || leptos::view! { <views::outside_office::OutsideOffice missing=missing /> });
        }
    }
}
