//! Browser notifications (the Notifications API). Permission is asked only from a
//! person's click: browsers refuse, or remember as a nuisance, a request made at load.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Notification, NotificationOptions, NotificationPermission};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    Granted,
    /// Refused, now or before: only the site's settings in the browser can change it.
    Denied,
    /// Not asked yet.
    Ask,
    /// This browser (or this frame) has no notifications.
    Unsupported,
}

fn supported() -> bool {
    js_sys::Reflect::has(&js_sys::global(), &JsValue::from_str("Notification")).unwrap_or(false)
}

pub fn permission() -> Permission {
    if !supported() {
        return Permission::Unsupported;
    }
    match Notification::permission() {
        NotificationPermission::Granted => Permission::Granted,
        NotificationPermission::Denied => Permission::Denied,
        _ => Permission::Ask,
    }
}

/// Asks for permission; call it only from a click.
pub async fn ask() -> Permission {
    if !supported() {
        return Permission::Unsupported;
    }
    if let Ok(promise) = Notification::request_permission() {
        // The answer is read back below; a rejection leaves it as it was.
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
    permission()
}

/// Shows a notification; a click on it brings the tab forward and runs `on_click`. One
/// `tag` replaces an earlier notification with the same tag instead of piling up.
pub fn show(title: &str, body: &str, tag: &str, on_click: impl FnOnce() + 'static) {
    let options = NotificationOptions::new();
    options.set_body(body);
    options.set_tag(tag);
    let Ok(notification) = Notification::new_with_options(title, &options) else { return };
    let clicked = Closure::once_into_js(move || {
        if let Some(window) = web_sys::window() {
            let _ = window.focus();
        }
        on_click();
    });
    notification.set_onclick(Some(clicked.unchecked_ref()));
}
