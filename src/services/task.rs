//! Async work belongs to the screen that started it. A task spawned here is tied to the
//! reactive owner it starts under (a screen, a component, an effect run): when that owner
//! goes, because the person moved on or switched account, the task stops at its next
//! `await`, so no answer lands in a store that is gone and no disposed value is read.
//!
//! Work that must finish whatever the screen does (sending a message, a sign-in round
//! trip) uses `leptos::task::spawn_local` and touches only what outlives screens.

pub use leptos::task::spawn_local_scoped_with_cancellation as spawn_owned;

use leptos::prelude::Owner;
use std::future::Future;

/// Work that belongs to the screen it was made on, however deep the callback that starts
/// it: a form's Save, say, reloads the list for the screen, not for the form, which is
/// gone a moment later.
#[derive(Clone)]
pub struct ScreenWork(Owner);

impl ScreenWork {
    /// Bound to the owner current now (the screen being built).
    pub fn here() -> ScreenWork {
        ScreenWork(Owner::current().unwrap_or_default())
    }

    pub fn spawn(&self, work: impl Future<Output = ()> + 'static) {
        self.0.with(|| spawn_owned(work));
    }
}
