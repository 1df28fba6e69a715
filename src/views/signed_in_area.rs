use crate::text;
use leptos::prelude::*;
use tern_core::route::Area;

/// An area whose screens are not part of this build yet; says so instead of pretending.
#[component]
pub fn SignedInArea(area: Area) -> impl IntoView {
    view! {
        <section class="signed-in-area" data-testid=format!("area-{}", area.slug())>
            <h1>{text::area_title(area)}</h1>
            <p>{text::AREA_NOT_IN_BUILD}</p>
        </section>
    }
}
