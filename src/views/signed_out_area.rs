use crate::components::sign_in_button::SignInButton;
use crate::text;
use leptos::prelude::*;
use tern_core::route::Area;

/// An area opened while signed out: the route is kept, so signing in comes back here.
#[component]
pub fn SignedOutArea(area: Area) -> impl IntoView {
    view! {
        <section class="signed-out-area" data-testid=format!("area-{}", area.slug())>
            <h1>{text::area_title(area)}</h1>
            <p>{text::SIGNED_OUT_AREA}</p>
            <SignInButton />
        </section>
    }
}
