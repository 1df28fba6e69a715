use crate::app::CurrentRoute;
use crate::browser::{location, timer};
use crate::components::compose::Compose;
use crate::components::failure::Failure;
use crate::components::folder_pane::FolderPane;
use crate::components::message_list::MessageList;
use crate::components::reading_pane::ReadingPane;
use crate::services::compose;
use crate::services::mail::Mail;
use crate::text;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tern_core::mail::compose::{Draft, DraftKind};
use tern_core::mail::list::Filter;
use tern_core::mail::shortcuts::{action_for, MailAction};
use tern_core::route::{Route, DEFAULT_MAIL_FOLDER};
use wasm_bindgen::JsCast;

/// How often the shown folder is brought up to date while the tab is open.
const REFRESH_EVERY_MS: u64 = 60_000;

fn filter_label(filter: Filter) -> &'static str {
    match filter {
        Filter::All => text::FILTER_ALL,
        Filter::Unread => text::FILTER_UNREAD,
        Filter::Flagged => text::FILTER_FLAGGED,
        Filter::WithAttachments => text::FILTER_ATTACHMENTS,
    }
}

/// Whether a key press belongs to a field the person is typing in.
fn typing_in_field(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|element| matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || element.has_attribute("contenteditable"))
}

/// The mail screen: folders, the list, the open message, and compose.
#[component]
pub fn MailScreen() -> impl IntoView {
    let mail = Mail::expect();
    let CurrentRoute(route) = expect_context();
    let folder = Memo::new(move |_| match route.get() {
        Route::Mail { folder, .. } => folder,
        _ => DEFAULT_MAIL_FOLDER.to_owned(),
    });
    let selected = Memo::new(move |_| match route.get() {
        Route::Mail { message, .. } => message,
        _ => None,
    });
    let composing = RwSignal::new(None::<Draft>);
    let notice = RwSignal::new(None::<&'static str>);
    let compose_failure = RwSignal::new(None);

    let started = StoredValue::new(false);
    Effect::new(move |_| {
        let folder = folder.get();
        if !started.get_value() {
            started.set_value(true);
            spawn_local(mail.start(folder));
        } else if folder != mail.folder.get_untracked() {
            spawn_local(mail.open_folder(folder));
        }
    });
    // A draft kept in the tab comes back after a reload or a new sign-in; one whose send
    // was under way is checked first, so it is never sent twice.
    if let Some(draft) = compose::stored(mail) {
        spawn_local(async move {
            let sent = match (&draft.server_id, draft.sending) {
                (Some(id), true) => !compose::still_a_draft(mail, id).await,
                _ => false,
            };
            if sent {
                compose::forget(mail);
                notice.set(Some(text::SENT));
            } else {
                composing.set(Some(Draft { sending: false, ..draft }));
            }
        });
    }
    let alive = StoredValue::new(true);
    on_cleanup(move || alive.set_value(false));
    spawn_local(async move {
        loop {
            timer::sleep(REFRESH_EVERY_MS).await;
            if !alive.try_get_value().unwrap_or(false) {
                break;
            }
            mail.refresh().await;
        }
    });

    let open = move |message: Option<String>| location::navigate(&Route::Mail { folder: folder.get_untracked(), message });
    let neighbour = move |step: isize| {
        let messages = mail.messages.get_untracked();
        let position = selected.get_untracked().and_then(|id| messages.iter().position(|m| m.id == id));
        let next = match position {
            Some(index) => index.checked_add_signed(step).filter(|&i| i < messages.len()),
            None => (!messages.is_empty()).then_some(0),
        };
        if let Some(index) = next {
            open(Some(messages[index].id.clone()));
        }
    };
    let start_compose = move |kind: DraftKind| {
        if composing.get_untracked().is_some() {
            return;
        }
        spawn_local(async move {
            match compose::begin(mail, kind).await {
                Ok(draft) => {
                    compose::keep(mail, &draft);
                    compose_failure.set(None);
                    composing.set(Some(draft));
                }
                Err(failure) => compose_failure.set(Some(failure)),
            }
        });
    };
    let act = move |action: MailAction| {
        let current = selected.get_untracked();
        let message = current.as_ref().and_then(|id| mail.messages.get_untracked().into_iter().find(|m| &m.id == id));
        match action {
            MailAction::Next => neighbour(1),
            MailAction::Previous => neighbour(-1),
            MailAction::NewMessage => start_compose(DraftKind::New),
            MailAction::Search => {
                if let Some(input) = document().query_selector("[data-testid=search-input]").ok().flatten() {
                    let _ = input.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            }
            MailAction::Close => open(None),
            _ => {
                let Some(id) = current else { return };
                match action {
                    MailAction::Reply => start_compose(DraftKind::Reply(id)),
                    MailAction::ReplyAll => start_compose(DraftKind::ReplyAll(id)),
                    MailAction::Forward => start_compose(DraftKind::Forward(id)),
                    MailAction::ToggleRead => {
                        let read = message.is_some_and(|m| m.is_read);
                        spawn_local(async move { mail.set_read(&id, !read).await });
                    }
                    MailAction::ToggleFlag => {
                        let flagged = message.is_some_and(|m| m.is_flagged());
                        spawn_local(async move { mail.set_flag(&id, !flagged).await });
                    }
                    MailAction::Delete | MailAction::Archive => {
                        neighbour(1);
                        spawn_local(async move {
                            if action == MailAction::Delete {
                                mail.delete(&id).await;
                            } else {
                                mail.move_to(&id, "archive").await;
                            }
                        });
                    }
                    _ => {}
                }
            }
        }
    };
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if typing_in_field(&ev) || composing.with_untracked(Option::is_some) {
            return;
        }
        if let Some(action) = action_for(&ev.key(), ev.shift_key(), ev.ctrl_key() || ev.alt_key() || ev.meta_key()) {
            ev.prevent_default();
            act(action);
        }
    });
    on_cleanup(move || keys.remove());

    let search_text = RwSignal::new(mail.search.get_untracked());
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        mail.search.set(search_text.get_untracked());
        spawn_local(mail.open_folder(folder.get_untracked()));
    };
    let choose_filter = move |filter: Filter| {
        mail.filter.set(filter);
        spawn_local(mail.open_folder(folder.get_untracked()));
    };
    let other_mailbox = RwSignal::new(String::new());
    let open_mailbox = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let address = other_mailbox.get_untracked().trim().to_owned();
        mail.owner.set((!address.is_empty()).then_some(address));
        mail.folders.set(Vec::new());
        spawn_local(mail.start(DEFAULT_MAIL_FOLDER.to_owned()));
    };
    let button = move |label: &'static str, testid: &'static str, action: MailAction, needs_message: bool| {
        view! {
            <button type="button" data-testid=testid disabled=move || needs_message && selected.with(Option::is_none) on:click=move |_| act(action)>
                {label}
            </button>
        }
    };
    let move_to = move |ev: leptos::ev::Event| {
        let destination = event_target_value(&ev);
        if let (Some(id), false) = (selected.get_untracked(), destination.is_empty()) {
            neighbour(1);
            spawn_local(async move { mail.move_to(&id, &destination).await });
        }
    };
    let close_compose = Callback::new(move |said: Option<&'static str>| {
        composing.set(None);
        notice.set(said);
        if said.is_some() {
            spawn_local(mail.refresh());
        }
    });

    view! {
        <div class="mail" class:reading=move || selected.with(Option::is_some) data-testid="mail">
            <aside class="mail-side">
                <button type="button" class="primary" data-testid="new-message" on:click=move |_| act(MailAction::NewMessage)>{text::NEW_MESSAGE}</button>
                <FolderPane />
                <form class="other-mailbox" on:submit=open_mailbox>
                    <label>
                        <span class="note">{text::OPEN_MAILBOX}</span>
                        <input type="email" placeholder="name@example.com" data-testid="open-mailbox-input" bind:value=other_mailbox />
                    </label>
                    <button type="submit" data-testid="open-mailbox">{text::OPEN}</button>
                </form>
            </aside>
            <section class="list-pane">
                <form class="search" role="search" on:submit=search>
                    <input type="search" aria-label=text::SEARCH placeholder=text::SEARCH data-testid="search-input" bind:value=search_text />
                    <button type="submit" data-testid="search">{text::SEARCH}</button>
                </form>
                <div class="filters" role="group" aria-label=text::FILTERS>
                    {Filter::ALL.into_iter().map(|filter| view! {
                        <button type="button" aria-pressed=move || (mail.filter.get() == filter).to_string()
                            data-testid=format!("filter-{}", filter.slug()) on:click=move |_| choose_filter(filter)>
                            {filter_label(filter)}
                        </button>
                    }).collect_view()}
                    <button type="button" data-testid="refresh" on:click=move |_| spawn_local(mail.refresh())>{text::REFRESH}</button>
                </div>
                {move || mail.undone.get().map(|(what, failure)| view! {
                    <div class="undone">
                        <Failure failure=failure lead=what testid="action-undone" />
                        <button type="button" on:click=move |_| mail.undone.set(None)>{text::DISMISS}</button>
                    </div>
                })}
                {move || notice.get().map(|said| view! { <p class="notice" role="status" data-testid="mail-notice">{said}</p> })}
                {move || compose_failure.get().map(|failure| view! { <Failure failure=failure lead=text::COMPOSE_FAILED testid="compose-start-error" /> })}
                <MessageList selected=selected />
            </section>
            <section class="reading-pane" aria-label=text::READING_PANE>
                <div class="toolbar" role="toolbar" aria-label=text::ACTIONS>
                    <button type="button" class="back" data-testid="close-message" on:click=move |_| open(None)>{text::BACK}</button>
                    {button(text::REPLY, "reply", MailAction::Reply, true)}
                    {button(text::REPLY_ALL, "reply-all", MailAction::ReplyAll, true)}
                    {button(text::FORWARD, "forward", MailAction::Forward, true)}
                    {button(text::READ_UNREAD, "toggle-read", MailAction::ToggleRead, true)}
                    {button(text::FLAG, "toggle-flag", MailAction::ToggleFlag, true)}
                    {button(text::ARCHIVE, "archive", MailAction::Archive, true)}
                    {button(text::DELETE, "delete", MailAction::Delete, true)}
                    <select aria-label=text::MOVE_TO data-testid="move-to" disabled=move || selected.with(Option::is_none) on:change=move_to prop:value="">
                        <option value="">{text::MOVE_TO}</option>
                        {move || tern_core::mail::folders::tree(&mail.folders.get(), &mail.well_known.get()).into_iter().map(|row| {
                            let indent = "\u{a0}\u{a0}".repeat(row.depth);
                            view! { <option value=row.folder.id.clone()>{indent}{row.folder.display_name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                {move || match composing.get() {
                    Some(draft) => view! { <Compose draft=draft on_close=close_compose /> }.into_any(),
                    None => view! { <ReadingPane selected=selected /> }.into_any(),
                }}
            </section>
        </div>
    }
}
