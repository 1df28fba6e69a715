use crate::browser::dom::{el, Node};
use crate::services::sign_in_start::SignInStart;
use crate::text;
use wasm_bindgen::JsCast;

/// Starts an interactive sign-in; the current route is kept to come back to. While it
/// starts the button is disabled; if it cannot start, why is said beneath it.
pub fn sign_in_button(sign_in: &SignInStart) -> Node {
    let area = el("div").class("sign-in");
    let button = el("button").attr("type", "button").class("primary").test_id("sign-in").text(text::SIGN_IN);
    let (holder, pressed) = (area.element().clone(), button.element().clone());
    let sign_in = sign_in.clone();
    let button = button.on_click(move || {
        let (holder, pressed, starting) = (holder.clone(), pressed.clone(), sign_in.start());
        let button: &web_sys::HtmlButtonElement = pressed.unchecked_ref();
        button.set_disabled(true);
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(error) = starting.await {
                let message = format!("{} {} {}", error.title(), error.explanation(), error.action());
                if let Ok(Some(shown)) = holder.query_selector("[data-testid=sign-in-error]") {
                    shown.set_text_content(Some(&message));
                } else {
                    let _ = holder
                        .append_with_node_1(el("p").class("note").attr("role", "alert").test_id("sign-in-error").text(&message).element());
                }
                pressed.unchecked_ref::<web_sys::HtmlButtonElement>().set_disabled(false);
            }
        });
    });
    area.child(button)
}
