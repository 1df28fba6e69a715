//! A mailbox's master list of categories (`/me/outlook/masterCategories`): names and
//! colours that messages, events and contacts name in their `categories`. What Graph is
//! documented to do, and what is only a best guess, is in emulator/FIDELITY.md
//! ("Categories"; docs/research/categories-and-focused.md, part A).

use super::{answer, entity, error, no_content, open_own, preflight, Call};
use crate::identity::random;
use crate::Shared;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

const READ: &[&str] = &["MailboxSettings.Read", "MailboxSettings.ReadWrite"];
const WRITE: &[&str] = &["MailboxSettings.ReadWrite"];
const SEGMENT: &str = "outlook/masterCategories";

/// The six categories of the list example on the reference page, with its colours.
pub fn defaults(seed: &str) -> Vec<Value> {
    [
        ("Red category", "preset0"),
        ("Orange category", "preset1"),
        ("Yellow category", "preset3"),
        ("Green category", "preset4"),
        ("Blue category", "preset7"),
        ("Purple category", "preset8"),
    ]
    .iter()
    .map(|(name, color)| json!({"id": seeded_guid(&format!("{seed}/category/{name}")), "displayName": name, "color": color}))
    .collect()
}

/// A GUID that is the same on every start, so a test can name a demo category by id.
fn seeded_guid(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    random::format_guid(&bytes)
}

fn is_color(value: &str) -> bool {
    if value == "none" {
        return true;
    }
    let Some(number) = value.strip_prefix("preset") else { return false };
    let digits = !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) && (number == "0" || !number.starts_with('0'));
    digits && number.parse::<u8>().is_ok_and(|n| n <= 24)
}

pub fn routes() -> Router<Shared> {
    let mut router = Router::new();
    for prefix in ["/v1.0/me/outlook/masterCategories", "/v1.0/users/{user}/outlook/masterCategories"] {
        router = router
            .route(prefix, get(list).post(create).options(preflight))
            .route(&format!("{prefix}/{{id}}"), get(read).patch(change).delete(remove).options(preflight));
    }
    router
}

async fn list(State(state): State<Shared>, Path(params): Path<HashMap<String, String>>, headers: HeaderMap) -> Response {
    let (call, owner, context) = match open_own(&state, &headers, &params, READ, SEGMENT) {
        Ok(opened) => opened,
        Err(response) => return response,
    };
    let categories = state.mail.lock().expect("mail lock").mailbox(&owner).map(|m| m.categories.clone()).unwrap_or_default();
    answer(&call, StatusCode::OK, json!({"@odata.context": context, "value": categories}))
}

fn not_found(state: &Shared, call: &Call) -> Response {
    let message = "The specified object was not found in the store.";
    error(state, StatusCode::NOT_FOUND, "ErrorItemNotFound", message, &call.request_id, &call.client_request_id)
}

async fn read(State(state): State<Shared>, Path(params): Path<HashMap<String, String>>, headers: HeaderMap) -> Response {
    let (call, owner, context) = match open_own(&state, &headers, &params, READ, SEGMENT) {
        Ok(opened) => opened,
        Err(response) => return response,
    };
    let id = params.get("id").map(String::as_str).unwrap_or_default();
    let mail = state.mail.lock().expect("mail lock");
    match mail
        .mailbox(&owner)
        .and_then(|m| m.categories.iter().find(|c| c["id"].as_str().is_some_and(|known| known.eq_ignore_ascii_case(id))))
    {
        Some(category) => answer(&call, StatusCode::OK, entity(&context, category)),
        None => not_found(&state, &call),
    }
}

/// Why a body is refused: (code, message), answered 400.
fn color_of(body: &Map<String, Value>) -> Result<Option<String>, (&'static str, String)> {
    match body.get("color") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(color)) if is_color(color) => Ok(Some(color.clone())),
        Some(Value::String(color)) => Err(("RequestBodyRead", format!("Requested value '{color}' was not found."))),
        Some(_) => Err(("RequestBodyRead", "Cannot convert the literal to the expected type 'microsoft.graph.categoryColor'.".into())),
    }
}

async fn create(State(state): State<Shared>, Path(params): Path<HashMap<String, String>>, headers: HeaderMap, body: String) -> Response {
    let (call, owner, context) = match open_own(&state, &headers, &params, WRITE, SEGMENT) {
        Ok(opened) => opened,
        Err(response) => return response,
    };
    let refuse =
        |status: StatusCode, code: &str, message: &str| error(&state, status, code, message, &call.request_id, &call.client_request_id);
    let Ok(Value::Object(body)) = serde_json::from_str::<Value>(&body) else {
        return refuse(StatusCode::BAD_REQUEST, "BadRequest", "Empty Payload. JSON content expected.");
    };
    let name = body.get("displayName").and_then(Value::as_str).map(str::trim).unwrap_or_default().to_owned();
    if name.is_empty() {
        return refuse(StatusCode::BAD_REQUEST, "ErrorInvalidParameter", "The displayName of a category can't be empty.");
    }
    let color = match color_of(&body) {
        Ok(color) => color.unwrap_or_else(|| "none".into()),
        Err((code, message)) => return refuse(StatusCode::BAD_REQUEST, code, &message),
    };
    let mut mail = state.mail.lock().expect("mail lock");
    let Some(mailbox) = mail.mailbox_mut(&owner) else {
        return not_found(&state, &call);
    };
    if mailbox.categories.iter().any(|c| c["displayName"].as_str().is_some_and(|known| known.eq_ignore_ascii_case(&name))) {
        let message = format!("A category with the name '{name}' already exists.");
        return refuse(StatusCode::CONFLICT, "ErrorDuplicate", &message);
    }
    let category = json!({"id": random::guid(), "displayName": name, "color": color});
    mailbox.categories.push(category.clone());
    answer(&call, StatusCode::CREATED, entity(&context, &category))
}

/// Only the colour changes: a new `displayName` is passed over without an error, as a
/// client reported from the service.
async fn change(State(state): State<Shared>, Path(params): Path<HashMap<String, String>>, headers: HeaderMap, body: String) -> Response {
    let (call, owner, context) = match open_own(&state, &headers, &params, WRITE, SEGMENT) {
        Ok(opened) => opened,
        Err(response) => return response,
    };
    let Ok(Value::Object(body)) = serde_json::from_str::<Value>(&body) else {
        return error(
            &state,
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "Empty Payload. JSON content expected.",
            &call.request_id,
            &call.client_request_id,
        );
    };
    let color = match color_of(&body) {
        Ok(color) => color,
        Err((code, message)) => return error(&state, StatusCode::BAD_REQUEST, code, &message, &call.request_id, &call.client_request_id),
    };
    let id = params.get("id").map(String::as_str).unwrap_or_default();
    let mut mail = state.mail.lock().expect("mail lock");
    let category = mail
        .mailbox_mut(&owner)
        .and_then(|m| m.categories.iter_mut().find(|c| c["id"].as_str().is_some_and(|known| known.eq_ignore_ascii_case(id))));
    let Some(category) = category else {
        return not_found(&state, &call);
    };
    if let Some(color) = color {
        category["color"] = Value::String(color);
    }
    answer(&call, StatusCode::OK, entity(&context, category))
}

/// The category leaves the list; items that name it keep the name, shown without a colour.
async fn remove(State(state): State<Shared>, Path(params): Path<HashMap<String, String>>, headers: HeaderMap) -> Response {
    let (call, owner, _) = match open_own(&state, &headers, &params, WRITE, SEGMENT) {
        Ok(opened) => opened,
        Err(response) => return response,
    };
    let id = params.get("id").map(String::as_str).unwrap_or_default();
    let mut mail = state.mail.lock().expect("mail lock");
    let Some(mailbox) = mail.mailbox_mut(&owner) else {
        return not_found(&state, &call);
    };
    let before = mailbox.categories.len();
    mailbox.categories.retain(|c| !c["id"].as_str().is_some_and(|known| known.eq_ignore_ascii_case(id)));
    if mailbox.categories.len() == before {
        return not_found(&state, &call);
    }
    no_content(&call)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_none_and_the_twenty_five_presets() {
        assert!(is_color("none") && is_color("preset0") && is_color("preset24"));
        assert!(!is_color("preset25") && !is_color("preset01") && !is_color("Preset1") && !is_color("red"));
    }

    #[test]
    fn the_defaults_keep_their_ids_across_starts() {
        assert_eq!(defaults("adele"), defaults("adele"));
        assert_ne!(defaults("adele")[0]["id"], defaults("megan")[0]["id"]);
        assert_eq!(defaults("adele")[0]["color"], "preset0");
    }
}
