use crate::next_tick;
use tern::browser::panic_banner;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

fn banners() -> u32 {
    let document = web_sys::window().unwrap().document().unwrap();
    document.query_selector_all("[data-testid=panic-banner]").unwrap().length()
}

#[wasm_bindgen_test]
fn the_banner_appears_once_with_details_and_a_reload_button() {
    panic_banner::show("index out of bounds: the len is 0 but the index is 3");
    panic_banner::show("a second panic");
    assert_eq!(banners(), 1);
    let document = web_sys::window().unwrap().document().unwrap();
    let banner = document.get_element_by_id(panic_banner::BANNER_ID).unwrap();
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    let text = banner.text_content().unwrap();
    assert!(text.contains("Something broke"), "{text}");
    assert!(text.contains("index out of bounds"), "{text}");
    assert!(!text.contains("second panic"), "{text}");
    let reload = banner.query_selector("[data-testid=panic-reload]").unwrap().unwrap();
    assert!(reload.unchecked_into::<web_sys::HtmlElement>().onclick().is_some());
    banner.remove();
}

#[wasm_bindgen_test]
async fn a_panic_after_start_up_puts_up_the_banner() {
    panic_banner::install();
    let panics = Closure::once_into_js(|| {
        let items: Vec<u8> = Vec::new();
        let index = items.len() + 3;
        let _ = items[index];
    });
    web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(panics.unchecked_ref(), 0).unwrap();
    next_tick(50).await;
    assert_eq!(banners(), 1);
    let document = web_sys::window().unwrap().document().unwrap();
    let banner = document.get_element_by_id(panic_banner::BANNER_ID).unwrap();
    assert!(banner.text_content().unwrap().contains("index out of bounds"));
    banner.remove();
}
