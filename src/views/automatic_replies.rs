//! Automatic replies: the banner while they are on, and the setting on the home screen.

use crate::browser::{intl, timer};
use crate::components::failure::Failure;
use crate::services::auth::Auth;
use crate::services::graph::GraphFailure;
use crate::services::mailbox_settings::MailboxSettings;
use crate::services::pim::time_zone;
use crate::services::task::{effect, spawn_owned};
use crate::text;
use leptos::prelude::*;
use tern_core::mail::auto_replies::{Audience, AutomaticReplies, Form, Status};
use tern_core::route::Route;

/// How long after an account's first screen the setting is read: the banner is never
/// worth a place among the calls that paint the inbox.
const AFTER_FIRST_SCREEN_MS: u64 = 1500;

/// "Automatic replies are on", above every screen of an account that has them on.
#[component]
pub fn AutoRepliesBanner() -> impl IntoView {
    let auth = Auth::expect();
    let store = MailboxSettings::expect();
    effect(move |_| {
        if auth.active.get().is_some() && store.available() {
            spawn_owned(async move {
                timer::sleep(AFTER_FIRST_SCREEN_MS).await;
                let _ = store.load().await;
            });
        }
    });
    // A schedule starts and ends while the tab is open: look again every minute.
    let minute = timer::clock(std::time::Duration::from_secs(60));
    move || {
        minute.track();
        store.current().filter(MailboxSettings::replying_now).map(|_| {
            view! {
                <p class="notice auto-replies-banner" role="status" data-testid="automatic-replies-banner">
                    {text::AUTO_REPLIES_ON} " "
                    <a href=Route::Settings.to_hash() data-testid="automatic-replies-change">{text::AUTO_REPLIES_CHANGE}</a>
                </p>
            }
        })
    }
}

/// The setting: off, on, or on between two moments, with the message for people inside
/// the organisation and the one (if any) for people outside it.
#[component]
pub fn AutomaticRepliesSetting() -> impl IntoView {
    let store = MailboxSettings::expect();
    if !store.available() {
        return view! {
            <section class="setting" data-testid="auto-replies">
                <h2>{text::AUTO_REPLIES}</h2>
                <p class="note">{text::AUTO_REPLIES_UNAVAILABLE}</p>
            </section>
        }
        .into_any();
    }
    // The schedule is written in the zone of the rest of Tern, which the read may settle
    // (the mailbox's own zone).
    let auth = Auth::expect();
    let zone = RwSignal::new(time_zone(auth));
    let form = RwSignal::new(None::<Form>);
    let was = StoredValue::new(None::<AutomaticReplies>);
    let failure = RwSignal::new(None::<GraphFailure>);
    let said = RwSignal::new(None::<&'static str>);
    let saving = RwSignal::new(false);
    let show = move |replies: AutomaticReplies| {
        let zone = zone.get_untracked();
        form.set(Some(Form::from_setting(&replies, &zone, |utc| intl::local_input(utc, &zone))));
        was.set_value(Some(replies));
    };
    spawn_owned(async move {
        match store.load().await {
            Ok(replies) => {
                zone.set(time_zone(auth));
                show(replies)
            }
            Err(error) => failure.set(Some(error)),
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(filled), Some(before)) = (form.get_untracked(), was.get_value()) else {
            return;
        };
        failure.set(None);
        let changes = match filled.patch(&before) {
            Ok(changes) => changes,
            Err(problem) => return said.set(Some(problem.explain())),
        };
        said.set(None);
        saving.set(true);
        spawn_owned(async move {
            match store.save(changes).await {
                Ok(replies) => {
                    show(replies);
                    said.set(Some(text::AUTO_REPLIES_SAVED));
                }
                Err(error) => failure.set(Some(error)),
            }
            saving.set(false);
        });
    };
    let edit = move |change: fn(&mut Form, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            form.update(|form| {
                if let Some(form) = form {
                    change(form, value);
                }
            });
        }
    };
    let field = move |read: fn(&Form) -> String| move || form.with(|form| form.as_ref().map(read).unwrap_or_default());
    let status = move || form.with(|form| form.as_ref().map(|form| form.status).unwrap_or_default());
    let choices = Status::ALL
        .into_iter()
        .map(|choice| {
            let (label, testid) = match choice {
                Status::Disabled => (text::AUTO_REPLIES_OFF, "auto-replies-off"),
                Status::AlwaysEnabled => (text::AUTO_REPLIES_ALWAYS, "auto-replies-always"),
                Status::Scheduled => (text::AUTO_REPLIES_SCHEDULED, "auto-replies-scheduled"),
            };
            view! {
                <label class="choice">
                    <input type="radio" name="auto-replies-status" data-testid=testid prop:checked=move || status() == choice
                        on:change=move |_| form.update(|form| if let Some(form) = form { form.status = choice; }) />
                    {label}
                </label>
            }
        })
        .collect_view();
    let audiences = Audience::ALL
        .into_iter()
        .map(|audience| {
            let label = match audience {
                Audience::None => text::AUTO_REPLIES_OUTSIDE_NONE,
                Audience::ContactsOnly => text::AUTO_REPLIES_OUTSIDE_CONTACTS,
                Audience::All => text::AUTO_REPLIES_OUTSIDE_ALL,
            };
            view! { <option value=audience.as_str()>{label}</option> }
        })
        .collect_view();
    let audience = move || form.with(|form| form.as_ref().map(|form| form.audience).unwrap_or_default()).as_str();
    view! {
        <form class="setting auto-replies" data-testid="auto-replies" on:submit=save>
            <h2>{text::AUTO_REPLIES}</h2>
            {move || form.with(Option::is_none).then(|| view! { <p class="note" role="status" data-testid="auto-replies-loading">{text::AUTO_REPLIES_LOADING}</p> })}
            <fieldset disabled=move || form.with(Option::is_none)>
                <legend>{text::AUTO_REPLIES_WHEN}</legend>
                {choices}
            </fieldset>
            {move || (status() == Status::Scheduled).then(|| view! {
                <div class="schedule">
                    <label>{text::AUTO_REPLIES_FROM} " "
                        <input type="datetime-local" data-testid="auto-replies-start" prop:value=field(|f| f.start.clone()) on:input=edit(|f, v| f.start = v) />
                    </label>
                    <label>{text::AUTO_REPLIES_UNTIL} " "
                        <input type="datetime-local" data-testid="auto-replies-end" prop:value=field(|f| f.end.clone()) on:input=edit(|f, v| f.end = v) />
                    </label>
                    <span class="note">{move || zone.get()}</span>
                </div>
            })}
            <label class="stacked">{text::AUTO_REPLIES_INSIDE}
                <textarea rows="3" data-testid="auto-replies-internal" prop:value=field(|f| f.internal.clone()) on:input=edit(|f, v| f.internal = v)></textarea>
            </label>
            <label class="stacked">{text::AUTO_REPLIES_OUTSIDE}
                <select data-testid="auto-replies-audience" prop:value=audience
                    on:change=edit(|f, v| f.audience = Audience::parse(&v))>{audiences}</select>
            </label>
            <label class="stacked">{text::AUTO_REPLIES_OUTSIDE_MESSAGE}
                <textarea rows="3" data-testid="auto-replies-external" prop:value=field(|f| f.external.clone()) on:input=edit(|f, v| f.external = v)></textarea>
            </label>
            <button type="submit" data-testid="auto-replies-save" disabled=move || saving.get() || form.with(Option::is_none)>{text::SAVE}</button>
            {move || said.get().map(|said| view! { <p class="note" role="status" data-testid="auto-replies-said">{said}</p> })}
            {move || failure.get().map(|failure| view! { <Failure failure=failure lead=text::AUTO_REPLIES_FAILED testid="auto-replies-error" /> })}
        </form>
    }
    .into_any()
}
