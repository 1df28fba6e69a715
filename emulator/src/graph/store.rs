//! Mailboxes in memory, one per user, and who may open whose mailbox.
//!
//! Every user starts with the well-known folders under a root (`msgfolderroot`). Adele and
//! Megan get a built-in demo mailbox; `--generate-mail N` adds N deterministic messages to
//! Adele's inbox; `--data DIR` seeds mailboxes from Graph response bodies, so payloads
//! captured from the real service can be dropped in:
//!
//! ```text
//! DIR/grants.json                       optional; replaces the built-in grants:
//!                                       {"value":[{"mailbox":"megan@…","delegate":"adele@…"}]}
//! DIR/<upn>/mailFolders.json            mailFolder entities (a collection or one entity)
//! DIR/<upn>/messages/<folder>.json      message entities for the folder named by the file:
//!                                       a well-known name (inbox.json) or a folder id; a
//!                                       message's `attachments` array (fileAttachment
//!                                       entities with base64 `contentBytes`, as Graph
//!                                       answers `$expand=attachments`) becomes its attachments
//! ```
//!
//! A user with a `DIR/<upn>/` directory gets only what it holds (plus the well-known
//! folders). Seed files are read as Graph writes them: `@odata.*` annotations are dropped,
//! unknown properties kept, missing ones left missing. A top-level folder whose
//! `displayName` is a well-known folder's English name (or which carries `wellKnownName`)
//! takes that folder's place, keeping its id. A `parentFolderId` that names no seeded
//! folder means the root: captured listings never include the root itself.

use crate::identity::clock::Time;
use crate::identity::registry::User;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Well-known folder names and the display names Exchange gives them in English.
pub const WELL_KNOWN: &[(&str, &str)] = &[
    ("inbox", "Inbox"),
    ("drafts", "Drafts"),
    ("sentitems", "Sent Items"),
    ("deleteditems", "Deleted Items"),
    ("junkemail", "Junk Email"),
    ("outbox", "Outbox"),
    ("archive", "Archive"),
];
pub const ROOT: &str = "msgfolderroot";
/// 2026-11-20T09:00:00Z: the demo and generated mail are dated back from here, so that
/// tests and screenshots see the same mailbox every time.
const ANCHOR_SECONDS: i64 = 1_795_165_200;

/// Where mail comes from at start.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MailSeed {
    /// `--data DIR`
    pub data: Option<PathBuf>,
    /// `--generate-mail N`: N more messages in Adele's inbox.
    pub generate: usize,
    /// `--mailbox-time-zone NAME`: every mailbox's `timeZone`, as Outlook on the web sets
    /// it at a person's first visit; without it, none (a mailbox never opened there).
    pub time_zone: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Folder {
    pub id: String,
    pub display_name: String,
    pub parent_id: String,
    pub well_known: Option<String>,
    pub hidden: bool,
}

#[derive(Clone, Debug)]
pub struct Message {
    pub id: String,
    pub folder_id: String,
    pub change_key: String,
    /// The message's Graph properties except `id`, `parentFolderId`, `changeKey` and
    /// `attachments`, which the store owns.
    pub props: Map<String, Value>,
    pub attachments: Vec<Attachment>,
    /// The mailbox's sequence number at the message's last change, for delta queries.
    pub changed: u64,
    /// The sequence number at which it came into its folder (made, delivered or moved
    /// there): delta's `changeType=created` against `updated`.
    pub arrived: u64,
}

/// A `fileAttachment`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub id: String,
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
    pub is_inline: bool,
    pub content_id: Option<String>,
    pub last_modified: String,
}

/// A message that left a folder (deleted or moved out), as delta reports it.
#[derive(Clone, Debug)]
pub struct Removal {
    pub id: String,
    pub folder_id: String,
    pub at: u64,
}

impl Message {
    pub fn flag(&self, name: &str) -> bool {
        self.props.get(name).and_then(Value::as_bool).unwrap_or(false)
    }

    #[cfg(test)]
    pub fn text(&self, name: &str) -> &str {
        self.props.get(name).and_then(Value::as_str).unwrap_or("")
    }

    /// A property by path, e.g. `flag/flagStatus`, with `id` and `parentFolderId` included.
    pub fn value(&self, path: &str) -> Value {
        match path {
            "id" => Value::from(self.id.as_str()),
            "parentFolderId" => Value::from(self.folder_id.as_str()),
            "changeKey" => Value::from(self.change_key.as_str()),
            _ => {
                let mut parts = path.split('/');
                let first = parts.next().and_then(|name| self.props.get(name));
                parts.try_fold(first, |value, name| Some(value.and_then(|v| v.get(name)))).flatten().cloned().unwrap_or(Value::Null)
            }
        }
    }

    /// A new change key, as every change to an item gets.
    fn touch(&mut self) {
        self.change_key = change_key(&format!("{}/{}", self.id, self.change_key));
    }
}

#[derive(Clone, Debug)]
pub struct Mailbox {
    pub folders: Vec<Folder>,
    pub messages: Vec<Message>,
    pub removals: Vec<Removal>,
    /// `mailboxSettings`: time zone, automatic replies, formats, working hours.
    pub settings: Map<String, Value>,
    /// `outlook/masterCategories`: `{id, displayName, color}` each.
    pub categories: Vec<Value>,
    /// `inferenceClassification/overrides`: `{id, classifyAs, senderEmailAddress}` each.
    pub overrides: Vec<Value>,
    seed: String,
    issued: u64,
    /// Counts every change to the mailbox's messages; delta tokens name a point in it.
    sequence: u64,
}

impl Mailbox {
    /// The root and the well-known folders.
    fn empty(upn: &str) -> Mailbox {
        let seed = upn.to_ascii_lowercase();
        let root_id = opaque_id("AQMkAD", &format!("{seed}/folder/{ROOT}"));
        let mut folders = vec![Folder {
            id: root_id.clone(),
            display_name: "Top of Information Store".into(),
            parent_id: opaque_id("AQMkAD", &format!("{seed}/folder/root-parent")),
            well_known: Some(ROOT.into()),
            hidden: false,
        }];
        for (name, display) in WELL_KNOWN {
            folders.push(Folder {
                id: opaque_id("AQMkAD", &format!("{seed}/folder/{name}")),
                display_name: (*display).into(),
                parent_id: root_id.clone(),
                well_known: Some((*name).into()),
                hidden: false,
            });
        }
        let settings = super::settings::defaults(std::time::SystemTime::now().into());
        let categories = super::categories::defaults(&seed);
        Mailbox {
            folders,
            messages: Vec::new(),
            removals: Vec::new(),
            settings,
            categories,
            overrides: Vec::new(),
            seed,
            issued: 0,
            sequence: 0,
        }
    }

    /// Where Focused Inbox puts new mail from `sender`: as an override says, else Focused.
    pub fn classification_of(&self, sender: &str) -> &'static str {
        let overridden =
            self.overrides.iter().find(|o| o["senderEmailAddress"]["address"].as_str().is_some_and(|a| a.eq_ignore_ascii_case(sender)));
        match overridden.and_then(|o| o["classifyAs"].as_str()) {
            Some("other") => "other",
            _ => "focused",
        }
    }

    /// By id, or by well-known name (case-insensitive, as Graph accepts them).
    pub fn folder(&self, key: &str) -> Option<&Folder> {
        self.folders
            .iter()
            .find(|f| f.id == key)
            .or_else(|| self.folders.iter().find(|f| f.well_known.as_deref().is_some_and(|name| name.eq_ignore_ascii_case(key))))
    }

    pub fn root_id(&self) -> &str {
        &self.folders[0].id
    }

    pub fn children<'a>(&'a self, parent_id: &'a str) -> impl Iterator<Item = &'a Folder> + 'a {
        self.folders.iter().filter(move |f| f.parent_id == parent_id && f.id != parent_id)
    }

    /// (totalItemCount, unreadItemCount, childFolderCount)
    pub fn counts(&self, folder_id: &str) -> (usize, usize, usize) {
        let (mut total, mut unread) = (0, 0);
        for message in self.messages.iter().filter(|m| m.folder_id == folder_id) {
            total += 1;
            if !message.flag("isRead") {
                unread += 1;
            }
        }
        (total, unread, self.children(folder_id).count())
    }

    pub fn message(&self, id: &str) -> Option<&Message> {
        self.messages.iter().find(|m| m.id == id)
    }

    pub fn sequence(&self) -> u64 {
        self.sequence
    }

    fn next_sequence(&mut self) -> u64 {
        self.sequence += 1;
        self.sequence
    }

    /// Applies `change` to the message and gives it a new change key.
    pub fn update(&mut self, id: &str, change: impl FnOnce(&mut Message)) -> Option<&Message> {
        let at = self.next_sequence();
        let message = self.messages.iter_mut().find(|m| m.id == id)?;
        change(message);
        message.props.insert("hasAttachments".into(), Value::Bool(message.attachments.iter().any(|a| !a.is_inline)));
        message.touch();
        message.changed = at;
        Some(message)
    }

    pub fn remove(&mut self, id: &str) -> bool {
        let Some(index) = self.messages.iter().position(|m| m.id == id) else {
            return false;
        };
        let message = self.messages.remove(index);
        self.note_removal(message.id, message.folder_id);
        true
    }

    fn note_removal(&mut self, id: String, folder_id: String) {
        let at = self.next_sequence();
        self.removals.push(Removal { id, folder_id, at });
    }

    /// A new message in the folder with a fresh id: what a create, a send or a delivery
    /// makes. Returns the id.
    pub fn insert(&mut self, folder_id: &str, mut props: Map<String, Value>, attachments: Vec<Attachment>) -> String {
        let id = self.new_id();
        props.insert("webLink".into(), Value::from(web_link(&id)));
        props.insert("hasAttachments".into(), Value::Bool(attachments.iter().any(|a| !a.is_inline)));
        self.add(Some(id.clone()), folder_id, props);
        if let Some(message) = self.messages.last_mut() {
            message.attachments = attachments;
        }
        id
    }

    /// A fresh attachment id, never handed out before in this mailbox.
    pub fn new_attachment_id(&mut self) -> String {
        self.issued += 1;
        opaque_id(ATTACHMENT_ID_PREFIX, &format!("{}/attachment/{}", self.seed, self.issued))
    }

    /// A fresh item id, never handed out before in this mailbox.
    pub fn new_id(&mut self) -> String {
        self.issued += 1;
        opaque_id(MESSAGE_ID_PREFIX, &format!("{}/issued/{}", self.seed, self.issued))
    }

    /// Moves the message (to a new id unless `keep_id`); copies get a new id always.
    pub fn relocate(&mut self, id: &str, folder_id: &str, keep_id: bool, copy: bool) -> Option<String> {
        let index = self.messages.iter().position(|m| m.id == id)?;
        let new_id = if keep_id && !copy { id.to_owned() } else { self.new_id() };
        let mut message = if copy { self.messages[index].clone() } else { self.messages.remove(index) };
        if !copy && message.folder_id != folder_id {
            self.note_removal(message.id.clone(), message.folder_id.clone());
        }
        let came_in = copy || message.folder_id != folder_id;
        message.id = new_id.clone();
        message.folder_id = folder_id.to_owned();
        message.props.insert("webLink".into(), Value::from(web_link(&new_id)));
        message.touch();
        message.changed = self.next_sequence();
        if came_in {
            message.arrived = message.changed;
        }
        self.messages.push(message);
        Some(new_id)
    }

    fn add(&mut self, id: Option<String>, folder_id: &str, props: Map<String, Value>) {
        let id = match id {
            Some(id) if self.message(&id).is_none() => id,
            _ => self.new_id(),
        };
        let change_key = props.get("changeKey").and_then(Value::as_str).map(str::to_owned).unwrap_or_else(|| change_key(&id));
        let mut props = props;
        for owned in ["id", "parentFolderId", "changeKey"] {
            props.remove(owned);
        }
        props.retain(|name, _| !name.starts_with('@'));
        let changed = self.next_sequence();
        self.messages.push(Message {
            id,
            folder_id: folder_id.to_owned(),
            change_key,
            props,
            attachments: Vec::new(),
            changed,
            arrived: changed,
        });
    }

    fn add_folder(&mut self, display_name: &str, parent_id: &str, hidden: bool) -> String {
        let id = opaque_id("AAMkAD", &format!("{}/folder/{parent_id}/{display_name}", self.seed));
        self.folders.push(Folder {
            id: id.clone(),
            display_name: display_name.into(),
            parent_id: parent_id.into(),
            well_known: None,
            hidden,
        });
        id
    }

    fn well_known_id(&self, name: &str) -> String {
        self.folder(name).map(|f| f.id.clone()).expect("every mailbox has the well-known folders")
    }
}

/// Someone allowed to open someone else's mailbox (full access: read and change).
#[derive(Clone, Debug, serde::Deserialize)]
pub struct Grant {
    pub mailbox: String,
    pub delegate: String,
}

#[derive(Clone, Debug, Default)]
pub struct Mail {
    mailboxes: HashMap<String, Mailbox>,
    grants: Vec<Grant>,
    /// Attachment upload sessions in progress, by the token in their upload URL.
    pub uploads: HashMap<String, Upload>,
    /// How many upload sessions were opened, so sessions can take turns in their casing.
    pub upload_sessions_made: u64,
}

/// A large attachment on its way in through an upload session.
#[derive(Clone, Debug)]
pub struct Upload {
    pub owner: String,
    pub message_id: String,
    pub name: String,
    pub content_type: String,
    pub size: usize,
    pub is_inline: bool,
    pub content_id: Option<String>,
    pub received: Vec<u8>,
    pub expires: String,
    /// Whether this session's progress answers use Outlook's PascalCase or Graph's camelCase.
    pub pascal_case: bool,
}

impl Mail {
    /// Every user's mailbox as `seed` asks for it.
    pub fn build(users: &[User], seed: &MailSeed) -> Result<Mail, String> {
        let mut mail = Mail {
            uploads: HashMap::new(),
            upload_sessions_made: 0,
            mailboxes: HashMap::new(),
            grants: vec![Grant { mailbox: "megan@contoso.example".into(), delegate: "adele@contoso.example".into() }],
        };
        for user in users {
            let key = user.upn.to_ascii_lowercase();
            let dir = seed.data.as_ref().map(|data| data.join(&user.upn)).filter(|dir| dir.is_dir());
            let mailbox = match dir {
                Some(dir) => load_mailbox(&user.upn, &dir)?,
                None => demo_mailbox(user),
            };
            let mut mailbox = mailbox;
            if let Some(zone) = &seed.time_zone {
                mailbox.settings.insert("timeZone".into(), Value::String(zone.clone()));
            }
            mail.mailboxes.insert(key, mailbox);
        }
        if let Some(data) = &seed.data {
            let grants = data.join("grants.json");
            if grants.is_file() {
                mail.grants = entities(&grants)?
                    .into_iter()
                    .map(|value| serde_json::from_value(value).map_err(|e| format!("{}: {e}", grants.display())))
                    .collect::<Result<_, _>>()?;
            }
        }
        if seed.generate > 0 {
            if let Some(adele) = mail.mailboxes.get_mut("adele@contoso.example") {
                generate(adele, seed.generate);
            }
        }
        Ok(mail)
    }

    pub fn mailbox(&self, upn: &str) -> Option<&Mailbox> {
        self.mailboxes.get(&upn.to_ascii_lowercase())
    }

    pub fn mailbox_mut(&mut self, upn: &str) -> Option<&mut Mailbox> {
        self.mailboxes.get_mut(&upn.to_ascii_lowercase())
    }

    /// Whether `delegate` may open `owner`'s mailbox.
    pub fn may_open(&self, owner: &str, delegate: &str) -> bool {
        owner.eq_ignore_ascii_case(delegate)
            || self.grants.iter().any(|g| g.mailbox.eq_ignore_ascii_case(owner) && g.delegate.eq_ignore_ascii_case(delegate))
    }
}

const MESSAGE_ID_PREFIX: &str = "AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A";
const ATTACHMENT_ID_PREFIX: &str = "AAMkADAAAAABEgAQA";

/// An id in the shape of Exchange's: a fixed prefix and base64url, stable for a seed.
fn opaque_id(prefix: &str, seed: &str) -> String {
    let digest = Sha256::digest(seed.as_bytes());
    format!("{prefix}{}AAA=", URL_SAFE_NO_PAD.encode(&digest[..24]))
}

fn change_key(seed: &str) -> String {
    let digest = Sha256::digest(seed.as_bytes());
    format!("CQAAABYAAAA{}", URL_SAFE_NO_PAD.encode(&digest[..12]))
}

/// Whether `id` could be an Exchange id at all; anything else is "malformed" to Graph.
pub fn is_well_formed_id(id: &str) -> bool {
    let body = id.trim_end_matches('=');
    id.len() >= 16
        && id.len() - body.len() <= 2
        && body.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'+' | b'/'))
}

fn web_link(id: &str) -> String {
    let encoded: String = id
        .chars()
        .map(|c| match c {
            '=' => "%3D".to_owned(),
            '+' => "%2B".to_owned(),
            '/' => "%2F".to_owned(),
            c => c.to_string(),
        })
        .collect();
    format!("https://outlook.office365.com/owa/?ItemID={encoded}&exvsurl=1&viewmodel=ReadMessageItem")
}

/// A plain-text rendering of an HTML body: tags dropped, block ends as line breaks, the
/// common entities decoded; what Graph answers for `outlook.body-content-type="text"`.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let end = after.find('>').map(|e| e + 1).unwrap_or(after.len());
        let tag = after[1..end.saturating_sub(1).max(1)].trim().to_ascii_lowercase();
        let name: String = tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if name == "head" || name == "style" || name == "script" {
            if !tag.starts_with('/') {
                let close = format!("</{name}");
                let skip = after.to_ascii_lowercase().find(&close).unwrap_or(after.len());
                rest = &after[skip..];
                continue;
            }
        } else if matches!(name.as_str(), "br" | "p" | "div" | "tr" | "li" | "h1" | "h2" | "h3") && (name == "br" || tag.starts_with('/')) {
            out.push_str("\r\n");
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    let decoded = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    let lines: Vec<&str> = decoded.lines().map(str::trim).collect();
    let mut text = lines.join("\r\n");
    while text.contains("\r\n\r\n\r\n") {
        text = text.replace("\r\n\r\n\r\n", "\r\n\r\n");
    }
    text.trim().to_owned()
}

/// The first 255 characters of the body as text, on one line.
pub fn body_preview(body: &Value) -> String {
    let content = body["content"].as_str().unwrap_or("");
    let text = if body["contentType"].as_str() == Some("html") { html_to_text(content) } else { content.to_owned() };
    text.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(255).collect()
}

fn time(seconds_before_anchor: i64) -> String {
    Time::from_millis((ANCHOR_SECONDS - seconds_before_anchor) * 1000).rfc3339()
}

fn recipient(name: &str, address: &str) -> Value {
    json!({"emailAddress": {"name": name, "address": address}})
}

/// What a demo or generated message is made of.
struct Draft<'a> {
    from: (&'a str, &'a str),
    to: Vec<(&'a str, &'a str)>,
    cc: Vec<(&'a str, &'a str)>,
    subject: &'a str,
    body: Value,
    minutes_ago: i64,
    read: bool,
    flagged: bool,
    attachments: bool,
    importance: &'a str,
    categories: Vec<&'a str>,
    draft: bool,
    /// Sorted into Other by Focused Inbox, as newsletters and notifications are.
    other: bool,
}

impl Draft<'_> {
    fn into_props(self, seed: &str) -> Map<String, Value> {
        let received = time(self.minutes_ago * 60);
        let sent = time(self.minutes_ago * 60 + 7);
        let topic = self.subject.trim_start_matches("RE: ").trim_start_matches("FW: ");
        let digest = Sha256::digest(seed.as_bytes());
        let message_id = format!("<{}@contoso.example>", URL_SAFE_NO_PAD.encode(&digest[..12]).to_ascii_uppercase());
        let list = |people: &[(&str, &str)]| Value::from(people.iter().map(|(n, a)| recipient(n, a)).collect::<Vec<_>>());
        let props = json!({
            "createdDateTime": received,
            "lastModifiedDateTime": received,
            "categories": self.categories,
            "receivedDateTime": received,
            "sentDateTime": if self.draft { Value::Null } else { Value::from(sent) },
            "hasAttachments": self.attachments,
            "internetMessageId": message_id,
            "subject": self.subject,
            "bodyPreview": body_preview(&self.body),
            "importance": self.importance,
            "conversationId": opaque_id("AAQkAD", topic),
            "isDeliveryReceiptRequested": false,
            "isReadReceiptRequested": false,
            "isRead": self.read,
            "isDraft": self.draft,
            "inferenceClassification": if self.other { "other" } else { "focused" },
            "body": self.body,
            "sender": recipient(self.from.0, self.from.1),
            "from": recipient(self.from.0, self.from.1),
            "toRecipients": list(&self.to),
            "ccRecipients": list(&self.cc),
            "bccRecipients": [],
            "replyTo": [],
            "flag": {"flagStatus": if self.flagged { "flagged" } else { "notFlagged" }},
        });
        props.as_object().cloned().unwrap_or_default()
    }
}

fn html(paragraphs: &[&str]) -> Value {
    let inner: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\r\n")).collect();
    json!({
        "contentType": "html",
        "content": format!("<html>\r\n<head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\r\n</head>\r\n<body>\r\n{inner}</body>\r\n</html>\r\n"),
    })
}

fn text(content: &str) -> Value {
    json!({"contentType": "text", "content": content})
}

/// Adds the message; one with `attachments` gets a PDF named after its subject.
fn add_demo(mailbox: &mut Mailbox, folder_id: &str, draft: Draft<'_>) -> String {
    let id = mailbox.new_id();
    let document = draft.attachments.then(|| format!("{}.pdf", draft.subject.trim_start_matches("RE: ").trim_start_matches("FW: ")));
    let mut props = draft.into_props(&id);
    props.insert("webLink".into(), Value::from(web_link(&id)));
    let modified = props["receivedDateTime"].as_str().unwrap_or_default().to_owned();
    mailbox.add(Some(id.clone()), folder_id, props);
    if let Some(name) = document {
        let attachment = Attachment {
            id: mailbox.new_attachment_id(),
            bytes: demo_pdf(&name),
            name,
            content_type: "application/pdf".into(),
            is_inline: false,
            content_id: None,
            last_modified: modified,
        };
        attach(mailbox, &id, attachment);
    }
    id
}

fn attach(mailbox: &mut Mailbox, message_id: &str, attachment: Attachment) {
    if let Some(message) = mailbox.messages.iter_mut().find(|m| m.id == message_id) {
        message.attachments.push(attachment);
    }
}

/// A small, well-formed one-page PDF whose page shows `title`.
fn demo_pdf(title: &str) -> Vec<u8> {
    let text: String = title.chars().filter(|c| c.is_ascii_alphanumeric() || *c == ' ' || *c == '.').collect();
    let stream = format!("BT /F1 18 Tf 72 720 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{object}\nendobj\n", i + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1));
    for offset in offsets {
        pdf.push_str(&format!("{offset:010} 00000 n \n"));
    }
    pdf.push_str(&format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1));
    pdf.into_bytes()
}

/// A 1×1 PNG: the inline picture of the demo's "Photos from the launch".
const DEMO_PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

const ADELE: (&str, &str) = ("Adele Vance", "adele@contoso.example");
const MEGAN: (&str, &str) = ("Megan Bowen", "megan@contoso.example");
const ALEX: (&str, &str) = ("Alex Wilber", "alex@contoso.example");
const DIEGO: (&str, &str) = ("Diego Siciliani", "diego@contoso.example");
const ISAIAH: (&str, &str) = ("Isaiah Langer", "isaiah@contoso.example");
const LYNNE: (&str, &str) = ("Lynne Robbins", "lynne@contoso.example");
const NEWS: (&str, &str) = ("Contoso Weekly", "newsletter@news.example");
const PLANNER: (&str, &str) = ("Microsoft Planner", "noreply@planner.example");

fn demo_mailbox(user: &User) -> Mailbox {
    let mut mailbox = Mailbox::empty(&user.upn);
    match user.upn.to_ascii_lowercase().as_str() {
        "adele@contoso.example" => adele(&mut mailbox),
        "megan@contoso.example" => megan(&mut mailbox),
        _ => {}
    }
    mailbox
}

#[allow(clippy::too_many_arguments)]
fn received<'a>(
    from: (&'a str, &'a str),
    subject: &'a str,
    body: Value,
    minutes_ago: i64,
    read: bool,
    flagged: bool,
    attachments: bool,
    importance: &'a str,
) -> Draft<'a> {
    Draft {
        from,
        to: vec![ADELE],
        cc: Vec::new(),
        subject,
        body,
        minutes_ago,
        read,
        flagged,
        attachments,
        importance,
        categories: Vec::new(),
        draft: false,
        other: false,
    }
}

fn adele(mailbox: &mut Mailbox) {
    let inbox = mailbox.well_known_id("inbox");
    let projects = mailbox.add_folder("Projects", &inbox, false);
    let newsletters = mailbox.add_folder("Newsletters", &inbox, false);
    let mark8 = mailbox.add_folder("Mark 8", &projects, false);
    let root = mailbox.root_id().to_owned();
    mailbox.add_folder("Conversation History", &root, false);
    mailbox.add_folder("Sync Issues", &root, true);
    let archive = mailbox.well_known_id("archive");
    let sent = mailbox.well_known_id("sentitems");
    let drafts = mailbox.well_known_id("drafts");
    let deleted = mailbox.well_known_id("deleteditems");
    let junk = mailbox.well_known_id("junkemail");

    let inbox_mail = [
        received(
            MEGAN,
            "Quarterly review deck",
            html(&[
                "Hi Adele,",
                "Here is the deck for Thursday's quarterly review. Could you check the revenue slide?",
                "Thanks,<br>Megan",
            ]),
            25,
            false,
            true,
            true,
            "high",
        ),
        received(
            ALEX,
            "Lunch on Friday?",
            text("Are you free for lunch on Friday? The new place on 5th opened.\r\n\r\nAlex"),
            70,
            false,
            false,
            false,
            "normal",
        ),
        received(
            NEWS,
            "This week at Contoso: the new campus opens",
            html(&[
                "<img src=\"https://tracker.example/p.gif\" width=\"1\" height=\"1\" alt=\"\">",
                "<b>The new campus opens</b> on Monday. Parking passes are at the front desk.",
                "<a href=\"https://news.example/campus\">Read more</a>",
            ]),
            180,
            false,
            false,
            false,
            "normal",
        ),
        received(
            DIEGO,
            "RE: Budget for the trade show",
            html(&["Adele, the budget is approved as proposed.", "Diego"]),
            300,
            true,
            true,
            false,
            "normal",
        ),
        received(
            PLANNER,
            "You have late tasks!",
            html(&["You have 2 late tasks in <b>Mark 8 launch</b>."]),
            480,
            true,
            false,
            false,
            "normal",
        ),
        received(
            ISAIAH,
            "Contract draft for review",
            html(&["Attached is the contract draft. Legal wants comments by Wednesday.", "Isaiah"]),
            600,
            false,
            false,
            true,
            "high",
        ),
        received(
            LYNNE,
            "Team offsite dates",
            text("Options for the offsite: 12-13 January or 19-20 January. Vote by Friday please."),
            1_440,
            true,
            false,
            false,
            "normal",
        ),
        received(
            MEGAN,
            "RE: Quarterly review deck",
            html(&["One more thing: the Q3 numbers changed slightly, see the attached sheet."]),
            1_500,
            true,
            false,
            true,
            "normal",
        ),
        received(
            ALEX,
            "Photos from the launch",
            html(&["Some photos from last week's launch event.", "<img src=\"cid:image001.png@01D9C0A1\" alt=\"launch\">"]),
            2_880,
            true,
            false,
            true,
            "low",
        ),
        received(
            DIEGO,
            "Travel request approved",
            text("Your travel request TR-2291 to Seattle has been approved."),
            4_320,
            true,
            false,
            false,
            "normal",
        ),
        received(
            ISAIAH,
            "FW: Security training reminder",
            html(&["Please complete the annual security training by the end of the month."]),
            5_760,
            false,
            false,
            false,
            "high",
        ),
        received(
            LYNNE,
            "Coffee chat",
            text("Fancy a coffee chat next week? I'd love to hear about the Mark 8 plans."),
            7_200,
            true,
            false,
            false,
            "normal",
        ),
    ];
    for mut draft in inbox_mail {
        draft.other = [NEWS, PLANNER].contains(&draft.from);
        draft.categories = match draft.subject {
            "Quarterly review deck" => vec!["Blue category"],
            // A name the master list does not hold: Outlook shows it without a colour.
            "Contract draft for review" => vec!["Red category", "Project Falcon"],
            _ => Vec::new(),
        };
        let subject = draft.subject;
        let id = add_demo(mailbox, &inbox, draft);
        if subject == "Photos from the launch" {
            let picture = Attachment {
                id: mailbox.new_attachment_id(),
                name: "image001.png".into(),
                content_type: "image/png".into(),
                bytes: STANDARD.decode(DEMO_PNG).expect("the demo picture is base64"),
                is_inline: true,
                content_id: Some("image001.png@01D9C0A1".into()),
                last_modified: time(2_880 * 60),
            };
            attach(mailbox, &id, picture);
        }
    }
    let mut categorised = received(
        MEGAN,
        "Mark 8 launch checklist",
        html(&["The checklist for the launch, updated with marketing's items."]),
        3_000,
        false,
        true,
        true,
        "normal",
    );
    categorised.categories = vec!["Red category"];
    add_demo(mailbox, &projects, categorised);
    add_demo(
        mailbox,
        &projects,
        received(
            DIEGO,
            "Supplier quotes",
            html(&["Three quotes came in; the second one is the best value."]),
            9_000,
            true,
            false,
            true,
            "normal",
        ),
    );
    add_demo(
        mailbox,
        &mark8,
        received(
            ALEX,
            "Mark 8 packaging mock-ups",
            html(&["The packaging mock-ups are ready for review."]),
            10_000,
            false,
            false,
            true,
            "normal",
        ),
    );
    for (i, subject) in ["Contoso Weekly: hiring update", "Contoso Weekly: benefits enrolment opens"].iter().enumerate() {
        add_demo(
            mailbox,
            &newsletters,
            received(
                NEWS,
                subject,
                html(&["This week's news from around Contoso."]),
                11_000 + i as i64 * 10_080,
                true,
                false,
                false,
                "low",
            ),
        );
    }
    for (i, (from, subject)) in [
        (DIEGO, "Q2 results"),
        (MEGAN, "Holiday schedule"),
        (LYNNE, "Welcome to the team!"),
        (ISAIAH, "Old contract (signed)"),
        (ALEX, "Conference notes"),
    ]
    .into_iter()
    .enumerate()
    {
        add_demo(
            mailbox,
            &archive,
            received(
                from,
                subject,
                text(&format!("{subject}: kept for reference.")),
                43_200 + i as i64 * 14_400,
                true,
                false,
                i % 2 == 0,
                "normal",
            ),
        );
    }
    for (i, (to, subject)) in [
        (MEGAN, "RE: Quarterly review deck"),
        (DIEGO, "Budget for the trade show"),
        (ALEX, "RE: Lunch on Friday?"),
        (LYNNE, "Offsite agenda"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut draft =
            received(ADELE, subject, html(&["Thanks, sounds good to me.", "Adele"]), 60 + i as i64 * 1_000, true, false, false, "normal");
        draft.to = vec![to];
        add_demo(mailbox, &sent, draft);
    }
    for (to, subject) in [(ISAIAH, "RE: Contract draft for review"), (MEGAN, "Ideas for the keynote")] {
        let mut draft = received(ADELE, subject, html(&["(unfinished)"]), 15, true, false, false, "normal");
        draft.to = vec![to];
        draft.draft = true;
        add_demo(mailbox, &drafts, draft);
    }
    add_demo(
        mailbox,
        &deleted,
        received(NEWS, "Last chance: webinar tomorrow", html(&["Register now."]), 20_000, true, false, false, "normal"),
    );
    add_demo(
        mailbox,
        &junk,
        received(
            ("Prize Desk", "win@lottery.example"),
            "You have won!!!",
            html(&["Claim your prize <a href=\"https://lottery.example/claim\">here</a>.", "<img src=\"https://tracker.example/p.gif\">"]),
            900,
            false,
            false,
            false,
            "normal",
        ),
    );
}

fn megan(mailbox: &mut Mailbox) {
    let inbox = mailbox.well_known_id("inbox");
    let sent = mailbox.well_known_id("sentitems");
    add_demo(
        mailbox,
        &inbox,
        received(
            ADELE,
            "Quarterly review: comments",
            html(&["Megan, the deck looks good. Two small comments on slide 4."]),
            40,
            false,
            false,
            false,
            "normal",
        ),
    );
    add_demo(
        mailbox,
        &inbox,
        received(LYNNE, "Offsite venue", text("I booked the lake house for the offsite."), 2_000, true, true, false, "normal"),
    );
    add_demo(
        mailbox,
        &inbox,
        received(DIEGO, "Marketing budget", html(&["The marketing budget sheet is attached."]), 5_000, false, false, true, "high"),
    );
    let mut reply = received(MEGAN, "Quarterly review deck", html(&["Here is the deck."]), 26, true, false, true, "normal");
    reply.to = vec![ADELE];
    add_demo(mailbox, &sent, reply);
}

/// `count` deterministic messages in the inbox, newest first, a few minutes apart.
fn generate(mailbox: &mut Mailbox, count: usize) {
    const PEOPLE: [(&str, &str); 6] = [MEGAN, ALEX, DIEGO, ISAIAH, LYNNE, NEWS];
    const TOPICS: [&str; 8] = [
        "Status update",
        "Invoice",
        "Meeting notes",
        "Question about the roadmap",
        "Weekly report",
        "Design review",
        "Customer feedback",
        "Expense claim",
    ];
    let inbox = mailbox.well_known_id("inbox");
    for i in 0..count {
        let subject = format!("{} #{}", TOPICS[i % TOPICS.len()], i + 1);
        let body = if i % 2 == 0 {
            html(&[&format!("Message {} of the generated mailbox.", i + 1), "Regards"])
        } else {
            text(&format!("Message {} of the generated mailbox.\r\nRegards", i + 1))
        };
        let importance = if i % 13 == 0 { "high" } else { "normal" };
        let draft = received(PEOPLE[i % PEOPLE.len()], &subject, body, 30 + i as i64 * 17, i % 3 != 0, i % 11 == 0, i % 7 == 0, importance);
        add_demo(mailbox, &inbox, draft);
    }
}

/// The entities of a seed file: the `value` of a collection, or the one entity.
fn entities(path: &Path) -> Result<Vec<Value>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    match value {
        Value::Object(mut map) => match map.remove("value") {
            Some(Value::Array(items)) => Ok(items),
            Some(_) => Err(format!("{}: \"value\" is not an array", path.display())),
            None => Ok(vec![Value::Object(map)]),
        },
        Value::Array(items) => Ok(items),
        _ => Err(format!("{}: neither a collection nor an entity", path.display())),
    }
}

fn load_mailbox(upn: &str, dir: &Path) -> Result<Mailbox, String> {
    let mut mailbox = Mailbox::empty(upn);
    let root_id = mailbox.root_id().to_owned();
    let folders_file = dir.join("mailFolders.json");
    if folders_file.is_file() {
        let mut pending = Vec::new();
        for entity in entities(&folders_file)? {
            let text = |name: &str| entity.get(name).and_then(Value::as_str).map(str::to_owned);
            let display_name = text("displayName").unwrap_or_default();
            let id = text("id").unwrap_or_else(|| opaque_id("AAMkAD", &format!("{upn}/seeded/{display_name}")));
            let parent = text("parentFolderId");
            let hidden = entity.get("isHidden").and_then(Value::as_bool).unwrap_or(false);
            let well_known = text("wellKnownName").or_else(|| {
                let top_level = parent.as_deref().is_none_or(|p| p == root_id || !mailbox.folders.iter().any(|f| f.id == p));
                WELL_KNOWN
                    .iter()
                    .find(|(_, english)| top_level && english.eq_ignore_ascii_case(&display_name))
                    .map(|(name, _)| (*name).to_owned())
            });
            match well_known.as_deref().and_then(|name| mailbox.folders.iter().position(|f| f.well_known.as_deref() == Some(name))) {
                Some(index) if index > 0 => {
                    let old = std::mem::replace(&mut mailbox.folders[index].id, id.clone());
                    mailbox.folders[index].display_name = display_name;
                    mailbox.folders[index].hidden = hidden;
                    for folder in &mut mailbox.folders {
                        if folder.parent_id == old {
                            folder.parent_id = id.clone();
                        }
                    }
                }
                _ => mailbox.folders.push(Folder { id: id.clone(), display_name, parent_id: String::new(), well_known: None, hidden }),
            }
            pending.push((id, parent));
        }
        for (id, parent) in pending {
            let parent = parent.filter(|p| *p != id && mailbox.folders.iter().any(|f| f.id == *p)).unwrap_or_else(|| root_id.clone());
            if let Some(folder) = mailbox.folders.iter_mut().find(|f| f.id == id) {
                folder.parent_id = parent;
            }
        }
    }
    let messages_dir = dir.join("messages");
    if messages_dir.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&messages_dir)
            .map_err(|e| format!("{}: {e}", messages_dir.display()))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        files.sort();
        for file in files {
            let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
            let folder_id = mailbox
                .folder(stem)
                .map(|f| f.id.clone())
                .ok_or_else(|| format!("{}: no folder named {stem} in {}", file.display(), dir.display()))?;
            for entity in entities(&file)? {
                let Value::Object(mut props) = entity else {
                    return Err(format!("{}: a message is not a JSON object", file.display()));
                };
                let id = props.get("id").and_then(Value::as_str).map(str::to_owned);
                let attachments = match props.remove("attachments") {
                    Some(Value::Array(items)) => items
                        .iter()
                        .map(|item| attachment_from_graph(&mut mailbox, item).map_err(|e| format!("{}: {e}", file.display())))
                        .collect::<Result<Vec<_>, _>>()?,
                    _ => Vec::new(),
                };
                if !props.contains_key("bodyPreview") {
                    if let Some(body) = props.get("body") {
                        let preview = body_preview(body);
                        props.insert("bodyPreview".into(), Value::from(preview));
                    }
                }
                // Exchange classifies every message; a payload saved with `$select` may not say.
                props.entry("inferenceClassification").or_insert_with(|| Value::from("focused"));
                mailbox.add(id, &folder_id, props);
                if let Some(message) = mailbox.messages.last_mut() {
                    message.attachments = attachments;
                }
            }
        }
    }
    Ok(mailbox)
}

/// A `fileAttachment` as Graph writes it, with its `contentBytes`.
pub fn attachment_from_graph(mailbox: &mut Mailbox, item: &Value) -> Result<Attachment, String> {
    let text = |name: &str| item.get(name).and_then(Value::as_str).map(str::to_owned);
    let bytes = STANDARD
        .decode(text("contentBytes").ok_or("an attachment has no contentBytes")?)
        .map_err(|e| format!("an attachment's contentBytes is not base64: {e}"))?;
    Ok(Attachment {
        id: text("id").unwrap_or_else(|| mailbox.new_attachment_id()),
        name: text("name").unwrap_or_default(),
        content_type: text("contentType").unwrap_or_else(|| "application/octet-stream".into()),
        bytes,
        is_inline: item.get("isInline").and_then(Value::as_bool).unwrap_or(false),
        content_id: text("contentId"),
        last_modified: text("lastModifiedDateTime").unwrap_or_else(|| time(0)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn users() -> Vec<User> {
        crate::identity::registry::Registry::builtin(8710).users
    }

    #[test]
    fn the_demo_mailbox_has_mail_in_the_well_known_folders_and_child_folders() {
        let mail = Mail::build(&users(), &MailSeed::default()).unwrap();
        let adele = mail.mailbox("ADELE@contoso.example").unwrap();
        assert!(adele.messages.len() >= 30, "{}", adele.messages.len());
        let inbox = adele.folder("Inbox").unwrap();
        let (total, unread, children) = adele.counts(&inbox.id);
        assert_eq!((total, children), (12, 2));
        assert!(unread > 0 && unread < total);
        for name in ["drafts", "sentitems", "archive", "deleteditems", "junkemail"] {
            assert!(adele.counts(&adele.folder(name).unwrap().id).0 > 0, "{name}");
        }
        assert!(adele.messages.iter().any(|m| m.props["body"]["content"].as_str().unwrap().contains("https://tracker.example/p.gif")));
        assert!(adele.messages.iter().all(|m| is_well_formed_id(&m.id)));
        assert!(adele.messages.iter().any(|m| m.id.contains('-') || m.id.contains('_')));
        assert!(mail.may_open("megan@contoso.example", "adele@contoso.example"));
        assert!(!mail.may_open("adele@contoso.example", "megan@contoso.example"));
        assert_eq!(mail.mailbox("megan@contoso.example").unwrap().messages.len(), 4);
    }

    #[test]
    fn the_generator_is_deterministic() {
        let seed = MailSeed { generate: 500, ..MailSeed::default() };
        let (a, b) = (Mail::build(&users(), &seed).unwrap(), Mail::build(&users(), &seed).unwrap());
        let (a, b) = (a.mailbox("adele@contoso.example").unwrap(), b.mailbox("adele@contoso.example").unwrap());
        let inbox = a.folder("inbox").unwrap().id.clone();
        assert_eq!(a.counts(&inbox).0, 512);
        let ids = |m: &Mailbox| m.messages.iter().map(|m| (m.id.clone(), m.text("subject").to_owned())).collect::<Vec<_>>();
        assert_eq!(ids(a), ids(b));
    }

    #[test]
    fn html_bodies_render_as_text() {
        let text = html_to_text(
            "<html><head><style>p{}</style></head><body><p>Hello &amp; welcome</p><p>Line<br>two</p><img src=\"x\"></body></html>",
        );
        assert_eq!(text, "Hello & welcome\r\nLine\r\ntwo");
        assert!(!is_well_formed_id("123"));
        assert!(is_well_formed_id("AAMkAGUAAAwTW09AAA="));
        assert!(!is_well_formed_id("AAMkAGUAAAwTW09AAA=x"));
    }
}
