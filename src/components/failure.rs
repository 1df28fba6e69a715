use crate::browser::dom::{el, Node};
use crate::components::dom_view::mounted;
use crate::services::graph::GraphFailure;
use crate::text;
use leptos::prelude::*;

/// A failed call as a sentence the person can act on, with the ids support needs one click
/// away (docs/architecture.md, "Interface rules").
pub fn failure_box(failure: &GraphFailure, lead: &str, testid: &str) -> Node {
    let details = match failure {
        GraphFailure::Graph(error) => Some(format!(
            "HTTP {} {}\n{}\nrequest-id: {}\nclient-request-id: {}\ndate: {}",
            error.status,
            error.code,
            error.message,
            error.request_id.as_deref().unwrap_or("-"),
            error.client_request_id,
            error.date.as_deref().unwrap_or("-"),
        )),
        _ => None,
    };
    el("div").class("failure").attr("role", "alert").test_id(testid).child(el("p").text(&format!("{lead} {failure}"))).maybe(details.map(
        |details| {
            el("details")
                .class("note")
                .child(el("summary").test_id("failure-details-toggle").text(text::DETAILS_FOR_SUPPORT))
                .child(el("pre").test_id("failure-details").text(&details))
        },
    ))
}

/// `failure_box` in a screen built with `view!`.
#[component]
pub fn Failure(failure: GraphFailure, lead: &'static str, testid: &'static str) -> impl IntoView {
    mounted(failure_box(&failure, lead, testid))
}
