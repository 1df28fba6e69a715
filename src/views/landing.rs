use crate::browser::dom::{el, Node};
use crate::components::sign_in_button::sign_in_button;
use crate::services::sign_in_start::SignInStart;
use crate::text;
use tern_core::config::{Config, Flow, TokenCache};
use tern_core::scopes::{self, SIGN_IN_SCOPES};
use tern_core::weburl::WebUrl;

/// What a signed-out person sees first: what Tern is, where they will sign in, and every
/// permission Tern will ask for, in words.
pub fn landing(config: &Config, sign_in: &SignInStart) -> Node {
    let asks = SIGN_IN_SCOPES.iter().map(|scope| (*scope).to_owned()).chain(config.scopes.iter().cloned()).map(|scope| {
        el("li")
            .test_id("permission")
            .child(el("span").class("permission-text").text(&scopes::describe(&scope)))
            .text(" ")
            .child(el("code").class("permission-name").text(&scope))
    });
    let provider = WebUrl::parse(&config.authority).map(|url| url.host().to_owned()).unwrap_or_else(|_| config.authority.clone());
    let keeping = match config.token_cache {
        TokenCache::Session => text::TOKEN_CACHE_SESSION,
        TokenCache::Memory => text::TOKEN_CACHE_MEMORY,
        TokenCache::Local => text::TOKEN_CACHE_LOCAL,
    };
    el("section")
        .class("landing")
        .test_id("landing")
        .attr("aria-labelledby", "landing-title")
        .child(el("h1").attr("id", "landing-title").text(text::APP_NAME))
        .child(el("p").class("tagline").test_id("tagline").text(text::TAGLINE))
        .child(el("ul").class("promises").children(text::PROMISES.map(|promise| el("li").text(promise))))
        .child(sign_in_button(sign_in))
        .child(
            el("p")
                .class("provider")
                .test_id("provider")
                .text(text::SIGN_IN_WITH)
                .text(" ")
                .child(el("strong").text(&provider))
                .text(". ")
                .text(keeping),
        )
        .maybe(
            (config.flow == Flow::Implicit)
                .then(|| el("p").class("note warning").attr("role", "note").test_id("implicit-warning").text(text::IMPLICIT_WARNING)),
        )
        .child(el("h2").text(text::ASKS_HEADING))
        .child(el("ul").class("permissions").test_id("permissions").children(asks))
}
