use crate::app::CurrentRoute;
use crate::components::dom_view::dom_view;
use crate::components::nav::brand_and_nav;
use leptos::prelude::*;

/// The bar across the top of every screen: the name, the areas, and whatever the screen
/// adds at the end (the account, once signed in).
#[component]
pub fn TopBar(#[prop(optional)] children: Option<Children>) -> impl IntoView {
    let CurrentRoute(route) = expect_context();
    view! {
        <header class="top-bar">
            {dom_view(move || brand_and_nav(&route.get()).into())}
            {children.map(|children| children())}
        </header>
    }
}
