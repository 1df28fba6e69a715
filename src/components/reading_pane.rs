use crate::browser::intl;
use crate::components::category::MessageCategories;
use crate::components::failure::Failure;
use crate::components::mail_body::MailBody;
use crate::services::mail::Mail;
use crate::services::task::spawn_owned;
use crate::text;
use leptos::prelude::*;
use std::sync::{Arc, Mutex};
use tern_core::graph::models::{Attachment, ItemBody, Message, Recipient};
use tern_core::mail::attachments::size_label;

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
/// Opening a message marks it read.
#[component]
pub fn ReadingPane(#[prop(into)] selected: Signal<Option<String>>) -> impl IntoView {
    let mail = Mail::expect();
    let message = LocalResource::new(move || {
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
        Some(Some(Ok(message))) => view! { <OpenMessage message=message /> }.into_any(),
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
