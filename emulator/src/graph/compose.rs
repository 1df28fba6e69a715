//! Writing mail: drafts (`POST …/messages`), `send`, `sendMail`, and the reply and forward
//! actions, each `create…` one giving a draft (201) and the others sending at once (202).
//! Sent mail goes to Sent Items with a new id, and a copy reaches the inbox of every
//! recipient who is a user of this emulator.

use super::mail::{ctx, read_body, single, Ctx, Need};
use super::odata::MESSAGE_PROPERTIES;
use super::store::{attachment_from_graph, body_preview, Attachment, Mailbox, Message};
use super::with_graph_headers;
use crate::identity::random;
use crate::TENANT_DOMAIN;
use crate::{Shared, State as AppState};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

type Params = Path<HashMap<String, String>>;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Reply,
    ReplyAll,
    Forward,
}

fn accepted(ctx: &Ctx) -> Response {
    with_graph_headers(StatusCode::ACCEPTED.into_response(), &ctx.call.request_id, &ctx.call.client_request_id)
}

fn no_recipients(ctx: &Ctx) -> Response {
    ctx.fail(
        StatusCode::BAD_REQUEST,
        "ErrorInvalidRecipients",
        "At least one recipient isn't valid., A message can't be sent because it contains no recipients.",
    )
}

/// The local part of the address Exchange Online sends non-delivery reports from.
const NDR_SENDER: &str = "MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e";

/// `{"emailAddress":{"name","address"}}` for the mailbox's owner.
fn owner_address(state: &AppState, owner: &str) -> Value {
    let name = state.identity().user_by_upn(owner).map(|u| u.name.clone()).unwrap_or_else(|| owner.to_owned());
    json!({"emailAddress": {"name": name, "address": owner}})
}

fn address_of(recipient: &Value) -> String {
    recipient["emailAddress"]["address"].as_str().unwrap_or("").to_ascii_lowercase()
}

fn recipients(props: &Map<String, Value>, name: &str) -> Vec<Value> {
    props.get(name).and_then(Value::as_array).cloned().unwrap_or_default()
}

/// The properties a message given by the client sets, checked as Graph checks them, with
/// its `attachments` taken apart.
fn given_message(ctx: &Ctx, mut message: Map<String, Value>) -> Result<(Map<String, Value>, Vec<Value>), Response> {
    let attachments = match message.remove("attachments") {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    };
    message.retain(|name, _| !name.starts_with('@'));
    if let Some(name) = message.keys().find(|name| !MESSAGE_PROPERTIES.contains(&name.as_str())) {
        return Err(ctx.fail(
            StatusCode::BAD_REQUEST,
            "RequestBodyRead",
            &format!("The property '{name}' does not exist on type 'microsoft.graph.message'. Make sure to only use property names that are defined by the type or mark the type as open type."),
        ));
    }
    for owned in ["id", "parentFolderId", "changeKey"] {
        message.remove(owned);
    }
    Ok((message, attachments))
}

/// A new draft's properties, as Exchange fills them in, with `given` on top.
pub(crate) fn new_draft(state: &AppState, given: Map<String, Value>) -> Map<String, Value> {
    let now = state.identity().now().rfc3339();
    let mut props = json!({
        "createdDateTime": now,
        "lastModifiedDateTime": now,
        "categories": [],
        "receivedDateTime": now,
        "sentDateTime": now,
        "internetMessageId": format!("<{}@contoso.example>", random::token::<12>()),
        "subject": "",
        "importance": "normal",
        "conversationId": format!("AAQkAD{}=", random::token::<24>()),
        "isDeliveryReceiptRequested": false,
        "isReadReceiptRequested": false,
        "isRead": true,
        "isDraft": true,
        "inferenceClassification": "focused",
        "body": {"contentType": "text", "content": ""},
        "toRecipients": [],
        "ccRecipients": [],
        "bccRecipients": [],
        "replyTo": [],
        "flag": {"flagStatus": "notFlagged"},
    })
    .as_object()
    .cloned()
    .unwrap_or_default();
    props.extend(given);
    props.insert("bodyPreview".into(), Value::from(body_preview(&props["body"])));
    props
}

fn parse_attachments(ctx: &Ctx, mailbox: &mut Mailbox, items: &[Value]) -> Result<Vec<Attachment>, Response> {
    items
        .iter()
        .map(|item| attachment_from_graph(mailbox, item).map_err(|message| ctx.fail(StatusCode::BAD_REQUEST, "RequestBodyRead", &message)))
        .collect()
}

/// `POST …/messages` and `POST …/mailFolders/{id}/messages`: a draft, 201.
pub async fn create(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    let ctx = ctx!(state, headers, params, Need::Write);
    let given = match read_body(&ctx, &body).and_then(|message| given_message(&ctx, message)) {
        Ok(given) => given,
        Err(response) => return response,
    };
    let (props, attachments) = given;
    let folder = params.get("folder").cloned().unwrap_or_else(|| "drafts".into());
    let created = ctx.with_mailbox(|mailbox| {
        let folder_id = mailbox.folder(&folder).map(|f| f.id.clone()).ok_or_else(|| ctx.unknown_id(&folder))?;
        let attachments = parse_attachments(&ctx, mailbox, &attachments)?;
        Ok::<_, Response>(mailbox.insert(&folder_id, new_draft(&ctx.state, props), attachments))
    });
    match created {
        Ok(id) => single(&ctx, StatusCode::CREATED, &id, None),
        Err(response) => response,
    }
}

/// Sends the message to everyone it names.
fn deliver(ctx: &Ctx, props: Map<String, Value>, attachments: Vec<Attachment>, save: bool) {
    let addresses: Vec<String> = ["toRecipients", "ccRecipients", "bccRecipients"]
        .iter()
        .flat_map(|name| recipients(&props, name))
        .map(|r| address_of(&r))
        .collect();
    deliver_to(&ctx.state, &ctx.owner, props, attachments, addresses, save);
}

/// Sends the message from `owner`'s mailbox to `addresses` (Graph's send actions name them
/// in the message; SMTP in the envelope): a copy to the inbox of every one with a mailbox
/// here, and the sent form to Sent Items when `save`.
pub(crate) fn deliver_to(
    state: &AppState,
    owner: &str,
    mut props: Map<String, Value>,
    attachments: Vec<Attachment>,
    mut addresses: Vec<String>,
    save: bool,
) {
    let now = state.identity().now().rfc3339();
    for (name, value) in [
        ("isDraft", Value::Bool(false)),
        ("sentDateTime", Value::from(now.clone())),
        ("receivedDateTime", Value::from(now.clone())),
        ("lastModifiedDateTime", Value::from(now)),
    ] {
        props.insert(name.into(), value);
    }
    props.insert("from".into(), owner_address(state, owner));
    props.insert("sender".into(), owner_address(state, owner));
    let mut mail = state.mail.lock().expect("mail lock");
    for address in &mut addresses {
        address.make_ascii_lowercase();
    }
    addresses.sort();
    addresses.dedup();
    let mut unknown = Vec::new();
    for address in addresses {
        let Some(inbox) = mail.mailbox_mut(&address) else {
            if address.ends_with(&format!("@{TENANT_DOMAIN}")) {
                unknown.push(address);
            }
            continue;
        };
        let inbox_id = inbox.folder("inbox").map(|f| f.id.clone()).expect("every mailbox has an inbox");
        let mut copy = props.clone();
        copy.insert("isRead".into(), Value::Bool(false));
        let sender = props["from"]["emailAddress"]["address"].as_str().unwrap_or_default();
        copy.insert("inferenceClassification".into(), Value::from(inbox.classification_of(sender)));
        copy.insert("bccRecipients".into(), json!([]));
        let copied: Vec<Attachment> = attachments.iter().map(|a| Attachment { id: inbox.new_attachment_id(), ..a.clone() }).collect();
        inbox.insert(&inbox_id, copy, copied);
    }
    let report = (!unknown.is_empty()).then(|| non_delivery_report(state, owner, &props, &unknown));
    let own = mail.mailbox_mut(owner).expect("every user has a mailbox");
    if let Some(report) = report {
        let inbox = own.folder("inbox").map(|f| f.id.clone()).expect("every mailbox has an inbox");
        own.insert(&inbox, report, Vec::new());
    }
    if save {
        let sent = own.folder("sentitems").map(|f| f.id.clone()).expect("every mailbox has Sent Items");
        own.insert(&sent, props, attachments);
    }
}

/// What Exchange puts in the sender's inbox when recipients in its own organisation do not
/// exist: `send` itself succeeded (emulator/FIDELITY.md, "Sending").
fn non_delivery_report(state: &AppState, owner: &str, sent: &Map<String, Value>, unknown: &[String]) -> Map<String, Value> {
    let subject = sent.get("subject").and_then(Value::as_str).unwrap_or_default();
    let who = unknown.join(", ");
    let lines: String = unknown.iter().map(|address| format!("<p>{address} wasn't found at {TENANT_DOMAIN}.</p>")).collect();
    let html = format!("<p><b>Your message to {who} couldn't be delivered.</b></p>{lines}");
    let postmaster = json!({"emailAddress": {"name": "Microsoft Outlook", "address": format!("{NDR_SENDER}@{TENANT_DOMAIN}")}});
    let mut report = sent.clone();
    for (name, value) in [
        ("subject", Value::from(format!("Undeliverable: {subject}"))),
        ("from", postmaster.clone()),
        ("sender", postmaster),
        ("toRecipients", json!([owner_address(state, owner)])),
        ("ccRecipients", json!([])),
        ("bccRecipients", json!([])),
        ("replyTo", json!([])),
        ("body", json!({"contentType": "html", "content": html})),
        ("bodyPreview", Value::from(format!("Your message to {who} couldn't be delivered."))),
        ("importance", Value::from("normal")),
        ("isRead", Value::Bool(false)),
        ("hasAttachments", Value::Bool(false)),
    ] {
        report.insert(name.into(), value);
    }
    report
}

fn has_recipients(props: &Map<String, Value>) -> bool {
    ["toRecipients", "ccRecipients", "bccRecipients"].iter().any(|name| !recipients(props, name).is_empty())
}

/// `POST …/messages/{id}/send`: 202 at once; the draft leaves Drafts for Sent Items and
/// reaches its recipients then, or after the planned send delay, as Exchange does it
/// asynchronously (emulator/FIDELITY.md, "Sending").
pub async fn send(State(state): State<Shared>, Path(params): Params, headers: HeaderMap) -> Response {
    let ctx = ctx!(state, headers, params, Need::Send);
    let id = &params["message"];
    let Some(draft) = ctx.with_mailbox(|mailbox| mailbox.message(id).cloned()) else {
        return ctx.unknown_id(id);
    };
    if !draft.flag("isDraft") {
        return ctx.fail(StatusCode::BAD_REQUEST, "ErrorInvalidOperation", "Only a draft can be sent.");
    }
    if !has_recipients(&draft.props) {
        return no_recipients(&ctx);
    }
    let delay = ctx.state.graph_faults.plan().send_delay_ms;
    let answer = accepted(&ctx);
    let id = id.clone();
    let file = move |ctx: Ctx| {
        ctx.with_mailbox(|mailbox| mailbox.remove(&id));
        deliver(&ctx, draft.props, draft.attachments, true);
    };
    if delay == 0 {
        file(ctx);
    } else {
        tokio::spawn(async move {
            tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
            file(ctx);
        });
    }
    answer
}

/// `POST …/sendMail` `{"message", "saveToSentItems"}`: sent without a draft, 202.
pub async fn send_mail(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    let ctx = ctx!(state, headers, params, Need::Send);
    let request = match read_body(&ctx, &body) {
        Ok(request) => request,
        Err(response) => return response,
    };
    let Some(Value::Object(message)) = request.get("message").cloned() else {
        return ctx.fail(StatusCode::BAD_REQUEST, "ErrorInvalidParameter", "The value of the parameter 'Message' is empty.");
    };
    let (props, attachments) = match given_message(&ctx, message) {
        Ok(given) => given,
        Err(response) => return response,
    };
    let save = request.get("saveToSentItems").and_then(Value::as_bool).unwrap_or(true);
    let props = new_draft(&ctx.state, props);
    if !has_recipients(&props) {
        return no_recipients(&ctx);
    }
    let attachments = match ctx.with_mailbox(|mailbox| parse_attachments(&ctx, mailbox, &attachments)) {
        Ok(attachments) => attachments,
        Err(response) => return response,
    };
    deliver(&ctx, props, attachments, save);
    accepted(&ctx)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The original's body as HTML to quote: the inside of its `<body>`, or its text escaped.
fn quotable(body: &Value) -> String {
    let content = body["content"].as_str().unwrap_or("");
    if body["contentType"] != "html" {
        return escape(content).replace("\r\n", "<br>").replace('\n', "<br>");
    }
    let lower = content.to_ascii_lowercase();
    let start = lower.find("<body").and_then(|at| lower[at..].find('>').map(|end| at + end + 1)).unwrap_or(0);
    let end = lower.rfind("</body>").filter(|end| *end >= start).unwrap_or(content.len());
    content[start..end].to_owned()
}

fn names(list: &[Value]) -> String {
    list.iter()
        .map(|r| r["emailAddress"]["name"].as_str().or(r["emailAddress"]["address"].as_str()).unwrap_or("").to_owned())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Outlook's reply body: the comment, a rule, the original's header lines, its body.
fn quoted_body(comment: &str, original: &Message) -> Value {
    let from = &original.props.get("from").cloned().unwrap_or(Value::Null)["emailAddress"];
    let header = format!(
        "<b>From:</b> {} &lt;{}&gt;<br><b>Sent:</b> {}<br><b>To:</b> {}<br>{}<b>Subject:</b> {}",
        escape(from["name"].as_str().unwrap_or("")),
        escape(from["address"].as_str().unwrap_or("")),
        original.value("sentDateTime").as_str().unwrap_or(""),
        escape(&names(&recipients(&original.props, "toRecipients"))),
        match recipients(&original.props, "ccRecipients") {
            cc if cc.is_empty() => String::new(),
            cc => format!("<b>Cc:</b> {}<br>", escape(&names(&cc))),
        },
        escape(original.value("subject").as_str().unwrap_or("")),
    );
    let content = format!(
        "<html>\r\n<head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\r\n</head>\r\n<body>\r\n<div>{}</div>\r\n<hr style=\"display:inline-block;width:98%\" tabindex=\"-1\">\r\n<div id=\"divRplyFwdMsg\" dir=\"ltr\"><font face=\"Calibri, sans-serif\" style=\"font-size:11pt\" color=\"#000000\">{header}</font>\r\n<div>&nbsp;</div>\r\n</div>\r\n{}\r\n</body>\r\n</html>\r\n",
        escape(comment).replace('\n', "<br>"),
        quotable(&original.value("body")),
    );
    json!({"contentType": "html", "content": content})
}

fn prefixed(prefix: &str, subject: &str) -> String {
    if subject.len() >= prefix.len() && subject[..prefix.len()].eq_ignore_ascii_case(prefix) {
        subject.to_owned()
    } else {
        format!("{prefix}{subject}")
    }
}

/// The reply or forward draft for `original`, as Outlook prepares it.
fn answer_to(ctx: &Ctx, kind: Kind, original: &Message, request: &Map<String, Value>) -> Result<(Map<String, Value>, bool), Response> {
    let me = ctx.owner.to_ascii_lowercase();
    let not_me = |list: Vec<Value>| list.into_iter().filter(|r| address_of(r) != me).collect::<Vec<_>>();
    let reply_to = match recipients(&original.props, "replyTo") {
        list if list.is_empty() => original.props.get("from").cloned().into_iter().collect(),
        list => list,
    };
    let (subject, to, cc) = match kind {
        Kind::Reply => (prefixed("RE: ", original.value("subject").as_str().unwrap_or("")), reply_to, Vec::new()),
        Kind::ReplyAll => {
            let mut to = reply_to;
            to.extend(not_me(recipients(&original.props, "toRecipients")));
            (prefixed("RE: ", original.value("subject").as_str().unwrap_or("")), to, not_me(recipients(&original.props, "ccRecipients")))
        }
        Kind::Forward => {
            (prefixed("FW: ", original.value("subject").as_str().unwrap_or("")), recipients(request, "toRecipients"), Vec::new())
        }
    };
    let comment = request.get("comment").and_then(Value::as_str).unwrap_or("");
    let mut props = Map::new();
    props.insert("subject".into(), Value::from(subject));
    props.insert("toRecipients".into(), Value::from(to));
    props.insert("ccRecipients".into(), Value::from(cc));
    props.insert("from".into(), owner_address(&ctx.state, &ctx.owner));
    props.insert("sender".into(), owner_address(&ctx.state, &ctx.owner));
    props.insert("conversationId".into(), original.value("conversationId"));
    let given = match request.get("message").cloned() {
        Some(Value::Object(message)) => given_message(ctx, message)?.0,
        _ => Map::new(),
    };
    // Graph takes the reply's text from `comment` or from `message.body`, never both
    // (emulator/FIDELITY.md, "Replies and forwards").
    if !comment.is_empty() && given.contains_key("body") {
        return Err(ctx.fail(
            StatusCode::BAD_REQUEST,
            "ErrorInvalidRequest",
            "The request cannot specify both the 'Comment' parameter and the 'Body' property of the message.",
        ));
    }
    let own_body = given.get("body").map(quotable).unwrap_or_default();
    let lead = if own_body.is_empty() { comment.to_owned() } else { own_body };
    props.extend(given);
    props.insert("body".into(), quoted_body(&lead, original));
    Ok((new_draft(&ctx.state, props), kind == Kind::Forward))
}

async fn answer(state: Shared, params: HashMap<String, String>, headers: HeaderMap, body: String, kind: Kind, send_now: bool) -> Response {
    let ctx = ctx!(state, headers, params, if send_now { Need::Send } else { Need::Write });
    let request = if body.trim().is_empty() { Ok(Map::new()) } else { read_body(&ctx, &body) };
    let request = match request {
        Ok(request) => request,
        Err(response) => return response,
    };
    let id = &params["message"];
    let Some(original) = ctx.with_mailbox(|mailbox| mailbox.message(id).cloned()) else {
        return ctx.unknown_id(id);
    };
    let (props, with_attachments) = match answer_to(&ctx, kind, &original, &request) {
        Ok(draft) => draft,
        Err(response) => return response,
    };
    let attachments = if with_attachments {
        original.attachments.clone()
    } else {
        original.attachments.iter().filter(|a| a.is_inline).cloned().collect()
    };
    if send_now {
        if !has_recipients(&props) {
            return no_recipients(&ctx);
        }
        deliver(&ctx, props, attachments, true);
        return accepted(&ctx);
    }
    let id = ctx.with_mailbox(|mailbox| {
        let drafts = mailbox.folder("drafts").map(|f| f.id.clone()).expect("every mailbox has Drafts");
        let attachments = attachments.into_iter().map(|a| Attachment { id: mailbox.new_attachment_id(), ..a }).collect();
        mailbox.insert(&drafts, props, attachments)
    });
    single(&ctx, StatusCode::CREATED, &id, None)
}

pub async fn create_reply(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    answer(state, params, headers, body, Kind::Reply, false).await
}

pub async fn create_reply_all(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    answer(state, params, headers, body, Kind::ReplyAll, false).await
}

pub async fn create_forward(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    answer(state, params, headers, body, Kind::Forward, false).await
}

pub async fn reply(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    answer(state, params, headers, body, Kind::Reply, true).await
}

pub async fn reply_all(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    answer(state, params, headers, body, Kind::ReplyAll, true).await
}

pub async fn forward(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    answer(state, params, headers, body, Kind::Forward, true).await
}
