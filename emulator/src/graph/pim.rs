//! What calendar, contacts and To Do share: who may open whose data, the answer's headers
//! (`Preference-Applied`), list options and paging, and delta rounds.

use super::pim_store::{Pending, PimBox, Snapshot};
use super::store::is_well_formed_id;
use super::zones;
use super::{authenticate, error, has_scope, owner_of, with_graph_headers, Call, Owner};
use crate::Shared;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono_tz::Tz;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

pub type Params = axum::extract::Path<HashMap<String, String>>;

/// Items in a page when the caller does not say: Outlook's default for its collections.
pub const DEFAULT_PAGE: usize = 10;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Read,
    Write,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Workload {
    Calendars,
    Contacts,
    Tasks,
}

impl Workload {
    fn scopes(self, own: bool, need: Need) -> &'static [&'static str] {
        match (self, own, need) {
            (Workload::Calendars, true, Need::Read) => {
                &["Calendars.Read", "Calendars.ReadWrite", "Calendars.Read.Shared", "Calendars.ReadWrite.Shared"]
            }
            (Workload::Calendars, true, Need::Write) => &["Calendars.ReadWrite", "Calendars.ReadWrite.Shared"],
            (Workload::Calendars, false, Need::Read) => &["Calendars.Read.Shared", "Calendars.ReadWrite.Shared"],
            (Workload::Calendars, false, Need::Write) => &["Calendars.ReadWrite.Shared"],
            (Workload::Contacts, true, Need::Read) => {
                &["Contacts.Read", "Contacts.ReadWrite", "Contacts.Read.Shared", "Contacts.ReadWrite.Shared"]
            }
            (Workload::Contacts, true, Need::Write) => &["Contacts.ReadWrite", "Contacts.ReadWrite.Shared"],
            (Workload::Contacts, false, Need::Read) => &["Contacts.Read.Shared", "Contacts.ReadWrite.Shared"],
            (Workload::Contacts, false, Need::Write) => &["Contacts.ReadWrite.Shared"],
            (Workload::Tasks, true, Need::Read) => &["Tasks.Read", "Tasks.ReadWrite"],
            (Workload::Tasks, true, Need::Write) => &["Tasks.ReadWrite"],
            // To Do has no delegated access to someone else's lists.
            (Workload::Tasks, false, _) => &[],
        }
    }
}

/// A call allowed into one user's calendars, contacts or lists.
pub struct Ctx {
    pub call: Call,
    pub state: Shared,
    pub owner: String,
    /// `users('…')` as Graph names the user in `@odata.context`.
    context: String,
    /// `Prefer: outlook.timezone` (calendars only): the name as sent and the zone it names.
    pub zone: Option<(String, Tz)>,
    /// `Prefer: odata.maxpagesize`
    pub max_page: Option<usize>,
    /// `Prefer: outlook.body-content-type="text"` (calendars only)
    pub text_body: bool,
}

use super::odata::{count_option, select_option, top_option, unknown_property};
/// A refusal of a request's options: always 400.
pub(super) use super::odata::{problem as refusal, Problem as Refusal};

impl Ctx {
    pub fn fail(&self, status: StatusCode, code: &str, message: &str) -> Response {
        error(&self.state, status, code, message, &self.call.request_id, &self.call.client_request_id)
    }

    pub fn bad(&self, refusal: Refusal) -> Response {
        self.fail(StatusCode::BAD_REQUEST, refusal.code, &refusal.message)
    }

    /// 400 for an id that cannot be one, 404 for one that names nothing here.
    pub fn unknown_id(&self, id: &str) -> Response {
        if is_well_formed_id(id) {
            self.fail(StatusCode::NOT_FOUND, "ErrorItemNotFound", "The specified object was not found in the store.")
        } else {
            self.fail(StatusCode::BAD_REQUEST, "ErrorInvalidIdMalformed", "Id is malformed.")
        }
    }

    /// The zone answers are given in: the preferred one, or UTC.
    pub fn zone(&self) -> (&str, Tz) {
        self.zone.as_ref().map_or(("UTC", Tz::UTC), |(name, tz)| (name.as_str(), *tz))
    }

    pub fn reply(&self, status: StatusCode, body: Value) -> Response {
        let mut response = (status, axum::Json(body)).into_response();
        let mut applied = Vec::new();
        if let Some((name, _)) = &self.zone {
            applied.push(format!("outlook.timezone=\"{name}\""));
        }
        if self.text_body {
            applied.push("outlook.body-content-type=\"text\"".to_owned());
        }
        if let Some(size) = self.max_page {
            applied.push(format!("odata.maxpagesize={size}"));
        }
        if let Some(value) = Some(applied.join(", ")).filter(|v| !v.is_empty()).and_then(|v| HeaderValue::from_str(&v).ok()) {
            response.headers_mut().insert("preference-applied", value);
        }
        with_graph_headers(response, &self.call.request_id, &self.call.client_request_id)
    }

    /// 202 or 204: an answer without a body.
    pub fn empty(&self, status: StatusCode) -> Response {
        with_graph_headers(status.into_response(), &self.call.request_id, &self.call.client_request_id)
    }

    pub fn metadata(&self, rest: &str) -> String {
        format!("{}/v1.0/$metadata#{}/{rest}", self.state.origin, self.context)
    }

    pub fn now(&self) -> String {
        self.state.identity().now().rfc3339()
    }

    pub fn with_pim<T>(&self, f: impl FnOnce(&mut PimBox) -> T) -> T {
        let mut pim = self.state.pim.lock().expect("pim lock");
        f(pim.of(&self.owner).expect("every user has calendars, contacts and lists"))
    }

    /// Someone else's box, e.g. the organizer's when an attendee answers.
    pub fn with_pim_of<T>(&self, upn: &str, f: impl FnOnce(&mut PimBox) -> T) -> Option<T> {
        let mut pim = self.state.pim.lock().expect("pim lock");
        pim.of(upn).map(f)
    }

    /// The request body as a JSON object.
    pub fn object(&self, body: &str) -> Result<Map<String, Value>, Response> {
        match serde_json::from_str::<Value>(body) {
            Ok(Value::Object(map)) => Ok(map),
            _ => {
                Err(self.fail(StatusCode::BAD_REQUEST, "RequestBodyRead", "Invalid JSON. A token was not recognized in the JSON content."))
            }
        }
    }
}

/// The value of one `Prefer` preference, e.g. `outlook.timezone`, unquoted.
pub fn preference(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all("prefer")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|p| p.split_once('='))
        .find(|(key, _)| key.trim().eq_ignore_ascii_case(name))
        .map(|(_, value)| value.trim().trim_matches('"').to_owned())
}

pub fn open(
    state: &Shared,
    headers: &HeaderMap,
    params: &HashMap<String, String>,
    workload: Workload,
    need: Need,
) -> Result<Ctx, Response> {
    let call = authenticate(state, headers)?;
    let fail =
        |call: &Call, status, code: &str, message: &str| error(state, status, code, message, &call.request_id, &call.client_request_id);
    let Owner { owner, context, own, granted } = owner_of(state, &call, params)?;
    // The full-access grants of mailboxes cover their calendars and contacts too.
    if !has_scope(&call, workload.scopes(own, need)) || !granted {
        return Err(fail(&call, StatusCode::FORBIDDEN, "ErrorAccessDenied", "Access is denied. Check credentials and try again."));
    }
    let zone = match preference(headers, "outlook.timezone").filter(|_| workload == Workload::Calendars) {
        None => None,
        Some(name) => match zones::zone(&name) {
            Some(tz) => Some((name, tz)),
            None => {
                let message = format!("A valid TimeZone value must be specified. The following TimeZone value is not supported: '{name}'.");
                return Err(fail(&call, StatusCode::BAD_REQUEST, "TimeZoneNotSupportedException", &message));
            }
        },
    };
    let max_page = preference(headers, "odata.maxpagesize").and_then(|n| n.parse().ok()).filter(|n| *n > 0);
    let text_body =
        workload == Workload::Calendars && preference(headers, "outlook.body-content-type").is_some_and(|v| v.eq_ignore_ascii_case("text"));
    Ok(Ctx { call, state: state.clone(), owner, context, zone, max_page, text_body })
}

macro_rules! pim_ctx {
    ($state:expr, $headers:expr, $params:expr, $workload:expr, $need:expr) => {
        match crate::graph::pim::open(&$state, &$headers, &$params, $workload, $need) {
            Ok(ctx) => ctx,
            Err(response) => return response,
        }
    };
}
pub(crate) use pim_ctx;

/// The OData options of a list, checked against the entity's properties.
#[derive(Default)]
pub struct ListQuery {
    pub select: Option<Vec<String>>,
    pub top: Option<usize>,
    pub skip: usize,
    pub order_by: Vec<(String, bool)>,
    pub filter: Option<String>,
    pub count: bool,
    /// Parameters that are not OData options (`startDateTime`, `$deltatoken`, …) by
    /// lower-case name.
    pub params: HashMap<String, String>,
    /// The decoded pairs as sent, to build `@odata.nextLink` from.
    pairs: Vec<(String, String)>,
}

pub fn no_property(type_name: &str, name: &str) -> Refusal {
    unknown_property(type_name, name)
}

impl ListQuery {
    /// `properties` are the entity's, `type_name` its qualified name for messages.
    pub fn parse(raw: Option<&str>, properties: &[&str], type_name: &str) -> Result<ListQuery, Refusal> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or(""))
            .map_err(|_| refusal("BadRequest", "The query specified in the URI is not valid."))?;
        let mut query = ListQuery::default();
        for (name, value) in &pairs {
            match name.to_ascii_lowercase().as_str() {
                "$select" => query.select = Some(select_option(value, properties, type_name)?),
                "$top" => query.top = Some(top_option(value)?),
                "$skip" => query.skip = count_option("$skip", value)?,
                "$count" => query.count = value == "true",
                "$filter" => query.filter = Some(value.clone()),
                "$orderby" => query.order_by = parse_order_by(value, properties, type_name)?,
                "$skiptoken" | "$deltatoken" => {
                    query.params.insert(name.to_ascii_lowercase(), value.clone());
                }
                other if other.starts_with('$') => {
                    return Err(refusal("BadRequest", format!("The query parameter '{name}' is not supported.")))
                }
                other => {
                    query.params.insert(other.to_owned(), value.clone());
                }
            }
        }
        query.pairs = pairs;
        Ok(query)
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.get(&name.to_ascii_lowercase()).map(String::as_str)
    }
}

fn parse_order_by(text: &str, properties: &[&str], type_name: &str) -> Result<Vec<(String, bool)>, Refusal> {
    text.split(',')
        .map(|part| {
            let mut words = part.split_whitespace();
            let path = words.next().unwrap_or("").to_owned();
            let descending = match words.next().map(str::to_ascii_lowercase).as_deref() {
                None | Some("asc") => false,
                Some("desc") => true,
                Some(_) => return Err(refusal("BadRequest", format!("Syntax error at position {} in '{text}'.", part.len()))),
            };
            let root = path.split('/').next().unwrap_or("");
            if !properties.contains(&root) {
                return Err(no_property(type_name, root));
            }
            Ok((path, descending))
        })
        .collect()
}

/// A property by path, e.g. `start/dateTime`.
pub fn at_path(item: &Value, path: &str) -> Value {
    path.split('/').try_fold(item, |value, name| value.get(name)).cloned().unwrap_or(Value::Null)
}

/// Sorts rendered items by `$orderby` paths (strings compare case-insensitively).
pub fn sort(items: &mut [Value], order: &[(String, bool)]) {
    items.sort_by(|a, b| {
        order
            .iter()
            .map(|(path, descending)| {
                let ordering = super::odata::compare(&at_path(a, path), &at_path(b, path));
                if *descending {
                    ordering.reverse()
                } else {
                    ordering
                }
            })
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
}

/// Keeps `id`, the annotations and the selected properties.
pub fn select(item: &mut Value, select: Option<&[String]>) {
    if let (Some(select), Value::Object(map)) = (select, item) {
        map.retain(|name, _| name.starts_with('@') || name == "id" || select.iter().any(|s| s.eq_ignore_ascii_case(name)));
    }
}

/// One page of `items` with `@odata.context`, `@odata.count` and `@odata.nextLink`.
pub fn page(ctx: &Ctx, uri: &Uri, query: &ListQuery, context: String, items: Vec<Value>) -> Value {
    let total = items.len();
    let top = query.top.or(ctx.max_page).unwrap_or(DEFAULT_PAGE);
    let end = (query.skip + top).min(total);
    let value: Vec<Value> = items.into_iter().skip(query.skip).take(end.saturating_sub(query.skip)).collect();
    let mut body = Map::new();
    body.insert("@odata.context".into(), Value::from(context));
    if query.count {
        body.insert("@odata.count".into(), Value::from(total));
    }
    body.insert("value".into(), Value::from(value));
    if end < total {
        let mut pairs: Vec<(String, String)> = query.pairs.iter().filter(|(n, _)| !n.eq_ignore_ascii_case("$skip")).cloned().collect();
        pairs.push(("$skip".into(), end.to_string()));
        let encoded = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        body.insert("@odata.nextLink".into(), Value::from(format!("{}{}?{encoded}", ctx.state.origin, uri.path())));
    }
    Value::Object(body)
}

/// An item as a delta round sees it.
pub struct Change {
    pub id: String,
    pub change_key: String,
    pub body: Value,
}

/// A delta round: `$skiptoken` continues one, `$deltatoken` starts the next from the
/// snapshot the last one ended with, neither starts afresh. `current` lists the items as
/// they are now, in the window the round was started with.
pub fn delta(
    ctx: &Ctx,
    uri: &Uri,
    query: &ListQuery,
    window: Option<(String, String)>,
    type_name: &str,
    current: impl Fn(Option<&(String, String)>) -> Vec<Change>,
) -> Response {
    let link = |kind: &str, token: &str| format!("{}{}?{kind}={token}", ctx.state.origin, uri.path());
    let gone = || {
        ctx.fail(StatusCode::GONE, "SyncStateNotFound", "The sync state could not be found. Start a new synchronization without a token.")
    };
    let (items, delta_token) = if let Some(token) = query.param("$skiptoken") {
        match ctx.with_pim(|pim| pim.skip_tokens.remove(token)) {
            Some(pending) => (pending.items, pending.delta_token),
            None => return gone(),
        }
    } else {
        let previous = match query.param("$deltatoken") {
            Some(token) => match ctx.with_pim(|pim| pim.delta_tokens.get(token).cloned()) {
                Some(snapshot) => Some(snapshot),
                None => return gone(),
            },
            None => None,
        };
        let window = previous.as_ref().map_or(window, |p| p.window.clone());
        let now = current(window.as_ref());
        let mut items = Vec::new();
        for change in &now {
            let seen = previous.as_ref().and_then(|p| p.seen.get(&change.id));
            if seen != Some(&change.change_key) {
                items.push(change.body.clone());
            }
        }
        if let Some(previous) = &previous {
            let mut removed: Vec<&String> = previous.seen.keys().filter(|id| !now.iter().any(|c| &c.id == *id)).collect();
            removed.sort();
            for id in removed {
                items.push(json!({"@odata.type": format!("#{type_name}"), "id": id, "@removed": {"reason": "deleted"}}));
            }
        }
        let snapshot = Snapshot { window, seen: now.into_iter().map(|c| (c.id, c.change_key)).collect() };
        let token = ctx.with_pim(|pim| {
            let token = pim.new_token();
            pim.delta_tokens.insert(token.clone(), snapshot);
            token
        });
        (items, token)
    };
    let size = ctx.max_page.unwrap_or(DEFAULT_PAGE);
    let mut items = items;
    let rest = if items.len() > size { items.split_off(size) } else { Vec::new() };
    let mut body = json!({"@odata.context": format!("{}/v1.0/$metadata#Collection({})", ctx.state.origin, type_name.trim_start_matches("microsoft.graph.")), "value": items});
    if rest.is_empty() {
        body["@odata.deltaLink"] = Value::from(link("$deltatoken", &delta_token));
    } else {
        let token = ctx.with_pim(|pim| {
            let token = pim.new_token();
            pim.skip_tokens.insert(token.clone(), Pending { items: rest, delta_token });
            token
        });
        body["@odata.nextLink"] = Value::from(link("$skiptoken", &token));
    }
    ctx.reply(StatusCode::OK, body)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

/// `path op literal` clauses joined by `and`, checked against rendered items: what Outlook
/// takes on events (e.g. `start/dateTime ge '2026-11-16T00:00:00'`, `isOrganizer eq true`).
pub struct Filter(Vec<(String, Op, Value)>);

impl Filter {
    pub fn parse(text: &str, properties: &[&str], type_name: &str) -> Result<Filter, Refusal> {
        let invalid = || refusal("ErrorInvalidUrlQueryFilter", "The query filter contains one or more invalid nodes.");
        let mut clauses = Vec::new();
        for clause in text.split(" and ") {
            let mut words = clause.trim().splitn(3, ' ');
            let (Some(path), Some(op), Some(literal)) = (words.next(), words.next(), words.next()) else { return Err(invalid()) };
            if path.contains('(') {
                return Err(invalid());
            }
            let root = path.split('/').next().unwrap_or(path);
            if !properties.contains(&root) {
                return Err(no_property(type_name, root));
            }
            let op = match op.to_ascii_lowercase().as_str() {
                "eq" => Op::Eq,
                "ne" => Op::Ne,
                "gt" => Op::Gt,
                "ge" => Op::Ge,
                "lt" => Op::Lt,
                "le" => Op::Le,
                _ => return Err(invalid()),
            };
            let literal = literal.trim();
            let value = match literal {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                "null" => Value::Null,
                quoted if quoted.len() >= 2 && quoted.starts_with('\'') && quoted.ends_with('\'') => {
                    Value::from(quoted[1..quoted.len() - 1].replace("''", "'"))
                }
                number => Value::from(number.parse::<f64>().map_err(|_| invalid())?),
            };
            clauses.push((path.to_owned(), op, value));
        }
        Ok(Filter(clauses))
    }

    pub fn matches(&self, item: &Value) -> bool {
        self.0.iter().all(|(path, op, literal)| {
            let actual = at_path(item, path);
            let ordering = match (actual.as_str().and_then(zones::parse_local), literal.as_str().and_then(zones::parse_local)) {
                (Some(a), Some(b)) if path.ends_with("dateTime") => a.cmp(&b),
                _ => super::odata::compare(&actual, literal),
            };
            match op {
                Op::Eq => ordering.is_eq(),
                Op::Ne => ordering.is_ne(),
                Op::Gt => ordering.is_gt(),
                Op::Ge => ordering.is_ge(),
                Op::Lt => ordering.is_lt(),
                Op::Le => ordering.is_le(),
            }
        })
    }
}
