use crate::next_tick;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use tern::services::task::{load, Loaded};
use wasm_bindgen_test::wasm_bindgen_test;

/// A load that answers with its input, a signal, after waiting that many milliseconds;
/// and every value the load showed, in order.
type Shown = Rc<RefCell<Vec<Option<i32>>>>;

fn slow_echo(owner: &Owner, input: RwSignal<i32>) -> (Loaded<i32>, Shown, RenderEffect<()>) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let loaded = owner.with(|| {
        load(move || {
            let wait_ms = input.get();
            async move {
                next_tick(wait_ms).await;
                wait_ms
            }
        })
    });
    let record = seen.clone();
    let recorder = owner.with(|| RenderEffect::new(move |_: Option<()>| record.borrow_mut().push(loaded.get())));
    (loaded, seen, recorder)
}

/// Leptos starts its task executor when it mounts a view; these tests mount nothing else.
fn start_executor() {
    leptos::mount::mount_to_body(|| ());
}

#[wasm_bindgen_test]
async fn an_answer_for_an_input_already_changed_is_never_shown() {
    start_executor();
    let owner = Owner::new();
    let input = owner.with(|| RwSignal::new(80));
    let (loaded, seen, _recorder) = slow_echo(&owner, input);
    assert_eq!(loaded.get_untracked(), None, "nothing until the first answer");
    next_tick(10).await;
    input.set(20);
    next_tick(200).await;
    assert_eq!(loaded.get_untracked(), Some(20));
    assert_eq!(*seen.borrow(), [None, Some(20)], "the slow first answer was dropped, never shown");

    // The last answer stays while the next one loads.
    input.set(30);
    next_tick(5).await;
    assert_eq!(loaded.get_untracked(), Some(20));
    next_tick(100).await;
    assert_eq!(loaded.get_untracked(), Some(30));
    assert_eq!(*seen.borrow(), [None, Some(20), Some(30)]);
    owner.cleanup();
}

#[wasm_bindgen_test]
async fn an_answer_ready_at_once_is_there_at_once_and_a_gone_screen_stops_its_load() {
    start_executor();
    let owner = Owner::new();
    let ready = owner.with(|| load(|| async { "at once" }));
    assert_eq!(ready.get_untracked(), Some("at once"), "no loading state in between");

    let finished = Rc::new(RefCell::new(0));
    let counter = finished.clone();
    owner.with(|| {
        load(move || {
            let counter = counter.clone();
            async move {
                next_tick(40).await;
                *counter.borrow_mut() += 1;
            }
        })
    });
    owner.cleanup();
    next_tick(100).await;
    assert_eq!(*finished.borrow(), 0, "the load of a screen that went was dropped, not finished");
}
