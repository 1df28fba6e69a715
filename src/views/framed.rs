//! What Tern shows inside another page's frame: a notice, and a way out to a window of its own.

use crate::browser::dom::{el, Node};
use crate::text;

pub fn framed_notice() -> Node {
    let own_address = web_sys::window().and_then(|window| window.location().href().ok()).unwrap_or_default();
    el("main")
        .class("framed")
        .test_id("framed-notice")
        .attr("role", "alert")
        .child(el("h1").text(text::FRAMED_HEADING))
        .child(el("p").text(text::FRAMED_EXPLAINED))
        .child(
            el("p").child(
                el("a")
                    .attr("href", &own_address)
                    .attr("target", "_blank")
                    .attr("rel", "noopener noreferrer")
                    .test_id("framed-open")
                    .text(text::FRAMED_OPEN),
            ),
        )
}
