use crate::app::CurrentRoute;
use crate::components::nav::Nav;
use crate::text;
use crate::views::{landing::Landing, not_found::NotFound, signed_out_area::SignedOutArea};
use leptos::prelude::*;
use tern_core::config::Config;
use tern_core::route::Route;

/// The frame every screen sits in: top bar, area navigation, and the screen for the route.
#[component]
pub fn Shell(config: Config) -> impl IntoView {
    let CurrentRoute(route) = expect_context();
    let config = StoredValue::new(config);
    let screen = move || {
        let current = route.get();
        if let Route::NotFound { hash } = current {
            return view! { <NotFound hash=hash /> }.into_any();
        }
        match current.area() {
            Some(area) => view! { <SignedOutArea area=area /> }.into_any(),
            None => view! { <Landing config=config.get_value() /> }.into_any(),
        }
    };
    view! {
        <div class="shell" data-testid="shell">
            <header class="top-bar">
                <a class="brand" href="#/" data-testid="brand">{text::APP_NAME}</a>
                <Nav />
            </header>
            <main id="main" class="main" data-testid="main">{screen}</main>
        </div>
    }
}
