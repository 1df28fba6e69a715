//! The address bar: the page's own URL and the hash that holds the route.

use tern_core::route::Route;

fn location() -> web_sys::Location {
    web_sys::window().expect("a window").location()
}

/// The full address of this page, e.g. `https://mail.example.org/tern/#/mail/inbox`.
pub fn page_url() -> String {
    location().href().unwrap_or_default()
}

pub fn current_route() -> Route {
    Route::from_hash(&location().hash().unwrap_or_default())
}

/// Goes to `route` by changing the hash, which adds a history entry as a link would.
pub fn navigate(route: &Route) {
    let _ = location().set_hash(&route.to_hash());
}

pub fn reload() {
    let _ = location().reload();
}
