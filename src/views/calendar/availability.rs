//! Beside the attendees: each one's free/busy on the event's day (`getSchedule`), and
//! *Find a time* (`findMeetingTimes`), whose suggestions move the event when chosen.

use crate::browser::{intl, timer};
use crate::components::failure::Failure;
use crate::services::graph::{Graph, GraphFailure};
use crate::services::pim;
use crate::services::task::{effect, spawn_owned, ScreenWork};
use crate::text;
use leptos::prelude::*;
use tern_core::calendar::{EventForm, LocalTime, MINUTES_PER_DAY};
use tern_core::date::CivilDate;
use tern_core::graph::models::{MeetingTimeSuggestionsResult, ScheduleInformation};
use tern_core::schedule::{self, day_slots, during, strip_bounds, Availability as FreeBusy, MOST_SCHEDULES, SLOT_MINUTES};

/// A pause after typing before free/busy is asked for, so a name being typed is not
/// asked about letter by letter.
const ASK_AFTER_MS: u64 = 500;

#[component]
pub fn Availability(form: ReadSignal<EventForm>, zone: String, move_to: Callback<(LocalTime, LocalTime)>) -> impl IntoView {
    let graph = Graph::expect();
    let work = ScreenWork::here();
    // Asked again only when the people or the day change, not the hour.
    let wanted = Memo::new(move |_| {
        form.with(|f| {
            let people = f.people().ok()?;
            let (start, _) = f.span()?;
            let addresses: Vec<String> = people.into_iter().filter_map(|(address, _)| address.address).take(MOST_SCHEDULES).collect();
            (!addresses.is_empty()).then_some((addresses, start.date))
        })
    });
    // The minutes of the day the event covers, for the strip and the status beside each name.
    let minutes = Memo::new(move |_| {
        form.with(|f| f.span().map(|(start, end)| (start.minutes, if end.date > start.date { MINUTES_PER_DAY } else { end.minutes })))
    });
    let schedules = RwSignal::new(None::<Result<(CivilDate, Vec<ScheduleInformation>), GraphFailure>>);
    let ask_zone = zone.clone();
    effect(move |_| {
        let Some((addresses, day)) = wanted.get() else {
            schedules.set(None);
            return;
        };
        let zone = ask_zone.clone();
        // Each run's task goes with the run: a change while one is asked for wins.
        spawn_owned(async move {
            timer::sleep(ASK_AFTER_MS).await;
            let answer = pim::free_busy(graph, &addresses, day, &zone).await;
            schedules.set(Some(answer.map(|list| (day, list))));
        });
    });

    let found = RwSignal::new(None::<Result<MeetingTimeSuggestionsResult, GraphFailure>>);
    let finding = RwSignal::new(false);
    let problem = RwSignal::new(None::<&'static str>);
    let find = move |_| {
        let current = form.get_untracked();
        let (Ok(people), Some((start, end))) = (current.people(), current.span()) else {
            return problem.set(Some(text::FIND_A_TIME_NEEDS));
        };
        if people.is_empty() {
            return problem.set(Some(text::FIND_A_TIME_NEEDS));
        }
        problem.set(None);
        let length = start.minutes_until(end).clamp(i64::from(SLOT_MINUTES), i64::from(MINUTES_PER_DAY)) as u32;
        let now = intl::now_in(&zone).map(|(date, minutes)| LocalTime { date, minutes });
        let from = schedule::search_from(start.date, now);
        let body = schedule::meeting_times_request(&people, from, length, &zone);
        let zone = zone.clone();
        finding.set(true);
        work.spawn(async move {
            found.set(Some(pim::meeting_times(graph, body, &zone).await));
            finding.set(false);
        });
    };

    let rows = move || match schedules.get() {
        None => wanted.with(Option::is_some).then(|| view! { <p class="note" role="status">{text::FREE_BUSY_LOADING}</p> }.into_any()),
        Some(Err(error)) => Some(view! { <Failure failure=error lead=text::FREE_BUSY_FAILED testid="free-busy-error" /> }.into_any()),
        Some(Ok((day, list))) => {
            let (start, end) = minutes.get().unwrap_or((0, 0));
            let same_day = wanted.with(|w| w.as_ref().is_some_and(|(_, wanted_day)| *wanted_day == day));
            let (from, to) = strip_bounds(start, end);
            Some(
                view! {
                    <ul class="free-busy-rows">
                        {list.into_iter().map(|person| {
                            let slots = day_slots(&person);
                            let status = if same_day { during(&slots, start, end) } else { FreeBusy::Unknown };
                            let why = person.error.as_ref().and_then(|e| e.message.clone());
                            let cells = (from / SLOT_MINUTES..to / SLOT_MINUTES).map(|index| {
                                let slot = slots[index as usize];
                                let at = index * SLOT_MINUTES;
                                let chosen = same_day && at + SLOT_MINUTES > start && at < end;
                                view! { <span class=format!("slot {}", slot.key()) class:chosen=chosen></span> }
                            }).collect_view();
                            view! {
                                <li data-testid="free-busy-row" data-address=person.schedule_id.clone() data-status=status.key() title=why>
                                    <span class="who">{person.schedule_id.clone()}</span>
                                    <span class="status">{status.label()}</span>
                                    <span class="strip" aria-hidden="true">{cells}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any(),
            )
        }
    };

    let suggestions = move || match found.get() {
        None => None,
        Some(Err(error)) => {
            Some(view! { <Failure failure=error lead=text::FIND_A_TIME_FAILED testid="meeting-suggestions-error" /> }.into_any())
        }
        Some(Ok(result)) => {
            let offered = schedule::suggestions(&result);
            if offered.is_empty() {
                let why = schedule::why_no_time(result.empty_suggestions_reason.as_deref());
                return Some(view! { <p class="note" role="status" data-testid="meeting-suggestions-none">{why}</p> }.into_any());
            }
            Some(
                view! {
                    <ul class="suggestions" data-testid="meeting-suggestions">
                        {offered.into_iter().map(|offer| {
                            let label = format!(
                                "{} {}–{}",
                                intl::day_label(offer.start.date, true),
                                intl::time_label(offer.start.minutes),
                                intl::time_label(offer.end.minutes)
                            );
                            let mut who = Vec::new();
                            if !offer.not_free.is_empty() {
                                who.push(format!("{} {}", text::NOT_FREE, offer.not_free.join(", ")));
                            }
                            if !offer.unknown.is_empty() {
                                who.push(format!("{} {}", text::NOT_KNOWN, offer.unknown.join(", ")));
                            }
                            let who = if who.is_empty() { text::EVERYONE_FREE.to_owned() } else { who.join("; ") };
                            let (start, end) = (offer.start, offer.end);
                            view! {
                                <li><button type="button" data-testid="meeting-suggestion" data-start=start.to_graph()[..16].to_owned()
                                    title=offer.reason.clone()
                                    on:click=move |_| { move_to.run((start, end)); found.set(None); }>
                                    {label} <span class="note">{format!(" · {who} ({}%)", offer.confidence)}</span>
                                </button></li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any(),
            )
        }
    };

    view! {
        <section class="availability" data-testid="free-busy" aria-label=text::AVAILABILITY>
            {rows}
            <button type="button" data-testid="event-form-find-time" disabled=move || finding.get() on:click=find>{text::FIND_A_TIME}</button>
            {move || problem.get().map(|p| view! { <p class="problem" role="alert" data-testid="meeting-suggestions-problem">{p}</p> })}
            {suggestions}
        </section>
    }
}
