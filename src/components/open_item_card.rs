use crate::services::open_item::OpenItem;
use crate::text;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tern_core::route::Route;

/// In the add-in's pane: the message Outlook has open, and what Tern can do beside it.
#[component]
pub fn OpenItemCard() -> impl IntoView {
    let Some(open) = OpenItem::in_pane() else { return ().into_any() };
    let said = RwSignal::new(None::<Result<&'static str, String>>);
    let content = move || match open.message() {
        None if open.composing() => view! { <p class="note" data-testid="open-item-composing">{text::COMPOSING_HINT}</p> }.into_any(),
        None => view! { <p class="note" data-testid="open-item-none">{text::NO_OPEN_MESSAGE}</p> }.into_any(),
        Some(Err(problem)) => {
            view! { <p class="problem" role="alert" data-testid="open-item-error">{text::OPEN_MESSAGE_NOT_FOUND} " " {problem}</p> }
                .into_any()
        }
        Some(Ok(message)) => {
            let from = message.from.as_ref().map(|from| from.email_address.label().to_owned()).unwrap_or_default();
            let route = Route::Mail { mailbox: None, folder: "inbox".into(), message: Some(message.id.clone()) };
            let subject = message.subject.clone().unwrap_or_default();
            let add = move |_| {
                let message = message.clone();
                said.set(None);
                spawn_local(async move {
                    said.set(Some(open.add_to_todo(&message).await.map(|()| text::ADDED_TO_TODO)));
                });
            };
            view! {
                <p class="open-item-subject" data-testid="open-item-subject">{subject}</p>
                <p class="note" data-testid="open-item-from">{from}</p>
                <div class="actions">
                    <button type="button" data-testid="open-item-todo" on:click=add>{text::ADD_TO_TODO}</button>
                    <a href=route.to_hash() data-testid="open-item-open">{text::OPEN_IN_TERN}</a>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <section class="open-item" aria-label=text::BESIDE_MESSAGE data-testid="open-item">
            <h2>{text::BESIDE_MESSAGE}</h2>
            {content}
            {move || said.get().map(|said| match said {
                Ok(done) => view! { <p role="status" data-testid="open-item-said">{done}</p> }.into_any(),
                Err(problem) => view! { <p class="problem" role="alert" data-testid="open-item-said">{text::COULD_NOT_ADD_TO_TODO} " " {problem}</p> }.into_any(),
            })}
        </section>
    }
    .into_any()
}
