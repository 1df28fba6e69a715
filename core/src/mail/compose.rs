//! Compose: reading the address fields a person types, and the draft Tern keeps so that
//! nothing typed is lost (docs/architecture.md, "Reliability").

use crate::graph::models::{BodyType, Recipient};
use crate::json::FromJson;
use serde::Serialize;
use serde_json::{json, Value};
use std::fmt;

/// Above this, an attachment goes through an upload session instead of the request body.
pub const INLINE_ATTACHMENT_LIMIT: u64 = 3 * 1024 * 1024;
/// Graph's largest upload-session chunk is 4 MB; 320 KiB multiples are the documented unit.
pub const UPLOAD_CHUNK: u64 = 10 * 320 * 1024;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddressProblem(pub String);

impl fmt::Display for AddressProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\u{201c}{}\u{201d} is not an e-mail address", self.0)
    }
}

/// A plausible mailbox address: one `@`, a non-empty local part, a dotted domain, no spaces
/// or angle brackets. Deliverability is the server's business.
pub fn is_address(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let clean = |part: &str| !part.is_empty() && !part.chars().any(|c| c.is_whitespace() || matches!(c, '<' | '>' | '@' | ',' | ';' | '"'));
    clean(local) && clean(domain) && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
}

/// Reads `a@x.example; Ada Lovelace <ada@x.example>, "Doe, Jo" <jo@x.example>` into
/// recipients, or names the first entry that is not an address.
pub fn parse_addresses(text: &str) -> Result<Vec<Recipient>, AddressProblem> {
    let mut recipients = Vec::new();
    for entry in split_entries(text) {
        let entry = entry.trim();
        if entry.is_empty() {
            continue;
        }
        let (name, address) = match (entry.rfind('<'), entry.ends_with('>')) {
            (Some(open), true) => (entry[..open].trim().trim_matches('"').trim(), entry[open + 1..entry.len() - 1].trim()),
            _ => ("", entry),
        };
        if !is_address(address) {
            return Err(AddressProblem(entry.to_owned()));
        }
        recipients.push(Recipient::new(name, address));
    }
    Ok(recipients)
}

/// Splits on `,` and `;` outside double quotes.
fn split_entries(text: &str) -> Vec<&str> {
    let mut entries = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (index, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' | ';' if !quoted => {
                entries.push(&text[start..index]);
                start = index + 1;
            }
            _ => {}
        }
    }
    entries.push(&text[start..]);
    entries
}

/// What a draft answers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, FromJson)]
pub enum DraftKind {
    #[default]
    New,
    Reply(String),
    ReplyAll(String),
    Forward(String),
}

/// A message being written, as Tern keeps it in the tab between keystrokes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, FromJson)]
#[serde(default)]
pub struct Draft {
    /// The server draft's id once one exists.
    pub server_id: Option<String>,
    pub kind: DraftKind,
    pub to: String,
    pub cc: String,
    pub bcc: String,
    pub subject: String,
    pub body: String,
    /// The original message as Graph quoted it in a reply or forward draft (HTML). It is
    /// sent back to Graph below what the person typed and never put into Tern's own page.
    pub quoted_html: String,
    /// Files already on the server draft, as `(name, size)`.
    pub attached: Vec<(String, u64)>,
    /// Whether the person has changed anything since the last server save.
    pub dirty: bool,
    /// Set once Send was pressed, so a reload or a retry never sends twice.
    pub sending: bool,
}

impl Draft {
    /// The message fields Graph takes for `POST /me/messages` and `PATCH` of a draft, or
    /// the first address that is wrong. Addresses may still be half typed while saving, so
    /// `strict` is only asked for at Send.
    pub fn to_graph(&self, strict: bool) -> Result<Value, AddressProblem> {
        let field = |text: &str| match parse_addresses(text) {
            Ok(list) => Ok(list),
            Err(problem) if strict => Err(problem),
            Err(_) => Ok(split_entries(text).into_iter().filter_map(|entry| parse_addresses(entry).ok()).flatten().collect()),
        };
        let body = if self.quoted_html.is_empty() {
            json!({"contentType": BodyType::Text, "content": self.body})
        } else {
            let typed = escape_html(&self.body).replace('\n', "<br>");
            json!({"contentType": BodyType::Html, "content": format!("<div>{typed}</div>{}", self.quoted_html)})
        };
        Ok(json!({
            "subject": self.subject,
            "body": body,
            "toRecipients": field(&self.to)?,
            "ccRecipients": field(&self.cc)?,
            "bccRecipients": field(&self.bcc)?,
        }))
    }

    /// Send refuses a message with nobody to send it to.
    pub fn check_sendable(&self) -> Result<(), AddressProblem> {
        let message = self.to_graph(true)?;
        let count = ["toRecipients", "ccRecipients", "bccRecipients"]
            .iter()
            .map(|field| message[field].as_array().map_or(0, Vec::len))
            .sum::<usize>();
        if count == 0 {
            return Err(AddressProblem(String::new()));
        }
        Ok(())
    }
}

/// Recipients as the address fields show them: `Name <address>, …`.
pub fn address_text(recipients: &[Recipient]) -> String {
    recipients
        .iter()
        .filter_map(|recipient| {
            let address = recipient.email_address.address.as_deref()?;
            Some(match recipient.email_address.name.as_deref().filter(|name| !name.is_empty() && *name != address) {
                Some(name) if name.contains([',', ';', '"']) => format!("\"{}\" <{address}>", name.replace('"', "")),
                Some(name) => format!("{name} <{address}>"),
                None => address.to_owned(),
            })
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The part of an address field after the last separator: what a suggestion completes.
pub fn last_entry(text: &str) -> &str {
    split_entries(text).last().map_or("", |entry| entry.trim_start())
}

/// The field with its last, half-typed entry replaced by `choice`, ready for the next one.
pub fn complete_last(text: &str, choice: &str) -> String {
    let keep = text.rfind([',', ';']).map_or("", |at| &text[..=at]);
    let keep = keep.trim_end();
    if keep.is_empty() {
        format!("{choice}, ")
    } else {
        format!("{keep} {choice}, ")
    }
}

/// Text made safe to place in HTML.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// An attachment's bytes as Graph's `contentBytes` (standard base64).
pub fn content_bytes(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The next `PUT` of an upload session, `(start, end_inclusive)`, from the ranges the
/// server says it still expects: `None` once it expects nothing. Outlook writes a range as
/// `"2097152"`, Graph's documentation as `"2097152-"` or `"0-1023"`; a server that asks to
/// go back (it lost a chunk) is followed, so a resumed upload sends each byte it lacks.
pub fn next_upload_chunk(expected: &[String], size: u64) -> Result<Option<(u64, u64)>, UploadRangeProblem> {
    let Some(first) = expected.first() else {
        return Ok(None);
    };
    let problem = || UploadRangeProblem(first.clone());
    let (start, end) = match first.trim().split_once('-') {
        Some((start, "")) => (start.parse::<u64>().map_err(|_| problem())?, size.saturating_sub(1)),
        Some((start, end)) => (start.parse::<u64>().map_err(|_| problem())?, end.parse::<u64>().map_err(|_| problem())?),
        None => (first.trim().parse::<u64>().map_err(|_| problem())?, size.saturating_sub(1)),
    };
    if start >= size || end < start {
        return Err(problem());
    }
    Ok(Some((start, end.min(size - 1).min(start + UPLOAD_CHUNK - 1))))
}

/// A range in an upload session's answer that is not one of the file's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadRangeProblem(pub String);

impl fmt::Display for UploadRangeProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the upload server expects the range \u{201c}{}\u{201d}, which is not in the file", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_typed_address_lists() {
        let list = parse_addresses("a@x.example; Ada Lovelace <ada@x.example>, \"Doe, Jo\" <jo@x.example>;").unwrap();
        let addresses: Vec<(&str, &str)> = list
            .iter()
            .map(|r| (r.email_address.name.as_deref().unwrap_or(""), r.email_address.address.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(addresses, [("", "a@x.example"), ("Ada Lovelace", "ada@x.example"), ("Doe, Jo", "jo@x.example")]);
        assert_eq!(parse_addresses("  "), Ok(vec![]));
        assert_eq!(parse_addresses("ok@x.example, nope"), Err(AddressProblem("nope".into())));
        for bad in ["a@b", "@x.example", "a b@x.example", "a@x.example.", "a@@x.example", "<a@x.example"] {
            assert!(parse_addresses(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn drafts_keep_half_typed_addresses_out_until_send() {
        let draft = Draft { to: "ada@x.example, ad".into(), subject: "Hi".into(), body: "Text".into(), ..Draft::default() };
        let saved = draft.to_graph(false).unwrap();
        assert_eq!(saved["toRecipients"][0]["emailAddress"]["address"], "ada@x.example");
        assert_eq!(saved["toRecipients"].as_array().unwrap().len(), 1);
        assert_eq!(saved["body"]["contentType"], "text");
        assert!(draft.to_graph(true).is_err());
        assert!(draft.check_sendable().is_err());
        assert!(Draft::default().check_sendable().is_err());
        let ready = Draft { bcc: "b@x.example".into(), ..Draft::default() };
        assert!(ready.check_sendable().is_ok());
    }

    #[test]
    fn replies_put_what_was_typed_above_the_quote_escaped() {
        let draft = Draft { body: "<b>hi</b>\nthere".into(), quoted_html: "<blockquote>orig</blockquote>".into(), ..Draft::default() };
        let message = draft.to_graph(false).unwrap();
        assert_eq!(message["body"]["contentType"], "html");
        assert_eq!(message["body"]["content"], "<div>&lt;b&gt;hi&lt;/b&gt;<br>there</div><blockquote>orig</blockquote>");
        assert_eq!(content_bytes(b"hello"), "aGVsbG8=");
    }

    #[test]
    fn address_fields_round_trip_and_complete() {
        let list =
            vec![Recipient::new("Doe, Jo", "jo@x.example"), Recipient::new("", "a@x.example"), Recipient::new("Ada", "ada@x.example")];
        let text = address_text(&list);
        assert_eq!(text, "\"Doe, Jo\" <jo@x.example>, a@x.example, Ada <ada@x.example>");
        assert_eq!(parse_addresses(&text).unwrap(), list);
        assert_eq!(last_entry("a@x.example, me"), "me");
        assert_eq!(last_entry("me"), "me");
        assert_eq!(complete_last("a@x.example, me", "Megan <megan@x.example>"), "a@x.example, Megan <megan@x.example>, ");
        assert_eq!(complete_last("me", "megan@x.example"), "megan@x.example, ");
    }

    #[test]
    fn drafts_survive_a_round_trip_through_storage() {
        let draft = Draft {
            kind: DraftKind::Reply("m1".into()),
            server_id: Some("d1".into()),
            body: "typed".into(),
            dirty: true,
            ..Draft::default()
        };
        let stored = serde_json::to_string(&draft).unwrap();
        assert_eq!(crate::json::from_str::<Draft>(&stored).unwrap(), draft);
        assert_eq!(crate::json::from_str::<Draft>("{}").unwrap(), Draft::default());
    }

    #[test]
    fn uploads_follow_the_ranges_the_server_expects_in_either_spelling() {
        let ranges = |list: &[&str]| list.iter().map(|r| r.to_string()).collect::<Vec<_>>();
        let size = UPLOAD_CHUNK * 2 + 1;
        assert_eq!(next_upload_chunk(&ranges(&["0-"]), size), Ok(Some((0, UPLOAD_CHUNK - 1))));
        assert_eq!(next_upload_chunk(&ranges(&[&UPLOAD_CHUNK.to_string()]), size), Ok(Some((UPLOAD_CHUNK, 2 * UPLOAD_CHUNK - 1))));
        assert_eq!(next_upload_chunk(&ranges(&[&format!("{}-", 2 * UPLOAD_CHUNK)]), size), Ok(Some((2 * UPLOAD_CHUNK, 2 * UPLOAD_CHUNK))));
        assert_eq!(next_upload_chunk(&ranges(&["10-19", "40-"]), size), Ok(Some((10, 19))), "a gap is filled first");
        assert_eq!(next_upload_chunk(&ranges(&["0-"]), 10), Ok(Some((0, 9))));
        assert_eq!(next_upload_chunk(&[], size), Ok(None));
        for bad in ["", "x-", "5-2", &size.to_string(), "-5"] {
            assert_eq!(next_upload_chunk(&ranges(&[bad]), size), Err(UploadRangeProblem(bad.to_string())), "{bad}");
        }
        const { assert!(UPLOAD_CHUNK <= 4 * 1024 * 1024 && UPLOAD_CHUNK.is_multiple_of(320 * 1024)) };
    }
}
