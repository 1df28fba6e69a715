//! `mailboxSettings`: a mailbox's time zone, automatic replies, language and working hours,
//! read whole or one property at a time and changed by `PATCH`, with Graph's answers and
//! errors (emulator/FIDELITY.md, "Mailbox settings"; docs/research/mailbox-settings.md).

use super::zones::{self, parse_local};
use super::{error, open_own, preflight, with_graph_headers, Call};
use crate::Shared;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{TimeZone, Utc};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

const READ: &[&str] = &["MailboxSettings.Read", "MailboxSettings.ReadWrite"];
const WRITE: &[&str] = &["MailboxSettings.ReadWrite"];
/// What `PATCH` may change, and whether each is an object (else a string); `archiveFolder`
/// and `userPurpose` are read-only.
const WRITABLE: &[(&str, bool)] = &[
    ("automaticRepliesSetting", true),
    ("dateFormat", false),
    ("delegateMeetingMessageDeliveryOptions", false),
    ("language", true),
    ("timeFormat", false),
    ("timeZone", false),
    ("workingHours", true),
];
const STATUSES: &[&str] = &["disabled", "alwaysEnabled", "scheduled"];
const AUDIENCES: &[&str] = &["none", "contactsOnly", "all"];

pub fn routes() -> Router<Shared> {
    let mut router = Router::new();
    for prefix in ["/v1.0/me/mailboxSettings", "/v1.0/users/{user}/mailboxSettings"] {
        router = router
            .route(prefix, get(read_all).patch(change).options(preflight))
            .route(&format!("{prefix}/{{property}}"), get(read_one).options(preflight));
    }
    router
}

/// A new mailbox's settings, as Exchange Online fills them in: automatic replies off (their
/// schedule is always there), the organisation's default formats and working hours. No
/// `timeZone` until one is chosen: Outlook on the web asks at the first visit, and Graph
/// leaves the property out until then.
pub fn defaults(now: chrono::DateTime<Utc>) -> Map<String, Value> {
    let day = |at: chrono::DateTime<Utc>| json!({"dateTime": at.format("%Y-%m-%dT%H:00:00.0000000").to_string(), "timeZone": "UTC"});
    let settings = json!({
        "archiveFolder": "",
        "delegateMeetingMessageDeliveryOptions": "sendToDelegateOnly",
        "dateFormat": "M/d/yyyy",
        "timeFormat": "h:mm tt",
        "userPurpose": "user",
        "automaticRepliesSetting": {
            "status": "disabled",
            "externalAudience": "all",
            "internalReplyMessage": "",
            "externalReplyMessage": "",
            "scheduledStartDateTime": day(now),
            "scheduledEndDateTime": day(now + chrono::Duration::days(1)),
        },
        "language": {"locale": "en-US", "displayName": "English (United States)"},
        "workingHours": {
            "daysOfWeek": ["monday", "tuesday", "wednesday", "thursday", "friday"],
            "startTime": "08:00:00.0000000",
            "endTime": "17:00:00.0000000",
            "timeZone": {"name": "UTC"},
        },
    });
    let Value::Object(settings) = settings else { unreachable!("a JSON object literal") };
    settings
}

fn settings_of(state: &Shared, owner: &str) -> Map<String, Value> {
    state.mail.lock().expect("mail lock").mailbox(owner).map(|mailbox| mailbox.settings.clone()).unwrap_or_default()
}

fn answer(call: &Call, body: Value) -> Response {
    with_graph_headers(axum::Json(body).into_response(), &call.request_id, &call.client_request_id)
}

async fn read_all(State(state): State<Shared>, Path(params): Path<HashMap<String, String>>, headers: HeaderMap) -> Response {
    let (call, owner, context) = match open_own(&state, &headers, &params, READ, "mailboxSettings") {
        Ok(opened) => opened,
        Err(response) => return response,
    };
    let mut body = Map::new();
    body.insert("@odata.context".into(), Value::from(context));
    body.extend(settings_of(&state, &owner));
    answer(&call, Value::Object(body))
}

/// One property: an object comes as itself, a plain value as `{"value": …}`.
async fn read_one(State(state): State<Shared>, Path(params): Path<HashMap<String, String>>, headers: HeaderMap) -> Response {
    let (call, owner, context) = match open_own(&state, &headers, &params, READ, "mailboxSettings") {
        Ok(opened) => opened,
        Err(response) => return response,
    };
    let property = params.get("property").cloned().unwrap_or_default();
    let settings = settings_of(&state, &owner);
    let Some((name, value)) = settings.iter().find(|(name, _)| name.eq_ignore_ascii_case(&property)) else {
        let message = format!("Resource not found for the segment '{property}'.");
        return error(&state, StatusCode::BAD_REQUEST, "BadRequest", &message, &call.request_id, &call.client_request_id);
    };
    let context = Value::from(format!("{context}/{name}"));
    let body = match value {
        Value::Object(object) => {
            let mut body = Map::from_iter([("@odata.context".to_owned(), context)]);
            body.extend(object.clone());
            Value::Object(body)
        }
        other => json!({"@odata.context": context, "value": other}),
    };
    answer(&call, body)
}

/// Why a change is refused: (code, message), as Graph answers 400.
type Refused = (&'static str, String);

fn not_found_value(value: &str) -> Refused {
    ("InvalidArguments", format!("Requested value '{value}' was not found."))
}

/// A schedule's moment as Exchange keeps it: UTC, seven fractional digits.
fn in_utc(value: &Value) -> Result<Value, Refused> {
    let unreadable = || ("RequestBodyRead", "Cannot convert the literal to the expected type 'Edm.DateTimeOffset'.".to_owned());
    let local = value["dateTime"].as_str().and_then(parse_local).ok_or_else(unreadable)?;
    let zone = value["timeZone"].as_str().unwrap_or("UTC");
    let tz = zones::zone(zone).ok_or_else(|| ("InvalidTimeZone", "Time Zone settings provided are invalid.".to_owned()))?;
    let utc = tz.from_local_datetime(&local).earliest().ok_or_else(unreadable)?.with_timezone(&Utc);
    Ok(json!({"dateTime": utc.format("%Y-%m-%dT%H:%M:%S.0000000").to_string(), "timeZone": "UTC"}))
}

fn merge_automatic_replies(current: &mut Value, given: &Map<String, Value>) -> Result<(), Refused> {
    for (name, value) in given {
        let checked = match name.as_str() {
            "status" | "externalAudience" => {
                let allowed = if name == "status" { STATUSES } else { AUDIENCES };
                let text = value.as_str().unwrap_or_default();
                let known = allowed.iter().find(|known| known.eq_ignore_ascii_case(text)).ok_or_else(|| not_found_value(text))?;
                Value::from(*known)
            }
            "internalReplyMessage" | "externalReplyMessage" => Value::from(value.as_str().unwrap_or_default()),
            "scheduledStartDateTime" | "scheduledEndDateTime" => in_utc(value)?,
            other => {
                return Err((
                    "RequestBodyRead",
                    format!("The property '{other}' does not exist on type 'microsoft.graph.automaticRepliesSetting'. Make sure to only use property names that are defined by the type or mark the type as open type."),
                ))
            }
        };
        current[name] = checked;
    }
    if current["status"] == "scheduled" {
        let start = current["scheduledStartDateTime"]["dateTime"].as_str().unwrap_or_default();
        let end = current["scheduledEndDateTime"]["dateTime"].as_str().unwrap_or_default();
        if end <= start {
            return Err(("ErrorInvalidScheduledOofDuration", "The scheduled duration for sending automatic replies isn't valid.".into()));
        }
    }
    Ok(())
}

fn apply(settings: &mut Map<String, Value>, changes: &Map<String, Value>) -> Result<(), Refused> {
    for (name, value) in changes {
        let Some((_, object)) = WRITABLE.iter().find(|(known, _)| known == name) else {
            return Err((
                "RequestBodyRead",
                format!("The property '{name}' does not exist on type 'microsoft.graph.mailboxSettings'. Make sure to only use property names that are defined by the type or mark the type as open type."),
            ));
        };
        if *object != value.is_object() || (!*object && !value.is_string()) {
            let expected = if *object { "an object" } else { "a string" };
            return Err(("RequestBodyRead", format!("The value of '{name}' must be {expected}.")));
        }
        match (name.as_str(), value) {
            ("automaticRepliesSetting", Value::Object(given)) => {
                let current = settings.entry(name.clone()).or_insert_with(|| json!({}));
                merge_automatic_replies(current, given)?;
            }
            ("timeZone", Value::String(zone)) if zones::zone(zone).is_some() => {
                settings.insert(name.clone(), value.clone());
            }
            ("timeZone", _) => return Err(("InvalidTimeZone", "Time Zone settings provided are invalid.".into())),
            _ => {
                settings.insert(name.clone(), value.clone());
            }
        }
    }
    Ok(())
}

/// `PATCH`: only what is sent changes; the answer names each changed property in full.
async fn change(State(state): State<Shared>, Path(params): Path<HashMap<String, String>>, headers: HeaderMap, body: String) -> Response {
    let (call, owner, context) = match open_own(&state, &headers, &params, WRITE, "mailboxSettings") {
        Ok(opened) => opened,
        Err(response) => return response,
    };
    let refuse =
        |(code, message): Refused| error(&state, StatusCode::BAD_REQUEST, code, &message, &call.request_id, &call.client_request_id);
    let Ok(Value::Object(changes)) = serde_json::from_str::<Value>(&body) else {
        return refuse(("BadRequest", "Empty Payload. JSON content expected.".into()));
    };
    let mut mail = state.mail.lock().expect("mail lock");
    let Some(mailbox) = mail.mailbox_mut(&owner) else {
        return refuse(("BadRequest", "The mailbox has no settings.".into()));
    };
    // All or nothing: a refused part leaves every setting as it was.
    let mut settings = mailbox.settings.clone();
    if let Err(refused) = apply(&mut settings, &changes) {
        return refuse(refused);
    }
    mailbox.settings = settings.clone();
    let mut answered = Map::from_iter([("@odata.context".to_owned(), Value::from(context))]);
    answered.extend(changes.keys().filter_map(|name| settings.get(name).map(|value| (name.clone(), value.clone()))));
    answer(&call, Value::Object(answered))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Map<String, Value> {
        defaults(Utc.with_ymd_and_hms(2026, 12, 1, 9, 30, 0).unwrap())
    }

    #[test]
    fn a_new_mailbox_has_replies_off_with_a_schedule_ready() {
        let settings = settings();
        assert_eq!(settings["automaticRepliesSetting"]["status"], "disabled");
        assert_eq!(settings["automaticRepliesSetting"]["scheduledStartDateTime"]["dateTime"], "2026-12-01T09:00:00.0000000");
        assert!(!settings.contains_key("timeZone"), "no zone until Outlook on the web asks for one");
    }

    #[test]
    fn scheduling_keeps_utc_and_refuses_an_end_before_the_start() {
        let mut settings = settings();
        let changes = json!({"automaticRepliesSetting": {
            "status": "Scheduled",
            "scheduledStartDateTime": {"dateTime": "2026-12-24T09:00:00", "timeZone": "W. Europe Standard Time"},
            "scheduledEndDateTime": {"dateTime": "2027-01-04T09:00:00", "timeZone": "Europe/Berlin"},
        }});
        apply(&mut settings, changes.as_object().unwrap()).unwrap();
        let replies = &settings["automaticRepliesSetting"];
        assert_eq!(replies["status"], "scheduled");
        assert_eq!(replies["scheduledStartDateTime"], json!({"dateTime": "2026-12-24T08:00:00.0000000", "timeZone": "UTC"}));
        let backwards =
            json!({"automaticRepliesSetting": {"scheduledEndDateTime": {"dateTime": "2026-12-01T00:00:00", "timeZone": "UTC"}}});
        assert_eq!(apply(&mut settings, backwards.as_object().unwrap()).unwrap_err().0, "ErrorInvalidScheduledOofDuration");
    }

    #[test]
    fn refuses_what_graph_refuses() {
        let mut settings = settings();
        let refused = |changes: Value, settings: &mut Map<String, Value>| apply(settings, changes.as_object().unwrap()).unwrap_err();
        assert_eq!(refused(json!({"automaticRepliesSetting": {"status": "sometimes"}}), &mut settings), not_found_value("sometimes"));
        assert_eq!(refused(json!({"timeZone": "Mars/Olympus"}), &mut settings).0, "InvalidTimeZone");
        assert_eq!(refused(json!({"userPurpose": "shared"}), &mut settings).0, "RequestBodyRead");
        assert_eq!(refused(json!({"automaticRepliesSetting": {"colour": "red"}}), &mut settings).0, "RequestBodyRead");
        assert_eq!(refused(json!({"automaticRepliesSetting": "on"}), &mut settings).0, "RequestBodyRead");
        assert_eq!(refused(json!({"dateFormat": 5}), &mut settings).0, "RequestBodyRead");
        assert_eq!(refused(json!({"archiveFolder": "AAMk"}), &mut settings).0, "RequestBodyRead");
        apply(&mut settings, json!({"timeZone": "Pacific Standard Time"}).as_object().unwrap()).unwrap();
        assert_eq!(settings["timeZone"], "Pacific Standard Time");
    }
}
