//! `GET …/mailFolders/{id}/messages/delta`: a folder's messages, then what changed since.
//!
//! A round runs over the mailbox's change log up to the sequence number it started at:
//! pages follow `@odata.nextLink` (`$skiptoken`) until the last one carries
//! `@odata.deltaLink` (`$deltatoken`), which starts the next round from there. Tokens are
//! opaque to clients and carry the folder, the window and `$select`, so the links need
//! nothing else, as Graph's do. A token the mailbox cannot resume from answers 410
//! `SyncStateNotFound`, which tells a client to sync again from scratch.
//!
//! As Graph documents for message delta, a round may be narrowed: `$filter` on
//! `receivedDateTime` with `ge` or `gt` only, `$orderby=receivedDateTime desc` only, the
//! custom `changeType=created|updated|deleted`, and `$top`, which developers report caps
//! the first (initial) round; the links keep all of them.

use super::mail::{ctx, render_message, Ctx, Need};
use super::odata::MESSAGE_PROPERTIES;
use super::store::{Mailbox, Message};
use crate::Shared;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::DateTime;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// A page's size when the client does not ask for one.
const DEFAULT_PAGE_SIZE: usize = 10;

pub fn routes() -> Router<Shared> {
    let mut router = Router::new();
    for prefix in ["/v1.0/me", "/v1.0/users/{user}"] {
        router = router.route(&format!("{prefix}/mailFolders/{{folder}}/messages/delta"), get(delta).options(super::preflight));
    }
    router
}

/// Where a round stands: changes after `since` up to `upto`, from item `offset` on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Round {
    folder: String,
    since: u64,
    upto: u64,
    offset: usize,
    select: Option<Vec<String>>,
    #[serde(default)]
    narrowing: Narrowing,
    /// The first round of a sync: everything in the folder, no removals, `$top` applies.
    #[serde(default)]
    initial: bool,
}

/// What a client asked the rounds to keep to, from the first request on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Narrowing {
    /// `receivedDateTime ge|gt …`: the instant in Unix milliseconds, and whether it is included.
    received_from: Option<(i64, bool)>,
    newest_first: bool,
    top: Option<usize>,
    change_type: Option<ChangeType>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
enum ChangeType {
    Created,
    Updated,
    Deleted,
}

fn encode(round: &Round) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(round).unwrap_or_default())
}

fn decode(token: &str) -> Option<Round> {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(token).ok()?).ok()
}

/// `Prefer: odata.maxpagesize=N`, if sent and sensible.
fn max_page_size(headers: &HeaderMap) -> Option<usize> {
    headers
        .get_all("prefer")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|p| p.trim().strip_prefix("odata.maxpagesize="))
        .find_map(|n| n.trim().parse::<usize>().ok().filter(|n| *n > 0))
}

enum Start {
    Fresh(Option<Vec<String>>, Narrowing),
    Page(String),
    Resume(String),
}

/// `receivedDateTime ge 2026-11-01T00:00:00Z` (or `gt`), the only filter delta takes.
fn received_filter(text: &str) -> Option<(i64, bool)> {
    let mut words = text.split_whitespace();
    let (property, operator, value) = (words.next()?, words.next()?, words.next()?);
    if words.next().is_some() || !property.eq_ignore_ascii_case("receivedDateTime") {
        return None;
    }
    let inclusive = match operator.to_ascii_lowercase().as_str() {
        "ge" => true,
        "gt" => false,
        _ => return None,
    };
    let at = DateTime::parse_from_rfc3339(value.trim_matches('\'')).ok()?.timestamp_millis();
    Some((at, inclusive))
}

fn parse_query(ctx: &Ctx, raw: Option<&str>) -> Result<Start, Response> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or(""))
        .map_err(|_| ctx.fail(StatusCode::BAD_REQUEST, "BadRequest", "The query specified in the URI is not valid."))?;
    let mut select = None;
    let mut narrowing = Narrowing::default();
    let mut link = None;
    let refuse = |message: &str| ctx.fail(StatusCode::BAD_REQUEST, "BadRequest", message);
    for (name, value) in pairs {
        match name.to_ascii_lowercase().as_str() {
            "$select" => {
                let names: Vec<String> = value.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect();
                if let Some(unknown) = names.iter().find(|n| !MESSAGE_PROPERTIES.iter().any(|p| p.eq_ignore_ascii_case(n))) {
                    let message = format!("Could not find a property named '{unknown}' on type 'microsoft.graph.message'.");
                    return Err(ctx.fail(StatusCode::BAD_REQUEST, "RequestBroker--ParseUri", &message));
                }
                select = Some(names);
            }
            "$filter" => {
                narrowing.received_from =
                    Some(received_filter(&value).ok_or_else(|| {
                        refuse("The only supported $filter for message delta is receivedDateTime ge or gt a date and time.")
                    })?);
            }
            "$orderby" => {
                let words: Vec<String> = value.split_whitespace().map(str::to_ascii_lowercase).collect();
                if words != ["receiveddatetime", "desc"] {
                    return Err(refuse("The only supported $orderby for message delta is receivedDateTime desc."));
                }
                narrowing.newest_first = true;
            }
            "$top" => {
                let top = value.trim().parse::<usize>().ok().filter(|top| *top > 0);
                narrowing.top =
                    Some(top.ok_or_else(|| refuse(&format!("Invalid $top value '{value}': a positive whole number is needed.")))?);
            }
            "changetype" => {
                narrowing.change_type = Some(match value.trim().to_ascii_lowercase().as_str() {
                    "created" => ChangeType::Created,
                    "updated" => ChangeType::Updated,
                    "deleted" => ChangeType::Deleted,
                    _ => return Err(refuse(&format!("'{value}' is not a changeType: use created, updated or deleted."))),
                });
            }
            "$skiptoken" => link = Some(Start::Page(value)),
            "$deltatoken" => link = Some(Start::Resume(value)),
            other if other.starts_with('$') => {
                return Err(ctx.fail(
                    StatusCode::BAD_REQUEST,
                    "BadRequest",
                    &format!("The query parameter '{name}' is not supported with delta."),
                ));
            }
            _ => {}
        }
    }
    Ok(link.unwrap_or(Start::Fresh(select, narrowing)))
}

fn sync_state_not_found(ctx: &Ctx, highest: u64) -> Response {
    ctx.fail(StatusCode::GONE, "SyncStateNotFound", &format!("The sync state generation is not found; generation=0;[highest={highest}]."))
}

/// The round a request continues, or `None` when its token names no state of this folder.
fn round_for(start: Start, folder_id: &str, now: u64) -> Option<Round> {
    let round = match start {
        Start::Fresh(select, narrowing) => {
            Round { folder: folder_id.to_owned(), since: 0, upto: now, offset: 0, select, narrowing, initial: true }
        }
        Start::Page(token) => decode(&token)?,
        Start::Resume(token) => {
            let last = decode(&token)?;
            Round { since: last.upto, upto: now, offset: 0, initial: false, ..last }
        }
    };
    (round.folder == folder_id && round.since <= round.upto && round.upto <= now).then_some(round)
}

/// The round's items: messages changed in the window (whole, or as `$select` says), then
/// those that left the folder in it. A first round reports no removals.
fn changes(ctx: &Ctx, mailbox: &Mailbox, round: &Round) -> Vec<Value> {
    let in_window = |at: u64| at > round.since && at <= round.upto;
    let narrowing = &round.narrowing;
    let received =
        |m: &Message| m.value("receivedDateTime").as_str().and_then(|t| DateTime::parse_from_rfc3339(t).ok()).map(|t| t.timestamp_millis());
    let wanted = |m: &Message| {
        let kind_fits = match narrowing.change_type {
            None => true,
            Some(ChangeType::Created) => in_window(m.arrived),
            Some(ChangeType::Updated) => !in_window(m.arrived),
            Some(ChangeType::Deleted) => false,
        };
        let date_fits = narrowing
            .received_from
            .is_none_or(|(from, inclusive)| received(m).is_some_and(|at| if inclusive { at >= from } else { at > from }));
        m.folder_id == round.folder && in_window(m.changed) && kind_fits && date_fits
    };
    let mut changed: Vec<&Message> = mailbox.messages.iter().filter(|m| wanted(m)).collect();
    if narrowing.newest_first {
        changed.sort_by_key(|m| std::cmp::Reverse(received(m)));
    } else {
        changed.sort_by_key(|m| m.changed);
    }
    if let Some(top) = narrowing.top.filter(|_| round.initial) {
        changed.truncate(top);
    }
    let mut items: Vec<Value> = changed
        .iter()
        .map(|m| {
            let mut item = render_message(ctx, m, round.select.as_deref());
            if let Value::Object(map) = &mut item {
                map.insert("@odata.type".into(), Value::from("#microsoft.graph.message"));
            }
            item
        })
        .collect();
    let removals_wanted = matches!(narrowing.change_type, None | Some(ChangeType::Deleted));
    if !round.initial && removals_wanted {
        let still_here = |id: &str| mailbox.messages.iter().any(|m| m.id == id && m.folder_id == round.folder);
        items.extend(
            mailbox
                .removals
                .iter()
                .filter(|r| r.folder_id == round.folder && in_window(r.at) && !still_here(&r.id))
                .map(|r| json!({"@odata.type": "#microsoft.graph.message", "id": r.id, "@removed": {"reason": "deleted"}})),
        );
    }
    items
}

async fn delta(
    State(state): State<Shared>,
    Path(params): Path<HashMap<String, String>>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let ctx = ctx!(state, headers, params, Need::Read);
    let start = match parse_query(&ctx, raw.as_deref()) {
        Ok(start) => start,
        Err(response) => return response,
    };
    let key = params.get("folder").cloned().unwrap_or_default();
    let page_size = max_page_size(&headers);
    let outcome = ctx.with_mailbox(|mailbox| {
        let folder_id = mailbox.folder(&key).map(|f| f.id.clone()).ok_or(None)?;
        let round = round_for(start, &folder_id, mailbox.sequence()).ok_or(Some(mailbox.sequence()))?;
        Ok((changes(&ctx, mailbox, &round), round))
    });
    let (items, round) = match outcome {
        Ok(found) => found,
        Err(None) => return ctx.unknown_id(&key),
        Err(Some(highest)) => return sync_state_not_found(&ctx, highest),
    };
    let size = page_size.unwrap_or(DEFAULT_PAGE_SIZE);
    let end = (round.offset + size).min(items.len());
    let value: Vec<Value> = items.iter().skip(round.offset).take(end.saturating_sub(round.offset)).cloned().collect();
    let mailbox = params.get("user").map_or_else(|| "me".to_owned(), |user| format!("users/{user}"));
    let link = format!("{}/v1.0/{mailbox}/mailFolders/{}/messages/delta", state.origin, round.folder);
    let mut body = Map::new();
    body.insert("@odata.context".into(), Value::from(format!("{}/v1.0/$metadata#Collection(message)", state.origin)));
    if end < items.len() {
        let next = Round { offset: end, ..round };
        body.insert("@odata.nextLink".into(), Value::from(format!("{link}?$skiptoken={}", encode(&next))));
    } else {
        let done = Round { offset: 0, ..round };
        body.insert("@odata.deltaLink".into(), Value::from(format!("{link}?$deltatoken={}", encode(&done))));
    }
    body.insert("value".into(), Value::from(value));
    let mut response = ctx.reply(StatusCode::OK, Value::Object(body));
    if let Some(size) = page_size {
        if let Ok(value) = HeaderValue::from_str(&format!("odata.maxpagesize={size}")) {
            response.headers_mut().append("preference-applied", value);
        }
    }
    response
}
