use crate::next_tick;
use leptos::prelude::*;
use serde::Deserialize;
use tern::browser::mail_html::{clean, text_document, CleanOptions};
use tern::components::mail_body::MailBody;
use tern_core::graph::models::{BodyType, ItemBody};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Document, DomParser, Element, HtmlIFrameElement, SupportedType};

const VECTORS: &str = include_str!("../fixtures/xss/vectors.json");
/// The frame attributes of `MailBody`: no `allow-scripts`, ever.
const SANDBOX: &str = "allow-same-origin allow-popups allow-popups-to-escape-sandbox";
const FORBIDDEN: &[&str] = &[
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button", "textarea", "select", "svg", "math",
    "base", "meta", "link", "noscript", "template", "title", "source", "param",
];
const URL_ATTRIBUTES: &[&str] =
    &["href", "src", "srcset", "background", "poster", "action", "formaction", "xlink:href", "data", "ping", "srcdoc"];

#[derive(Deserialize)]
struct Vector {
    id: String,
    html: String,
}

fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

/// The test page's own origin: a request there is recorded in resource timing even though
/// it answers 404, where a closed port might leave no trace.
fn tracker() -> String {
    window().location().origin().unwrap() + "/tracker"
}

fn vectors() -> Vec<Vector> {
    let mut vectors: Vec<Vector> = serde_json::from_str(VECTORS).unwrap();
    assert_eq!(vectors.len(), 124);
    let tracker = tracker();
    for vector in &mut vectors {
        vector.html = vector.html.replace("{{TRACKER}}", &tracker);
    }
    vectors
}

fn parse(html: &str) -> Document {
    DomParser::new().unwrap().parse_from_string(html, SupportedType::TextHtml).unwrap()
}

fn elements(root: &Element) -> Vec<Element> {
    let list = root.query_selector_all("*").unwrap();
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into().ok()).collect()
}

/// What in a cleaned document could still run script or point at it.
fn leftovers(cleaned: &str) -> Vec<String> {
    let doc = parse(cleaned);
    let mut found = Vec::new();
    for element in elements(&doc.body().unwrap()) {
        let tag = element.local_name();
        if FORBIDDEN.contains(&tag.as_str()) {
            found.push(tag.clone());
        }
        for name in element.get_attribute_names().iter().filter_map(|name| name.as_string()) {
            let value: String = element.get_attribute(&name).unwrap().to_ascii_lowercase().split_whitespace().collect();
            if name.starts_with("on") {
                found.push(tag.clone() + " " + &name);
            }
            let scripted = ["javascript:", "vbscript:"].iter().any(|scheme| value.contains(scheme));
            if (URL_ATTRIBUTES.contains(&name.as_str()) && scripted) || (name == "style" && value.contains("url(javascript")) {
                found.push(tag.clone() + " " + &name + "=" + &value);
            }
        }
    }
    for element in elements(&doc.head().unwrap()) {
        if !["meta", "base", "style"].contains(&element.local_name().as_str()) {
            found.push(element.outer_html());
        }
    }
    found
}

/// Mounts `srcdoc` in a frame with `sandbox` and waits until it has loaded.
async fn mount(srcdoc: &str, sandbox: &str) -> HtmlIFrameElement {
    let document = window().document().unwrap();
    let frame: HtmlIFrameElement = document.create_element("iframe").unwrap().unchecked_into();
    frame.set_attribute("sandbox", sandbox).unwrap();
    frame.set_attribute("referrerpolicy", "no-referrer").unwrap();
    frame.set_srcdoc(srcdoc);
    let loaded = js_sys::Promise::new(&mut |resolve, _| frame.set_onload(Some(&resolve)));
    document.body().unwrap().append_child(&frame).unwrap();
    wasm_bindgen_futures::JsFuture::from(loaded).await.unwrap();
    next_tick(20).await;
    frame
}

fn resources(of: &JsValue) -> Vec<String> {
    let performance = js_sys::Reflect::get(of, &"performance".into()).unwrap();
    let entries: js_sys::Array = js_sys::Reflect::get(&performance, &"getEntriesByType".into())
        .unwrap()
        .unchecked_into::<js_sys::Function>()
        .call1(&performance, &"resource".into())
        .unwrap()
        .unchecked_into();
    entries.iter().map(|entry| js_sys::Reflect::get(&entry, &"name".into()).unwrap().as_string().unwrap()).collect()
}

fn requests_out(frame: &HtmlIFrameElement) -> Vec<String> {
    resources(&frame.content_window().unwrap())
        .into_iter()
        .filter(|name| !name.starts_with("data:") && !name.starts_with("blob:"))
        .collect()
}

fn script_ran() -> bool {
    js_sys::Reflect::get(&window(), &"__tern_xss".into()).unwrap().is_truthy()
}

fn blocked() -> CleanOptions {
    CleanOptions::default()
}

#[wasm_bindgen_test]
async fn no_hostile_vector_leaves_script_or_makes_a_request() {
    let flag = js_sys::Function::new_no_args("window.__tern_xss = 1");
    js_sys::Reflect::set(&window(), &"alert".into(), &flag).unwrap();
    let mut failures = Vec::new();
    for vector in vectors() {
        let cleaned = clean(&vector.html, &blocked());
        let left = leftovers(&cleaned.html);
        if !left.is_empty() {
            failures.push(vector.id.clone() + ": left " + &left.join(", "));
        }
        let frame = mount(&cleaned.html, SANDBOX).await;
        let out = requests_out(&frame);
        if !out.is_empty() {
            failures.push(vector.id.clone() + ": requested " + &out.join(", "));
        }
        frame.remove();
    }
    let tracked: Vec<String> = resources(&window()).into_iter().filter(|name| name.contains("/tracker")).collect();
    assert!(tracked.is_empty(), "the page itself requested {tracked:?}");
    assert!(!script_ran(), "a vector called alert");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The cleaning on its own, without the frame's sandbox and policy to fall back on:
/// scripts are allowed in this frame, so anything the cleaner missed would run.
#[wasm_bindgen_test]
async fn cleaning_alone_stops_every_vector_even_where_scripts_may_run() {
    let hook = "<head><script>alert=confirm=prompt=function(){parent.__tern_xss=1}</script>";
    let mut failures = Vec::new();
    for vector in vectors() {
        let cleaned = clean(&vector.html, &blocked()).html;
        assert!(cleaned.contains("http-equiv=\"Content-Security-Policy\""));
        let unprotected =
            cleaned.replacen("http-equiv=\"Content-Security-Policy\"", "http-equiv=\"x-none\"", 1).replacen("<head>", hook, 1);
        let frame = mount(&unprotected, "allow-scripts allow-same-origin").await;
        let out = requests_out(&frame);
        if !out.is_empty() || script_ran() {
            failures.push(vector.id.clone() + ": " + &out.join(", "));
        }
        frame.remove();
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[wasm_bindgen_test]
async fn a_tracking_pixel_is_held_back_and_counted_until_images_are_shown() {
    let pixel = tracker() + "/pixel?id=shown";
    let html = String::from("<p>Hi</p><img id=p src=\"")
        + &pixel
        + "\" width=1 height=1><div id=d style=\"color:red;background:url('"
        + &pixel
        + "&bg')\">x</div>";
    let held = clean(&html, &blocked());
    assert_eq!(held.blocked_remote, 2);
    let doc = parse(&held.html);
    assert_eq!(doc.get_element_by_id("p").unwrap().get_attribute("src"), None);
    assert_eq!(doc.get_element_by_id("d").unwrap().get_attribute("style").as_deref(), Some("color:red;background:none"));
    assert!(!held.html.contains("https:"), "the frame's policy refuses web images");
    let frame = mount(&held.html, SANDBOX).await;
    assert_eq!(requests_out(&frame), Vec::<String>::new());
    frame.remove();

    let shown = clean(&html, &CleanOptions { show_remote_images: true, ..blocked() });
    assert_eq!(shown.blocked_remote, 0);
    let doc = parse(&shown.html);
    assert_eq!(doc.get_element_by_id("p").unwrap().get_attribute("src"), Some(pixel.clone()));
    let frame = mount(&shown.html, SANDBOX).await;
    let out = requests_out(&frame);
    assert!(out.contains(&pixel), "shown images load: {out:?}");
    frame.remove();
}

#[wasm_bindgen_test]
async fn cid_images_resolve_to_the_attachments_url() {
    let gif: &[u8] = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(gif));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).unwrap();
    let url = web_sys::Url::create_object_url_with_blob(&blob).unwrap();
    let options = CleanOptions { inline_images: vec![("Logo@Mail.Example".into(), url.clone())], ..blocked() };
    let cleaned = clean("<img id=a src=\"cid:logo@mail.example\"><img id=b src=\"cid:missing@x\">", &options);
    assert_eq!(cleaned.blocked_remote, 0);
    let frame = mount(&cleaned.html, SANDBOX).await;
    let doc = frame.content_document().unwrap();
    let image = doc.get_element_by_id("a").unwrap();
    assert_eq!(image.get_attribute("src"), Some(url.clone()));
    let width = js_sys::Reflect::get(&image, &"naturalWidth".into()).unwrap().as_f64();
    assert_eq!(width, Some(1.0), "the blob image loads under the frame's policy");
    assert_eq!(doc.get_element_by_id("b").unwrap().get_attribute("src"), None);
    frame.remove();
    web_sys::Url::revoke_object_url(&url).unwrap();
}

#[wasm_bindgen_test]
fn links_open_in_a_new_tab_without_referrer_and_only_to_web_or_mail() {
    let cleaned = clean(
        "<a id=w href=\"https://x.example/\" target=_self rel=opener ping=\"https://t.example/\">w</a>\
         <a id=m href=\"mailto:a@x.example\">m</a><a id=j href=\" java&#x09;script:alert(1)\">j</a><a id=r href=\"page.html\">r</a>",
        &blocked(),
    );
    let doc = parse(&cleaned.html);
    let link = |id: &str| doc.get_element_by_id(id).unwrap();
    for id in ["w", "m"] {
        assert_eq!(link(id).get_attribute("target").as_deref(), Some("_blank"), "{id}");
        assert_eq!(link(id).get_attribute("rel").as_deref(), Some("noopener noreferrer"), "{id}");
    }
    assert_eq!(link("w").get_attribute("href").as_deref(), Some("https://x.example/"));
    assert_eq!(link("w").get_attribute("ping"), None);
    for id in ["j", "r"] {
        assert_eq!(link(id).get_attribute("href"), None, "{id}");
        assert_eq!(link(id).get_attribute("target"), None, "{id}");
        assert_eq!(link(id).text_content().as_deref(), Some(id), "the text stays");
    }
    assert!(cleaned.html.contains("<base target=_blank>") || cleaned.html.contains("<base target=\"_blank\">"));
    assert!(cleaned.html.contains("<meta name=referrer content=no-referrer>"));
}

#[wasm_bindgen_test]
fn mail_styles_survive_without_their_remote_parts() {
    let cleaned = clean(
        "<html><head><style>@import url(https://t.example/c.css);p{color:red}</style><title>T</title></head>\
         <body bgcolor=\"#eee\" onload=\"x()\"><form action=\"https://t.example/\"><p class=c>kept</p></form><custom-tag>inner</custom-tag></body></html>",
        &blocked(),
    );
    let doc = parse(&cleaned.html);
    let head_styles = doc.head().unwrap().query_selector_all("style").unwrap();
    let mail_style = head_styles.item(head_styles.length() - 1).unwrap().text_content().unwrap();
    assert_eq!(mail_style, "@impor-xt none;p{color:red}");
    let body = doc.body().unwrap();
    assert_eq!(body.get_attribute("bgcolor").as_deref(), Some("#eee"));
    assert_eq!(body.get_attribute("onload"), None);
    assert_eq!(body.inner_html(), "<p class=\"c\">kept</p>inner");
}

#[wasm_bindgen_test]
async fn plain_text_is_shown_as_text() {
    let text = "<script>alert(1)</script> & <b>not bold</b>\nsecond line";
    let frame = mount(&text_document(text), SANDBOX).await;
    let body = frame.content_document().unwrap().body().unwrap();
    assert_eq!(body.text_content().as_deref(), Some(text));
    assert_eq!(body.query_selector("script, b").unwrap(), None);
    frame.remove();
}

#[wasm_bindgen_test]
async fn the_component_frames_the_body_and_shows_images_on_request() {
    let document = window().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let pixel = tracker() + "/pixel?id=component";
    let content = String::from("<p style=\"margin:0;height:300px\">Hello</p><img src=\"") + &pixel + "\">";
    let body = RwSignal::new(ItemBody { content_type: BodyType::Html, content });
    let handle = leptos::mount::mount_to(host.clone(), move || view! { <MailBody body=body /> });
    next_tick(200).await;
    let frame: HtmlIFrameElement = host.query_selector("[data-testid=message-body]").unwrap().unwrap().unchecked_into();
    assert_eq!(frame.get_attribute("sandbox").as_deref(), Some(SANDBOX));
    assert_eq!(frame.get_attribute("referrerpolicy").as_deref(), Some("no-referrer"));
    assert!(frame.offset_height() >= 300, "the frame fits its content: {}", frame.offset_height());
    let bar = host.query_selector("[data-testid=blocked-images]").unwrap().unwrap();
    assert!(bar.text_content().unwrap().starts_with("1 remote image blocked"), "{:?}", bar.text_content());
    assert!(!frame.srcdoc().contains(&pixel));

    let show: web_sys::HtmlElement = host.query_selector("[data-testid=show-images]").unwrap().unwrap().unchecked_into();
    show.click();
    next_tick(200).await;
    assert!(frame.srcdoc().contains(&pixel));
    assert!(host.query_selector("[data-testid=blocked-images]").unwrap().is_none());

    body.set(ItemBody { content_type: BodyType::Html, content: String::from("<img src=\"") + &pixel + "&next\">" });
    next_tick(200).await;
    assert!(!frame.srcdoc().contains(&pixel), "a new message starts with images blocked");
    assert!(host.query_selector("[data-testid=blocked-images]").unwrap().is_some());

    body.set(ItemBody { content_type: BodyType::Text, content: "<b>plain</b>".into() });
    next_tick(200).await;
    assert!(frame.srcdoc().contains("&lt;b&gt;plain&lt;/b&gt;"));
    drop(handle);
    host.remove();
}
