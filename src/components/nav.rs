use crate::app::CurrentRoute;
use crate::components::icon::{Icon, IconName};
use crate::text;
use leptos::prelude::*;
use tern_core::route::Area;

fn area_icon(area: Area) -> IconName {
    match area {
        Area::Mail => IconName::Mail,
        Area::Calendar => IconName::Calendar,
        Area::Contacts => IconName::People,
        Area::Tasks => IconName::Tasks,
    }
}

/// Links to the four areas, icon and label; the current one is marked for sight and for
/// screen readers. On a narrow screen only the icons show, and the label stays the
/// link's accessible name.
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
                        <Icon name=area_icon(area) />
                        <span class="nav-label">{text::area_title(area)}</span>
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
