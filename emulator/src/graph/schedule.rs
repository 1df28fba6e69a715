//! Free/busy and meeting times across the organisation: `calendar/getSchedule` and
//! `findMeetingTimes`. Both read other people's default calendars, as Exchange's
//! availability service does. What is documented and what is a best guess is in
//! emulator/FIDELITY.md ("Free/busy and Find a time").

use super::calendar::{taken_times, Taken};
use super::pim::{pim_ctx, Ctx, Need, Params, Workload};
use super::preflight;
use super::zones::{self, pair, parse_local, to_utc};
use crate::Shared;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use chrono::{DateTime, Datelike, Duration, NaiveTime, Utc};
use chrono_tz::Tz;
use serde_json::{json, Map, Value};

/// "Up to 20 entities" in one `getSchedule`.
const MOST_SCHEDULES: usize = 20;
/// The period "must be less than 62 days".
const LONGEST_PERIOD_DAYS: i64 = 62;
/// Candidates start on the half hour (not documented; see FIDELITY.md).
const CANDIDATE_STEP_MINUTES: i64 = 30;
/// `maxCandidates` when none is given (not documented; see FIDELITY.md).
const DEFAULT_CANDIDATES: usize = 5;

pub fn routes() -> Router<Shared> {
    let mut router = Router::new();
    for prefix in ["/v1.0/me", "/v1.0/users/{user}"] {
        router = router
            .route(&format!("{prefix}/calendar/getSchedule"), post(get_schedule).options(preflight))
            .route(&format!("{prefix}/findMeetingTimes"), post(find_meeting_times).options(preflight));
    }
    router
}

/// A body field by name in either case: Microsoft's own example writes `Schedules`.
fn field<'a>(body: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    body.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value)
}

/// A number or a boolean that may come as a string, as the reference examples send them.
fn number(value: Option<&Value>) -> Option<i64> {
    value.and_then(|v| v.as_i64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok())))
}

fn boolean(value: Option<&Value>) -> Option<bool> {
    value.and_then(|v| v.as_bool().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok())))
}

/// An instant from a `{dateTime, timeZone}` whose zone Graph knows.
fn instant(value: Option<&Value>) -> Option<DateTime<Utc>> {
    let value = value?;
    let local = parse_local(value.get("dateTime").or_else(|| value.get("DateTime"))?.as_str()?)?;
    let zone = value.get("timeZone").or_else(|| value.get("TimeZone")).and_then(Value::as_str).unwrap_or("UTC");
    Some(to_utc(local, zones::zone(zone)?))
}

/// `free` < `workingElsewhere` < `tentative` < `busy` < `oof`: the most taken wins a slot.
fn rank(status: &str) -> u8 {
    match status.to_ascii_lowercase().as_str() {
        "free" => 0,
        "workingelsewhere" => 1,
        "tentative" => 2,
        "oof" => 4,
        _ => 3,
    }
}

fn status_of_rank(rank: u8) -> &'static str {
    ["free", "workingElsewhere", "tentative", "busy", "oof"][usize::from(rank.min(4))]
}

fn digit(rank: u8) -> char {
    ['0', '4', '1', '2', '3'][usize::from(rank.min(4))]
}

/// The most taken status of `taken` over `[from, to)`: `free` when nothing meets it.
fn worst(taken: &[Taken], from: DateTime<Utc>, to: DateTime<Utc>) -> u8 {
    taken.iter().filter(|t| t.start < to && t.end > from).map(|t| rank(&t.status)).max().unwrap_or(0)
}

/// Someone's default calendar over a period, or `None` for an address outside the tenant.
fn taken_by(ctx: &Ctx, address: &str, from: DateTime<Utc>, to: DateTime<Utc>) -> Option<Vec<Taken>> {
    let floating = ctx.zone().1;
    ctx.with_pim_of(address, |pim| taken_times(pim, from, to, floating))
}

fn settings_of(ctx: &Ctx, address: &str) -> Map<String, Value> {
    ctx.state.mail.lock().expect("mail lock").mailbox(address).map(|mailbox| mailbox.settings.clone()).unwrap_or_default()
}

/// A person's working hours as `mailboxSettings` has them; the zone is the mailbox's own
/// once it has one.
fn working_hours(ctx: &Ctx, address: &str) -> Value {
    let settings = settings_of(ctx, address);
    let mut hours = settings.get("workingHours").cloned().unwrap_or_else(|| {
        json!({"daysOfWeek": ["monday", "tuesday", "wednesday", "thursday", "friday"], "startTime": "08:00:00.0000000", "endTime": "17:00:00.0000000", "timeZone": {"name": "UTC"}})
    });
    if let Some(zone) = settings.get("timeZone").and_then(Value::as_str) {
        hours["timeZone"] = json!({ "name": zone });
    }
    hours
}

async fn get_schedule(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Calendars, Need::Read);
    let body = match ctx.object(&body) {
        Ok(body) => body,
        Err(response) => return response,
    };
    let bad = |message: &str| ctx.fail(StatusCode::BAD_REQUEST, "ErrorInvalidRequest", message);
    let schedules: Vec<String> = match field(&body, "schedules").and_then(Value::as_array) {
        Some(list) if !list.is_empty() => list.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        _ => return bad("The schedules parameter is required and cannot be empty."),
    };
    if schedules.len() > MOST_SCHEDULES {
        return bad(&format!("The request asks for {} schedules; at most {MOST_SCHEDULES} can be asked for at once.", schedules.len()));
    }
    let (Some(from), Some(to)) = (instant(field(&body, "startTime")), instant(field(&body, "endTime"))) else {
        return bad("startTime and endTime must each be a dateTime in a known timeZone.");
    };
    if to <= from {
        return bad("The endTime must be later than the startTime.");
    }
    if to - from >= Duration::days(LONGEST_PERIOD_DAYS) {
        return ctx.fail(StatusCode::BAD_REQUEST, "ErrorTimeIntervalTooBig", "The time duration specified is too big.");
    }
    let interval = number(field(&body, "availabilityViewInterval")).unwrap_or(30);
    if !(5..=1440).contains(&interval) {
        return bad("availabilityViewInterval must be between 5 and 1440 minutes.");
    }
    let (zone_name, tz) = ctx.zone();
    let value: Vec<Value> = schedules
        .iter()
        .map(|address| {
            let Some(taken) = taken_by(&ctx, address, from, to) else {
                return json!({
                    "scheduleId": address,
                    "error": {"message": format!("Unable to resolve e-mail address {address} to an Active Directory object."), "responseCode": "5009"},
                });
            };
            let step = Duration::minutes(interval);
            let mut view = String::new();
            let mut slot = from;
            while slot < to {
                view.push(digit(worst(&taken, slot, (slot + step).min(to))));
                slot += step;
            }
            // Free/busy only: the subject and place are the owner's to share.
            let items: Vec<Value> = taken
                .iter()
                .filter(|t| t.start < to && t.end > from && rank(&t.status) > 0)
                .map(|t| json!({"isPrivate": t.private, "status": t.status, "start": pair(t.start, zone_name, tz), "end": pair(t.end, zone_name, tz)}))
                .collect();
            json!({"scheduleId": address, "availabilityView": view, "scheduleItems": items, "workingHours": working_hours(&ctx, address)})
        })
        .collect();
    let context = format!("{}/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)", ctx.state.origin);
    ctx.reply(StatusCode::OK, json!({"@odata.context": context, "value": value}))
}

/// `PT1H30M`, `P1DT2H`, `PT45S`: an `Edm.Duration`, or `None`.
fn duration(text: &str) -> Option<Duration> {
    let rest = text.strip_prefix('P')?;
    let (days, time) = rest.split_once('T').unwrap_or((rest, ""));
    let mut total = Duration::zero();
    let mut read = |part: &str, units: &[(char, i64)]| -> Option<()> {
        let mut number = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            let seconds = units.iter().find(|(unit, _)| *unit == c)?.1;
            total += Duration::seconds(number.parse::<i64>().ok()? * seconds);
            number.clear();
        }
        number.is_empty().then_some(())
    };
    read(days, &[('D', 86_400)])?;
    read(time, &[('H', 3_600), ('M', 60), ('S', 1)])?;
    (rest != "T" && !rest.is_empty()).then_some(total)
}

/// Whether `[start, end)` lies in the organizer's working hours.
fn in_working_hours(hours: &Value, start: DateTime<Utc>, end: DateTime<Utc>) -> bool {
    let tz: Tz = hours["timeZone"]["name"].as_str().and_then(zones::zone).unwrap_or(Tz::UTC);
    let time = |name: &str| hours[name].as_str().and_then(|t| NaiveTime::parse_from_str(t.get(..8).unwrap_or(t), "%H:%M:%S").ok());
    let (Some(open), Some(close)) = (time("startTime"), time("endTime")) else { return false };
    let (local_start, local_end) = (start.with_timezone(&tz), end.with_timezone(&tz));
    let weekday = local_start.weekday().to_string().to_ascii_lowercase();
    let works = hours["daysOfWeek"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .any(|day| day.to_ascii_lowercase().starts_with(&weekday));
    works && local_start.date_naive() == local_end.date_naive() && local_start.time() >= open && local_end.time() <= close
}

struct Invited {
    kind: String,
    address: String,
    /// `None`: outside the tenant, so unknown.
    taken: Option<Vec<Taken>>,
}

async fn find_meeting_times(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Calendars, Need::Read);
    let body = if body.trim().is_empty() {
        Map::new()
    } else {
        match ctx.object(&body) {
            Ok(body) => body,
            Err(response) => return response,
        }
    };
    let length = match field(&body, "meetingDuration") {
        None | Some(Value::Null) => Duration::minutes(30),
        Some(value) => match value.as_str().and_then(duration) {
            Some(length) => length,
            None => {
                let literal = value.as_str().map(str::to_owned).unwrap_or_else(|| value.to_string());
                return ctx.fail(
                    StatusCode::BAD_REQUEST,
                    "RequestBodyRead",
                    &format!("Cannot convert the literal '{literal}' to the expected type 'Edm.Duration'."),
                );
            }
        },
    };
    let now = DateTime::from_timestamp(ctx.state.identity().now().unix_seconds(), 0).unwrap_or_default();
    let constraint = field(&body, "timeConstraint").and_then(Value::as_object);
    let slots: Vec<(DateTime<Utc>, DateTime<Utc>)> = match constraint.and_then(|c| field(c, "timeSlots")).and_then(Value::as_array) {
        Some(slots) => slots
            .iter()
            .filter_map(|slot| {
                let slot = slot.as_object()?;
                Some((instant(field(slot, "start"))?, instant(field(slot, "end"))?))
            })
            .collect(),
        None => vec![(now, now + Duration::days(7))],
    };
    let domain = constraint.and_then(|c| field(c, "activityDomain")).and_then(Value::as_str).unwrap_or("work").to_ascii_lowercase();
    let most = number(field(&body, "maxCandidates")).map_or(DEFAULT_CANDIDATES, |n| n.max(0) as usize);
    let organizer_optional = boolean(field(&body, "isOrganizerOptional")).unwrap_or(false);
    let with_reasons = boolean(field(&body, "returnSuggestionReasons")).unwrap_or(false);
    let least = number(field(&body, "minimumAttendeePercentage")).unwrap_or(50) as f64;
    let (Some(first), Some(last)) = (slots.iter().map(|s| s.0).min(), slots.iter().map(|s| s.1).max()) else {
        return ctx.fail(StatusCode::BAD_REQUEST, "ErrorInvalidRequest", "The timeConstraint holds no time slot with a start and an end.");
    };
    let invited: Vec<Invited> = field(&body, "attendees")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|a| {
            let address = a["emailAddress"]["address"].as_str()?.to_owned();
            let kind = a["type"].as_str().unwrap_or("required").to_owned();
            Some(Invited { taken: taken_by(&ctx, &address, first, last), kind, address })
        })
        .collect();
    let own = taken_by(&ctx, &ctx.owner, first, last).unwrap_or_default();
    let mut hours = working_hours(&ctx, &ctx.owner);
    if domain == "personal" {
        hours["daysOfWeek"] = json!(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]);
    }
    let any_hour = domain == "unrestricted";
    let (zone_name, tz) = ctx.zone();
    let mut candidates: Vec<(f64, DateTime<Utc>, Value)> = Vec::new();
    let (mut any_slot, mut organizer_busy) = (false, false);
    for (slot_start, slot_end) in &slots {
        let step = Duration::minutes(CANDIDATE_STEP_MINUTES);
        let past_boundary = (slot_start.timestamp() % step.num_seconds() + step.num_seconds()) % step.num_seconds();
        let mut start = if past_boundary == 0 { *slot_start } else { *slot_start + Duration::seconds(step.num_seconds() - past_boundary) };
        while start + length <= *slot_end {
            let end = start + length;
            let candidate = start;
            start += step;
            if !any_hour && !in_working_hours(&hours, candidate, end) {
                continue;
            }
            any_slot = true;
            let organizer = worst(&own, candidate, end);
            if organizer > 0 && !organizer_optional {
                organizer_busy = true;
                continue;
            }
            let availability: Vec<(&Invited, &str)> = invited
                .iter()
                .map(|person| (person, person.taken.as_ref().map_or("unknown", |taken| status_of_rank(worst(taken, candidate, end)))))
                .collect();
            let confidence = if availability.is_empty() {
                100.0
            } else {
                let chance = |status: &str| match status {
                    "free" => 100.0,
                    "unknown" => 49.0,
                    _ => 0.0,
                };
                availability.iter().map(|(_, status)| chance(status)).sum::<f64>() / availability.len() as f64
            };
            if confidence < least {
                continue;
            }
            let everyone = availability.iter().all(|(_, status)| *status == "free");
            let mut suggestion = json!({
                "confidence": confidence,
                "organizerAvailability": status_of_rank(organizer),
                "attendeeAvailability": availability.iter().map(|(person, status)| json!({
                    "attendee": {"type": person.kind, "emailAddress": {"address": person.address}},
                    "availability": status,
                })).collect::<Vec<_>>(),
                "locations": [],
                "meetingTimeSlot": {"start": pair(candidate, zone_name, tz), "end": pair(end, zone_name, tz)},
            });
            if with_reasons {
                suggestion["suggestionReason"] = Value::from(if everyone {
                    "Suggested because it is one of the nearest times when all attendees are available."
                } else {
                    "Suggested because it is one of the nearest times when most attendees are available."
                });
            }
            candidates.push((confidence, candidate, suggestion));
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    candidates.truncate(most);
    let suggestions: Vec<Value> = candidates
        .into_iter()
        .enumerate()
        .map(|(order, (_, _, mut suggestion))| {
            suggestion["order"] = Value::from(order as i64 + 1);
            suggestion
        })
        .collect();
    let reason = match () {
        _ if !suggestions.is_empty() => "",
        _ if !any_slot => "unknown",
        _ if organizer_busy && invited.iter().all(|p| p.taken.is_some()) => "organizerUnavailable",
        _ if invited.iter().any(|p| p.taken.is_none()) => "attendeesUnavailableOrUnknown",
        _ => "attendeesUnavailable",
    };
    let context = format!("{}/v1.0/$metadata#microsoft.graph.meetingTimeSuggestionsResult", ctx.state.origin);
    ctx.reply(StatusCode::OK, json!({"@odata.context": context, "emptySuggestionsReason": reason, "meetingTimeSuggestions": suggestions}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_graph_reads_them() {
        assert_eq!(duration("PT1H30M"), Some(Duration::minutes(90)));
        assert_eq!(duration("PT30M"), Some(Duration::minutes(30)));
        assert_eq!(duration("P1DT2H"), Some(Duration::hours(26)));
        for bad in ["InvalidTimeFormat", "PT", "P", "1H", "PT1X", "PT30"] {
            assert_eq!(duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn working_hours_bound_the_candidates() {
        let hours = json!({"daysOfWeek": ["monday", "tuesday"], "startTime": "08:00:00.0000000", "endTime": "17:00:00.0000000", "timeZone": {"name": "W. Europe Standard Time"}});
        let at = |text: &str| DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc);
        // 2026-12-08 is a Tuesday; Berlin is UTC+1 in December.
        assert!(in_working_hours(&hours, at("2026-12-08T07:00:00Z"), at("2026-12-08T08:00:00Z")));
        assert!(!in_working_hours(&hours, at("2026-12-08T06:30:00Z"), at("2026-12-08T07:30:00Z")), "07:30 in Berlin is before work");
        assert!(!in_working_hours(&hours, at("2026-12-08T15:30:00Z"), at("2026-12-08T16:30:00Z")), "it ends after 17:00");
        assert!(!in_working_hours(&hours, at("2026-12-09T09:00:00Z"), at("2026-12-09T10:00:00Z")), "Wednesday is not a working day here");
    }

    #[test]
    fn a_slot_takes_the_most_taken_status_that_meets_it() {
        let at = |text: &str| DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc);
        let taken = vec![
            Taken { start: at("2026-12-08T09:00:00Z"), end: at("2026-12-08T09:30:00Z"), status: "tentative".into(), private: false },
            Taken { start: at("2026-12-08T09:15:00Z"), end: at("2026-12-08T10:00:00Z"), status: "busy".into(), private: false },
        ];
        assert_eq!(digit(worst(&taken, at("2026-12-08T09:00:00Z"), at("2026-12-08T09:30:00Z"))), '2', "busy beats tentative");
        assert_eq!(digit(worst(&taken, at("2026-12-08T10:00:00Z"), at("2026-12-08T10:30:00Z"))), '0');
        assert_eq!(digit(rank("oof")), '3');
        assert_eq!(digit(rank("workingElsewhere")), '4');
    }
}
