//! The event form: kept in the tab on every change, checked, and saved.

use super::availability::Availability;
use super::repeat::repeat_fields;
use super::FORM_KEY;
use crate::components::failure::Failure;
use crate::services::calendar::CalendarStore;
use crate::services::graph::{Graph, GraphFailure};
use crate::services::pim;
use crate::services::task::spawn_owned;
use crate::text;
use leptos::prelude::*;
use tern_core::calendar::{reminder_choices, reminder_label, EventForm, LocalTime};

/// The event form. What is typed is kept in the tab at once, so a failed save, a reload or
/// a new sign-in loses nothing.
#[component]
pub fn EventEditor(form: EventForm, zone: String, on_close: Callback<bool>) -> impl IntoView {
    let graph = Graph::expect();
    let store = CalendarStore::expect();
    let auth = graph.auth();
    let form = RwSignal::new(form);
    let zone_for_availability = zone.clone();
    let problem = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<GraphFailure>);
    let saving = RwSignal::new(false);
    let edit = move |change: &dyn Fn(&mut EventForm)| {
        form.update(|form| change(form));
        if auth.keep_account_item(FORM_KEY, &form.get_untracked()).is_err() {
            problem.set(Some(text::FORM_NOT_KEPT.to_owned()));
        }
    };
    let save = move |_| {
        let current = form.get_untracked();
        let fields = match current.to_graph(&zone) {
            Ok(fields) => fields,
            Err(error) => return problem.set(Some(error.to_string())),
        };
        problem.set(None);
        saving.set(true);
        let calendar = current.id.is_none().then(|| current.calendar_id.clone().or_else(|| store.calendar_for_new_events())).flatten();
        spawn_owned(async move {
            match pim::save_event(graph, current.id.as_deref(), &fields, calendar.as_deref()).await {
                Ok(_) => {
                    if let Some(calendar) = &calendar {
                        store.remember_chosen(calendar);
                    }
                    on_close.run(true)
                }
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
    // Memos: the parts they choose are redrawn only when they change, not at each keystroke.
    let one_of_series = Memo::new(move |_| form.with(|f| f.occurrence));
    let timed = Memo::new(move |_| !form.with(|f| f.all_day));
    let move_to = Callback::new(move |(start, end): (LocalTime, LocalTime)| edit(&move |f| f.move_to(start, end)));
    let time_kind = move || if form.with(|f| f.all_day) { "date" } else { "datetime-local" };
    view! {
        <aside class="side-panel" data-testid="event-form" aria-label=text::EVENT>
            <h2>{move || if form.with(|f| f.id.is_some()) { text::EDIT_EVENT } else { text::NEW_EVENT }}</h2>
            {field(text::TITLE, "event-form-subject", "text", |f| f.subject.clone(), |f, v| f.subject = v)}
            // A new event's calendar; Graph keeps an existing event in its own.
            {move || form.with(|f| f.id.is_none()).then(|| {
                let chosen = move || form.with(|f| f.calendar_id.clone()).or_else(|| store.calendar_for_new_events()).unwrap_or_default();
                view! {
                    <label class="field"><span>{text::CALENDAR}</span>
                        <select data-testid="event-form-calendar" prop:value=chosen
                            on:change=move |ev| { let id = event_target_value(&ev); edit(&move |f| f.calendar_id = Some(id.clone())); }>
                            {move || store.calendars().get().into_iter().filter(|c| c.can_edit != Some(false)).map(|c| {
                                let id = c.id.clone();
                                view! { <option value=c.id selected=move || chosen() == id>{c.name}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                }
            })}
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
            {move || if one_of_series.get() {
                view! { <p class="note" data-testid="event-form-one-of-series">{text::ONLY_THIS_EVENT_CHANGES}</p> }.into_any()
            } else {
                repeat_fields(form, edit).into_any()
            }}
            {field(text::LOCATION, "event-form-location", "text", |f| f.location.clone(), |f, v| f.location = v)}
            {field(text::ATTENDEES, "event-form-attendees", "text", |f| f.attendees.clone(), |f, v| f.attendees = v)}
            {field(text::OPTIONAL_ATTENDEES, "event-form-optional", "text", |f| f.optional_attendees.clone(), |f, v| f.optional_attendees = v)}
            {field(text::RESOURCES, "event-form-resources", "text", |f| f.resources.clone(), |f, v| f.resources = v)}
            {move || timed.get().then(|| view! { <Availability form=form.read_only() zone=zone_for_availability.clone() move_to=move_to /> })}
            <label class="field"><span>{text::REMINDER}</span>
                <select data-testid="event-form-reminder" on:change=move |ev| {
                    let minutes = event_target_value(&ev).parse::<i32>().ok();
                    edit(&move |f| f.reminder_minutes = minutes);
                }>
                    {reminder_choices(form.with_untracked(|f| f.reminder_minutes)).into_iter().map(|m| view! {
                        <option value=m.map(|m| m.to_string()).unwrap_or_default() selected=move || form.with(|f| f.reminder_minutes == m)>
                            {m.map(reminder_label).unwrap_or_else(|| text::NO_REMINDER.to_owned())}
                        </option>
                    }).collect_view()}
                </select></label>
            {move || form.with(|f| !f.formatted_html.is_empty()).then(|| view! { <p class="note" data-testid="event-form-formatted">{text::FORMATTED_DESCRIPTION_KEPT}</p> })}
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
