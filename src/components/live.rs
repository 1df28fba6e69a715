//! Elements built with `browser::dom` and kept up to date by Leptos's signals. Each binding
//! is one render effect: it runs at once, so an element is complete before it is shown, and
//! again whenever a signal it reads changes. The effects, and the tasks a listener starts,
//! belong to the owner current when the element is built (the screen, or the run of a
//! `live_children` that built it) and stop with it.
//!
//! A screen built this way is 15 to 35 % smaller than with `view!`; docs/size.md has the
//! measurement.

use crate::browser::dom::{el, event_target, replace_children_with_all, Node};
use leptos::prelude::{on_cleanup, Get, Owner, RenderEffect, RwSignal, Set};
use wasm_bindgen::JsValue;

/// Runs `update` now and whenever a signal it reads changes, until the current owner goes.
fn keep_updated(mut update: Box<dyn FnMut()>) {
    let effect = RenderEffect::new(move |_: Option<()>| update());
    on_cleanup(move || drop(effect));
}

pub trait Live: Sized {
    /// Calls `handler` with every `event`, under the owner current now: what it starts
    /// belongs to the screen, as with `on:` in `view!`.
    fn on(self, event: &str, handler: impl FnMut(web_sys::Event) + 'static) -> Self;
    /// `on("submit")`, with the browser's own submission prevented.
    fn on_submit(self, handler: impl FnMut() + 'static) -> Self;
    /// The attribute is left out while `value` gives `None`.
    fn live_attr(self, name: &'static str, value: impl Fn() -> Option<String> + 'static) -> Self;
    fn live_property(self, name: &'static str, value: impl Fn() -> JsValue + 'static) -> Self;
    /// The element's children, built again whenever a signal `build` reads changes.
    fn live_children(self, build: impl Fn() -> Vec<Node> + 'static) -> Self;
    /// A text field and a signal that follow each other.
    fn bind_value(self, value: RwSignal<String>) -> Self;
    fn bind_checked(self, checked: RwSignal<bool>) -> Self;
}

impl Live for Node {
    fn on(self, event: &str, mut handler: impl FnMut(web_sys::Event) + 'static) -> Self {
        let owner = Owner::current().unwrap_or_default();
        self.listen(event, Box::new(move |event| owner.with(|| handler(event))))
    }

    fn on_submit(self, mut handler: impl FnMut() + 'static) -> Self {
        self.on("submit", move |event| {
            event.prevent_default();
            handler();
        })
    }

    fn live_attr(self, name: &'static str, value: impl Fn() -> Option<String> + 'static) -> Self {
        let element = self.element().clone();
        keep_updated(Box::new(move || {
            let _ = match value() {
                Some(value) => element.set_attribute(name, &value),
                None => element.remove_attribute(name),
            };
        }));
        self
    }

    fn live_property(self, name: &'static str, value: impl Fn() -> JsValue + 'static) -> Self {
        let node = self.clone();
        keep_updated(Box::new(move || node.set_property(name, &value())));
        self
    }

    fn live_children(self, build: impl Fn() -> Vec<Node> + 'static) -> Self {
        let element = self.element().clone();
        keep_updated(Box::new(move || replace_children_with_all(&element, build())));
        self
    }

    fn bind_value(self, value: RwSignal<String>) -> Self {
        self.live_property("value", move || value.get().into()).on("input", move |event| value.set(target_value(&event)))
    }

    fn bind_checked(self, checked: RwSignal<bool>) -> Self {
        self.live_property("checked", move || checked.get().into()).on("change", move |event| checked.set(target_checked(&event)))
    }
}

/// What a text field holds after an `input` event.
pub fn target_value(event: &web_sys::Event) -> String {
    event_target(event).map(|field| field.property_string("value")).unwrap_or_default()
}

/// Whether a checkbox is ticked after a `change` event.
pub fn target_checked(event: &web_sys::Event) -> bool {
    event_target(event).is_some_and(|field| field.property_bool("checked"))
}

/// A place among an element's children for what `build` gives, if anything, built again
/// whenever a signal it reads changes. The holder takes no part in layout.
pub fn slot(build: impl Fn() -> Option<Node> + 'static) -> Node {
    el("div").class("dom-view").live_children(move || build().into_iter().collect())
}
