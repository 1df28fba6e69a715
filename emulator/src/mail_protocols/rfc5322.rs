//! Internet messages (RFC 5322 with MIME): how a mailbox's Graph message reads over IMAP,
//! and what a message handed to SMTP says in Graph's terms.

use crate::graph::store::{Attachment, Message};
use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use chrono::DateTime;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

/// The longest line base64 and quoted-printable bodies are cut into (RFC 2045).
const LINE_LENGTH: usize = 76;
/// Where header fields are folded when a space allows it (RFC 5322 §2.1.1).
const HEADER_WIDTH: usize = 78;

/// A name and an address, as Graph's `emailAddress` holds them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Address {
    pub name: String,
    pub address: String,
}

impl Address {
    fn from_graph(recipient: &Value) -> Option<Address> {
        let inner = &recipient["emailAddress"];
        let address = inner["address"].as_str().filter(|a| !a.is_empty())?;
        Some(Address { name: inner["name"].as_str().unwrap_or_default().to_owned(), address: address.to_owned() })
    }

    pub fn to_graph(&self) -> Value {
        let name = if self.name.is_empty() { &self.address } else { &self.name };
        json!({"emailAddress": {"name": name, "address": self.address}})
    }

    /// `Name <local@domain>`, the name quoted or encoded as it needs.
    fn header_form(&self) -> String {
        match display_name(&self.name) {
            Some(name) => format!("{name} <{}>", self.address),
            None => self.address.clone(),
        }
    }

    /// IMAP's address structure: the name as the header carries it (encoded words, not
    /// quotes), the local part and the domain.
    pub fn envelope_parts(&self) -> (Option<String>, String, String) {
        let (local, domain) = self.address.rsplit_once('@').unwrap_or((&self.address, ""));
        let name = Some(self.name.trim()).filter(|name| !name.is_empty()).map(encode_words);
        (name, local.to_owned(), domain.to_owned())
    }
}

/// A MIME entity as IMAP serves it: header fields (unfolded), body octets, and the shape
/// BODYSTRUCTURE describes.
#[derive(Clone, Debug)]
pub struct Entity {
    pub fields: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub shape: Shape,
}

#[derive(Clone, Debug)]
pub enum Shape {
    Leaf(Leaf),
    Multipart { subtype: &'static str, boundary: String, parts: Vec<Entity> },
}

#[derive(Clone, Debug)]
pub struct Leaf {
    pub media_type: String,
    pub subtype: String,
    pub params: Vec<(String, String)>,
    pub content_id: Option<String>,
    pub description: Option<String>,
    pub encoding: &'static str,
    /// `inline` or `attachment`, with its parameters.
    pub disposition: Option<(&'static str, Vec<(String, String)>)>,
}

impl Entity {
    /// The header as sent: folded fields and the empty line that ends it.
    pub fn header(&self) -> Vec<u8> {
        self.header_fields(|_| true)
    }

    /// Only the fields `keep` (given a field name) accepts, and the empty line.
    pub fn header_fields(&self, keep: impl Fn(&str) -> bool) -> Vec<u8> {
        let mut out: String = self.fields.iter().filter(|(name, _)| keep(name)).map(|(name, value)| fold(name, value)).collect();
        out.push_str("\r\n");
        out.into_bytes()
    }

    pub fn bytes(&self) -> Vec<u8> {
        let mut out = self.header();
        out.extend_from_slice(&self.body);
        out
    }

    /// The entity a section number names (`1.2` is `[1, 2]`): for a single-part entity,
    /// part 1 is the entity itself (RFC 3501 §6.4.5).
    pub fn part(&self, path: &[usize]) -> Option<&Entity> {
        let Some((first, rest)) = path.split_first() else {
            return Some(self);
        };
        match &self.shape {
            Shape::Leaf(_) if *first == 1 => (rest.is_empty()).then_some(self),
            Shape::Leaf(_) => None,
            Shape::Multipart { parts, .. } => parts.get(first.checked_sub(1)?)?.part(rest),
        }
    }
}

/// What IMAP's ENVELOPE reports, each text as the header has it (RFC 3501 §7.4.2).
#[derive(Clone, Debug)]
pub struct Envelope {
    pub date: Option<String>,
    pub subject: Option<String>,
    pub from: Vec<Address>,
    pub sender: Vec<Address>,
    pub reply_to: Vec<Address>,
    pub to: Vec<Address>,
    pub cc: Vec<Address>,
    pub message_id: Option<String>,
}

/// A message of the mailbox as Exchange's IMAP service hands it out.
pub struct Rendered {
    pub entity: Entity,
    pub envelope: Envelope,
}

fn addresses(props: &Map<String, Value>, name: &str) -> Vec<Address> {
    match props.get(name) {
        Some(Value::Array(list)) => list.iter().filter_map(Address::from_graph).collect(),
        Some(single @ Value::Object(_)) => Address::from_graph(single).into_iter().collect(),
        _ => Vec::new(),
    }
}

fn address_list(list: &[Address]) -> String {
    list.iter().map(Address::header_form).collect::<Vec<_>>().join(", ")
}

/// `Thu, 20 Nov 2026 09:00:00 +0000` for an ISO 8601 time, Graph's form.
pub fn rfc5322_date(iso: &str) -> Option<String> {
    DateTime::parse_from_rfc3339(iso).ok().map(|time| time.to_utc().format("%a, %-d %b %Y %H:%M:%S +0000").to_string())
}

/// `20-Nov-2026 09:00:00 +0000`, IMAP's INTERNALDATE (the day space-padded).
pub fn internal_date(iso: &str) -> String {
    let time = DateTime::parse_from_rfc3339(iso).map(|time| time.to_utc()).unwrap_or_default();
    time.format("%e-%b-%Y %H:%M:%S +0000").to_string()
}

/// The message as Exchange renders it for IMAP: the addressing and dating fields, then a
/// text or HTML body, with its attachments in `multipart/related` (inline ones) and
/// `multipart/mixed` (the others) around it.
pub fn render(message: &Message) -> Rendered {
    let props = &message.props;
    let text = |name: &str| props.get(name).and_then(Value::as_str).filter(|s| !s.is_empty());
    let from = addresses(props, "from");
    let sender = match addresses(props, "sender") {
        sender if sender.is_empty() => from.clone(),
        sender => sender,
    };
    let reply_to = match addresses(props, "replyTo") {
        reply_to if reply_to.is_empty() => from.clone(),
        reply_to => reply_to,
    };
    let envelope = Envelope {
        date: text("sentDateTime").or(text("receivedDateTime")).and_then(rfc5322_date),
        subject: text("subject").map(encode_words),
        sender,
        reply_to,
        to: addresses(props, "toRecipients"),
        cc: addresses(props, "ccRecipients"),
        message_id: text("internetMessageId").map(str::to_owned),
        from,
    };
    let mut fields = Vec::new();
    let mut put = |name: &str, value: Option<String>| {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            fields.push((name.to_owned(), value));
        }
    };
    put("From", Some(address_list(&envelope.from)));
    if envelope.sender != envelope.from {
        put("Sender", Some(address_list(&envelope.sender)));
    }
    put("To", Some(address_list(&envelope.to)));
    put("CC", Some(address_list(&envelope.cc)));
    if envelope.reply_to != envelope.from {
        put("Reply-To", Some(address_list(&envelope.reply_to)));
    }
    put("Subject", envelope.subject.clone());
    put("Date", envelope.date.clone());
    put("Message-ID", envelope.message_id.clone());
    put("Importance", text("importance").filter(|i| *i != "normal").map(str::to_owned));
    let (inline, files): (Vec<&Attachment>, Vec<&Attachment>) = message.attachments.iter().partition(|a| a.is_inline);
    let mut body = text_entity(props.get("body").unwrap_or(&Value::Null));
    if !inline.is_empty() {
        let parts = std::iter::once(body).chain(inline.into_iter().map(attachment_entity)).collect();
        body = multipart("related", parts, &format!("{}/related", message.id));
    }
    if !files.is_empty() {
        let parts = std::iter::once(body).chain(files.into_iter().map(attachment_entity)).collect();
        body = multipart("mixed", parts, &format!("{}/mixed", message.id));
    }
    fields.append(&mut body.fields);
    fields.push(("MIME-Version".into(), "1.0".into()));
    Rendered { entity: Entity { fields, ..body }, envelope }
}

/// The body: HTML or text, UTF-8, CRLF line ends; quoted-printable unless it is 7-bit text
/// in short lines.
fn text_entity(body: &Value) -> Entity {
    let subtype = if body["contentType"] == "html" { "html" } else { "plain" };
    let content = body["content"].as_str().unwrap_or_default().replace("\r\n", "\n").replace('\n', "\r\n");
    let plain = content.is_ascii() && content.split("\r\n").all(|line| line.len() <= 998);
    let (encoding, octets) =
        if plain { ("7bit", content.into_bytes()) } else { ("quoted-printable", quoted_printable(content.as_bytes())) };
    let params = vec![("charset".to_owned(), "utf-8".to_owned())];
    let fields = vec![
        ("Content-Type".to_owned(), format!("text/{subtype}{}", parameters(&params))),
        ("Content-Transfer-Encoding".to_owned(), encoding.to_owned()),
    ];
    let leaf = Leaf {
        media_type: "text".into(),
        subtype: subtype.into(),
        params,
        content_id: None,
        description: None,
        encoding,
        disposition: None,
    };
    Entity { fields, body: octets, shape: Shape::Leaf(leaf) }
}

fn attachment_entity(attachment: &Attachment) -> Entity {
    let (media_type, subtype) = attachment.content_type.split_once('/').unwrap_or(("application", "octet-stream"));
    let name = encode_words(&attachment.name);
    let params = vec![("name".to_owned(), name.clone())];
    let disposition_params = vec![("filename".to_owned(), name.clone()), ("size".to_owned(), attachment.bytes.len().to_string())];
    let disposition = if attachment.is_inline { "inline" } else { "attachment" };
    let content_id = attachment.content_id.as_ref().map(|id| format!("<{}>", id.trim_start_matches('<').trim_end_matches('>')));
    let mut fields = vec![
        ("Content-Type".to_owned(), format!("{media_type}/{subtype}{}", parameters(&params))),
        ("Content-Description".to_owned(), name.clone()),
        ("Content-Disposition".to_owned(), format!("{disposition}{}", parameters(&disposition_params))),
    ];
    if let Some(id) = &content_id {
        fields.push(("Content-ID".to_owned(), id.clone()));
    }
    fields.push(("Content-Transfer-Encoding".to_owned(), "base64".to_owned()));
    let encoded = STANDARD.encode(&attachment.bytes);
    let lines: Vec<&str> = encoded.as_bytes().chunks(LINE_LENGTH).map(|chunk| std::str::from_utf8(chunk).unwrap_or_default()).collect();
    let leaf = Leaf {
        media_type: media_type.to_ascii_lowercase(),
        subtype: subtype.to_ascii_lowercase(),
        params,
        content_id,
        description: Some(name),
        encoding: "base64",
        disposition: Some((disposition, disposition_params)),
    };
    Entity { fields, body: lines.join("\r\n").into_bytes(), shape: Shape::Leaf(leaf) }
}

/// Parts joined under a boundary in the shape of Exchange's (`_000_…_`), stable per message.
fn multipart(subtype: &'static str, parts: Vec<Entity>, seed: &str) -> Entity {
    let digest = Sha256::digest(seed.as_bytes());
    let boundary = format!("_000_{}_", digest[..12].iter().map(|b| format!("{b:02X}")).collect::<String>());
    let mut body = Vec::new();
    for part in &parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        body.extend_from_slice(&part.bytes());
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let fields =
        vec![("Content-Type".to_owned(), format!("multipart/{subtype}{}", parameters(&[("boundary".to_owned(), boundary.clone())])))];
    Entity { fields, body, shape: Shape::Multipart { subtype, boundary, parts } }
}

fn parameters(params: &[(String, String)]) -> String {
    params.iter().map(|(name, value)| format!("; {name}=\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))).collect()
}

/// `Name: value` folded at spaces to keep lines near 78 characters, ending in CRLF.
fn fold(name: &str, value: &str) -> String {
    let mut out = format!("{name}:");
    let mut width = out.len();
    for (i, word) in value.split(' ').enumerate() {
        if i > 0 && width + 1 + word.len() > HEADER_WIDTH && width > name.len() + 1 {
            out.push_str("\r\n");
            width = 0;
        }
        out.push(' ');
        out.push_str(word);
        width += 1 + word.len();
    }
    out.push_str("\r\n");
    out
}

/// Text fit for a header: as it is when ASCII, else RFC 2047 encoded words (UTF-8, base64),
/// each short enough for a line of its own.
pub fn encode_words(text: &str) -> String {
    if text.is_ascii() && !text.contains("=?") && !text.contains(['\r', '\n']) {
        return text.to_owned();
    }
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in text.chars() {
        // 45 octets make 60 base64 characters: with `=?utf-8?B?…?=`, 72 in all.
        if chunk.len() + c.len_utf8() > 45 {
            words.push(std::mem::take(&mut chunk));
        }
        chunk.push(c);
    }
    words.push(chunk);
    words.iter().map(|word| format!("=?utf-8?B?{}?=", STANDARD.encode(word))).collect::<Vec<_>>().join(" ")
}

/// A display name as a header carries it: bare, quoted, or encoded; `None` when empty.
fn display_name(name: &str) -> Option<String> {
    let name = name.trim();
    if name.is_empty() {
        None
    } else if !name.is_ascii() {
        Some(encode_words(name))
    } else if name.chars().all(|c| c.is_ascii_alphanumeric() || " !#$%&'*+-/=?^_`{|}~".contains(c)) {
        Some(name.to_owned())
    } else {
        Some(format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\"")))
    }
}

fn unquote(text: &str) -> String {
    match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(inner) => inner.replace("\\\"", "\"").replace("\\\\", "\\"),
        None => text.to_owned(),
    }
}

/// Quoted-printable (RFC 2045 §6.7) of CRLF-separated lines.
fn quoted_printable(octets: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let text_lines: Vec<&[u8]> = split_crlf(octets);
    for (index, line) in text_lines.iter().enumerate() {
        let mut width = 0;
        for (at, &byte) in line.iter().enumerate() {
            let last = at + 1 == line.len();
            let literal = ((byte == b' ' || byte == b'\t') && !last) || ((33..=126).contains(&byte) && byte != b'=');
            let piece = if literal { vec![byte] } else { format!("={byte:02X}").into_bytes() };
            if width + piece.len() > LINE_LENGTH - 1 {
                out.extend_from_slice(b"=\r\n");
                width = 0;
            }
            width += piece.len();
            out.extend_from_slice(&piece);
        }
        if index + 1 < text_lines.len() {
            out.extend_from_slice(b"\r\n");
        }
    }
    out
}

fn split_crlf(octets: &[u8]) -> Vec<&[u8]> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while at + 1 < octets.len() {
        if &octets[at..at + 2] == b"\r\n" {
            lines.push(&octets[start..at]);
            start = at + 2;
            at += 2;
        } else {
            at += 1;
        }
    }
    lines.push(&octets[start..]);
    lines
}

/// What a message handed over for sending says, in Graph's terms.
#[derive(Debug, PartialEq)]
pub struct Submitted {
    pub from: Vec<Address>,
    /// The Graph properties the message sets: subject, body, recipients, `internetMessageId`, …
    pub props: Map<String, Value>,
    pub attachments: Vec<Enclosed>,
}

/// A file that came in a submitted message.
#[derive(Debug, PartialEq, Eq)]
pub struct Enclosed {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
    pub is_inline: bool,
    pub content_id: Option<String>,
}

/// A MIME entity of a message being read: its fields (unfolded) and its raw body.
struct Part<'a> {
    fields: Vec<(String, String)>,
    body: &'a [u8],
}

impl Part<'_> {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// (type/subtype lower-case, parameters): `text/plain` when absent (RFC 2045 §5.2).
    fn content_type(&self) -> (String, Vec<(String, String)>) {
        let (value, params) = split_parameters(self.field("Content-Type").unwrap_or("text/plain; charset=us-ascii"));
        (value.to_ascii_lowercase(), params)
    }

    fn decoded(&self) -> Vec<u8> {
        match self.field("Content-Transfer-Encoding").map(|e| e.trim().to_ascii_lowercase()).as_deref() {
            Some("base64") => {
                let clean: Vec<u8> = self.body.iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
                let lenient = GeneralPurpose::new(
                    &alphabet::STANDARD,
                    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
                );
                lenient.decode(clean).unwrap_or_default()
            }
            Some("quoted-printable") => decode_quoted_printable(self.body),
            _ => self.body.to_vec(),
        }
    }
}

/// Reads a submitted message: From, To, Cc, Reply-To, Subject, Message-ID, Importance,
/// the body (the HTML alternative over the text one) and the attached files.
pub fn parse(message: &[u8]) -> Submitted {
    let top = split_entity(message);
    let mut leaves = Vec::new();
    collect_leaves(message, &mut leaves, 0);
    let is_body = |part: &Part| {
        let (media, params) = part.content_type();
        let disposition = part.field("Content-Disposition").map(split_parameters);
        let attached = disposition.as_ref().is_some_and(|(kind, _)| kind.eq_ignore_ascii_case("attachment"))
            || params.iter().any(|(n, _)| n == "name")
            || disposition.is_some_and(|(_, p)| p.iter().any(|(n, _)| n == "filename"));
        !attached && (media == "text/html" || media == "text/plain")
    };
    let chosen =
        leaves.iter().position(|part| is_body(part) && part.content_type().0 == "text/html").or_else(|| leaves.iter().position(&is_body));
    let body = match chosen {
        Some(index) => {
            let part = &leaves[index];
            let (media, params) = part.content_type();
            let charset = params.iter().find(|(n, _)| n == "charset").map(|(_, v)| v.as_str()).unwrap_or("us-ascii");
            let content = decode_charset(&part.decoded(), charset).replace("\r\n", "\n").replace('\n', "\r\n");
            json!({"contentType": if media == "text/html" { "html" } else { "text" }, "content": content})
        }
        None => json!({"contentType": "text", "content": ""}),
    };
    let attachments = leaves
        .iter()
        .filter(|part| !is_body(part))
        .map(|part| {
            let (media, params) = part.content_type();
            let disposition = part.field("Content-Disposition").map(split_parameters);
            let filename = disposition.as_ref().and_then(|(_, p)| p.iter().find(|(n, _)| n == "filename").map(|(_, v)| v.clone()));
            let name = filename.or_else(|| params.iter().find(|(n, _)| n == "name").map(|(_, v)| v.clone())).unwrap_or_default();
            Enclosed {
                name: decode_words(&name),
                content_type: media,
                bytes: part.decoded(),
                is_inline: disposition.is_some_and(|(kind, _)| kind.eq_ignore_ascii_case("inline")),
                content_id: part.field("Content-ID").map(|id| id.trim().trim_start_matches('<').trim_end_matches('>').to_owned()),
            }
        })
        .collect();
    let mut props = Map::new();
    let list =
        |name: &str| Value::from(parse_addresses(top.field(name).unwrap_or_default()).iter().map(Address::to_graph).collect::<Vec<_>>());
    props.insert("subject".into(), Value::from(decode_words(top.field("Subject").unwrap_or_default().trim())));
    props.insert("body".into(), body);
    props.insert("toRecipients".into(), list("To"));
    props.insert("ccRecipients".into(), list("Cc"));
    props.insert("replyTo".into(), list("Reply-To"));
    if let Some(id) = top.field("Message-ID").map(str::trim).filter(|id| id.starts_with('<') && id.ends_with('>')) {
        props.insert("internetMessageId".into(), Value::from(id));
    }
    if let Some(importance) = top.field("Importance").map(|i| i.trim().to_ascii_lowercase()).filter(|i| i == "high" || i == "low") {
        props.insert("importance".into(), Value::from(importance));
    }
    Submitted { from: parse_addresses(top.field("From").unwrap_or_default()), props, attachments }
}

/// Multipart bodies opened down to their leaves; nesting past 20 levels is left unread.
fn collect_leaves<'a>(entity: &'a [u8], leaves: &mut Vec<Part<'a>>, depth: usize) {
    let part = split_entity(entity);
    let (media, params) = part.content_type();
    let boundary = params.iter().find(|(n, _)| n == "boundary").map(|(_, v)| v.clone());
    match boundary.filter(|_| media.starts_with("multipart/") && depth < 20) {
        Some(boundary) => {
            for child in split_multipart(part.body, &boundary) {
                collect_leaves(child, leaves, depth + 1);
            }
        }
        None => leaves.push(part),
    }
}

fn split_entity(octets: &[u8]) -> Part<'_> {
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut at = 0;
    while at < octets.len() {
        let end = octets[at..].iter().position(|&b| b == b'\n').map(|i| at + i + 1).unwrap_or(octets.len());
        let line = &octets[at..end];
        at = end;
        let text = String::from_utf8_lossy(line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            break;
        }
        if text.starts_with([' ', '\t']) {
            if let Some((_, value)) = fields.last_mut() {
                value.push_str(text);
            }
        } else if let Some((name, value)) = text.split_once(':') {
            fields.push((name.trim().to_owned(), value.trim_start().to_owned()));
        }
    }
    Part { fields, body: &octets[at..] }
}

/// The parts between `--boundary` lines (RFC 2046 §5.1.1); the CRLF before each
/// delimiter belongs to it, not to the part.
fn split_multipart<'a>(body: &'a [u8], boundary: &str) -> Vec<&'a [u8]> {
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut start: Option<usize> = None;
    let mut at = 0;
    while at < body.len() {
        let end = body[at..].iter().position(|&b| b == b'\n').map(|i| at + i + 1).unwrap_or(body.len());
        let line = body[at..end].trim_ascii_end();
        if let Some(rest) = line.strip_prefix(delimiter.as_bytes()) {
            if let Some(begun) = start {
                let mut part_end = at;
                if body[..part_end].ends_with(b"\n") {
                    part_end -= 1;
                    if body[..part_end].ends_with(b"\r") {
                        part_end -= 1;
                    }
                }
                parts.push(&body[begun..part_end.max(begun)]);
            }
            if rest.starts_with(b"--") {
                return parts;
            }
            start = Some(end);
        }
        at = end;
    }
    if let Some(begun) = start {
        parts.push(&body[begun..]);
    }
    parts
}

/// `value; name=token; name="quoted"` → (value, lower-case names with their values);
/// RFC 2231's `name*=charset''percent-encoded` is read too.
fn split_parameters(field: &str) -> (String, Vec<(String, String)>) {
    let pieces = split_outside_quotes(field, ';');
    let mut iter = pieces.into_iter();
    let value = iter.next().unwrap_or_default().trim().to_owned();
    let params = iter
        .filter_map(|piece| {
            let (name, raw) = piece.split_once('=')?;
            let name = name.trim().to_ascii_lowercase();
            let raw = raw.trim();
            match name.strip_suffix('*') {
                Some(name) => {
                    let (charset, encoded) = raw.split_once("''").unwrap_or(("utf-8", raw));
                    Some((name.to_owned(), decode_charset(&percent_decode(encoded), charset)))
                }
                None => Some((name, unquote(raw))),
            }
        })
        .collect();
    (value, params)
}

fn split_outside_quotes(text: &str, separator: char) -> Vec<String> {
    let mut pieces = vec![String::new()];
    let (mut quoted, mut escaped) = (false, false);
    for c in text.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            c if c == separator && !quoted => {
                pieces.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(last) = pieces.last_mut() {
            last.push(c);
        }
    }
    pieces
}

fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        match (bytes[at], bytes.get(at + 1..at + 3).and_then(hex_pair)) {
            (b'%', Some(byte)) => {
                out.push(byte);
                at += 3;
            }
            (byte, _) => {
                out.push(byte);
                at += 1;
            }
        }
    }
    out
}

fn hex_pair(pair: &[u8]) -> Option<u8> {
    u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()
}

fn decode_quoted_printable(octets: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < octets.len() {
        match octets[at] {
            b'=' if octets[at + 1..].starts_with(b"\r\n") => at += 3,
            b'=' if octets[at + 1..].starts_with(b"\n") => at += 2,
            b'=' => match octets.get(at + 1..at + 3).and_then(hex_pair) {
                Some(byte) => {
                    out.push(byte);
                    at += 3;
                }
                None => {
                    out.push(b'=');
                    at += 1;
                }
            },
            byte => {
                out.push(byte);
                at += 1;
            }
        }
    }
    out
}

/// Text in a declared charset: UTF-8 and its ASCII subset, and Latin-1 (which Windows-1252
/// mostly is); anything else is read as UTF-8.
fn decode_charset(octets: &[u8], charset: &str) -> String {
    match charset.trim().to_ascii_lowercase().as_str() {
        "iso-8859-1" | "latin1" | "windows-1252" | "cp1252" => octets.iter().map(|&b| char::from(b)).collect(),
        _ => String::from_utf8_lossy(octets).into_owned(),
    }
}

/// RFC 2047 encoded words decoded; the space between two adjacent words goes with them.
pub fn decode_words(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    let mut after_word = false;
    while !rest.is_empty() {
        let Some(start) = rest.find("=?") else {
            out.push_str(rest);
            break;
        };
        let decoded = decode_word(&rest[start..]);
        let (gap, word) = (&rest[..start], decoded);
        match word {
            Some((text, used)) => {
                if !(after_word && gap.trim().is_empty()) {
                    out.push_str(gap);
                }
                out.push_str(&text);
                rest = &rest[start + used..];
                after_word = true;
            }
            None => {
                out.push_str(&rest[..start + 2]);
                rest = &rest[start + 2..];
                after_word = false;
            }
        }
    }
    out
}

/// One `=?charset?B|Q?text?=` at the start of `text`: the text and the length it took.
fn decode_word(text: &str) -> Option<(String, usize)> {
    let inner = text.strip_prefix("=?")?;
    let (charset, rest) = inner.split_once('?')?;
    let (encoding, rest) = rest.split_once('?')?;
    let end = rest.find("?=")?;
    let payload = &rest[..end];
    if payload.contains(' ') {
        return None;
    }
    let octets = match encoding.to_ascii_uppercase().as_str() {
        "B" => {
            GeneralPurpose::new(&alphabet::STANDARD, GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent))
                .decode(payload)
                .ok()?
        }
        "Q" => decode_quoted_printable(payload.replace('_', " ").as_bytes()),
        _ => return None,
    };
    let used = 2 + charset.len() + 1 + encoding.len() + 1 + end + 2;
    Some((decode_charset(&octets, charset.split('*').next().unwrap_or(charset)), used))
}

/// An address list (`To:`): names decoded, groups opened, comments dropped.
pub fn parse_addresses(field: &str) -> Vec<Address> {
    let mut out = Vec::new();
    for piece in split_outside_quotes(field, ',') {
        let mut piece = strip_comments(&piece);
        if let Some(at) = piece.find(':').filter(|&at| !piece[..at].contains(['"', '<'])) {
            piece = piece[at + 1..].to_owned();
        }
        let piece = piece.trim().trim_end_matches(';').trim();
        let (name, address) = match (piece.rfind('<'), piece.rfind('>')) {
            (Some(open), Some(close)) if open < close => (piece[..open].trim(), piece[open + 1..close].trim()),
            _ => ("", piece),
        };
        if address.contains('@') {
            out.push(Address { name: decode_words(&unquote(name)), address: address.to_owned() });
        }
    }
    out
}

fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    let (mut depth, mut quoted) = (0usize, false);
    for c in text.chars() {
        match c {
            '"' if depth == 0 => quoted = !quoted,
            '(' if !quoted => {
                depth += 1;
                continue;
            }
            ')' if !quoted && depth > 0 => {
                depth -= 1;
                continue;
            }
            _ => {}
        }
        if depth == 0 {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(props: Value, attachments: Vec<Attachment>) -> Message {
        Message {
            id: "AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A1".into(),
            folder_id: "inbox".into(),
            change_key: "CQAAABYAAAA".into(),
            props: props.as_object().cloned().unwrap(),
            attachments,
            changed: 1,
            arrived: 1,
        }
    }

    #[test]
    fn renders_a_text_message_with_crlf_and_exact_headers() {
        let rendered = render(&message(
            json!({
                "subject": "Lunch on Friday?",
                "from": {"emailAddress": {"name": "Megan Bowen", "address": "megan@contoso.example"}},
                "toRecipients": [{"emailAddress": {"name": "Adele Vance", "address": "adele@contoso.example"}}],
                "ccRecipients": [],
                "sentDateTime": "2026-11-20T08:59:53Z",
                "receivedDateTime": "2026-11-20T09:00:00Z",
                "internetMessageId": "<ABC@contoso.example>",
                "importance": "normal",
                "body": {"contentType": "text", "content": "Hi\nSee you"},
            }),
            Vec::new(),
        ));
        let text = String::from_utf8(rendered.entity.bytes()).unwrap();
        assert_eq!(
            text,
            "From: Megan Bowen <megan@contoso.example>\r\nTo: Adele Vance <adele@contoso.example>\r\nSubject: Lunch on Friday?\r\n\
             Date: Fri, 20 Nov 2026 08:59:53 +0000\r\nMessage-ID: <ABC@contoso.example>\r\n\
             Content-Type: text/plain; charset=\"utf-8\"\r\nContent-Transfer-Encoding: 7bit\r\nMIME-Version: 1.0\r\n\r\nHi\r\nSee you"
        );
        assert_eq!(rendered.envelope.reply_to, rendered.envelope.from);
        assert_eq!(internal_date("2026-11-02T09:00:00Z"), " 2-Nov-2026 09:00:00 +0000");
    }

    #[test]
    fn encodes_what_is_not_ascii_and_quotes_what_needs_it() {
        let rendered = render(&message(
            json!({
                "subject": "Café ☕ — déjà vu",
                "from": {"emailAddress": {"name": "Vance, Adele", "address": "adele@contoso.example"}},
                "toRecipients": [{"emailAddress": {"name": "Zoë", "address": "zoe@contoso.example"}}],
                "body": {"contentType": "html", "content": "<p>Crème brûlée</p>"},
            }),
            Vec::new(),
        ));
        let text = String::from_utf8(rendered.entity.bytes()).unwrap();
        assert!(text.contains("From: \"Vance, Adele\" <adele@contoso.example>\r\n"), "{text}");
        assert!(text.contains("To: =?utf-8?B?Wm/Dqw==?= <zoe@contoso.example>\r\n"), "{text}");
        assert!(text.contains("Subject: =?utf-8?B?"), "{text}");
        assert!(text.ends_with("quoted-printable\r\nMIME-Version: 1.0\r\n\r\n<p>Cr=C3=A8me br=C3=BBl=C3=A9e</p>"), "{text}");
        assert_eq!(decode_words(rendered.envelope.subject.as_deref().unwrap()), "Café ☕ — déjà vu");
        assert_eq!(rendered.envelope.from[0].envelope_parts(), (Some("Vance, Adele".into()), "adele".into(), "contoso.example".into()));
    }

    #[test]
    fn attachments_make_a_multipart_message() {
        let file = Attachment {
            id: "a".into(),
            name: "notes.txt".into(),
            content_type: "text/plain".into(),
            bytes: b"hello".to_vec(),
            is_inline: false,
            content_id: None,
            last_modified: String::new(),
        };
        let rendered = render(&message(json!({"subject": "s", "body": {"contentType": "text", "content": "see"}}), vec![file]));
        let entity = &rendered.entity;
        assert!(matches!(&entity.shape, Shape::Multipart { subtype: "mixed", parts, .. } if parts.len() == 2));
        assert!(entity.part(&[3]).is_none());
        assert_eq!(entity.part(&[1]).unwrap().body, b"see");
        assert_eq!(entity.part(&[2]).unwrap().body, b"aGVsbG8=");
        let parsed = parse(&entity.bytes());
        assert_eq!(parsed.props["body"], json!({"contentType": "text", "content": "see"}));
        assert_eq!(parsed.attachments[0].bytes, b"hello");
        assert_eq!(parsed.attachments[0].name, "notes.txt");
    }

    #[test]
    fn quoted_printable_keeps_lines_short_and_round_trips() {
        let long = "é".repeat(60);
        let encoded = quoted_printable(long.as_bytes());
        assert!(encoded.split(|&b| b == b'\n').all(|line| line.len() <= 77));
        assert_eq!(decode_quoted_printable(&encoded), long.as_bytes());
        assert_eq!(quoted_printable(b"a \r\nb"), b"a=20\r\nb");
    }

    #[test]
    fn reads_a_submitted_message() {
        let raw = "From: =?utf-8?q?Ad=C3=A8le?= <adele@contoso.example>\r\n\
                   To: \"Bowen, Megan\" <megan@contoso.example>, lynne@contoso.example (Lynne)\r\n\
                   Cc: Team: alex@contoso.example, Diego <diego@contoso.example>;\r\n\
                   Subject: =?utf-8?B?SGVsbG8s?=\r\n =?utf-8?B?IHfDtnJsZA==?=\r\n\
                   Message-ID: <1@host>\r\nImportance: High\r\n\
                   MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n\
                   preamble\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nplain\r\n\
                   --b1\r\nContent-Type: text/html; charset=\"utf-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
                   <p>caf=C3=A9 au =\r\nlait</p>\r\n--b1--\r\n";
        let parsed = parse(raw.as_bytes());
        assert_eq!(parsed.from, vec![Address { name: "Adèle".into(), address: "adele@contoso.example".into() }]);
        assert_eq!(parsed.props["subject"], "Hello, wörld");
        assert_eq!(parsed.props["body"], json!({"contentType": "html", "content": "<p>café au lait</p>"}));
        assert_eq!(parsed.props["internetMessageId"], "<1@host>");
        assert_eq!(parsed.props["importance"], "high");
        let to: Vec<&str> =
            parsed.props["toRecipients"].as_array().unwrap().iter().map(|r| r["emailAddress"]["address"].as_str().unwrap()).collect();
        assert_eq!(to, ["megan@contoso.example", "lynne@contoso.example"]);
        assert_eq!(parsed.props["toRecipients"][0]["emailAddress"]["name"], "Bowen, Megan");
        assert_eq!(parsed.props["ccRecipients"].as_array().unwrap().len(), 2);
        assert!(parsed.attachments.is_empty());
    }

    #[test]
    fn reads_base64_bodies_and_latin1() {
        let raw = b"Subject: =?iso-8859-1?Q?caf=E9?=\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: base64\r\n\r\nY2Fm6Q==\r\n";
        let parsed = parse(raw);
        assert_eq!(parsed.props["subject"], "café");
        assert_eq!(parsed.props["body"]["content"], "café");
        let (value, params) = split_parameters("attachment; filename*=utf-8''na%C3%AFve.txt; size=3");
        assert_eq!(value, "attachment");
        assert_eq!(params, vec![("filename".into(), "naïve.txt".into()), ("size".into(), "3".into())]);
    }
}
