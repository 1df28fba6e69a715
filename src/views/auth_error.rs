use crate::services::sign_in_start::SignInStart;
use crate::text;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tern_core::auth::error::AuthError;

/// A sign-in failure: what happened, why and what to do, with the codes and ids to copy.
#[component]
pub fn AuthErrorScreen(error: AuthError, #[prop(optional)] on_dismiss: Option<Callback<()>>) -> impl IntoView {
    let sign_in = SignInStart::from_context();
    let support = error.support_details();
    let has_details = !support.is_empty();
    let details = support
        .into_iter()
        .map(|(label, value)| {
            view! {
                <div class="detail" data-testid="auth-error-detail">
                    <dt>{label}</dt>
                    <dd><code>{value}</code></dd>
                </div>
            }
        })
        .collect_view();
    let retry = sign_in.map(|sign_in| {
        let failure = RwSignal::new(None::<String>);
        view! {
            <button
                type="button"
                class="primary"
                data-testid="auth-error-retry"
                on:click=move |_| spawn_local(async move {
                    if let Err(error) = sign_in.with_value(SignInStart::start).await {
                        failure.set(Some(error.to_string()));
                    }
                })
            >
                {text::SIGN_IN_AGAIN}
            </button>
            {move || failure.get().map(|message| view! { <p class="note" role="alert">{message}</p> })}
        }
    });
    view! {
        <section class="auth-error" data-testid="auth-error" role="alert" aria-labelledby="auth-error-title">
            <h1 id="auth-error-title" data-testid="auth-error-title">{error.title()}</h1>
            <p data-testid="auth-error-explanation">{error.explanation()}</p>
            <p data-testid="auth-error-action"><strong>{text::WHAT_TO_DO} ": "</strong>{error.action()}</p>
            {has_details.then(|| view! {
                <details class="auth-error-details">
                    <summary>{text::DETAILS_FOR_SUPPORT}</summary>
                    <dl>{details}</dl>
                </details>
            })}
            <div class="actions">
                {retry}
                {on_dismiss.map(|dismiss| view! {
                    <button type="button" data-testid="auth-error-dismiss" on:click=move |_| dismiss.run(())>{text::DISMISS}</button>
                })}
            </div>
        </section>
    }
}
