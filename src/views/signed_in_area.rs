use crate::text;
use crate::views::mail::MailScreen;
use leptos::prelude::*;
use tern_core::route::Area;

/// The screen of a signed-in area; areas whose screens are not in this build say so
/// instead of pretending.
#[component]
pub fn SignedInArea(area: Area) -> impl IntoView {
    if area == Area::Mail {
        return view! { <MailScreen /> }.into_any();
    }
    view! {
        <section class="signed-in-area" data-testid=format!("area-{}", area.slug())>
            <h1>{text::area_title(area)}</h1>
            <p>{text::AREA_NOT_IN_BUILD}</p>
        </section>
    }
    .into_any()
}
