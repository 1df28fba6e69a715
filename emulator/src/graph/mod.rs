//! Microsoft Graph v1.0 as an Outlook client meets it: bearer-token checks, the error
//! envelope, and CORS exactly as Graph answers it, so browser code sees what it will see
//! in production (notably: `Retry-After` and `Date` are not readable).

mod attachments;
mod batch;
mod calendar;
mod categories;
pub(crate) mod compose;
mod contacts;
mod delta;
pub mod faults;
mod focused;
mod ids;
mod mail;
mod odata;
mod pim;
mod pim_demo;
pub mod pim_store;
mod recurrence;
mod schedule;
mod settings;
pub mod store;
mod todo;
pub(crate) mod zones;

use crate::identity::registry::MailboxHost;
use crate::identity::{random, AccessToken, TokenRejection};
use crate::Shared;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

const GRAPH_RESOURCE: &str = "https://graph.microsoft.com";
/// What Graph lets browser code read of a response.
const EXPOSED_HEADERS: &str = "ETag, Location, Preference-Applied, Content-Range, request-id, client-request-id, WWW-Authenticate";
/// Request headers Graph's preflight accepts.
const ALLOWED_HEADERS: &str =
    "Authorization, Content-Type, client-request-id, return-client-request-id, Prefer, ConsistencyLevel, If-Match, If-None-Match";

pub fn routes(state: Shared) -> Router<Shared> {
    Router::new()
        .route("/v1.0/me", get(me).options(preflight))
        .route("/v1.0/me/photo/$value", get(photo).options(preflight))
        .merge(mail::routes())
        .merge(calendar::routes())
        .merge(contacts::routes())
        .merge(todo::routes())
        .merge(ids::routes())
        .merge(settings::routes())
        .merge(categories::routes())
        .merge(focused::routes())
        .merge(schedule::routes())
        .layer(axum::middleware::from_fn_with_state(state, faults::guard))
        // Outside the guard: the faults and the in-flight limit meet each inner request.
        .merge(batch::routes())
}

/// Upload sessions' URLs, served on the emulator's second origin.
pub fn upload_routes() -> Router<Shared> {
    attachments::upload_routes()
}

/// A request that passed the token check, with the ids every answer carries.
#[derive(Clone)]
struct Call {
    token: AccessToken,
    request_id: String,
    client_request_id: String,
}

fn client_request_id(headers: &HeaderMap) -> String {
    headers.get("client-request-id").and_then(|v| v.to_str().ok()).filter(|v| !v.is_empty()).map(str::to_owned).unwrap_or_else(random::guid)
}

fn with_graph_headers(mut response: Response, request_id: &str, client_request_id: &str) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSED_HEADERS));
    for (name, value) in [("request-id", request_id), ("client-request-id", client_request_id)] {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(HeaderName::from_static(name), value);
        }
    }
    response
}

/// `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`
fn error(state: &Shared, status: StatusCode, code: &str, message: &str, request_id: &str, client_request_id: &str) -> Response {
    let body = json!({
        "error": {
            "code": code,
            "message": message,
            "innerError": {
                "date": state.identity().now().rfc3339(),
                "request-id": request_id,
                "client-request-id": client_request_id,
            }
        }
    });
    with_graph_headers((status, axum::Json(body)).into_response(), request_id, client_request_id)
}

fn authenticate(state: &Shared, headers: &HeaderMap) -> Result<Call, Response> {
    let request_id = random::guid();
    let client_request_id = client_request_id(headers);
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .filter(|token| !token.is_empty());
    let refuse = |message: &str| {
        let mut response = error(state, StatusCode::UNAUTHORIZED, "InvalidAuthenticationToken", message, &request_id, &client_request_id);
        let challenge = format!(
            "Bearer realm=\"\", authorization_uri=\"{}/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"",
            state.origin
        );
        if let Ok(value) = HeaderValue::from_str(&challenge) {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, value);
        }
        response
    };
    let Some(bearer) = bearer else {
        return Err(refuse("Access token is empty."));
    };
    match state.identity().verify_access_token(bearer, GRAPH_RESOURCE) {
        Ok(token) if state.graph_faults.expired(token.claims.get("iat").and_then(Value::as_i64).unwrap_or(0)) => {
            Err(refuse("Lifetime validation failed, the token is expired."))
        }
        Ok(token) => Ok(Call { token, request_id, client_request_id }),
        Err(TokenRejection::Expired) => Err(refuse("Lifetime validation failed, the token is expired.")),
        Err(TokenRejection::Audience) => Err(refuse("Access token validation failure. Invalid audience.")),
        Err(_) => Err(refuse("Access token validation failure.")),
    }
}

/// Whose data a call addresses: the caller's own (`/me`) or a `/users/{id|upn}` one, and
/// whether the caller holds a grant to open it.
struct Owner {
    owner: String,
    /// `users('…')` as Graph names the owner in `@odata.context`.
    context: String,
    own: bool,
    granted: bool,
}

fn owner_of(state: &Shared, call: &Call, params: &std::collections::HashMap<String, String>) -> Result<Owner, Response> {
    let fail = |status, code: &str, message: &str| error(state, status, code, message, &call.request_id, &call.client_request_id);
    // Graph reaches only Exchange Online mailboxes (emulator/FIDELITY.md, "Mailboxes").
    let unreachable = || {
        fail(StatusCode::NOT_FOUND, "MailboxNotEnabledForRESTAPI", "The mailbox is either inactive, soft-deleted, or is hosted on-premise.")
    };
    let Some(caller) = state.identity().user_by_oid(&call.token.object_id).cloned() else {
        return Err(unreachable());
    };
    let me = caller.upn.clone();
    let (owner, context, host) = match params.get("user") {
        None => (me.clone(), format!("users('{}')", call.token.object_id), caller.mailbox),
        Some(key) => {
            let user = state.identity().user_by_oid(key).or_else(|| state.identity().user_by_upn(key));
            let Some(user) = user else {
                return Err(fail(StatusCode::NOT_FOUND, "ErrorInvalidUser", &format!("The requested user '{key}' is invalid.")));
            };
            (user.upn.clone(), format!("users('{}')", key.replace('@', "%40")), user.mailbox)
        }
    };
    if host == MailboxHost::OnPremises {
        return Err(unreachable());
    }
    let own = owner.eq_ignore_ascii_case(&me);
    let granted = own || state.mail.lock().expect("mail lock").may_open(&owner, &me);
    Ok(Owner { owner, context, own, granted })
}

/// A call on something of the caller's own mailbox that is not mail (its settings, its
/// categories): the call, the owner, and the context Graph names `segment` by; or the
/// refusal. Another person's stays theirs, whatever access one has to their mail.
fn open_own(
    state: &Shared,
    headers: &HeaderMap,
    params: &std::collections::HashMap<String, String>,
    needs: &[&str],
    segment: &str,
) -> Result<(Call, String, String), Response> {
    let call = authenticate(state, headers)?;
    let owner = owner_of(state, &call, params)?;
    if !has_scope(&call, needs) || !owner.own {
        let message = "Access is denied. Check credentials and try again.";
        return Err(error(state, StatusCode::FORBIDDEN, "ErrorAccessDenied", message, &call.request_id, &call.client_request_id));
    }
    let context = format!("{}/v1.0/$metadata#{}/{segment}", state.origin, owner.context);
    Ok((call, owner.owner, context))
}

/// A JSON answer with the call's request ids, as every Graph answer has them.
fn answer(call: &Call, status: StatusCode, body: Value) -> Response {
    with_graph_headers((status, axum::Json(body)).into_response(), &call.request_id, &call.client_request_id)
}

/// 204 with the call's request ids.
fn no_content(call: &Call) -> Response {
    with_graph_headers(StatusCode::NO_CONTENT.into_response(), &call.request_id, &call.client_request_id)
}

/// One entity as Graph answers it: its fields under `{context}/$entity`.
fn entity(context: &str, fields: &Value) -> Value {
    let mut body = serde_json::Map::from_iter([("@odata.context".to_owned(), Value::from(format!("{context}/$entity")))]);
    if let Value::Object(fields) = fields {
        body.extend(fields.clone());
    }
    Value::Object(body)
}

fn has_scope(call: &Call, any_of: &[&str]) -> bool {
    call.token.scopes.iter().any(|granted| any_of.iter().any(|wanted| granted.eq_ignore_ascii_case(wanted)))
}

async fn preflight() -> Response {
    let mut response = StatusCode::OK.into_response();
    let out = response.headers_mut();
    out.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    out.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, POST, PUT, PATCH, DELETE, OPTIONS"));
    out.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static(ALLOWED_HEADERS));
    out.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("3600"));
    response
}

async fn me(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let call = match authenticate(&state, &headers) {
        Ok(call) => call,
        Err(response) => return response,
    };
    if !has_scope(&call, &["User.Read", "User.ReadWrite", "User.ReadBasic.All", "User.Read.All", "Directory.Read.All"]) {
        return error(
            &state,
            StatusCode::FORBIDDEN,
            "Authorization_RequestDenied",
            "Insufficient privileges to complete the operation.",
            &call.request_id,
            &call.client_request_id,
        );
    }
    let Some(user) = state.identity().user_by_oid(&call.token.object_id) else {
        return error(
            &state,
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
            &format!(
                "Resource '{}' does not exist or one of its queried reference-property objects are not present.",
                call.token.object_id
            ),
            &call.request_id,
            &call.client_request_id,
        );
    };
    let (given, surname) = user.name.split_once(' ').unwrap_or((user.name.as_str(), ""));
    let body: Value = json!({
        "@odata.context": format!("{}/v1.0/$metadata#users/$entity", state.origin),
        "businessPhones": [],
        "displayName": user.name,
        "givenName": given,
        "jobTitle": if user.admin { Value::from("IT administrator") } else { Value::Null },
        "mail": user.upn,
        "mobilePhone": null,
        "officeLocation": null,
        "preferredLanguage": "en-US",
        "surname": surname,
        "userPrincipalName": user.upn,
        "id": user.oid,
    });
    with_graph_headers(axum::Json(body).into_response(), &call.request_id, &call.client_request_id)
}

/// Megan's demo mailbox has a photo (a 96 × 96 JPEG drawn for the emulator); Adele has
/// none, and Graph then answers 404 `ImageNotFound`.
const MEGAN_PHOTO: &[u8] = include_bytes!("demo_photo.jpg");

async fn photo(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let call = match authenticate(&state, &headers) {
        Ok(call) => call,
        Err(response) => return response,
    };
    if call.token.upn.eq_ignore_ascii_case("megan@contoso.example") {
        let response = ([(header::CONTENT_TYPE, "image/jpeg")], MEGAN_PHOTO).into_response();
        return with_graph_headers(response, &call.request_id, &call.client_request_id);
    }
    error(
        &state,
        StatusCode::NOT_FOUND,
        "ImageNotFound",
        "Exception of type 'Microsoft.Fast.Profile.Core.Exception.ImageNotFoundException' was thrown.",
        &call.request_id,
        &call.client_request_id,
    )
}
