//! The reminders due now, above the screen: each event with its time and place, **Open**
//! (its day in the calendar) and **Dismiss**. Read every minute while they are on.

use crate::browser::timer;
use crate::services::auth::Auth;
use crate::services::graph::after_first_requests;
use crate::services::pim;
use crate::services::reminders::{day_of, open_day, reminder_title, when_and_where, Reminders};
use crate::services::task::{effect, spawn_owned};
use crate::text;
use leptos::prelude::*;

/// How often due reminders are read, when they are on.
const REMINDERS_EVERY_MS: u64 = 60_000;

#[component]
pub fn ReminderWatch() -> impl IntoView {
    let reminders = Reminders::expect();
    let auth = Auth::expect();
    // Each account's own: a switch reads the new one's at once, and the last run's loop stops.
    effect(move |_| {
        auth.active.track();
        spawn_owned(async move {
            after_first_requests().await;
            loop {
                reminders.check().await;
                timer::sleep(REMINDERS_EVERY_MS).await;
            }
        });
    });
    move || {
        let due = reminders.due().get();
        (!due.is_empty()).then(|| {
            let zone = pim::time_zone(auth);
            view! {
                <section class="reminders" role="status" aria-label=text::REMINDERS data-testid="reminders">
                    {due.into_iter().map(|reminder| {
                        let day = day_of(&reminder, &zone);
                        let when = when_and_where(&reminder, &zone);
                        let title = reminder_title(&reminder);
                        let id = reminder.event_id.clone();
                        view! {
                            <p class="reminder" data-testid="reminder" data-event=id>
                                <strong>{title}</strong> " " <span class="note">{when}</span>
                                <button type="button" data-testid="reminder-open" on:click=move |_| open_day(day)>{text::OPEN}</button>
                                <button type="button" data-testid="reminder-dismiss" on:click=move |_| reminders.dismiss(&reminder)>{text::DISMISS}</button>
                            </p>
                        }
                    }).collect_view()}
                </section>
            }
        })
    }
}
