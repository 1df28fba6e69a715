//! What Tern shows inside another page's frame: a notice, and a way out to a window of its own.

use crate::text;
use leptos::prelude::*;

#[component]
pub fn FramedNotice() -> impl IntoView {
    let own_address = web_sys::window().and_then(|window| window.location().href().ok()).unwrap_or_default();
    view! {
        <main class="framed" data-testid="framed-notice" role="alert">
            <h1>{text::FRAMED_HEADING}</h1>
            <p>{text::FRAMED_EXPLAINED}</p>
            <p><a href=own_address target="_blank" rel="noopener noreferrer" data-testid="framed-open">{text::FRAMED_OPEN}</a></p>
        </main>
    }
}
