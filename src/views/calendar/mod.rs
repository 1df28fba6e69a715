//! The calendar: agenda, day, week and month views of every shown calendar, in the
//! person's time zone; event details, invitations, and the event form.

mod availability;
mod bar;
mod details;
mod editor;
mod grids;
mod repeat;

use crate::app::CurrentRoute;
use crate::browser::{intl, timer};
use crate::components::failure::Failure;
use crate::services::calendar::CalendarStore;
use crate::services::graph::Graph;
use crate::services::task::{effect, spawn_owned};
use crate::text;
use bar::{CalendarBar, CalendarToggles};
use details::EventDetails;
use editor::EventEditor;
use grids::{Agenda, MonthGrid, TimeGrid};
use leptos::prelude::*;
use tern_core::calendar::{view_days, EventForm};
use tern_core::date::CivilDate;
use tern_core::route::{CalendarView, Route};

/// How often the calendar on screen is read again for what others changed.
const REFRESH_EVERY_MS: u64 = 60_000;

/// Where the event form is kept in the tab, so a failed save or a reload loses nothing.
const FORM_KEY: &str = "event-form";

#[component]
pub fn CalendarScreen() -> impl IntoView {
    let graph = Graph::expect();
    let auth = graph.auth();
    let store = CalendarStore::new(graph);
    store.provide();
    let CurrentRoute(route) = expect_context();
    let today = intl::today().unwrap_or_else(|| CivilDate::new(2026, 1, 1).expect("a valid date"));
    let place = Memo::new(move |_| match route.get() {
        Route::Calendar { view, date } => (view, date.unwrap_or(today)),
        _ => (CalendarView::Week, today),
    });
    let selected = RwSignal::new(None::<String>);
    let editing = RwSignal::new(auth.account_item::<EventForm>(FORM_KEY));
    let reload = RwSignal::new(0u32);
    // Each run cleans up the previous one: the load of a week left behind stops.
    effect(move |_| {
        let (view, anchor) = place.get();
        reload.track();
        spawn_owned(store.load(view, anchor));
    });
    spawn_owned(async move {
        loop {
            timer::sleep(REFRESH_EVERY_MS).await;
            let (view, anchor) = place.get_untracked();
            store.refresh(view, anchor).await;
        }
    });
    // Back from another window or app: what changed meanwhile is read at once. Window
    // listeners run outside any owner, so the screen's is put back for the work.
    let owner = Owner::current().expect("the calendar screen has an owner");
    let focus = window_event_listener(leptos::ev::focus, move |_| {
        let (view, anchor) = place.get_untracked();
        owner.with(|| spawn_owned(store.refresh(view, anchor)));
    });
    on_cleanup(move || focus.remove());
    let on_select = Callback::new(move |id: String| selected.set(Some(id)));
    let grid = move || {
        let (view, anchor) = place.get();
        let days = view_days(view, anchor);
        let events = store.shown_events();
        match view {
            CalendarView::Agenda => view! { <Agenda days=days today=today events=events on_select=on_select /> }.into_any(),
            CalendarView::Month => view! { <MonthGrid days=days anchor=anchor today=today events=events on_select=on_select /> }.into_any(),
            CalendarView::Day | CalendarView::Week => {
                let now = intl::now_in(&store.zone());
                view! { <TimeGrid days=days today=today now=now events=events on_select=on_select /> }.into_any()
            }
        }
    };
    // A meeting asked for beside a message in Outlook opens in the form at once.
    if let Some(meeting) = crate::services::open_item::OpenItem::in_pane().and_then(|open| open.take_meeting()) {
        editing.set(Some(meeting));
    }
    let new_event = Callback::new(move |()| {
        let (_, anchor) = place.get_untracked();
        editing.set(Some(EventForm { start: format!("{anchor}T09:00"), end: format!("{anchor}T09:30"), ..EventForm::default() }));
    });
    let after_details = Callback::new(move |changed: bool| {
        selected.set(None);
        if changed {
            reload.update(|n| *n += 1);
        }
    });
    let edit = Callback::new(move |form: EventForm| {
        selected.set(None);
        editing.set(Some(form));
    });
    let after_form = Callback::new(move |saved: bool| {
        auth.forget_account_item(FORM_KEY);
        editing.set(None);
        if saved {
            reload.update(|n| *n += 1);
        }
    });
    view! {
        <section class="calendar" data-testid="calendar">
            <CalendarBar place=place today=today on_new_event=new_event />
            <CalendarToggles />
            {move || store.failure().get().map(|failure| view! { <Failure failure=failure lead=text::CALENDAR_FAILED testid="calendar-error" /> })}
            // A bar over the grid rather than a line of text: the grid keeps its place.
            <div class="loading-track">
                {move || store.loading().get().then(|| view! {
                    <div class="loading-bar" role="progressbar" aria-label=text::CALENDAR_LOADING data-testid="calendar-loading"></div>
                })}
            </div>
            <div class="calendar-body">{grid}</div>
            {move || selected.get().map(|id| view! { <EventDetails id=id zone=store.zone() on_close=after_details on_edit=edit /> })}
            {move || editing.get().map(|form| view! {
                <EventEditor form=form zone=store.zone() on_close=after_form />
            })}
        </section>
    }
}
