//! In the add-in's pane beside a message being written: buttons that put a contact's
//! address or an event's details into it. Elsewhere they are not there at all.

use crate::services::open_item::OpenItem;
use crate::text;
use leptos::prelude::*;
use leptos::task::spawn_local;

fn said_view(said: RwSignal<Option<Result<&'static str, String>>>) -> impl IntoView {
    move || {
        said.get().map(|said| match said {
            Ok(done) => view! { <p role="status" data-testid="compose-in-outlook-said">{done}</p> }.into_any(),
            Err(problem) => {
                view! { <p class="problem" role="alert" data-testid="compose-in-outlook-said">{text::OUTLOOK_REFUSED} " " {problem}</p> }
                    .into_any()
            }
        })
    }
}

/// To and Cc for a person with an address.
#[component]
pub fn AddToMessage(name: String, address: String) -> impl IntoView {
    let Some(open) = OpenItem::in_pane() else { return ().into_any() };
    let said = RwSignal::new(None);
    let add = move |field: &'static str| {
        let (name, address) = (name.clone(), address.clone());
        move |_| {
            let (name, address) = (name.clone(), address.clone());
            said.set(None);
            spawn_local(async move {
                let done = if field == "to" { text::ADDED_TO_TO } else { text::ADDED_TO_CC };
                said.set(Some(open.add_recipient(field, &name, &address).await.map(|()| done)));
            });
        }
    };
    let (to, cc) = (add("to"), add("cc"));
    view! {
        <Show when=move || open.composing()>
            <div class="compose-actions">
                <button type="button" data-testid="contact-add-to" on:click=to.clone()>{text::ADD_TO_TO}</button>
                <button type="button" data-testid="contact-add-cc" on:click=cc.clone()>{text::ADD_TO_CC}</button>
            </div>
            {said_view(said)}
        </Show>
    }
    .into_any()
}

/// Puts `text` (an event's details) into the message being written.
#[component]
pub fn InsertIntoMessage(text: String) -> impl IntoView {
    let Some(open) = OpenItem::in_pane() else { return ().into_any() };
    let said = RwSignal::new(None);
    let insert = move |_| {
        let text = text.clone();
        said.set(None);
        spawn_local(async move { said.set(Some(open.insert_text(&text).await.map(|()| text::INSERTED))) });
    };
    view! {
        <Show when=move || open.composing()>
            <button type="button" data-testid="event-insert" on:click=insert.clone()>{text::INSERT_INTO_MESSAGE}</button>
            {said_view(said)}
        </Show>
    }
    .into_any()
}
