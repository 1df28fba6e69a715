use crate::next_tick;
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use tern::browser::dom::{el, Node};
use tern::components::live::Live;
use tern::services::task::spawn_owned;
use wasm_bindgen_test::wasm_bindgen_test;

/// Leptos starts its task executor when it mounts a view; these tests mount nothing else.
fn start_executor() {
    leptos::mount::mount_to_body(|| ());
}

fn send(node: &Node, event: &str) {
    let event = web_sys::Event::new(event).unwrap();
    node.element().dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn an_element_is_complete_when_built_and_follows_its_signals_until_its_owner_goes() {
    start_executor();
    let owner = Owner::new();
    // The signal outlives the screen, as a store's does.
    let name = RwSignal::new("Trip".to_owned());
    let node = owner.with(|| {
        el("input")
            .live_attr("title", move || name.with(|name| (!name.is_empty()).then(|| name.clone())))
            .live_property("value", move || name.get().into())
    });
    let element = node.element();
    assert_eq!(node.property_string("value"), "Trip", "complete before it is shown");
    assert_eq!(element.get_attribute("title").as_deref(), Some("Trip"));

    name.set(String::new());
    next_tick(0).await;
    assert_eq!(node.property_string("value"), "");
    assert_eq!(element.get_attribute("title"), None, "an attribute with no value is left out");

    owner.cleanup();
    name.set("Later".to_owned());
    next_tick(0).await;
    assert_eq!(node.property_string("value"), "", "a screen that has gone changes nothing");
}

#[wasm_bindgen_test]
async fn children_built_again_replace_the_last_ones_and_stop_their_bindings() {
    start_executor();
    let owner = Owner::new();
    let (rows, label) = owner.with(|| (RwSignal::new(2), RwSignal::new("a")));
    let label_runs = Rc::new(Cell::new(0));
    let runs = label_runs.clone();
    let list = owner.with(|| {
        el("ul").live_children(move || {
            (0..rows.get())
                .map(|_| {
                    let runs = runs.clone();
                    el("li").live_attr("data-label", move || {
                        runs.set(runs.get() + 1);
                        Some(label.get().to_owned())
                    })
                })
                .collect()
        })
    });
    assert_eq!(list.element().child_element_count(), 2);
    assert_eq!(label_runs.get(), 2);

    rows.set(3);
    next_tick(0).await;
    assert_eq!(list.element().child_element_count(), 3);
    assert_eq!(label_runs.get(), 5, "three new rows");

    label.set("b");
    next_tick(0).await;
    assert_eq!(label_runs.get(), 8, "only the three rows shown follow the label, not the two replaced");
    let labels = list.element().query_selector_all("[data-label=b]").unwrap().length();
    assert_eq!(labels, 3);
    owner.cleanup();
}

#[wasm_bindgen_test]
async fn a_field_and_its_signal_follow_each_other() {
    start_executor();
    let owner = Owner::new();
    let (typed, ticked) = owner.with(|| (RwSignal::new("start".to_owned()), RwSignal::new(false)));
    let (field, checkbox) =
        owner.with(|| (el("input").attr("type", "text").bind_value(typed), el("input").attr("type", "checkbox").bind_checked(ticked)));
    assert_eq!(field.property_string("value"), "start");

    field.set_property("value", &"typed by a person".into());
    send(&field, "input");
    assert_eq!(typed.get_untracked(), "typed by a person");
    checkbox.set_property("checked", &true.into());
    send(&checkbox, "change");
    assert!(ticked.get_untracked());

    typed.set(String::new());
    ticked.set(false);
    next_tick(0).await;
    assert_eq!(field.property_string("value"), "", "a form cleared after saving shows empty");
    assert!(!checkbox.property_bool("checked"));
    owner.cleanup();
}

#[wasm_bindgen_test]
async fn work_a_listener_starts_belongs_to_the_screen_it_was_built_on() {
    start_executor();
    let owner = Owner::new();
    let finished = Rc::new(Cell::new(false));
    let flag = finished.clone();
    let button = owner.with(|| {
        el("button").on("click", move |_| {
            let flag = flag.clone();
            spawn_owned(async move {
                next_tick(50).await;
                flag.set(true);
            });
        })
    });
    send(&button, "click");
    owner.cleanup();
    next_tick(120).await;
    assert!(!finished.get(), "the screen went, so the work it started stopped");
}
