//! An event's details panel: its fields, the body through the safe renderer, and the
//! answers to an invitation.

use crate::components::compose_in_outlook::InsertIntoMessage;
use crate::components::failure::Failure;
use crate::components::icon::{Icon, IconName};
use crate::components::mail_body::MailBody;
use crate::services::graph::{Graph, GraphFailure};
use crate::services::pim;
use crate::services::task::{load, spawn_owned, ScreenWork};
use crate::text;
use leptos::prelude::*;
use tern_core::addin::event_details_text;
use tern_core::calendar::EventForm;
use tern_core::graph::models::Response;
use tern_core::graph::requests::InvitationAnswer;
use tern_core::recurrence::describe;

fn response_label(response: Response) -> &'static str {
    match response {
        Response::Accepted => text::RESPONSE_ACCEPTED,
        Response::TentativelyAccepted => text::RESPONSE_TENTATIVE,
        Response::Declined => text::RESPONSE_DECLINED,
        Response::Organizer => text::RESPONSE_ORGANIZER,
        _ => text::RESPONSE_NONE,
    }
}

/// What a person is asked before changing one event of a series.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ask {
    Change,
    Delete,
}

#[component]
pub fn EventDetails(id: String, zone: String, on_close: Callback<bool>, on_edit: Callback<EventForm>) -> impl IntoView {
    let graph = Graph::expect();
    let work = ScreenWork::here();
    let failure = RwSignal::new(None::<GraphFailure>);
    let comment = RwSignal::new(String::new());
    let asking = RwSignal::new(None::<Ask>);
    let event = load({
        let id = id.clone();
        move || {
            let (id, zone) = (id.clone(), zone.clone());
            async move { pim::event_in_series(graph, &id, &zone).await }
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
    let delete = Callback::new(move |id: String| {
        work.spawn(async move {
            match pim::delete_event(graph, &id).await {
                Ok(()) => on_close.run(true),
                Err(error) => failure.set(Some(error)),
            }
        })
    });
    let details = move || match event.get() {
        None => view! { <p class="note" role="status">{text::EVENT_LOADING}</p> }.into_any(),
        Some(Err(error)) => view! { <Failure failure=error lead=text::EVENT_FAILED testid="event-error" /> }.into_any(),
        Some(Ok((event, series))) => {
            let when = match (event.start.as_ref(), event.end.as_ref()) {
                (Some(start), Some(end)) => format!(
                    "{} – {}",
                    start.date_time.get(..16).unwrap_or_default().replace('T', " "),
                    end.date_time.get(..16).unwrap_or_default().replace('T', " ")
                ),
                _ => String::new(),
            };
            let details_text = event_details_text(
                event.subject.as_deref().unwrap_or_default(),
                &when,
                event.location.as_ref().and_then(|place| place.display_name.as_deref()),
                event.online_meeting.as_ref().and_then(|meeting| meeting.join_url.as_deref()),
            );
            let invited = !event.is_organizer && event.response_status.is_some();
            let respond = respond.clone();
            let id = event.id.clone();
            let form = EventForm::from_event(&event);
            let body = event.body.clone().unwrap_or_default();
            let rule = series.as_ref().and_then(|master| master.recurrence.as_ref()).map(describe);
            let in_series = series.is_some();
            let series_form = series.as_ref().map(EventForm::from_event);
            let series_id = series.map(|master| master.id);
            let one_id = id.clone();
            let choose = move |whole: bool| {
                let Some(ask) = asking.get_untracked() else { return };
                asking.set(None);
                match (ask, whole) {
                    (Ask::Change, false) => on_edit.run(form.clone()),
                    (Ask::Change, true) => on_edit.run(series_form.clone().unwrap_or_else(|| form.clone())),
                    (Ask::Delete, false) => delete.run(one_id.clone()),
                    (Ask::Delete, true) => delete.run(series_id.clone().unwrap_or_else(|| one_id.clone())),
                }
            };
            let (choose_one, choose_series) = (choose.clone(), choose);
            let edit_form = EventForm::from_event(&event);
            view! {
                <h2 data-testid="event-subject">{event.subject.clone().unwrap_or_else(|| text::NO_SUBJECT.to_owned())}</h2>
                <p data-testid="event-time">{when}{event.is_all_day.then_some(" · ")}{event.is_all_day.then_some(text::ALL_DAY)}</p>
                {rule.map(|rule| view! { <p data-testid="event-recurrence"><span class="recurring"><Icon name=IconName::Repeat /></span>" "{rule}</p> })}
                {event.location.and_then(|l| l.display_name).filter(|l| !l.is_empty()).map(|l| view! { <p data-testid="event-location">{l}</p> })}
                {event.organizer.map(|o| view! { <p data-testid="event-organizer">{text::ORGANIZER} ": " {o.email_address.label().to_owned()}</p> })}
                {event.online_meeting.and_then(|m| m.join_url).filter(|u| u.starts_with("https://")).map(|url| view! {
                    <p><a href=url target="_blank" rel="noopener noreferrer" data-testid="event-join">{text::JOIN_MEETING}</a></p>
                })}
                <ul class="attendees">
                    {event.attendees.into_iter().map(|a| view! {
                        <li data-testid="attendee" data-type=a.kind.clone().unwrap_or_else(|| "required".into())>
                            {a.email_address.label().to_owned()}
                            {match a.kind.as_deref() {
                                Some("optional") => Some(format!(" ({})", text::OPTIONAL)),
                                Some("resource") => Some(format!(" ({})", text::RESOURCE)),
                                _ => None,
                            }}
                            " · " <span class="note">{response_label(a.status.response)}</span></li>
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
                <InsertIntoMessage text=details_text />
                <MailBody body=Signal::stored(body) />
                <div class="compose-actions">
                    <button type="button" data-testid="event-edit" on:click=move |_| {
                        if in_series { asking.set(Some(Ask::Change)) } else { on_edit.run(edit_form.clone()) }
                    }>{text::EDIT}</button>
                    <button type="button" data-testid="event-delete" on:click=move |_| {
                        if in_series { asking.set(Some(Ask::Delete)) } else { delete.run(id.clone()) }
                    }>{text::DELETE}</button>
                </div>
                {move || asking.get().map(|ask| {
                    let (one, whole) = (choose_one.clone(), choose_series.clone());
                    let question = if ask == Ask::Change { text::CHANGE_WHICH } else { text::DELETE_WHICH };
                    view! {
                        <div class="scope" role="group" aria-label=question data-testid="event-scope">
                            <p>{question}</p>
                            <button type="button" data-testid="event-scope-one" on:click=move |_| one(false)>{text::THIS_EVENT}</button>
                            <button type="button" data-testid="event-scope-series" on:click=move |_| whole(true)>{text::WHOLE_SERIES}</button>
                            <button type="button" data-testid="event-scope-cancel" on:click=move |_| asking.set(None)>{text::CANCEL}</button>
                        </div>
                    }
                })}
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
