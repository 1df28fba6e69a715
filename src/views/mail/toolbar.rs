//! The actions on the open message.

use super::folder_options::folder_options;
use super::place::MailPlace;
use crate::text;
use leptos::prelude::*;
use tern_core::mail::list::InboxTab;
use tern_core::mail::shortcuts::MailAction;

#[component]
pub fn MessageToolbar() -> impl IntoView {
    let place = MailPlace::expect();
    let mail = place.mail;
    let selected = place.selected;
    let button = move |label: &'static str, testid: &'static str, action: MailAction| {
        view! {
            <button type="button" data-testid=testid disabled=move || selected.with(Option::is_none) on:click=move |_| place.act(action)>
                {label}
            </button>
        }
    };
    let move_to = move |ev: leptos::ev::Event| {
        let destination = event_target_value(&ev);
        if let (Some(id), false) = (selected.get_untracked(), destination.is_empty()) {
            place.move_open_message(id, destination);
        }
    };
    // Between the halves of the inbox, for the open message; "always" takes the sender too.
    let halves = move || {
        if !mail.halves_shown() {
            return None;
        }
        let to = mail.tab().get()?.opposite();
        let (once, always) = match to {
            InboxTab::Other => (text::MOVE_TO_OTHER, text::ALWAYS_MOVE_TO_OTHER),
            InboxTab::Focused => (text::MOVE_TO_FOCUSED, text::ALWAYS_MOVE_TO_FOCUSED),
        };
        let move_it = move |always: bool| {
            if let Some(id) = selected.get_untracked() {
                place.neighbour(1);
                place.spawn(async move { mail.move_to_half(&id, to, always).await });
            }
        };
        Some(view! {
            <button type="button" data-testid="move-to-half" disabled=move || selected.with(Option::is_none) on:click=move |_| move_it(false)>{once}</button>
            <button type="button" data-testid="always-move-to-half" disabled=move || selected.with(Option::is_none) on:click=move |_| move_it(true)>{always}</button>
        })
    };
    view! {
        <div class="toolbar" role="toolbar" aria-label=text::ACTIONS>
            <button type="button" class="back" data-testid="close-message" on:click=move |_| place.open(None)>{text::BACK}</button>
            {button(text::REPLY, "reply", MailAction::Reply)}
            {button(text::REPLY_ALL, "reply-all", MailAction::ReplyAll)}
            {button(text::FORWARD, "forward", MailAction::Forward)}
            {button(text::READ_UNREAD, "toggle-read", MailAction::ToggleRead)}
            {button(text::FLAG, "toggle-flag", MailAction::ToggleFlag)}
            {button(text::ARCHIVE, "archive", MailAction::Archive)}
            {button(text::DELETE, "delete", MailAction::Delete)}
            {halves}
            <select aria-label=text::MOVE_TO data-testid="move-to" disabled=move || selected.with(Option::is_none) on:change=move_to prop:value="">
                {folder_options(mail)}
            </select>
        </div>
    }
}
