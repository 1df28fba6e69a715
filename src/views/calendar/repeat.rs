//! The event form's series fields: how often, on which days, and until when. The choices
//! read from the event's first day ("Monthly on the second Tuesday"), as in Outlook.

use crate::text;
use leptos::prelude::*;
use tern_core::calendar::EventForm;
use tern_core::recurrence::{Ends, Frequency, DAYS};

pub fn repeat_fields(form: RwSignal<EventForm>, edit: impl Fn(&dyn Fn(&mut EventForm)) + Copy + Send + Sync + 'static) -> impl IntoView {
    // Memos, so that what they show is redrawn only when they change, not at every keystroke
    // in the fields they hold.
    let frequency = Memo::new(move |_| form.with(|f| f.repeat.frequency));
    let ends = Memo::new(move |_| form.with(|f| f.repeat.ends));
    let first_day = Memo::new(move |_| form.with(|f| f.first_day()));
    let frequency = move || frequency.get();
    let ends = move || ends.get();
    let number = |text: String| text.trim().parse::<u32>().unwrap_or(0);
    view! {
        <label class="field"><span>{text::REPEAT}</span>
            <select data-testid="event-form-repeat" on:change=move |ev| {
                let chosen = Frequency::from_key(&event_target_value(&ev)).unwrap_or_default();
                edit(&move |f| { let first = f.first_day(); f.repeat.choose(chosen, first) });
            }>
                {move || {
                    let first = first_day.get();
                    Frequency::ALL.into_iter().map(|option| view! {
                        <option value=option.key() selected=move || frequency() == option>{option.label(first)}</option>
                    }).collect_view()
                }}
            </select></label>
        {move || (frequency() != Frequency::Once).then(|| view! {
            <div class="series" data-testid="event-form-series">
                <label class="field"><span>{text::REPEAT_EVERY}</span>
                    <span class="inline">
                        <input type="number" min="1" max=tern_core::recurrence::LONGEST_INTERVAL data-testid="event-form-interval"
                            prop:value=move || form.with(|f| f.repeat.interval.to_string())
                            on:input=move |ev| { let n = number(event_target_value(&ev)); edit(&move |f| f.repeat.interval = n); } />
                        " " {move || frequency().unit()}
                    </span></label>
                {move || (frequency() == Frequency::Weekly).then(|| view! {
                    <fieldset class="weekdays" data-testid="event-form-days"><legend>{text::REPEAT_ON_DAYS}</legend>
                        {DAYS.into_iter().zip(text::WEEKDAYS_SHORT).map(|(day, label)| view! {
                            <label><input type="checkbox" data-testid=format!("event-form-day-{day}")
                                prop:checked=move || form.with(|f| f.repeat.days.iter().any(|d| d == day))
                                on:change=move |_| edit(&move |f| f.repeat.toggle_day(day)) />{label}</label>
                        }).collect_view()}
                    </fieldset>
                })}
                <label class="field"><span>{text::SERIES_ENDS}</span>
                    <select data-testid="event-form-ends" on:change=move |ev| {
                        let chosen = match event_target_value(&ev).as_str() { "date" => Ends::OnDate, "count" => Ends::AfterCount, _ => Ends::Never };
                        edit(&move |f| { let first = f.first_day(); f.repeat.choose_end(chosen, first) });
                    }>
                        <option value="never" selected=move || ends() == Ends::Never>{text::SERIES_ENDS_NEVER}</option>
                        <option value="date" selected=move || ends() == Ends::OnDate>{text::SERIES_ENDS_ON}</option>
                        <option value="count" selected=move || ends() == Ends::AfterCount>{text::SERIES_ENDS_AFTER}</option>
                    </select></label>
                {move || match ends() {
                    Ends::Never => None,
                    Ends::OnDate => Some(view! {
                        <label class="field"><span>{text::SERIES_LAST_DAY}</span>
                            <input type="date" data-testid="event-form-until" prop:value=move || form.with(|f| f.repeat.until.clone())
                                on:input=move |ev| { let v = event_target_value(&ev); edit(&move |f| f.repeat.until = v.clone()); } /></label>
                    }.into_any()),
                    Ends::AfterCount => Some(view! {
                        <label class="field"><span>{text::SERIES_COUNT}</span>
                            <input type="number" min="1" max=tern_core::recurrence::MOST_OCCURRENCES data-testid="event-form-count"
                                prop:value=move || form.with(|f| f.repeat.count.to_string())
                                on:input=move |ev| { let n = number(event_target_value(&ev)); edit(&move |f| f.repeat.count = n); } /></label>
                    }.into_any()),
                }}
            </div>
        })}
    }
}
