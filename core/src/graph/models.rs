//! The Outlook entities Tern reads from Graph. Every field is optional or defaulted and
//! every enum has an `Unknown` case, because real Graph omits what `$select` left out,
//! adds annotations, and grows new enum values; none of that may fail a decode.

use crate::json::FromJson;
use serde::Serialize;
use serde_json::Value;

#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EmailAddress {
    pub name: Option<String>,
    pub address: Option<String>,
}

impl EmailAddress {
    /// The name if there is one, else the address, else a placeholder.
    pub fn label(&self) -> &str {
        self.name.as_deref().filter(|name| !name.trim().is_empty()).or(self.address.as_deref()).unwrap_or("(unknown sender)")
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Recipient {
    pub email_address: EmailAddress,
}

impl Recipient {
    pub fn new(name: &str, address: &str) -> Recipient {
        Recipient { email_address: EmailAddress { name: (!name.is_empty()).then(|| name.to_owned()), address: Some(address.to_owned()) } }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyType {
    #[default]
    Text,
    Html,
    #[serde(other)]
    Unknown,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ItemBody {
    pub content_type: BodyType,
    pub content: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Importance {
    Low,
    #[default]
    Normal,
    High,
    #[serde(other)]
    Unknown,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum FlagStatus {
    #[default]
    NotFlagged,
    Complete,
    Flagged,
    #[serde(other)]
    Unknown,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FollowupFlag {
    pub flag_status: FlagStatus,
}

/// `{dateTime, timeZone}` as Graph writes times of events and tasks.
#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DateTimeTimeZone {
    pub date_time: String,
    pub time_zone: Option<String>,
}

/// A deletion in a delta answer: `{"id", "@removed": {"reason"}}`.
pub fn is_removal(item: &Value) -> bool {
    item.get("@removed").is_some()
}

/// One entry of the mailbox's master list of categories.
#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Category {
    pub id: String,
    pub display_name: String,
    /// `none` or `preset0`…`preset24`.
    pub color: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MailFolder {
    pub id: String,
    pub display_name: String,
    pub parent_folder_id: Option<String>,
    pub child_folder_count: u32,
    pub unread_item_count: u32,
    pub total_item_count: u32,
    pub is_hidden: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Message {
    pub id: String,
    pub subject: Option<String>,
    pub body_preview: String,
    pub from: Option<Recipient>,
    pub sender: Option<Recipient>,
    pub to_recipients: Vec<Recipient>,
    pub cc_recipients: Vec<Recipient>,
    pub bcc_recipients: Vec<Recipient>,
    pub reply_to: Vec<Recipient>,
    pub received_date_time: Option<String>,
    pub sent_date_time: Option<String>,
    pub is_read: bool,
    pub is_draft: bool,
    pub has_attachments: bool,
    pub importance: Importance,
    pub flag: FollowupFlag,
    pub categories: Vec<String>,
    pub parent_folder_id: Option<String>,
    /// `focused` or `other` (Focused Inbox); absent when not asked for.
    pub inference_classification: Option<String>,
    pub conversation_id: Option<String>,
    pub body: Option<ItemBody>,
    pub web_link: Option<String>,
}

impl Message {
    pub fn is_flagged(&self) -> bool {
        self.flag.flag_status == FlagStatus::Flagged
    }

    /// Who the list shows: the sender for received mail, the first recipient for drafts.
    pub fn correspondent(&self) -> &str {
        match (&self.from, self.to_recipients.first()) {
            (_, Some(first)) if self.is_draft => first.email_address.label(),
            (Some(from), _) => from.email_address.label(),
            (None, Some(first)) => first.email_address.label(),
            (None, None) => "(no sender)",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Attachment {
    #[serde(rename = "@odata.type")]
    pub odata_type: Option<String>,
    pub id: String,
    pub name: Option<String>,
    pub content_type: Option<String>,
    pub size: u64,
    pub is_inline: bool,
    pub content_id: Option<String>,
    pub content_bytes: Option<String>,
}

impl Attachment {
    /// Only file attachments carry bytes; item and reference attachments are described.
    pub fn is_file(&self) -> bool {
        self.odata_type.as_deref().is_none_or(|kind| kind.ends_with("fileAttachment"))
    }
}

/// `POST …/createUploadSession`, answered in camelCase by Graph.
#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson)]
#[serde(rename_all = "camelCase", default)]
pub struct UploadSession {
    pub upload_url: String,
    pub expiration_date_time: Option<String>,
    pub next_expected_ranges: Vec<String>,
}

/// A `PUT` to an upload URL, answered by Outlook in PascalCase or in camelCase (both
/// are seen live).
#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson)]
#[serde(rename_all = "camelCase", default)]
pub struct UploadProgress {
    #[serde(alias = "ExpirationDateTime")]
    pub expiration_date_time: Option<String>,
    #[serde(alias = "NextExpectedRanges")]
    pub next_expected_ranges: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Calendar {
    pub id: String,
    pub name: String,
    pub color: Option<String>,
    pub hex_color: Option<String>,
    pub is_default_calendar: Option<bool>,
    pub can_edit: Option<bool>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Response {
    #[default]
    None,
    Organizer,
    TentativelyAccepted,
    Accepted,
    Declined,
    NotResponded,
    #[serde(other)]
    Unknown,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ResponseStatus {
    pub response: Response,
    pub time: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Attendee {
    pub email_address: EmailAddress,
    pub status: ResponseStatus,
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Location {
    pub display_name: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OnlineMeeting {
    pub join_url: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Event {
    pub id: String,
    pub subject: Option<String>,
    pub body_preview: Option<String>,
    pub body: Option<ItemBody>,
    pub start: Option<DateTimeTimeZone>,
    pub end: Option<DateTimeTimeZone>,
    pub is_all_day: bool,
    pub is_cancelled: bool,
    pub is_organizer: bool,
    pub location: Option<Location>,
    pub organizer: Option<Recipient>,
    pub attendees: Vec<Attendee>,
    pub response_status: Option<ResponseStatus>,
    pub is_online_meeting: bool,
    pub online_meeting: Option<OnlineMeeting>,
    pub reminder_minutes_before_start: Option<i32>,
    pub is_reminder_on: bool,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub series_master_id: Option<String>,
    pub calendar_id: Option<String>,
    pub show_as: Option<String>,
    /// A series master's rule; `None` for single events, occurrences and exceptions.
    pub recurrence: Option<PatternedRecurrence>,
}

/// An event's reminder from `reminderView`.
#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Reminder {
    pub event_id: String,
    pub event_subject: Option<String>,
    pub event_location: Option<Location>,
    pub event_start_time: DateTimeTimeZone,
    pub event_end_time: DateTimeTimeZone,
    pub reminder_fire_time: DateTimeTimeZone,
}

/// One person's free/busy in a `getSchedule` answer.
#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson)]
#[serde(rename_all = "camelCase", default)]
pub struct ScheduleInformation {
    pub schedule_id: String,
    /// A digit per slot: 0 free, 1 tentative, 2 busy, 3 away, 4 working elsewhere.
    pub availability_view: String,
    pub error: Option<FreeBusyError>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson)]
#[serde(rename_all = "camelCase", default)]
pub struct FreeBusyError {
    pub message: Option<String>,
    pub response_code: Option<String>,
}

/// `findMeetingTimes`' answer.
#[derive(Clone, Debug, Default, PartialEq, FromJson)]
#[serde(rename_all = "camelCase", default)]
pub struct MeetingTimeSuggestionsResult {
    pub meeting_time_suggestions: Vec<MeetingTimeSuggestion>,
    pub empty_suggestions_reason: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, FromJson)]
#[serde(rename_all = "camelCase", default)]
pub struct MeetingTimeSuggestion {
    pub confidence: f64,
    pub order: i32,
    pub organizer_availability: Option<String>,
    pub attendee_availability: Vec<AttendeeAvailability>,
    pub meeting_time_slot: TimeSlot,
    pub suggestion_reason: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson)]
#[serde(rename_all = "camelCase", default)]
pub struct AttendeeAvailability {
    pub attendee: Recipient,
    pub availability: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson)]
#[serde(rename_all = "camelCase", default)]
pub struct TimeSlot {
    pub start: DateTimeTimeZone,
    pub end: DateTimeTimeZone,
}

/// Graph's `patternedRecurrence`: how often a series meets, and for how long.
#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PatternedRecurrence {
    pub pattern: RecurrencePattern,
    pub range: RecurrenceRange,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RecurrencePattern {
    #[serde(rename = "type")]
    pub kind: String,
    pub interval: u32,
    pub days_of_week: Vec<String>,
    pub day_of_month: u32,
    pub month: u32,
    pub index: Option<String>,
    pub first_day_of_week: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RecurrenceRange {
    #[serde(rename = "type")]
    pub kind: String,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub number_of_occurrences: u32,
    pub recurrence_time_zone: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Contact {
    pub id: String,
    pub display_name: Option<String>,
    pub given_name: Option<String>,
    pub surname: Option<String>,
    pub email_addresses: Vec<EmailAddress>,
    pub company_name: Option<String>,
    pub job_title: Option<String>,
    pub department: Option<String>,
    pub business_phones: Vec<String>,
    pub home_phones: Vec<String>,
    pub mobile_phone: Option<String>,
    pub business_address: Option<PhysicalAddress>,
    pub home_address: Option<PhysicalAddress>,
    pub other_address: Option<PhysicalAddress>,
    pub parent_folder_id: Option<String>,
}

/// A folder of contacts.
#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ContactFolder {
    pub id: String,
    pub display_name: String,
}

/// A postal address (`physicalAddress`).
#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PhysicalAddress {
    pub street: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub postal_code: Option<String>,
    pub country_or_region: Option<String>,
}

impl PhysicalAddress {
    /// Each part without surrounding spaces; empty parts stay empty strings, as Outlook
    /// writes a cleared field.
    pub fn trimmed(&self) -> PhysicalAddress {
        let part = |value: &Option<String>| Some(value.as_deref().unwrap_or_default().trim().to_owned());
        PhysicalAddress {
            street: part(&self.street),
            city: part(&self.city),
            state: part(&self.state),
            postal_code: part(&self.postal_code),
            country_or_region: part(&self.country_or_region),
        }
    }

    /// The address on one line, or `None` when it is empty.
    pub fn one_line(&self) -> Option<String> {
        let parts: Vec<&str> = [&self.street, &self.postal_code, &self.city, &self.state, &self.country_or_region]
            .into_iter()
            .filter_map(|part| part.as_deref().map(str::trim).filter(|p| !p.is_empty()))
            .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

impl Contact {
    /// The display name, else given and surname, else the first address.
    pub fn label(&self) -> String {
        if let Some(name) = self.display_name.as_deref().filter(|name| !name.trim().is_empty()) {
            return name.to_owned();
        }
        let joined = [self.given_name.as_deref(), self.surname.as_deref()]
            .into_iter()
            .flatten()
            .filter(|part| !part.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if !joined.is_empty() {
            return joined;
        }
        self.email_addresses.iter().find_map(|address| address.address.clone()).unwrap_or_else(|| "(no name)".to_owned())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TodoTaskList {
    pub id: String,
    pub display_name: String,
    pub wellknown_list_name: Option<String>,
    pub is_owner: Option<bool>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TaskStatus {
    #[default]
    NotStarted,
    InProgress,
    Completed,
    WaitingOnOthers,
    Deferred,
    #[serde(other)]
    Unknown,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TodoTask {
    pub id: String,
    pub title: Option<String>,
    pub status: TaskStatus,
    pub importance: Importance,
    pub due_date_time: Option<DateTimeTimeZone>,
    pub is_reminder_on: bool,
    pub reminder_date_time: Option<DateTimeTimeZone>,
    pub completed_date_time: Option<DateTimeTimeZone>,
    pub body: Option<ItemBody>,
    pub created_date_time: Option<String>,
    pub last_modified_date_time: Option<String>,
}

/// A step of a task (`checklistItem`).
#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ChecklistItem {
    pub id: String,
    pub display_name: String,
    pub is_checked: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::page::Page;
    use crate::json::FromJson;

    fn fixture(name: &str) -> String {
        let path = format!("{}/../tests/fixtures/graph/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error} (tests/fixtures/graph)"))
    }

    fn entity<T: FromJson>(name: &str) -> T {
        crate::json::from_str(&fixture(name)).unwrap_or_else(|error| panic!("{name}: {error}"))
    }

    fn collection<T: FromJson>(name: &str) -> Page<T> {
        crate::json::from_str(&fixture(name)).unwrap_or_else(|error| panic!("{name}: {error}"))
    }

    /// Reads a fixture file into the model for it, or panics.
    type Decoder = fn(&str);

    /// Every entity and collection file of the fixtures, by the model that reads it; a new
    /// fixture file without a model here fails the test below.
    const ENTITY_FILES: &[(&str, Decoder)] = &[
        ("get-message.json", |n| drop(entity::<Message>(n))),
        ("get-message-internetMessageHeaders.json", |n| drop(entity::<Message>(n))),
        ("create-message-draft-201.json", |n| drop(entity::<Message>(n))),
        ("createReply-draft-201.json", |n| drop(entity::<Message>(n))),
        ("move-message-201.json", |n| drop(entity::<Message>(n))),
        ("get-mailfolder.json", |n| drop(entity::<MailFolder>(n))),
        ("get-fileattachment.json", |n| drop(entity::<Attachment>(n))),
        ("get-fileattachment-metadata-select.json", |n| drop(entity::<Attachment>(n))),
        ("get-itemattachment.json", |n| drop(entity::<Attachment>(n))),
        ("get-itemattachment-expand-event.json", |n| drop(entity::<Attachment>(n))),
        ("post-fileattachment-201.json", |n| drop(entity::<Attachment>(n))),
        ("attachment-createUploadSession-message.json", |n| drop(entity::<UploadSession>(n))),
        ("attachment-createUploadSession-event.json", |n| drop(entity::<UploadSession>(n))),
        ("attachment-uploadSession-PUT-200-pascalcase.json", |n| drop(entity::<UploadProgress>(n))),
        ("get-event.json", |n| drop(entity::<Event>(n))),
        ("create-event-201.json", |n| drop(entity::<Event>(n))),
        ("get-contact.json", |n| drop(entity::<Contact>(n))),
        ("create-contact-201.json", |n| drop(entity::<Contact>(n))),
        ("get-todotask.json", |n| drop(entity::<TodoTask>(n))),
        ("create-todotask-201.json", |n| drop(entity::<TodoTask>(n))),
        ("create-todotasklist-201.json", |n| drop(entity::<TodoTaskList>(n))),
        ("list-messages.json", |n| drop(collection::<Message>(n))),
        ("message-delta.json", |n| drop(collection::<Message>(n))),
        ("message-delta-round1-page1.json", |n| drop(collection::<Message>(n))),
        ("message-delta-round1-page2.json", |n| drop(collection::<Message>(n))),
        ("message-delta-round1-final-deltaLink.json", |n| drop(collection::<Message>(n))),
        ("list-mailfolders.json", |n| drop(collection::<MailFolder>(n))),
        ("list-mailfolders-includeHiddenFolders.json", |n| drop(collection::<MailFolder>(n))),
        ("list-childfolders.json", |n| drop(collection::<MailFolder>(n))),
        ("list-attachments.json", |n| drop(collection::<Attachment>(n))),
        ("list-events.json", |n| drop(collection::<Event>(n))),
        ("calendarview.json", |n| drop(collection::<Event>(n))),
        ("list-event-instances.json", |n| drop(collection::<Event>(n))),
        ("event-delta.json", |n| drop(collection::<Event>(n))),
        ("calendarview-delta-page1.json", |n| drop(collection::<Event>(n))),
        ("calendarview-delta-page2.json", |n| drop(collection::<Event>(n))),
        ("calendarview-delta-final-deltaLink.json", |n| drop(collection::<Event>(n))),
        ("list-contacts.json", |n| drop(collection::<Contact>(n))),
        ("contact-delta.json", |n| drop(collection::<Contact>(n))),
        ("list-todotasklists.json", |n| drop(collection::<TodoTaskList>(n))),
        ("list-todotasks.json", |n| drop(collection::<TodoTask>(n))),
    ];

    /// Files that are not Outlook entities: errors (read by `GraphError`), batch bodies
    /// (read by `batch`), header maps and the schema.
    fn is_not_an_entity(name: &str) -> bool {
        name.starts_with("error-") || name.starts_with("batch-") || name.starts_with("schema-") || name == "response-headers-examples.json"
    }

    #[test]
    fn every_shared_fixture_decodes_into_its_model() {
        let dir = format!("{}/../tests/fixtures/graph", env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .expect("tests/fixtures/graph")
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter(|name| name.ends_with(".json") && !is_not_an_entity(name))
            .collect();
        files.sort();
        for name in &files {
            let (_, decode) =
                ENTITY_FILES.iter().find(|(file, _)| file == name).unwrap_or_else(|| panic!("{name} has no model in ENTITY_FILES"));
            decode(name);
        }
        assert_eq!(files.len(), ENTITY_FILES.len());
    }

    #[test]
    fn fixture_contents_land_in_the_right_fields() {
        let message: Message = entity("get-message.json");
        assert!(!message.id.is_empty());
        assert!(message.body.is_some());
        let folders = collection::<MailFolder>("list-mailfolders.json");
        assert!(folders.value.iter().any(|folder| folder.display_name == "Inbox"));
        let delta = collection::<Value>("message-delta-round1-page1.json");
        assert!(delta.next_link.is_some());
        let last = collection::<Value>("message-delta-round1-final-deltaLink.json");
        assert!(last.delta_link.is_some());
        let progress: UploadProgress = entity("attachment-uploadSession-PUT-200-pascalcase.json");
        assert_eq!(progress.next_expected_ranges, ["2097152"]);
        let camel: UploadProgress =
            crate::json::from_str(r#"{"expirationDateTime":"2019-09-25T01:09:30Z","nextExpectedRanges":["2097152-"]}"#).unwrap();
        assert_eq!((camel.next_expected_ranges, camel.expiration_date_time.is_some()), (vec!["2097152-".to_string()], true));
        let tasks = collection::<TodoTask>("list-todotasks.json");
        assert!(!tasks.value.is_empty());
    }

    #[test]
    fn unknown_enum_values_and_odd_shapes_do_not_fail() {
        let message: Message = crate::json::from_str(
            r#"{"id":"m","importance":"urgent","flag":{"flagStatus":"someday"},"body":{"contentType":"rtf","content":"x"},"@odata.etag":"W/1","from":null}"#,
        )
        .unwrap();
        assert_eq!(message.importance, Importance::Unknown);
        assert_eq!(message.flag.flag_status, FlagStatus::Unknown);
        assert_eq!(message.body.unwrap().content_type, BodyType::Unknown);
        assert_eq!(message.from, None);
        let task: TodoTask = crate::json::from_str(r#"{"id":"t","status":"paused"}"#).unwrap();
        assert_eq!(task.status, TaskStatus::Unknown);
    }

    #[test]
    fn labels_fall_back_sensibly() {
        let nameless =
            Contact { email_addresses: vec![EmailAddress { name: None, address: Some("x@y.example".into()) }], ..Contact::default() };
        assert_eq!(nameless.label(), "x@y.example");
        assert_eq!(Contact::default().label(), "(no name)");
        let split = Contact { given_name: Some("Ada".into()), surname: Some("Lovelace".into()), ..Contact::default() };
        assert_eq!(split.label(), "Ada Lovelace");
        let draft = Message { is_draft: true, to_recipients: vec![Recipient::new("", "to@x.example")], ..Message::default() };
        assert_eq!(draft.correspondent(), "to@x.example");
        assert_eq!(Message::default().correspondent(), "(no sender)");
        assert!(removal_detected());
    }

    fn removal_detected() -> bool {
        is_removal(&serde_json::json!({"id":"1","@removed":{"reason":"deleted"}})) && !is_removal(&serde_json::json!({"id":"1"}))
    }
}
