//! Calendar, contacts and To Do end to end, against the emulator's demo data (the week of
//! 16 November 2026).

use serde_json::Value;
use tern_e2e::{eventually, graph_send, Session};

const DEMO_WEEK: &str = "/#/calendar/week/2026-11-16";

async fn signed_in(session: &Session, path: &str) {
    session.open("/").await;
    session.sign_in("adele@contoso.example").await;
    session.open(path).await;
}

/// `{date, minutes}` of the timed event with this subject, or of an all-day one.
async fn where_is(session: &Session, subject: &str) -> Value {
    let script = format!(
        "const b = [...document.querySelectorAll('[data-testid=event],[data-testid=all-day-event]')].find(e => e.textContent.endsWith({subject:?}));
         if (!b) return null;
         const timed = b.closest('.timed'); const all = b.closest('.all-day');
         return timed ? {{date: b.closest('[data-testid=day-column]').dataset.date, minutes: Number(timed.dataset.startMinutes)}} : {{date: all.dataset.firstDate, allDay: true}};"
    );
    session.script(&script).await
}

async fn click_event(session: &Session, subject: &str) {
    eventually(&format!("{subject} shown"), || async { !where_is(session, subject).await.is_null() }).await;
    let script = format!("[...document.querySelectorAll('[data-testid=event],[data-testid=all-day-event]')].find(e => e.textContent.endsWith({subject:?})).click(); return null");
    session.script(&script).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_week_shows_events_at_their_hours_in_the_browsers_zone() {
    let session = Session::start_in_zone("Asia/Kolkata").await;
    signed_in(&session, DEMO_WEEK).await;
    session.wait_for("event").await;
    // 10:00 UTC is 15:30 in India; 09:00 Pacific is 22:30.
    eventually("the 1:1 at 15:30", || async {
        where_is(&session, "1:1 with Diego").await == serde_json::json!({"date": "2026-11-16", "minutes": 930})
    })
    .await;
    assert_eq!(where_is(&session, "Call with the Seattle office").await, serde_json::json!({"date": "2026-11-18", "minutes": 1350}));
    assert_eq!(where_is(&session, "Contoso Day").await, serde_json::json!({"date": "2026-11-20", "allDay": true}));
    // The week opens on the working day, 08:00 at the top, not at midnight.
    let opened = session.script("return document.querySelector('[data-testid=time-scroll]').scrollTop").await;
    assert_eq!(opened, serde_json::json!(320), "scrolled to 08:00 (40 px an hour)");
    // A zone named in settings wins over the browser's: 10:00 UTC is 05:00 in New York.
    session.open("/#/settings").await;
    session.type_into("settings-time-zone", "Mars/Olympus").await;
    session.click("settings-time-zone-save").await;
    assert_eq!(session.text_of("settings-time-zone-said").await, "Your browser does not know a time zone by that name.");
    session.set_value("settings-time-zone", "America/New_York").await;
    session.click("settings-time-zone-save").await;
    eventually("saved", || async { session.text_of("settings-time-zone-said").await.starts_with("Saved") }).await;
    session.open(DEMO_WEEK).await;
    eventually("the 1:1 at 05:00", || async {
        where_is(&session, "1:1 with Diego").await == serde_json::json!({"date": "2026-11-16", "minutes": 300})
    })
    .await;
    session.click("calendar-next").await;
    eventually("the next week", || async { session.hash().await == "#/calendar/week/2026-11-23" }).await;
    session.click("calendar-view-month").await;
    eventually("the month view", || async { session.all("day-column").await.len() == 42 }).await;
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mailboxs_own_zone_is_the_default_and_a_zone_in_settings_wins() {
    // Outlook on the web set the mailbox to Tokyo; this browser runs in India.
    let session =
        Session::start_in_zone_with("Asia/Kolkata", |options| options.mailbox_time_zone = Some("Tokyo Standard Time".into())).await;
    signed_in(&session, DEMO_WEEK).await;
    // 10:00 UTC is 19:00 in Tokyo, where the browser's zone would put it at 15:30.
    eventually("the 1:1 at 19:00", || async {
        where_is(&session, "1:1 with Diego").await == serde_json::json!({"date": "2026-11-16", "minutes": 1140})
    })
    .await;
    session.open("/#/settings").await;
    eventually("the default named", || async { session.text_of("settings-time-zone-default").await == "Asia/Tokyo (your mailbox's)" })
        .await;
    session.set_value("settings-time-zone", "America/New_York").await;
    session.click("settings-time-zone-save").await;
    eventually("saved", || async { session.text_of("settings-time-zone-said").await.starts_with("Saved") }).await;
    session.open(DEMO_WEEK).await;
    eventually("the 1:1 at 05:00", || async {
        where_is(&session, "1:1 with Diego").await == serde_json::json!({"date": "2026-11-16", "minutes": 300})
    })
    .await;
    // Emptied, the setting gives the calendar back to the mailbox's zone, across a reload.
    session.open("/#/settings").await;
    session.set_value("settings-time-zone", "").await;
    session.click("settings-time-zone-save").await;
    eventually("back to the mailbox's", || async { session.text_of("settings-time-zone-said").await.contains("mailbox's") }).await;
    session.open(DEMO_WEEK).await;
    session.script("location.reload(); return null").await;
    eventually("the 1:1 at 19:00 again", || async {
        where_is(&session, "1:1 with Diego").await == serde_json::json!({"date": "2026-11-16", "minutes": 1140})
    })
    .await;
    session.finish().await;
}

/// Creates an event through the form and waits until the grid shows it.
async fn add_event(session: &Session, subject: &str, start: &str, end: &str) {
    session.click("new-event").await;
    session.type_into("event-form-subject", subject).await;
    session.set_value("event-form-start", start).await;
    session.set_value("event-form-end", end).await;
    session.click("event-form-save").await;
    eventually(&format!("{subject} shown"), || async { !where_is(session, subject).await.is_null() }).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn this_week_opens_at_the_current_time_marked_by_a_line() {
    let session = Session::start_in_zone("Asia/Kolkata").await;
    signed_in(&session, "/#/calendar/week").await;
    let line = session.wait_for("now-line").await;
    let minutes: i64 = line.attr("data-minutes").await.unwrap().unwrap().parse().unwrap();
    let now = session.script("const d = new Date(); return d.getHours() * 60 + d.getMinutes()").await.as_i64().unwrap();
    assert!((minutes - now).abs() <= 2 || (minutes - now).abs() >= 1438, "the line at {minutes}, the clock at {now}");
    let today = session
        .script("const d = new Date(); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0')")
        .await;
    let column =
        session.script("return document.querySelector('[data-testid=now-line]').closest('[data-testid=day-column]').dataset.date").await;
    assert_eq!(column, today, "on today's column");
    let in_view =
        "const s = document.querySelector('[data-testid=time-scroll]'); const l = document.querySelector('[data-testid=now-line]'); \
                   const top = l.getBoundingClientRect().top - s.getBoundingClientRect().top; return top >= 0 && top <= s.clientHeight";
    assert_eq!(session.script(in_view).await, serde_json::json!(true), "opened where the line is");
    session.open(DEMO_WEEK).await;
    session.wait_for("event").await;
    assert!(session.all("now-line").await.is_empty(), "no line in a week that is not this one");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overlapping_events_sit_side_by_side() {
    let session = Session::start().await;
    signed_in(&session, DEMO_WEEK).await;
    session.wait_for("event").await;
    for (subject, start, end) in
        [("Design sync", "2026-11-19T11:00", "2026-11-19T12:00"), ("Budget call", "2026-11-19T11:30", "2026-11-19T12:30")]
    {
        add_event(&session, subject, start, end).await;
    }
    let boxes = "const column = [...document.querySelectorAll('[data-testid=day-column]')].find(c => c.dataset.date === '2026-11-19').getBoundingClientRect(); \
                 const box = s => [...document.querySelectorAll('[data-testid=event]')].find(e => e.textContent.endsWith(s)).getBoundingClientRect(); \
                 const [a, b] = [box('Design sync'), box('Budget call')]; \
                 return [Math.round(column.width), Math.round(a.width), Math.round(b.width), a.right <= b.left + 1 || b.right <= a.left + 1]";
    let measured = session.script(boxes).await;
    let column = measured[0].as_f64().unwrap();
    for width in [measured[1].as_f64().unwrap(), measured[2].as_f64().unwrap()] {
        assert!(width <= column / 2.0, "each takes at most half the day: {measured}");
    }
    assert_eq!(measured[3], serde_json::json!(true), "they do not cover each other: {measured}");
    // Four of the day's events and more: the month's cell lists three and leads to the day.
    for (subject, start, end) in [("Stand-up", "2026-11-19T09:00", "2026-11-19T09:15"), ("Retro", "2026-11-19T16:00", "2026-11-19T17:00")] {
        add_event(&session, subject, start, end).await;
    }
    session.click("calendar-view-month").await;
    let cell = "const c = [...document.querySelectorAll('[data-testid=day-column]')].find(c => c.dataset.date === '2026-11-19'); \
                const more = c && c.querySelector('[data-testid=month-more]'); \
                return c ? [c.querySelectorAll('[data-testid=event]').length, more ? more.textContent : null] : null";
    eventually("the month view", || async { session.all("day-column").await.len() == 42 }).await;
    let shown = session.script(cell).await;
    assert_eq!(shown[0], serde_json::json!(3), "{shown}");
    assert!(shown[1].as_str().is_some_and(|more| more.starts_with('+') && more.ends_with("more")), "{shown}");
    session.click_css("[data-testid=day-column][data-date='2026-11-19'] [data-testid=month-more]").await;
    eventually("the day", || async { session.hash().await == "#/calendar/day/2026-11-19" }).await;
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_is_created_edited_and_deleted() {
    let session = Session::start().await;
    signed_in(&session, DEMO_WEEK).await;
    session.wait_for("event").await;
    session.click("new-event").await;
    session.type_into("event-form-subject", "Budget review").await;
    session.set_value("event-form-start", "2026-11-19T11:00").await;
    session.set_value("event-form-end", "2026-11-19T10:00").await;
    session.click("event-form-save").await;
    assert_eq!(session.text_of("event-form-problem").await, "The end must come after the start.");
    session.set_value("event-form-end", "2026-11-19T12:00").await;
    session.type_into("event-form-attendees", "megan@contoso.example").await;
    session.type_into("event-form-optional", "diego@contoso.example").await;
    session.type_into("event-form-resources", "Room 1 <room1@contoso.example>").await;
    session.set_value("event-form-reminder", "120").await;
    session.click("event-form-save").await;
    eventually("the new event at 11:00", || async {
        where_is(&session, "Budget review").await == serde_json::json!({"date": "2026-11-19", "minutes": 660})
    })
    .await;
    click_event(&session, "Budget review").await;
    session.wait_for("attendee").await;
    let types = session.script("return [...document.querySelectorAll('[data-testid=attendee]')].map(a => a.dataset.type)").await;
    assert_eq!(types, serde_json::json!(["required", "optional", "resource"]));
    session.click("event-edit").await;
    let optional = session.wait_for("event-form-optional").await.prop("value").await.unwrap();
    assert_eq!(optional.as_deref(), Some("diego@contoso.example"), "each attendee stays in its own field");
    let reminder = session
        .script("const s = document.querySelector('[data-testid=event-form-reminder]'); return [s.value, s.selectedOptions[0].textContent]")
        .await;
    assert_eq!(reminder, serde_json::json!(["120", "2 hours before"]));
    session.set_value("event-form-subject", "Budget review (moved)").await;
    session.set_value("event-form-start", "2026-11-19T13:00").await;
    session.set_value("event-form-end", "2026-11-19T14:00").await;
    session.click("event-form-save").await;
    eventually("the edit shown", || async {
        where_is(&session, "Budget review (moved)").await == serde_json::json!({"date": "2026-11-19", "minutes": 780})
    })
    .await;
    click_event(&session, "Budget review (moved)").await;
    session.click("event-delete").await;
    eventually("the event gone", || async { where_is(&session, "Budget review (moved)").await.is_null() }).await;
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accepting_an_invitation_records_the_response() {
    let session = Session::start().await;
    signed_in(&session, DEMO_WEEK).await;
    click_event(&session, "Marketing plan review").await;
    assert!(session.text_of("my-response").await.ends_with("No response"));
    session.type_into("respond-comment", "See you there").await;
    session.click("respond-accept").await;
    eventually("the panel closed", || async { session.all("event-details").await.is_empty() }).await;
    click_event(&session, "Marketing plan review").await;
    eventually("accepted", || async { session.text_of("my-response").await.ends_with("Accepted") }).await;
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_save_keeps_what_was_typed() {
    let session = Session::start().await;
    session.expect_console_errors(&["the server responded with a status of 503"]);
    signed_in(&session, DEMO_WEEK).await;
    session.wait_for("event").await;
    session.click("new-event").await;
    session.type_into("event-form-subject", "Kept through failure").await;
    session.set_value("event-form-start", "2026-11-19T11:00").await;
    session.set_value("event-form-end", "2026-11-19T12:00").await;
    session.control("PUT", "/_emulator/faults", r#"{"unavailable":100}"#).await;
    session.click("event-form-save").await;
    let error = session.failure_text("event-form-error").await;
    assert!(error.contains("serviceNotAvailable"), "{error}");
    assert_eq!(session.wait_for("event-form-subject").await.prop("value").await.unwrap().as_deref(), Some("Kept through failure"));
    session.control("PUT", "/_emulator/faults", "{}").await;
    session.browser.refresh().await.unwrap();
    let subject = session.wait_for("event-form-subject").await;
    assert_eq!(subject.prop("value").await.unwrap().as_deref(), Some("Kept through failure"), "kept across a reload too");
    session.click("event-form-save").await;
    eventually("saved once the service is back", || async { !where_is(&session, "Kept through failure").await.is_null() }).await;
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contacts_are_searched_created_and_suggested_in_compose() {
    let session = Session::start().await;
    signed_in(&session, "/#/contacts").await;
    session.wait_for("contact-row").await;
    let all = session.all("contact-row").await.len();
    session.type_into("contact-search", "megan").await;
    eventually("one match", || async { session.all("contact-row").await.len() == 1 }).await;
    assert!(all > 1);
    session.click("new-contact").await;
    session.type_into("contact-form-email", "not an address").await;
    session.click("contact-form-save").await;
    session.wait_for("contact-form-problem").await;
    session.set_value("contact-form-email", "").await;
    session.type_into("contact-form-given", "Zoe").await;
    session.type_into("contact-form-surname", "Quinlan").await;
    session.type_into("contact-form-email", "zoe.quinlan@fabrikam.example").await;
    session.click("contact-form-save").await;
    eventually("the new contact open", || async { session.text_of("contact-name").await == "Zoe Quinlan" }).await;
    assert_eq!(suggested_in_compose(&session, "quinl").await, "Zoe Quinlan <zoe.quinlan@fabrikam.example>, ");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tasks_are_created_completed_reopened_and_deleted() {
    let session = Session::start().await;
    signed_in(&session, "/#/tasks").await;
    session.wait_for("task").await;
    let status_of = |title: &'static str| {
        let session = &session;
        async move {
            let script = format!("const t = [...document.querySelectorAll('[data-testid=task]')].find(t => t.querySelector('[data-testid=task-title]').textContent === {title:?}); return t ? t.dataset.status : null");
            session.script(&script).await
        }
    };
    let click_in = |title: &'static str, control: &'static str| {
        let session = &session;
        async move {
            let script = format!("[...document.querySelectorAll('[data-testid=task]')].find(t => t.querySelector('[data-testid=task-title]').textContent === {title:?}).querySelector('[data-testid={control}]').click(); return null");
            session.script(&script).await;
        }
    };
    // Days around the browser's today: yesterday's task is overdue, today's and tomorrow's read as words.
    let day = |offset: i32| {
        format!("const d = new Date(); d.setDate(d.getDate() + {offset}); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0')")
    };
    let due_of = |title: &'static str| {
        let session = &session;
        async move {
            let script = format!("const t = [...document.querySelectorAll('[data-testid=task]')].find(t => t.querySelector('[data-testid=task-title]').textContent === {title:?}); const d = t && t.querySelector('[data-testid=task-due]'); return d ? [d.textContent, d.dataset.overdue] : null");
            session.script(&script).await
        }
    };
    for (title, offset) in [("File the expenses", -1), ("Renew the parking pass", 0), ("Book the venue", 1)] {
        let date = session.script(&day(offset)).await;
        session.type_into("new-task-title", title).await;
        session.set_value("new-task-due", date.as_str().unwrap()).await;
        session.click("new-task-add").await;
        eventually(&format!("the task {title}"), || async { status_of(title).await == "open" }).await;
    }
    let overdue = due_of("File the expenses").await;
    assert!(overdue[0].as_str().unwrap().starts_with("Overdue since") && overdue[1] == "true", "{overdue}");
    assert_eq!(due_of("Renew the parking pass").await, serde_json::json!(["Today", "false"]));
    assert_eq!(due_of("Book the venue").await, serde_json::json!(["Tomorrow", "false"]));
    click_in("Renew the parking pass", "task-complete").await;
    eventually("hidden once completed", || async { status_of("Renew the parking pass").await.is_null() }).await;
    session.click("show-completed").await;
    eventually("shown as completed", || async { status_of("Renew the parking pass").await == "completed" }).await;
    click_in("Renew the parking pass", "task-complete").await;
    eventually("reopened", || async { status_of("Renew the parking pass").await == "open" }).await;
    click_in("Renew the parking pass", "task-delete").await;
    eventually("deleted", || async { status_of("Renew the parking pass").await.is_null() }).await;
    session.browser.refresh().await.unwrap();
    session.wait_for("task").await;
    assert!(status_of("Renew the parking pass").await.is_null(), "deleted on the server");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_keep_what_the_forms_do_not_show() {
    let session = Session::start().await;
    signed_in(&session, DEMO_WEEK).await;
    click_event(&session, "1:1 with Diego").await;
    session.click("event-edit").await;
    session.wait_for("event-form-formatted").await;
    session.set_value("event-form-subject", "1:1 with Diego (budget)").await;
    session.click("event-form-save").await;
    click_event(&session, "1:1 with Diego (budget)").await;
    session.wait_for("message-body").await;
    let body = "return document.querySelector('[data-testid=message-body]').contentDocument.body.textContent";
    eventually("the formatted description kept", || async {
        session.script(body).await.as_str().unwrap_or("").contains("Budget follow-up.")
    })
    .await;
    // Notes typed go above it, and it stays.
    session.click("event-edit").await;
    session.type_into("event-form-body", "Bring the figures.").await;
    session.click("event-form-save").await;
    click_event(&session, "1:1 with Diego (budget)").await;
    session.wait_for("message-body").await;
    eventually("both, the new notes first", || async {
        let text = session.script(body).await.as_str().unwrap_or("").to_owned();
        text.find("Bring the figures.").zip(text.find("Budget follow-up.")).is_some_and(|(notes, kept)| notes < kept)
    })
    .await;

    session.open("/#/contacts").await;
    session.type_into("contact-search", "Johanna").await;
    session.click("contact-row").await;
    let addresses = session.all("contact-email").await.len();
    assert!(addresses > 1, "{addresses}");
    session.click("contact-edit").await;
    session.set_value("contact-form-company", "Fabrikam").await;
    session.click("contact-form-save").await;
    eventually("every address kept", || async {
        session.all("contact-form").await.is_empty() && session.all("contact-email").await.len() == addresses
    })
    .await;
    session.finish().await;
}

/// The id of the calendar option named `name` in the event form.
async fn calendar_option(session: &Session, name: &str) -> String {
    let script = format!(
        "return [...document.querySelectorAll('[data-testid=event-form-calendar] option')].find(o => o.textContent === {name:?})?.value ?? null"
    );
    session.script(&script).await.as_str().expect("the calendar is offered").to_owned()
}

async fn form_calendar(session: &Session) -> String {
    session.script("return document.querySelector('[data-testid=event-form-calendar]').value").await.as_str().unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_event_goes_to_the_chosen_calendar_and_the_choices_are_remembered() {
    let session = Session::start().await;
    signed_in(&session, DEMO_WEEK).await;
    session.wait_for("event").await;
    session.click("new-event").await;
    session.wait_for("event-form-calendar").await;
    let team = calendar_option(&session, "Team").await;
    let default = calendar_option(&session, "Calendar").await;
    eventually("the default calendar first", || async { form_calendar(&session).await == default }).await;
    session.set_value("event-form-calendar", &team).await;
    session.type_into("event-form-subject", "Team lunch").await;
    session.set_value("event-form-start", "2026-11-18T12:00").await;
    session.set_value("event-form-end", "2026-11-18T13:00").await;
    session.click("event-form-save").await;
    eventually("Team lunch shown", || async { !where_is(&session, "Team lunch").await.is_null() }).await;
    let token = session.access_tokens().await[0]["token"].as_str().unwrap().to_owned();
    let (_, body) = tern_e2e::graph_get(&session.origin, &format!("/v1.0/me/calendars/{team}/events?$select=subject"), &token).await;
    assert!(body.contains("Team lunch"), "in the Team calendar: {body}");
    // The next new event starts in the calendar chosen last, across a reload.
    session.script("location.reload(); return null").await;
    session.wait_for("event").await;
    session.click("new-event").await;
    session.wait_for("event-form-calendar").await;
    eventually("Team chosen again", || async { form_calendar(&session).await == team }).await;
    session.click("event-form-cancel").await;
    // Hiding a calendar lasts too.
    session.click_css("[data-testid=calendar-toggle][data-calendar=\"Team\"]").await;
    eventually("Team lunch hidden", || async { where_is(&session, "Team lunch").await.is_null() }).await;
    session.script("location.reload(); return null").await;
    session.wait_for("event").await;
    let checked = session.script("return document.querySelector('[data-testid=calendar-toggle][data-calendar=\"Team\"]').checked").await;
    assert_eq!(checked, false, "still hidden after a reload");
    assert!(where_is(&session, "Team lunch").await.is_null());
    session.finish().await;
}

/// Contacts are ordered and found as the person's language does (the browser's collation
/// and case mapping): "Émile" sorts among the E's, where code points put it after "Zoe", and
/// "ÉMI" finds it in the list and in compose.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contacts_are_ordered_and_found_as_the_persons_language_does() {
    let session = Session::start().await;
    signed_in(&session, "/#/contacts").await;
    session.wait_for("contact-row").await;
    let token = session.access_tokens().await[0]["token"].as_str().unwrap().to_owned();
    for (given, surname, address) in [("Émile", "Zola", "emile@fabrikam.example"), ("Zoe", "Quinlan", "zoe@fabrikam.example")] {
        let name = format!("{given} {surname}");
        let body = serde_json::json!({ "givenName": given, "surname": surname, "displayName": name, "emailAddresses": [{ "address": address, "name": name }] });
        let (status, answer) = graph_send(&session.origin, "POST", "/v1.0/me/contacts", &token, &body.to_string()).await;
        assert_eq!(status, 201, "{answer}");
    }
    session.browser.refresh().await.unwrap();
    eventually("both new contacts listed", || async {
        let names = contact_names(&session).await;
        names.iter().any(|n| n == "Émile Zola") && names.iter().any(|n| n == "Zoe Quinlan")
    })
    .await;
    let names = contact_names(&session).await;
    let collated = session.script(&format!("return {}.sort(new Intl.Collator().compare)", serde_json::to_string(&names).unwrap())).await;
    assert_eq!(serde_json::to_value(&names).unwrap(), collated, "in the browser's order");
    let at = |wanted: &str| names.iter().position(|n| n == wanted).unwrap();
    assert!(at("Émile Zola") < at("Zoe Quinlan"), "Émile among the E's: {names:?}");
    session.type_into("contact-search", "ÉMI").await;
    eventually("Émile found in capitals", || async { contact_names(&session).await == ["Émile Zola"] }).await;
    assert_eq!(suggested_in_compose(&session, "ÉMI").await, "Émile Zola <emile@fabrikam.example>, ");
    session.finish().await;
}

/// What the To field of a new message holds after typing `typed` and taking the first
/// suggestion.
async fn suggested_in_compose(session: &Session, typed: &str) -> String {
    session.open("/#/mail/inbox").await;
    session.click("new-message").await;
    session.type_into("compose-to", typed).await;
    session.click("suggestion").await;
    session.wait_for("compose-to").await.prop("value").await.unwrap().unwrap_or_default()
}

async fn contact_names(session: &Session) -> Vec<String> {
    let value =
        session.script("return [...document.querySelectorAll('[data-testid=contact-row] .correspondent')].map(e => e.textContent)").await;
    serde_json::from_value(value).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contacts_live_in_folders_and_the_whole_form_survives_a_reload() {
    let session = Session::start().await;
    signed_in(&session, "/#/contacts").await;
    session.wait_for("contact-row").await;
    let suppliers = session
        .script("return [...document.querySelectorAll('[data-testid=contact-folder] option')].find(o => o.textContent === 'Suppliers')?.value ?? null")
        .await;
    let suppliers = suppliers.as_str().expect("the Suppliers folder offered").to_owned();
    session.set_value("contact-folder", &suppliers).await;
    eventually("the folder's contacts", || async { contact_names(&session).await == ["Fabrikam Sales"] }).await;
    session.click("new-contact").await;
    session.type_into("contact-form-given", "Zoe").await;
    session.type_into("contact-form-surname", "Quinlan").await;
    session.type_into("contact-form-email", "zoe@fabrikam.example").await;
    session.type_into("contact-form-email-2", "zoe@home.example").await;
    session.type_into("contact-form-department", "Purchasing").await;
    session.type_into("contact-form-business-phone", "+1 425 555 0110").await;
    session.type_into("contact-form-business-city", "Redmond").await;
    session.type_into("contact-form-business-country", "United States").await;
    // A reload in the middle of typing loses nothing.
    session.browser.refresh().await.unwrap();
    let kept = session.wait_for("contact-form-business-city").await.prop("value").await.unwrap();
    assert_eq!(kept.as_deref(), Some("Redmond"));
    assert_eq!(session.wait_for("contact-form-email-2").await.prop("value").await.unwrap().as_deref(), Some("zoe@home.example"));
    session.click("contact-form-save").await;
    session.wait_for("contact-details").await;
    eventually("saved with everything", || async {
        session.all("contact-email").await.len() == 2 && session.text_of("contact-address").await == "Redmond, United States"
    })
    .await;
    let token = session.access_tokens().await[0]["token"].as_str().unwrap().to_owned();
    let path = format!("/v1.0/me/contactFolders/{suppliers}/contacts?$select=displayName,department,businessPhones,businessAddress");
    let (_, body) = tern_e2e::graph_get(&session.origin, &path, &token).await;
    let contacts: Value = serde_json::from_str(&body).unwrap();
    let zoe = contacts["value"].as_array().unwrap().iter().find(|c| c["displayName"] == "Zoe Quinlan").expect("in Suppliers");
    assert_eq!((zoe["department"].as_str(), zoe["businessAddress"]["city"].as_str()), (Some("Purchasing"), Some("Redmond")));
    assert_eq!(zoe["businessPhones"], serde_json::json!(["+1 425 555 0110"]));
    session.finish().await;
}

async fn folder_names(session: &Session) -> Value {
    session.script("return [...document.querySelectorAll('[data-testid=contact-folder] option')].map(o => o.textContent)").await
}

async fn shown_folder(session: &Session) -> String {
    let script = "const s = document.querySelector('[data-testid=contact-folder]'); return s.selectedOptions[0]?.textContent ?? ''";
    session.script(script).await.as_str().unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contact_folders_are_made_renamed_and_deleted() {
    let session = Session::start().await;
    signed_in(&session, "/#/contacts").await;
    session.wait_for("contact-row").await;
    session.click("contact-folder-new").await;
    session.type_into("contact-folder-name", "Family").await;
    session.click("contact-folder-save").await;
    eventually("made and shown, empty", || async { shown_folder(&session).await == "Family" && contact_names(&session).await.is_empty() })
        .await;
    session.click("new-contact").await;
    session.type_into("contact-form-given", "Gran").await;
    session.click("contact-form-save").await;
    eventually("a contact in it", || async { contact_names(&session).await == ["Gran"] }).await;
    session.click("contact-close").await;
    session.click("contact-folder-rename").await;
    session.set_value("contact-folder-name", "Family and friends").await;
    session.click("contact-folder-save").await;
    eventually("renamed", || async { shown_folder(&session).await == "Family and friends" }).await;
    // A name another folder has is refused, and said.
    session.expect_console_errors(&["the server responded with a status of 409"]);
    session.click("contact-folder-new").await;
    session.type_into("contact-folder-name", "Suppliers").await;
    session.click("contact-folder-save").await;
    assert!(session.failure_text("contact-folder-error").await.contains("ErrorFolderExists"));
    session.click("contact-folder-cancel").await;
    session.click("contact-folder-delete").await;
    assert!(session.text_of("contact-folder-delete-question").await.contains("“Family and friends”"));
    session.click("contact-folder-delete-cancel").await;
    assert_eq!(shown_folder(&session).await, "Family and friends", "nothing deleted");
    session.click("contact-folder-delete").await;
    session.click("contact-folder-delete-confirm").await;
    eventually("gone, back to Contacts", || async {
        folder_names(&session).await == serde_json::json!(["Contacts", "Suppliers"]) && !contact_names(&session).await.is_empty()
    })
    .await;
    session.finish().await;
}

/// `[date, minutes]` of each timed event in view whose text ends with `subject`.
async fn times_of(session: &Session, subject: &str) -> Value {
    let script = format!(
        "return [...document.querySelectorAll('[data-testid=event]')].filter(e => e.textContent.endsWith({subject:?}) && e.closest('.timed'))
           .map(e => [e.closest('[data-testid=day-column]').dataset.date, Number(e.closest('.timed').dataset.startMinutes), e.dataset.series === 'true'])
           .sort((a, b) => a[0] < b[0] ? -1 : 1)"
    );
    session.script(&script).await
}

async fn open_on(session: &Session, subject: &str, date: &str) {
    let selector = format!("[data-testid=day-column][data-date='{date}'] [data-testid=event]");
    let script = format!("const e = [...document.querySelectorAll(\"{selector}\")].find(e => e.textContent.endsWith({subject:?})); if (e) e.click(); return !!e");
    eventually(&format!("{subject} on {date} opened"), || async { session.script(&script).await == serde_json::json!(true) }).await;
    session.wait_for("event-subject").await;
}

fn checked(value: Value) -> bool {
    value == serde_json::json!(true)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_weekly_series_is_made_then_changed_and_deleted_one_event_or_whole() {
    let session = Session::start().await;
    signed_in(&session, "/#/calendar/week/2026-12-07").await;
    session.wait_for("event").await;
    session.click("new-event").await;
    session.type_into("event-form-subject", "Stand-up").await;
    session.set_value("event-form-start", "2026-12-07T08:00").await;
    session.set_value("event-form-end", "2026-12-07T08:15").await;
    session.set_value("event-form-repeat", "weekly").await;
    let monday = "return document.querySelector('[data-testid=event-form-day-monday]').checked";
    assert!(checked(session.script(monday).await), "a weekly series starts on the first day's weekday");
    session.click("event-form-day-monday").await;
    session.click("event-form-save").await;
    assert_eq!(session.text_of("event-form-problem").await, "Choose at least one day of the week for the series.");
    session.click("event-form-day-monday").await;
    session.click("event-form-day-wednesday").await;
    session.set_value("event-form-ends", "count").await;
    session.set_value("event-form-count", "4").await;
    // A reload mid-form keeps the series as it was set.
    session.open("/#/calendar/week/2026-12-07").await;
    session.wait_for("event-form-series").await;
    assert!(checked(session.script("return document.querySelector('[data-testid=event-form-day-wednesday]').checked").await));
    assert_eq!(session.wait_for("event-form-count").await.prop("value").await.unwrap().as_deref(), Some("4"));
    session.click("event-form-save").await;
    let both = serde_json::json!([["2026-12-07", 480, true], ["2026-12-09", 480, true]]);
    eventually("Monday and Wednesday", || async { times_of(&session, "Stand-up").await == both }).await;
    session.click("calendar-next").await;
    let next = serde_json::json!([["2026-12-14", 480, true], ["2026-12-16", 480, true]]);
    eventually("the next week too", || async { times_of(&session, "Stand-up").await == next }).await;
    session.click("calendar-next").await;
    eventually("four and no more", || async {
        session.hash().await.ends_with("2026-12-21") && times_of(&session, "Stand-up").await == serde_json::json!([])
    })
    .await;

    // One event of the series, moved on its own.
    session.click("calendar-prev").await;
    session.click("calendar-prev").await;
    open_on(&session, "Stand-up", "2026-12-09").await;
    eventually("the rule in words", || async {
        session.text_of("event-recurrence").await.ends_with("Every week on Monday and Wednesday, 4 times")
    })
    .await;
    session.click("event-edit").await;
    session.click("event-scope-one").await;
    session.wait_for("event-form-one-of-series").await;
    assert!(session.all("event-form-repeat").await.is_empty(), "one event has no rule of its own");
    session.set_value("event-form-subject", "Stand-up (moved)").await;
    session.set_value("event-form-start", "2026-12-09T09:00").await;
    session.set_value("event-form-end", "2026-12-09T09:15").await;
    session.click("event-form-save").await;
    eventually("only Wednesday moved", || async {
        times_of(&session, "Stand-up (moved)").await == serde_json::json!([["2026-12-09", 540, true]])
            && times_of(&session, "Stand-up").await == serde_json::json!([["2026-12-07", 480, true]])
    })
    .await;

    // The whole series renamed from one of its events.
    open_on(&session, "Stand-up", "2026-12-07").await;
    session.click("event-edit").await;
    session.click("event-scope-series").await;
    let repeat = session.wait_for("event-form-repeat").await.prop("value").await.unwrap();
    assert_eq!(repeat.as_deref(), Some("weekly"), "the series' own rule is in the form");
    session.set_value("event-form-subject", "Team stand-up").await;
    session.click("event-form-save").await;
    session.click("calendar-next").await;
    let renamed = serde_json::json!([["2026-12-14", 480, true], ["2026-12-16", 480, true]]);
    eventually("renamed", || async { times_of(&session, "Team stand-up").await == renamed }).await;

    // Deleting one, then the rest.
    open_on(&session, "Team stand-up", "2026-12-14").await;
    session.click("event-delete").await;
    session.wait_for("event-scope").await;
    session.click("event-scope-cancel").await;
    assert!(session.all("event-scope").await.is_empty());
    session.click("event-delete").await;
    session.click("event-scope-one").await;
    eventually("Monday gone", || async { times_of(&session, "Team stand-up").await == serde_json::json!([["2026-12-16", 480, true]]) })
        .await;
    open_on(&session, "Team stand-up", "2026-12-16").await;
    session.click("event-delete").await;
    session.click("event-scope-series").await;
    eventually("the series gone", || async { times_of(&session, "stand-up").await == serde_json::json!([]) }).await;
    session.click("calendar-prev").await;
    eventually("its moved event too", || async {
        session.hash().await.ends_with("2026-12-07")
            && !session.all("event").await.is_empty()
            && times_of(&session, "Stand-up (moved)").await == serde_json::json!([])
    })
    .await;
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_monthly_series_meets_on_the_second_tuesday_until_its_last_day() {
    let session = Session::start().await;
    signed_in(&session, "/#/calendar/week/2026-12-07").await;
    session.wait_for("event").await;
    session.click("new-event").await;
    session.type_into("event-form-subject", "Budget check").await;
    session.set_value("event-form-start", "2026-12-08T14:00").await;
    session.set_value("event-form-end", "2026-12-08T15:00").await;
    let label = "return [...document.querySelectorAll('[data-testid=event-form-repeat] option')].map(o => o.textContent)";
    let labels = session.script(label).await;
    assert!(labels.as_array().unwrap().iter().any(|l| l == "Monthly on the second Tuesday"), "{labels}");
    session.set_value("event-form-repeat", "monthly-weekday").await;
    session.set_value("event-form-ends", "date").await;
    session.set_value("event-form-until", "2026-12-01").await;
    session.click("event-form-save").await;
    assert_eq!(session.text_of("event-form-problem").await, "The series must end on or after its first day.");
    session.set_value("event-form-until", "2027-02-28").await;
    session.click("event-form-save").await;
    open_on(&session, "Budget check", "2026-12-08").await;
    eventually("the rule in words", || async {
        session.text_of("event-recurrence").await.ends_with("Every month on the second Tuesday, until 2027-02-28")
    })
    .await;
    session.click("event-close").await;
    session.open("/#/calendar/week/2027-01-11").await;
    eventually("12 January", || async { times_of(&session, "Budget check").await == serde_json::json!([["2027-01-12", 840, true]]) }).await;
    session.open("/#/calendar/week/2027-03-08").await;
    eventually("not in March", || async {
        session.hash().await.ends_with("2027-03-08") && times_of(&session, "Budget check").await == serde_json::json!([])
    })
    .await;
    session.finish().await;
}

async fn free_busy_of(session: &Session, address: &str) -> Value {
    let script = format!("const r = [...document.querySelectorAll('[data-testid=free-busy-row]')].find(r => r.dataset.address === {address:?}); return r ? r.dataset.status : null");
    session.script(&script).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attendees_show_free_busy_and_find_a_time_moves_the_meeting() {
    let session = Session::start_in_zone("UTC").await;
    signed_in(&session, DEMO_WEEK).await;
    session.wait_for("event").await;
    session.click("new-event").await;
    session.type_into("event-form-subject", "Planning").await;
    session.set_value("event-form-start", "2026-11-19T14:00").await;
    session.set_value("event-form-end", "2026-11-19T14:30").await;
    session.click("event-form-find-time").await;
    assert_eq!(session.text_of("meeting-suggestions-problem").await, "Add attendees and a start and an end first.");
    // Megan has her quarterly review then; the other address is outside the organisation.
    session.type_into("event-form-attendees", "megan@contoso.example; someone@fabrikam.example").await;
    eventually("Megan busy", || async { free_busy_of(&session, "megan@contoso.example").await == "busy" }).await;
    assert_eq!(free_busy_of(&session, "someone@fabrikam.example").await, "unknown");
    assert_eq!(session.axe_violations().await, Vec::<Value>::new(), "the form with free/busy, as axe-core checks it");
    // An hour when she is free says so without asking again.
    session.set_value("event-form-start", "2026-11-19T10:00").await;
    session.set_value("event-form-end", "2026-11-19T10:30").await;
    eventually("Megan free at ten", || async { free_busy_of(&session, "megan@contoso.example").await == "free" }).await;

    // Find a time looks from the event's day, never before now: a Monday at least a week
    // ahead, with Adele at the dentist from 09:00.
    let day = session
        .script("const d = new Date(Date.now() + 7 * 864e5); d.setUTCDate(d.getUTCDate() + (8 - d.getUTCDay()) % 7); return d.toISOString().slice(0, 10)")
        .await
        .as_str()
        .unwrap()
        .to_owned();
    let token = session.access_tokens().await[0]["token"].as_str().unwrap().to_owned();
    let dentist = format!(
        r#"{{"subject": "Dentist", "start": {{"dateTime": "{day}T09:00:00", "timeZone": "UTC"}}, "end": {{"dateTime": "{day}T10:00:00", "timeZone": "UTC"}}}}"#
    );
    assert_eq!(graph_send(&session.origin, "POST", "/v1.0/me/events", &token, &dentist).await.0, 201);
    session.set_value("event-form-attendees", "megan@contoso.example").await;
    session.set_value("event-form-start", &format!("{day}T14:00")).await;
    session.set_value("event-form-end", &format!("{day}T14:30")).await;
    session.click("event-form-find-time").await;
    session.wait_for("meeting-suggestions").await;
    let offered =
        session.script("return [...document.querySelectorAll('[data-testid=meeting-suggestion]')].map(b => b.dataset.start)").await;
    let offered: Vec<&str> = offered.as_array().unwrap().iter().filter_map(Value::as_str).collect();
    let first = format!("{day}T08:00");
    assert_eq!(offered.first(), Some(&first.as_str()), "the first free half hour of the working day: {offered:?}");
    assert!(!offered.iter().any(|start| start.starts_with(&format!("{day}T09"))), "not while Adele is out: {offered:?}");
    session.click_css(&format!("[data-testid=meeting-suggestion][data-start='{first}']")).await;
    assert_eq!(session.wait_for("event-form-start").await.prop("value").await.unwrap().as_deref(), Some(first.as_str()));
    assert_eq!(session.wait_for("event-form-end").await.prop("value").await.unwrap(), Some(format!("{day}T08:30")), "its length kept");
    eventually("Megan free then", || async { free_busy_of(&session, "megan@contoso.example").await == "free" }).await;
    session.click("event-form-save").await;
    eventually("the form closed", || async { session.all("event-form").await.is_empty() }).await;
    session.open(&format!("/#/calendar/week/{day}")).await;
    eventually("the meeting at eight", || async {
        where_is(&session, "Planning").await == serde_json::json!({"date": day, "minutes": 480})
    })
    .await;
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_added_elsewhere_appears_when_the_window_comes_back() {
    let session = Session::start_in_zone("UTC").await;
    signed_in(&session, DEMO_WEEK).await;
    session.wait_for("event").await;
    let token = session.access_tokens().await[0]["token"].as_str().expect("a Graph token").to_owned();
    let event = r#"{"subject": "Added on the phone", "start": {"dateTime": "2026-11-18T12:00:00", "timeZone": "UTC"}, "end": {"dateTime": "2026-11-18T12:30:00", "timeZone": "UTC"}}"#;
    let (status, body) = graph_send(&session.origin, "POST", "/v1.0/me/events", &token, event).await;
    assert_eq!(status, 201, "{body}");
    assert!(where_is(&session, "Added on the phone").await.is_null(), "not read yet");
    session.script("window.dispatchEvent(new Event('focus')); return null").await;
    eventually("read again on coming back", || async {
        where_is(&session, "Added on the phone").await == serde_json::json!({"date": "2026-11-18", "minutes": 720})
    })
    .await;
    assert!(session.all("calendar-loading").await.is_empty(), "no loading bar for a refresh");
    session.finish().await;
}
