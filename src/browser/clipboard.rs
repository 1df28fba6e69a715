//! Copying text for the person: the asynchronous Clipboard API, which browsers allow only
//! after a click and in a secure context. Where it refuses, the text is still on screen to
//! select by hand.

use super::{get, invoke, js_error_message};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

pub async fn copy(text: &str) -> Result<(), String> {
    let navigator = web_sys::window().map(|window| JsValue::from(window.navigator())).ok_or("no window")?;
    let clipboard = get(&navigator, "clipboard").ok_or("this browser offers no clipboard to pages")?;
    let promise = invoke(&clipboard, "writeText", &[&JsValue::from_str(text)]).map_err(|error| js_error_message(&error))?;
    JsFuture::from(js_sys::Promise::from(promise)).await.map(drop).map_err(|error| js_error_message(&error))
}
