//! At most N requests in flight (Outlook allows 4 per mailbox); the rest wait their turn in
//! order instead of being fired and throttled.

use futures::channel::oneshot;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

pub struct Limiter {
    capacity: usize,
    in_flight: Cell<usize>,
    waiting: RefCell<VecDeque<oneshot::Sender<()>>>,
}

/// A place in flight; dropping it hands the place to the next waiter.
pub struct Permit {
    limiter: Rc<Limiter>,
}

impl Limiter {
    pub fn new(capacity: usize) -> Rc<Limiter> {
        Rc::new(Limiter {
            capacity: capacity.max(1),
            in_flight: Cell::new(0),
            waiting: RefCell::new(VecDeque::new()),
        })
    }

    pub fn in_flight(&self) -> usize {
        self.in_flight.get()
    }

    pub fn waiting(&self) -> usize {
        self.waiting.borrow().len()
    }

    pub async fn acquire(self: &Rc<Self>) -> Permit {
        if self.in_flight.get() < self.capacity {
            self.in_flight.set(self.in_flight.get() + 1);
            return Permit { limiter: self.clone() };
        }
        let (sender, receiver) = oneshot::channel();
        self.waiting.borrow_mut().push_back(sender);
        // The releasing permit hands its place over, so the count stays as it is.
        let _ = receiver.await;
        Permit { limiter: self.clone() }
    }

    fn release(&self) {
        loop {
            let next = self.waiting.borrow_mut().pop_front();
            match next {
                Some(waiter) => {
                    if waiter.send(()).is_ok() {
                        return;
                    }
                }
                None => {
                    self.in_flight.set(self.in_flight.get() - 1);
                    return;
                }
            }
        }
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.limiter.release();
    }
}
