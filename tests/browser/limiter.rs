use crate::next_tick;
use futures::future::join_all;
use std::cell::Cell;
use std::rc::Rc;
use tern::services::limiter::Limiter;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn never_more_than_four_in_flight_and_everyone_gets_a_turn_in_order() {
    let limiter = Limiter::new(4);
    let running = Rc::new(Cell::new(0));
    let most = Rc::new(Cell::new(0));
    let order = Rc::new(std::cell::RefCell::new(Vec::new()));
    let calls = (0..20).map(|i| {
        let (limiter, running, most, order) = (limiter.clone(), running.clone(), most.clone(), order.clone());
        async move {
            let _permit = limiter.acquire().await;
            order.borrow_mut().push(i);
            running.set(running.get() + 1);
            most.set(most.get().max(running.get()));
            next_tick(5).await;
            running.set(running.get() - 1);
        }
    });
    join_all(calls).await;
    assert_eq!(most.get(), 4);
    assert_eq!(*order.borrow(), (0..20).collect::<Vec<_>>());
    assert_eq!(limiter.in_flight(), 0);
    assert_eq!(limiter.waiting(), 0);
}

#[wasm_bindgen_test]
async fn an_abandoned_waiter_does_not_leak_a_place() {
    let limiter = Limiter::new(1);
    let first = limiter.acquire().await;
    {
        let waiting = Box::pin(limiter.acquire());
        // Polled once so it queues, then dropped: the caller gave up.
        let _ = futures::poll!(waiting);
    }
    drop(first);
    assert_eq!(limiter.in_flight(), 0);
    let again = limiter.acquire().await;
    assert_eq!(limiter.in_flight(), 1);
    drop(again);
}

#[wasm_bindgen_test]
async fn a_batch_takes_several_places_at_once_and_is_served_in_turn() {
    let limiter = Limiter::new(4);
    let single = limiter.acquire().await;
    let pair = limiter.acquire_many(2).await;
    assert_eq!(limiter.in_flight(), 3);
    // A batch of four waits for every place; a single call after it waits behind it.
    let batch = Box::pin(limiter.acquire_many(20));
    let mut batch = batch;
    assert!(futures::poll!(&mut batch).is_pending());
    let mut later = Box::pin(limiter.acquire());
    assert!(futures::poll!(&mut later).is_pending(), "a later call must not overtake the batch");
    drop(single);
    assert!(futures::poll!(&mut batch).is_pending());
    drop(pair);
    let batch = batch.await;
    assert_eq!(limiter.in_flight(), 4);
    assert!(futures::poll!(&mut later).is_pending());
    drop(batch);
    let later = later.await;
    assert_eq!(limiter.in_flight(), 1);
    drop(later);
    assert_eq!(limiter.in_flight(), 0);
    assert_eq!(limiter.waiting(), 0);
}
