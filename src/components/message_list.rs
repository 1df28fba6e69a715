use crate::browser::intl;
use crate::components::category::CategoryMarks;
use crate::components::failure::Failure;
use crate::components::icon::{Icon, IconName};
use crate::components::skeleton::SkeletonRows;
use crate::services::mail::Mail;
use crate::services::task::{effect, ScreenWork};
use crate::text;
use leptos::html::Div;
use leptos::prelude::*;
use tern_core::graph::models::Importance;
use tern_core::mail::conversations::Row;
use tern_core::mail::list::{near_end, visible_rows, Window};

/// Every row has this height, so the list can place any row without measuring it.
pub const ROW_HEIGHT: u32 = 68;
/// Rows rendered above and below the visible ones.
const MARGIN: usize = 15;

/// The folder's messages, newest first. Only the rows in view and a margin are in the
/// DOM, so ten thousand messages scroll as smoothly as ten; the next page loads as the
/// end comes near.
/// Placeholder rows while the first page loads.
const SKELETON_ROWS: usize = 6;

#[component]
pub fn MessageList(#[prop(into)] selected: Signal<Option<String>>) -> impl IntoView {
    let mail = Mail::expect();
    let scroller = NodeRef::<Div>::new();
    let scroll_top = RwSignal::new(0u32);
    let viewport = RwSignal::new(900u32);
    let measure = move || {
        if let Some(element) = scroller.get_untracked() {
            scroll_top.set(element.scroll_top().max(0) as u32);
            viewport.set(element.client_height().max(0) as u32);
        }
    };
    // Loading the next page sets `loading`, which runs the effect below again: the load
    // belongs to the list, not to one run of the effect, or it would cancel itself.
    let list_work = StoredValue::new(ScreenWork::here());
    let window = Memo::new(move |_| visible_rows(scroll_top.get(), viewport.get(), ROW_HEIGHT, mail.rows().with(Vec::len), MARGIN));
    effect(move |_| {
        let window = window.get();
        let total = mail.rows().with(Vec::len);
        if total > 0 && near_end(window, total, MARGIN) && mail.has_more().get() && !mail.loading().get() {
            list_work.with_value(|work| work.spawn(mail.load_more()));
        }
    });
    // The open message stays in view as the keyboard moves through the list, which also
    // brings the next page when the end comes near.
    effect(move |_| {
        let Some(id) = selected.get() else { return };
        let Some(index) = mail.rows().with_untracked(|rows| rows.iter().position(|row| row.ids.contains(&id))) else { return };
        let Some(element) = scroller.get_untracked() else { return };
        let top = index as u32 * ROW_HEIGHT;
        let height = element.client_height().max(0) as u32;
        let current = element.scroll_top().max(0) as u32;
        let wanted = if top < current {
            top
        } else if top + ROW_HEIGHT > current + height {
            (top + ROW_HEIGHT).saturating_sub(height)
        } else {
            return;
        };
        element.set_scroll_top(wanted as i32);
        scroll_top.set(wanted);
    });
    // A new folder starts at the top.
    effect(move |_| {
        mail.folder().track();
        if let Some(element) = scroller.get_untracked() {
            element.set_scroll_top(0);
        }
        scroll_top.set(0);
    });
    let rows = move || {
        let Window { first, last } = window.get();
        mail.rows().with(|rows| {
            rows[first.min(rows.len())..last.min(rows.len())]
                .iter()
                .enumerate()
                .map(|(offset, row)| (first + offset, row.clone()))
                .collect::<Vec<_>>()
        })
    };
    let status = move || {
        if let Some(failure) = mail.failure().get() {
            return view! { <Failure failure=failure lead=text::LIST_FAILED testid="list-error" /> }.into_any();
        }
        let empty = mail.rows().with(Vec::is_empty);
        if mail.loading().get() && empty {
            // The shape of the list to come, so nothing jumps when it arrives.
            return view! { <SkeletonRows count=SKELETON_ROWS label=text::LIST_LOADING testid="list-loading" /> }.into_any();
        }
        if mail.loading().get() {
            return view! { <p class="note list-status" role="status" data-testid="list-loading">{text::LIST_LOADING}</p> }.into_any();
        }
        if empty {
            return view! {
                <div class="list-status" data-testid="list-empty">
                    <p>{text::LIST_EMPTY}</p>
                    <p class="note">{text::LIST_EMPTY_WHAT_TO_DO}</p>
                </div>
            }
            .into_any();
        }
        ().into_any()
    };
    view! {
        <div class="message-scroll" node_ref=scroller on:scroll=move |_| measure() data-testid="message-list" role="list" aria-label=text::MESSAGES>
            {move || mail.from_cache().get().then(|| view! { <p class="note" data-testid="list-from-cache">{text::LIST_FROM_CACHE}</p> })}
            {move || mail.cache_refused().get().then(|| view! { <p class="note" data-testid="list-cache-refused">{text::LIST_CACHE_REFUSED}</p> })}
            <div class="message-rows" style=move || format!("height:{}px", mail.rows().with(Vec::len) as u32 * ROW_HEIGHT)>
                <For
                    each=rows
                    key=|(index, row)| (*index, row.ids.clone(), row.any_unread, row.any_flagged, row.newest.categories.clone())
                    children=move |(index, row)| view! { <MessageRow index=index row=row selected=selected /> }
                />
            </div>
            {status}
        </div>
    }
}

/// A message, or a conversation at its newest message with how many it holds and who wrote.
#[component]
fn MessageRow(index: usize, row: Row, selected: Signal<Option<String>>) -> impl IntoView {
    let mail = Mail::expect();
    let message = row.newest.clone();
    let href = mail.route(&mail.folder().get_untracked(), Some(message.id.clone())).to_hash();
    let members = row.ids.clone();
    let is_selected = move || selected.with(|selected| selected.as_ref().is_some_and(|open| members.contains(open)));
    let who = if row.count() > 1 { row.participants.join(", ") } else { message.correspondent().to_owned() };
    let count = (row.count() > 1).then(|| {
        let label = format!("{} {}", row.count(), text::IN_CONVERSATION);
        view! { <span class="row-count" title=label.clone() aria-label=label data-testid="row-count">{row.count()}</span> }
    });
    let date = message.received_date_time.as_deref().map(intl::list_date).unwrap_or_default();
    let subject = message.subject.clone().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| text::NO_SUBJECT.to_owned());
    let mut class = String::from("message-row");
    if row.any_unread {
        class.push_str(" unread");
    }
    let chosen = {
        let id = message.id.clone();
        Signal::derive(move || mail.selection().with(|selection| selection.is_chosen(&id)))
    };
    let check_label = format!("{} {subject}", text::CHOOSE);
    let toggle = {
        let id = message.id.clone();
        move |_| mail.toggle_chosen(&id)
    };
    // Ctrl/⌘+click and Shift+click choose rows, as in Outlook, instead of opening them.
    let click = {
        let id = message.id.clone();
        move |ev: leptos::ev::MouseEvent| {
            if ev.shift_key() {
                ev.prevent_default();
                mail.choose_through(&id);
            } else if ev.ctrl_key() || ev.meta_key() {
                ev.prevent_default();
                mail.toggle_chosen(&id);
            }
        }
    };
    view! {
        <div
            class=class
            class:selected=is_selected
            class:chosen=chosen
            role="listitem"
            style=format!("top:{}px", index as u32 * ROW_HEIGHT)
            data-testid="message-row"
            data-id=message.id.clone()
            data-unread=row.any_unread.to_string()
            data-count=row.count().to_string()
        >
            <input type="checkbox" class="row-check" data-testid="row-choose" aria-label=check_label prop:checked=chosen on:change=toggle />
            <a class="row-link" href=href on:click=click data-testid="row-open">
            <span class="row-top">
                <span class="correspondent">{who}</span>
                {count}
                <span class="markers">
                    {(message.importance == Importance::High).then(|| view! {
                        <span role="img" title=text::IMPORTANT aria-label=text::IMPORTANT data-testid="marker-important"><Icon name=IconName::Important /></span>
                    })}
                    {row.any_attachments.then(|| view! {
                        <span role="img" title=text::HAS_ATTACHMENTS aria-label=text::HAS_ATTACHMENTS data-testid="marker-attachment"><Icon name=IconName::Attachment /></span>
                    })}
                    {row.any_flagged.then(|| view! {
                        <span role="img" title=text::FLAGGED aria-label=text::FLAGGED data-testid="marker-flag"><Icon name=IconName::Flag /></span>
                    })}
                    <CategoryMarks names=message.categories.clone() />
                </span>
                <time class="note">{date}</time>
            </span>
            <span class="subject" data-testid="row-subject">{subject}</span>
            <span class="preview note">{message.body_preview.clone()}</span>
            </a>
        </div>
    }
}
