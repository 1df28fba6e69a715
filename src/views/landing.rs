use crate::components::sign_in_button::SignInButton;
use crate::text;
use leptos::prelude::*;
use tern_core::config::{Config, Flow, TokenCache};
use tern_core::scopes::{self, SIGN_IN_SCOPES};
use tern_core::weburl::WebUrl;

/// What a signed-out person sees first: what Tern is, where they will sign in, and every
/// permission Tern will ask for, in words.
#[component]
pub fn Landing(config: Config) -> impl IntoView {
    let asks = SIGN_IN_SCOPES
        .iter()
        .map(|scope| (*scope).to_owned())
        .chain(config.scopes.iter().cloned())
        .map(|scope| {
            view! {
                <li data-testid="permission">
                    <span class="permission-text">{scopes::describe(&scope)}</span>
                    " "
                    <code class="permission-name">{scope}</code>
                </li>
            }
        })
        .collect_view();
    let provider = WebUrl::parse(&config.authority).map(|url| url.host().to_owned()).unwrap_or_else(|_| config.authority.clone());
    let keeping = match config.token_cache {
        TokenCache::Session => text::TOKEN_CACHE_SESSION,
        TokenCache::Memory => text::TOKEN_CACHE_MEMORY,
        TokenCache::Local => text::TOKEN_CACHE_LOCAL,
    };
    view! {
        <section class="landing" data-testid="landing" aria-labelledby="landing-title">
            <h1 id="landing-title">{text::APP_NAME}</h1>
            <p class="tagline" data-testid="tagline">{text::TAGLINE}</p>
            <ul class="promises">
                {text::PROMISES.map(|promise| view! { <li>{promise}</li> }).collect_view()}
            </ul>
            <SignInButton />
            <p class="provider" data-testid="provider">
                {text::SIGN_IN_WITH} " " <strong>{provider}</strong> ". " {keeping}
            </p>
            {(config.flow == Flow::Implicit).then(|| view! {
                <p class="note warning" role="note" data-testid="implicit-warning">{text::IMPLICIT_WARNING}</p>
            })}
            <h2>{text::ASKS_HEADING}</h2>
            <ul class="permissions" data-testid="permissions">{asks}</ul>
        </section>
    }
}
