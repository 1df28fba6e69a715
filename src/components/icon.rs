//! Tern's icons: drawn here as SVG paths, carried in the bundle, so no control depends on a
//! font the device may lack (an emoji shows as an empty box without an emoji font). Each is
//! decorative; the control or marker around it carries the accessible name.

use crate::browser::dom::{svg, Node};
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IconName {
    Attachment,
    Flag,
    Important,
    Previous,
    Next,
    Mail,
    Calendar,
    People,
    Tasks,
    Menu,
    Repeat,
}

impl IconName {
    /// Strokes on a 16 × 16 grid.
    pub fn path(self) -> &'static str {
        match self {
            Self::Attachment => "M10.5 4.5 5.6 9.4a1.5 1.5 0 0 0 2.1 2.1l5-5a3 3 0 0 0-4.2-4.2l-5 5a4.5 4.5 0 0 0 6.4 6.4l4.1-4.1",
            Self::Flag => "M3.5 14.5v-12M3.5 3h8l-1.8 3 1.8 3h-8",
            Self::Important => "M8 2.5v7M8 12.5v1",
            Self::Previous => "M10 3 5 8l5 5",
            Self::Next => "M6 3l5 5-5 5",
            Self::Mail => "M2 3.5h12v9H2zM2.5 4l5.5 4.5L13.5 4",
            Self::Calendar => "M2.5 3.5h11v10h-11zM2.5 6.5h11M5.5 2v3M10.5 2v3",
            Self::People => "M8 8a2.75 2.75 0 1 0 0-5.5A2.75 2.75 0 0 0 8 8zM3 14c.5-3 2.6-4.5 5-4.5s4.5 1.5 5 4.5",
            Self::Tasks => "M2.5 2.5h11v11h-11zM5 8l2 2 4-4",
            Self::Menu => "M2.5 4h11M2.5 8h11M2.5 12h11",
            Self::Repeat => "M12.5 6A4.75 4.75 0 0 0 3.5 7M3.5 10A4.75 4.75 0 0 0 12.5 9M12.5 3v3h-3M3.5 13v-3h3",
        }
    }
}

#[component]
pub fn Icon(name: IconName) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
            <path d=name.path() fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round" />
        </svg>
    }
}

/// The same icon, built straight with the DOM (`browser::dom`).
pub fn icon(name: IconName) -> Node {
    let path = svg("path")
        .attr("d", name.path())
        .attr("fill", "none")
        .attr("stroke", "currentColor")
        .attr("stroke-width", "1.5")
        .attr("stroke-linecap", "round")
        .attr("stroke-linejoin", "round");
    svg("svg")
        .class("icon")
        .attr("viewBox", "0 0 16 16")
        .attr("width", "16")
        .attr("height", "16")
        .attr("aria-hidden", "true")
        .attr("focusable", "false")
        .child(path)
}
