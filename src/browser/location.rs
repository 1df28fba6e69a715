//! The address bar: the page's own URL and the hash that holds the route.

use tern_core::route::Route;

fn location() -> web_sys::Location {
    web_sys::window().expect("a window").location()
}

/// The full address of this page, e.g. `https://mail.example.org/tern/#/mail/inbox`.
pub fn page_url() -> String {
    location().href().unwrap_or_default()
}

pub fn search() -> String {
    location().search().unwrap_or_default()
}

pub fn hash() -> String {
    location().hash().unwrap_or_default()
}

pub fn current_route() -> Route {
    Route::from_hash(&hash())
}

/// Goes to `route` by changing the hash, which adds a history entry as a link would.
pub fn navigate(route: &Route) {
    let _ = location().set_hash(&route.to_hash());
}

/// Rewrites the address without a new history entry or a reload: used to remove codes and
/// tokens from the address bar before anything else runs.
pub fn replace_address(url: &str) {
    if let Some(history) = web_sys::window().and_then(|window| window.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
    }
}

/// The page's address without query and fragment.
pub fn page_without_query_and_fragment() -> String {
    let location = location();
    format!("{}{}", location.origin().unwrap_or_default(), location.pathname().unwrap_or_default())
}

/// Leaves the page for `url` (a top-level redirect to the identity provider).
pub fn go_to(url: &str) {
    let _ = location().assign(url);
}

pub fn reload() {
    let _ = location().reload();
}
