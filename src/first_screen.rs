//! The first screen, built on its own (`tern-first-screen`) so a signed-out person
//! downloads only what it needs: the landing page, a signed-out area, configuration errors
//! and the start of a sign-in. It builds its elements straight with the DOM, as the full
//! app builds these same screens (`browser::dom`), and carries no Leptos. The page's
//! loader (scripts/finish-pages.mjs) starts the full app instead when the tab holds an
//! account or brings back a sign-in answer, and fetches the full app while this screen
//! sits idle.

use crate::browser::dom::{el, replace_children, show_as_body, Node};
use crate::browser::{config_loader, location};
use crate::components::nav::brand_and_nav;
use crate::services::auth::{interaction_store, sweep_expired_interactions};
use crate::services::sign_in_start::SignInStart;
use crate::text;
use crate::views::{
    config_error::config_error, framed::framed_notice, landing::landing, not_found::not_found, signed_out_area::signed_out_area,
};
use std::rc::Rc;
use tern_core::config::Config;
use tern_core::route::Route;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

pub fn start() {
    crate::browser::panic_banner::install();
    if crate::browser::is_framed() {
        show_as_body(framed_notice());
        return;
    }
    sweep_expired_interactions(&interaction_store());
    show_as_body(el("p").class("loading").test_id("loading").attr("role", "status").text(text::LOADING));
    wasm_bindgen_futures::spawn_local(async {
        match config_loader::load().await {
            Ok(config) => show_signed_out(config),
            Err(error) => show_as_body(config_error(&error)),
        }
    });
}

fn screen(route: &Route, config: &Config, sign_in: &SignInStart) -> Node {
    match route {
        Route::NotFound { hash } => not_found(hash),
        current => match current.area() {
            Some(area) => signed_out_area(area, sign_in),
            None => landing(config, sign_in),
        },
    }
}

/// The shell as the full app draws it signed out; the bar and the screen follow the hash.
fn show_signed_out(config: Config) {
    let sign_in = SignInStart::by_redirect(config.clone());
    let header = el("header").class("top-bar");
    let main = el("main").attr("id", "main").class("main").test_id("main");
    let (bar, screen_holder) = (header.element().clone(), main.element().clone());
    let draw = Rc::new(move || {
        let route = location::current_route();
        let [brand, nav] = brand_and_nav(&route);
        bar.replace_children_with_node_2(brand.element(), nav.element());
        replace_children(&screen_holder, screen(&route, &config, &sign_in));
    });
    draw();
    show_as_body(el("div").class("shell").test_id("shell").child(header).child(main));
    // The screen lives as long as the page, so the listener is never removed.
    let on_hash_change = Closure::<dyn FnMut()>::new(move || draw()).into_js_value();
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback("hashchange", on_hash_change.unchecked_ref());
    }
}
