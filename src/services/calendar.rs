//! The calendar of one account: its calendars, which are shown, and the events of the
//! window on screen. Made with the calendar screen, and so anew for every account.

use super::graph::{Graph, GraphFailure};
use super::mailbox_settings::MailboxSettings;
use super::pim;
use crate::browser::intl;
use leptos::prelude::*;
use tern_core::calendar::{calendar_for_new_events, view_days};
use tern_core::date::CivilDate;
use tern_core::graph::models::{Calendar, Event};
use tern_core::route::CalendarView;

/// Which calendars the person hid, kept per account across visits.
const HIDDEN_CALENDARS: &str = "calendar:hidden";
/// The calendar last chosen for a new event, per account.
const LAST_CHOSEN_CALENDAR: &str = "calendar:last-chosen";

#[derive(Clone, Copy)]
pub struct CalendarStore {
    graph: Graph,
    /// Where the mailbox's own zone comes from.
    settings: MailboxSettings,
    /// The zone every time is shown in: settled by the first load (the mailbox's own zone
    /// may need reading), then fixed for the store's life.
    zone: RwSignal<String>,
    calendars: RwSignal<Vec<Calendar>>,
    hidden: RwSignal<Vec<String>>,
    events: RwSignal<Vec<Event>>,
    failure: RwSignal<Option<GraphFailure>>,
    loading: RwSignal<bool>,
}

impl CalendarStore {
    pub fn new(graph: Graph) -> CalendarStore {
        CalendarStore {
            graph,
            settings: MailboxSettings::expect(),
            zone: RwSignal::new(pim::time_zone(graph.auth())),
            calendars: RwSignal::new(Vec::new()),
            hidden: RwSignal::new(graph.auth().account_item(HIDDEN_CALENDARS).unwrap_or_default()),
            events: RwSignal::new(Vec::new()),
            failure: RwSignal::new(None),
            loading: RwSignal::new(true),
        }
    }

    pub fn provide(self) {
        provide_context(self);
    }

    pub fn expect() -> CalendarStore {
        expect_context()
    }

    pub fn zone(self) -> String {
        self.zone.get()
    }

    pub fn calendars(self) -> ReadSignal<Vec<Calendar>> {
        self.calendars.read_only()
    }

    pub fn failure(self) -> ReadSignal<Option<GraphFailure>> {
        self.failure.read_only()
    }

    pub fn loading(self) -> ReadSignal<bool> {
        self.loading.read_only()
    }

    /// The events of the window, without cancelled ones or those of hidden calendars.
    pub fn shown_events(self) -> Vec<Event> {
        let hidden = self.hidden.get();
        self.events.get().into_iter().filter(|e| !e.is_cancelled && !e.calendar_id.as_ref().is_some_and(|c| hidden.contains(c))).collect()
    }

    pub fn is_shown(self, calendar_id: &str) -> bool {
        !self.hidden.with(|hidden| hidden.iter().any(|id| id == calendar_id))
    }

    /// Shows a hidden calendar, or hides a shown one; remembered for the next visit.
    pub fn toggle(self, calendar_id: &str) {
        self.hidden.update(|hidden| match hidden.iter().position(|id| id == calendar_id) {
            Some(index) => {
                hidden.remove(index);
            }
            None => hidden.push(calendar_id.to_owned()),
        });
        // Storage may refuse; the choice then lasts for this visit.
        let _ = self.graph.auth().keep_account_item(HIDDEN_CALENDARS, &self.hidden.get_untracked());
    }

    /// Remembers the calendar a new event went to, for the next one.
    pub fn remember_chosen(self, calendar_id: &str) {
        let _ = self.graph.auth().keep_account_item(LAST_CHOSEN_CALENDAR, &calendar_id);
    }

    /// The colour the mailbox gives a calendar, if any.
    pub fn color_of(self, calendar_id: Option<&str>) -> Option<String> {
        self.calendars
            .with(|all| all.iter().find(|c| Some(c.id.as_str()) == calendar_id).and_then(|c| c.hex_color.clone()).filter(|c| !c.is_empty()))
    }

    /// Where a new event goes: the calendar chosen last time, else the default.
    pub fn calendar_for_new_events(self) -> Option<String> {
        let last = self.graph.auth().account_item::<String>(LAST_CHOSEN_CALENDAR);
        self.calendars.with(|all| calendar_for_new_events(all, last.as_deref()))
    }

    /// The calendars (once) and the events of the days `view` shows around `anchor`.
    pub async fn load(self, view: CalendarView, anchor: CivilDate) {
        self.loading.set(true);
        self.read(view, anchor).await;
        self.loading.set(false);
    }

    /// The same window read again without the loading bar: what others changed appears
    /// where the person is, and a failure says so over the events already shown.
    pub async fn refresh(self, view: CalendarView, anchor: CivilDate) {
        if !self.loading.get_untracked() {
            self.read(view, anchor).await;
        }
    }

    async fn read(self, view: CalendarView, anchor: CivilDate) {
        if self.calendars.with_untracked(Vec::is_empty) {
            // The mailbox's zone is read beside the calendars, not before them.
            let (zone, calendars) = futures::join!(self.settings.time_zone(), pim::calendars(self.graph));
            self.zone.set(zone);
            match calendars {
                Ok(list) => self.calendars.set(list),
                Err(error) => {
                    self.failure.set(Some(error));
                    return;
                }
            }
        }
        let days = view_days(view, anchor);
        // A day either side: a zone chosen in settings may differ from the browser's.
        let start = intl::local_midnight_utc(days[0].add_days(-1));
        let end = intl::local_midnight_utc(days[days.len() - 1].add_days(2));
        match pim::calendar_view(self.graph, &self.calendars.get_untracked(), &start, &end, &self.zone.get_untracked()).await {
            Ok(list) => {
                self.events.set(list);
                self.failure.set(None);
            }
            Err(error) => self.failure.set(Some(error)),
        }
    }
}
