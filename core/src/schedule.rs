//! Free/busy beside an event's attendees (`getSchedule`) and *Find a time*
//! (`findMeetingTimes`): what Tern asks Graph, and how it reads the answers.

use crate::calendar::{LocalTime, MINUTES_PER_DAY};
use crate::date::CivilDate;
use crate::graph::models::{EmailAddress, MeetingTimeSuggestionsResult, ScheduleInformation};
use serde_json::{json, Value};

/// Minutes per free/busy slot: Graph's default interval.
pub const SLOT_MINUTES: u32 = 30;
/// The working day a free/busy strip shows, stretched to take in an event outside it.
const STRIP_FROM: u32 = 8 * 60;
const STRIP_TO: u32 = 18 * 60;
/// How far from the event's day *Find a time* looks.
pub const SEARCH_DAYS: i64 = 7;
/// How many times *Find a time* offers.
pub const SUGGESTIONS: u32 = 5;
/// `getSchedule` takes at most this many addresses in one call.
pub const MOST_SCHEDULES: usize = 20;

/// What a person's calendar says about a stretch of time, least taken first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Availability {
    Free,
    WorkingElsewhere,
    Tentative,
    Busy,
    Away,
    /// Graph could not say: an address outside the organisation, or a calendar it cannot read.
    Unknown,
}

impl Availability {
    /// A digit of `availabilityView`.
    pub fn from_digit(digit: char) -> Availability {
        match digit {
            '0' => Availability::Free,
            '1' => Availability::Tentative,
            '2' => Availability::Busy,
            '3' => Availability::Away,
            '4' => Availability::WorkingElsewhere,
            _ => Availability::Unknown,
        }
    }

    /// A `freeBusyStatus` (`free`, `tentative`, `busy`, `oof`, `workingElsewhere`), in any case.
    pub fn from_status(status: &str) -> Availability {
        match status.to_ascii_lowercase().as_str() {
            "free" => Availability::Free,
            "tentative" => Availability::Tentative,
            "busy" => Availability::Busy,
            "oof" => Availability::Away,
            "workingelsewhere" => Availability::WorkingElsewhere,
            _ => Availability::Unknown,
        }
    }

    /// A stable name, for `data-status` and the strip's colours.
    pub fn key(self) -> &'static str {
        match self {
            Availability::Free => "free",
            Availability::WorkingElsewhere => "elsewhere",
            Availability::Tentative => "tentative",
            Availability::Busy => "busy",
            Availability::Away => "away",
            Availability::Unknown => "unknown",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Availability::Free => "Free",
            Availability::WorkingElsewhere => "Working elsewhere",
            Availability::Tentative => "Tentative",
            Availability::Busy => "Busy",
            Availability::Away => "Away",
            Availability::Unknown => "No free/busy information",
        }
    }
}

/// The `getSchedule` body for `addresses` over the whole of `day`, in `zone`.
pub fn schedule_request(addresses: &[String], day: CivilDate, zone: &str) -> Value {
    json!({
        "schedules": addresses,
        "startTime": { "dateTime": format!("{day}T00:00:00"), "timeZone": zone },
        "endTime": { "dateTime": format!("{}T00:00:00", day.add_days(1)), "timeZone": zone },
        "availabilityViewInterval": SLOT_MINUTES,
    })
}

/// A person's day slot by slot, from a `getSchedule` answer for a whole day; every slot
/// unknown when Graph could not say.
pub fn day_slots(schedule: &ScheduleInformation) -> Vec<Availability> {
    let count = (MINUTES_PER_DAY / SLOT_MINUTES) as usize;
    let known = schedule.error.is_none();
    let mut slots: Vec<Availability> = schedule
        .availability_view
        .chars()
        .take(count)
        .map(|digit| if known { Availability::from_digit(digit) } else { Availability::Unknown })
        .collect();
    slots.resize(count, Availability::Unknown);
    slots
}

/// What a day's slots say about `[start, end)` minutes: the most taken of the slots it
/// touches, as Graph itself marks a slot an event only partly covers.
pub fn during(slots: &[Availability], start: u32, end: u32) -> Availability {
    let first = (start / SLOT_MINUTES) as usize;
    let last = (end.max(start + 1).div_ceil(SLOT_MINUTES) as usize).min(slots.len());
    slots.get(first..last).and_then(|touched| touched.iter().copied().max()).unwrap_or(Availability::Unknown)
}

/// The first and last minute a day's strip shows: the working day, stretched to whole
/// hours around an event outside it.
pub fn strip_bounds(start: u32, end: u32) -> (u32, u32) {
    let from = STRIP_FROM.min(start / 60 * 60);
    let to = STRIP_TO.max(end.div_ceil(60) * 60).min(MINUTES_PER_DAY);
    (from, to)
}

/// An ISO 8601 duration as Graph's `Edm.Duration` takes it: `PT1H30M`.
pub fn iso_duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("PT{m}M"),
        (h, 0) => format!("PT{h}H"),
        (h, m) => format!("PT{h}H{m}M"),
    }
}

/// Where *Find a time* starts looking: the event's day, but never a time already gone (now,
/// rounded up to the next slot).
pub fn search_from(event_day: CivilDate, now: Option<LocalTime>) -> LocalTime {
    let day_start = LocalTime { date: event_day, minutes: 0 };
    let Some(now) = now else { return day_start };
    let minutes = now.minutes.div_ceil(SLOT_MINUTES) * SLOT_MINUTES;
    let next_slot = if minutes >= MINUTES_PER_DAY {
        LocalTime { date: now.date.add_days(1), minutes: 0 }
    } else {
        LocalTime { date: now.date, minutes }
    };
    day_start.max(next_slot)
}

/// The `findMeetingTimes` body: meetings of `minutes` with `attendees` (address and
/// `required`/`optional`/`resource`), in working hours from `from` for [`SEARCH_DAYS`].
pub fn meeting_times_request(attendees: &[(EmailAddress, &str)], from: LocalTime, minutes: u32, zone: &str) -> Value {
    let attendees: Vec<Value> = attendees
        .iter()
        .map(|(address, kind)| json!({ "type": kind, "emailAddress": { "address": address.address, "name": address.name } }))
        .collect();
    let until = LocalTime { date: from.date.add_days(SEARCH_DAYS), minutes: 0 };
    json!({
        "attendees": attendees,
        "timeConstraint": {
            "activityDomain": "work",
            "timeSlots": [{ "start": { "dateTime": from.to_graph(), "timeZone": zone }, "end": { "dateTime": until.to_graph(), "timeZone": zone } }],
        },
        "meetingDuration": iso_duration(minutes),
        "maxCandidates": SUGGESTIONS,
        "isOrganizerOptional": false,
        "returnSuggestionReasons": true,
    })
}

/// A time *Find a time* offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub start: LocalTime,
    pub end: LocalTime,
    /// Graph's confidence that everyone can come, in whole percent.
    pub confidence: u32,
    /// The attendees Graph says are not free then, by name or address.
    pub not_free: Vec<String>,
    /// The attendees whose calendars Graph cannot see (outside the organisation).
    pub unknown: Vec<String>,
    pub reason: Option<String>,
}

/// The suggestions in Graph's order; any it sent without readable times are left out.
pub fn suggestions(result: &MeetingTimeSuggestionsResult) -> Vec<Suggestion> {
    let mut ordered: Vec<_> = result.meeting_time_suggestions.iter().collect();
    crate::sort::sort_by_key(&mut ordered, |s| s.order);
    ordered
        .into_iter()
        .filter_map(|s| {
            let start = LocalTime::parse(&s.meeting_time_slot.start.date_time)?;
            let end = LocalTime::parse(&s.meeting_time_slot.end.date_time)?;
            let who = |wanted: fn(Availability) -> bool| -> Vec<String> {
                s.attendee_availability
                    .iter()
                    .filter(|a| wanted(a.availability.as_deref().map_or(Availability::Unknown, Availability::from_status)))
                    .map(|a| a.attendee.email_address.label().to_owned())
                    .collect()
            };
            Some(Suggestion {
                start,
                end,
                confidence: s.confidence.round().clamp(0.0, 100.0) as u32,
                not_free: who(|a| !matches!(a, Availability::Free | Availability::Unknown)),
                unknown: who(|a| a == Availability::Unknown),
                reason: s.suggestion_reason.clone(),
            })
        })
        .collect()
}

/// Why Graph offered no time, in words (`emptySuggestionsReason`, in either case).
pub fn why_no_time(reason: Option<&str>) -> &'static str {
    match reason.unwrap_or_default().to_ascii_lowercase().as_str() {
        "attendeesunavailable" => "No time in the coming week suits everyone: the attendees are busy.",
        "attendeesunavailableorunknown" => {
            "No time in the coming week suits everyone: some attendees are busy, and the calendars of others cannot be seen."
        }
        "organizerunavailable" => "No time in the coming week suits you: you are busy whenever the others are free.",
        "locationsunavailable" => "No room is free at the times that suit everyone.",
        _ => "Outlook found no time for this meeting in the coming week.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::models::FreeBusyError;

    fn at(text: &str) -> LocalTime {
        LocalTime::parse(text).unwrap()
    }

    #[test]
    fn a_day_of_slots_says_what_an_event_meets() {
        // Busy 09:00–10:00, tentative 10:00–10:30, away from 16:00.
        let mut view = "0".repeat(48);
        view.replace_range(18..20, "22");
        view.replace_range(20..21, "1");
        view.replace_range(32..48, &"3".repeat(16));
        let schedule = ScheduleInformation { schedule_id: "megan@contoso.example".into(), availability_view: view, error: None };
        let slots = day_slots(&schedule);
        assert_eq!(slots.len(), 48);
        assert_eq!(during(&slots, 8 * 60, 9 * 60), Availability::Free);
        assert_eq!(during(&slots, 9 * 60 + 45, 10 * 60 + 15), Availability::Busy, "the most taken slot it touches");
        assert_eq!(during(&slots, 10 * 60, 10 * 60 + 30), Availability::Tentative);
        assert_eq!(during(&slots, 15 * 60 + 50, 16 * 60 + 10), Availability::Away);
        let unknown = ScheduleInformation {
            schedule_id: "someone@fabrikam.example".into(),
            availability_view: String::new(),
            error: Some(FreeBusyError { message: Some("Unable to resolve".into()), response_code: Some("5009".into()) }),
        };
        assert_eq!(during(&day_slots(&unknown), 600, 630), Availability::Unknown);
        assert_eq!(
            during(&day_slots(&ScheduleInformation { availability_view: "02".into(), ..unknown.clone() }), 0, 60),
            Availability::Unknown
        );
        assert_eq!(Availability::from_status("workingElsewhere"), Availability::WorkingElsewhere);
        assert_eq!(Availability::from_status("Busy"), Availability::Busy);
    }

    #[test]
    fn the_strip_shows_the_working_day_and_an_event_outside_it() {
        assert_eq!(strip_bounds(600, 630), (480, 1080));
        assert_eq!(strip_bounds(7 * 60 + 30, 8 * 60), (420, 1080));
        assert_eq!(strip_bounds(18 * 60 + 10, 19 * 60 + 5), (480, 1200));
        assert_eq!(strip_bounds(23 * 60, 24 * 60), (480, 1440));
    }

    #[test]
    fn find_a_time_never_looks_before_now() {
        let day = CivilDate::parse_iso("2026-12-08").unwrap();
        assert_eq!(search_from(day, None), at("2026-12-08T00:00"));
        assert_eq!(search_from(day, Some(at("2026-12-01T10:10"))), at("2026-12-08T00:00"), "a later day from its start");
        assert_eq!(search_from(day, Some(at("2026-12-08T10:10"))), at("2026-12-08T10:30"), "today from the next slot");
        assert_eq!(search_from(day, Some(at("2026-12-10T09:00"))), at("2026-12-10T09:00"), "a day gone from now");
        assert_eq!(search_from(day, Some(at("2026-12-08T23:50"))), at("2026-12-09T00:00"));
    }

    #[test]
    fn find_a_time_asks_for_working_hours_in_the_week_ahead() {
        let people = [
            (EmailAddress { name: None, address: Some("megan@contoso.example".into()) }, "required"),
            (EmailAddress { name: Some("Room 1".into()), address: Some("room1@contoso.example".into()) }, "resource"),
        ];
        let body = meeting_times_request(&people, at("2026-12-08T10:00"), 90, "Europe/Berlin");
        assert_eq!(body["meetingDuration"], "PT1H30M");
        assert_eq!(body["attendees"][1]["type"], "resource");
        assert_eq!(body["timeConstraint"]["timeSlots"][0]["end"], json!({"dateTime": "2026-12-15T00:00:00", "timeZone": "Europe/Berlin"}));
        assert_eq!((iso_duration(30), iso_duration(120)), ("PT30M".to_owned(), "PT2H".to_owned()));
        let answer: MeetingTimeSuggestionsResult = crate::json::from_value(&json!({
            "emptySuggestionsReason": "",
            "meetingTimeSuggestions": [
                {"confidence": 49.5, "order": 2, "organizerAvailability": "free",
                 "attendeeAvailability": [{"attendee": {"type": "required", "emailAddress": {"address": "x@fabrikam.example"}}, "availability": "unknown"}],
                 "meetingTimeSlot": {"start": {"dateTime": "2026-12-08T11:00:00.0000000", "timeZone": "Europe/Berlin"}, "end": {"dateTime": "2026-12-08T12:30:00.0000000", "timeZone": "Europe/Berlin"}}},
                {"confidence": 100.0, "order": 1, "organizerAvailability": "free",
                 "attendeeAvailability": [{"attendee": {"emailAddress": {"address": "megan@contoso.example"}}, "availability": "free"}],
                 "meetingTimeSlot": {"start": {"dateTime": "2026-12-08T14:00:00.0000000", "timeZone": "Europe/Berlin"}, "end": {"dateTime": "2026-12-08T15:30:00.0000000", "timeZone": "Europe/Berlin"}}}
            ]
        }))
        .unwrap();
        let offered = suggestions(&answer);
        assert_eq!(offered.iter().map(|s| (s.start.minutes, s.confidence)).collect::<Vec<_>>(), [(840, 100), (660, 50)]);
        assert_eq!((offered[1].not_free.len(), offered[1].unknown.clone()), (0, vec!["x@fabrikam.example".to_owned()]));
        assert!(why_no_time(Some("AttendeesUnavailable")).contains("the attendees are busy"));
    }
}
