//! New-mail notifications: asked for only from a click in Settings, refused and explained
//! when the browser blocks them, then one per new message, which opens it when clicked.
//! The browser's own permission prompt cannot be clicked in a headless browser, so the
//! test answers it through DevTools (`Browser.setPermission`), as the person would.

use serde_json::json;
use tern_e2e::{eventually, Session};

const ADELE: &str = "adele@contoso.example";
/// Records every notification the page makes, while still making it with the browser's own.
const RECORD: &str = "window.__notes = []; const Real = window.Notification;
  if (Real) { window.Notification = class extends Real { constructor(title, options) { super(title, options); window.__notes.push({title, body: options && options.body, note: this}); } }; }";

async fn answer_prompt(session: &Session, setting: &str) {
    let params = json!({"permission": {"name": "notifications"}, "setting": setting, "origin": session.origin});
    session.devtools("Browser.setPermission", params).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_mail_is_notified_once_allowed_and_the_notification_opens_it() {
    let session = Session::start().await;
    session.on_every_page(RECORD).await;
    session.open("/").await;
    session.sign_in(ADELE).await;
    session.open("/#/settings").await;
    session.wait_for("settings-notify").await;
    assert_eq!(session.script("return Notification.permission").await, "default", "nothing is asked at load");
    // Blocked by the browser: said, and how to allow them.
    answer_prompt(&session, "denied").await;
    session.click("settings-notify").await;
    eventually("refused", || async { session.text_of("settings-notify-said").await.starts_with("Your browser refuses") }).await;
    answer_prompt(&session, "granted").await;
    session.click("settings-notify").await;
    eventually("on", || async { session.text_of("settings-notify-said").await.starts_with("On.") }).await;
    assert_eq!(session.text_of("settings-notify").await, "Turn off");
    assert_eq!(session.script("return window.__notes.length").await, 0, "mail that was there is not news");
    // A message arrives (written to oneself), and the send's refresh finds it.
    session.open("/#/mail/inbox").await;
    session.wait_for("message-row").await;
    let subject = "Notified while the tab is open";
    session.click("new-message").await;
    session.type_into("compose-to", ADELE).await;
    session.type_into("compose-subject", subject).await;
    session.type_into("compose-body", "Hello from me.").await;
    session.click("compose-send").await;
    eventually("one notification", || async {
        session.script("return window.__notes.map(n => [n.title, n.body])").await == json!([["Adele Vance", subject]])
    })
    .await;
    session.script("window.__notes[0].note.dispatchEvent(new Event('click')); return null").await;
    eventually("the message open", || async { session.text_of("message-subject").await == subject }).await;
    assert!(session.hash().await.starts_with("#/mail/inbox/"));
    session.finish().await;
}

/// An event that starts `minutes_ahead` from now with a 15-minute reminder: due already.
async fn add_due_event(session: &Session, subject: &str, minutes_ahead: i64) {
    let start = session.script(&format!("return new Date(Date.now() + {minutes_ahead} * 60000).toISOString().slice(0, 19)")).await;
    let end = session.script(&format!("return new Date(Date.now() + {} * 60000).toISOString().slice(0, 19)", minutes_ahead + 30)).await;
    let event = json!({"subject": subject, "isReminderOn": true, "reminderMinutesBeforeStart": 15, "location": {"displayName": "Room 4"},
        "start": {"dateTime": start, "timeZone": "UTC"}, "end": {"dateTime": end, "timeZone": "UTC"}});
    let token = session.access_tokens().await[0]["token"].as_str().expect("a Graph token").to_owned();
    let (status, body) = tern_e2e::graph_send(&session.origin, "POST", "/v1.0/me/events", &token, &event.to_string()).await;
    assert_eq!(status, 201, "{body}");
}

/// The events this test adds. The demo calendar has its own (a weekly sync on Tuesdays at
/// 15:00 UTC, one moved to 16:00), due at some hours of some days: the test looks only at
/// its own, so it passes whenever it runs.
const OURS: &str = "['Stand-up with Megan', 'Budget call']";

async fn reminders_shown(session: &Session) -> serde_json::Value {
    let script = format!(
        "return [...document.querySelectorAll('[data-testid=reminder] strong')].map(s => s.textContent).filter(t => {OURS}.includes(t))"
    );
    session.script(&script).await
}

async fn notified(session: &Session) -> serde_json::Value {
    session.script(&format!("return window.__notes.map(n => n.title).filter(t => {OURS}.includes(t))")).await
}

/// A script expression for the reminder of the event called `subject`.
fn reminder_of(subject: &str) -> String {
    format!("[...document.querySelectorAll('[data-testid=reminder]')].find(r => r.querySelector('strong').textContent === {subject:?})")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn event_reminders_show_in_the_page_and_ring_once_when_allowed() {
    let session = Session::start_in_zone("UTC").await;
    session.on_every_page(RECORD).await;
    session.open("/").await;
    session.sign_in(ADELE).await;
    add_due_event(&session, "Stand-up with Megan", 10).await;
    session.open("/#/settings").await;
    // Notifications refused: the reminders still show in the page.
    answer_prompt(&session, "denied").await;
    session.click("settings-reminders").await;
    eventually("on, in the page", || async { session.text_of("settings-reminders-said").await.contains("does not allow notifications") })
        .await;
    eventually("the reminder shown", || async { reminders_shown(&session).await == json!(["Stand-up with Megan"]) }).await;
    let place = session.script(&format!("return {}.textContent", reminder_of("Stand-up with Megan"))).await;
    assert!(place.as_str().unwrap_or_default().contains("Room 4"), "{place}");
    assert_eq!(session.axe_violations().await, Vec::<serde_json::Value>::new(), "the reminders, as axe-core checks them");
    assert_eq!(session.script("return window.__notes.length").await, 0);
    session.click("settings-reminders").await;
    eventually("off", || async { session.all("reminders").await.is_empty() }).await;
    // Allowed: the same reminder rings once.
    answer_prompt(&session, "granted").await;
    session.click("settings-reminders").await;
    eventually("one notification", || async { notified(&session).await == json!(["Stand-up with Megan"]) }).await;
    // A reload shows it again (not dismissed) but does not ring it again.
    add_due_event(&session, "Budget call", 12).await;
    session.open("/#/mail").await;
    session.browser.refresh().await.unwrap();
    eventually("both shown", || async { reminders_shown(&session).await == json!(["Stand-up with Megan", "Budget call"]) }).await;
    assert_eq!(notified(&session).await, json!(["Budget call"]), "only the new one rings");
    session
        .script(&format!("{}.querySelector('[data-testid=reminder-dismiss]').click(); return null", reminder_of("Stand-up with Megan")))
        .await;
    eventually("dismissed", || async { reminders_shown(&session).await == json!(["Budget call"]) }).await;
    session.click("reminder-open").await;
    eventually("its day in the calendar", || async { session.hash().await.starts_with("#/calendar/day/") }).await;
    session.browser.refresh().await.unwrap();
    eventually("dismissed stays dismissed", || async { reminders_shown(&session).await == json!(["Budget call"]) }).await;
    session.finish().await;
}
