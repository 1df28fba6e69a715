use crate::browser::dom::{el, Node};
use crate::components::icon::{icon, IconName};
use crate::text;
use tern_core::route::{Area, Route};

fn area_icon(area: Area) -> IconName {
    match area {
        Area::Mail => IconName::Mail,
        Area::Calendar => IconName::Calendar,
        Area::Contacts => IconName::People,
        Area::Tasks => IconName::Tasks,
    }
}

/// The name, which leads to the start page, and links to the four areas, icon and label;
/// the current one is marked for sight and for screen readers. On a narrow screen only the
/// icons show, and the label stays the link's accessible name.
pub fn brand_and_nav(route: &Route) -> [Node; 2] {
    let width = web_sys::window().and_then(|window| window.inner_width().ok()).and_then(|width| width.as_f64()).unwrap_or(f64::MAX);
    let links = Area::ALL.into_iter().map(|area| {
        let link = el("a").attr("href", &area.home_for_width(width).to_hash()).test_id(&format!("nav-{}", area.slug()));
        let link = if route.area() == Some(area) { link.attr("aria-current", "page") } else { link };
        el("li").child(link.child(icon(area_icon(area))).child(el("span").class("nav-label").text(text::area_title(area))))
    });
    [
        el("a").class("brand").attr("href", "#/").test_id("brand").text(text::APP_NAME),
        el("nav").class("nav").attr("aria-label", text::NAV_LABEL).test_id("nav").child(el("ul").children(links)),
    ]
}
