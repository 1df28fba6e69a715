use crate::browser::dom::{el, Node};
use crate::components::sign_in_button::sign_in_button;
use crate::services::sign_in_start::SignInStart;
use crate::text;
use tern_core::route::Area;

/// An area opened while signed out: the route is kept, so signing in comes back here.
pub fn signed_out_area(area: Area, sign_in: &SignInStart) -> Node {
    el("section")
        .class("signed-out-area")
        .test_id(&format!("area-{}", area.slug()))
        .child(el("h1").text(text::area_title(area)))
        .child(el("p").text(text::SIGNED_OUT_AREA))
        .child(sign_in_button(sign_in))
}
