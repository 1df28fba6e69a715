//! A message's file attachments: list, get, `$value`, add (under 3 MB, base64 in JSON),
//! delete, and upload sessions for larger files. As on Outlook, an upload URL is
//! pre-authenticated and on another host than Graph (`outlook.office.com`; here the
//! emulator's upload origin): it takes ordered `PUT`s of at most 4 MB with
//! `Content-Range`, refuses a request that carries `Authorization`, answers in the
//! PascalCase of the old Outlook REST API or in camelCase (both are seen live; sessions
//! here take turns), and the last `PUT`'s 201 carries a `Location` on that host.

use super::mail::{ctx, read_body, Ctx, Need};
use super::store::{attachment_from_graph, Attachment, Upload};
use super::with_graph_headers;
use crate::identity::random;
use crate::Shared;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// Largest attachment `POST …/attachments` takes; larger ones need an upload session.
pub const MAX_INLINE_BYTES: usize = 3 * 1024 * 1024;
/// Smallest attachment an upload session takes (Exchange's observed limit: 2 MiB).
pub const MIN_SESSION_BYTES: usize = 2 * 1024 * 1024;
/// Largest chunk one `PUT` to an upload URL may carry.
pub const MAX_CHUNK_BYTES: usize = 4 * 1024 * 1024;
/// What the routes read of a request body, above the limits they answer for themselves.
const BODY_LIMIT: usize = 8 * 1024 * 1024;
/// How long an upload session lives, in seconds.
const SESSION_SECONDS: i64 = 15 * 60;
const ATTACHMENT_PROPERTIES: &[&str] =
    &["id", "lastModifiedDateTime", "name", "contentType", "size", "isInline", "contentId", "contentLocation", "contentBytes"];

type Params = Path<HashMap<String, String>>;

pub fn routes() -> Router<Shared> {
    let mut router = Router::new();
    for prefix in ["/v1.0/me", "/v1.0/users/{user}"] {
        let base = format!("{prefix}/messages/{{message}}/attachments");
        router = router
            .route(&base, get(list).post(add).options(super::preflight).layer(DefaultBodyLimit::max(BODY_LIMIT)))
            .route(&format!("{base}/createUploadSession"), post(create_session).options(super::preflight))
            .route(&format!("{base}/{{attachment}}"), get(one).delete(remove).options(super::preflight))
            .route(&format!("{base}/{{attachment}}/$value"), get(raw).options(super::preflight));
    }
    router
}

/// The upload URLs: not Graph, so neither its token check nor its faults apply.
pub fn upload_routes() -> Router<Shared> {
    Router::new().route("/_upload/{token}", put(upload).options(upload_preflight).layer(DefaultBodyLimit::max(BODY_LIMIT)))
}

fn render(attachment: &Attachment, select: Option<&[String]>) -> Value {
    let mut out = Map::new();
    out.insert("@odata.type".into(), Value::from("#microsoft.graph.fileAttachment"));
    out.insert("@odata.mediaContentType".into(), Value::from(attachment.content_type.as_str()));
    let fields = json!({
        "id": attachment.id,
        "lastModifiedDateTime": attachment.last_modified,
        "name": attachment.name,
        "contentType": attachment.content_type,
        "size": attachment.bytes.len(),
        "isInline": attachment.is_inline,
        "contentId": attachment.content_id,
        "contentLocation": null,
        "contentBytes": STANDARD.encode(&attachment.bytes),
    });
    for (name, value) in fields.as_object().into_iter().flatten() {
        if name == "id" || select.is_none_or(|s| s.iter().any(|wanted| wanted.eq_ignore_ascii_case(name))) {
            out.insert(name.clone(), value.clone());
        }
    }
    Value::Object(out)
}

fn select(ctx: &Ctx, raw: Option<&str>) -> Result<Option<Vec<String>>, Response> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or("")).unwrap_or_default();
    let Some((_, value)) = pairs.iter().find(|(n, _)| n.eq_ignore_ascii_case("$select")) else {
        return Ok(None);
    };
    let names: Vec<String> = value.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect();
    match names.iter().find(|n| !ATTACHMENT_PROPERTIES.iter().any(|p| p.eq_ignore_ascii_case(n))) {
        Some(unknown) => Err(ctx.fail(
            StatusCode::BAD_REQUEST,
            "RequestBroker--ParseUri",
            &format!("Could not find a property named '{unknown}' on type 'microsoft.graph.attachment'."),
        )),
        None => Ok(Some(names)),
    }
}

fn attachments_of(ctx: &Ctx, message_id: &str) -> Result<Vec<Attachment>, Response> {
    ctx.with_mailbox(|mailbox| mailbox.message(message_id).map(|m| m.attachments.clone())).ok_or_else(|| ctx.unknown_id(message_id))
}

fn attachment_of(ctx: &Ctx, params: &HashMap<String, String>) -> Result<Attachment, Response> {
    let key = &params["attachment"];
    attachments_of(ctx, &params["message"])?.into_iter().find(|a| a.id == *key).ok_or_else(|| ctx.unknown_id(key))
}

async fn list(State(state): State<Shared>, Path(params): Params, RawQuery(raw): RawQuery, headers: HeaderMap) -> Response {
    let ctx = ctx!(state, headers, params, Need::Read);
    let found = select(&ctx, raw.as_deref()).and_then(|select| Ok((select, attachments_of(&ctx, &params["message"])?)));
    let (select, attachments) = match found {
        Ok(found) => found,
        Err(response) => return response,
    };
    let value: Vec<Value> = attachments.iter().map(|a| render(a, select.as_deref())).collect();
    let context = ctx.metadata(&format!("messages('{}')/attachments", params["message"]));
    ctx.reply(StatusCode::OK, json!({"@odata.context": context, "value": value}))
}

async fn one(State(state): State<Shared>, Path(params): Params, RawQuery(raw): RawQuery, headers: HeaderMap) -> Response {
    let ctx = ctx!(state, headers, params, Need::Read);
    let found = select(&ctx, raw.as_deref()).and_then(|select| Ok((select, attachment_of(&ctx, &params)?)));
    let (select, attachment) = match found {
        Ok(found) => found,
        Err(response) => return response,
    };
    let mut body = render(&attachment, select.as_deref());
    body["@odata.context"] = Value::from(ctx.metadata(&format!("messages('{}')/attachments/$entity", params["message"])));
    ctx.reply(StatusCode::OK, body)
}

async fn raw(State(state): State<Shared>, Path(params): Params, headers: HeaderMap) -> Response {
    let ctx = ctx!(state, headers, params, Need::Read);
    let attachment = match attachment_of(&ctx, &params) {
        Ok(attachment) => attachment,
        Err(response) => return response,
    };
    let content_type = HeaderValue::from_str(&attachment.content_type).unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let response = ([(header::CONTENT_TYPE, content_type)], attachment.bytes).into_response();
    with_graph_headers(response, &ctx.call.request_id, &ctx.call.client_request_id)
}

async fn add(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    let ctx = ctx!(state, headers, params, Need::Write);
    let item = match read_body(&ctx, &body) {
        Ok(item) => Value::Object(item),
        Err(response) => return response,
    };
    if item["@odata.type"].as_str().is_some_and(|t| !t.eq_ignore_ascii_case("#microsoft.graph.fileAttachment")) {
        return ctx.fail(StatusCode::BAD_REQUEST, "ErrorInvalidRequest", "Only file attachments are supported here.");
    }
    let message_id = params["message"].clone();
    let added = ctx.with_mailbox(|mailbox| {
        mailbox.message(&message_id)?;
        let attachment = attachment_from_graph(mailbox, &item);
        if let Ok(attachment) = &attachment {
            if attachment.bytes.len() <= MAX_INLINE_BYTES {
                let kept = attachment.clone();
                mailbox.update(&message_id, |m| m.attachments.push(kept));
            }
        }
        Some(attachment)
    });
    match added {
        None => ctx.unknown_id(&message_id),
        Some(Err(message)) => ctx.fail(StatusCode::BAD_REQUEST, "RequestBodyRead", &message),
        Some(Ok(attachment)) if attachment.bytes.len() > MAX_INLINE_BYTES => ctx.fail(
            StatusCode::PAYLOAD_TOO_LARGE,
            "RequestEntityTooLarge",
            "The request is too large; attach files of 3 MB or more through an upload session.",
        ),
        Some(Ok(attachment)) => {
            let mut body = render(&attachment, None);
            body["@odata.context"] = Value::from(ctx.metadata(&format!("messages('{message_id}')/attachments/$entity")));
            ctx.reply(StatusCode::CREATED, body)
        }
    }
}

async fn remove(State(state): State<Shared>, Path(params): Params, headers: HeaderMap) -> Response {
    let ctx = ctx!(state, headers, params, Need::Write);
    if let Err(response) = attachment_of(&ctx, &params) {
        return response;
    }
    let key = params["attachment"].clone();
    ctx.with_mailbox(|mailbox| mailbox.update(&params["message"], |m| m.attachments.retain(|a| a.id != key)).map(|_| ()));
    with_graph_headers(StatusCode::NO_CONTENT.into_response(), &ctx.call.request_id, &ctx.call.client_request_id)
}

/// `{"AttachmentItem":{"attachmentType":"file","name","size",…}}` → 201 with the upload URL.
async fn create_session(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    let ctx = ctx!(state, headers, params, Need::Write);
    let request = match read_body(&ctx, &body) {
        Ok(request) => request,
        Err(response) => return response,
    };
    let item = request.iter().find(|(name, _)| name.eq_ignore_ascii_case("AttachmentItem")).map(|(_, v)| v.clone()).unwrap_or(Value::Null);
    let Some(size) = item["size"].as_u64().map(|s| s as usize) else {
        return ctx.fail(StatusCode::BAD_REQUEST, "ErrorInvalidParameter", "The AttachmentItem must have a size.");
    };
    if size < MIN_SESSION_BYTES {
        return ctx.fail(
            StatusCode::BAD_REQUEST,
            "ErrorAttachmentSizeShouldNotBeLessThanMinimumSize",
            "Attachment size must be greater than the minimum size.",
        );
    }
    if let Err(response) = attachments_of(&ctx, &params["message"]) {
        return response;
    }
    let token = random::token::<32>();
    let expires = state.identity().now().plus_seconds(SESSION_SECONDS).rfc3339();
    let upload = Upload {
        owner: ctx.owner.clone(),
        message_id: params["message"].clone(),
        name: item["name"].as_str().unwrap_or_default().to_owned(),
        content_type: item["contentType"].as_str().unwrap_or("application/octet-stream").to_owned(),
        size,
        is_inline: item["isInline"].as_bool().unwrap_or(false),
        content_id: item["contentId"].as_str().map(str::to_owned),
        received: Vec::new(),
        expires: expires.clone(),
        pascal_case: false,
    };
    let mut mail = state.mail.lock().expect("mail lock");
    mail.upload_sessions_made += 1;
    let upload = Upload { pascal_case: mail.upload_sessions_made % 2 == 1, ..upload };
    mail.uploads.insert(token.clone(), upload);
    drop(mail);
    ctx.reply(
        StatusCode::CREATED,
        json!({
            "@odata.context": format!("{}/v1.0/$metadata#microsoft.graph.uploadSession", state.origin),
            "uploadUrl": format!("{}/_upload/{token}", state.upload_origin),
            "expirationDateTime": expires,
            "nextExpectedRanges": ["0-"],
        }),
    )
}

/// Outlook's answers carry only the CORS a browser needs to read them.
fn outlook_answer(status: StatusCode, body: Option<Value>) -> Response {
    let mut response = match body {
        Some(body) => (status, axum::Json(body)).into_response(),
        None => status.into_response(),
    };
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(super::EXPOSED_HEADERS));
    response
}

fn outlook_error(status: StatusCode, code: &str, message: &str) -> Response {
    outlook_answer(status, Some(json!({"error": {"code": code, "message": message}})))
}

async fn upload_preflight() -> Response {
    let mut response = outlook_answer(StatusCode::OK, None);
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("PUT, DELETE, OPTIONS"));
    headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("Content-Type, Content-Range, Content-Length"));
    headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("3600"));
    response
}

/// `bytes START-END/TOTAL`
fn content_range(headers: &HeaderMap) -> Option<(usize, usize, usize)> {
    let text = headers.get(header::CONTENT_RANGE)?.to_str().ok()?.strip_prefix("bytes ")?;
    let (range, total) = text.split_once('/')?;
    let (start, end) = range.split_once('-')?;
    let (start, end, total) = (start.trim().parse().ok()?, end.trim().parse().ok()?, total.trim().parse().ok()?);
    (start <= end && end < total).then_some((start, end, total))
}

async fn upload(State(state): State<Shared>, Path(token): Path<String>, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    if headers.contains_key(header::AUTHORIZATION) {
        let message = format!(
            "The audience claim value is invalid for current resource. Audience claim is 'https://graph.microsoft.com', request url is '{}{}'.",
            state.upload_origin,
            uri.path()
        );
        return outlook_error(StatusCode::UNAUTHORIZED, "InvalidAudienceForResource", &message);
    }
    let mut mail = state.mail.lock().expect("mail lock");
    let Some(session) = mail.uploads.get_mut(&token) else {
        return outlook_error(StatusCode::NOT_FOUND, "ErrorItemNotFound", "The specified object was not found in the store.");
    };
    let Some((start, end, total)) = content_range(&headers) else {
        return outlook_error(StatusCode::BAD_REQUEST, "invalidRange", "The Content-Range header is missing or malformed.");
    };
    if body.len() > MAX_CHUNK_BYTES {
        return outlook_error(StatusCode::PAYLOAD_TOO_LARGE, "RequestEntityTooLarge", "A fragment may be at most 4 MB.");
    }
    if start != session.received.len() || end + 1 - start != body.len() || total != session.size {
        return outlook_error(StatusCode::BAD_REQUEST, "invalidRange", "Uploaded fragment overlaps with existing data.");
    }
    session.received.extend_from_slice(&body);
    if session.received.len() < session.size {
        let context = format!(
            "{}/api/v2.0/$metadata#Users('{}')/Messages('{}')/AttachmentSessions/$entity",
            state.upload_origin, session.owner, session.message_id
        );
        // Outlook's PascalCase answer names the next byte alone; Graph's documented form is open-ended.
        let next = session.received.len();
        let answer = if session.pascal_case {
            json!({"@odata.context": context, "ExpirationDateTime": session.expires, "NextExpectedRanges": [next.to_string()]})
        } else {
            json!({"@odata.context": context, "expirationDateTime": session.expires, "nextExpectedRanges": [format!("{next}-")]})
        };
        return outlook_answer(StatusCode::OK, Some(answer));
    }
    let Some(done) = mail.uploads.remove(&token) else {
        return outlook_error(StatusCode::NOT_FOUND, "ErrorItemNotFound", "The specified object was not found in the store.");
    };
    let last_modified = state.identity().now().rfc3339();
    let Some(mailbox) = mail.mailbox_mut(&done.owner) else {
        return outlook_error(StatusCode::NOT_FOUND, "ErrorItemNotFound", "The specified object was not found in the store.");
    };
    let attachment = Attachment {
        id: mailbox.new_attachment_id(),
        name: done.name,
        content_type: done.content_type,
        bytes: done.received,
        is_inline: done.is_inline,
        content_id: done.content_id,
        last_modified,
    };
    let location = format!(
        "{}/api/v2.0/Users('{}')/Messages('{}')/Attachments('{}')",
        state.upload_origin, done.owner, done.message_id, attachment.id
    );
    if mailbox.update(&done.message_id, |m| m.attachments.push(attachment)).is_none() {
        return outlook_error(StatusCode::NOT_FOUND, "ErrorItemNotFound", "The specified object was not found in the store.");
    }
    let mut response = outlook_answer(StatusCode::CREATED, None);
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}
