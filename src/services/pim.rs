//! Calendar, contacts and To Do calls to Graph. The screens hold their own state; these
//! functions only name the paths and shapes.

use super::graph::{batch_item, Graph, GraphFailure, Outgoing};
use serde::de::DeserializeOwned;
use serde_json::Value;
use tern_core::graph::batch::Request;
use tern_core::graph::models::{Calendar, Contact, Event, TodoTask, TodoTaskList};
use tern_core::graph::page::Page;
use tern_core::percent::encode_segment;

/// Every page of a collection, following `@odata.nextLink` up to `limit` items.
pub async fn all_pages<T: DeserializeOwned>(graph: Graph, first: &str, limit: usize) -> Result<Vec<T>, GraphFailure> {
    let mut items = Vec::new();
    let mut link = Some(first.to_owned());
    while let Some(path) = link.take() {
        let page: Page<T> = graph.get_json(&path).await?;
        items.extend(page.value);
        if items.len() < limit {
            link = page.next_link;
        }
    }
    Ok(items)
}

/// The zone the calendar shows: the person's choice in settings, else the browser's.
pub fn time_zone(auth: super::auth::Auth) -> String {
    auth.account_item::<String>(crate::browser::intl::TIME_ZONE_SETTING).unwrap_or_else(crate::browser::intl::browser_time_zone)
}

fn zone_header(time_zone: &str) -> String {
    format!("outlook.timezone=\"{time_zone}\"")
}

pub async fn calendars(graph: Graph) -> Result<Vec<Calendar>, GraphFailure> {
    all_pages(graph, "/me/calendars?$select=id,name,color,hexColor,isDefaultCalendar,canEdit&$top=50", 200).await
}

/// The occurrences in `[start, end)` of every calendar, in `time_zone`, each tagged with
/// its calendar, in one `$batch`.
pub async fn calendar_view(
    graph: Graph,
    calendars: &[Calendar],
    start: &str,
    end: &str,
    time_zone: &str,
) -> Result<Vec<Event>, GraphFailure> {
    const FIELDS: &str =
        "id,subject,start,end,isAllDay,isCancelled,location,organizer,responseStatus,showAs,type,seriesMasterId,isOnlineMeeting";
    let prefer = zone_header(time_zone);
    let requests = calendars
        .iter()
        .map(|calendar| {
            let mut request = Request::get(
                &calendar.id,
                &format!(
                    "/me/calendars/{}/calendarView?startDateTime={}&endDateTime={}&$select={FIELDS}&$top=500",
                    encode_segment(&calendar.id),
                    encode_segment(start),
                    encode_segment(end)
                ),
            );
            request.headers.insert("Prefer".into(), prefer.clone());
            request
        })
        .collect();
    let answers = graph.batch(requests).await?;
    let mut events = Vec::new();
    for calendar in calendars {
        let page: Page<Event> = batch_item(&answers, &calendar.id)?;
        events.extend(page.value.into_iter().map(|event| Event { calendar_id: Some(calendar.id.clone()), ..event }));
    }
    Ok(events)
}

pub async fn event(graph: Graph, id: &str, time_zone: &str) -> Result<Event, GraphFailure> {
    let prefer = zone_header(time_zone);
    let path = format!("/me/events/{}", encode_segment(id));
    graph.send_json(&path, Outgoing { method: "GET", body: None, prefer: &[&prefer, "outlook.body-content-type=\"html\""] }).await
}

/// Creates (`id` is `None`) or updates an event; answers the saved event.
pub async fn save_event(graph: Graph, id: Option<&str>, fields: &Value, calendar: Option<&str>) -> Result<Event, GraphFailure> {
    let body = fields.to_string();
    match (id, calendar) {
        (Some(id), _) => {
            graph
                .send_json(&format!("/me/events/{}", encode_segment(id)), Outgoing { method: "PATCH", body: Some(&body), prefer: &[] })
                .await
        }
        (None, Some(calendar)) => {
            let path = format!("/me/calendars/{}/events", encode_segment(calendar));
            graph.send_json(&path, Outgoing { method: "POST", body: Some(&body), prefer: &[] }).await
        }
        (None, None) => graph.send_json("/me/events", Outgoing { method: "POST", body: Some(&body), prefer: &[] }).await,
    }
}

pub async fn delete(graph: Graph, path: &str) -> Result<(), GraphFailure> {
    graph.send(path, Outgoing { method: "DELETE", body: None, prefer: &[] }).await.map(drop)
}

pub fn event_path(id: &str) -> String {
    format!("/me/events/{}", encode_segment(id))
}

/// `accept`, `tentativelyAccept` or `decline`, with the person's message.
pub async fn respond(graph: Graph, id: &str, action: &str, comment: &str) -> Result<(), GraphFailure> {
    let body = serde_json::json!({ "comment": comment, "sendResponse": true });
    graph.post(&format!("{}/{action}", event_path(id)), &body).await
}

pub async fn contacts(graph: Graph) -> Result<Vec<Contact>, GraphFailure> {
    all_pages(
        graph,
        "/me/contacts?$select=id,displayName,givenName,surname,emailAddresses,companyName,jobTitle,businessPhones,mobilePhone&$orderby=displayName&$top=250",
        5_000,
    )
    .await
}

pub fn contact_path(id: &str) -> String {
    format!("/me/contacts/{}", encode_segment(id))
}

pub async fn save_contact(graph: Graph, id: Option<&str>, fields: &Value) -> Result<Contact, GraphFailure> {
    let body = fields.to_string();
    match id {
        Some(id) => graph.send_json(&contact_path(id), Outgoing { method: "PATCH", body: Some(&body), prefer: &[] }).await,
        None => graph.send_json("/me/contacts", Outgoing { method: "POST", body: Some(&body), prefer: &[] }).await,
    }
}

pub async fn task_lists(graph: Graph) -> Result<Vec<TodoTaskList>, GraphFailure> {
    all_pages(graph, "/me/todo/lists?$top=100", 500).await
}

pub fn tasks_path(list: &str) -> String {
    format!("/me/todo/lists/{}/tasks", encode_segment(list))
}

pub async fn tasks(graph: Graph, list: &str) -> Result<Vec<TodoTask>, GraphFailure> {
    all_pages(graph, &format!("{}?$top=100", tasks_path(list)), 5_000).await
}

pub async fn save_task(graph: Graph, list: &str, id: Option<&str>, fields: &Value) -> Result<TodoTask, GraphFailure> {
    let body = fields.to_string();
    match id {
        Some(id) => {
            let path = format!("{}/{}", tasks_path(list), encode_segment(id));
            graph.send_json(&path, Outgoing { method: "PATCH", body: Some(&body), prefer: &[] }).await
        }
        None => graph.send_json(&tasks_path(list), Outgoing { method: "POST", body: Some(&body), prefer: &[] }).await,
    }
}
