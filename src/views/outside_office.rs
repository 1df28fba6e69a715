//! The add-in's pane opened where no Outlook item is at hand: what it is, and the way to Tern.

use crate::text;
use leptos::prelude::*;

#[component]
pub fn OutsideOffice(
    /// Office.js did not load at all, rather than loading outside Office.
    missing: bool,
) -> impl IntoView {
    view! {
        <main class="main outside-office" data-testid="outside-office">
            <h1>{text::PANE_HEADING}</h1>
            <p data-testid="outside-office-reason">{if missing { text::PANE_NO_OFFICE_JS } else { text::PANE_OUTSIDE_OFFICE }}</p>
            <p>{text::PANE_HOW_TO_ADD}</p>
            <p><a href="./index.html" data-testid="outside-office-open">{text::PANE_OPEN_TERN}</a></p>
        </main>
    }
}
