//! The root: take any sign-in answer, load the configuration, and show the screen for the
//! route.

use crate::browser::{config_loader, location};
use crate::components::dom_view::dom_view;
use crate::components::shell::Shell;
use crate::services::auth::{Arrival, Auth, Notice, Pane};
use crate::services::task::load;
use crate::text;
use crate::views::config_error::config_error;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use tern_core::auth::error::AuthError;
use tern_core::config::ConfigError;
use tern_core::route::Route;

/// The current route, shared through context; the hash is its source of truth.
#[derive(Clone, Copy)]
pub struct CurrentRoute(pub ReadSignal<Route>);

/// What start-up produced: the session, and what to tell the person about it.
#[derive(Clone)]
pub struct Started {
    pub auth: Result<Auth, AuthError>,
    pub problem: Option<AuthError>,
    pub notice: Option<Notice>,
}

async fn start_up(arrival: Option<Arrival>, pane: Option<Pane>) -> Result<Started, ConfigError> {
    let config = config_loader::load().await?;
    let nested_auth = pane.as_ref().is_some_and(|pane| pane.bridge.is_some());
    let (auth, unreadable) = match Auth::new(config, pane) {
        Ok(opened) => opened,
        Err(error) => return Ok(Started { auth: Err(error), problem: None, notice: None }),
    };
    // Inside Outlook, whoever Outlook is signed in as is signed in here too, when Outlook
    // can say so without asking; otherwise the landing page offers to sign in.
    if nested_auth {
        let _ = auth.sign_in_quietly_through_outlook().await;
    }
    let (problem, notice) = match arrival {
        None => (None, None),
        Some(arrival) => match auth.complete(arrival).await {
            Ok(notice) => (None, notice),
            Err(error) => (Some(error), None),
        },
    };
    Ok(Started { auth: Ok(auth), problem: problem.or(unreadable), notice })
}

/// `pane`: in the Outlook add-in's pane, how Outlook signs Tern in.
#[component]
pub fn App(arrival: Option<Arrival>, pane: Option<Pane>) -> impl IntoView {
    let (route, set_route) = signal(location::current_route());
    // The app lives as long as the page, so the listener is never removed.
    let _listener = window_event_listener(leptos::ev::hashchange, move |_| {
        set_route.set(location::current_route());
    });
    provide_context(CurrentRoute(route));
    let arrival = Rc::new(RefCell::new(arrival));
    let started = load(move || start_up(arrival.borrow_mut().take(), pane.clone()));
    move || match started.get() {
        None => view! {
            <p class="loading" data-testid="loading" role="status">{text::LOADING}</p>
        }
        .into_any(),
        Some(Ok(started)) => view! { <Shell started=started /> }.into_any(),
        Some(Err(error)) => dom_view(move || vec![config_error(&error)]).into_any(),
    }
}
