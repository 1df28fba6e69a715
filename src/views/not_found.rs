use crate::text;
use leptos::prelude::*;

#[component]
pub fn NotFound(hash: String) -> impl IntoView {
    view! {
        <section class="not-found" data-testid="not-found">
            <h1>{text::NOT_FOUND_TITLE}</h1>
            <p>{text::NOT_FOUND_BODY} " " <code data-testid="not-found-hash">{format!("#{hash}")}</code></p>
            <p><a href="#/" data-testid="go-home">{text::GO_HOME}</a></p>
        </section>
    }
}
