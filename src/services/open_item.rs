//! In the add-in's pane: the message Outlook has open beside it, found in Graph, followed
//! as the person opens others while the pane is pinned, and what Tern does with it.

use crate::browser::office;
use crate::services::graph::Graph;
use leptos::prelude::*;
use tern_core::addin::{follow_up_task, translated_id, ConvertIdResult};
use tern_core::graph::models::{Message, TodoTaskList};
use tern_core::graph::page::Page;
use tern_core::graph::requests;
use tern_core::mail::list::mailbox_path;

#[derive(Clone, Copy)]
pub struct OpenItem {
    message: LocalResource<Option<Result<Message, String>>>,
    composing: RwSignal<bool>,
    graph: Graph,
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
        let message = LocalResource::new(move || {
            changes.track();
            let signed_in = auth.active.with(Option::is_some);
            async move {
                let rest_id = office::open_message_rest_id().filter(|_| signed_in)?;
                Some(find(graph, &rest_id).await)
            }
        });
        provide_context(OpenItem { message, composing, graph });
    }

    /// The pane's open item, where there is a pane.
    pub fn in_pane() -> Option<OpenItem> {
        use_context()
    }

    /// The open message once found; `None` while looking and when none is open.
    pub fn message(self) -> Option<Result<Message, String>> {
        self.message.get().flatten()
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
