use crate::browser::intl;
use crate::components::category::MessageCategories;
use crate::components::failure::Failure;
use crate::components::mail_body::MailBody;
use crate::services::mail::Mail;
use crate::services::task::{load, spawn_owned};
use crate::text;
use leptos::prelude::*;
use std::sync::{Arc, Mutex};
use tern_core::graph::models::{Attachment, ItemBody, Message, Recipient};
use tern_core::mail::attachments::size_label;
use tern_core::mail::shortcuts::MailAction;

fn names(recipients: &[Recipient]) -> String {
    recipients
        .iter()
        .map(|r| match (&r.email_address.name, &r.email_address.address) {
            (Some(name), Some(address)) if !name.is_empty() && name != address => format!("{name} <{address}>"),
            _ => r.email_address.label().to_owned(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The open message: headers, the body through the safe renderer, and its attachments.
/// Opening a message marks it read. When the list groups by conversation, the open
/// message's conversation in this folder is shown around it, newest first, the others
/// folded; `on_one` takes the actions on one message of it (reply, forward, delete).
#[component]
pub fn ReadingPane(#[prop(into)] selected: Signal<Option<String>>, on_one: Callback<(String, MailAction)>) -> impl IntoView {
    let mail = Mail::expect();
    let message = load(move || {
        let id = selected.get();
        async move {
            let id = id?;
            let loaded = mail.message(&id).await;
            if matches!(&loaded, Ok(message) if !message.is_read) {
                mail.set_read(&id, true).await;
            }
            Some(loaded)
        }
    });
    move || match message.get() {
        None => view! { <p class="note" role="status" data-testid="message-loading">{text::MESSAGE_LOADING}</p> }.into_any(),
        Some(None) => view! { <p class="note reading-empty" data-testid="reading-empty">{text::NOTHING_SELECTED}</p> }.into_any(),
        Some(Some(Err(failure))) => view! { <Failure failure=failure lead=text::MESSAGE_FAILED testid="message-error" /> }.into_any(),
        Some(Some(Ok(message))) => match message.conversation_id.clone().filter(|_| mail.grouped().get_untracked()) {
            Some(conversation_id) => view! { <Conversation opened=message conversation_id=conversation_id on_one=on_one /> }.into_any(),
            None => view! { <OpenMessage message=message /> }.into_any(),
        },
    }
}

/// The conversation of the open message: fetched once (the list only has the rows it
/// loaded), the open one shown at once and left in place while the others arrive around
/// it, each a line that unfolds.
#[component]
fn Conversation(opened: Message, conversation_id: String, on_one: Callback<(String, MailAction)>) -> impl IntoView {
    let mail = Mail::expect();
    let members = load(move || {
        let conversation_id = conversation_id.clone();
        async move { mail.conversation(&conversation_id).await }
    });
    let opened_id = opened.id.clone();
    // The others, newer (`true`) or older than the open one, newest first.
    let around = {
        let opened_id = opened_id.clone();
        move |newer: bool| {
            let opened_id = opened_id.clone();
            move || {
                let Some(Ok(list)) = members.get() else { return Vec::new() };
                let at = list.iter().position(|m| m.id == opened_id).unwrap_or(0);
                let (before, after) = list.split_at(at);
                let chosen = if newer { before.to_vec() } else { after.iter().skip(1).cloned().collect() };
                chosen.into_iter().map(|member| view! { <FoldedMessage message=member on_one=on_one /> }).collect::<Vec<_>>()
            }
        }
    };
    let together = move || members.with(|members| matches!(members, Some(Ok(list)) if list.len() > 1));
    let count = move || {
        members.with(|members| match members {
            Some(Ok(list)) if list.len() > 1 => {
                Some(view! { <p class="note" data-testid="conversation-count">{format!("{} {}", list.len(), text::IN_CONVERSATION)}</p> })
            }
            _ => None,
        })
    };
    let failure = move || {
        members.with(|members| match members {
            Some(Err(failure)) => {
                Some(view! { <Failure failure=failure.clone() lead=text::CONVERSATION_FAILED testid="conversation-error" /> })
            }
            _ => None,
        })
    };
    let actions = {
        let id = opened_id.clone();
        move || together().then(|| view! { <OneMessageActions id=id.clone() on_one=on_one /> })
    };
    view! {
        <section class="conversation" aria-label=text::CONVERSATION data-testid="conversation">
            {count}
            {around(true)}
            <div class="conversation-item" data-testid="conversation-item" data-id=opened_id data-expanded="true">
                {actions}
                <OpenMessage message=opened />
            </div>
            {around(false)}
            {failure}
        </section>
    }
}

/// Reply, forward or delete one message of a conversation.
#[component]
fn OneMessageActions(id: String, on_one: Callback<(String, MailAction)>) -> impl IntoView {
    let button = move |label: &'static str, testid: &'static str, action: MailAction| {
        let id = id.clone();
        view! { <button type="button" data-testid=testid on:click=move |_| on_one.run((id.clone(), action))>{label}</button> }
    };
    view! {
        <div class="one-message-actions" role="group" aria-label=text::THIS_MESSAGE>
            {button(text::REPLY, "conversation-reply", MailAction::Reply)}
            {button(text::FORWARD, "conversation-forward", MailAction::Forward)}
            {button(text::DELETE, "conversation-delete", MailAction::Delete)}
        </div>
    }
}

/// A message of the conversation as one line (who, when, the start of it); unfolded, the
/// whole message, read from Graph then, and marked read.
#[component]
fn FoldedMessage(message: Message, on_one: Callback<(String, MailAction)>) -> impl IntoView {
    let mail = Mail::expect();
    let unfolded = RwSignal::new(false);
    let id = message.id.clone();
    let full = load({
        let id = id.clone();
        move || {
            let (open, id) = (unfolded.get(), id.clone());
            async move {
                if !open {
                    return None;
                }
                let loaded = mail.message(&id).await;
                if matches!(&loaded, Ok(message) if !message.is_read) {
                    mail.set_read(&id, true).await;
                }
                Some(loaded)
            }
        }
    });
    let from = message.correspondent().to_owned();
    let date = message.received_date_time.as_deref().map(intl::list_date).unwrap_or_default();
    let body = {
        let id = id.clone();
        move || {
            unfolded.get().then(|| match full.get() {
                Some(Some(Ok(message))) => {
                    view! { <OneMessageActions id=id.clone() on_one=on_one /> <OpenMessage message=message /> }.into_any()
                }
                Some(Some(Err(failure))) => {
                    view! { <Failure failure=failure lead=text::MESSAGE_FAILED testid="message-error" /> }.into_any()
                }
                _ => view! { <p class="note" role="status">{text::MESSAGE_LOADING}</p> }.into_any(),
            })
        }
    };
    view! {
        <div class="conversation-item" data-testid="conversation-item" data-id=id data-expanded=move || unfolded.get().to_string()>
            <button type="button" class="folded" aria-expanded=move || unfolded.get().to_string() data-testid="conversation-unfold"
                on:click=move |_| unfolded.update(|open| *open = !*open)>
                <strong>{from}</strong> " " <span class="note">{date}</span> " " <span class="note">{message.body_preview.clone()}</span>
            </button>
            {body}
        </div>
    }
}

#[component]
fn OpenMessage(message: Message) -> impl IntoView {
    let mail = Mail::expect();
    let body = message.body.clone().unwrap_or_else(|| ItemBody { content: message.body_preview.clone(), ..ItemBody::default() });
    let has_cid = body.content.contains("cid:");
    let inline_images = RwSignal::new(Vec::<(String, String)>::new());
    let attachments = RwSignal::new(Vec::<Attachment>::new());
    // Every blob: URL made for this message, let go when it closes.
    let object_urls = Arc::new(Mutex::new(Vec::<String>::new()));
    on_cleanup({
        let object_urls = object_urls.clone();
        move || {
            for url in object_urls.lock().map(|mut urls| std::mem::take(&mut *urls)).unwrap_or_default() {
                let _ = web_sys::Url::revoke_object_url(&url);
            }
        }
    });
    let keep = {
        let object_urls = object_urls.clone();
        move |url: &str| {
            if let Ok(mut urls) = object_urls.lock() {
                urls.push(url.to_owned());
            }
        }
    };
    let id = message.id.clone();
    if has_cid || message.has_attachments {
        let id = id.clone();
        let keep = keep.clone();
        spawn_owned(async move {
            if let Ok(list) = mail.attachments(&id).await {
                attachments.set(list.iter().filter(|a| !a.is_inline).cloned().collect());
            }
            if has_cid {
                let mut resolved = Vec::new();
                for (content_id, attachment) in mail.inline_parts(&id).await {
                    if let Ok(url) = mail.inline_image_url(&id, &attachment).await {
                        keep(&url);
                        resolved.push((content_id, url));
                    }
                }
                inline_images.set(resolved);
            }
        });
    }
    let subject = message.subject.clone().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| text::NO_SUBJECT.to_owned());
    let from = message.from.as_ref().map(|from| names(std::slice::from_ref(from))).unwrap_or_default();
    let to = names(&message.to_recipients);
    let cc = names(&message.cc_recipients);
    let date = message.received_date_time.as_deref().or(message.sent_date_time.as_deref()).map(intl::full_date).unwrap_or_default();
    let download = move |attachment: Attachment| {
        let id = id.clone();
        let keep = keep.clone();
        spawn_owned(async move {
            if let Ok(url) = mail.download_url(&id, &attachment.id).await {
                keep(&url);
                crate::browser::download(&url, attachment.name.as_deref().unwrap_or("attachment"));
            }
        });
    };
    view! {
        <article class="open-message" data-testid="open-message">
            <h2 data-testid="message-subject">{subject}</h2>
            <dl class="headers">
                <dt>{text::FROM}</dt><dd data-testid="message-from">{from}</dd>
                <dt>{text::TO}</dt><dd data-testid="message-to">{to}</dd>
                {(!cc.is_empty()).then(|| view! { <dt>{text::CC}</dt><dd data-testid="message-cc">{cc}</dd> })}
                <dt>{text::DATE}</dt><dd>{date}</dd>
            </dl>
            <MessageCategories id=message.id.clone() categories=message.categories.clone() />
            <MailBody body=Signal::stored(body) inline_images=inline_images />
            {move || {
                let list = attachments.get();
                (!list.is_empty()).then(|| {
                    let download = download.clone();
                    view! {
                        <ul class="attachments" aria-label=text::ATTACHMENTS data-testid="attachments">
                            {list.into_iter().map(|attachment| {
                                let name = attachment.name.clone().unwrap_or_default();
                                let details = format!("{} · {}", attachment.content_type.clone().unwrap_or_default(), size_label(attachment.size));
                                let download = download.clone();
                                let is_file = attachment.is_file();
                                view! {
                                    <li data-testid="attachment">
                                        <button type="button" disabled=!is_file on:click=move |_| download(attachment.clone()) data-testid="attachment-download">{name}</button>
                                        <span class="note">{details}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                })
            }}
        </article>
    }
}
