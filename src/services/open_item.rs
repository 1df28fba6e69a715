//! In the add-in's pane: the message Outlook has open beside it, found in Graph, followed
//! as the person opens others while the pane is pinned, and what Tern does with it.

use crate::browser::{intl, location, office};
use crate::services::graph::Graph;
use crate::services::pim;
use crate::services::task::{load, Loaded};
use leptos::prelude::*;
use tern_core::addin::{follow_up_task, meeting_about, translated_id, ConvertIdResult};
use tern_core::calendar::EventForm;
use tern_core::contacts::ContactForm;
use tern_core::graph::models::{Contact, Event};
use tern_core::graph::models::{Message, TodoTaskList};
use tern_core::graph::page::Page;
use tern_core::graph::requests;
use tern_core::mail::list::mailbox_path;
use tern_core::route::{CalendarView, Route};

#[derive(Clone, Copy)]
pub struct OpenItem {
    message: Loaded<Option<Result<Message, String>>>,
    composing: RwSignal<bool>,
    /// The sender among the person's contacts: `Ok(None)` when they are not there.
    sender: Loaded<Option<Result<Option<Contact>, String>>>,
    /// A meeting about the message, for the calendar to open in its form.
    meeting: RwSignal<Option<EventForm>>,
    /// Bumped when a contact was added, so the sender is looked up again.
    contacts_changed: RwSignal<u32>,
    graph: Graph,
}

/// The address a message came from.
fn sender_address(message: &Message) -> Option<String> {
    message.from.as_ref().and_then(|from| from.email_address.address.clone())
}

/// The message Graph knows under an add-in's REST item id: translated to the immutable id
/// Tern uses everywhere, then fetched.
async fn find(graph: Graph, rest_id: &str) -> Result<Message, String> {
    let answer: Page<ConvertIdResult> =
        graph.request_json(&requests::translate_exchange_ids(&[rest_id])).await.map_err(|failure| failure.to_string())?;
    let id = translated_id(&answer.value, rest_id)?;
    graph.request_json(&requests::message(&mailbox_path(None), &id)).await.map_err(|failure| failure.to_string())
}

impl OpenItem {
    /// Once per pane: Outlook's item-changed handler lives as long as the page.
    pub fn provide(graph: Graph) {
        let changes = RwSignal::new(0u32);
        let composing = RwSignal::new(office::is_composing());
        office::on_item_changed(move || {
            composing.set(office::is_composing());
            changes.update(|count| *count += 1);
        });
        let auth = graph.auth();
        let message = load(move || {
            changes.track();
            let signed_in = auth.active.with(Option::is_some);
            async move {
                let rest_id = office::open_message_rest_id().filter(|_| signed_in)?;
                Some(find(graph, &rest_id).await)
            }
        });
        let contacts_changed = RwSignal::new(0u32);
        let sender = load(move || {
            contacts_changed.track();
            let address = message.get().flatten().and_then(Result::ok).as_ref().and_then(sender_address);
            async move {
                let address = address?;
                let contacts = pim::contacts(graph, None).await.map_err(|failure| failure.to_string());
                Some(contacts.map(|contacts| {
                    contacts.into_iter().find(|contact| {
                        contact
                            .email_addresses
                            .iter()
                            .any(|known| known.address.as_deref().is_some_and(|known| known.eq_ignore_ascii_case(&address)))
                    })
                }))
            }
        });
        provide_context(OpenItem { message, composing, sender, meeting: RwSignal::new(None), contacts_changed, graph });
    }

    /// The pane's open item, where there is a pane.
    pub fn in_pane() -> Option<OpenItem> {
        use_context()
    }

    /// The open message once found; `None` while looking and when none is open.
    pub fn message(self) -> Option<Result<Message, String>> {
        self.message.get().flatten()
    }

    /// The sender among the person's contacts, once looked up.
    pub fn sender_contact(self) -> Option<Result<Option<Contact>, String>> {
        self.sender.get().flatten()
    }

    /// Adds the sender of `message` to the person's contacts.
    pub async fn add_sender_to_contacts(self, message: &Message) -> Result<(), String> {
        let from = message.from.as_ref().ok_or("the message has no sender")?;
        let name = from.email_address.name.clone().unwrap_or_default();
        let (given_name, surname) = name
            .trim()
            .split_once(' ')
            .map_or((name.trim().to_owned(), String::new()), |(given, rest)| (given.to_owned(), rest.to_owned()));
        let form = ContactForm::for_sender(given_name, surname, from.email_address.address.clone().unwrap_or_default());
        let fields = form.to_graph().map_err(|problem| format!("{problem:?}"))?;
        pim::save_contact(self.graph, None, None, &fields).await.map_err(|failure| failure.to_string())?;
        self.contacts_changed.update(|count| *count += 1);
        Ok(())
    }

    /// Opens the calendar on a new meeting with the message's people.
    pub fn schedule_meeting(self, message: &Message) {
        let auth = self.graph.auth();
        let me = auth.active_account().map(|account| account.username).unwrap_or_default();
        let Some(now) = intl::now_in(&pim::time_zone(auth)) else { return };
        self.meeting.set(Some(meeting_about(message, &me, now)));
        location::navigate(&Route::Calendar { view: CalendarView::Agenda, date: None });
    }

    /// The meeting the calendar should open in its form, once.
    pub fn take_meeting(self) -> Option<EventForm> {
        self.meeting.try_update(Option::take).flatten()
    }

    /// Today's events, for the agenda beside the message.
    pub async fn today(self) -> Result<Vec<Event>, String> {
        let today = intl::today().ok_or("the browser gave no date")?;
        let zone = pim::time_zone(self.graph.auth());
        let calendars = pim::calendars(self.graph).await.map_err(|failure| failure.to_string())?;
        let (start, end) = (intl::local_midnight_utc(today), intl::local_midnight_utc(today.add_days(1)));
        let mut events = pim::calendar_view(self.graph, &calendars, &start, &end, &zone).await.map_err(|failure| failure.to_string())?;
        tern_core::sort::sort_by_key(&mut events, |event| event.start.as_ref().map(|start| start.date_time.clone()));
        Ok(events)
    }

    /// Whether the open item is a message being written, which Tern can add to.
    pub fn composing(self) -> bool {
        self.composing.get()
    }

    /// Adds a person to the message being written (`to` or `cc`).
    pub async fn add_recipient(self, field: &str, name: &str, address: &str) -> Result<(), String> {
        office::add_recipient(field, name, address).await
    }

    /// Puts text into the message being written, at its cursor.
    pub async fn insert_text(self, text: &str) -> Result<(), String> {
        office::insert_into_body(text).await
    }

    /// A task in the default To Do list to follow up on `message`, linked back to it.
    pub async fn add_to_todo(self, message: &Message) -> Result<(), String> {
        let lists: Page<TodoTaskList> = self.graph.request_json(&requests::task_lists()).await.map_err(|failure| failure.to_string())?;
        let list = lists
            .value
            .iter()
            .find(|list| list.wellknown_list_name.as_deref() == Some("defaultList"))
            .or(lists.value.first())
            .ok_or("there is no To Do list to add to")?;
        let task = follow_up_task(message.subject.as_deref().unwrap_or_default(), message.web_link.as_deref());
        self.graph.request(&requests::create_task(&list.id, task)).await.map(drop).map_err(|failure| failure.to_string())
    }
}
