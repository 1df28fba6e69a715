//! Calendar: calendars, events (list, get, create, PATCH, DELETE, accept / tentatively
//! accept / decline), calendarView with recurring series expanded, and calendarView delta,
//! under `/me` and `/users/{id|userPrincipalName}`.

use super::pim::{at_path, delta, page, pim_ctx, select, sort, Change, Ctx, Filter, ListQuery, Need, Params, Workload};
use super::pim_store::{event_props, Item, Kind, PimBox};
use super::preflight;
use super::recurrence::{filled, Rule};
use super::store::{body_preview, html_to_text};
use super::zones::{self, format_local, pair, parse_bound, parse_local, to_utc};
use crate::Shared;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;
use serde_json::{json, Map, Value};

const EVENT_TYPE: &str = "microsoft.graph.event";
/// The structural properties of `microsoft.graph.event` (v1.0 metadata, with those of
/// `outlookItem` and `entity`).
const EVENT_PROPERTIES: &[&str] = &[
    "id",
    "categories",
    "changeKey",
    "createdDateTime",
    "lastModifiedDateTime",
    "allowNewTimeProposals",
    "attendees",
    "body",
    "bodyPreview",
    "cancelledOccurrences",
    "end",
    "hasAttachments",
    "hideAttendees",
    "iCalUId",
    "importance",
    "isAllDay",
    "isCancelled",
    "isDraft",
    "isOnlineMeeting",
    "isOrganizer",
    "isReminderOn",
    "location",
    "locations",
    "onlineMeeting",
    "onlineMeetingProvider",
    "onlineMeetingUrl",
    "organizer",
    "originalEndTimeZone",
    "originalStart",
    "originalStartTimeZone",
    "recurrence",
    "reminderMinutesBeforeStart",
    "responseRequested",
    "responseStatus",
    "sensitivity",
    "seriesMasterId",
    "showAs",
    "start",
    "subject",
    "transactionId",
    "type",
    "webLink",
];
const CALENDAR_PROPERTIES: &[&str] = &[
    "id",
    "allowedOnlineMeetingProviders",
    "canEdit",
    "canShare",
    "canViewPrivateItems",
    "changeKey",
    "color",
    "defaultOnlineMeetingProvider",
    "hexColor",
    "isDefaultCalendar",
    "isRemovable",
    "isTallyingResponses",
    "name",
    "owner",
];
/// What the store sets and a client may not.
const READ_ONLY: &[&str] = &[
    "id",
    "changeKey",
    "createdDateTime",
    "lastModifiedDateTime",
    "iCalUId",
    "isOrganizer",
    "organizer",
    "responseStatus",
    "seriesMasterId",
    "type",
    "webLink",
    "bodyPreview",
    "hasAttachments",
    "cancelledOccurrences",
    "originalStart",
];
/// Occurrences have no stored item: their id says which series and which day.
const OCCURRENCE_PREFIX: &str = "AAMkAGI2TGuOCC";

pub fn routes() -> Router<Shared> {
    let mut router = Router::new();
    for prefix in ["/v1.0/me", "/v1.0/users/{user}"] {
        router = router
            .route(&format!("{prefix}/calendars"), get(list_calendars).options(preflight))
            .route(&format!("{prefix}/calendars/{{calendar}}"), get(get_calendar).options(preflight))
            .route(&format!("{prefix}/calendar"), get(get_calendar).options(preflight))
            .route(&format!("{prefix}/calendars/{{calendar}}/events"), get(list_events).post(create_event).options(preflight))
            .route(&format!("{prefix}/calendar/events"), get(list_events).post(create_event).options(preflight))
            .route(&format!("{prefix}/events"), get(list_events).post(create_event).options(preflight))
            .route(&format!("{prefix}/events/{{event}}"), get(get_event).patch(patch_event).delete(delete_event).options(preflight))
            .route(&format!("{prefix}/events/{{event}}/instances"), get(event_instances).options(preflight))
            .route(&format!("{prefix}/events/{{event}}/accept"), post(accept).options(preflight))
            .route(&format!("{prefix}/events/{{event}}/tentativelyAccept"), post(tentatively_accept).options(preflight))
            .route(&format!("{prefix}/events/{{event}}/decline"), post(decline).options(preflight))
            .route(&format!("{prefix}/calendarView"), get(calendar_view).options(preflight))
            .route(&format!("{prefix}/calendar/calendarView"), get(calendar_view).options(preflight))
            .route(&format!("{prefix}/calendars/{{calendar}}/calendarView"), get(calendar_view).options(preflight))
            .route(&format!("{prefix}/calendarView/delta"), get(calendar_view_delta).options(preflight))
            // Functions are called in the path (`reminderView(startDateTime='…',…)`).
            .route(&format!("{prefix}/{{function}}"), get(call_function).options(preflight));
    }
    router
}

/// The calendar a path names: `/calendars/{id}`, `/calendar/…` (the default one), or none
/// (`/events`, `/calendarView`: all calendars, or the default one to create in).
fn calendar_id(ctx: &Ctx, params: &std::collections::HashMap<String, String>, uri: &Uri) -> Result<Option<String>, Response> {
    match params.get("calendar") {
        None if uri.path().contains("/calendar/") => Ok(Some(ctx.with_pim(|pim| pim.default_calendar_id().to_owned()))),
        None => Ok(None),
        Some(key) => match ctx.with_pim(|pim| pim.calendars.iter().any(|c| c.id == *key)) {
            true => Ok(Some(key.clone())),
            false => Err(ctx.unknown_id(key)),
        },
    }
}

fn render_calendar(item: &Item) -> Value {
    let mut out = Map::new();
    out.insert("id".into(), Value::from(item.id.as_str()));
    out.extend(item.props.clone());
    out.insert("changeKey".into(), Value::from(item.change_key.as_str()));
    Value::Object(out)
}

async fn list_calendars(
    State(state): State<Shared>,
    Path(params): Params,
    uri: Uri,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Calendars, Need::Read);
    let query = match ListQuery::parse(raw.as_deref(), CALENDAR_PROPERTIES, "microsoft.graph.calendar") {
        Ok(query) => query,
        Err(refusal) => return ctx.bad(refusal),
    };
    let mut items: Vec<Value> = ctx.with_pim(|pim| pim.calendars.iter().map(render_calendar).collect());
    sort(&mut items, &query.order_by);
    items.iter_mut().for_each(|item| select(item, query.select.as_deref()));
    let body = page(&ctx, &uri, &query, ctx.metadata("calendars"), items);
    ctx.reply(StatusCode::OK, body)
}

async fn get_calendar(State(state): State<Shared>, Path(params): Params, RawQuery(raw): RawQuery, headers: HeaderMap) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Calendars, Need::Read);
    let query = match ListQuery::parse(raw.as_deref(), CALENDAR_PROPERTIES, "microsoft.graph.calendar") {
        Ok(query) => query,
        Err(refusal) => return ctx.bad(refusal),
    };
    let key = params.get("calendar").cloned();
    let found = ctx.with_pim(|pim| match &key {
        Some(key) => pim.calendars.iter().find(|c| c.id == *key).map(render_calendar),
        None => pim.calendars.first().map(render_calendar),
    });
    let Some(mut body) = found else {
        return ctx.unknown_id(key.as_deref().unwrap_or_default());
    };
    select(&mut body, query.select.as_deref());
    body["@odata.context"] = Value::from(ctx.metadata("calendars/$entity"));
    ctx.reply(StatusCode::OK, body)
}

/// When an event starts and ends.
struct Span {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

fn local_of(pair: &Value) -> Option<(NaiveDateTime, Tz)> {
    let local = parse_local(pair["dateTime"].as_str()?)?;
    let tz = pair["timeZone"].as_str().and_then(zones::zone).unwrap_or(Tz::UTC);
    Some((local, tz))
}

/// All-day events float: their dates are read in `floating`, the zone of the answer.
fn span(props: &Map<String, Value>, floating: Tz) -> Option<Span> {
    let all_day = props.get("isAllDay").and_then(Value::as_bool).unwrap_or(false);
    let (start, start_tz) = local_of(props.get("start")?)?;
    let (end, end_tz) = local_of(props.get("end")?)?;
    let (start_tz, end_tz) = if all_day { (floating, floating) } else { (start_tz, end_tz) };
    Some(Span { start: to_utc(start, start_tz), end: to_utc(end, end_tz) })
}

/// `start` and `end` as the client sees them: in its zone, or as dates for all-day events.
fn convert_times(out: &mut Map<String, Value>, zone: (&str, Tz)) {
    let all_day = out.get("isAllDay").and_then(Value::as_bool).unwrap_or(false);
    for name in ["start", "end"] {
        let Some(value) = out.get(name) else { continue };
        let converted = if all_day {
            value["dateTime"].as_str().and_then(parse_local).map(|local| json!({"dateTime": format_local(local), "timeZone": zone.0}))
        } else {
            zones::instant(value).map(|at| pair(at, zone.0, zone.1))
        };
        if let Some(converted) = converted {
            out.insert(name.into(), converted);
        }
    }
}

fn web_link(id: &str) -> String {
    let encoded = id.replace('=', "%3D").replace('+', "%2B").replace('/', "%2F");
    format!("https://outlook.office365.com/owa/?itemid={encoded}&exvsurl=1&path=/calendar/item")
}

/// An event as Graph renders it, times in `zone` (none: as stored), the body as text when
/// `Prefer: outlook.body-content-type="text"` asked for it.
fn render_event(item: &Item, zone: Option<(&str, Tz)>, text_body: bool) -> Value {
    let mut out = Map::new();
    out.insert("@odata.etag".into(), Value::from(format!("W/\"{}\"", item.change_key)));
    out.insert("id".into(), Value::from(item.id.as_str()));
    out.extend(item.props.clone());
    out.insert("changeKey".into(), Value::from(item.change_key.as_str()));
    out.entry("webLink").or_insert_with(|| Value::from(web_link(&item.id)));
    if out.get("type").and_then(Value::as_str) != Some("seriesMaster") {
        out.remove("cancelledOccurrences");
    }
    if let Some(zone) = zone {
        convert_times(&mut out, zone);
    }
    if text_body {
        if let Some(body) = out.get_mut("body").filter(|b| b["contentType"] == "html") {
            let text = html_to_text(body["content"].as_str().unwrap_or(""));
            *body = json!({"contentType": "text", "content": text});
        }
    }
    Value::Object(out)
}

fn occurrence_id(master: &str, day: NaiveDate) -> String {
    format!("{OCCURRENCE_PREFIX}{}", URL_SAFE_NO_PAD.encode(format!("{master}|{day}")))
}

/// The series and day an occurrence id names.
fn parse_occurrence_id(id: &str) -> Option<(String, NaiveDate)> {
    let decoded = URL_SAFE_NO_PAD.decode(id.strip_prefix(OCCURRENCE_PREFIX)?).ok()?;
    let (master, day) = std::str::from_utf8(&decoded).ok()?.split_once('|')?;
    Some((master.to_owned(), NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?))
}

/// The days `cancelledOccurrences` (`OID.{seriesMasterId}.{yyyy-MM-dd}`) takes out.
fn cancelled_days(master: &Item) -> Vec<NaiveDate> {
    master
        .props
        .get("cancelledOccurrences")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str()?.rsplit_once('.').and_then(|(_, day)| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()))
        .collect()
}

/// One occurrence of a series: the master's properties on another day.
fn occurrence(master: &Item, day: NaiveDate, floating: Tz) -> Option<Item> {
    let (start_local, start_tz) = local_of(master.props.get("start")?)?;
    let original = span(&master.props, floating)?;
    let all_day = master.flag("isAllDay");
    let tz = if all_day { floating } else { start_tz };
    let start = to_utc(day.and_time(start_local.time()), tz);
    let end = start + (original.end - original.start);
    let mut props = master.props.clone();
    props.remove("cancelledOccurrences");
    let (start_pair, end_pair) = if all_day {
        let local = |at: DateTime<Utc>| json!({"dateTime": format_local(at.with_timezone(&tz).naive_local()), "timeZone": master.props["start"]["timeZone"]});
        (local(start), local(end))
    } else {
        (pair(start, "UTC", Tz::UTC), pair(end, "UTC", Tz::UTC))
    };
    props.insert("start".into(), start_pair);
    props.insert("end".into(), end_pair);
    props.insert("type".into(), Value::from("occurrence"));
    props.insert("seriesMasterId".into(), Value::from(master.id.as_str()));
    props.insert("recurrence".into(), Value::Null);
    props.insert("originalStart".into(), Value::from(start.format("%Y-%m-%dT%H:%M:%SZ").to_string()));
    Some(Item { id: occurrence_id(&master.id, day), parent: master.parent.clone(), change_key: master.change_key.clone(), props })
}

/// The days of a series up to `until` (in the series' own zone).
fn series_days(master: &Item, until: DateTime<Utc>, floating: Tz) -> Vec<NaiveDate> {
    let Ok(rule) = Rule::parse(&master.props["recurrence"]) else { return Vec::new() };
    let tz = local_of(&master.props["start"]).map_or(Tz::UTC, |(_, tz)| if master.flag("isAllDay") { floating } else { tz });
    let cancelled = cancelled_days(master);
    rule.dates(until.with_timezone(&tz).date_naive()).into_iter().filter(|day| !cancelled.contains(day)).collect()
}

/// The instances of `calendar` (all calendars: `None`) meeting in [from, to): single
/// events, occurrences of series and their exceptions, by start.
fn instances(pim: &PimBox, calendar: Option<&str>, from: DateTime<Utc>, to: DateTime<Utc>, floating: Tz) -> Vec<Item> {
    let overlaps =
        |item: &Item| span(&item.props, floating).is_some_and(|s| s.start < to && (s.end > from || (s.start == s.end && s.start >= from)));
    let mut out: Vec<Item> = Vec::new();
    for item in pim.events.iter().filter(|e| calendar.is_none_or(|c| e.parent == c)) {
        match item.text("type") {
            "seriesMaster" => {
                let moved: Vec<DateTime<Utc>> = pim
                    .events
                    .iter()
                    .filter(|e| e.text("seriesMasterId") == item.id)
                    .filter_map(|e| DateTime::parse_from_rfc3339(e.text("originalStart")).ok().map(|at| at.with_timezone(&Utc)))
                    .collect();
                for day in series_days(item, to, floating) {
                    let Some(occurrence) = occurrence(item, day, floating) else { continue };
                    let original = span(&occurrence.props, floating).map(|s| s.start);
                    if original.is_some_and(|at| !moved.contains(&at)) && overlaps(&occurrence) {
                        out.push(occurrence);
                    }
                }
            }
            _ if overlaps(item) => out.push(item.clone()),
            _ => {}
        }
    }
    out.sort_by_key(|item| span(&item.props, floating).map(|s| s.start));
    out
}

/// One stretch of a person's time as free/busy sees it.
pub(super) struct Taken {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// `showAs`: `free`, `tentative`, `busy`, `oof`, `workingElsewhere`.
    pub status: String,
    pub private: bool,
}

/// What the default calendar of `pim` holds in `[from, to)`, series expanded, cancelled
/// meetings left out: the calendar free/busy is read from.
pub(super) fn taken_times(pim: &PimBox, from: DateTime<Utc>, to: DateTime<Utc>, floating: Tz) -> Vec<Taken> {
    let calendar = pim.default_calendar_id().to_owned();
    instances(pim, Some(&calendar), from, to, floating)
        .into_iter()
        .filter(|item| !item.flag("isCancelled"))
        .filter_map(|item| {
            let span = span(&item.props, floating)?;
            let status = item.props.get("showAs").and_then(Value::as_str).unwrap_or("busy").to_owned();
            let private = matches!(item.text("sensitivity"), "private" | "confidential");
            Some(Taken { start: span.start, end: span.end, status, private })
        })
        .collect()
}

/// `startDateTime` and `endDateTime`, both required.
fn window(ctx: &Ctx, query: &ListQuery) -> Result<(DateTime<Utc>, DateTime<Utc>), Response> {
    let missing = || {
        ctx.fail(
            StatusCode::BAD_REQUEST,
            "ErrorInvalidParameter",
            "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.",
        )
    };
    let (Some(start), Some(end)) = (query.param("startDateTime"), query.param("endDateTime")) else {
        return Err(missing());
    };
    match (parse_bound(start), parse_bound(end)) {
        (Some(start), Some(end)) => Ok((start, end)),
        (None, _) => Err(ctx.fail(
            StatusCode::BAD_REQUEST,
            "ErrorInvalidParameter",
            &format!("The value '{start}' of parameter 'StartDateTime' is invalid."),
        )),
        (_, None) => Err(ctx.fail(
            StatusCode::BAD_REQUEST,
            "ErrorInvalidParameter",
            &format!("The value '{end}' of parameter 'EndDateTime' is invalid."),
        )),
    }
}

fn event_query(ctx: &Ctx, raw: Option<&str>) -> Result<(ListQuery, Option<Filter>), Response> {
    let query = ListQuery::parse(raw, EVENT_PROPERTIES, EVENT_TYPE).map_err(|refusal| ctx.bad(refusal))?;
    let filter = query
        .filter
        .as_deref()
        .map(|text| Filter::parse(text, EVENT_PROPERTIES, EVENT_TYPE))
        .transpose()
        .map_err(|refusal| ctx.bad(refusal))?;
    Ok((query, filter))
}

/// Filters, orders and selects rendered events, as a listing answers them.
fn shape(items: &mut Vec<Value>, query: &ListQuery, filter: Option<&Filter>) {
    if let Some(filter) = filter {
        items.retain(|item| filter.matches(item));
    }
    sort(items, &query.order_by);
    items.iter_mut().for_each(|item| select(item, query.select.as_deref()));
}

fn collection(query: &ListQuery, name: &str) -> String {
    match &query.select {
        Some(select) => format!("{name}({})", select.join(",")),
        None => name.to_owned(),
    }
}

async fn calendar_view(
    State(state): State<Shared>,
    Path(params): Params,
    uri: Uri,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Calendars, Need::Read);
    let (query, filter) = match event_query(&ctx, raw.as_deref()) {
        Ok(query) => query,
        Err(response) => return response,
    };
    let (from, to) = match window(&ctx, &query) {
        Ok(window) => window,
        Err(response) => return response,
    };
    let calendar = match calendar_id(&ctx, &params, &uri) {
        Ok(calendar) => calendar,
        Err(response) => return response,
    };
    let zone = ctx.zone();
    let mut items: Vec<Value> = ctx.with_pim(|pim| {
        instances(pim, calendar.as_deref(), from, to, zone.1).iter().map(|item| render_event(item, Some(zone), ctx.text_body)).collect()
    });
    shape(&mut items, &query, filter.as_ref());
    let context = ctx.metadata(&collection(&query, "calendarView"));
    let body = page(&ctx, &uri, &query, context, items);
    ctx.reply(StatusCode::OK, body)
}

/// `key='value'` pairs of a function call's parameters, in any case.
fn function_parameters(call: &str) -> Vec<(String, String)> {
    call.split(',')
        .filter_map(|pair| pair.split_once('='))
        .map(|(key, value)| (key.trim().to_ascii_lowercase(), value.trim().trim_matches('\'').to_owned()))
        .collect()
}

/// A function of the user: `reminderView(startDateTime='…',endDateTime='…')`; any other
/// segment is one Graph does not know.
async fn call_function(State(state): State<Shared>, Path(params): Params, headers: HeaderMap) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Calendars, Need::Read);
    let segment = params.get("function").cloned().unwrap_or_default();
    let Some(arguments) = segment.strip_prefix("reminderView(").and_then(|rest| rest.strip_suffix(')')) else {
        return ctx.fail(StatusCode::BAD_REQUEST, "BadRequest", &format!("Resource not found for the segment '{segment}'."));
    };
    let arguments = function_parameters(arguments);
    let bound = |name: &str| arguments.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone());
    let (Some(start), Some(end)) = (bound("startdatetime"), bound("enddatetime")) else {
        return ctx.fail(
            StatusCode::BAD_REQUEST,
            "ErrorInvalidParameter",
            "The function reminderView needs startDateTime and endDateTime.",
        );
    };
    let (Some(from), Some(to)) = (parse_bound(&start), parse_bound(&end)) else {
        return ctx.fail(StatusCode::BAD_REQUEST, "ErrorInvalidParameter", "startDateTime and endDateTime must be ISO 8601 date-times.");
    };
    let zone = ctx.zone();
    let reminders: Vec<Value> = ctx.with_pim(|pim| {
        let calendar = pim.default_calendar_id().to_owned();
        instances(pim, Some(&calendar), from, to, zone.1)
            .iter()
            .filter(|item| item.flag("isReminderOn") && !item.flag("isCancelled"))
            .filter_map(|item| {
                let span = span(&item.props, zone.1)?;
                if span.start < from {
                    return None;
                }
                let before = item.props.get("reminderMinutesBeforeStart").and_then(Value::as_i64).unwrap_or(15);
                Some(json!({
                    "eventId": item.id,
                    "changeKey": item.change_key,
                    "eventSubject": item.text("subject"),
                    "eventLocation": item.props.get("location").cloned().unwrap_or(json!({"displayName": ""})),
                    "eventWebLink": web_link(&item.id),
                    "eventStartTime": pair(span.start, zone.0, zone.1),
                    "eventEndTime": pair(span.end, zone.0, zone.1),
                    "reminderFireTime": pair(span.start - chrono::Duration::minutes(before), zone.0, zone.1),
                }))
            })
            .collect()
    });
    let context = format!("{}/v1.0/$metadata#Collection(microsoft.graph.reminder)", ctx.state.origin);
    ctx.reply(StatusCode::OK, json!({"@odata.context": context, "value": reminders}))
}

/// The occurrences and exceptions of one series in a window, as calendarView has them.
async fn event_instances(
    State(state): State<Shared>,
    Path(params): Params,
    uri: Uri,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Calendars, Need::Read);
    let (query, filter) = match event_query(&ctx, raw.as_deref()) {
        Ok(query) => query,
        Err(response) => return response,
    };
    let (from, to) = match window(&ctx, &query) {
        Ok(window) => window,
        Err(response) => return response,
    };
    let id = params["event"].clone();
    let zone = ctx.zone();
    let listed = ctx.with_pim(|pim| {
        let master = pim.events.iter().find(|e| e.id == id)?;
        let calendar = master.parent.clone();
        let items = instances(pim, Some(&calendar), from, to, zone.1);
        Some(
            items
                .iter()
                .filter(|item| item.text("seriesMasterId") == id)
                .map(|item| render_event(item, Some(zone), ctx.text_body))
                .collect::<Vec<_>>(),
        )
    });
    let Some(mut items) = listed else {
        return ctx.unknown_id(&id);
    };
    shape(&mut items, &query, filter.as_ref());
    let context = ctx.metadata(&collection(&query, &format!("events('{id}')/instances")));
    let body = page(&ctx, &uri, &query, context, items);
    ctx.reply(StatusCode::OK, body)
}

async fn calendar_view_delta(
    State(state): State<Shared>,
    Path(params): Params,
    uri: Uri,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Calendars, Need::Read);
    let query = match ListQuery::parse(raw.as_deref(), EVENT_PROPERTIES, EVENT_TYPE) {
        Ok(query) => query,
        Err(refusal) => return ctx.bad(refusal),
    };
    let continuing = query.param("$skiptoken").is_some() || query.param("$deltatoken").is_some();
    let window = if continuing {
        None
    } else {
        match window(&ctx, &query) {
            Ok((from, to)) => Some((from.to_rfc3339(), to.to_rfc3339())),
            Err(response) => return response,
        }
    };
    let zone = ctx.zone();
    delta(&ctx, &uri, &query, window, EVENT_TYPE, |window| {
        let Some((from, to)) = window.and_then(|(from, to)| Some((parse_bound(from)?, parse_bound(to)?))) else {
            return Vec::new();
        };
        ctx.with_pim(|pim| {
            instances(pim, None, from, to, zone.1)
                .iter()
                .map(|item| {
                    let mut body = render_event(item, Some(zone), ctx.text_body);
                    body["@odata.type"] = Value::from(format!("#{EVENT_TYPE}"));
                    Change { id: item.id.clone(), change_key: item.change_key.clone(), body }
                })
                .collect()
        })
    })
}

async fn list_events(State(state): State<Shared>, Path(params): Params, uri: Uri, RawQuery(raw): RawQuery, headers: HeaderMap) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Calendars, Need::Read);
    let (query, filter) = match event_query(&ctx, raw.as_deref()) {
        Ok(query) => query,
        Err(response) => return response,
    };
    let calendar = match calendar_id(&ctx, &params, &uri) {
        Ok(calendar) => calendar,
        Err(response) => return response,
    };
    let zone = ctx.zone();
    let mut items: Vec<Value> = ctx.with_pim(|pim| {
        pim.events
            .iter()
            .filter(|e| calendar.as_ref().is_none_or(|c| e.parent == *c))
            .filter(|e| e.text("type") != "exception")
            .map(|e| render_event(e, Some(zone), ctx.text_body))
            .collect()
    });
    shape(&mut items, &query, filter.as_ref());
    let context = ctx.metadata(&collection(&query, "events"));
    let body = page(&ctx, &uri, &query, context, items);
    ctx.reply(StatusCode::OK, body)
}

/// A stored event, or an occurrence of a stored series, by id.
fn find_event(pim: &PimBox, id: &str, floating: Tz) -> Option<Item> {
    if let Some(item) = pim.events.iter().find(|e| e.id == id) {
        return Some(item.clone());
    }
    let (master, day) = parse_occurrence_id(id)?;
    let master = pim.events.iter().find(|e| e.id == master && e.text("type") == "seriesMaster")?;
    let until = to_utc(day.succ_opt()?.and_hms_opt(23, 59, 59)?, Tz::UTC);
    series_days(master, until, floating).contains(&day).then(|| occurrence(master, day, floating)).flatten()
}

fn single(ctx: &Ctx, status: StatusCode, id: &str, zone: Option<(&str, Tz)>, query: Option<&ListQuery>) -> Response {
    let floating = ctx.zone().1;
    let Some(mut body) = ctx.with_pim(|pim| find_event(pim, id, floating).map(|item| render_event(&item, zone, ctx.text_body))) else {
        return ctx.unknown_id(id);
    };
    select(&mut body, query.and_then(|q| q.select.as_deref()));
    let etag = body["@odata.etag"].as_str().unwrap_or("").to_owned();
    body["@odata.context"] = Value::from(ctx.metadata("events/$entity"));
    let mut response = ctx.reply(status, body);
    if let Ok(value) = HeaderValue::from_str(&etag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

async fn get_event(State(state): State<Shared>, Path(params): Params, RawQuery(raw): RawQuery, headers: HeaderMap) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Calendars, Need::Read);
    let query = match ListQuery::parse(raw.as_deref(), EVENT_PROPERTIES, EVENT_TYPE) {
        Ok(query) => query,
        Err(refusal) => return ctx.bad(refusal),
    };
    single(&ctx, StatusCode::OK, &params["event"], Some(ctx.zone()), Some(&query))
}

fn bad_literal(ctx: &Ctx, literal: &Value, type_name: &str) -> Response {
    let literal = literal.as_str().map(str::to_owned).unwrap_or_else(|| literal.to_string());
    ctx.fail(
        StatusCode::BAD_REQUEST,
        "RequestBodyRead",
        &format!("Cannot convert the literal '{literal}' to the expected type '{type_name}'."),
    )
}

/// Graph's checks of an event body: known properties, enum values, times in known zones,
/// a recurrence that can be followed.
fn check_event(ctx: &Ctx, changes: &Map<String, Value>) -> Result<(), Response> {
    for (name, value) in changes {
        if name.starts_with('@') {
            continue;
        }
        if !EVENT_PROPERTIES.contains(&name.as_str()) {
            return Err(ctx.fail(
                StatusCode::BAD_REQUEST,
                "RequestBodyRead",
                &format!("The property '{name}' does not exist on type '{EVENT_TYPE}'. Make sure to only use property names that are defined by the type or mark the type as open type."),
            ));
        }
        let allowed: &[&str] = match name.as_str() {
            "importance" => &["low", "normal", "high"],
            "sensitivity" => &["normal", "personal", "private", "confidential"],
            "showAs" => &["unknown", "free", "tentative", "busy", "oof", "workingElsewhere"],
            "onlineMeetingProvider" => &["unknown", "skypeForBusiness", "skypeForConsumer", "teamsForBusiness"],
            _ => &[],
        };
        if !allowed.is_empty() && !value.as_str().is_some_and(|v| allowed.contains(&v)) {
            let type_name = match name.as_str() {
                "showAs" => "microsoft.graph.freeBusyStatus",
                "onlineMeetingProvider" => "microsoft.graph.onlineMeetingProviderType",
                other => return Err(bad_literal(ctx, value, &format!("microsoft.graph.{other}"))),
            };
            return Err(bad_literal(ctx, value, type_name));
        }
        if name == "start" || name == "end" {
            let zone = value["timeZone"].as_str().unwrap_or("");
            if zones::zone(zone).is_none() {
                return Err(ctx.fail(
                    StatusCode::BAD_REQUEST,
                    "TimeZoneNotSupportedException",
                    &format!("A valid TimeZone value must be specified. The following TimeZone value is not supported: '{zone}'."),
                ));
            }
            if value["dateTime"].as_str().and_then(parse_local).is_none() {
                return Err(bad_literal(ctx, &value["dateTime"], "Edm.String"));
            }
        }
        if name == "recurrence" && !value.is_null() {
            if let Err(message) = Rule::parse(value) {
                return Err(ctx.fail(StatusCode::BAD_REQUEST, "ErrorInvalidRequest", &format!("The recurrence is not valid: {message}.")));
            }
        }
    }
    Ok(())
}

/// The changes applied as Outlook keeps them: the original zones, a fresh preview,
/// attendees without an answer yet.
fn apply(props: &mut Map<String, Value>, changes: Map<String, Value>, now: &str) {
    let event_zone = changes
        .get("start")
        .and_then(|start| start["timeZone"].as_str())
        .or_else(|| props.get("originalStartTimeZone").and_then(Value::as_str))
        .unwrap_or("UTC")
        .to_owned();
    for (name, mut value) in changes {
        if name.starts_with('@') || READ_ONLY.contains(&name.as_str()) {
            continue;
        }
        match name.as_str() {
            "start" | "end" => {
                let zone_name = if name == "start" { "originalStartTimeZone" } else { "originalEndTimeZone" };
                props.insert(zone_name.into(), value["timeZone"].clone());
                if let Some(local) = value["dateTime"].as_str().and_then(parse_local) {
                    value["dateTime"] = Value::from(format_local(local));
                }
            }
            "body" => {
                props.insert("bodyPreview".into(), Value::from(body_preview(&value)));
            }
            "attendees" => {
                for attendee in value.as_array_mut().into_iter().flatten() {
                    if attendee.get("status").is_none() {
                        attendee["status"] = json!({"response": "none", "time": "0001-01-01T00:00:00Z"});
                    }
                    if attendee.get("type").is_none() {
                        attendee["type"] = Value::from("required");
                    }
                }
            }
            "recurrence" => {
                let kind = if value.is_null() { "singleInstance" } else { "seriesMaster" };
                props.insert("type".into(), Value::from(kind));
                if value.is_null() {
                    props.remove("cancelledOccurrences");
                } else {
                    value = filled(&value, &event_zone);
                }
            }
            _ => {}
        }
        props.insert(name, value);
    }
    props.insert("lastModifiedDateTime".into(), Value::from(now));
}

async fn create_event(State(state): State<Shared>, Path(params): Params, uri: Uri, headers: HeaderMap, body: String) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Calendars, Need::Write);
    let changes = match ctx.object(&body) {
        Ok(changes) => changes,
        Err(response) => return response,
    };
    if let Err(response) = check_event(&ctx, &changes) {
        return response;
    }
    let calendar = match calendar_id(&ctx, &params, &uri) {
        Ok(calendar) => calendar,
        Err(response) => return response,
    };
    let (name, address) = state.identity().user_by_upn(&ctx.owner).map(|u| (u.name.clone(), u.upn.clone())).unwrap_or_default();
    let now = ctx.now();
    let mut props = event_props(&name, &address, &now);
    apply(&mut props, changes, &now);
    let id = ctx.with_pim(|pim| {
        let calendar = calendar.unwrap_or_else(|| pim.default_calendar_id().to_owned());
        pim.add(Kind::Event, &calendar, props)
    });
    single(&ctx, StatusCode::CREATED, &id, ctx.zone.as_ref().map(|(name, tz)| (name.as_str(), *tz)), None)
}

async fn patch_event(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Calendars, Need::Write);
    let id = params["event"].clone();
    let changes = match ctx.object(&body) {
        Ok(changes) => changes,
        Err(response) => return response,
    };
    if let Err(response) = check_event(&ctx, &changes) {
        return response;
    }
    let now = ctx.now();
    let floating = ctx.zone().1;
    if ctx.with_pim(|pim| crosses_a_neighbour(pim, &id, &changes, floating)) {
        return ctx.fail(
            StatusCode::BAD_REQUEST,
            "ErrorOccurrenceCrossingBoundary",
            "Modified occurrence is crossing or overlapping adjacent occurrence.",
        );
    }
    let updated = ctx.with_pim(|pim| {
        let stored = stored_event(pim, &id, floating)?;
        let item = pim.events.iter_mut().find(|e| e.id == stored)?;
        let single_now = changes.get("recurrence").is_some_and(Value::is_null) && item.text("type") == "seriesMaster";
        apply(&mut item.props, changes, &now);
        item.touch();
        if single_now {
            // A series made single keeps no exceptions of the days it no longer has.
            pim.events.retain(|e| e.text("seriesMasterId") != stored);
        }
        Some(stored)
    });
    match updated {
        Some(id) => single(&ctx, StatusCode::OK, &id, Some(ctx.zone()), None),
        None => ctx.unknown_id(&id),
    }
}

async fn delete_event(State(state): State<Shared>, Path(params): Params, headers: HeaderMap) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Calendars, Need::Write);
    let id = params["event"].clone();
    let floating = ctx.zone().1;
    let removed = ctx.with_pim(|pim| remove_event(pim, &id, floating));
    if removed {
        ctx.empty(StatusCode::NO_CONTENT)
    } else {
        ctx.unknown_id(&id)
    }
}

/// The stored event behind `id`: the event itself, or for an occurrence an exception of
/// its series under the same id, as one occurrence changed on its own becomes.
fn stored_event(pim: &mut PimBox, id: &str, floating: Tz) -> Option<String> {
    if pim.events.iter().any(|e| e.id == id) {
        return Some(id.to_owned());
    }
    let mut exception = find_event(pim, id, floating)?;
    let master = exception.props["seriesMasterId"].as_str().unwrap_or_default().to_owned();
    exception.props.insert("type".into(), Value::from("exception"));
    exception.props.insert("id".into(), Value::from(id));
    let calendar = exception.parent.clone();
    pim.add(Kind::Event, &calendar, exception.props);
    if let Some(master) = pim.events.iter_mut().find(|e| e.id == master) {
        master.touch();
    }
    Some(id.to_owned())
}

/// Whether a change moves one occurrence (or exception) of a series onto or past the day
/// of the one before or after it, which Graph refuses (emulator/FIDELITY.md, "Recurring
/// events").
fn crosses_a_neighbour(pim: &PimBox, id: &str, changes: &Map<String, Value>, floating: Tz) -> bool {
    let Some(new_start) = changes.get("start").and_then(local_of) else { return false };
    let Some(found) = find_event(pim, id, floating) else { return false };
    let Some((master_id, day)) = original_day(pim, &found, floating) else { return false };
    let Some(master) = pim.events.iter().find(|e| e.id == master_id) else { return false };
    let tz = if master.flag("isAllDay") { floating } else { local_of(&master.props["start"]).map_or(Tz::UTC, |(_, tz)| tz) };
    let moved_to = to_utc(new_start.0, new_start.1).with_timezone(&tz).date_naive();
    // Far enough for the next occurrence of any series a person makes.
    let until = to_utc(day.and_hms_opt(0, 0, 0).unwrap_or_default(), tz) + chrono::Duration::days(366 * 10);
    let days = series_days(master, until, floating);
    let before = days.iter().rfind(|d| **d < day);
    let after = days.iter().find(|d| **d > day);
    before.is_some_and(|b| moved_to <= *b) || after.is_some_and(|a| moved_to >= *a)
}

/// Takes one day out of a series through its `cancelledOccurrences`.
fn cancel_day(pim: &mut PimBox, master_id: &str, day: NaiveDate) {
    let Some(master) = pim.events.iter_mut().find(|e| e.id == master_id) else { return };
    let entry = master.props.entry("cancelledOccurrences").or_insert_with(|| json!([]));
    if let Value::Array(days) = entry {
        days.push(Value::from(format!("OID.{master_id}.{day}")));
    }
    master.touch();
}

/// The day of the series an exception stands in for, in the series' zone.
fn original_day(pim: &PimBox, exception: &Item, floating: Tz) -> Option<(String, NaiveDate)> {
    let master_id = exception.text("seriesMasterId").to_owned();
    let master = pim.events.iter().find(|e| e.id == master_id)?;
    let tz = if master.flag("isAllDay") { floating } else { local_of(master.props.get("start")?)?.1 };
    let original = DateTime::parse_from_rfc3339(exception.text("originalStart")).ok()?;
    Some((master_id, original.with_timezone(&tz).date_naive()))
}

/// Deletes an event (a series with its exceptions), or cancels one occurrence or
/// exception, which takes its day out of the series.
fn remove_event(pim: &mut PimBox, id: &str, floating: Tz) -> bool {
    if let Some(index) = pim.events.iter().position(|e| e.id == id) {
        let removed = pim.events.remove(index);
        pim.events.retain(|e| e.text("seriesMasterId") != id);
        if removed.text("type") == "exception" {
            if let Some((master_id, day)) = original_day(pim, &removed, floating) {
                cancel_day(pim, &master_id, day);
            }
        }
        return true;
    }
    let Some(occurrence) = find_event(pim, id, floating) else { return false };
    let Some((master_id, day)) = parse_occurrence_id(&occurrence.id) else { return false };
    cancel_day(pim, &master_id, day);
    true
}

async fn accept(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    respond(state, params, headers, body, Answer::Accept)
}

async fn tentatively_accept(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    respond(state, params, headers, body, Answer::Tentative)
}

async fn decline(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    respond(state, params, headers, body, Answer::Decline)
}

#[derive(Clone, Copy)]
enum Answer {
    Accept,
    Tentative,
    Decline,
}

impl Answer {
    fn response(self) -> &'static str {
        match self {
            Answer::Accept => "accepted",
            Answer::Tentative => "tentativelyAccepted",
            Answer::Decline => "declined",
        }
    }

    /// Exchange's refusal when the organizer answers their own meeting.
    fn organizer_error(self) -> &'static str {
        match self {
            Answer::Accept => "ErrorCalendarIsOrganizerForAccept",
            Answer::Tentative => "ErrorCalendarIsOrganizerForTentative",
            Answer::Decline => "ErrorCalendarIsOrganizerForDecline",
        }
    }
}

fn respond(state: Shared, params: std::collections::HashMap<String, String>, headers: HeaderMap, body: String, answer: Answer) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Calendars, Need::Write);
    let id = params["event"].clone();
    let request = if body.trim().is_empty() {
        Map::new()
    } else {
        match ctx.object(&body) {
            Ok(request) => request,
            Err(response) => return response,
        }
    };
    let field = |name: &str| request.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone());
    let send_response = field("sendResponse").and_then(|v| v.as_bool()).unwrap_or(true);
    let now = ctx.now();
    let floating = ctx.zone().1;
    let outcome = ctx.with_pim(|pim| {
        let found = find_event(pim, &id, floating)?;
        if found.flag("isOrganizer") {
            return Some(Err(()));
        }
        let organizer = found.props["organizer"]["emailAddress"]["address"].as_str().unwrap_or("").to_owned();
        let uid = found.text("iCalUId").to_owned();
        if matches!(answer, Answer::Decline) {
            // Outlook takes a declined meeting, or occurrence, off the attendee's calendar.
            remove_event(pim, &id, floating);
        } else {
            let stored = stored_event(pim, &id, floating)?;
            let item = pim.events.iter_mut().find(|e| e.id == stored)?;
            item.props.insert("responseStatus".into(), json!({"response": answer.response(), "time": now}));
            item.touch();
        }
        Some(Ok((organizer, uid)))
    });
    let (organizer, uid) = match outcome {
        None => return ctx.unknown_id(&id),
        Some(Err(())) => {
            return ctx.fail(
                StatusCode::BAD_REQUEST,
                answer.organizer_error(),
                "Your request can't be completed. You can't respond to a meeting you organized.",
            )
        }
        Some(Ok(found)) => found,
    };
    if send_response {
        let me = ctx.owner.clone();
        ctx.with_pim_of(&organizer, |pim| tell_organizer(pim, &uid, &me, answer.response(), &now));
    }
    ctx.empty(StatusCode::ACCEPTED)
}

/// The organizer's copy of the meeting records the attendee's answer.
fn tell_organizer(pim: &mut PimBox, uid: &str, attendee: &str, response: &str, now: &str) {
    for event in pim.events.iter_mut().filter(|e| e.text("iCalUId") == uid && e.flag("isOrganizer")) {
        let mut changed = false;
        for entry in event.props.get_mut("attendees").and_then(Value::as_array_mut).into_iter().flatten() {
            if at_path(entry, "emailAddress/address").as_str().is_some_and(|a| a.eq_ignore_ascii_case(attendee)) {
                entry["status"] = json!({"response": response, "time": now});
                changed = true;
            }
        }
        if changed {
            event.touch();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurrence_ids_name_their_series_and_day() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let id = occurrence_id("AAMkAGI2TGuLAAAxyz=", day);
        assert!(super::super::store::is_well_formed_id(&id));
        assert_eq!(parse_occurrence_id(&id), Some(("AAMkAGI2TGuLAAAxyz=".to_owned(), day)));
        assert_eq!(parse_occurrence_id("AAMkAGI2TGuLAAAxyz="), None);
    }
}
