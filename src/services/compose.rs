//! The draft being written: kept in the tab on every keystroke and as a server draft soon
//! after, so a reload, an expired token, a new sign-in or a dropped network loses nothing;
//! sent once, however often Send is pressed (docs/architecture.md, "Reliability").

use super::graph::{Graph, GraphFailure};
use super::mail::Mail;
use crate::browser::{http, timer};
use leptos::prelude::*;
use serde_json::Value;
use tern_core::graph::models::{BodyType, Contact, EmailAddress, Message, UploadProgress, UploadSession};
use tern_core::graph::page::Page;
use tern_core::graph::requests::{self, Answer};
use tern_core::mail::compose::{
    address_text, content_bytes, escape_html, next_upload_chunk, Draft, DraftKind, INLINE_ATTACHMENT_LIMIT, UPLOAD_CHUNK,
};

/// How long Exchange may take to send a message it accepted; past this a draft still in
/// Drafts is taken as not sent (the request never reached it) and offered again.
const SEND_SETTLES_WITHIN_MS: f64 = 30_000.0;
const SENT_CHECK_EVERY_MS: u64 = 700;

/// The drafts of one mailbox of one account. It holds plain values, not the screen's
/// signals, so a send under way finishes, and files its outcome under the right account
/// and mailbox, even when the person has moved on or switched account meanwhile.
#[derive(Clone)]
pub struct Drafts {
    graph: Graph,
    account: String,
    /// `/me` or `/users/{address}`.
    mailbox: String,
    /// Where the draft is kept in the tab: one per mailbox, so a draft begun in a shared
    /// mailbox never comes back (and is never sent) in another.
    key: String,
}

impl Drafts {
    /// The drafts of the mailbox `mail` shows, for the account signed in now.
    pub fn for_mail(mail: Mail) -> Option<Drafts> {
        let graph = mail.graph();
        let account = graph.auth().active.get_untracked()?;
        let key = match mail.owner() {
            None => "draft".to_owned(),
            // A mailbox is named by its user principal name, which is ASCII.
            Some(owner) => format!("draft:{}", owner.to_ascii_lowercase()),
        };
        Some(Drafts { graph, account, mailbox: mail.mailbox(), key })
    }

    pub fn stored(&self) -> Option<Draft> {
        self.graph.auth().item_of(&self.account, &self.key)
    }

    /// Keeps the draft in the tab. Storage can be full or refused; the caller says so.
    pub fn keep(&self, draft: &Draft) -> Result<(), String> {
        self.graph.auth().keep_item_of(&self.account, &self.key, draft)
    }

    pub fn forget(&self) {
        self.graph.auth().forget_item_of(&self.account, &self.key);
    }

    /// A new draft, or one answering a message: Graph writes the reply's recipients,
    /// subject and quoted original into a server draft, which the person then types above.
    pub async fn begin(&self, kind: DraftKind) -> Result<Draft, GraphFailure> {
        let (id, answer) = match &kind {
            DraftKind::New => return Ok(Draft::default()),
            DraftKind::Reply(id) => (id, Answer::Reply),
            DraftKind::ReplyAll(id) => (id, Answer::ReplyAll),
            DraftKind::Forward(id) => (id, Answer::Forward),
        };
        let created: Message = self.graph.request_json(&requests::create_answer(&self.mailbox, id, answer)).await?;
        let quoted_html = match created.body {
            Some(body) if body.content_type == BodyType::Html => body.content,
            Some(body) => format!("<pre>{}</pre>", escape_html(&body.content)),
            None => String::new(),
        };
        Ok(Draft {
            server_id: Some(created.id),
            kind,
            to: address_text(&created.to_recipients),
            cc: address_text(&created.cc_recipients),
            subject: created.subject.unwrap_or_default(),
            quoted_html,
            ..Draft::default()
        })
    }

    /// Writes the draft to the server: created the first time, updated after.
    pub async fn save(&self, draft: &mut Draft) -> Result<(), GraphFailure> {
        let fields = draft.to_graph(false).unwrap_or(Value::Null);
        match &draft.server_id {
            Some(id) => self.graph.perform(&requests::update_draft(&self.mailbox, id, fields)).await?,
            None => {
                let created: Message = self.graph.request_json(&requests::create_draft(&self.mailbox, fields)).await?;
                draft.server_id = Some(created.id);
            }
        }
        draft.dirty = false;
        Ok(())
    }

    /// Saves the latest text, then sends the server draft, and returns once the message
    /// has left Drafts: Exchange answers `send` at once and sends later, and until then the
    /// draft is still there. Meanwhile the draft is kept in the tab marked as sending, with
    /// its server id, so a reload in between waits for it too instead of offering it again.
    pub async fn send(&self, draft: &mut Draft) -> Result<(), GraphFailure> {
        self.save(draft).await?;
        let Some(id) = draft.server_id.clone() else {
            return Ok(());
        };
        draft.sending = true;
        self.keep(draft).map_err(GraphFailure::Browser)?;
        match self.graph.perform(&requests::send_draft(&self.mailbox, &id)).await {
            Ok(()) => {
                self.wait_until_sent(&id).await;
                self.forget();
                Ok(())
            }
            Err(failure) => {
                draft.sending = false;
                // The failure is what the person must see; the copy in the tab is refreshed
                // at the next keystroke.
                let _ = self.keep(draft);
                Err(failure)
            }
        }
    }

    /// Forgets the draft in the tab and deletes the server draft, if one was made.
    pub async fn discard(&self, server_id: Option<String>) -> Result<(), GraphFailure> {
        self.forget();
        match server_id {
            Some(id) => self.graph.perform(&requests::delete_message(&self.mailbox, &id)).await,
            None => Ok(()),
        }
    }

    /// Waits, up to a bound, for a sent draft to leave Drafts; says whether it did.
    pub async fn wait_until_sent(&self, id: &str) -> bool {
        let started = js_sys::Date::now();
        loop {
            if !self.still_a_draft(id).await {
                return true;
            }
            if js_sys::Date::now() - started > SEND_SETTLES_WITHIN_MS {
                return false;
            }
            timer::sleep(SENT_CHECK_EVERY_MS).await;
        }
    }

    /// After a reload in the middle of sending: whether the server draft still exists.
    pub async fn still_a_draft(&self, id: &str) -> bool {
        match self.graph.request_json::<Message>(&requests::draft_state(&self.mailbox, id)).await {
            Ok(message) => message.is_draft,
            Err(GraphFailure::Graph(error)) if error.status == 404 => false,
            Err(_) => true,
        }
    }

    /// People to suggest as recipients: the mailbox's contacts.
    pub async fn contact_addresses(&self) -> Vec<EmailAddress> {
        let Ok(page) = self.graph.request_json::<Page<Contact>>(&requests::contact_addresses(&self.mailbox)).await else {
            return Vec::new();
        };
        let mut known = Vec::new();
        for contact in page.value {
            let label = contact.label();
            known.extend(
                contact
                    .email_addresses
                    .into_iter()
                    .map(|address| EmailAddress { name: address.name.or_else(|| Some(label.clone())), address: address.address }),
            );
        }
        known
    }

    /// Attaches a file to the server draft: in the request when small, through an upload
    /// session in chunks when large. `progress` hears the bytes sent so far.
    pub async fn attach(&self, draft_id: &str, file: &web_sys::File, progress: impl Fn(u64)) -> Result<(), GraphFailure> {
        let size = file.size() as u64;
        let name = file.name();
        let content_type = Some(file.type_()).filter(|kind| !kind.is_empty()).unwrap_or_else(|| "application/octet-stream".into());
        if size < INLINE_ATTACHMENT_LIMIT {
            let bytes = http::bytes_of(file).await.map_err(GraphFailure::Browser)?;
            self.graph.perform(&requests::attach_file(&self.mailbox, draft_id, &name, &content_type, &content_bytes(&bytes))).await?;
            progress(size);
            return Ok(());
        }
        let request = requests::attachment_upload_session(&self.mailbox, draft_id, &name, size, &content_type);
        let session: UploadSession = self.graph.request_json(&request).await?;
        let expected = if session.next_expected_ranges.is_empty() { vec!["0-".to_owned()] } else { session.next_expected_ranges };
        let mut next = next_upload_chunk(&expected, size).map_err(|problem| GraphFailure::Decode(problem.to_string()))?;
        // A server that lost a part asks for it again; one that never advances must not loop for ever.
        let mut puts_left = 2 * size.div_ceil(UPLOAD_CHUNK) + 2;
        let mut sent = 0;
        while let Some((start, end)) = next {
            let chunk = file
                .slice_with_f64_and_f64(start as f64, (end + 1) as f64)
                .map_err(|error| GraphFailure::Browser(crate::browser::js_error_message(&error)))?;
            let range = format!("bytes {start}-{end}/{size}");
            let answer = http::put_chunk(&session.upload_url, &chunk, &range).await.map_err(GraphFailure::Network)?;
            if !(200..300).contains(&answer.status) {
                return Err(GraphFailure::Graph(tern_core::graph::GraphError::from_response(answer.status, &answer.body, "")));
            }
            if answer.status == 201 || (answer.body.trim().is_empty() && end + 1 == size) {
                break;
            }
            let ranges: UploadProgress =
                tern_core::json::from_str(&answer.body).map_err(|error| GraphFailure::Decode(error.to_string()))?;
            next = next_upload_chunk(&ranges.next_expected_ranges, size).map_err(|problem| GraphFailure::Decode(problem.to_string()))?;
            puts_left -= 1;
            if next.is_some() && puts_left == 0 {
                return Err(GraphFailure::Decode("the upload server keeps asking for parts it was already sent".into()));
            }
            sent = sent.max(end + 1);
            progress(sent);
        }
        progress(size);
        Ok(())
    }
}
