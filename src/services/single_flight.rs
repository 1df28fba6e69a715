//! One piece of work per key at a time, shared by every caller that asks meanwhile: twenty
//! calls that need a new token make one token request.

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;

type Flight<T> = Shared<LocalBoxFuture<'static, T>>;

pub struct SingleFlight<T: Clone + 'static> {
    flights: RefCell<HashMap<String, Flight<T>>>,
}

impl<T: Clone + 'static> Default for SingleFlight<T> {
    fn default() -> Self {
        SingleFlight { flights: RefCell::new(HashMap::new()) }
    }
}

impl<T: Clone + 'static> SingleFlight<T> {
    /// Joins the work running for `key`, or starts `work` if none is.
    pub async fn run<F, Fut>(&self, key: &str, work: F) -> T
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = T> + 'static,
    {
        let existing = self.flights.borrow().get(key).cloned();
        let flight = existing.unwrap_or_else(|| {
            let flight = work().boxed_local().shared();
            self.flights.borrow_mut().insert(key.to_owned(), flight.clone());
            flight
        });
        let result = flight.clone().await;
        let mut flights = self.flights.borrow_mut();
        // A later flight for the same key may have started; only the finished one leaves.
        if flights.get(key).is_some_and(|current| current.ptr_eq(&flight)) {
            flights.remove(key);
        }
        result
    }
}
