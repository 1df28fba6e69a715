use crate::browser::dom::{el, Node};
use crate::text;

pub fn not_found(hash: &str) -> Node {
    el("section")
        .class("not-found")
        .test_id("not-found")
        .child(el("h1").text(text::NOT_FOUND_TITLE))
        .child(el("p").text(text::NOT_FOUND_BODY).text(" ").child(el("code").test_id("not-found-hash").text(&format!("#{hash}"))))
        .child(el("p").child(el("a").attr("href", "#/").test_id("go-home").text(text::GO_HOME)))
}
