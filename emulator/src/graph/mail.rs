//! Mail: `mailFolders`, `childFolders`, messages (list, get, PATCH, move, copy, DELETE)
//! under `/me` and `/users/{id|userPrincipalName}`.

use super::compose;
use super::odata::{compare, Entity, Problem, Query, SEARCH_LIMIT};
use super::store::{body_preview, html_to_text, is_well_formed_id, Folder, Mailbox, Message};
use super::{authenticate, error, has_scope, owner_of, preflight, with_graph_headers, Call, Owner};
use crate::Shared;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

type Params = Path<HashMap<String, String>>;

pub fn routes() -> Router<Shared> {
    let mut router = Router::new();
    for prefix in ["/v1.0/me", "/v1.0/users/{user}"] {
        router = router
            .route(&format!("{prefix}/mailFolders"), get(list_folders).options(preflight))
            .route(&format!("{prefix}/mailFolders/{{folder}}"), get(get_folder).options(preflight))
            .route(&format!("{prefix}/mailFolders/{{folder}}/childFolders"), get(child_folders).options(preflight))
            .route(&format!("{prefix}/mailFolders/{{folder}}/messages"), get(folder_messages).post(compose::create).options(preflight))
            .route(&format!("{prefix}/messages"), get(all_messages).post(compose::create).options(preflight))
            .route(&format!("{prefix}/sendMail"), post(compose::send_mail).options(preflight))
            .route(&format!("{prefix}/messages/{{message}}/send"), post(compose::send).options(preflight))
            .route(&format!("{prefix}/messages/{{message}}/createReply"), post(compose::create_reply).options(preflight))
            .route(&format!("{prefix}/messages/{{message}}/createReplyAll"), post(compose::create_reply_all).options(preflight))
            .route(&format!("{prefix}/messages/{{message}}/createForward"), post(compose::create_forward).options(preflight))
            .route(&format!("{prefix}/messages/{{message}}/reply"), post(compose::reply).options(preflight))
            .route(&format!("{prefix}/messages/{{message}}/replyAll"), post(compose::reply_all).options(preflight))
            .route(&format!("{prefix}/messages/{{message}}/forward"), post(compose::forward).options(preflight))
            .route(
                &format!("{prefix}/messages/{{message}}"),
                get(get_message).patch(patch_message).delete(delete_message).options(preflight),
            )
            .route(&format!("{prefix}/messages/{{message}}/move"), post(move_message).options(preflight))
            .route(&format!("{prefix}/messages/{{message}}/copy"), post(copy_message).options(preflight));
    }
    router.merge(super::delta::routes()).merge(super::attachments::routes())
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Need {
    Read,
    Write,
    Send,
}

/// A call allowed into one mailbox.
#[derive(Clone)]
pub(super) struct Ctx {
    pub(super) call: Call,
    pub(super) state: Shared,
    pub(super) owner: String,
    /// `users('…')` as Graph names the mailbox in `@odata.context`.
    pub(super) context: String,
    pub(super) text_body: bool,
    pub(super) immutable_ids: bool,
}

impl Ctx {
    pub(super) fn fail(&self, status: StatusCode, code: &str, message: &str) -> Response {
        error(&self.state, status, code, message, &self.call.request_id, &self.call.client_request_id)
    }

    pub(super) fn bad(&self, problem: Problem) -> Response {
        self.fail(StatusCode::BAD_REQUEST, problem.code, &problem.message)
    }

    fn not_found(&self) -> Response {
        self.fail(StatusCode::NOT_FOUND, "ErrorItemNotFound", "The specified object was not found in the store.")
    }

    /// 400 for an id that cannot be one, 404 for one that names nothing here.
    pub(super) fn unknown_id(&self, id: &str) -> Response {
        if is_well_formed_id(id) {
            self.not_found()
        } else {
            self.fail(StatusCode::BAD_REQUEST, "ErrorInvalidIdMalformed", "Id is malformed.")
        }
    }

    pub(super) fn reply(&self, status: StatusCode, body: Value) -> Response {
        let mut response = (status, axum::Json(body)).into_response();
        if self.text_body {
            response.headers_mut().insert("preference-applied", HeaderValue::from_static("outlook.body-content-type=\"text\""));
        }
        with_graph_headers(response, &self.call.request_id, &self.call.client_request_id)
    }

    pub(super) fn metadata(&self, rest: &str) -> String {
        format!("{}/v1.0/$metadata#{}/{rest}", self.state.origin, self.context)
    }

    pub(super) fn with_mailbox<T>(&self, f: impl FnOnce(&mut Mailbox) -> T) -> T {
        let mut mail = self.state.mail.lock().expect("mail lock");
        let mailbox = mail.mailbox_mut(&self.owner).expect("every user has a mailbox");
        f(mailbox)
    }
}

pub(super) fn prefers(headers: &HeaderMap, wanted: &str) -> bool {
    headers
        .get_all("prefer")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|p| p.trim().replace(' ', "").eq_ignore_ascii_case(wanted))
}

pub(super) fn open(state: &Shared, headers: &HeaderMap, params: &HashMap<String, String>, need: Need) -> Result<Ctx, Response> {
    let call = authenticate(state, headers)?;
    let fail =
        |call: &Call, status, code: &str, message: &str| error(state, status, code, message, &call.request_id, &call.client_request_id);
    let Owner { owner, context, own, granted } = owner_of(state, &call, params)?;
    let scopes: &[&str] = match (own, need) {
        (true, Need::Read) => &["Mail.Read", "Mail.ReadWrite", "Mail.Read.Shared", "Mail.ReadWrite.Shared"],
        (true, Need::Write) => &["Mail.ReadWrite", "Mail.ReadWrite.Shared"],
        (false, Need::Read) => &["Mail.Read.Shared", "Mail.ReadWrite.Shared"],
        (false, Need::Write) => &["Mail.ReadWrite.Shared"],
        (true, Need::Send) => &["Mail.Send", "Mail.Send.Shared"],
        (false, Need::Send) => &["Mail.Send.Shared"],
    };
    if !has_scope(&call, scopes) || !granted {
        return Err(fail(&call, StatusCode::FORBIDDEN, "ErrorAccessDenied", "Access is denied. Check credentials and try again."));
    }
    Ok(Ctx {
        call,
        state: state.clone(),
        owner,
        context,
        text_body: prefers(headers, "outlook.body-content-type=\"text\""),
        immutable_ids: prefers(headers, "IdType=\"ImmutableId\""),
    })
}

macro_rules! ctx {
    ($state:expr, $headers:expr, $params:expr, $need:expr) => {
        match $crate::graph::mail::open(&$state, &$headers, &$params, $need) {
            Ok(ctx) => ctx,
            Err(response) => return response,
        }
    };
}
pub(super) use ctx;

fn render_folder(mailbox: &Mailbox, folder: &Folder) -> Value {
    let (total, unread, children) = mailbox.counts(&folder.id);
    json!({
        "id": folder.id,
        "displayName": folder.display_name,
        "parentFolderId": folder.parent_id,
        "childFolderCount": children,
        "unreadItemCount": unread,
        "totalItemCount": total,
        "isHidden": folder.hidden,
    })
}

pub(super) fn render_message(ctx: &Ctx, message: &Message, select: Option<&[String]>) -> Value {
    let mut out = Map::new();
    out.insert("@odata.etag".into(), Value::from(format!("W/\"{}\"", message.change_key)));
    out.insert("id".into(), Value::from(message.id.as_str()));
    for (name, value) in &message.props {
        out.insert(name.clone(), value.clone());
    }
    out.insert("parentFolderId".into(), Value::from(message.folder_id.as_str()));
    out.insert("changeKey".into(), Value::from(message.change_key.as_str()));
    if ctx.text_body {
        if let Some(body) = out.get_mut("body").filter(|b| b["contentType"] == "html") {
            let text = html_to_text(body["content"].as_str().unwrap_or(""));
            *body = json!({"contentType": "text", "content": text});
        }
    }
    if let Some(select) = select {
        out.retain(|name, _| name == "@odata.etag" || name == "id" || select.iter().any(|s| s.eq_ignore_ascii_case(name)));
    }
    Value::Object(out)
}

/// One page of `items` with `@odata.context`, `@odata.count` and `@odata.nextLink`.
fn page(ctx: &Ctx, uri: &Uri, query: &Query, context: String, items: Vec<Value>, limit: usize) -> Value {
    let total = items.len();
    let top = query.top.unwrap_or(10);
    let end = (query.skip + top).min(total).min(limit);
    let value: Vec<Value> = items.into_iter().skip(query.skip).take(end.saturating_sub(query.skip)).collect();
    let mut body = Map::new();
    body.insert("@odata.context".into(), Value::from(context));
    if query.count {
        body.insert("@odata.count".into(), Value::from(total.min(limit)));
    }
    body.insert("value".into(), Value::from(value));
    if end < total.min(limit) {
        let mut pairs: Vec<(String, String)> = query.pairs.iter().filter(|(n, _)| !n.eq_ignore_ascii_case("$skip")).cloned().collect();
        pairs.push(("$skip".into(), end.to_string()));
        let encoded = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        body.insert("@odata.nextLink".into(), Value::from(format!("{}{}?{encoded}", ctx.state.origin, uri.path())));
    }
    Value::Object(body)
}

async fn list_folders(
    State(state): State<Shared>,
    Path(params): Params,
    uri: Uri,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let ctx = ctx!(state, headers, params, Need::Read);
    folder_listing(&ctx, &uri, raw.as_deref(), None)
}

async fn child_folders(
    State(state): State<Shared>,
    Path(params): Params,
    uri: Uri,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let ctx = ctx!(state, headers, params, Need::Read);
    folder_listing(&ctx, &uri, raw.as_deref(), params.get("folder").map(String::as_str))
}

fn folder_listing(ctx: &Ctx, uri: &Uri, raw: Option<&str>, parent: Option<&str>) -> Response {
    let query = match Query::parse(raw, Entity::Folder) {
        Ok(query) => query,
        Err(problem) => return ctx.bad(problem),
    };
    let listed = ctx.with_mailbox(|mailbox| {
        let parent = match parent {
            None => mailbox.root_id().to_owned(),
            Some(key) => mailbox.folder(key).map(|f| f.id.clone()).ok_or_else(|| key.to_owned())?,
        };
        let mut items: Vec<Value> =
            mailbox.children(&parent).filter(|f| query.include_hidden || !f.hidden).map(|f| render_folder(mailbox, f)).collect();
        for (path, descending) in &query.order_by {
            items.sort_by(|a, b| {
                let ordering = compare(&a[path.as_str()], &b[path.as_str()]);
                if *descending {
                    ordering.reverse()
                } else {
                    ordering
                }
            });
        }
        Ok::<_, String>((parent, items))
    });
    let (parent, mut items) = match listed {
        Ok(listed) => listed,
        Err(key) => return ctx.unknown_id(&key),
    };
    if let Some(select) = &query.select {
        for item in &mut items {
            if let Value::Object(map) = item {
                map.retain(|name, _| name == "id" || select.iter().any(|s| s.eq_ignore_ascii_case(name)));
            }
        }
    }
    let context = match parent {
        _ if uri.path().ends_with("/mailFolders") => ctx.metadata("mailFolders"),
        id => ctx.metadata(&format!("mailFolders('{id}')/childFolders")),
    };
    ctx.reply(StatusCode::OK, page(ctx, uri, &query, context, items, usize::MAX))
}

async fn get_folder(State(state): State<Shared>, Path(params): Params, RawQuery(raw): RawQuery, headers: HeaderMap) -> Response {
    let ctx = ctx!(state, headers, params, Need::Read);
    let query = match Query::parse(raw.as_deref(), Entity::Folder) {
        Ok(query) => query,
        Err(problem) => return ctx.bad(problem),
    };
    let key = params.get("folder").cloned().unwrap_or_default();
    let Some(mut body) = ctx.with_mailbox(|mailbox| mailbox.folder(&key).map(|f| render_folder(mailbox, f))) else {
        return ctx.unknown_id(&key);
    };
    if let (Some(select), Value::Object(map)) = (&query.select, &mut body) {
        map.retain(|name, _| name == "id" || select.iter().any(|s| s.eq_ignore_ascii_case(name)));
    }
    body["@odata.context"] = Value::from(ctx.metadata("mailFolders/$entity"));
    ctx.reply(StatusCode::OK, body)
}

async fn all_messages(
    State(state): State<Shared>,
    Path(params): Params,
    uri: Uri,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let ctx = ctx!(state, headers, params, Need::Read);
    message_listing(&ctx, &uri, raw.as_deref(), None)
}

async fn folder_messages(
    State(state): State<Shared>,
    Path(params): Params,
    uri: Uri,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let ctx = ctx!(state, headers, params, Need::Read);
    message_listing(&ctx, &uri, raw.as_deref(), params.get("folder").map(String::as_str))
}

fn message_listing(ctx: &Ctx, uri: &Uri, raw: Option<&str>, folder: Option<&str>) -> Response {
    let query = match Query::parse(raw, Entity::Message) {
        Ok(query) => query,
        Err(problem) => return ctx.bad(problem),
    };
    let listed = ctx.with_mailbox(|mailbox| {
        let folder_id = match folder {
            None => None,
            Some(key) => Some(mailbox.folder(key).map(|f| f.id.clone()).ok_or_else(|| key.to_owned())?),
        };
        let mut found: Vec<&Message> = mailbox
            .messages
            .iter()
            .filter(|m| folder_id.as_ref().is_none_or(|id| m.folder_id == *id))
            .filter(|m| query.matches(|path| m.value(path)) && query.found(|path| m.value(path)))
            .collect();
        let order: Vec<(String, bool)> =
            if query.order_by.is_empty() { vec![("receivedDateTime".into(), true)] } else { query.order_by.clone() };
        found.sort_by(|a, b| {
            order
                .iter()
                .map(|(path, descending)| {
                    let ordering = compare(&a.value(path), &b.value(path));
                    if *descending {
                        ordering.reverse()
                    } else {
                        ordering
                    }
                })
                .find(|o| o.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let items: Vec<Value> = found.iter().map(|m| render_message(ctx, m, query.select.as_deref())).collect();
        Ok::<_, String>((folder_id, items))
    });
    let (folder_id, items) = match listed {
        Ok(listed) => listed,
        Err(key) => return ctx.unknown_id(&key),
    };
    let collection = match &query.select {
        Some(select) => format!("messages({})", select.join(",")),
        None => "messages".to_owned(),
    };
    let context = match folder_id {
        Some(id) => ctx.metadata(&format!("mailFolders('{id}')/{collection}")),
        None => ctx.metadata(&collection),
    };
    let limit = if query.search.is_some() { SEARCH_LIMIT } else { usize::MAX };
    ctx.reply(StatusCode::OK, page(ctx, uri, &query, context, items, limit))
}

pub(super) fn single(ctx: &Ctx, status: StatusCode, id: &str, select: Option<&[String]>) -> Response {
    let Some(mut body) = ctx.with_mailbox(|mailbox| mailbox.message(id).map(|m| render_message(ctx, m, select))) else {
        return ctx.unknown_id(id);
    };
    let etag = body["@odata.etag"].as_str().unwrap_or("").to_owned();
    body["@odata.context"] = Value::from(ctx.metadata("messages/$entity"));
    let mut response = ctx.reply(status, body);
    if let Ok(value) = HeaderValue::from_str(&etag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

async fn get_message(State(state): State<Shared>, Path(params): Params, RawQuery(raw): RawQuery, headers: HeaderMap) -> Response {
    let ctx = ctx!(state, headers, params, Need::Read);
    let query = match Query::parse(raw.as_deref(), Entity::Message) {
        Ok(query) => query,
        Err(problem) => return ctx.bad(problem),
    };
    single(&ctx, StatusCode::OK, &params["message"], query.select.as_deref())
}

/// What PATCH may change on any message, and what only on a draft.
pub(super) const UPDATABLE: &[&str] =
    &["isRead", "flag", "categories", "importance", "inferenceClassification", "isDeliveryReceiptRequested", "isReadReceiptRequested"];
pub(super) const DRAFT_ONLY: &[&str] =
    &["subject", "body", "toRecipients", "ccRecipients", "bccRecipients", "replyTo", "from", "sender", "internetMessageHeaders"];

pub(super) fn read_body(ctx: &Ctx, body: &str) -> Result<Map<String, Value>, Response> {
    match serde_json::from_str::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(ctx.fail(StatusCode::BAD_REQUEST, "RequestBodyRead", "Invalid JSON. A token was not recognized in the JSON content.")),
    }
}

fn bad_value(ctx: &Ctx, literal: &Value, type_name: &str) -> Response {
    let literal = literal.as_str().map(str::to_owned).unwrap_or_else(|| literal.to_string());
    ctx.fail(
        StatusCode::BAD_REQUEST,
        "RequestBodyRead",
        &format!("Cannot convert the literal '{literal}' to the expected type '{type_name}'."),
    )
}

async fn patch_message(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    let ctx = ctx!(state, headers, params, Need::Write);
    let id = &params["message"];
    let changes = match read_body(&ctx, &body) {
        Ok(changes) => changes,
        Err(response) => return response,
    };
    let Some(is_draft) = ctx.with_mailbox(|mailbox| mailbox.message(id).map(|m| m.flag("isDraft"))) else {
        return ctx.unknown_id(id);
    };
    for (name, value) in &changes {
        if name.starts_with('@') {
            continue;
        }
        if !super::odata::MESSAGE_PROPERTIES.contains(&name.as_str()) {
            return ctx.fail(
                StatusCode::BAD_REQUEST,
                "RequestBodyRead",
                &format!("The property '{name}' does not exist on type 'microsoft.graph.message'. Make sure to only use property names that are defined by the type or mark the type as open type."),
            );
        }
        if DRAFT_ONLY.contains(&name.as_str()) && !is_draft {
            return ctx.fail(StatusCode::BAD_REQUEST, "ErrorInvalidPropertySet", "Message is not draft.");
        }
        let valid = match name.as_str() {
            "isRead" | "isDeliveryReceiptRequested" | "isReadReceiptRequested" => value.is_boolean(),
            "importance" => matches!(value.as_str(), Some("low" | "normal" | "high")),
            "flag" => {
                matches!(value["flagStatus"].as_str(), Some("notFlagged" | "complete" | "flagged")) || value.get("flagStatus").is_none()
            }
            "categories" => value.as_array().is_some_and(|items| items.iter().all(Value::is_string)),
            "inferenceClassification" => matches!(value.as_str(), Some("focused" | "other")),
            _ => true,
        };
        if !valid {
            let type_name = match name.as_str() {
                "importance" => "microsoft.graph.importance",
                "flag" => "microsoft.graph.followupFlagStatus",
                "categories" => "Collection(Edm.String)",
                "inferenceClassification" => "microsoft.graph.inferenceClassificationType",
                _ => "Edm.Boolean",
            };
            let literal = if name == "flag" { value["flagStatus"].clone() } else { value.clone() };
            return bad_value(&ctx, &literal, type_name);
        }
    }
    let now = state.identity().now().rfc3339();
    ctx.with_mailbox(|mailbox| {
        mailbox
            .update(id, |message| {
                for (name, value) in changes {
                    if !UPDATABLE.contains(&name.as_str()) && !DRAFT_ONLY.contains(&name.as_str()) {
                        continue;
                    }
                    if name == "body" {
                        message.props.insert("bodyPreview".into(), Value::from(body_preview(&value)));
                    }
                    message.props.insert(name, value);
                }
                message.props.insert("lastModifiedDateTime".into(), Value::from(now));
            })
            .map(|_| ())
    });
    single(&ctx, StatusCode::OK, id, None)
}

async fn delete_message(State(state): State<Shared>, Path(params): Params, headers: HeaderMap) -> Response {
    let ctx = ctx!(state, headers, params, Need::Write);
    let id = &params["message"];
    if !ctx.with_mailbox(|mailbox| mailbox.remove(id)) {
        return ctx.unknown_id(id);
    }
    with_graph_headers(StatusCode::NO_CONTENT.into_response(), &ctx.call.request_id, &ctx.call.client_request_id)
}

async fn move_message(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    relocate(state, params, headers, body, false)
}

async fn copy_message(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    relocate(state, params, headers, body, true)
}

fn relocate(state: Shared, params: HashMap<String, String>, headers: HeaderMap, body: String, copy: bool) -> Response {
    let ctx = match open(&state, &headers, &params, Need::Write) {
        Ok(ctx) => ctx,
        Err(response) => return response,
    };
    let id = &params["message"];
    let request = match read_body(&ctx, &body) {
        Ok(request) => request,
        Err(response) => return response,
    };
    let destination = request.get("destinationId").and_then(Value::as_str).unwrap_or("").to_owned();
    let outcome = ctx.with_mailbox(|mailbox| {
        let Some(folder_id) = mailbox.folder(&destination).map(|f| f.id.clone()) else {
            return Err(destination.clone());
        };
        mailbox.relocate(id, &folder_id, ctx.immutable_ids, copy).ok_or_else(|| id.clone())
    });
    match outcome {
        Ok(new_id) => single(&ctx, StatusCode::CREATED, &new_id, None),
        Err(key) => ctx.unknown_id(&key),
    }
}
