use crate::app::CurrentRoute;
use crate::text;
use leptos::prelude::*;
use tern_core::route::Area;

/// Links to the four areas; the current one is marked for sight and for screen readers.
#[component]
pub fn Nav() -> impl IntoView {
    let CurrentRoute(route) = expect_context();
    let width = web_sys::window().and_then(|window| window.inner_width().ok()).and_then(|width| width.as_f64()).unwrap_or(f64::MAX);
    let links = Area::ALL
        .into_iter()
        .map(|area| {
            let current = move || (route.get().area() == Some(area)).then_some("page");
            view! {
                <li>
                    <a
                        href=area.home_for_width(width).to_hash()
                        aria-current=current
                        data-testid=format!("nav-{}", area.slug())
                    >
                        {text::area_title(area)}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="nav" aria-label=text::NAV_LABEL data-testid="nav">
            <ul>{links}</ul>
        </nav>
    }
}
