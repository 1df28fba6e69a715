use crate::services::sign_in_start::SignInStart;
use crate::text;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Starts an interactive sign-in; the current route is kept to come back to.
#[component]
pub fn SignInButton() -> impl IntoView {
    let sign_in = SignInStart::expect();
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let start = move |_| {
        busy.set(true);
        spawn_local(async move {
            if let Err(error) = sign_in.run().await {
                failure.set(Some(format!("{} {} {}", error.title(), error.explanation(), error.action())));
                busy.set(false);
            }
        });
    };
    view! {
        <div class="sign-in">
            <button type="button" class="primary" data-testid="sign-in" disabled=move || busy.get() on:click=start>
                {text::SIGN_IN}
            </button>
            {move || failure.get().map(|message| view! { <p class="note" role="alert" data-testid="sign-in-error">{message}</p> })}
        </div>
    }
}
