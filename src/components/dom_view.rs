use crate::browser::dom::{replace_children_with_all, Node};
use crate::services::task::effect;
use leptos::html::Div;
use leptos::prelude::*;

/// Shows elements built straight with the DOM (`browser::dom`) inside a Leptos screen, in
/// a wrapper that takes no part in layout. `build` runs again whenever a signal it reads
/// changes.
pub fn dom_view(build: impl Fn() -> Vec<Node> + 'static) -> impl IntoView {
    let holder = NodeRef::<Div>::new();
    effect(move |_| {
        if let Some(holder) = holder.get() {
            replace_children_with_all(&holder, build());
        }
    });
    view! { <div class="dom-view" node_ref=holder></div> }
}

/// Shows an element already built, whose bindings (`components::live`) keep it up to date.
pub fn mounted(node: Node) -> impl IntoView {
    dom_view(move || vec![node.clone()])
}
