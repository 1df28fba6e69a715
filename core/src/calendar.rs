//! Calendar rules that need no browser: which days a view shows, where an event sits in
//! them, and what an edited event sends to Graph.

use crate::date::CivilDate;
use crate::graph::models::{DateTimeTimeZone, EmailAddress, Event, Reminder};
use crate::json::FromJson;
use crate::mail::compose::{parse_addresses, AddressProblem};
use crate::recurrence::{Repeat, RepeatProblem};
use crate::route::CalendarView;
use serde::Serialize;
use serde_json::{json, Value};

pub const MINUTES_PER_DAY: u32 = 24 * 60;
/// How long an event without an end is drawn.
const DEFAULT_LENGTH_MINUTES: u32 = 30;

/// A wall-clock time as Graph writes it in the zone Tern asked for:
/// `2026-11-20T10:00:00.0000000`, any offset or fraction ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LocalTime {
    pub date: CivilDate,
    pub minutes: u32,
}

impl LocalTime {
    pub fn parse(text: &str) -> Option<LocalTime> {
        let date = CivilDate::parse_iso(text.get(..10)?)?;
        let rest = text.get(10..).unwrap_or_default();
        let minutes = match rest.strip_prefix('T') {
            None if rest.is_empty() => 0,
            None => return None,
            Some(time) => {
                let hours: u32 = time.get(..2)?.parse().ok()?;
                let minutes: u32 = time.get(3..5)?.parse().ok()?;
                if time.as_bytes().get(2) != Some(&b':') || hours > 23 || minutes > 59 {
                    return None;
                }
                hours * 60 + minutes
            }
        };
        Some(LocalTime { date, minutes })
    }

    /// Minutes from `self` to `later`.
    pub fn minutes_until(self, later: LocalTime) -> i64 {
        later.absolute() - self.absolute()
    }

    fn absolute(self) -> i64 {
        self.date.days_since_epoch() * i64::from(MINUTES_PER_DAY) + i64::from(self.minutes)
    }

    /// `YYYY-MM-DDTHH:MM:00`, as Graph takes it with a separate time zone.
    pub fn to_graph(self) -> String {
        format!("{}T{:02}:{:02}:00", self.date, self.minutes / 60, self.minutes % 60)
    }
}

/// The days a view shows around `anchor`: a day, Monday to Sunday, six whole weeks from the
/// Monday before the first of the month, or the next seven days.
pub fn view_days(view: CalendarView, anchor: CivilDate) -> Vec<CivilDate> {
    let (first, count) = match view {
        CalendarView::Day => (anchor, 1),
        CalendarView::Week => (anchor.add_days(-i64::from(anchor.weekday())), 7),
        CalendarView::Agenda => (anchor, 7),
        CalendarView::Month => {
            let first_of_month = CivilDate::new(anchor.year(), anchor.month(), 1).unwrap_or(anchor);
            (first_of_month.add_days(-i64::from(first_of_month.weekday())), 42)
        }
    };
    (0..count).map(|offset| first.add_days(offset)).collect()
}

/// The anchor one step back or forward in a view.
pub fn step(view: CalendarView, anchor: CivilDate, forward: bool) -> CivilDate {
    let sign = if forward { 1 } else { -1 };
    match view {
        CalendarView::Day => anchor.add_days(sign),
        CalendarView::Week | CalendarView::Agenda => anchor.add_days(7 * sign),
        CalendarView::Month => anchor.add_months(sign as i32),
    }
}

/// Where an event is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// In the all-day row, over days `first..=last` of the view.
    AllDay { first: usize, last: usize },
    /// On day `day` of the view, from `start` to `end` minutes after midnight.
    Timed { day: usize, start: u32, end: u32 },
}

/// Where `event` appears in `days` (one entry per day it touches). All-day events are
/// floating dates, end exclusive; an event without an end is drawn half an hour long; an
/// event without a readable start is not drawn.
pub fn place(event: &Event, days: &[CivilDate]) -> Vec<Placement> {
    let Some(start) = event.start.as_ref().and_then(|start| LocalTime::parse(&start.date_time)) else {
        return Vec::new();
    };
    let end = event.end.as_ref().and_then(|end| LocalTime::parse(&end.date_time)).filter(|end| end > &start).unwrap_or(LocalTime {
        date: if start.minutes + DEFAULT_LENGTH_MINUTES >= MINUTES_PER_DAY { start.date.add_days(1) } else { start.date },
        minutes: (start.minutes + DEFAULT_LENGTH_MINUTES) % MINUTES_PER_DAY,
    });
    if event.is_all_day {
        let last_day = if end.minutes == 0 && end.date > start.date { end.date.add_days(-1) } else { end.date };
        let touched: Vec<usize> =
            days.iter().enumerate().filter(|(_, day)| **day >= start.date && **day <= last_day).map(|(i, _)| i).collect();
        return match (touched.first(), touched.last()) {
            (Some(&first), Some(&last)) => vec![Placement::AllDay { first, last }],
            _ => Vec::new(),
        };
    }
    let (start_at, end_at) = (start.absolute(), end.absolute());
    days.iter()
        .enumerate()
        .filter_map(|(index, day)| {
            let midnight = day.days_since_epoch() * i64::from(MINUTES_PER_DAY);
            let from = start_at.max(midnight);
            let to = end_at.min(midnight + i64::from(MINUTES_PER_DAY));
            (to > from).then(|| Placement::Timed { day: index, start: (from - midnight) as u32, end: (to - midnight) as u32 })
        })
        .collect()
}

/// An event as the edit form holds it, kept in the tab so an unsaved edit survives.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, FromJson)]
#[serde(default)]
pub struct EventForm {
    /// The event being edited, or `None` for a new one.
    pub id: Option<String>,
    pub subject: String,
    /// `YYYY-MM-DDTHH:MM` (a `datetime-local` field), or `YYYY-MM-DD` when all day.
    pub start: String,
    pub end: String,
    pub all_day: bool,
    pub location: String,
    /// Required attendees, as typed in an address field.
    pub attendees: String,
    pub optional_attendees: String,
    /// Rooms and equipment (`resource` attendees).
    pub resources: String,
    pub body: String,
    /// The event's description when it has formatting the notes field cannot show: kept
    /// as it is, with notes typed here going above it, as a reply keeps the message it
    /// answers. It goes back to Graph only, never into the page.
    pub formatted_html: String,
    pub reminder_minutes: Option<i32>,
    /// The calendar a new event goes to (`None`: the one Tern picks, see
    /// [`calendar_for_new_events`]); an existing event stays in its own.
    pub calendar_id: Option<String>,
    pub repeat: Repeat,
    /// One event of a series, changed on its own: it cannot have a rule of its own.
    pub occurrence: bool,
    /// A series' rule and first day as Graph had them, so that saving a series whose rule
    /// the person left alone does not rewrite it.
    pub repeat_as_loaded: Option<(Repeat, String)>,
}

/// The reminders the form offers, as Outlook does, plus the event's own when it is another
/// (set elsewhere), so that saving keeps it: `None` is no reminder.
pub fn reminder_choices(current: Option<i32>) -> Vec<Option<i32>> {
    const OFFERED: [i32; 9] = [0, 5, 15, 30, 60, 120, 720, 1440, 10080];
    let mut choices: Vec<Option<i32>> = std::iter::once(None).chain(OFFERED.into_iter().map(Some)).collect();
    if let Some(minutes) = current.filter(|m| !OFFERED.contains(m)) {
        let at = choices.iter().position(|c| c.is_some_and(|c| c > minutes)).unwrap_or(choices.len());
        choices.insert(at, Some(minutes));
    }
    choices
}

/// A reminder in words: "At the start", "15 minutes before", "2 hours before", "1 week before".
pub fn reminder_label(minutes: i32) -> String {
    let plural = |n: i32, unit: &str| if n == 1 { format!("1 {unit} before") } else { format!("{n} {unit}s before") };
    match minutes {
        0 => "At the start".to_owned(),
        m if m % 10080 == 0 => plural(m / 10080, "week"),
        m if m % 1440 == 0 => plural(m / 1440, "day"),
        m if m % 60 == 0 => plural(m / 60, "hour"),
        m => plural(m, "minute"),
    }
}

/// Which reminder rang, so that it rings once: the event and when it was set to ring.
pub fn reminder_key(reminder: &Reminder) -> String {
    format!("{}|{}", reminder.event_id, reminder.reminder_fire_time.date_time.get(..16).unwrap_or_default())
}

/// The reminders to ring at `now` (all times UTC, as `reminderView` gives them without a
/// zone): set to ring by now, for an event not yet over, not rung before; soonest first.
pub fn due_reminders(reminders: &[Reminder], now: LocalTime, rung: &[String]) -> Vec<Reminder> {
    let at = |time: &DateTimeTimeZone| LocalTime::parse(&time.date_time);
    let mut due: Vec<Reminder> = reminders
        .iter()
        .filter(|r| at(&r.reminder_fire_time).is_some_and(|fire| fire <= now))
        .filter(|r| at(&r.event_end_time).is_none_or(|end| end > now))
        .filter(|r| !rung.contains(&reminder_key(r)))
        .cloned()
        .collect();
    crate::sort::sort_by_key(&mut due, |r| at(&r.event_start_time));
    due
}

/// Where a new event goes: the calendar chosen last time, while it is still there and
/// writable, else the mailbox's default, else the first writable one.
pub fn calendar_for_new_events(calendars: &[crate::graph::models::Calendar], last_chosen: Option<&str>) -> Option<String> {
    let writable = |c: &&crate::graph::models::Calendar| c.can_edit != Some(false);
    calendars
        .iter()
        .filter(writable)
        .find(|c| Some(c.id.as_str()) == last_chosen)
        .or_else(|| calendars.iter().filter(writable).find(|c| c.is_default_calendar == Some(true)))
        .or_else(|| calendars.iter().find(writable))
        .map(|c| c.id.clone())
}

/// The event's attendees of one type as an address field shows them; an attendee without
/// a type counts as required, as Outlook shows one.
fn attendees_of(event: &Event, kind: &str) -> String {
    let of_kind: Vec<crate::graph::models::Recipient> = event
        .attendees
        .iter()
        .filter(|a| a.kind.as_deref().unwrap_or("required").eq_ignore_ascii_case(kind))
        .map(|a| crate::graph::models::Recipient { email_address: a.email_address.clone() })
        .collect();
    crate::mail::compose::address_text(&of_kind)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventProblem {
    NoSubject,
    BadTime,
    EndBeforeStart,
    Address(AddressProblem),
    Repeat(RepeatProblem),
}

impl std::fmt::Display for EventProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoSubject => write!(f, "Give the event a title."),
            Self::BadTime => write!(f, "Give the event a start and an end."),
            Self::EndBeforeStart => write!(f, "The end must come after the start."),
            Self::Address(problem) => write!(f, "{problem}."),
            Self::Repeat(problem) => write!(f, "{problem}."),
        }
    }
}

impl EventForm {
    /// The form for an existing event, with times as the calendar showed them.
    pub fn from_event(event: &Event) -> EventForm {
        let time = |value: &Option<DateTimeTimeZone>| {
            let parsed = value.as_ref().and_then(|v| LocalTime::parse(&v.date_time));
            match parsed {
                Some(time) if event.is_all_day => time.date.to_string(),
                Some(time) => time.to_graph()[..16].to_owned(),
                None => String::new(),
            }
        };
        let first_day = event.start.as_ref().and_then(|s| s.date_time.get(..10)).unwrap_or_default().to_owned();
        let repeat = event.recurrence.as_ref().map(Repeat::from_graph);
        EventForm {
            id: Some(event.id.clone()),
            subject: event.subject.clone().unwrap_or_default(),
            start: time(&event.start),
            end: time(&event.end),
            all_day: event.is_all_day,
            location: event.location.as_ref().and_then(|l| l.display_name.clone()).unwrap_or_default(),
            attendees: attendees_of(event, "required"),
            optional_attendees: attendees_of(event, "optional"),
            resources: attendees_of(event, "resource"),
            body: event
                .body
                .as_ref()
                .filter(|b| b.content_type != crate::graph::models::BodyType::Html)
                .map(|b| b.content.clone())
                .unwrap_or_default(),
            formatted_html: event
                .body
                .as_ref()
                .filter(|b| b.content_type == crate::graph::models::BodyType::Html && !b.content.trim().is_empty())
                .map(|b| b.content.clone())
                .unwrap_or_default(),
            reminder_minutes: event.is_reminder_on.then_some(event.reminder_minutes_before_start).flatten(),
            calendar_id: event.calendar_id.clone(),
            repeat: repeat.clone().unwrap_or_default(),
            occurrence: event.series_master_id.is_some(),
            repeat_as_loaded: repeat.map(|repeat| (repeat, first_day)),
        }
    }

    /// The fields Graph takes for `POST`/`PATCH …/events`, in `time_zone`, or what is wrong.
    pub fn to_graph(&self, time_zone: &str) -> Result<Value, EventProblem> {
        if self.subject.trim().is_empty() {
            return Err(EventProblem::NoSubject);
        }
        let read = |text: &str| LocalTime::parse(text.trim()).filter(|_| !self.all_day || text.trim().len() == 10);
        let (Some(start), Some(end)) = (read(&self.start), read(&self.end)) else {
            return Err(EventProblem::BadTime);
        };
        // An all-day event's end field names its last day; Graph wants the day after.
        let end = if self.all_day { LocalTime { date: end.date.add_days(1), minutes: 0 } } else { end };
        if end <= start {
            return Err(EventProblem::EndBeforeStart);
        }
        let attendees: Vec<Value> =
            self.people()?.into_iter().map(|(address, kind)| json!({ "emailAddress": address, "type": kind })).collect();
        let mut event = json!({
            "subject": self.subject.trim(),
            "start": { "dateTime": start.to_graph(), "timeZone": time_zone },
            "end": { "dateTime": end.to_graph(), "timeZone": time_zone },
            "isAllDay": self.all_day,
            "location": { "displayName": self.location.trim() },
            "attendees": attendees,
            "isReminderOn": self.reminder_minutes.is_some(),
        });
        match (self.formatted_html.is_empty(), self.body.trim().is_empty()) {
            (true, _) => event["body"] = json!({ "contentType": "text", "content": self.body }),
            (false, true) => {}
            (false, false) => {
                let typed = crate::mail::compose::escape_html(&self.body).replace('\n', "<br>");
                event["body"] = json!({ "contentType": "html", "content": format!("<div>{typed}</div>{}", self.formatted_html) });
            }
        }
        if let Some(minutes) = self.reminder_minutes {
            event["reminderMinutesBeforeStart"] = json!(minutes);
        }
        if let Some(recurrence) = self.recurrence(start.date, time_zone)? {
            event["recurrence"] = recurrence;
        }
        Ok(event)
    }
}

impl EventForm {
    /// The `recurrence` to send, if any: a new rule, `null` when a series stops repeating,
    /// nothing for one occurrence or a rule left as it was.
    fn recurrence(&self, first_day: CivilDate, time_zone: &str) -> Result<Option<Value>, EventProblem> {
        if self.occurrence {
            return Ok(None);
        }
        if let Some((loaded, loaded_day)) = &self.repeat_as_loaded {
            if *loaded == self.repeat && *loaded_day == first_day.to_string() {
                return Ok(None);
            }
        }
        match self.repeat.to_graph(first_day, time_zone).map_err(EventProblem::Repeat)? {
            Some(rule) => Ok(Some(rule)),
            None if self.repeat_as_loaded.is_some() => Ok(Some(Value::Null)),
            None => Ok(None),
        }
    }

    /// Everyone invited, each with Graph's attendee type, or the first address that is not one.
    pub fn people(&self) -> Result<Vec<(EmailAddress, &'static str)>, EventProblem> {
        let mut people = Vec::new();
        for (typed, kind) in [(&self.attendees, "required"), (&self.optional_attendees, "optional"), (&self.resources, "resource")] {
            let parsed = parse_addresses(typed).map_err(EventProblem::Address)?;
            people.extend(parsed.into_iter().map(|recipient| (recipient.email_address, kind)));
        }
        Ok(people)
    }

    /// Start and end of a timed event whose times read and are in order.
    pub fn span(&self) -> Option<(LocalTime, LocalTime)> {
        if self.all_day {
            return None;
        }
        let start = LocalTime::parse(self.start.trim())?;
        let end = LocalTime::parse(self.end.trim())?;
        (end > start).then_some((start, end))
    }

    /// Moves the event to `[start, end)`, as a time chosen from *Find a time*.
    pub fn move_to(&mut self, start: LocalTime, end: LocalTime) {
        self.start = start.to_graph()[..16].to_owned();
        self.end = end.to_graph()[..16].to_owned();
    }

    /// The first day the form names, for choices that read from it ("Monthly on day 8").
    pub fn first_day(&self) -> Option<CivilDate> {
        self.start.get(..10).and_then(CivilDate::parse_iso)
    }
}

/// Side-by-side places for timed events of one day, `spans` being `(start, end)` minutes:
/// for each, `(column, columns)`. Events that overlap, directly or through others, share
/// the width of their group; each takes the leftmost column free at its start.
pub fn side_by_side(spans: &[(u32, u32)]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..spans.len()).collect();
    crate::sort::sort_by_key(&mut order, |&index| (spans[index].0, std::cmp::Reverse(spans[index].1)));
    let mut places = vec![(0, 1); spans.len()];
    let mut group: Vec<usize> = Vec::new();
    // The end of each column's last event in the current group.
    let mut column_ends: Vec<u32> = Vec::new();
    let mut group_end = 0;
    let close = |group: &mut Vec<usize>, columns: usize, places: &mut [(usize, usize)]| {
        for index in group.drain(..) {
            places[index].1 = columns;
        }
    };
    for index in order {
        let (start, end) = spans[index];
        if !group.is_empty() && start >= group_end {
            close(&mut group, column_ends.len(), &mut places);
            column_ends.clear();
        }
        let column = match column_ends.iter().position(|&column_end| column_end <= start) {
            Some(free) => free,
            None => {
                column_ends.push(0);
                column_ends.len() - 1
            }
        };
        column_ends[column] = end;
        places[index].0 = column;
        group.push(index);
        group_end = if group.len() == 1 { end } else { group_end.max(end) };
    }
    close(&mut group, column_ends.len(), &mut places);
    places
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_events_share_the_width_and_others_keep_it_whole() {
        assert_eq!(side_by_side(&[]), vec![]);
        assert_eq!(side_by_side(&[(540, 600)]), vec![(0, 1)]);
        // 9–10 and 9:30–11 overlap; 11–12 starts as the second ends: a new group.
        assert_eq!(side_by_side(&[(540, 600), (570, 660), (660, 720)]), vec![(0, 2), (1, 2), (0, 1)]);
        // A long event beside three short ones in a row: two columns, the short ones reuse the second.
        assert_eq!(side_by_side(&[(600, 660), (480, 720), (540, 600), (660, 690)]), vec![(1, 2), (0, 2), (1, 2), (1, 2)]);
        // Three at once, given in any order.
        assert_eq!(side_by_side(&[(610, 620), (600, 700), (605, 650)]), vec![(2, 3), (0, 3), (1, 3)]);
    }

    fn day(text: &str) -> CivilDate {
        CivilDate::parse_iso(text).unwrap()
    }

    fn event(start: &str, end: Option<&str>, all_day: bool) -> Event {
        Event {
            start: Some(DateTimeTimeZone { date_time: start.into(), time_zone: None }),
            end: end.map(|end| DateTimeTimeZone { date_time: end.into(), time_zone: None }),
            is_all_day: all_day,
            ..Event::default()
        }
    }

    #[test]
    fn views_cover_the_right_days() {
        let tuesday = day("2026-11-24");
        let week = view_days(CalendarView::Week, tuesday);
        assert_eq!((week[0].to_string(), week[6].to_string()), ("2026-11-23".into(), "2026-11-29".into()));
        let month = view_days(CalendarView::Month, tuesday);
        assert_eq!((month.len(), month[0].to_string()), (42, "2026-10-26".into()));
        assert_eq!(view_days(CalendarView::Day, tuesday), vec![tuesday]);
        assert_eq!(step(CalendarView::Month, day("2026-01-31"), true).to_string(), "2026-02-28");
        assert_eq!(step(CalendarView::Week, tuesday, false).to_string(), "2026-11-17");
    }

    #[test]
    fn timed_events_sit_at_their_hours_and_split_at_midnight() {
        let week = view_days(CalendarView::Week, day("2026-11-16"));
        let meeting = event("2026-11-20T10:30:00.0000000", Some("2026-11-20T11:15:00.0000000"), false);
        assert_eq!(place(&meeting, &week), vec![Placement::Timed { day: 4, start: 630, end: 675 }]);
        let overnight = event("2026-11-17T22:00:00", Some("2026-11-18T02:00:00"), false);
        assert_eq!(
            place(&overnight, &week),
            vec![Placement::Timed { day: 1, start: 1320, end: 1440 }, Placement::Timed { day: 2, start: 0, end: 120 }]
        );
        let endless = event("2026-11-22T23:45:00", None, false);
        assert_eq!(place(&endless, &week), vec![Placement::Timed { day: 6, start: 1425, end: 1440 }]);
        assert!(place(&event("garbage", None, false), &week).is_empty());
        assert!(place(&event("2026-12-01T10:00:00", None, false), &week).is_empty());
    }

    #[test]
    fn all_day_events_are_floating_dates_with_an_exclusive_end() {
        let week = view_days(CalendarView::Week, day("2026-11-16"));
        let one_day = event("2026-11-19T00:00:00.0000000", Some("2026-11-20T00:00:00.0000000"), true);
        assert_eq!(place(&one_day, &week), vec![Placement::AllDay { first: 3, last: 3 }]);
        let trade_show = event("2026-11-21T00:00:00", Some("2026-11-24T00:00:00"), true);
        assert_eq!(place(&trade_show, &week), vec![Placement::AllDay { first: 5, last: 6 }]);
        let no_end = event("2026-11-16", None, true);
        assert_eq!(place(&no_end, &week), vec![Placement::AllDay { first: 0, last: 0 }]);
    }

    #[test]
    fn the_form_checks_what_it_sends() {
        let mut form =
            EventForm { subject: "Plan".into(), start: "2026-11-20T10:00".into(), end: "2026-11-20T09:00".into(), ..EventForm::default() };
        assert_eq!(form.to_graph("Europe/Berlin"), Err(EventProblem::EndBeforeStart));
        form.end = "2026-11-20T11:00".into();
        form.attendees = "megan@contoso.example, nope".into();
        assert!(matches!(form.to_graph("Europe/Berlin"), Err(EventProblem::Address(_))));
        form.attendees = "Megan <megan@contoso.example>".into();
        form.reminder_minutes = Some(15);
        let sent = form.to_graph("Europe/Berlin").unwrap();
        assert_eq!(sent["start"], json!({"dateTime": "2026-11-20T10:00:00", "timeZone": "Europe/Berlin"}));
        assert_eq!(sent["attendees"][0]["emailAddress"]["address"], "megan@contoso.example");
        assert_eq!(sent["reminderMinutesBeforeStart"], 15);
        form.optional_attendees = "diego@contoso.example".into();
        form.resources = "Room 1 <room1@contoso.example>".into();
        let kinds: Vec<(String, String)> = form.to_graph("UTC").unwrap()["attendees"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| (a["emailAddress"]["address"].as_str().unwrap().to_owned(), a["type"].as_str().unwrap().to_owned()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("megan@contoso.example".to_owned(), "required".to_owned()),
                ("diego@contoso.example".to_owned(), "optional".to_owned()),
                ("room1@contoso.example".to_owned(), "resource".to_owned())
            ]
        );
        form.resources = "a room".into();
        assert!(matches!(form.to_graph("UTC"), Err(EventProblem::Address(_))), "each field is checked");
        let mut with_people = event("2026-11-20T10:00:00.0000000", Some("2026-11-20T11:00:00.0000000"), false);
        with_people.attendees = crate::json::from_value(&json!([
            {"emailAddress": {"address": "megan@contoso.example"}, "type": "required"},
            {"emailAddress": {"address": "diego@contoso.example"}, "type": "optional"},
            {"emailAddress": {"address": "room1@contoso.example"}, "type": "resource"},
            {"emailAddress": {"address": "nobody@contoso.example"}}
        ]))
        .unwrap();
        let split = EventForm::from_event(&with_people);
        assert_eq!(
            (split.attendees.as_str(), split.optional_attendees.as_str(), split.resources.as_str()),
            ("megan@contoso.example, nobody@contoso.example", "diego@contoso.example", "room1@contoso.example")
        );
        let all_day = EventForm {
            subject: "Off".into(),
            start: "2026-11-20".into(),
            end: "2026-11-20".into(),
            all_day: true,
            ..EventForm::default()
        };
        assert_eq!(all_day.to_graph("UTC").unwrap()["end"]["dateTime"], "2026-11-21T00:00:00");
        assert_eq!(EventForm::default().to_graph("UTC"), Err(EventProblem::NoSubject));
        let formatted = EventForm { formatted_html: "<p><b>Agenda</b></p>".into(), ..all_day.clone() };
        assert!(formatted.to_graph("UTC").unwrap().get("body").is_none(), "a formatted description is left alone");
        let added = EventForm { body: "Bring <the> deck\nand coffee".into(), ..formatted.clone() };
        assert_eq!(
            added.to_graph("UTC").unwrap()["body"],
            json!({"contentType": "html", "content": "<div>Bring &lt;the&gt; deck<br>and coffee</div><p><b>Agenda</b></p>"}),
            "notes typed go above the formatted description, which is kept"
        );
        assert!(all_day.to_graph("UTC").unwrap().get("body").is_some());
        let back = EventForm::from_event(&Event {
            id: "e".into(),
            subject: Some("S".into()),
            ..event("2026-11-20T10:00:00.0000000", Some("2026-11-20T11:00:00.0000000"), false)
        });
        assert_eq!((back.start.as_str(), back.end.as_str()), ("2026-11-20T10:00", "2026-11-20T11:00"));
    }

    #[test]
    fn a_reminder_rings_once_from_its_time_until_its_event_is_over() {
        let reminder = |id: &str, fire: &str, start: &str, end: &str| Reminder {
            event_id: id.into(),
            reminder_fire_time: DateTimeTimeZone { date_time: fire.into(), time_zone: Some("UTC".into()) },
            event_start_time: DateTimeTimeZone { date_time: start.into(), time_zone: Some("UTC".into()) },
            event_end_time: DateTimeTimeZone { date_time: end.into(), time_zone: Some("UTC".into()) },
            ..Reminder::default()
        };
        let all = [
            reminder("later", "2026-12-01T09:45:00.0000000", "2026-12-01T10:00:00.0000000", "2026-12-01T10:30:00.0000000"),
            reminder("now", "2026-12-01T09:15:00.0000000", "2026-12-01T09:30:00.0000000", "2026-12-01T10:00:00.0000000"),
            reminder("over", "2026-12-01T07:45:00.0000000", "2026-12-01T08:00:00.0000000", "2026-12-01T09:00:00.0000000"),
            reminder("going on", "2026-12-01T08:45:00.0000000", "2026-12-01T09:00:00.0000000", "2026-12-01T09:45:00.0000000"),
        ];
        let now = LocalTime::parse("2026-12-01T09:20").unwrap();
        let due: Vec<String> = due_reminders(&all, now, &[]).into_iter().map(|r| r.event_id).collect();
        assert_eq!(due, ["going on", "now"]);
        let rung = vec![reminder_key(&all[1])];
        assert_eq!(due_reminders(&all, now, &rung).len(), 1, "rung once");
    }

    #[test]
    fn reminders_offer_outlooks_choices_and_keep_one_set_elsewhere() {
        assert_eq!(reminder_choices(Some(15)).len(), 10);
        let with_ten = reminder_choices(Some(10));
        assert_eq!(with_ten[..4], [None, Some(0), Some(5), Some(10)]);
        assert_eq!(reminder_choices(Some(20160)).last(), Some(&Some(20160)));
        let labels: Vec<String> = [0, 1, 15, 60, 120, 1440, 10080, 90].into_iter().map(reminder_label).collect();
        assert_eq!(
            labels,
            [
                "At the start",
                "1 minute before",
                "15 minutes before",
                "1 hour before",
                "2 hours before",
                "1 day before",
                "1 week before",
                "90 minutes before"
            ]
        );
    }

    #[test]
    fn a_time_found_moves_the_event_and_keeps_its_length() {
        let mut form = EventForm { start: "2026-12-08T10:00".into(), end: "2026-12-08T11:30".into(), ..EventForm::default() };
        let (start, end) = form.span().unwrap();
        assert_eq!(start.minutes_until(end), 90);
        form.move_to(LocalTime::parse("2026-12-09T14:00:00.0000000").unwrap(), LocalTime::parse("2026-12-09T15:30:00").unwrap());
        assert_eq!((form.start.as_str(), form.end.as_str()), ("2026-12-09T14:00", "2026-12-09T15:30"));
        form.end = "2026-12-09T13:00".into();
        assert_eq!(form.span(), None, "an end before the start is no span");
        form.attendees = "megan@contoso.example".into();
        form.resources = "room1@contoso.example".into();
        let kinds: Vec<&str> = form.people().unwrap().into_iter().map(|(_, kind)| kind).collect();
        assert_eq!(kinds, ["required", "resource"]);
    }

    #[test]
    fn a_series_sends_its_rule_only_when_it_changed() {
        use crate::recurrence::{Ends, Frequency};
        let mut form = EventForm {
            subject: "Stand-up".into(),
            start: "2026-12-07T09:00".into(),
            end: "2026-12-07T09:15".into(),
            ..EventForm::default()
        };
        assert!(form.to_graph("UTC").unwrap().get("recurrence").is_none(), "a single event sends no rule");
        form.repeat.choose(Frequency::Weekly, form.first_day());
        form.repeat.days.clear();
        assert_eq!(form.to_graph("UTC"), Err(EventProblem::Repeat(RepeatProblem::NoDays)));
        form.repeat.toggle_day("wednesday");
        form.repeat.toggle_day("monday");
        form.repeat.choose_end(Ends::AfterCount, None);
        form.repeat.count = 4;
        let sent = form.to_graph("UTC").unwrap();
        assert_eq!(sent["recurrence"]["pattern"]["daysOfWeek"], json!(["monday", "wednesday"]));
        assert_eq!(sent["recurrence"]["range"]["startDate"], "2026-12-07");

        let mut master = event("2026-12-07T09:00:00.0000000", Some("2026-12-07T09:15:00.0000000"), false);
        master.id = "series".into();
        master.subject = Some("Stand-up".into());
        master.recurrence = Some(crate::json::from_value(&sent["recurrence"].clone()).unwrap());
        let mut series = EventForm::from_event(&master);
        assert_eq!(series.repeat, form.repeat);
        assert!(series.to_graph("UTC").unwrap().get("recurrence").is_none(), "a rule left alone is not rewritten");
        series.start = "2026-12-08T09:00".into();
        series.end = "2026-12-08T09:15".into();
        assert_eq!(series.to_graph("UTC").unwrap()["recurrence"]["range"]["startDate"], "2026-12-08", "a new first day moves the range");
        series.repeat.choose(Frequency::Once, None);
        assert_eq!(series.to_graph("UTC").unwrap()["recurrence"], Value::Null, "a series made single says so");

        let mut one = master.clone();
        one.recurrence = None;
        one.series_master_id = Some("series".into());
        let occurrence = EventForm::from_event(&one);
        assert!(occurrence.occurrence);
        assert!(occurrence.to_graph("UTC").unwrap().get("recurrence").is_none(), "one occurrence never sends a rule");
    }

    #[test]
    fn a_new_event_goes_to_the_last_chosen_calendar_while_it_can() {
        use crate::graph::models::Calendar;
        let calendar = |id: &str, default: bool, can_edit: bool| Calendar {
            id: id.into(),
            is_default_calendar: Some(default),
            can_edit: Some(can_edit),
            ..Calendar::default()
        };
        let all = [calendar("shared", false, false), calendar("main", true, true), calendar("team", false, true)];
        assert_eq!(calendar_for_new_events(&all, Some("team")).as_deref(), Some("team"));
        assert_eq!(calendar_for_new_events(&all, None).as_deref(), Some("main"));
        assert_eq!(calendar_for_new_events(&all, Some("gone")).as_deref(), Some("main"));
        assert_eq!(calendar_for_new_events(&all, Some("shared")).as_deref(), Some("main"), "not one it cannot write to");
        assert_eq!(calendar_for_new_events(&all[2..], None).as_deref(), Some("team"));
    }
}
