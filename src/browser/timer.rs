//! Waiting without blocking the page.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Resolves after `ms` milliseconds (a `setTimeout`).
pub async fn sleep(ms: u64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let delay = i32::try_from(ms).unwrap_or(i32::MAX);
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, delay);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The time in seconds since 1970, read again every `every` for as long as the reactive
/// owner it is made under lives (a countdown, a schedule that starts while the tab is open).
pub fn clock(every: std::time::Duration) -> leptos::prelude::ReadSignal<i64> {
    use leptos::prelude::*;
    let seconds = || (js_sys::Date::now() / 1000.0) as i64;
    let clock = RwSignal::new(seconds());
    if let Ok(ticking) = set_interval_with_handle(move || clock.set(seconds()), every) {
        on_cleanup(move || ticking.clear());
    }
    clock.read_only()
}

/// Runs a function once after a delay, unless the handle is dropped first: dropping it
/// clears the browser's timer, so nothing runs for a screen that is gone.
pub struct Timeout {
    handle: Option<i32>,
    _callback: Closure<dyn FnMut()>,
}

impl Timeout {
    pub fn new(ms: u64, run: impl FnOnce() + 'static) -> Timeout {
        let mut run = Some(run);
        let callback = Closure::<dyn FnMut()>::new(move || {
            if let Some(run) = run.take() {
                run();
            }
        });
        let delay = i32::try_from(ms).unwrap_or(i32::MAX);
        let handle = web_sys::window()
            .and_then(|window| window.set_timeout_with_callback_and_timeout_and_arguments_0(callback.as_ref().unchecked_ref(), delay).ok());
        Timeout { handle, _callback: callback }
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        if let (Some(handle), Some(window)) = (self.handle, web_sys::window()) {
            window.clear_timeout_with_handle(handle);
        }
    }
}
