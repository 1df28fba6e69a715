//! The mail area: a store for the (account, mailbox) the route names, and the screen that
//! shows it: folders, the list, the open message, and compose.

mod chosen;
mod folder_options;
mod place;
mod side;
mod toolbar;

use crate::app::CurrentRoute;
use crate::browser::timer;
use crate::components::compose::Compose;
use crate::components::failure::Failure;
use crate::components::message_list::MessageList;
use crate::components::reading_pane::ReadingPane;
use crate::services::graph::Graph;
use crate::services::mail::Mail;
use crate::services::task::{effect, spawn_owned};
use crate::text;
use chosen::ChosenBar;
use leptos::prelude::*;
use place::MailPlace;
use side::{ConsentNeeded, MailSide, SearchAndFilters};
use tern_core::mail::shortcuts::action_for;
use tern_core::route::{Route, DEFAULT_MAIL_FOLDER};
use toolbar::MessageToolbar;
use wasm_bindgen::JsCast;

/// How often the shown folder is brought up to date while the tab is open.
const REFRESH_EVERY_MS: u64 = 60_000;

/// Whether a key press belongs to a field the person is typing in.
fn typing_in_field(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target().and_then(|target| target.dyn_into::<web_sys::Element>().ok()).is_some_and(|element| {
        matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || element.has_attribute("contenteditable")
    })
}

/// A new mail store, and with it a new screen, whenever the route names another mailbox;
/// the shell makes a new area when the account changes.
#[component]
pub fn MailArea() -> impl IntoView {
    let graph = Graph::expect();
    let CurrentRoute(route) = expect_context();
    let mailbox = Memo::new(move |_| match route.get() {
        Route::Mail { mailbox, .. } => mailbox,
        _ => None,
    });
    move || {
        Mail::new(graph, mailbox.get()).provide();
        view! { <MailScreen /> }
    }
}

#[component]
fn MailScreen() -> impl IntoView {
    let mail = Mail::expect();
    let CurrentRoute(route) = expect_context();
    let place = MailPlace::new(mail, route);
    provide_context(place);

    spawn_owned(mail.start(place.folder.get_untracked()));
    effect(move |previous: Option<()>| {
        let folder = place.folder.get();
        if previous.is_some() && folder != mail.folder().get_untracked() {
            place.folders_open.set(false);
            spawn_owned(mail.open_folder(folder));
        }
    });
    place.restore_kept_draft();
    spawn_owned(async move {
        loop {
            timer::sleep(REFRESH_EVERY_MS).await;
            mail.refresh().await;
        }
    });
    // Window listeners run outside any owner: the screen's is put back, so the work a
    // shortcut starts stops with the screen.
    let owner = Owner::current().expect("the mail screen has an owner");
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if typing_in_field(&ev) || place.composing.try_with_untracked(Option::is_some).unwrap_or(true) {
            return;
        }
        if let Some(action) = action_for(&ev.key(), ev.shift_key(), ev.ctrl_key() || ev.alt_key() || ev.meta_key()) {
            ev.prevent_default();
            owner.with(|| place.act(action));
        }
    });
    on_cleanup(move || keys.remove());

    // Only appearing or going rebuilds the bar: a change it started must not end with it.
    let chosen_any = Memo::new(move |_| mail.selection().with(|selection| !selection.chosen.is_empty()));
    let one_message = Callback::new(move |(id, action): (String, tern_core::mail::shortcuts::MailAction)| place.act_on_one(id, action));
    let close_compose = Callback::new(move |said: Option<&'static str>| place.close_compose(said));
    view! {
        <div class="mail" class:reading=move || place.selected.with(Option::is_some) || place.composing.with(Option::is_some) data-testid="mail">
            <MailSide />
            <section class="list-pane">
                <SearchAndFilters />
                {move || chosen_any.get().then(|| view! { <ChosenBar /> })}
                {move || mail.undone().get().map(|(what, failure)| view! {
                    <div class="undone">
                        <Failure failure=failure lead=what testid="action-undone" />
                        <button type="button" on:click=move |_| mail.dismiss_undone()>{text::DISMISS}</button>
                    </div>
                })}
                {move || place.notice.get().map(|said| view! { <p class="notice" role="status" data-testid="mail-notice">{said}</p> })}
                {move || place.compose_failure.get().map(|failure| view! { <Failure failure=failure lead=text::COMPOSE_FAILED testid="compose-start-error" /> })}
                {move || if mail.needs_consent().get() {
                    view! { <ConsentNeeded /> }.into_any()
                } else {
                    view! { <MessageList selected=place.selected /> }.into_any()
                }}
            </section>
            <section class="reading-pane" aria-label=text::READING_PANE>
                <MessageToolbar />
                {move || match place.composing.get() {
                    Some(draft) => view! { <Compose draft=draft on_close=close_compose /> }.into_any(),
                    None => view! { <ReadingPane selected=place.selected on_one=one_message /> }.into_any(),
                }}
            </section>
        </div>
    }
}

/// The folder a mail route shows, for screens that need one before the route names it.
pub fn folder_of(route: &Route) -> String {
    match route {
        Route::Mail { folder, .. } => folder.clone(),
        _ => DEFAULT_MAIL_FOLDER.to_owned(),
    }
}
