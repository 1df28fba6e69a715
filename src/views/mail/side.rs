//! The parts of the mail screen around the list: the folder side, search and filters, and
//! what shows instead of the list when another mailbox needs more permission.

use super::place::MailPlace;
use crate::components::drawer::Drawer;
use crate::components::folder_pane::FolderPane;
use crate::services::task::spawn_owned;
use crate::text;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tern_core::mail::list::{Filter, InboxTab};
use tern_core::mail::shortcuts::MailAction;
use tern_core::route::{Route, DEFAULT_MAIL_FOLDER};

fn filter_label(filter: Filter) -> &'static str {
    match filter {
        Filter::All => text::FILTER_ALL,
        Filter::Unread => text::FILTER_UNREAD,
        Filter::Flagged => text::FILTER_FLAGGED,
        Filter::WithAttachments => text::FILTER_ATTACHMENTS,
    }
}

/// New message, the folders, and opening another person's mailbox.
#[component]
pub fn MailSide() -> impl IntoView {
    let place = MailPlace::expect();
    let mail = place.mail;
    let other_mailbox = RwSignal::new(mail.owner().unwrap_or_default());
    let open_mailbox = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let address = other_mailbox.get_untracked().trim().to_owned();
        let owner = (!address.is_empty()).then_some(address);
        crate::browser::location::navigate(&Route::Mail { mailbox: owner.clone(), folder: DEFAULT_MAIL_FOLDER.to_owned(), message: None });
        // The person asked for this mailbox: the consent round trip goes at once, and
        // outlives this screen (the new address makes a new one).
        let auth = mail.graph().auth();
        if owner.is_some() && !auth.has_consented(crate::services::mail::SHARED_MAIL_SCOPE) {
            spawn_local(async move {
                let _ = auth.request_consent(&[crate::services::mail::SHARED_MAIL_SCOPE]).await;
            });
        }
    };
    view! {
        <aside class="mail-side">
            <button type="button" class="primary" data-testid="new-message" on:click=move |_| place.act(MailAction::NewMessage)>{text::NEW_MESSAGE}</button>
            <Drawer open=place.folders_open label=text::FOLDERS id="mail-folders" testid="folders-toggle">
                {move || mail.owner().map(|owner| view! { <p class="note" data-testid="mailbox-owner">{owner}</p> })}
                <FolderPane />
                <form class="other-mailbox" on:submit=open_mailbox>
                    <label>
                        <span class="note">{text::OPEN_MAILBOX}</span>
                        <input type="email" placeholder="name@example.com" data-testid="open-mailbox-input" bind:value=other_mailbox />
                    </label>
                    <button type="submit" data-testid="open-mailbox">{text::OPEN}</button>
                </form>
            </Drawer>
        </aside>
    }
}

/// Search, the filters and Refresh above the list.
#[component]
pub fn SearchAndFilters() -> impl IntoView {
    let mail = MailPlace::expect().mail;
    let search_text = RwSignal::new(mail.search_text().get_untracked());
    let halves_shown = Memo::new(move |_| mail.halves_shown());
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_owned(mail.search(search_text.get_untracked()));
    };
    view! {
        <form class="search" role="search" on:submit=search>
            <input type="search" aria-label=text::SEARCH placeholder=text::SEARCH data-testid="search-input" bind:value=search_text />
            <button type="submit" data-testid="search">{text::SEARCH}</button>
        </form>
        // Only appearing or going rebuilds the halves: choosing one must not end its own work.
        {move || halves_shown.get().then(|| view! { <InboxHalves /> })}
        <div class="filters" role="group" aria-label=text::FILTERS>
            {Filter::ALL.into_iter().map(|filter| view! {
                <button type="button" aria-pressed=move || (mail.filter().get() == filter).to_string()
                    data-testid=format!("filter-{}", filter.slug()) on:click=move |_| spawn_owned(mail.choose_filter(filter))>
                    {filter_label(filter)}
                </button>
            }).collect_view()}
            <button type="button" data-testid="refresh" on:click=move |_| spawn_owned(mail.refresh())>{text::REFRESH}</button>
        </div>
    }
}

/// Focused Inbox's two halves of the inbox, when the mailbox uses them.
#[component]
fn InboxHalves() -> impl IntoView {
    let mail = MailPlace::expect().mail;
    let half = move |tab: InboxTab, label: &'static str| {
        view! {
            <button type="button" aria-pressed=move || (mail.tab().get() == Some(tab)).to_string()
                data-testid=format!("tab-{}", tab.as_str()) on:click=move |_| spawn_owned(mail.choose_tab(tab))>
                {label}
            </button>
        }
    };
    view! {
        <div class="filters inbox-halves" role="group" aria-label=text::INBOX_HALVES>
            {half(InboxTab::Focused, text::FOCUSED)}
            {half(InboxTab::Other, text::OTHER)}
        </div>
    }
}

/// Another person's mailbox before this account may open it: what is missing and a way to
/// grant it, where the list would be.
#[component]
pub fn ConsentNeeded() -> impl IntoView {
    let mail = MailPlace::expect().mail;
    let owner = mail.owner().unwrap_or_default();
    view! {
        <div class="consent-needed" role="region" aria-label=text::PERMISSION_NEEDED data-testid="mailbox-consent-needed">
            <p>{text::SHARED_MAILBOX_NEEDS_CONSENT} " " <strong>{owner}</strong></p>
            <p class="note">{text::SHARED_MAILBOX_SCOPE_EXPLAINED} " " <code>{crate::services::mail::SHARED_MAIL_SCOPE}</code></p>
            {move || mail.failure().get().map(|failure| view! {
                <crate::components::failure::Failure failure=failure lead=text::CONSENT_FAILED testid="consent-error" />
            })}
            <button type="button" class="primary" data-testid="mailbox-grant-access" on:click=move |_| spawn_local(mail.ask_consent())>
                {text::GRANT_ACCESS}
            </button>
        </div>
    }
}
