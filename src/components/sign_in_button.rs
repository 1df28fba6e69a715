use crate::text;
use leptos::prelude::*;

/// Starts sign-in. Until the sign-in flow lands the button says plainly that it cannot.
#[component]
pub fn SignInButton() -> impl IntoView {
    view! {
        <div class="sign-in">
            <button type="button" class="primary" data-testid="sign-in" disabled=true aria-describedby="sign-in-note">
                {text::SIGN_IN}
            </button>
            <p id="sign-in-note" class="note" data-testid="sign-in-note">{text::SIGN_IN_UNAVAILABLE}</p>
        </div>
    }
}
