use crate::browser::{config_loader, location};
use crate::text;
use leptos::prelude::*;
use tern_core::config::ConfigError;

/// A configuration Tern cannot use: what is wrong, by field, and what to do about it.
#[component]
pub fn ConfigErrorScreen(error: ConfigError) -> impl IntoView {
    let details = error.details().into_iter().map(|line| view! { <li data-testid="config-error-detail">{line}</li> }).collect_view();
    let file = config_loader::config_url(&location::page_url());
    view! {
        <main class="config-error" data-testid="config-error" role="alert" aria-labelledby="config-error-title">
            <h1 id="config-error-title" data-testid="config-error-title">{error.title()}</h1>
            <ul class="config-error-details">{details}</ul>
            <h2>{text::CONFIG_ERROR_WHAT_TO_DO}</h2>
            <p data-testid="config-error-advice">{error.advice()}</p>
            <p class="note">{text::CONFIG_ERROR_FILE} ": " <code>{file}</code></p>
            <button type="button" class="primary" data-testid="reload" on:click=|_| location::reload()>
                {text::RELOAD}
            </button>
        </main>
    }
}
