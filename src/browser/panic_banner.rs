//! A bug must not leave a dead page. The panic hook puts up a banner, built with plain DOM
//! calls and a reload button bound straight to `location.reload`, because after a panic
//! the WebAssembly instance can no longer be trusted to run.

use wasm_bindgen::{JsCast, JsValue};

pub const BANNER_ID: &str = "tern-panic-banner";

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&JsValue::from_str(&info.to_string()));
        show(&info.to_string());
    }));
}

/// Shows the banner once, whatever happens next; `detail` is there for a bug report.
pub fn show(detail: &str) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    if document.get_element_by_id(BANNER_ID).is_some() {
        return;
    }
    let Some(body) = document.body() else {
        return;
    };
    let build = || -> Result<web_sys::Element, JsValue> {
        let banner = document.create_element("div")?;
        banner.set_id(BANNER_ID);
        banner.set_class_name("panic-banner");
        banner.set_attribute("role", "alert")?;
        banner.set_attribute("data-testid", "panic-banner")?;

        let message = document.create_element("p")?;
        message.set_text_content(Some(crate::text::PANIC_MESSAGE));
        banner.append_child(&message)?;

        let details = document.create_element("details")?;
        let summary = document.create_element("summary")?;
        summary.set_text_content(Some(crate::text::PANIC_DETAILS));
        details.append_child(&summary)?;
        let pre = document.create_element("pre")?;
        pre.set_text_content(Some(detail));
        details.append_child(&pre)?;
        banner.append_child(&details)?;

        let button: web_sys::HtmlElement = document.create_element("button")?.unchecked_into();
        button.set_text_content(Some(crate::text::RELOAD));
        button.set_attribute("type", "button")?;
        button.set_attribute("data-testid", "panic-reload")?;
        let location = web_sys::window().expect("a window").location();
        let reload: js_sys::Function = js_sys::Reflect::get(&location, &"reload".into())?.unchecked_into();
        button.set_onclick(Some(&reload.bind0(&location)));
        banner.append_child(&button)?;
        Ok(banner)
    };
    if let Ok(banner) = build() {
        let _ = body.insert_before(&banner, body.first_child().as_ref());
    }
}
