//! Focused Inbox's overrides (`/me/inferenceClassification/overrides`): a sender whose new
//! mail always goes to Focused or to Other. An override changes only mail that arrives
//! after it, as the documentation says (emulator/FIDELITY.md, "Focused Inbox").

use super::{answer, authenticate, entity, error, has_scope, no_content, owner_of, preflight, Call};
use crate::identity::random;
use crate::Shared;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, patch};
use axum::Router;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

const READ: &[&str] = &["Mail.Read", "Mail.ReadWrite"];
const WRITE: &[&str] = &["Mail.ReadWrite"];
/// "A maximum of 1000 overrides per mailbox" (the create page).
const MOST: usize = 1000;

pub fn routes() -> Router<Shared> {
    let mut router = Router::new();
    for prefix in ["/v1.0/me/inferenceClassification/overrides", "/v1.0/users/{user}/inferenceClassification/overrides"] {
        router = router
            .route(prefix, get(list).post(create).options(preflight))
            .route(&format!("{prefix}/{{id}}"), patch(change).delete(remove).options(preflight));
    }
    router
}

/// The call and the mailbox it is about, or the refusal: overrides follow the mail
/// permissions, so a delegate with the shared ones reaches another person's.
fn open(state: &Shared, headers: &HeaderMap, params: &HashMap<String, String>, needs: &[&str]) -> Result<(Call, String, String), Response> {
    let call = authenticate(state, headers)?;
    let owner = owner_of(state, &call, params)?;
    let shared: Vec<String> = needs.iter().map(|scope| format!("{scope}.Shared")).collect();
    let shared: Vec<&str> = shared.iter().map(String::as_str).collect();
    let allowed = if owner.own { has_scope(&call, needs) } else { owner.granted && has_scope(&call, &shared) };
    if !allowed {
        let message = "Access is denied. Check credentials and try again.";
        return Err(error(state, StatusCode::FORBIDDEN, "ErrorAccessDenied", message, &call.request_id, &call.client_request_id));
    }
    let context = format!("{}/v1.0/$metadata#{}/inferenceClassification/overrides", state.origin, owner.context);
    Ok((call, owner.owner, context))
}

fn classify_as(body: &Map<String, Value>) -> Result<&str, String> {
    match body.get("classifyAs") {
        Some(Value::String(value)) if value == "focused" || value == "other" => Ok(value),
        Some(Value::String(value)) => Err(format!("Requested value '{value}' was not found.")),
        _ => Err("The classifyAs property is required.".into()),
    }
}

async fn list(State(state): State<Shared>, Path(params): Path<HashMap<String, String>>, headers: HeaderMap) -> Response {
    let (call, owner, context) = match open(&state, &headers, &params, READ) {
        Ok(opened) => opened,
        Err(response) => return response,
    };
    let overrides = state.mail.lock().expect("mail lock").mailbox(&owner).map(|m| m.overrides.clone()).unwrap_or_default();
    answer(&call, StatusCode::OK, json!({"@odata.context": context, "value": overrides}))
}

/// A sender that has an override already gets it updated (`classifyAs` and the name), as
/// the create page says.
async fn create(State(state): State<Shared>, Path(params): Path<HashMap<String, String>>, headers: HeaderMap, body: String) -> Response {
    let (call, owner, context) = match open(&state, &headers, &params, WRITE) {
        Ok(opened) => opened,
        Err(response) => return response,
    };
    let refuse =
        |code: &str, message: &str| error(&state, StatusCode::BAD_REQUEST, code, message, &call.request_id, &call.client_request_id);
    let Ok(Value::Object(body)) = serde_json::from_str::<Value>(&body) else {
        return refuse("BadRequest", "Empty Payload. JSON content expected.");
    };
    let classify = match classify_as(&body) {
        Ok(classify) => classify.to_owned(),
        Err(message) => return refuse("RequestBodyRead", &message),
    };
    let address = body["senderEmailAddress"]["address"].as_str().map(str::trim).unwrap_or_default().to_owned();
    if !address.contains('@') {
        return refuse("ErrorInvalidParameter", "The senderEmailAddress of an override needs an SMTP address.");
    }
    let name = body["senderEmailAddress"]["name"].clone();
    let mut mail = state.mail.lock().expect("mail lock");
    let Some(mailbox) = mail.mailbox_mut(&owner) else {
        return refuse("ErrorInvalidParameter", "The mailbox has no overrides.");
    };
    let same_sender = |o: &Value| o["senderEmailAddress"]["address"].as_str().is_some_and(|a| a.eq_ignore_ascii_case(&address));
    if let Some(existing) = mailbox.overrides.iter_mut().find(|o| same_sender(o)) {
        existing["classifyAs"] = Value::from(classify);
        existing["senderEmailAddress"]["name"] = name;
        return answer(&call, StatusCode::CREATED, entity(&context, existing));
    }
    if mailbox.overrides.len() >= MOST {
        return refuse("ErrorQuotaExceeded", "The mailbox already has the most overrides it may hold (1000).");
    }
    let made = json!({"classifyAs": classify, "id": random::guid(), "senderEmailAddress": {"name": name, "address": address}});
    mailbox.overrides.push(made.clone());
    answer(&call, StatusCode::CREATED, entity(&context, &made))
}

fn not_found(state: &Shared, call: &Call) -> Response {
    let message = "The specified object was not found in the store.";
    error(state, StatusCode::NOT_FOUND, "ErrorItemNotFound", message, &call.request_id, &call.client_request_id)
}

async fn change(State(state): State<Shared>, Path(params): Path<HashMap<String, String>>, headers: HeaderMap, body: String) -> Response {
    let (call, owner, context) = match open(&state, &headers, &params, WRITE) {
        Ok(opened) => opened,
        Err(response) => return response,
    };
    let classify = match serde_json::from_str::<Value>(&body).ok().as_ref().and_then(Value::as_object).map(classify_as) {
        Some(Ok(classify)) => classify.to_owned(),
        Some(Err(message)) => {
            return error(&state, StatusCode::BAD_REQUEST, "RequestBodyRead", &message, &call.request_id, &call.client_request_id)
        }
        None => {
            let message = "Empty Payload. JSON content expected.";
            return error(&state, StatusCode::BAD_REQUEST, "BadRequest", message, &call.request_id, &call.client_request_id);
        }
    };
    let id = params.get("id").map(String::as_str).unwrap_or_default();
    let mut mail = state.mail.lock().expect("mail lock");
    let Some(existing) = mail.mailbox_mut(&owner).and_then(|m| m.overrides.iter_mut().find(|o| o["id"] == id)) else {
        return not_found(&state, &call);
    };
    existing["classifyAs"] = Value::from(classify);
    answer(&call, StatusCode::OK, entity(&context, existing))
}

async fn remove(State(state): State<Shared>, Path(params): Path<HashMap<String, String>>, headers: HeaderMap) -> Response {
    let (call, owner, _) = match open(&state, &headers, &params, WRITE) {
        Ok(opened) => opened,
        Err(response) => return response,
    };
    let id = params.get("id").map(String::as_str).unwrap_or_default();
    let mut mail = state.mail.lock().expect("mail lock");
    let Some(mailbox) = mail.mailbox_mut(&owner) else {
        return not_found(&state, &call);
    };
    let before = mailbox.overrides.len();
    mailbox.overrides.retain(|o| o["id"] != id);
    if mailbox.overrides.len() == before {
        return not_found(&state, &call);
    }
    no_content(&call)
}
