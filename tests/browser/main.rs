//! Browser tests: Tern's glue and components in headless Chromium (wasm-bindgen-test).

#![cfg(target_arch = "wasm32")]

mod config;
mod crypto;
mod limiter;
mod live;
mod mail_html;
mod panic_banner;
mod single_flight;
mod storage;
mod task;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Waits for the browser to run its queued work (renders, timers, fetches).
pub async fn next_tick(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}
