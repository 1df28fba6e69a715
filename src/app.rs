//! The root: load the configuration, follow the hash, and show the screen for the route.

use crate::browser::{config_loader, location};
use crate::components::shell::Shell;
use crate::text;
use crate::views::config_error::ConfigErrorScreen;
use leptos::prelude::*;
use tern_core::route::Route;

/// The current route, shared through context; the hash is its source of truth.
#[derive(Clone, Copy)]
pub struct CurrentRoute(pub ReadSignal<Route>);

#[component]
pub fn App() -> impl IntoView {
    let (route, set_route) = signal(location::current_route());
    // The app lives as long as the page, so the listener is never removed.
    let _listener = window_event_listener(leptos::ev::hashchange, move |_| {
        set_route.set(location::current_route());
    });
    provide_context(CurrentRoute(route));
    let config = LocalResource::new(config_loader::load);
    move || match config.get() {
        None => view! {
            <p class="loading" data-testid="loading" role="status">{text::LOADING}</p>
        }
        .into_any(),
        Some(Ok(config)) => view! { <Shell config=config /> }.into_any(),
        Some(Err(error)) => view! { <ConfigErrorScreen error=error /> }.into_any(),
    }
}
