//! Calendars, contacts and To Do lists in memory, one set per user.
//!
//! Every user starts with a default calendar ("Calendar"), a default contact folder
//! ("Contacts") and a default To Do list ("Tasks"). Adele and Megan get built-in demo data
//! dated around the clock's anchor (the week of Monday 2026-11-16). `--data DIR` seeds
//! them from Graph response bodies, beside the mail files of the same directory:
//!
//! ```text
//! DIR/<upn>/calendars.json              calendar entities; the one with isDefaultCalendar
//!                                       (or named "Calendar") takes the default's place
//! DIR/<upn>/events/<calendar>.json      events of one calendar: its id, or "calendar" for
//!                                       the default one
//! DIR/<upn>/contacts.json               contacts of the default contact folder
//! DIR/<upn>/todo/lists.json             todoTaskList entities; the one whose
//!                                       wellknownListName is defaultList takes the
//!                                       default's place
//! DIR/<upn>/todo/tasks/<list>.json      todoTask entities of one list: its id, or
//!                                       "defaultList"
//! ```
//!
//! Each file holds a collection (`{"value":[…]}`) or one entity. `@odata.*` annotations
//! (also `name@odata.context`) are dropped, unknown properties kept, missing ones left
//! missing; a user with a `DIR/<upn>/` directory gets only what it holds.

use super::store::body_preview;
use crate::identity::registry::User;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const EVENT_ID_PREFIX: &str = "AAMkAGI2TGuLAAA";
const CALENDAR_ID_PREFIX: &str = "AAMkAGI2TGuCAAA";
const CONTACT_ID_PREFIX: &str = "AAMkAGI2THk0AAA";
const FOLDER_ID_PREFIX: &str = "AAMkAGI2AAEOAAA";
const LIST_ID_PREFIX: &str = "AAMkADIyAAAhrAA";
const TASK_ID_PREFIX: &str = "AAkALgAAAAAAHYQ";

/// A calendar, event, contact folder, contact, task list or task.
#[derive(Clone, Debug)]
pub struct Item {
    pub id: String,
    /// What holds it: the calendar, contact folder or task list; empty for containers.
    pub parent: String,
    pub change_key: String,
    /// Its Graph properties except `id` and `changeKey`, which the store owns.
    pub props: Map<String, Value>,
}

impl Item {
    pub fn text(&self, name: &str) -> &str {
        self.props.get(name).and_then(Value::as_str).unwrap_or("")
    }

    pub fn flag(&self, name: &str) -> bool {
        self.props.get(name).and_then(Value::as_bool).unwrap_or(false)
    }

    /// A new change key, as every change to an item gets.
    pub fn touch(&mut self) {
        self.change_key = change_key(&format!("{}/{}", self.id, self.change_key));
    }
}

/// What a delta round remembers: the items as they were, by id and change key.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    /// calendarView's window, kept for the rounds that follow.
    pub window: Option<(String, String)>,
    pub seen: HashMap<String, String>,
}

/// The pages of a delta round still to be fetched, and the round's closing snapshot.
#[derive(Clone, Debug)]
pub struct Pending {
    pub items: Vec<Value>,
    pub delta_token: String,
}

#[derive(Clone, Debug, Default)]
pub struct PimBox {
    pub calendars: Vec<Item>,
    pub events: Vec<Item>,
    pub contact_folders: Vec<Item>,
    pub contacts: Vec<Item>,
    pub lists: Vec<Item>,
    pub tasks: Vec<Item>,
    /// Tasks' steps (`checklistItems`), each with its task as parent.
    pub steps: Vec<Item>,
    pub delta_tokens: HashMap<String, Snapshot>,
    pub skip_tokens: HashMap<String, Pending>,
    seed: String,
    issued: u64,
}

/// Which kind of item an id is minted for: the prefix differs as Exchange's do.
#[derive(Clone, Copy)]
pub enum Kind {
    Calendar,
    Event,
    Folder,
    Contact,
    List,
    Task,
}

impl Kind {
    fn prefix(self) -> &'static str {
        match self {
            Kind::Calendar => CALENDAR_ID_PREFIX,
            Kind::Event => EVENT_ID_PREFIX,
            Kind::Folder => FOLDER_ID_PREFIX,
            Kind::Contact => CONTACT_ID_PREFIX,
            Kind::List => LIST_ID_PREFIX,
            Kind::Task => TASK_ID_PREFIX,
        }
    }
}

impl PimBox {
    /// The default calendar, contact folder and task list of `owner`.
    pub fn empty(owner: &User) -> PimBox {
        let mut pim = PimBox { seed: owner.upn.to_ascii_lowercase(), ..PimBox::default() };
        let calendar = pim.container(Kind::Calendar, "Calendar", default_calendar(owner));
        pim.calendars.push(calendar);
        let folder = pim.container(Kind::Folder, "Contacts", contact_folder("Contacts", ""));
        pim.contact_folders.push(folder);
        let list = pim.container(Kind::List, "Tasks", task_list("Tasks", "defaultList"));
        pim.lists.push(list);
        pim
    }

    fn container(&mut self, kind: Kind, name: &str, props: Map<String, Value>) -> Item {
        let id = opaque_id(kind.prefix(), &format!("{}/{name}", self.seed));
        Item { change_key: change_key(&id), id, parent: String::new(), props }
    }

    /// A fresh id, never handed out before in this box.
    pub fn new_id(&mut self, kind: Kind) -> String {
        self.issued += 1;
        opaque_id(kind.prefix(), &format!("{}/issued/{}", self.seed, self.issued))
    }

    /// A fresh opaque token for a delta round.
    pub fn new_token(&mut self) -> String {
        self.issued += 1;
        let digest = Sha256::digest(format!("{}/token/{}", self.seed, self.issued).as_bytes());
        URL_SAFE_NO_PAD.encode(&digest[..18])
    }

    pub fn default_calendar_id(&self) -> &str {
        &self.calendars[0].id
    }

    pub fn default_folder_id(&self) -> &str {
        &self.contact_folders[0].id
    }

    /// An item added under `parent`, keeping the seed's id unless it is taken.
    pub fn add(&mut self, kind: Kind, parent: &str, props: Map<String, Value>) -> String {
        let id = match props.get("id").and_then(Value::as_str) {
            Some(id) if !self.holds(id) => id.to_owned(),
            _ => self.new_id(kind),
        };
        let change_key = props.get("changeKey").and_then(Value::as_str).map(str::to_owned).unwrap_or_else(|| change_key(&id));
        let mut props = props;
        props.remove("id");
        props.remove("changeKey");
        if matches!(kind, Kind::Event) && !props.contains_key("iCalUId") {
            let digest = Sha256::digest(id.as_bytes());
            let hex: String = digest[..16].iter().map(|b| format!("{b:02X}")).collect();
            props.insert("iCalUId".into(), Value::from(format!("040000008200E00074C5B7101A82E0080000000{hex}")));
        }
        let item = Item { id: id.clone(), parent: parent.to_owned(), change_key, props };
        match kind {
            Kind::Calendar => self.calendars.push(item),
            Kind::Event => self.events.push(item),
            Kind::Folder => self.contact_folders.push(item),
            Kind::Contact => self.contacts.push(item),
            Kind::List => self.lists.push(item),
            Kind::Task => self.tasks.push(item),
        }
        id
    }

    fn holds(&self, id: &str) -> bool {
        [&self.calendars, &self.events, &self.contact_folders, &self.contacts, &self.lists, &self.tasks]
            .iter()
            .any(|items| items.iter().any(|item| item.id == id))
    }
}

#[derive(Clone, Debug, Default)]
pub struct Pim {
    boxes: HashMap<String, PimBox>,
}

impl Pim {
    /// Every user's calendars, contacts and lists: seeded from `data` where it has a
    /// directory for the user, the demo otherwise.
    pub fn build(users: &[User], data: Option<&PathBuf>) -> Result<Pim, String> {
        let mut boxes = HashMap::new();
        for user in users {
            let dir = data.map(|data| data.join(&user.upn)).filter(|dir| dir.is_dir());
            let pim = match dir {
                Some(dir) => load(user, &dir)?,
                None => super::pim_demo::demo(user),
            };
            boxes.insert(user.upn.to_ascii_lowercase(), pim);
        }
        Ok(Pim { boxes })
    }

    pub fn of(&mut self, upn: &str) -> Option<&mut PimBox> {
        self.boxes.get_mut(&upn.to_ascii_lowercase())
    }
}

/// An id in the shape of Exchange's: a fixed prefix and base64url, stable for a seed.
pub fn opaque_id(prefix: &str, seed: &str) -> String {
    let digest = Sha256::digest(seed.as_bytes());
    format!("{prefix}{}AAA=", URL_SAFE_NO_PAD.encode(&digest[..24]))
}

fn change_key(seed: &str) -> String {
    let digest = Sha256::digest(seed.as_bytes());
    format!("DwAAABYAAAA{}", URL_SAFE_NO_PAD.encode(&digest[..12]))
}

pub fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn default_calendar(owner: &User) -> Map<String, Value> {
    object(serde_json::json!({
        "name": "Calendar",
        "color": "auto",
        "hexColor": "",
        "isDefaultCalendar": true,
        "canShare": true,
        "canViewPrivateItems": true,
        "canEdit": true,
        "isRemovable": false,
        "isTallyingResponses": true,
        "allowedOnlineMeetingProviders": ["teamsForBusiness"],
        "defaultOnlineMeetingProvider": "teamsForBusiness",
        "owner": {"name": owner.name, "address": owner.upn},
    }))
}

pub fn contact_folder(name: &str, parent: &str) -> Map<String, Value> {
    object(serde_json::json!({"displayName": name, "parentFolderId": parent}))
}

pub fn task_list(name: &str, well_known: &str) -> Map<String, Value> {
    object(serde_json::json!({"displayName": name, "isOwner": true, "isShared": false, "wellknownListName": well_known}))
}

/// The entities of a seed file, annotations dropped: the `value` of a collection, or the
/// one entity.
fn entities(path: &Path) -> Result<Vec<Map<String, Value>>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let items = match value {
        Value::Object(mut map) => match map.remove("value") {
            Some(Value::Array(items)) => items,
            Some(_) => return Err(format!("{}: \"value\" is not an array", path.display())),
            None => vec![Value::Object(map)],
        },
        Value::Array(items) => items,
        _ => return Err(format!("{}: neither a collection nor an entity", path.display())),
    };
    items
        .into_iter()
        .map(|item| match item {
            Value::Object(mut map) => {
                map.retain(|name, _| !name.starts_with('@') && !name.contains("@odata."));
                Ok(map)
            }
            _ => Err(format!("{}: an entity is not a JSON object", path.display())),
        })
        .collect()
}

/// The `.json` files of a directory, in name order, with their stems.
fn json_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    Ok(files.into_iter().map(|path| (path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned(), path)).collect())
}

/// Replaces the default container (index 0) by a seeded one, keeping the seed's id.
fn take_default_place(items: &mut [Item], mut props: Map<String, Value>) {
    if let Some(id) = props.remove("id").and_then(|v| v.as_str().map(str::to_owned)) {
        items[0].id = id;
    }
    if let Some(key) = props.remove("changeKey").and_then(|v| v.as_str().map(str::to_owned)) {
        items[0].change_key = key;
    }
    items[0].props.extend(props);
}

fn load(owner: &User, dir: &Path) -> Result<PimBox, String> {
    let mut pim = PimBox::empty(owner);
    let calendars = dir.join("calendars.json");
    if calendars.is_file() {
        for props in entities(&calendars)? {
            let is_default = props.get("isDefaultCalendar").and_then(Value::as_bool).unwrap_or(false)
                || props.get("name").and_then(Value::as_str) == Some("Calendar");
            if is_default {
                take_default_place(&mut pim.calendars, props);
            } else {
                pim.add(Kind::Calendar, "", props);
            }
        }
    }
    for (stem, file) in json_files(&dir.join("events"))? {
        let calendar = if stem.eq_ignore_ascii_case("calendar") {
            pim.default_calendar_id().to_owned()
        } else {
            pim.calendars
                .iter()
                .find(|c| c.id == stem)
                .map(|c| c.id.clone())
                .ok_or_else(|| format!("{}: no calendar {stem} in {}", file.display(), dir.display()))?
        };
        for props in entities(&file)? {
            pim.add(Kind::Event, &calendar, event_defaults(props));
        }
    }
    let contacts = dir.join("contacts.json");
    if contacts.is_file() {
        let folder = pim.default_folder_id().to_owned();
        for mut props in entities(&contacts)? {
            props.remove("parentFolderId");
            pim.add(Kind::Contact, &folder, props);
        }
    }
    let lists = dir.join("todo/lists.json");
    if lists.is_file() {
        for props in entities(&lists)? {
            if props.get("wellknownListName").and_then(Value::as_str) == Some("defaultList") {
                take_default_place(&mut pim.lists, props);
            } else {
                pim.add(Kind::List, "", props);
            }
        }
    }
    for (stem, file) in json_files(&dir.join("todo/tasks"))? {
        let list = pim
            .lists
            .iter()
            .find(|l| l.id == stem || l.text("wellknownListName").eq_ignore_ascii_case(&stem))
            .map(|l| l.id.clone())
            .ok_or_else(|| format!("{}: no task list {stem} in {}", file.display(), dir.display()))?;
        for props in entities(&file)? {
            pim.add(Kind::Task, &list, props);
        }
    }
    Ok(pim)
}

/// What a seeded event lacks that the calendar needs: its type and a body preview.
fn event_defaults(mut props: Map<String, Value>) -> Map<String, Value> {
    if !props.contains_key("type") {
        let kind = if props.get("recurrence").is_some_and(|r| !r.is_null()) { "seriesMaster" } else { "singleInstance" };
        props.insert("type".into(), Value::from(kind));
    }
    if !props.contains_key("bodyPreview") {
        if let Some(body) = props.get("body") {
            let preview = body_preview(body);
            props.insert("bodyPreview".into(), Value::from(preview));
        }
    }
    props
}

/// The properties Outlook gives a new event before the caller's are applied.
pub fn event_props(organizer_name: &str, organizer_address: &str, now: &str) -> Map<String, Value> {
    object(serde_json::json!({
        "createdDateTime": now,
        "lastModifiedDateTime": now,
        "categories": [],
        "transactionId": null,
        "originalStartTimeZone": "UTC",
        "originalEndTimeZone": "UTC",
        "reminderMinutesBeforeStart": 15,
        "isReminderOn": true,
        "hasAttachments": false,
        "subject": "",
        "bodyPreview": "",
        "importance": "normal",
        "sensitivity": "normal",
        "isAllDay": false,
        "isCancelled": false,
        "isOrganizer": true,
        "responseRequested": true,
        "seriesMasterId": null,
        "showAs": "busy",
        "type": "singleInstance",
        "onlineMeetingUrl": null,
        "isOnlineMeeting": false,
        "onlineMeetingProvider": "unknown",
        "allowNewTimeProposals": true,
        "isDraft": false,
        "hideAttendees": false,
        "recurrence": null,
        "onlineMeeting": null,
        "responseStatus": {"response": "organizer", "time": "0001-01-01T00:00:00Z"},
        "body": {"contentType": "html", "content": ""},
        "location": {"displayName": "", "locationType": "default", "uniqueIdType": "unknown"},
        "locations": [],
        "attendees": [],
        "organizer": {"emailAddress": {"name": organizer_name, "address": organizer_address}},
    }))
}
