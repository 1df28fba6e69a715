use crate::browser::dom::{el, Node};
use crate::components::dom_view::mounted;
use leptos::prelude::*;

/// The shape of a list still on its way, so nothing jumps when it arrives; screen readers
/// hear `label` once instead of empty rows.
pub fn skeleton_rows(count: usize, label: &str, testid: &str) -> Node {
    let row = || el("div").class("skeleton-row").attr("aria-hidden", "true").children((0..3).map(|_| el("span")));
    el("div").class("skeleton-rows").attr("role", "status").attr("aria-label", label).test_id(testid).children((0..count).map(|_| row()))
}

/// `skeleton_rows` in a screen built with `view!`.
#[component]
pub fn SkeletonRows(count: usize, label: &'static str, testid: &'static str) -> impl IntoView {
    mounted(skeleton_rows(count, label, testid))
}
