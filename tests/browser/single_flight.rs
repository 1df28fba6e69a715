use crate::next_tick;
use futures::future::join_all;
use std::cell::Cell;
use std::rc::Rc;
use tern::services::single_flight::SingleFlight;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn twenty_concurrent_callers_share_one_piece_of_work() {
    let flights: Rc<SingleFlight<Result<String, String>>> = Rc::default();
    let started = Rc::new(Cell::new(0));
    let calls = (0..20).map(|_| {
        let flights = flights.clone();
        let started = started.clone();
        async move {
            flights
                .run("account-a", move || async move {
                    started.set(started.get() + 1);
                    next_tick(20).await;
                    Ok::<_, String>(format!("token-{}", started.get()))
                })
                .await
        }
    });
    let results = join_all(calls).await;
    assert_eq!(started.get(), 1, "one renewal for twenty callers");
    assert!(results.iter().all(|r| r.as_deref() == Ok("token-1")), "{results:?}");

    // Once finished, the next caller starts fresh work.
    let again = flights.run("account-a", || async { Ok::<_, String>("token-2".into()) }).await;
    assert_eq!(again.as_deref(), Ok("token-2"));
}

#[wasm_bindgen_test]
async fn different_keys_do_not_wait_for_each_other_and_failures_are_shared_too() {
    let flights: Rc<SingleFlight<Result<String, String>>> = Rc::default();
    let a = flights.run("a", || async { Err::<String, _>("invalid_grant".to_string()) });
    let b = flights.run("b", || async { Ok::<_, String>("token-b".to_string()) });
    let (a, b) = futures::join!(a, b);
    assert_eq!(a, Err("invalid_grant".into()));
    assert_eq!(b, Ok("token-b".into()));
}
