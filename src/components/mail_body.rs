use crate::browser::mail_html::{clean, text_document, CleanOptions};
use crate::text;
use leptos::prelude::*;
use tern_core::graph::models::{BodyType, ItemBody};
use tern_core::mail::html_policy::FrameScheme;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::HtmlIFrameElement;

/// The same key, pressed on the page itself.
fn forward_key(ev: web_sys::KeyboardEvent) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(&ev.key());
    init.set_code(&ev.code());
    init.set_shift_key(ev.shift_key());
    init.set_ctrl_key(ev.ctrl_key());
    init.set_alt_key(ev.alt_key());
    init.set_meta_key(ev.meta_key());
    init.set_bubbles(true);
    init.set_cancelable(true);
    if let (Some(window), Ok(copy)) = (web_sys::window(), web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)) {
        if window.dispatch_event(&copy).is_ok_and(|not_cancelled| !not_cancelled) {
            ev.prevent_default();
        }
    }
}

/// A message body in a sandboxed frame that can run no script (docs/microsoft.md, "Security rules"), with
/// remote images held back until the person asks for them.
#[component]
pub fn MailBody(
    #[prop(into)] body: Signal<ItemBody>,
    /// The message's inline attachments: `(Content-ID without <>, blob: or data: URL)`.
    #[prop(into, optional)]
    inline_images: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    // Which body the person asked to see images of: a new body starts blocked again,
    // without ever being rendered with the previous body's permission.
    let shown_for = RwSignal::new(None::<String>);
    let rendered = Memo::new(move |_| {
        let body = body.read();
        if body.content_type != BodyType::Html {
            return (text_document(&body.content), 0, FrameScheme::FollowsTheme);
        }
        let options = CleanOptions {
            show_remote_images: shown_for.with(|shown| shown.as_deref() == Some(body.content.as_str())),
            inline_images: inline_images.get(),
        };
        let cleaned = clean(&body.content, &options);
        (cleaned.html, cleaned.blocked_remote, cleaned.scheme)
    });
    let frame = NodeRef::<leptos::html::Iframe>::new();
    // A click in the message moves the keyboard into its frame, whose document runs no
    // script; its keys are handed on to the page, so the mail shortcuts keep working.
    let forward_keys = StoredValue::new_local(Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(forward_key));
    // The keyboard inside the frame is in another document, where the page's `:focus`
    // does not reach; the frame's own focus and blur mark it instead.
    let focused = RwSignal::new(false);
    let on_focus = StoredValue::new_local(Closure::<dyn Fn()>::new(move || focused.set(true)));
    let on_blur = StoredValue::new_local(Closure::<dyn Fn()>::new(move || focused.set(false)));
    let fit = move |_| {
        let Some(frame) = frame.get_untracked() else { return };
        let frame: &HtmlIFrameElement = &frame;
        if let Some(document) = frame.content_document() {
            forward_keys.with_value(|forward| {
                let _ = document.add_event_listener_with_callback("keydown", forward.as_ref().unchecked_ref());
            });
        }
        if let Some(window) = frame.content_window() {
            on_focus.with_value(|listener| {
                let _ = window.add_event_listener_with_callback("focus", listener.as_ref().unchecked_ref());
            });
            on_blur.with_value(|listener| {
                let _ = window.add_event_listener_with_callback("blur", listener.as_ref().unchecked_ref());
            });
        }
        let Some(root) = frame.content_document().and_then(|doc| doc.document_element()) else { return };
        // Collapsed first, so that the measure is the content's and not the old frame's.
        let style = web_sys::HtmlElement::style(frame);
        let _ = style.set_property("height", "0");
        let height = root.scroll_height().to_string() + "px";
        let _ = style.set_property("height", &height);
    };
    let show = move |_| shown_for.set(Some(body.read_untracked().content.clone()));
    view! {
        <div class="mail-body">
            {move || {
                let count = rendered.with(|(_, count, _)| *count);
                (count > 0).then(|| view! {
                    <div class="blocked-images" data-testid="blocked-images" role="status">
                        <span>{count} " " {if count == 1 { text::REMOTE_IMAGE_BLOCKED } else { text::REMOTE_IMAGES_BLOCKED }}</span>
                        <button type="button" data-testid="show-images" on:click=show>{text::SHOW_IMAGES}</button>
                    </div>
                })
            }}
            <iframe
                node_ref=frame
                data-testid="message-body"
                title=text::MESSAGE_BODY
                sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
                referrerpolicy="no-referrer"
                class:focused=move || focused.get()
                class:follows-theme=move || rendered.with(|(_, _, scheme)| *scheme == FrameScheme::FollowsTheme)
                srcdoc=move || rendered.with(|(html, _, _)| html.clone())
                on:load=fit
            ></iframe>
        </div>
    }
}
