//! Thin wrappers over browser APIs. Each returns typed errors and holds no app rules.

pub mod config_loader;
pub mod crypto;
pub mod http;
pub mod location;
pub mod panic_banner;
pub mod storage;
pub mod timer;

use wasm_bindgen::{JsCast, JsValue};

/// The message of a JavaScript exception or rejection, for error screens.
pub fn js_error_message(error: &JsValue) -> String {
    if let Some(error) = error.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    error.as_string().unwrap_or_else(|| format!("{error:?}"))
}
