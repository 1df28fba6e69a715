//! Above the calendar: moving through time, choosing the view, and which calendars show.

use crate::browser::{intl, location};
use crate::components::icon::{Icon, IconName};
use crate::services::calendar::CalendarStore;
use crate::text;
use leptos::prelude::*;
use tern_core::calendar::{step, view_days};
use tern_core::date::CivilDate;
use tern_core::route::{CalendarView, Route};

fn view_label(view: CalendarView) -> &'static str {
    match view {
        CalendarView::Agenda => text::VIEW_AGENDA,
        CalendarView::Day => text::VIEW_DAY,
        CalendarView::Week => text::VIEW_WEEK,
        CalendarView::Month => text::VIEW_MONTH,
    }
}

fn go(view: CalendarView, date: CivilDate) {
    location::navigate(&Route::Calendar { view, date: Some(date) });
}

/// Previous, today, next, the range shown, the views, and New event.
#[component]
pub fn CalendarBar(place: Memo<(CalendarView, CivilDate)>, today: CivilDate, on_new_event: Callback<()>) -> impl IntoView {
    let title = move || {
        let (view, anchor) = place.get();
        let days = view_days(view, anchor);
        match view {
            CalendarView::Month => intl::month_label(anchor),
            CalendarView::Day => intl::day_label(anchor, true),
            _ => format!("{} – {}", intl::day_label(days[0], true), intl::day_label(days[days.len() - 1], true)),
        }
    };
    let move_by = move |forward: bool| {
        let (view, anchor) = place.get_untracked();
        go(view, step(view, anchor, forward));
    };
    view! {
        <div class="calendar-bar">
            <button type="button" data-testid="calendar-prev" aria-label=text::PREVIOUS on:click=move |_| move_by(false)><Icon name=IconName::Previous /></button>
            <button type="button" data-testid="calendar-today" on:click=move |_| go(place.get_untracked().0, today)>{text::TODAY}</button>
            <button type="button" data-testid="calendar-next" aria-label=text::NEXT on:click=move |_| move_by(true)><Icon name=IconName::Next /></button>
            <h1 data-testid="calendar-title">{title}</h1>
            <div class="filters" role="group" aria-label=text::CALENDAR_VIEWS>
                {CalendarView::ALL.into_iter().map(|view| view! {
                    <button type="button" aria-pressed=move || (place.get().0 == view).to_string() data-testid=format!("calendar-view-{}", view.slug())
                        on:click=move |_| go(view, place.get_untracked().1)>{view_label(view)}</button>
                }).collect_view()}
            </div>
            <button type="button" class="primary" data-testid="new-event" on:click=move |_| on_new_event.run(())>{text::NEW_EVENT}</button>
        </div>
    }
}

/// A checkbox per calendar, in its colour, to show or hide it.
#[component]
pub fn CalendarToggles() -> impl IntoView {
    let store = CalendarStore::expect();
    view! {
        <ul class="calendar-list" aria-label=text::CALENDARS>
            {move || store.calendars().get().into_iter().map(|calendar| {
                let (id, toggle_id) = (calendar.id.clone(), calendar.id.clone());
                let color = calendar.hex_color.clone().filter(|c| !c.is_empty()).unwrap_or_else(|| "var(--accent)".into());
                view! {
                    <li>
                        <label style=format!("--event-color:{color}")>
                            <input type="checkbox" data-testid="calendar-toggle" data-calendar=calendar.name.clone()
                                prop:checked=move || store.is_shown(&id) on:change=move |_| store.toggle(&toggle_id) />
                            <span class="swatch"></span>{calendar.name.clone()}
                        </label>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
