//! At most N requests in flight (Outlook allows 4 per mailbox); the rest wait their turn in
//! order instead of being fired and throttled. A `$batch` takes as many places as Graph
//! runs of it at once (up to all of them), since Outlook counts its inner requests.

use futures::channel::oneshot;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

pub struct Limiter {
    capacity: usize,
    in_flight: Cell<usize>,
    /// Waiters in arrival order, each with the places it needs. The first is served first:
    /// a large request is never overtaken by smaller ones forever.
    waiting: RefCell<VecDeque<(usize, oneshot::Sender<()>)>>,
}

/// Places in flight; dropping them hands them to the next waiters.
pub struct Permit {
    limiter: Rc<Limiter>,
    places: usize,
}

impl Limiter {
    pub fn new(capacity: usize) -> Rc<Limiter> {
        Rc::new(Limiter { capacity: capacity.max(1), in_flight: Cell::new(0), waiting: RefCell::new(VecDeque::new()) })
    }

    pub fn in_flight(&self) -> usize {
        self.in_flight.get()
    }

    pub fn waiting(&self) -> usize {
        self.waiting.borrow().len()
    }

    pub async fn acquire(self: &Rc<Self>) -> Permit {
        self.acquire_many(1).await
    }

    /// `places` at once (at most the capacity), all or nothing, so two large requests can
    /// never each hold part of what the other waits for.
    pub async fn acquire_many(self: &Rc<Self>, places: usize) -> Permit {
        let places = places.clamp(1, self.capacity);
        if self.waiting.borrow().is_empty() && self.in_flight.get() + places <= self.capacity {
            self.in_flight.set(self.in_flight.get() + places);
            return Permit { limiter: self.clone(), places };
        }
        let (sender, receiver) = oneshot::channel();
        self.waiting.borrow_mut().push_back((places, sender));
        // The grant counted the places in already.
        let _ = receiver.await;
        Permit { limiter: self.clone(), places }
    }

    fn release(&self, places: usize) {
        self.in_flight.set(self.in_flight.get() - places);
        loop {
            let mut waiting = self.waiting.borrow_mut();
            let Some((needed, _)) = waiting.front() else { return };
            if self.in_flight.get() + needed > self.capacity {
                return;
            }
            let (needed, waiter) = waiting.pop_front().expect("a waiter");
            drop(waiting);
            self.in_flight.set(self.in_flight.get() + needed);
            if waiter.send(()).is_err() {
                // The caller gave up while waiting: its places go back.
                self.in_flight.set(self.in_flight.get() - needed);
            }
        }
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.limiter.release(self.places);
    }
}
