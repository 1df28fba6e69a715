//! Office.js, on the Outlook add-in's pane (`addin.html`, written by
//! `scripts/finish-pages.mjs`): whether this page is the pane, and where it runs.

use super::get;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Where Office says the pane runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OfficeHost {
    /// Office.js did not load: blocked, offline, or a page served without it.
    Missing,
    /// Office.js loaded, but no Office application opened the page.
    Outside,
    /// In an Office application: `host` is e.g. `Outlook`, `platform` e.g. `OfficeOnline`.
    Inside { host: String, platform: String },
}

/// Whether this page is the add-in's pane rather than Tern's own page.
pub fn is_addin_page() -> bool {
    let root = web_sys::window().and_then(|window| window.document()).and_then(|document| document.document_element());
    root.and_then(|root| root.get_attribute("data-tern-page")).as_deref() == Some("addin")
}

/// Whether the Office host supports a requirement set, at least at `version`. Outside
/// Office there is no `Office.context` to ask.
pub fn is_set_supported(name: &str, version: &str) -> bool {
    let Some(requirements) = web_sys::window()
        .and_then(|window| get(&window, "Office"))
        .and_then(|office| get(&office, "context"))
        .and_then(|context| get(&context, "requirements"))
    else {
        return false;
    };
    let Some(check) = get(&requirements, "isSetSupported").and_then(|value| value.dyn_into::<js_sys::Function>().ok()) else {
        return false;
    };
    check.call2(&requirements, &JsValue::from_str(name), &JsValue::from_str(version)).is_ok_and(|answer| answer.is_truthy())
}

/// Waits for `Office.onReady`, which resolves once Office.js has met its host, or with no
/// host outside Office.
pub async fn ready() -> OfficeHost {
    let Some(window) = web_sys::window() else { return OfficeHost::Missing };
    let Some(office) = get(&window, "Office") else { return OfficeHost::Missing };
    let Some(on_ready) = get(&office, "onReady").and_then(|value| value.dyn_into::<js_sys::Function>().ok()) else {
        return OfficeHost::Missing;
    };
    let Ok(promise) = on_ready.call0(&office).and_then(|value| value.dyn_into::<js_sys::Promise>()) else {
        return OfficeHost::Missing;
    };
    let Ok(info) = JsFuture::from(promise).await else { return OfficeHost::Missing };
    match (get(&info, "host").and_then(|v| v.as_string()), get(&info, "platform").and_then(|v| v.as_string())) {
        (Some(host), platform) => OfficeHost::Inside { host, platform: platform.unwrap_or_default() },
        (None, _) => OfficeHost::Outside,
    }
}

/// The origins of the pages around this one, innermost first; `None` where the browser
/// does not tell (Firefox).
pub fn ancestor_origins() -> Option<Vec<String>> {
    let window = web_sys::window()?;
    let list = get(&window.location(), "ancestorOrigins")?;
    let length = get(&list, "length")?.as_f64()? as u32;
    let item = get(&list, "item")?.dyn_into::<js_sys::Function>().ok()?;
    Some((0..length).filter_map(|index| item.call1(&list, &JsValue::from(index)).ok()?.as_string()).collect())
}
