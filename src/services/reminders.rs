//! Event reminders while Tern is open, once the person turned them on in Settings: the
//! reminders Graph says are due (`reminderView`) are read every minute, shown in the page
//! until dismissed, and notified once when the browser allows notifications.

use super::graph::Graph;
use super::pim::all_pages;
use crate::browser::{intl, location, notify};
use crate::text;
use leptos::prelude::*;
use tern_core::calendar::{due_reminders, reminder_key, LocalTime};
use tern_core::graph::models::Reminder;
use tern_core::graph::requests;
use tern_core::route::{CalendarView, Route};

/// Where the choice is kept, per account.
const REMINDERS_CHOICE: &str = "calendar:reminders";
/// The reminders dismissed, and those notified, per account: each shows or rings once.
const DISMISSED: &str = "calendar:reminders-dismissed";
const NOTIFIED: &str = "calendar:reminders-notified";
/// How many of those are remembered; the oldest go first.
const MOST_REMEMBERED: usize = 200;
/// How far ahead events are read: a reminder may ring a week before.
const AHEAD_DAYS: i64 = 8;

#[derive(Clone, Copy)]
pub struct Reminders {
    graph: Graph,
    due: RwSignal<Vec<Reminder>>,
    /// Bumped when the choice changes, so Settings shows it.
    changed: RwSignal<u32>,
}

impl Reminders {
    pub fn provide(graph: Graph) {
        provide_context(Reminders { graph, due: RwSignal::new(Vec::new()), changed: RwSignal::new(0) });
    }

    pub fn expect() -> Reminders {
        expect_context()
    }

    pub fn on(self) -> bool {
        self.changed.track();
        self.graph.auth().account_item::<bool>(REMINDERS_CHOICE) == Some(true)
    }

    /// The reminders showing now, soonest event first.
    pub fn due(self) -> ReadSignal<Vec<Reminder>> {
        self.due.read_only()
    }

    /// Turns them on and, from the person's click, asks the browser for notifications too;
    /// reminders show in the page whatever it answers.
    pub async fn turn_on(self) -> notify::Permission {
        // Storage may refuse; the choice then lasts for this visit.
        let _ = self.graph.auth().keep_account_item(REMINDERS_CHOICE, &true);
        self.changed.update(|n| *n += 1);
        let permission = match notify::permission() {
            notify::Permission::Ask => notify::ask().await,
            known => known,
        };
        self.check().await;
        permission
    }

    pub fn turn_off(self) {
        let _ = self.graph.auth().keep_account_item(REMINDERS_CHOICE, &false);
        self.due.set(Vec::new());
        self.changed.update(|n| *n += 1);
    }

    /// Reads what is due and shows it; what is new is notified. A failed read is left for
    /// the next one.
    pub async fn check(self) {
        if !self.on() {
            return;
        }
        let Some((date, minutes)) = intl::now_in("UTC") else { return };
        let now = LocalTime { date, minutes };
        let from = LocalTime { date: date.add_days(-1), minutes };
        let until = LocalTime { date: date.add_days(AHEAD_DAYS), minutes };
        let request = requests::reminder_view(&from.to_graph(), &until.to_graph());
        let Ok(all) = all_pages::<Reminder>(self.graph, &request, 500).await else { return };
        let auth = self.graph.auth();
        let dismissed: Vec<String> = auth.account_item(DISMISSED).unwrap_or_default();
        let due = due_reminders(&all, now, &dismissed);
        let mut notified: Vec<String> = auth.account_item(NOTIFIED).unwrap_or_default();
        let zone = super::pim::time_zone(auth);
        if notify::permission() == notify::Permission::Granted {
            let news: Vec<&Reminder> = due.iter().filter(|r| !notified.contains(&reminder_key(r))).collect();
            for reminder in news {
                let (title, body) = (reminder_title(reminder), when_and_where(reminder, &zone));
                let day = day_of(reminder, &zone);
                notify::show(&title, &body, &reminder_key(reminder), move || open_day(day));
                notified.push(reminder_key(reminder));
            }
            keep_latest(&mut notified);
            let _ = auth.keep_account_item(NOTIFIED, &notified);
        }
        self.due.set(due);
    }

    /// Takes a reminder away for good.
    pub fn dismiss(self, reminder: &Reminder) {
        let auth = self.graph.auth();
        let mut dismissed: Vec<String> = auth.account_item(DISMISSED).unwrap_or_default();
        dismissed.push(reminder_key(reminder));
        keep_latest(&mut dismissed);
        let _ = auth.keep_account_item(DISMISSED, &dismissed);
        self.due.update(|due| due.retain(|r| reminder_key(r) != reminder_key(reminder)));
    }
}

fn keep_latest(keys: &mut Vec<String>) {
    let over = keys.len().saturating_sub(MOST_REMEMBERED);
    keys.drain(..over);
}

pub fn reminder_title(reminder: &Reminder) -> String {
    reminder.event_subject.clone().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| text::NO_SUBJECT.to_owned())
}

/// "Tue 8 Dec 10:00 · Conference Room 2", on the clocks of `zone`.
pub fn when_and_where(reminder: &Reminder, zone: &str) -> String {
    let when = intl::local_input(&reminder.event_start_time.date_time, zone)
        .and_then(|local| LocalTime::parse(&local))
        .map(|at| format!("{} {}", intl::day_label(at.date, true), intl::time_label(at.minutes)))
        .unwrap_or_default();
    match reminder.event_location.as_ref().and_then(|l| l.display_name.clone()).filter(|l| !l.is_empty()) {
        Some(place) => format!("{when} · {place}"),
        None => when,
    }
}

/// The day of the event, on the clocks of `zone`, for opening the calendar there.
pub fn day_of(reminder: &Reminder, zone: &str) -> Option<tern_core::date::CivilDate> {
    intl::local_input(&reminder.event_start_time.date_time, zone).and_then(|local| LocalTime::parse(&local)).map(|at| at.date)
}

pub fn open_day(day: Option<tern_core::date::CivilDate>) {
    location::navigate(&Route::Calendar { view: CalendarView::Day, date: day });
}
