//! Every request Tern makes to Microsoft Graph, by name: its method, its path and query
//! (relative to the Graph base), the `Prefer` values it needs and its body. The browser
//! side only sends what these functions build, so each request can be read, and tested,
//! here.
//!
//! A mailbox is given as its path: `/me`, or `/users/{address}` for another person's
//! (see [`crate::mail::list::mailbox_path`]).

use super::batch;
use super::odata::{Clause, Direction, Operator, Query, Value as Literal};
use crate::mail::folders::FolderRef;
use crate::mail::list::{Filter, InboxTab, LIST_FIELDS};
use crate::percent::encode_segment;
use serde_json::{json, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }
}

/// One request to Graph, ready to send alone or inside a `$batch`.
#[derive(Clone, Debug, PartialEq)]
pub struct GraphRequest {
    pub method: Method,
    /// Relative to the Graph base, with its query: `/me/mailFolders?$top=250`.
    pub path: String,
    /// `Prefer` values besides the immutable ids every request asks for.
    pub prefer: Vec<String>,
    pub body: Option<Value>,
}

impl GraphRequest {
    fn get(path: String) -> GraphRequest {
        GraphRequest { method: Method::Get, path, prefer: Vec::new(), body: None }
    }

    fn post(path: String, body: Value) -> GraphRequest {
        GraphRequest { method: Method::Post, path, prefer: Vec::new(), body: Some(body) }
    }

    fn patch(path: String, body: Value) -> GraphRequest {
        GraphRequest { method: Method::Patch, path, prefer: Vec::new(), body: Some(body) }
    }

    fn delete(path: String) -> GraphRequest {
        GraphRequest { method: Method::Delete, path, prefer: Vec::new(), body: None }
    }

    fn prefer(mut self, value: String) -> GraphRequest {
        self.prefer.push(value);
        self
    }

    /// The same request as an item of a `$batch`, answered under `id`.
    pub fn in_batch(&self, id: &str) -> batch::Request {
        let mut request = batch::Request::get(id, &self.path);
        request.method = self.method.as_str().to_owned();
        request.body = self.body.clone();
        if self.body.is_some() {
            request.headers.insert("Content-Type".into(), "application/json".into());
        }
        if !self.prefer.is_empty() {
            request.headers.insert("Prefer".into(), self.prefer.join(", "));
        }
        request
    }
}

/// `Prefer` that sets the zone of every `start` and `end` in the answer.
fn time_zone(zone: &str) -> String {
    format!("outlook.timezone=\"{zone}\"")
}

fn message_path(mailbox: &str, id: &str) -> String {
    format!("{mailbox}/messages/{}", encode_segment(id))
}

fn folder_path(mailbox: &str, folder: &FolderRef) -> String {
    format!("{mailbox}/mailFolders/{}", encode_segment(folder.as_path_segment()))
}

// ---------------------------------------------------------------------------------------
// The signed-in person

pub fn profile() -> GraphRequest {
    GraphRequest::get("/me?$select=id,displayName,mail,userPrincipalName,jobTitle".into())
}

pub fn photo() -> GraphRequest {
    GraphRequest::get("/me/photo/$value".into())
}

// ---------------------------------------------------------------------------------------
// Mail folders and lists

/// The top-level folders (Graph lists children separately).
pub fn mail_folders(mailbox: &str) -> GraphRequest {
    GraphRequest::get(format!("{mailbox}/mailFolders?$top=250"))
}

pub fn child_folders(mailbox: &str, parent_id: &str) -> GraphRequest {
    GraphRequest::get(format!("{mailbox}/mailFolders/{}/childFolders?$top=250", encode_segment(parent_id)))
}

/// Only the id of a well-known folder (`inbox`, `archive`, …), to match it in the tree.
pub fn well_known_folder_id(mailbox: &str, name: &str) -> GraphRequest {
    GraphRequest::get(format!("{mailbox}/mailFolders/{}?$select=id", encode_segment(name)))
}

/// The first page of a folder, newest first. With a filter, `receivedDateTime` is filtered
/// first because Graph refuses (`InefficientFilter`) an order on a property the filter does
/// not start with. A search cannot be combined with a filter or an order (Graph refuses
/// both), so it stands alone and Graph orders it.
/// The first page of a folder's list: filtered (and, in the inbox, one of Focused Inbox's
/// halves) newest first, or a search, which Graph answers alone.
pub fn first_page(mailbox: &str, folder: &FolderRef, filter: Filter, tab: Option<InboxTab>, search: &str, top: u32) -> GraphRequest {
    let mut query = Query { select: LIST_FIELDS.split(',').map(str::to_owned).collect(), top: Some(top), ..Query::default() };
    let search = search.trim();
    if !search.is_empty() {
        query.search = Some(search.to_owned());
    } else {
        let half = tab.map(|tab| Clause {
            property: "inferenceClassification".into(),
            operator: Operator::Eq,
            value: Literal::Text(tab.as_str().into()),
        });
        let clauses: Vec<Clause> = half.into_iter().chain(filter_clause(filter)).collect();
        if !clauses.is_empty() {
            // Graph sorts a filtered list only when the sorted property is filtered first.
            let since_ever = Clause {
                property: "receivedDateTime".into(),
                operator: Operator::Ge,
                value: Literal::DateTime("1900-01-01T00:00:00Z".into()),
            };
            query.filter = std::iter::once(since_ever).chain(clauses).collect();
        }
        query.order_by = vec![("receivedDateTime".into(), Direction::Descending)];
    }
    let options = query.to_query_string().expect("the list's query follows Graph's rules");
    GraphRequest::get(format!("{}/messages?{options}", folder_path(mailbox, folder)))
}

fn filter_clause(filter: Filter) -> Option<Clause> {
    let clause = |property: &str, value: Literal| Clause { property: property.into(), operator: Operator::Eq, value };
    match filter {
        Filter::All => None,
        Filter::Unread => Some(clause("isRead", Literal::Bool(false))),
        Filter::Flagged => Some(clause("flag/flagStatus", Literal::Text("flagged".into()))),
        Filter::WithAttachments => Some(clause("hasAttachments", Literal::Bool(true))),
    }
}

/// A conversation's messages in one folder, newest first: what opening a conversation
/// shows beyond the rows already loaded.
pub fn conversation(mailbox: &str, folder: &FolderRef, conversation_id: &str) -> GraphRequest {
    let since_ever =
        Clause { property: "receivedDateTime".into(), operator: Operator::Ge, value: Literal::DateTime("1900-01-01T00:00:00Z".into()) };
    let same = Clause { property: "conversationId".into(), operator: Operator::Eq, value: Literal::Text(conversation_id.to_owned()) };
    let query = Query {
        select: LIST_FIELDS.split(',').map(str::to_owned).collect(),
        top: Some(100),
        filter: vec![since_ever, same],
        order_by: vec![("receivedDateTime".into(), Direction::Descending)],
        ..Query::default()
    };
    let options = query.to_query_string().expect("the conversation's query follows Graph's rules");
    GraphRequest::get(format!("{}/messages?{options}", folder_path(mailbox, folder)))
}

/// The start of a delta round of a folder, which keeps the list fresh without reloading.
pub fn messages_delta(mailbox: &str, folder: &FolderRef) -> GraphRequest {
    GraphRequest::get(format!("{}/messages/delta?$select={LIST_FIELDS}", folder_path(mailbox, folder)))
}

// ---------------------------------------------------------------------------------------
// Messages

/// The whole message, body included, as the person reads it.
pub fn message(mailbox: &str, id: &str) -> GraphRequest {
    GraphRequest::get(message_path(mailbox, id))
}

/// The ids Graph knows for an Outlook add-in's item ids: REST (`convertToRestId`) to the
/// immutable REST ids Tern asks for everywhere.
pub fn translate_exchange_ids(rest_ids: &[&str]) -> GraphRequest {
    let body = serde_json::json!({ "inputIds": rest_ids, "sourceIdType": "restId", "targetIdType": "restImmutableEntryId" });
    GraphRequest::post("/me/translateExchangeIds".into(), body)
}

/// Whether a message is still a draft (after a reload in the middle of sending).
pub fn draft_state(mailbox: &str, id: &str) -> GraphRequest {
    GraphRequest::get(format!("{}?$select=id,isDraft", message_path(mailbox, id)))
}

pub fn attachments(mailbox: &str, id: &str) -> GraphRequest {
    GraphRequest::get(format!("{}/attachments?$select=id,name,contentType,size,isInline", message_path(mailbox, id)))
}

/// The attachments that pictures in the body point at (`cid:`).
pub fn inline_parts(mailbox: &str, id: &str) -> GraphRequest {
    GraphRequest::get(format!("{}/attachments?$select=id,contentId,contentType,isInline", message_path(mailbox, id)))
}

pub fn attachment_content(mailbox: &str, message: &str, attachment: &str) -> GraphRequest {
    GraphRequest::get(format!("{}/attachments/{}/$value", message_path(mailbox, message), encode_segment(attachment)))
}

pub fn mark_read(mailbox: &str, id: &str, read: bool) -> GraphRequest {
    GraphRequest::patch(message_path(mailbox, id), json!({ "isRead": read }))
}

pub fn set_flag(mailbox: &str, id: &str, flagged: bool) -> GraphRequest {
    let status = if flagged { "flagged" } else { "notFlagged" };
    GraphRequest::patch(message_path(mailbox, id), json!({ "flag": { "flagStatus": status } }))
}

/// The newest messages of the inbox (of its Focused half, when given), for new-mail
/// notifications: only what a notification says.
pub fn newest_in_inbox(tab: Option<InboxTab>) -> GraphRequest {
    let since_ever =
        Clause { property: "receivedDateTime".into(), operator: Operator::Ge, value: Literal::DateTime("1900-01-01T00:00:00Z".into()) };
    let half = tab.map(|tab| Clause {
        property: "inferenceClassification".into(),
        operator: Operator::Eq,
        value: Literal::Text(tab.as_str().into()),
    });
    let query = Query {
        select: ["id", "subject", "from", "receivedDateTime", "isRead"].map(str::to_owned).to_vec(),
        top: Some(10),
        filter: half.map(|half| vec![since_ever, half]).unwrap_or_default(),
        order_by: vec![("receivedDateTime".into(), Direction::Descending)],
        ..Query::default()
    };
    let options = query.to_query_string().expect("the newest-mail query follows Graph's rules");
    GraphRequest::get(format!("{}/messages?{options}", folder_path("/me", &FolderRef::WellKnown("inbox"))))
}

/// Whether the inbox holds any mail Focused Inbox sorted into Other: a mailbox that uses
/// Focused Inbox does. One id is enough.
pub fn other_probe(mailbox: &str) -> GraphRequest {
    let other = Clause { property: "inferenceClassification".into(), operator: Operator::Eq, value: Literal::Text("other".into()) };
    let query = Query { select: vec!["id".into()], top: Some(1), filter: vec![other], ..Query::default() };
    let options = query.to_query_string().expect("an unsorted filter follows Graph's rules");
    GraphRequest::get(format!("{}/messages?{options}", folder_path(mailbox, &FolderRef::WellKnown("inbox"))))
}

/// Moves a message to one half of Focused Inbox.
pub fn classify(mailbox: &str, id: &str, tab: InboxTab) -> GraphRequest {
    GraphRequest::patch(message_path(mailbox, id), json!({ "inferenceClassification": tab.as_str() }))
}

/// Sorts a sender's future mail into one half always (an existing override is updated).
pub fn always_classify(sender_name: &str, sender_address: &str, tab: InboxTab) -> GraphRequest {
    GraphRequest::post(
        "/me/inferenceClassification/overrides".into(),
        json!({ "classifyAs": tab.as_str(), "senderEmailAddress": { "name": sender_name, "address": sender_address } }),
    )
}

/// The message's categories, the whole list (Graph replaces it).
pub fn set_categories(mailbox: &str, id: &str, categories: &[String]) -> GraphRequest {
    GraphRequest::patch(message_path(mailbox, id), json!({ "categories": categories }))
}

/// The mailbox's master list of categories, with their colours.
pub fn master_categories() -> GraphRequest {
    GraphRequest::get("/me/outlook/masterCategories".into())
}

fn category_path(id: &str) -> String {
    format!("/me/outlook/masterCategories/{}", encode_segment(id))
}

/// A new category in the master list; its name cannot change afterwards.
pub fn create_category(name: &str, color: &str) -> GraphRequest {
    GraphRequest::post("/me/outlook/masterCategories".into(), json!({ "displayName": name, "color": color }))
}

/// A category's new colour (the colour is all Graph lets change).
pub fn recolour_category(id: &str, color: &str) -> GraphRequest {
    GraphRequest::patch(category_path(id), json!({ "color": color }))
}

/// Takes a category out of the master list; messages that name it keep the name.
pub fn delete_category(id: &str) -> GraphRequest {
    GraphRequest::delete(category_path(id))
}

/// To another folder; with immutable ids the message keeps its id.
pub fn move_message(mailbox: &str, id: &str, destination: &FolderRef) -> GraphRequest {
    GraphRequest::post(format!("{}/move", message_path(mailbox, id)), json!({ "destinationId": destination.as_path_segment() }))
}

/// Gone for good (a message already in Deleted Items, or a discarded draft).
pub fn delete_message(mailbox: &str, id: &str) -> GraphRequest {
    GraphRequest::delete(message_path(mailbox, id))
}

// ---------------------------------------------------------------------------------------
// Drafts and sending

/// How a draft answers a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Reply,
    ReplyAll,
    Forward,
}

/// A server draft answering `id`, with Outlook's recipients, subject and quoted original.
pub fn create_answer(mailbox: &str, id: &str, answer: Answer) -> GraphRequest {
    let action = match answer {
        Answer::Reply => "createReply",
        Answer::ReplyAll => "createReplyAll",
        Answer::Forward => "createForward",
    };
    GraphRequest::post(format!("{}/{action}", message_path(mailbox, id)), json!({}))
}

/// A new server draft with `fields` (recipients, subject, body as Graph names them).
pub fn create_draft(mailbox: &str, fields: Value) -> GraphRequest {
    GraphRequest::post(format!("{mailbox}/messages"), fields)
}

pub fn update_draft(mailbox: &str, id: &str, fields: Value) -> GraphRequest {
    GraphRequest::patch(message_path(mailbox, id), fields)
}

/// Sends a saved draft (202; it reaches Sent Items later).
pub fn send_draft(mailbox: &str, id: &str) -> GraphRequest {
    GraphRequest::post(format!("{}/send", message_path(mailbox, id)), json!({}))
}

/// A file attached in the request itself (under 3 MB).
pub fn attach_file(mailbox: &str, draft: &str, name: &str, content_type: &str, content_bytes: &str) -> GraphRequest {
    let body = json!({
        "@odata.type": "#microsoft.graph.fileAttachment",
        "name": name,
        "contentType": content_type,
        "contentBytes": content_bytes,
    });
    GraphRequest::post(format!("{}/attachments", message_path(mailbox, draft)), body)
}

/// An upload session for a large file; its chunks go to the session's own URL.
pub fn attachment_upload_session(mailbox: &str, draft: &str, name: &str, size: u64, content_type: &str) -> GraphRequest {
    let body = json!({ "AttachmentItem": { "attachmentType": "file", "name": name, "size": size, "contentType": content_type } });
    GraphRequest::post(format!("{}/attachments/createUploadSession", message_path(mailbox, draft)), body)
}

/// The mailbox's contacts, for address suggestions.
pub fn contact_addresses(mailbox: &str) -> GraphRequest {
    GraphRequest::get(format!("{mailbox}/contacts?$select=displayName,emailAddresses&$top=500"))
}

/// The mailbox's settings: time zone, automatic replies.
pub fn mailbox_settings() -> GraphRequest {
    GraphRequest::get("/me/mailboxSettings".into())
}

/// Changes only the settings in `changes`.
pub fn update_mailbox_settings(changes: Value) -> GraphRequest {
    GraphRequest::patch("/me/mailboxSettings".into(), changes)
}

// ---------------------------------------------------------------------------------------
// Calendar

pub fn calendars() -> GraphRequest {
    GraphRequest::get("/me/calendars?$select=id,name,color,hexColor,isDefaultCalendar,canEdit&$top=50".into())
}

/// The occurrences of one calendar in `[start, end)`, series expanded, times in `zone`.
pub fn calendar_view(calendar: &str, start: &str, end: &str, zone: &str) -> GraphRequest {
    const FIELDS: &str =
        "id,subject,start,end,isAllDay,isCancelled,location,organizer,responseStatus,showAs,type,seriesMasterId,isOnlineMeeting";
    GraphRequest::get(format!(
        "/me/calendars/{}/calendarView?startDateTime={}&endDateTime={}&$select={FIELDS}&$top=500",
        encode_segment(calendar),
        encode_segment(start),
        encode_segment(end)
    ))
    .prefer(time_zone(zone))
}

fn event_path(id: &str) -> String {
    format!("/me/events/{}", encode_segment(id))
}

/// One event with its body as HTML and its times in `zone`.
pub fn event(id: &str, zone: &str) -> GraphRequest {
    GraphRequest::get(event_path(id)).prefer(time_zone(zone)).prefer("outlook.body-content-type=\"html\"".into())
}

/// A new event, in `calendar` or else the default calendar.
pub fn create_event(calendar: Option<&str>, fields: Value) -> GraphRequest {
    match calendar {
        Some(calendar) => GraphRequest::post(format!("/me/calendars/{}/events", encode_segment(calendar)), fields),
        None => GraphRequest::post("/me/events".into(), fields),
    }
}

pub fn update_event(id: &str, fields: Value) -> GraphRequest {
    GraphRequest::patch(event_path(id), fields)
}

pub fn delete_event(id: &str) -> GraphRequest {
    GraphRequest::delete(event_path(id))
}

/// The reminders of events starting in `[start, end)` (UTC, `YYYY-MM-DDTHH:MM:SS`), times in UTC.
pub fn reminder_view(start: &str, end: &str) -> GraphRequest {
    GraphRequest::get(format!("/me/reminderView(startDateTime='{start}',endDateTime='{end}')"))
}

/// Free/busy of people (`body` from [`crate::schedule::schedule_request`]), times in `zone`.
pub fn get_schedule(body: Value, zone: &str) -> GraphRequest {
    GraphRequest::post("/me/calendar/getSchedule".into(), body).prefer(time_zone(zone))
}

/// Times that suit a meeting's attendees (`body` from
/// [`crate::schedule::meeting_times_request`]), times in `zone`.
pub fn find_meeting_times(body: Value, zone: &str) -> GraphRequest {
    GraphRequest::post("/me/findMeetingTimes".into(), body).prefer(time_zone(zone))
}

/// The person's answer to an invitation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvitationAnswer {
    Accept,
    Tentative,
    Decline,
}

/// Answers an invitation with a message to the organizer.
pub fn respond_to_invitation(id: &str, answer: InvitationAnswer, comment: &str) -> GraphRequest {
    let action = match answer {
        InvitationAnswer::Accept => "accept",
        InvitationAnswer::Tentative => "tentativelyAccept",
        InvitationAnswer::Decline => "decline",
    };
    GraphRequest::post(format!("{}/{action}", event_path(id)), json!({ "comment": comment, "sendResponse": true }))
}

// ---------------------------------------------------------------------------------------
// Contacts

const CONTACT_FIELDS: &str = "id,displayName,givenName,surname,emailAddresses,companyName,jobTitle,department,businessPhones,homePhones,mobilePhone,businessAddress,homeAddress,otherAddress,parentFolderId";

/// The contacts of a folder (`None`: the default one), with every field the form shows.
pub fn contacts(folder: Option<&str>) -> GraphRequest {
    let base = match folder {
        Some(folder) => format!("/me/contactFolders/{}/contacts", encode_segment(folder)),
        None => "/me/contacts".to_owned(),
    };
    GraphRequest::get(format!("{base}?$select={CONTACT_FIELDS}&$orderby=displayName&$top=250"))
}

/// The folders under the default contacts folder.
pub fn contact_folders() -> GraphRequest {
    GraphRequest::get("/me/contactFolders?$top=100".into())
}

fn contact_folder_path(id: &str) -> String {
    format!("/me/contactFolders/{}", encode_segment(id))
}

/// A new contact folder under the default one.
pub fn create_contact_folder(name: &str) -> GraphRequest {
    GraphRequest::post("/me/contactFolders".into(), json!({ "displayName": name }))
}

pub fn rename_contact_folder(id: &str, name: &str) -> GraphRequest {
    GraphRequest::patch(contact_folder_path(id), json!({ "displayName": name }))
}

/// Deletes a folder with the contacts in it.
pub fn delete_contact_folder(id: &str) -> GraphRequest {
    GraphRequest::delete(contact_folder_path(id))
}

fn contact_path(id: &str) -> String {
    format!("/me/contacts/{}", encode_segment(id))
}

/// Creates the contact (`id` is `None`) or changes it.
/// Changes a contact, or makes one in `folder` (`None`: the default folder).
pub fn save_contact(id: Option<&str>, folder: Option<&str>, fields: Value) -> GraphRequest {
    match (id, folder) {
        (Some(id), _) => GraphRequest::patch(contact_path(id), fields),
        (None, Some(folder)) => GraphRequest::post(format!("/me/contactFolders/{}/contacts", encode_segment(folder)), fields),
        (None, None) => GraphRequest::post("/me/contacts".into(), fields),
    }
}

pub fn delete_contact(id: &str) -> GraphRequest {
    GraphRequest::delete(contact_path(id))
}

// ---------------------------------------------------------------------------------------
// To Do

pub fn task_lists() -> GraphRequest {
    GraphRequest::get("/me/todo/lists?$top=100".into())
}

pub fn create_task_list(name: &str) -> GraphRequest {
    GraphRequest::post("/me/todo/lists".into(), json!({ "displayName": name }))
}

fn list_path(list: &str) -> String {
    format!("/me/todo/lists/{}", encode_segment(list))
}

pub fn rename_task_list(list: &str, name: &str) -> GraphRequest {
    GraphRequest::patch(list_path(list), json!({ "displayName": name }))
}

pub fn delete_task_list(list: &str) -> GraphRequest {
    GraphRequest::delete(list_path(list))
}

fn steps_path(list: &str, task: &str) -> String {
    format!("{}/checklistItems", task_path(list, task))
}

/// A task's steps, fetched when the task is opened.
pub fn steps(list: &str, task: &str) -> GraphRequest {
    GraphRequest::get(steps_path(list, task))
}

pub fn add_step(list: &str, task: &str, name: &str) -> GraphRequest {
    GraphRequest::post(steps_path(list, task), json!({ "displayName": name }))
}

/// Ticks a step, or unticks it.
pub fn check_step(list: &str, task: &str, step: &str, checked: bool) -> GraphRequest {
    GraphRequest::patch(format!("{}/{}", steps_path(list, task), encode_segment(step)), json!({ "isChecked": checked }))
}

pub fn delete_step(list: &str, task: &str, step: &str) -> GraphRequest {
    GraphRequest::delete(format!("{}/{}", steps_path(list, task), encode_segment(step)))
}

fn tasks_path(list: &str) -> String {
    format!("/me/todo/lists/{}/tasks", encode_segment(list))
}

fn task_path(list: &str, id: &str) -> String {
    format!("{}/{}", tasks_path(list), encode_segment(id))
}

pub fn tasks(list: &str) -> GraphRequest {
    GraphRequest::get(format!("{}?$top=100", tasks_path(list)))
}

pub fn create_task(list: &str, fields: Value) -> GraphRequest {
    GraphRequest::post(tasks_path(list), fields)
}

pub fn update_task(list: &str, id: &str, fields: Value) -> GraphRequest {
    GraphRequest::patch(task_path(list, id), fields)
}

pub fn delete_task(list: &str, id: &str) -> GraphRequest {
    GraphRequest::delete(task_path(list, id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::percent::form_decode;

    fn query_of(request: &GraphRequest) -> Vec<(String, String)> {
        form_decode(request.path.split_once('?').map_or("", |(_, query)| query))
    }

    fn value_of(request: &GraphRequest, name: &str) -> Option<String> {
        query_of(request).into_iter().find(|(key, _)| key == name).map(|(_, value)| value)
    }

    #[test]
    fn list_pages_filter_the_ordered_property_first_and_searches_stand_alone() {
        let inbox = FolderRef::WellKnown("inbox");
        let plain = first_page("/me", &inbox, Filter::All, None, "", 50);
        assert!(plain.path.starts_with("/me/mailFolders/inbox/messages?"), "{}", plain.path);
        assert_eq!(value_of(&plain, "$orderby").as_deref(), Some("receivedDateTime desc"));
        assert_eq!(value_of(&plain, "$top").as_deref(), Some("50"));
        assert_eq!(value_of(&plain, "$select").as_deref(), Some(LIST_FIELDS));
        assert_eq!(value_of(&plain, "$filter"), None);

        let unread = first_page("/me", &inbox, Filter::Unread, None, "  ", 50);
        assert_eq!(value_of(&unread, "$filter").as_deref(), Some("receivedDateTime ge 1900-01-01T00:00:00Z and isRead eq false"));
        let flagged = first_page("/me", &inbox, Filter::Flagged, None, "", 50);
        assert!(value_of(&flagged, "$filter").unwrap().ends_with("flag/flagStatus eq 'flagged'"));
        let focused_unread = first_page("/me", &inbox, Filter::Unread, Some(InboxTab::Focused), "", 50);
        assert_eq!(
            value_of(&focused_unread, "$filter").as_deref(),
            Some("receivedDateTime ge 1900-01-01T00:00:00Z and inferenceClassification eq 'focused' and isRead eq false")
        );

        let folder = FolderRef::Id("AAMk=".into());
        let search =
            first_page("/users/megan%40contoso.example", &folder, Filter::Flagged, Some(InboxTab::Other), " quarterly \"report\" ", 40);
        assert!(search.path.starts_with("/users/megan%40contoso.example/mailFolders/AAMk%3D/messages?"), "{}", search.path);
        assert_eq!(value_of(&search, "$search").as_deref(), Some("\"quarterly \\\"report\\\"\""));
        assert_eq!((value_of(&search, "$filter"), value_of(&search, "$orderby")), (None, None));
    }

    #[test]
    fn a_conversation_is_filtered_after_the_sorted_date() {
        let request = conversation("/me", &FolderRef::WellKnown("inbox"), "AAQk'x=");
        assert_eq!(
            value_of(&request, "$filter").as_deref(),
            Some("receivedDateTime ge 1900-01-01T00:00:00Z and conversationId eq 'AAQk''x='")
        );
        assert_eq!(value_of(&request, "$orderby").as_deref(), Some("receivedDateTime desc"));
    }

    #[test]
    fn a_delta_round_starts_with_the_list_fields() {
        let delta = messages_delta("/me", &FolderRef::WellKnown("inbox"));
        assert!(delta.path.starts_with("/me/mailFolders/inbox/messages/delta?$select=id,"), "{}", delta.path);
    }

    #[test]
    fn message_actions_name_their_method_path_and_body() {
        let read = mark_read("/me", "a/b", true);
        assert_eq!((read.method, read.path.as_str()), (Method::Patch, "/me/messages/a%2Fb"));
        assert_eq!(read.body, Some(json!({ "isRead": true })));
        assert_eq!(set_flag("/me", "m", false).body, Some(json!({ "flag": { "flagStatus": "notFlagged" } })));
        let moved = move_message("/me", "m", &FolderRef::WellKnown("archive"));
        assert_eq!((moved.method, moved.path.as_str()), (Method::Post, "/me/messages/m/move"));
        assert_eq!(moved.body, Some(json!({ "destinationId": "archive" })));
        assert_eq!(delete_message("/users/x", "m").method, Method::Delete);
        assert_eq!(create_answer("/me", "m", Answer::ReplyAll).path, "/me/messages/m/createReplyAll");
        assert_eq!(send_draft("/me", "d").path, "/me/messages/d/send");
        assert_eq!(draft_state("/me", "d").path, "/me/messages/d?$select=id,isDraft");
        let session = attachment_upload_session("/me", "d", "big.bin", 5_000_000, "application/octet-stream");
        assert_eq!(session.path, "/me/messages/d/attachments/createUploadSession");
        assert_eq!(session.body.unwrap()["AttachmentItem"]["size"], 5_000_000);
    }

    #[test]
    fn calendar_requests_carry_the_time_zone_and_invitations_their_answer() {
        let view = calendar_view("cal/1", "2026-11-16T00:00:00Z", "2026-11-23T00:00:00Z", "Asia/Kolkata");
        assert!(view.path.starts_with("/me/calendars/cal%2F1/calendarView?startDateTime=2026-11-16T00%3A00%3A00Z&"), "{}", view.path);
        assert_eq!(view.prefer, ["outlook.timezone=\"Asia/Kolkata\""]);
        let one = event("e", "UTC");
        assert_eq!(one.prefer, ["outlook.timezone=\"UTC\"", "outlook.body-content-type=\"html\""]);
        let answer = respond_to_invitation("e", InvitationAnswer::Tentative, "Maybe");
        assert_eq!(answer.path, "/me/events/e/tentativelyAccept");
        assert_eq!(answer.body, Some(json!({ "comment": "Maybe", "sendResponse": true })));
        assert_eq!(create_event(Some("c"), json!({})).path, "/me/calendars/c/events");
        assert_eq!(create_event(None, json!({})).path, "/me/events");
    }

    #[test]
    fn contacts_and_tasks_are_created_or_changed_by_id() {
        assert_eq!(save_contact(None, None, json!({})).method, Method::Post);
        assert_eq!(save_contact(Some("c"), Some("f"), json!({})).path, "/me/contacts/c");
        assert_eq!(save_contact(None, Some("f/1"), json!({})).path, "/me/contactFolders/f%2F1/contacts");
        assert_eq!(delete_contact("c").method, Method::Delete);
        assert_eq!(tasks("l").path, "/me/todo/lists/l/tasks?$top=100");
        assert_eq!(update_task("l", "t/1", json!({})).path, "/me/todo/lists/l/tasks/t%2F1");
        assert_eq!(create_task("l", json!({})).method, Method::Post);
        assert_eq!(delete_task("l", "t").method, Method::Delete);
    }

    #[test]
    fn a_request_becomes_a_batch_item_with_its_headers() {
        let item = calendar_view("c", "s", "e", "UTC").in_batch("c");
        assert_eq!(item.method, "GET");
        assert_eq!(item.headers.get("Prefer").map(String::as_str), Some("outlook.timezone=\"UTC\""));
        let post = create_task("l", json!({ "title": "x" })).in_batch("t");
        assert_eq!(post.headers.get("Content-Type").map(String::as_str), Some("application/json"));
        assert_eq!(post.body, Some(json!({ "title": "x" })));
    }
}
