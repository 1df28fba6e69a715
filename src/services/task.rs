//! Async work belongs to the screen that started it. A task spawned here is tied to the
//! reactive owner it starts under (a screen, a component, an effect run): when that owner
//! goes, because the person moved on or switched account, the task stops at its next
//! `await`, so no answer lands in a store that is gone and no disposed value is read.
//!
//! Work that must finish whatever the screen does (sending a message, a sign-in round
//! trip) uses `leptos::task::spawn_local` and touches only what outlives screens.

use futures::FutureExt;
use leptos::prelude::{on_cleanup, Effect, LocalStorage, Owner, ReadSignal, RenderEffect, RwSignal, Set};
use std::future::Future;
use std::pin::Pin;

/// Work owned by the current reactive owner (see above).
pub fn spawn_owned(work: impl Future<Output = ()> + 'static) {
    spawn_boxed(Box::pin(work));
}

/// One copy of the owner's machinery (cancellation, the owner set around each poll) for
/// every task: spawned with its own type, each of Tern's sixty-odd kinds of task compiled a
/// copy of its own (docs/size.md).
fn spawn_boxed(work: Pin<Box<dyn Future<Output = ()>>>) {
    leptos::task::spawn_local_scoped_with_cancellation(work);
}

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

/// Leptos's `Effect::new` with the closure boxed: one copy of an effect's machinery (the
/// loop that schedules its runs) for all of Tern's effects, not one per closure.
pub fn effect(run: impl FnMut(Option<()>) + 'static) {
    let run: Box<dyn FnMut(Option<()>)> = Box::new(run);
    Effect::new(run);
}

/// What an async load gave: `None` until the first answer, then the latest. The load runs
/// at once, and again whenever a signal `fetch` reads changes; a run not finished then is
/// dropped, so an older answer never overwrites a newer one, and the last answer stays
/// shown while the next one loads. An answer ready at once is there at once, with no
/// loading state in between. Lighter than Leptos's `LocalResource`, whose machinery (made
/// for `Suspense` and transitions, which Tern does not use) was compiled once per load
/// (docs/size.md).
pub type Loaded<T> = ReadSignal<Option<T>, LocalStorage>;

pub fn load<T: 'static, F: Future<Output = T> + 'static>(fetch: impl Fn() -> F + 'static) -> Loaded<T> {
    let value = RwSignal::new_local(None);
    let effect = RenderEffect::new(move |_: Option<()>| {
        let mut work = Box::pin(fetch());
        match (&mut work).now_or_never() {
            Some(done) => value.set(Some(done)),
            // Owned by this run: the next run, or the screen going, drops it.
            None => spawn_owned(async move { value.set(Some(work.await)) }),
        }
    });
    on_cleanup(move || drop(effect));
    value.read_only()
}
