use crate::app::CurrentRoute;
use crate::browser::{intl, location};
use crate::components::failure::Failure;
use crate::components::mail_body::MailBody;
use crate::services::graph::{Graph, GraphFailure};
use crate::services::pim;
use crate::services::task::spawn_owned;
use crate::text;
use leptos::prelude::*;
use tern_core::calendar::{place, step, view_days, EventForm, Placement};
use tern_core::date::CivilDate;
use tern_core::graph::models::{Calendar, Event, Response};
use tern_core::graph::requests::InvitationAnswer;
use tern_core::route::{CalendarView, Route};

/// Height of an hour in the day and week grids.
const HOUR_PX: u32 = 40;
const FORM_KEY: &str = "event-form";

fn response_label(response: Response) -> &'static str {
    match response {
        Response::Accepted => text::RESPONSE_ACCEPTED,
        Response::TentativelyAccepted => text::RESPONSE_TENTATIVE,
        Response::Declined => text::RESPONSE_DECLINED,
        Response::Organizer => text::RESPONSE_ORGANIZER,
        _ => text::RESPONSE_NONE,
    }
}

fn view_label(view: CalendarView) -> &'static str {
    match view {
        CalendarView::Agenda => text::VIEW_AGENDA,
        CalendarView::Day => text::VIEW_DAY,
        CalendarView::Week => text::VIEW_WEEK,
        CalendarView::Month => text::VIEW_MONTH,
    }
}

/// The calendar: agenda, day, week and month views of every shown calendar, in the
/// person's time zone; event details, invitations, and the event form.
#[component]
pub fn CalendarScreen() -> impl IntoView {
    let graph = Graph::expect();
    let auth = graph.auth();
    let CurrentRoute(route) = expect_context();
    let zone = crate::services::pim::time_zone(graph.auth());
    let today = intl::today().unwrap_or_else(|| CivilDate::new(2026, 1, 1).expect("a valid date"));
    let place_in_route = Memo::new(move |_| match route.get() {
        Route::Calendar { view, date } => (view, date.unwrap_or(today)),
        _ => (CalendarView::Week, today),
    });
    let calendars = RwSignal::new(Vec::<Calendar>::new());
    let hidden = RwSignal::new(Vec::<String>::new());
    let events = RwSignal::new(Vec::<Event>::new());
    let failure = RwSignal::new(None::<GraphFailure>);
    let loading = RwSignal::new(true);
    let selected = RwSignal::new(None::<String>);
    let editing = RwSignal::new(auth.account_item::<EventForm>(FORM_KEY));
    let reload = RwSignal::new(0u32);

    let zone_for_load = zone.clone();
    Effect::new(move |_| {
        let (view, anchor) = place_in_route.get();
        reload.track();
        let zone = zone_for_load.clone();
        spawn_owned(async move {
            loading.set(true);
            if calendars.with_untracked(Vec::is_empty) {
                match pim::calendars(graph).await {
                    Ok(list) => calendars.set(list),
                    Err(error) => {
                        failure.set(Some(error));
                        loading.set(false);
                        return;
                    }
                }
            }
            let days = view_days(view, anchor);
            // A day either side: a zone chosen in settings may differ from the browser's.
            let start = intl::local_midnight_utc(days[0].add_days(-1));
            let end = intl::local_midnight_utc(days[days.len() - 1].add_days(2));
            match pim::calendar_view(graph, &calendars.get_untracked(), &start, &end, &zone).await {
                Ok(list) => {
                    events.set(list);
                    failure.set(None);
                }
                Err(error) => failure.set(Some(error)),
            }
            loading.set(false);
        });
    });

    let go = move |view: CalendarView, date: CivilDate| location::navigate(&Route::Calendar { view, date: Some(date) });
    let color_of = move |calendar: &Option<String>| {
        calendars
            .with(|all| all.iter().find(|c| Some(&c.id) == calendar.as_ref()).and_then(|c| c.hex_color.clone()).filter(|c| !c.is_empty()))
    };
    let shown = move || {
        let hidden = hidden.get();
        events
            .get()
            .into_iter()
            .filter(|e| !e.is_cancelled && !e.calendar_id.as_ref().is_some_and(|c| hidden.contains(c)))
            .collect::<Vec<_>>()
    };
    let event_button = move |event: &Event, style: String, testid: &'static str, label: String| {
        let id = event.id.clone();
        let color = color_of(&event.calendar_id).map(|c| format!("--event-color:{c};")).unwrap_or_default();
        view! {
            <button type="button" class="event" style=format!("{color}{style}") data-testid=testid data-id=id.clone()
                on:click=move |_| selected.set(Some(id.clone()))>
                {label}
            </button>
        }
    };
    let grid = move || {
        let (view, anchor) = place_in_route.get();
        let days = view_days(view, anchor);
        let events = shown();
        match view {
            CalendarView::Agenda => {
                let rows = days.iter().enumerate().map(|(index, day)| {
                    let mut today_events: Vec<(u32, Event)> = events.iter().filter_map(|event| {
                        place(event, &days).into_iter().find_map(|p| match p {
                            Placement::Timed { day, start, .. } if day == index => Some((start, event.clone())),
                            Placement::AllDay { first, last } if first <= index && index <= last => Some((0, event.clone())),
                            _ => None,
                        })
                    }).collect();
                    today_events.sort_by_key(|(start, _)| *start);
                    view! {
                        <li class="agenda-day" data-testid="agenda-day" data-date=day.to_string()>
                            <h3 class:today=*day == today>{intl::day_label(*day, true)}</h3>
                            {if today_events.is_empty() { Some(view! { <p class="note">{text::NO_EVENTS}</p> }) } else { None }}
                            {today_events.into_iter().map(|(start, event)| {
                                let label = format!("{} {}", if event.is_all_day { text::ALL_DAY.to_owned() } else { intl::time_label(start) }, event.subject.clone().unwrap_or_default());
                                event_button(&event, String::new(), "event", label)
                            }).collect_view()}
                        </li>
                    }
                }).collect_view();
                view! { <ul class="agenda">{rows}</ul> }.into_any()
            }
            CalendarView::Month => {
                let cells = days.iter().enumerate().map(|(index, day)| {
                    let in_month = day.month() == anchor.month();
                    let day_events: Vec<Event> = events.iter().filter(|event| place(event, &days).iter().any(|p| match p {
                        Placement::Timed { day, .. } => *day == index,
                        Placement::AllDay { first, last } => *first <= index && index <= *last,
                    })).cloned().collect();
                    view! {
                        <div class="month-cell" class:other-month=!in_month class:today=*day == today data-testid="day-column" data-date=day.to_string()>
                            <span class="note">{day.day()}</span>
                            {day_events.iter().map(|event| event_button(event, String::new(), "event", event.subject.clone().unwrap_or_default())).collect_view()}
                        </div>
                    }
                }).collect_view();
                view! { <div class="month-grid">{cells}</div> }.into_any()
            }
            CalendarView::Day | CalendarView::Week => {
                let columns = days.len();
                let all_day = events.iter().flat_map(|event| place(event, &days).into_iter().filter_map(move |p| match p {
                    Placement::AllDay { first, last } => Some((first, last, event.clone())),
                    _ => None,
                })).map(|(first, last, event)| view! {
                    <div class="all-day" style=format!("grid-column:{} / {}", first + 2, last + 3) data-first-date=days[first].to_string()>
                        {event_button(&event, String::new(), "all-day-event", event.subject.clone().unwrap_or_default())}
                    </div>
                }).collect_view();
                let day_columns = days.iter().enumerate().map(|(index, day)| {
                    let timed = events.iter().flat_map(|event| place(event, &days).into_iter().filter_map(move |p| match p {
                        Placement::Timed { day, start, end } if day == index => Some((start, end, event.clone())),
                        _ => None,
                    })).map(|(start, end, event)| {
                        let style = format!("top:{}px;height:{}px;", start * HOUR_PX / 60, ((end - start) * HOUR_PX / 60).max(14));
                        let label = format!("{} {}", intl::time_label(start), event.subject.clone().unwrap_or_default());
                        view! { <div class="timed" data-start-minutes=start.to_string()>{event_button(&event, style, "event", label)}</div> }
                    }).collect_view();
                    view! {
                        <div class="day-column" class:today=*day == today data-testid="day-column" data-date=day.to_string()
                            style=format!("grid-column:{};height:{}px", index + 2, 24 * HOUR_PX)>
                            {timed}
                        </div>
                    }
                }).collect_view();
                let headings = days.iter().enumerate().map(|(index, day)| view! {
                    <div class="day-heading" class:today=*day == today style=format!("grid-column:{}", index + 2)>{intl::day_label(*day, false)}</div>
                }).collect_view();
                let hours = (0..24)
                    .map(|hour| {
                        view! {
                            <div class="hour note" style=format!("top:{}px", hour * HOUR_PX)>{intl::time_label(hour * 60)}</div>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="time-grid" style=format!("--columns:{columns}")>
                        {headings}
                        <div class="all-day-row" data-testid="all-day-row" style=format!("grid-column:1 / {}", columns + 2)>
                            <span class="note">{text::ALL_DAY}</span>{all_day}
                        </div>
                        <div class="hours" style=format!("height:{}px", 24 * HOUR_PX)>{hours}</div>
                        {day_columns}
                    </div>
                }
                .into_any()
            }
        }
    };
    let title = move || {
        let (view, anchor) = place_in_route.get();
        let days = view_days(view, anchor);
        match view {
            CalendarView::Month => intl::month_label(anchor),
            CalendarView::Day => intl::day_label(anchor, true),
            _ => format!("{} – {}", intl::day_label(days[0], true), intl::day_label(days[days.len() - 1], true)),
        }
    };
    let new_event = move |_| {
        let (_, anchor) = place_in_route.get_untracked();
        editing.set(Some(EventForm { start: format!("{anchor}T09:00"), end: format!("{anchor}T09:30"), ..EventForm::default() }));
    };
    let zone_for_form = zone.clone();
    let zone_for_details = zone.clone();
    view! {
        <section class="calendar" data-testid="calendar">
            <div class="calendar-bar">
                <button type="button" data-testid="calendar-prev" aria-label=text::PREVIOUS on:click=move |_| { let (v, a) = place_in_route.get_untracked(); go(v, step(v, a, false)); }>"‹"</button>
                <button type="button" data-testid="calendar-today" on:click=move |_| go(place_in_route.get_untracked().0, today)>{text::TODAY}</button>
                <button type="button" data-testid="calendar-next" aria-label=text::NEXT on:click=move |_| { let (v, a) = place_in_route.get_untracked(); go(v, step(v, a, true)); }>"›"</button>
                <h1 data-testid="calendar-title">{title}</h1>
                <div class="filters" role="group" aria-label=text::CALENDAR_VIEWS>
                    {CalendarView::ALL.into_iter().map(|view| view! {
                        <button type="button" aria-pressed=move || (place_in_route.get().0 == view).to_string() data-testid=format!("calendar-view-{}", view.slug())
                            on:click=move |_| go(view, place_in_route.get_untracked().1)>{view_label(view)}</button>
                    }).collect_view()}
                </div>
                <button type="button" class="primary" data-testid="new-event" on:click=new_event>{text::NEW_EVENT}</button>
            </div>
            <ul class="calendar-list" aria-label=text::CALENDARS>
                {move || calendars.get().into_iter().map(|calendar| {
                    let id = calendar.id.clone();
                    let toggle_id = id.clone();
                    let color = calendar.hex_color.clone().filter(|c| !c.is_empty()).unwrap_or_else(|| "var(--accent)".into());
                    view! {
                        <li>
                            <label style=format!("--event-color:{color}")>
                                <input type="checkbox" data-testid="calendar-toggle" data-calendar=calendar.name.clone()
                                    prop:checked=move || !hidden.with(|h| h.contains(&id))
                                    on:change=move |_| hidden.update(|h| if let Some(i) = h.iter().position(|x| *x == toggle_id) { h.remove(i); } else { h.push(toggle_id.clone()); }) />
                                <span class="swatch"></span>{calendar.name.clone()}
                            </label>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || failure.get().map(|failure| view! { <Failure failure=failure lead=text::CALENDAR_FAILED testid="calendar-error" /> })}
            {move || loading.get().then(|| view! { <p class="note" role="status" data-testid="calendar-loading">{text::CALENDAR_LOADING}</p> })}
            <div class="calendar-body">{grid}</div>
            {move || selected.get().map(|id| view! {
                <EventDetails id=id zone=zone_for_details.clone() on_close=Callback::new(move |changed: bool| {
                    selected.set(None);
                    if changed { reload.update(|n| *n += 1); }
                }) on_edit=Callback::new(move |form: EventForm| { selected.set(None); editing.set(Some(form)); }) />
            })}
            {move || editing.get().map(|form| view! {
                <EventEditor form=form zone=zone_for_form.clone() calendar=calendars.with(|all| all.iter().find(|c| c.is_default_calendar == Some(true)).or(all.first()).map(|c| c.id.clone()))
                    on_close=Callback::new(move |saved: bool| {
                        auth.forget_account_item(FORM_KEY);
                        editing.set(None);
                        if saved { reload.update(|n| *n += 1); }
                    }) />
            })}
        </section>
    }
}

#[component]
fn EventDetails(id: String, zone: String, on_close: Callback<bool>, on_edit: Callback<EventForm>) -> impl IntoView {
    let graph = Graph::expect();
    let failure = RwSignal::new(None::<GraphFailure>);
    let comment = RwSignal::new(String::new());
    let event = LocalResource::new({
        let id = id.clone();
        move || {
            let (id, zone) = (id.clone(), zone.clone());
            async move { pim::event(graph, &id, &zone).await }
        }
    });
    let respond = move |answer: InvitationAnswer| {
        let id = id.clone();
        spawn_owned(async move {
            match pim::respond(graph, &id, answer, &comment.get_untracked()).await {
                Ok(()) => on_close.run(true),
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    let details = move || match event.get() {
        None => view! { <p class="note" role="status">{text::EVENT_LOADING}</p> }.into_any(),
        Some(Err(error)) => view! { <Failure failure=error lead=text::EVENT_FAILED testid="event-error" /> }.into_any(),
        Some(Ok(event)) => {
            let when = match (event.start.as_ref(), event.end.as_ref()) {
                (Some(start), Some(end)) => format!(
                    "{} – {}",
                    start.date_time.get(..16).unwrap_or_default().replace('T', " "),
                    end.date_time.get(..16).unwrap_or_default().replace('T', " ")
                ),
                _ => String::new(),
            };
            let invited = !event.is_organizer && event.response_status.is_some();
            let respond = respond.clone();
            let id = event.id.clone();
            let form = EventForm::from_event(&event);
            let body = event.body.clone().unwrap_or_default();
            view! {
                <h2 data-testid="event-subject">{event.subject.clone().unwrap_or_else(|| text::NO_SUBJECT.to_owned())}</h2>
                <p data-testid="event-time">{when}{event.is_all_day.then_some(" · ")}{event.is_all_day.then_some(text::ALL_DAY)}</p>
                {event.location.and_then(|l| l.display_name).filter(|l| !l.is_empty()).map(|l| view! { <p data-testid="event-location">{l}</p> })}
                {event.organizer.map(|o| view! { <p data-testid="event-organizer">{text::ORGANIZER} ": " {o.email_address.label().to_owned()}</p> })}
                {event.online_meeting.and_then(|m| m.join_url).filter(|u| u.starts_with("https://")).map(|url| view! {
                    <p><a href=url target="_blank" rel="noopener noreferrer" data-testid="event-join">{text::JOIN_MEETING}</a></p>
                })}
                <ul class="attendees">
                    {event.attendees.into_iter().map(|a| view! {
                        <li data-testid="attendee">{a.email_address.label().to_owned()} " · " <span class="note">{response_label(a.status.response)}</span></li>
                    }).collect_view()}
                </ul>
                {event.response_status.filter(|_| invited).map(|status| view! { <p data-testid="my-response">{text::YOUR_RESPONSE} ": " {response_label(status.response)}</p> })}
                {invited.then(|| {
                    let (accept, tentative, decline) = (respond.clone(), respond.clone(), respond.clone());
                    view! {
                        <div class="respond">
                            <input type="text" placeholder=text::RESPONSE_COMMENT aria-label=text::RESPONSE_COMMENT data-testid="respond-comment" bind:value=comment />
                            <button type="button" data-testid="respond-accept" on:click=move |_| accept(InvitationAnswer::Accept)>{text::ACCEPT}</button>
                            <button type="button" data-testid="respond-tentative" on:click=move |_| tentative(InvitationAnswer::Tentative)>{text::TENTATIVE}</button>
                            <button type="button" data-testid="respond-decline" on:click=move |_| decline(InvitationAnswer::Decline)>{text::DECLINE}</button>
                        </div>
                    }
                })}
                <MailBody body=Signal::stored(body) />
                <div class="compose-actions">
                    <button type="button" data-testid="event-edit" on:click=move |_| on_edit.run(form.clone())>{text::EDIT}</button>
                    <button type="button" data-testid="event-delete" on:click=move |_| {
                        let id = id.clone();
                        spawn_owned(async move {
                            match pim::delete_event(graph, &id).await {
                                Ok(()) => on_close.run(true),
                                Err(error) => failure.set(Some(error)),
                            }
                        });
                    }>{text::DELETE}</button>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <aside class="side-panel" data-testid="event-details" aria-label=text::EVENT>
            <button type="button" class="close" data-testid="event-close" on:click=move |_| on_close.run(false)>{text::CLOSE}</button>
            {details}
            {move || failure.get().map(|error| view! { <Failure failure=error lead=text::EVENT_ACTION_FAILED testid="event-action-error" /> })}
        </aside>
    }
}

/// The event form. What is typed is kept in the tab at once, so a failed save, a reload or
/// a new sign-in loses nothing.
#[component]
fn EventEditor(form: EventForm, zone: String, calendar: Option<String>, on_close: Callback<bool>) -> impl IntoView {
    let graph = Graph::expect();
    let auth = graph.auth();
    let form = RwSignal::new(form);
    let problem = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<GraphFailure>);
    let saving = RwSignal::new(false);
    let edit = move |change: &dyn Fn(&mut EventForm)| {
        form.update(|form| change(form));
        let _ = auth.keep_account_item(FORM_KEY, &form.get_untracked());
    };
    let save = move |_| {
        let current = form.get_untracked();
        let fields = match current.to_graph(&zone) {
            Ok(fields) => fields,
            Err(error) => return problem.set(Some(error.to_string())),
        };
        problem.set(None);
        saving.set(true);
        let calendar = calendar.clone();
        spawn_owned(async move {
            match pim::save_event(graph, current.id.as_deref(), &fields, calendar.as_deref()).await {
                Ok(_) => on_close.run(true),
                Err(error) => failure.set(Some(error)),
            }
            saving.set(false);
        });
    };
    let field = move |label: &'static str,
                      testid: &'static str,
                      kind: &'static str,
                      get: fn(&EventForm) -> String,
                      set: fn(&mut EventForm, String)| {
        view! {
            <label class="field">
                <span>{label}</span>
                <input type=kind data-testid=testid prop:value=move || form.with(get)
                    on:input=move |ev| { let value = event_target_value(&ev); edit(&move |f| set(f, value.clone())); } />
            </label>
        }
    };
    let time_kind = move || if form.with(|f| f.all_day) { "date" } else { "datetime-local" };
    view! {
        <aside class="side-panel" data-testid="event-form" aria-label=text::EVENT>
            <h2>{move || if form.with(|f| f.id.is_some()) { text::EDIT_EVENT } else { text::NEW_EVENT }}</h2>
            {field(text::TITLE, "event-form-subject", "text", |f| f.subject.clone(), |f, v| f.subject = v)}
            <label class="field">
                <span>{text::ALL_DAY}</span>
                <input type="checkbox" data-testid="event-form-all-day" prop:checked=move || form.with(|f| f.all_day)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        edit(&move |f| {
                            f.all_day = on;
                            let trim = |t: &str| if on { t.get(..10).unwrap_or(t).to_owned() } else if t.len() == 10 { format!("{t}T09:00") } else { t.to_owned() };
                            f.start = trim(&f.start);
                            f.end = trim(&f.end);
                        });
                    } />
            </label>
            <label class="field"><span>{text::STARTS}</span>
                <input type=time_kind data-testid="event-form-start" prop:value=move || form.with(|f| f.start.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); edit(&move |f| f.start = v.clone()); } /></label>
            <label class="field"><span>{text::ENDS}</span>
                <input type=time_kind data-testid="event-form-end" prop:value=move || form.with(|f| f.end.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); edit(&move |f| f.end = v.clone()); } /></label>
            {field(text::LOCATION, "event-form-location", "text", |f| f.location.clone(), |f, v| f.location = v)}
            {field(text::ATTENDEES, "event-form-attendees", "text", |f| f.attendees.clone(), |f, v| f.attendees = v)}
            <label class="field"><span>{text::REMINDER}</span>
                <select data-testid="event-form-reminder" on:change=move |ev| {
                    let minutes = event_target_value(&ev).parse::<i32>().ok();
                    edit(&move |f| f.reminder_minutes = minutes);
                }>
                    {[None, Some(0), Some(5), Some(15), Some(30), Some(60), Some(1440)].into_iter().map(|m| view! {
                        <option value=m.map(|m| m.to_string()).unwrap_or_default() selected=move || form.with(|f| f.reminder_minutes == m)>
                            {m.map(|m| format!("{m} min")).unwrap_or_else(|| text::NO_REMINDER.to_owned())}
                        </option>
                    }).collect_view()}
                </select></label>
            {move || form.with(|f| f.formatted_body && f.body.is_empty()).then(|| view! { <p class="note" data-testid="event-form-formatted">{text::FORMATTED_DESCRIPTION_KEPT}</p> })}
            <textarea class="compose-body" aria-label=text::NOTES data-testid="event-form-body" prop:value=move || form.with(|f| f.body.clone())
                on:input=move |ev| { let v = event_target_value(&ev); edit(&move |f| f.body = v.clone()); } />
            {move || problem.get().map(|p| view! { <p class="problem" role="alert" data-testid="event-form-problem">{p}</p> })}
            {move || failure.get().map(|error| view! { <Failure failure=error lead=text::EVENT_SAVE_FAILED testid="event-form-error" /> })}
            <div class="compose-actions">
                <button type="button" class="primary" data-testid="event-form-save" disabled=move || saving.get() on:click=save>{text::SAVE}</button>
                <button type="button" data-testid="event-form-cancel" on:click=move |_| on_close.run(false)>{text::CANCEL}</button>
            </div>
        </aside>
    }
}
