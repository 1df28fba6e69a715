//! Calendar, contacts and To Do calls to Graph. The screens hold their own state; the
//! requests themselves are built in `tern_core::graph::requests`.

use super::graph::{batch_item, Graph, GraphFailure};
use serde_json::Value;
use tern_core::date::CivilDate;
use tern_core::graph::models::{
    Calendar, Contact, ContactFolder, Event, MeetingTimeSuggestionsResult, ScheduleInformation, TodoTask, TodoTaskList,
};
use tern_core::graph::page::Page;
use tern_core::graph::requests::{self, GraphRequest, InvitationAnswer};
use tern_core::json::FromJson;
use tern_core::schedule;

/// Every page of a collection, following `@odata.nextLink` up to `limit` items.
pub async fn all_pages<T: FromJson>(graph: Graph, first: &GraphRequest, limit: usize) -> Result<Vec<T>, GraphFailure> {
    let page: Page<T> = graph.request_json(first).await?;
    let mut items = page.value;
    let mut link = page.next_link.filter(|_| items.len() < limit);
    while let Some(next) = link.take() {
        let page: Page<T> = graph.follow(&next).await?;
        items.extend(page.value);
        if items.len() < limit {
            link = page.next_link;
        }
    }
    Ok(items)
}

/// The zone times are shown in: the person's choice in Settings, else the mailbox's own
/// once read (`MailboxSettings::time_zone` reads it), else the browser's.
pub fn time_zone(auth: super::auth::Auth) -> String {
    use crate::browser::intl;
    auth.account_item::<String>(intl::TIME_ZONE_SETTING)
        .or_else(|| auth.account_item(intl::MAILBOX_TIME_ZONE))
        .unwrap_or_else(intl::browser_time_zone)
}

pub async fn calendars(graph: Graph) -> Result<Vec<Calendar>, GraphFailure> {
    all_pages(graph, &requests::calendars(), 200).await
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
    let items =
        calendars.iter().map(|calendar| requests::calendar_view(&calendar.id, start, end, time_zone).in_batch(&calendar.id)).collect();
    let answers = graph.batch(items).await?;
    let mut events = Vec::new();
    for calendar in calendars {
        let page: Page<Event> = batch_item(&answers, &calendar.id)?;
        events.extend(page.value.into_iter().map(|event| Event { calendar_id: Some(calendar.id.clone()), ..event }));
    }
    Ok(events)
}

pub async fn event(graph: Graph, id: &str, time_zone: &str) -> Result<Event, GraphFailure> {
    graph.request_json(&requests::event(id, time_zone)).await
}

/// An event and, for one of a series, the series itself: its rule is kept only there.
pub async fn event_in_series(graph: Graph, id: &str, time_zone: &str) -> Result<(Event, Option<Event>), GraphFailure> {
    let event = event(graph, id, time_zone).await?;
    let series = match event.series_master_id.as_deref() {
        Some(master) => Some(self::event(graph, master, time_zone).await?),
        None => None,
    };
    Ok((event, series))
}

/// Creates (`id` is `None`, in `calendar` or the default one) or updates an event;
/// answers the saved event.
pub async fn save_event(graph: Graph, id: Option<&str>, fields: &Value, calendar: Option<&str>) -> Result<Event, GraphFailure> {
    let request = match id {
        Some(id) => requests::update_event(id, fields.clone()),
        None => requests::create_event(calendar, fields.clone()),
    };
    graph.request_json(&request).await
}

pub async fn delete_event(graph: Graph, id: &str) -> Result<(), GraphFailure> {
    graph.perform(&requests::delete_event(id)).await
}

/// Each address's free/busy over `day` (in `time_zone`), slot by slot, in the order asked.
pub async fn free_busy(
    graph: Graph,
    addresses: &[String],
    day: CivilDate,
    time_zone: &str,
) -> Result<Vec<ScheduleInformation>, GraphFailure> {
    let request = requests::get_schedule(schedule::schedule_request(addresses, day, time_zone), time_zone);
    let page: Page<ScheduleInformation> = graph.request_json(&request).await?;
    Ok(page.value)
}

/// Times that suit everyone, from Graph's *Find a time*.
pub async fn meeting_times(graph: Graph, body: Value, time_zone: &str) -> Result<MeetingTimeSuggestionsResult, GraphFailure> {
    graph.request_json(&requests::find_meeting_times(body, time_zone)).await
}

/// Answers an invitation, with the person's message.
pub async fn respond(graph: Graph, id: &str, answer: InvitationAnswer, comment: &str) -> Result<(), GraphFailure> {
    graph.perform(&requests::respond_to_invitation(id, answer, comment)).await
}

/// The contacts of a folder (`None`: the default one).
pub async fn contacts(graph: Graph, folder: Option<&str>) -> Result<Vec<Contact>, GraphFailure> {
    all_pages(graph, &requests::contacts(folder), 5_000).await
}

pub async fn contact_folders(graph: Graph) -> Result<Vec<ContactFolder>, GraphFailure> {
    all_pages(graph, &requests::contact_folders(), 500).await
}

/// Changes a contact, or makes one in `folder` (`None`: the default one).
pub async fn save_contact(graph: Graph, id: Option<&str>, folder: Option<&str>, fields: &Value) -> Result<Contact, GraphFailure> {
    graph.request_json(&requests::save_contact(id, folder, fields.clone())).await
}

pub async fn create_contact_folder(graph: Graph, name: &str) -> Result<ContactFolder, GraphFailure> {
    graph.request_json(&requests::create_contact_folder(name)).await
}

pub async fn rename_contact_folder(graph: Graph, id: &str, name: &str) -> Result<ContactFolder, GraphFailure> {
    graph.request_json(&requests::rename_contact_folder(id, name)).await
}

pub async fn delete_contact_folder(graph: Graph, id: &str) -> Result<(), GraphFailure> {
    graph.perform(&requests::delete_contact_folder(id)).await
}

pub async fn delete_contact(graph: Graph, id: &str) -> Result<(), GraphFailure> {
    graph.perform(&requests::delete_contact(id)).await
}

pub async fn task_lists(graph: Graph) -> Result<Vec<TodoTaskList>, GraphFailure> {
    all_pages(graph, &requests::task_lists(), 500).await
}

pub async fn tasks(graph: Graph, list: &str) -> Result<Vec<TodoTask>, GraphFailure> {
    all_pages(graph, &requests::tasks(list), 5_000).await
}

pub async fn save_task(graph: Graph, list: &str, id: Option<&str>, fields: &Value) -> Result<TodoTask, GraphFailure> {
    let request = match id {
        Some(id) => requests::update_task(list, id, fields.clone()),
        None => requests::create_task(list, fields.clone()),
    };
    graph.request_json(&request).await
}

pub async fn delete_task(graph: Graph, list: &str, id: &str) -> Result<(), GraphFailure> {
    graph.perform(&requests::delete_task(list, id)).await
}
