//! Elements built straight with the DOM, for the screens a signed-out person sees: the
//! first screen's build shows them without Leptos (whose runtime would be most of what it
//! downloads), and the full app shows the very same elements (`components::dom_view`).
//! Some signed-in screens are built with them too, kept up to date by `components::live`.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

const SVG_NAMESPACE: &str = "http://www.w3.org/2000/svg";

fn document() -> web_sys::Document {
    web_sys::window().and_then(|window| window.document()).expect("a document")
}

/// An element being built.
#[derive(Clone)]
pub struct Node(web_sys::Element);

/// An HTML element.
pub fn el(tag: &str) -> Node {
    Node(document().create_element(tag).expect("a valid tag name"))
}

/// An SVG element.
pub fn svg(tag: &str) -> Node {
    Node(document().create_element_ns(Some(SVG_NAMESPACE), tag).expect("a valid SVG tag name"))
}

impl Node {
    pub fn attr(self, name: &str, value: &str) -> Self {
        let _ = self.0.set_attribute(name, value);
        self
    }

    pub fn class(self, value: &str) -> Self {
        self.attr("class", value)
    }

    pub fn test_id(self, value: &str) -> Self {
        self.attr("data-testid", value)
    }

    pub fn text(self, text: &str) -> Self {
        let _ = self.0.append_with_str_1(text);
        self
    }

    pub fn child(self, child: Node) -> Self {
        let _ = self.0.append_with_node_1(&child.0);
        self
    }

    pub fn maybe(self, child: Option<Node>) -> Self {
        match child {
            Some(child) => self.child(child),
            None => self,
        }
    }

    pub fn children(self, children: impl IntoIterator<Item = Node>) -> Self {
        children.into_iter().fold(self, Node::child)
    }

    /// Calls `handler` on every click, for as long as the element lives: the browser owns
    /// the listener and drops it with the element.
    pub fn on_click(self, handler: impl FnMut() + 'static) -> Self {
        let listener = Closure::<dyn FnMut()>::new(handler).into_js_value();
        let _ = self.0.add_event_listener_with_callback("click", listener.unchecked_ref());
        self
    }

    /// Calls `handler` with every `event` on the element, for as long as it lives.
    pub fn listen(self, event: &str, handler: Box<dyn FnMut(web_sys::Event)>) -> Self {
        let listener = Closure::wrap(handler).into_js_value();
        let _ = self.0.add_event_listener_with_callback(event, listener.unchecked_ref());
        self
    }

    /// Sets a property (an input's `value`, a checkbox's `checked`), not an attribute: the
    /// attribute is only the value it starts with.
    pub fn set_property(&self, name: &str, value: &JsValue) {
        let _ = js_sys::Reflect::set(&self.0, &JsValue::from_str(name), value);
    }

    pub fn property_string(&self, name: &str) -> String {
        js_sys::Reflect::get(&self.0, &JsValue::from_str(name)).ok().and_then(|value| value.as_string()).unwrap_or_default()
    }

    pub fn property_bool(&self, name: &str) -> bool {
        js_sys::Reflect::get(&self.0, &JsValue::from_str(name)).is_ok_and(|value| value.is_truthy())
    }

    pub fn element(&self) -> &web_sys::Element {
        &self.0
    }

    pub fn into_element(self) -> web_sys::Element {
        self.0
    }
}

/// The element an event happened on. A listener reads its element from here, not from a
/// copy it holds: a copy would keep the element, and the listener, alive for ever.
pub fn event_target(event: &web_sys::Event) -> Option<Node> {
    event.target().and_then(|target| target.dyn_into().ok()).map(Node)
}

/// Puts `node` in place of whatever `parent` held.
pub fn replace_children(parent: &web_sys::Element, node: Node) {
    parent.replace_children_with_node_1(&node.0);
}

/// Puts `nodes` in place of whatever `parent` held, in one change of the page.
pub fn replace_children_with_all(parent: &web_sys::Element, nodes: Vec<Node>) {
    let fragment = document().create_document_fragment();
    for node in nodes {
        let _ = fragment.append_with_node_1(&node.0);
    }
    parent.replace_children_with_node_1(&fragment);
}

/// Shows `node` as the page's whole body.
pub fn show_as_body(node: Node) {
    if let Some(body) = document().body() {
        body.replace_children_with_node_1(&node.0);
    }
}
