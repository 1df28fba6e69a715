//! Thin wrappers over browser APIs. Each returns typed errors and holds no app rules.

pub mod clipboard;
pub mod collation;
pub mod config_loader;
pub mod crypto;
pub mod dom;
pub mod http;
pub mod intl;
pub mod location;
pub mod mail_html;
pub mod naa_bridge;
pub mod notify;
pub mod office;
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

/// A property of a JavaScript object, when it is there (neither undefined nor null).
pub fn get(target: &JsValue, name: &str) -> Option<JsValue> {
    js_sys::Reflect::get(target, &JsValue::from_str(name)).ok().filter(|value| !value.is_undefined() && !value.is_null())
}

/// Calls the method `name` of a JavaScript object, when it has one.
pub fn invoke(target: &JsValue, name: &str, arguments: &[&JsValue]) -> Result<JsValue, JsValue> {
    let function = get(target, name).and_then(|value| value.dyn_into::<js_sys::Function>().ok()).ok_or_else(|| JsValue::from_str(name))?;
    function.apply(target, &arguments.iter().copied().collect())
}

/// Whether this page runs inside a frame of another page.
pub fn is_framed() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    match window.top() {
        Ok(Some(top)) => !js_sys::Object::is(&top, &window),
        Ok(None) => false,
        // A top that cannot even be named is some other page's.
        Err(_) => true,
    }
}

/// Saves a `blob:` URL under `name`, as a download link would.
pub fn download(url: &str, name: &str) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    if let Ok(link) = document.create_element("a") {
        let link: web_sys::HtmlAnchorElement = link.unchecked_into();
        link.set_href(url);
        link.set_download(name);
        link.set_rel("noopener");
        link.click();
    }
}
