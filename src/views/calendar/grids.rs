//! The calendar's views of a window of days: the agenda list, the month grid, and the
//! time grid of the day and week views.

use crate::browser::intl;
use crate::components::icon::{Icon, IconName};
use crate::services::calendar::CalendarStore;
use crate::services::task::effect;
use crate::text;
use leptos::prelude::*;
use tern_core::calendar::{place, side_by_side, Placement};
use tern_core::date::CivilDate;
use tern_core::graph::models::Event;
use tern_core::route::{CalendarView, Route};

/// Height of an hour in the day and week grids.
const HOUR_PX: u32 = 40;
/// Events a month cell lists before "+N more" leads to the day.
const MONTH_CELL_EVENTS: usize = 3;
/// Where the day and week grids open: the working day, not midnight.
const OPENS_AT_HOUR: u32 = 8;

/// An event as a button in its calendar's colour; choosing it opens its details.
#[component]
fn EventButton(event: Event, style: String, testid: &'static str, label: String, on_select: Callback<String>) -> impl IntoView {
    let store = CalendarStore::expect();
    let id = event.id.clone();
    let color = store.color_of(event.calendar_id.as_deref()).map(|c| format!("--event-color:{c};")).unwrap_or_default();
    let in_series = event.series_master_id.is_some();
    view! {
        <button type="button" class="event" style=format!("{color}{style}") data-testid=testid data-id=id.clone() data-series=in_series.then_some("true")
            on:click=move |_| on_select.run(id.clone())>
            {in_series.then(|| view! { <span class="recurring"><Icon name=IconName::Repeat /></span><span class="visually-hidden">{text::RECURRING} ": "</span> })}
            {label}
        </button>
    }
}

/// Each day of the window with its events in order, all-day ones first.
#[component]
pub fn Agenda(days: Vec<CivilDate>, today: CivilDate, events: Vec<Event>, on_select: Callback<String>) -> impl IntoView {
    let rows = days
        .iter()
        .enumerate()
        .map(|(index, day)| {
            let mut on_day: Vec<(u32, Event)> = events
                .iter()
                .filter_map(|event| {
                    place(event, &days).into_iter().find_map(|p| match p {
                        Placement::Timed { day, start, .. } if day == index => Some((start, event.clone())),
                        Placement::AllDay { first, last } if first <= index && index <= last => Some((0, event.clone())),
                        _ => None,
                    })
                })
                .collect();
            tern_core::sort::sort_by_key(&mut on_day, |(start, _)| *start);
            view! {
                <li class="agenda-day" data-testid="agenda-day" data-date=day.to_string()>
                    <h3 class:today=*day == today>{intl::day_label(*day, true)}</h3>
                    {on_day.is_empty().then(|| view! { <p class="note">{text::NO_EVENTS}</p> })}
                    {on_day.into_iter().map(|(start, event)| {
                        let when = if event.is_all_day { text::ALL_DAY.to_owned() } else { intl::time_label(start) };
                        let label = format!("{when} {}", event.subject.clone().unwrap_or_default());
                        view! { <EventButton event=event style=String::new() testid="event" label=label on_select=on_select /> }
                    }).collect_view()}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="agenda">{rows}</ul> }
}

/// Six weeks around the month of `anchor`, each cell with its events.
#[component]
pub fn MonthGrid(
    days: Vec<CivilDate>,
    anchor: CivilDate,
    today: CivilDate,
    events: Vec<Event>,
    on_select: Callback<String>,
) -> impl IntoView {
    let cells = days.iter().enumerate().map(|(index, day)| {
        let on_day: Vec<Event> = events.iter().filter(|event| place(event, &days).iter().any(|p| match p {
            Placement::Timed { day, .. } => *day == index,
            Placement::AllDay { first, last } => *first <= index && index <= *last,
        })).cloned().collect();
        let more = on_day.len().saturating_sub(MONTH_CELL_EVENTS);
        let day_view = Route::Calendar { view: CalendarView::Day, date: Some(*day) }.to_hash();
        view! {
            <div class="month-cell" class:other-month=day.month() != anchor.month() class:today=*day == today data-testid="day-column" data-date=day.to_string()>
                <span class="note">{day.day()}</span>
                {on_day.into_iter().take(MONTH_CELL_EVENTS).map(|event| {
                    let label = event.subject.clone().unwrap_or_default();
                    view! { <EventButton event=event style=String::new() testid="event" label=label on_select=on_select /> }
                }).collect_view()}
                {(more > 0).then(|| view! {
                    <a class="more" href=day_view data-testid="month-more">{format!("+{more} {}", text::MORE)}</a>
                })}
            </div>
        }
    }).collect_view();
    view! { <div class="month-grid">{cells}</div> }
}

/// A column per day with timed events at their minutes, all-day events in a row above.
#[component]
pub fn TimeGrid(
    days: Vec<CivilDate>,
    today: CivilDate,
    /// The date and minute now in the calendar's zone: a line marks it, and the grid opens there.
    now: Option<(CivilDate, u32)>,
    events: Vec<Event>,
    on_select: Callback<String>,
) -> impl IntoView {
    let now_in_view = now.filter(|(date, _)| days.contains(date));
    let columns = days.len();
    let all_day = events
        .iter()
        .flat_map(|event| {
            place(event, &days).into_iter().filter_map(move |p| match p {
                Placement::AllDay { first, last } => Some((first, last, event.clone())),
                _ => None,
            })
        })
        .map(|(first, last, event)| {
            let label = event.subject.clone().unwrap_or_default();
            view! {
                <div class="all-day" style=format!("grid-column:{} / {}", first + 2, last + 3) data-first-date=days[first].to_string()>
                    <EventButton event=event style=String::new() testid="all-day-event" label=label on_select=on_select />
                </div>
            }
        })
        .collect_view();
    let day_columns = days
        .iter()
        .enumerate()
        .map(|(index, day)| {
            let timed: Vec<(u32, u32, Event)> = events
                .iter()
                .flat_map(|event| {
                    place(event, &days).into_iter().filter_map(move |p| match p {
                        Placement::Timed { day, start, end } if day == index => Some((start, end, event.clone())),
                        _ => None,
                    })
                })
                .collect();
            let columns = side_by_side(&timed.iter().map(|(start, end, _)| (*start, *end)).collect::<Vec<_>>());
            let timed = timed
                .into_iter()
                .zip(columns)
                .map(|((start, end, event), (column, of))| {
                    let style = format!(
                        "top:{}px;height:{}px;left:calc({column} * 100% / {of} + 2px);width:calc(100% / {of} - 4px);",
                        start * HOUR_PX / 60,
                        ((end - start) * HOUR_PX / 60).max(14)
                    );
                    let label = format!("{} {}", intl::time_label(start), event.subject.clone().unwrap_or_default());
                    view! {
                        <div class="timed" data-start-minutes=start.to_string()>
                            <EventButton event=event style=style testid="event" label=label on_select=on_select />
                        </div>
                    }
                })
                .collect_view();
            let now_line = now_in_view.filter(|(date, _)| date == day).map(|(_, minutes)| {
                view! { <div class="now-line" data-testid="now-line" data-minutes=minutes.to_string() style=format!("top:{}px", minutes * HOUR_PX / 60) aria-hidden="true"></div> }
            });
            view! {
                <div class="day-column" class:today=*day == today data-testid="day-column" data-date=day.to_string()
                    style=format!("grid-column:{};height:{}px", index + 2, 24 * HOUR_PX)>
                    {timed}
                    {now_line}
                </div>
            }
        })
        .collect_view();
    let headings = days.iter().enumerate().map(|(index, day)| view! {
        <div class="day-heading" class:today=*day == today style=format!("grid-column:{}", index + 2)>{intl::day_label(*day, false)}</div>
    }).collect_view();
    let hours = (0..24)
        .map(|hour| view! { <div class="hour note" style=format!("top:{}px", hour * HOUR_PX)>{intl::time_label(hour * 60)}</div> })
        .collect_view();
    let scroller = NodeRef::<leptos::html::Div>::new();
    // The working day, or the hour before now when today is in view.
    let opens_at = now_in_view.map_or(OPENS_AT_HOUR * HOUR_PX, |(_, minutes)| minutes.saturating_sub(60) * HOUR_PX / 60);
    effect(move |_| {
        if let Some(scroller) = scroller.get() {
            scroller.set_scroll_top(opens_at as i32);
        }
    });
    view! {
        <div class="time-scroll" data-testid="time-scroll" node_ref=scroller>
            <div class="time-grid" style=format!("--columns:{columns}")>
                {headings}
                <div class="all-day-row" data-testid="all-day-row" style=format!("grid-column:1 / {}", columns + 2)>
                    <span class="note">{text::ALL_DAY}</span>{all_day}
                </div>
                <div class="hours" style=format!("height:{}px", 24 * HOUR_PX)>{hours}</div>
                {day_columns}
            </div>
        </div>
    }
}
