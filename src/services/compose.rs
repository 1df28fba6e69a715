//! The draft being written: kept in the tab on every keystroke and as a server draft soon
//! after, so a reload, an expired token, a new sign-in or a dropped network loses nothing;
//! sent once, however often Send is pressed (DESIGN.md section 6).

use super::graph::{GraphFailure, Outgoing};
use super::mail::Mail;
use crate::browser::http;
use serde_json::{json, Value};
use tern_core::graph::models::{BodyType, Message, UploadSession};
use tern_core::mail::compose::{address_text, content_bytes, escape_html, upload_chunks, Draft, DraftKind, INLINE_ATTACHMENT_LIMIT};
use tern_core::percent::encode_segment;

const DRAFT_KEY: &str = "draft";

pub fn stored(mail: Mail) -> Option<Draft> {
    mail.graph().auth().account_item(DRAFT_KEY)
}

/// Keeps the draft in the tab. Returns whether that worked (storage can be full).
pub fn keep(mail: Mail, draft: &Draft) -> bool {
    mail.graph().auth().keep_account_item(DRAFT_KEY, draft).is_ok()
}

pub fn forget(mail: Mail) {
    mail.graph().auth().forget_account_item(DRAFT_KEY);
}

fn message_path(mail: Mail, id: &str) -> String {
    format!("{}/messages/{}", mail.mailbox(), encode_segment(id))
}

/// A new draft, or one answering a message: Graph writes the reply's recipients, subject
/// and quoted original into a server draft, which the person then types above.
pub async fn begin(mail: Mail, kind: DraftKind) -> Result<Draft, GraphFailure> {
    let action = match &kind {
        DraftKind::New => return Ok(Draft::default()),
        DraftKind::Reply(id) => (id, "createReply"),
        DraftKind::ReplyAll(id) => (id, "createReplyAll"),
        DraftKind::Forward(id) => (id, "createForward"),
    };
    let path = format!("{}/{}", message_path(mail, action.0), action.1);
    let created: Message = mail.graph().send_json(&path, Outgoing { method: "POST", body: Some("{}"), prefer: &[] }).await?;
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
pub async fn save(mail: Mail, draft: &mut Draft) -> Result<(), GraphFailure> {
    let fields = draft.to_graph(false).unwrap_or(Value::Null).to_string();
    match &draft.server_id {
        Some(id) => {
            mail.graph().send(&message_path(mail, id), Outgoing { method: "PATCH", body: Some(&fields), prefer: &[] }).await?;
        }
        None => {
            let path = format!("{}/messages", mail.mailbox());
            let created: Message = mail.graph().send_json(&path, Outgoing { method: "POST", body: Some(&fields), prefer: &[] }).await?;
            draft.server_id = Some(created.id);
        }
    }
    draft.dirty = false;
    Ok(())
}

/// Sends the saved draft. A draft that is gone from the server was already sent (a
/// reload or retry after a lost answer), so it is not sent again.
pub async fn send(mail: Mail, draft: &mut Draft) -> Result<(), GraphFailure> {
    save(mail, draft).await?;
    let Some(id) = draft.server_id.clone() else {
        return Ok(());
    };
    mail.graph().post(&format!("{}/send", message_path(mail, &id)), &json!({})).await
}

/// After a reload in the middle of sending: whether the server draft still exists.
pub async fn still_a_draft(mail: Mail, id: &str) -> bool {
    let path = format!("{}?$select=id,isDraft", message_path(mail, id));
    match mail.graph().get_json::<Message>(&path).await {
        Ok(message) => message.is_draft,
        Err(GraphFailure::Graph(error)) if error.status == 404 => false,
        Err(_) => true,
    }
}

/// Attaches a file to the server draft: in the request when small, through an upload
/// session in chunks when large. `progress` hears the bytes sent so far.
pub async fn attach(mail: Mail, draft_id: &str, file: &web_sys::File, progress: impl Fn(u64)) -> Result<(), GraphFailure> {
    let size = file.size() as u64;
    let name = file.name();
    let content_type = Some(file.type_()).filter(|kind| !kind.is_empty()).unwrap_or_else(|| "application/octet-stream".into());
    let path = format!("{}/attachments", message_path(mail, draft_id));
    if size < INLINE_ATTACHMENT_LIMIT {
        let bytes = http::bytes_of(file).await.map_err(GraphFailure::Network)?;
        let body = json!({
            "@odata.type": "#microsoft.graph.fileAttachment",
            "name": name,
            "contentType": content_type,
            "contentBytes": content_bytes(&bytes),
        });
        mail.graph().post(&path, &body).await?;
        progress(size);
        return Ok(());
    }
    let request = json!({ "AttachmentItem": { "attachmentType": "file", "name": name, "size": size, "contentType": content_type } }).to_string();
    let session: UploadSession = mail
        .graph()
        .send_json(&format!("{path}/createUploadSession"), Outgoing { method: "POST", body: Some(&request), prefer: &[] })
        .await?;
    for (start, end) in upload_chunks(size) {
        let chunk = file.slice_with_f64_and_f64(start as f64, (end + 1) as f64).map_err(|error| GraphFailure::Network(crate::browser::js_error_message(&error)))?;
        let range = format!("bytes {start}-{end}/{size}");
        let answer = http::put_chunk(&session.upload_url, &chunk, &range).await.map_err(GraphFailure::Network)?;
        if !(200..300).contains(&answer.status) {
            return Err(GraphFailure::Graph(tern_core::graph::GraphError::from_response(answer.status, &answer.body, "")));
        }
        progress(end + 1);
    }
    Ok(())
}
