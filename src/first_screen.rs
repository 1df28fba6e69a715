//! The first screen, built on its own (`tern-first-screen`) so a signed-out person
//! downloads only what it needs: the landing page, a signed-out area, configuration errors
//! and the start of a sign-in. The page's loader (scripts/finish-pages.mjs) starts the full
//! app instead when the tab holds an account or brings back a sign-in answer, and fetches
//! the full app while this screen sits idle.

use crate::app::CurrentRoute;
use crate::browser::{config_loader, location};
use crate::components::top_bar::TopBar;
use crate::services::sign_in_start::SignInStart;
use crate::text;
use crate::views::config_error::ConfigErrorScreen;
use crate::views::{landing::Landing, not_found::NotFound, signed_out_area::SignedOutArea};
use leptos::prelude::*;
use tern_core::config::Config;
use tern_core::route::Route;

pub fn start() {
    crate::browser::panic_banner::install();
    if crate::browser::is_framed() {
        leptos::mount::mount_to_body(crate::views::framed::FramedNotice);
        return;
    }
    crate::services::auth::sweep_expired_interactions(&crate::services::auth::interaction_store());
    leptos::mount::mount_to_body(FirstScreen);
}

#[component]
fn FirstScreen() -> impl IntoView {
    let (route, set_route) = signal(location::current_route());
    // The screen lives as long as the page, so the listener is never removed.
    let _listener = window_event_listener(leptos::ev::hashchange, move |_| set_route.set(location::current_route()));
    provide_context(CurrentRoute(route));
    let config = LocalResource::new(config_loader::load);
    move || match config.get() {
        None => view! { <p class="loading" data-testid="loading" role="status">{text::LOADING}</p> }.into_any(),
        Some(Err(error)) => view! { <ConfigErrorScreen error=error /> }.into_any(),
        Some(Ok(config)) => view! { <SignedOutShell config=config /> }.into_any(),
    }
}

#[component]
fn SignedOutShell(config: Config) -> impl IntoView {
    let CurrentRoute(route) = expect_context();
    SignInStart::by_redirect(config.clone()).provide();
    let screen = move || match route.get() {
        Route::NotFound { hash } => view! { <NotFound hash=hash /> }.into_any(),
        current => match current.area() {
            Some(area) => view! { <SignedOutArea area=area /> }.into_any(),
            None => view! { <Landing config=config.clone() /> }.into_any(),
        },
    };
    view! {
        <div class="shell" data-testid="shell">
            <TopBar />
            <main id="main" class="main" data-testid="main">{screen}</main>
        </div>
    }
}
