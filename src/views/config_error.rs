use crate::browser::dom::{el, Node};
use crate::browser::{config_loader, location};
use crate::text;
use tern_core::config::ConfigError;

/// A configuration Tern cannot use: what is wrong, by field, and what to do about it.
pub fn config_error(error: &ConfigError) -> Node {
    let details = error.details().into_iter().map(|line| el("li").test_id("config-error-detail").text(&line));
    let file = config_loader::config_url(&location::page_url());
    el("main")
        .class("config-error")
        .test_id("config-error")
        .attr("role", "alert")
        .attr("aria-labelledby", "config-error-title")
        .child(el("h1").attr("id", "config-error-title").test_id("config-error-title").text(error.title()))
        .child(el("ul").class("config-error-details").children(details))
        .child(el("h2").text(text::CONFIG_ERROR_WHAT_TO_DO))
        .child(el("p").test_id("config-error-advice").text(error.advice()))
        .child(el("p").class("note").text(text::CONFIG_ERROR_FILE).text(": ").child(el("code").text(&file)))
        .child(el("button").attr("type", "button").class("primary").test_id("reload").text(text::RELOAD).on_click(location::reload))
}
