use crate::components::nav::Nav;
use crate::text;
use leptos::prelude::*;

/// The bar across the top of every screen: the name, the areas, and whatever the screen
/// adds at the end (the account, once signed in).
#[component]
pub fn TopBar(#[prop(optional)] children: Option<Children>) -> impl IntoView {
    view! {
        <header class="top-bar">
            <a class="brand" href="#/" data-testid="brand">{text::APP_NAME}</a>
            <Nav />
            {children.map(|children| children())}
        </header>
    }
}
