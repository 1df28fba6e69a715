use crate::services::open_item::OpenItem;
use crate::services::task::load;
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
            let add = {
                let message = message.clone();
                move |_| {
                    let message = message.clone();
                    said.set(None);
                    spawn_local(async move {
                        said.set(Some(open.add_to_todo(&message).await.map(|()| text::ADDED_TO_TODO)));
                    });
                }
            };
            let meet = {
                let message = message.clone();
                move |_| open.schedule_meeting(&message)
            };
            let sender = {
                let message = message.clone();
                move || match open.sender_contact() {
                    Some(Ok(Some(contact))) => {
                        view! { <p class="note" data-testid="open-item-contact">{text::SENDER_IN_CONTACTS} " " {contact.label()}</p> }
                            .into_any()
                    }
                    Some(Ok(None)) => {
                        let message = message.clone();
                        let add_contact = move |_| {
                            let message = message.clone();
                            said.set(None);
                            spawn_local(async move {
                                said.set(Some(open.add_sender_to_contacts(&message).await.map(|()| text::SENDER_ADDED)));
                            });
                        };
                        view! { <button type="button" data-testid="open-item-add-contact" on:click=add_contact>{text::ADD_SENDER_TO_CONTACTS}</button> }.into_any()
                    }
                    Some(Err(problem)) => view! { <p class="note" data-testid="open-item-contact">{problem}</p> }.into_any(),
                    None => ().into_any(),
                }
            };
            view! {
                <p class="open-item-subject" data-testid="open-item-subject">{subject}</p>
                <p class="note" data-testid="open-item-from">{from}</p>
                {sender}
                <div class="actions">
                    <button type="button" data-testid="open-item-todo" on:click=add>{text::ADD_TO_TODO}</button>
                    <button type="button" data-testid="open-item-meeting" on:click=meet>{text::SCHEDULE_MEETING}</button>
                    <a href=route.to_hash() data-testid="open-item-open">{text::OPEN_IN_TERN}</a>
                </div>
            }
            .into_any()
        }
    };
    let today = load(move || open.today());
    let agenda = move || {
        today.get().map(|events| match events {
            Err(problem) => view! { <p class="note" data-testid="open-item-agenda">{text::AGENDA_FAILED} " " {problem}</p> }.into_any(),
            Ok(events) if events.is_empty() => view! { <p class="note" data-testid="open-item-agenda">{text::NOTHING_TODAY}</p> }.into_any(),
            Ok(events) => view! {
                <ul class="open-item-agenda" data-testid="open-item-agenda">
                    {events.into_iter().map(|event| {
                        let time = if event.is_all_day {
                            text::ALL_DAY.to_owned()
                        } else {
                            event.start.as_ref().and_then(|start| start.date_time.get(11..16)).unwrap_or_default().to_owned()
                        };
                        view! { <li data-testid="open-item-event"><span class="note">{time}</span> " " {event.subject.clone().unwrap_or_default()}</li> }
                    }).collect_view()}
                </ul>
            }
            .into_any(),
        })
    };
    view! {
        <section class="open-item" aria-label=text::BESIDE_MESSAGE data-testid="open-item">
            <h2>{text::BESIDE_MESSAGE}</h2>
            {content}
            <h3>{text::TODAY}</h3>
            {agenda}
            {move || said.get().map(|said| match said {
                Ok(done) => view! { <p role="status" data-testid="open-item-said">{done}</p> }.into_any(),
                Err(problem) => view! { <p class="problem" role="alert" data-testid="open-item-said">{text::COULD_NOT_ADD_TO_TODO} " " {problem}</p> }.into_any(),
            })}
        </section>
    }
    .into_any()
}
