use crate::browser::dom::Node;
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
            let nodes = build();
            let fragment = web_sys::DocumentFragment::new().expect("a document fragment");
            for node in nodes {
                let _ = fragment.append_with_node_1(node.element());
            }
            holder.replace_children_with_node_1(&fragment);
        }
    });
    view! { <div class="dom-view" node_ref=holder></div> }
}
