//! The impatient user: actions taken the moment they are possible, screens left while they
//! load, accounts and mailboxes switched mid-load, a reload in the middle of sending. Each
//! test ends, as every end-to-end test does, with no panic banner and no console error.

use std::time::Duration;
use tern_e2e::{eventually, Session};

const ADELE: &str = "adele@contoso.example";
const MEGAN: &str = "megan@contoso.example";

async fn signed_in_mail(session: &Session) {
    session.open("/").await;
    session.sign_in(ADELE).await;
    session.open("/#/mail/inbox").await;
    session.wait_for("message-row").await;
}

/// New message to Megan with `subject` and `body`, typed as a person would.
async fn write_to_megan(session: &Session, subject: &str, body: &str) {
    session.click("new-message").await;
    session.type_into("compose-to", MEGAN).await;
    session.type_into("compose-subject", subject).await;
    session.type_into("compose-body", body).await;
}

async fn subjects(session: &Session) -> Vec<String> {
    let value = session.script("return [...document.querySelectorAll('[data-testid=row-subject]')].map(e => e.textContent)").await;
    serde_json::from_value(value).unwrap_or_default()
}

async fn open_folder(session: &Session, folder: &str) {
    session.click_css(&format!("[data-testid=folder][data-folder=\"{folder}\"]")).await;
    eventually(&format!("{folder} shown"), || async {
        session.script(&format!("const f = document.querySelector('[data-folder=\"{folder}\"]'); return f !== null && f.getAttribute('aria-current') === 'page'")).await == true
    })
    .await;
}

/// How many messages of `folder` carry `subject`, once the list has settled.
async fn count_in(session: &Session, folder: &str, subject: &str) -> usize {
    open_folder(session, folder).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    session.click("refresh").await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    subjects(session).await.iter().filter(|s| *s == subject).count()
}

/// The text of the open message's body, read inside its sandboxed frame.
async fn open_body_text(session: &Session, subject: &str) -> String {
    let script = format!(
        "const row = [...document.querySelectorAll('[data-testid=message-row]')].find(r => r.querySelector('[data-testid=row-subject]').textContent === {subject:?}); row.querySelector('a').click(); return null"
    );
    session.script(&script).await;
    let frame = "const f = document.querySelector('[data-testid=message-body]'); return f && f.contentDocument && f.contentDocument.body ? f.contentDocument.body.textContent : ''";
    let mut text = String::new();
    for _ in 0..100 {
        text = session.script(frame).await.as_str().unwrap_or_default().to_owned();
        if !text.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_pressed_right_after_typing_sends_the_latest_text_once() {
    let session = Session::start().await;
    signed_in_mail(&session).await;
    write_to_megan(&session, "Right away", "First words").await;
    // Let the first server save start, then type more and send before the next one.
    tokio::time::sleep(Duration::from_millis(1_600)).await;
    session.type_into("compose-body", " and the last ones").await;
    session.click("compose-send").await;
    assert_eq!(session.text_of("mail-notice").await, "Your message was sent.");
    // The autosave timer of the last keystroke would fire now: it must not.
    tokio::time::sleep(Duration::from_millis(2_000)).await;
    assert_eq!(count_in(&session, "sentitems", "Right away").await, 1);
    assert_eq!(open_body_text(&session, "Right away").await.trim(), "First words and the last ones");
    assert_eq!(count_in(&session, "drafts", "Right away").await, 0, "no draft left behind");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_within_200_ms_of_the_first_keystrokes_sends_once() {
    let session = Session::start().await;
    signed_in_mail(&session).await;
    write_to_megan(&session, "Quick one", "Sent in a hurry").await;
    session.click("compose-send").await;
    session.wait_for("mail-notice").await;
    tokio::time::sleep(Duration::from_millis(2_000)).await;
    assert_eq!(count_in(&session, "sentitems", "Quick one").await, 1);
    assert_eq!(count_in(&session, "drafts", "Quick one").await, 0);
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discard_right_after_typing_leaves_no_draft_and_no_panic() {
    let session = Session::start().await;
    signed_in_mail(&session).await;
    session.click("new-message").await;
    session.type_into("compose-subject", "Never mind").await;
    session.type_into("compose-body", "Thinking out loud").await;
    session.click("compose-discard").await;
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    assert!(session.all("compose").await.is_empty());
    assert_eq!(count_in(&session, "drafts", "Never mind").await, 0);
    // After a server save too: typing, a pause, more typing, Discard.
    session.click("new-message").await;
    session.type_into("compose-subject", "Second thoughts").await;
    eventually("saved to the server", || async { session.text_of("compose-state").await == "Draft saved" }).await;
    session.type_into("compose-body", "more").await;
    session.click("compose-discard").await;
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    assert_eq!(count_in(&session, "drafts", "Second thoughts").await, 0);
    session.browser.refresh().await.unwrap();
    session.wait_for("message-row").await;
    assert!(session.all("compose").await.is_empty(), "a discarded draft came back after a reload");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switching_screens_twenty_times_while_they_load() {
    let session = Session::start().await;
    signed_in_mail(&session).await;
    session.control("PUT", "/_emulator/faults", r#"{"latency_ms":250}"#).await;
    let areas = ["calendar", "tasks", "calendar", "contacts", "mail"];
    for round in 0..20 {
        session.click(&format!("nav-{}", areas[round % areas.len()])).await;
        tokio::time::sleep(Duration::from_millis(40 + (round as u64 * 13) % 90)).await;
    }
    session.click("nav-calendar").await;
    session.wait_for("calendar").await;
    eventually("the week loaded", || async { session.all("calendar-loading").await.is_empty() }).await;
    session.click("nav-mail").await;
    session.wait_for("message-row").await;
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switching_account_while_mail_loads_shows_only_the_new_accounts_mail() {
    let session = Session::start().await;
    signed_in_mail(&session).await;
    session.wait_for("account-menu").await.click().await.unwrap();
    session.wait_for("add-account").await.click().await.unwrap();
    session.complete_emulator_sign_in(MEGAN).await;
    session.open("/#/mail/inbox").await;
    eventually("Megan's inbox", || async { subjects(&session).await.contains(&"Offsite venue".to_owned()) }).await;
    session.control("PUT", "/_emulator/faults", r#"{"latency_ms":600}"#).await;
    session.click("refresh").await;
    session.click_css("[data-testid=folder][data-folder=\"sentitems\"]").await;
    // Mid-load, back to Adele.
    session.wait_for("account-menu").await.click().await.unwrap();
    session.wait_for("switch-account").await.click().await.unwrap();
    eventually("Adele's account", || async { session.content_of("account-name").await == "Adele Vance" }).await;
    session.click_css("[data-testid=folder][data-folder=\"inbox\"]").await;
    eventually("Adele's inbox", || async { subjects(&session).await.contains(&"Lunch on Friday?".to_owned()) }).await;
    // Megan's answers still arriving must not show under Adele.
    for _ in 0..10 {
        let shown = subjects(&session).await;
        assert!(!shown.iter().any(|s| s == "Offsite venue" || s == "Marketing budget"), "Megan's mail under Adele: {shown:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opening_a_shared_mailbox_asks_consent_shows_it_and_goes_back() {
    let session = Session::start().await;
    signed_in_mail(&session).await;
    session.type_into("open-mailbox-input", MEGAN).await;
    session.click("open-mailbox").await;
    // Incremental consent: the sign-in service asks for the shared-mailbox permission.
    session.wait_for("consent-accept").await.click().await.unwrap();
    eventually("Megan's inbox in Adele's session", || async { subjects(&session).await.contains(&"Offsite venue".to_owned()) }).await;
    assert_eq!(session.content_of("account-name").await, "Adele Vance");
    assert_eq!(session.text_of("mailbox-owner").await, MEGAN);
    assert!(session.hash().await.starts_with("#/mailbox/megan%40contoso.example/mail/inbox"), "{}", session.hash().await);
    assert!(!subjects(&session).await.contains(&"Lunch on Friday?".to_owned()), "Adele's mail in Megan's mailbox");
    // A reload keeps the mailbox; no second consent is needed.
    session.browser.refresh().await.unwrap();
    eventually("Megan's inbox after a reload", || async { subjects(&session).await.contains(&"Offsite venue".to_owned()) }).await;
    // Back to her own.
    session.set_value("open-mailbox-input", "").await;
    session.click("open-mailbox").await;
    eventually("Adele's own inbox", || async {
        let shown = subjects(&session).await;
        shown.contains(&"Lunch on Friday?".to_owned()) && !shown.contains(&"Offsite venue".to_owned())
    })
    .await;
    assert!(session.all("mailbox-owner").await.is_empty());
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_shows_sending_until_the_message_leaves_drafts() {
    let session = Session::start().await;
    signed_in_mail(&session).await;
    session.control("PUT", "/_emulator/faults", r#"{"send_delay_ms":2000}"#).await;
    session.click("new-message").await;
    session.type_into("compose-to", MEGAN).await;
    session.type_into("compose-subject", "Takes a while").await;
    session.click("compose-send").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    // Accepted by Graph, not yet sent by Exchange: still "Sending…", and Send stays disabled.
    assert_eq!(session.text_of("compose-send").await, "Sending…");
    assert_eq!(session.wait_for("compose-send").await.prop("disabled").await.unwrap().as_deref(), Some("true"));
    assert_eq!(session.text_of("mail-notice").await, "Your message was sent.");
    assert_eq!(count_in(&session, "sentitems", "Takes a while").await, 1);
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reloading_while_a_message_sends_sends_it_once() {
    let session = Session::start().await;
    signed_in_mail(&session).await;
    write_to_megan(&session, "Mid-send reload", "Only once, please").await;
    // Graph slow, and Exchange sending a second after accepting: the draft stays in Drafts
    // meanwhile, so after the reload it must not be offered (and sent) again.
    session.control("PUT", "/_emulator/faults", r#"{"latency_ms":700,"send_delay_ms":1500}"#).await;
    // The reload leaves the old page's requests working on the server, where they still
    // count towards the mailbox's 4 concurrent requests: the new page's first calls may be
    // throttled (429) and are retried.
    session.expect_console_errors(&["the server responded with a status of 429"]);
    session.click("compose-send").await;
    // After the save and the accepted send (two answers at 700 ms), inside the send delay.
    tokio::time::sleep(Duration::from_millis(2_000)).await;
    session.browser.refresh().await.unwrap();
    // After the reload Tern waits for the message to leave Drafts instead of offering the
    // draft again, and then says it went.
    eventually("the send confirmed after the reload", || async {
        session.script("const n = document.querySelector('[data-testid=mail-notice]'); return n ? n.textContent : ''").await
            == "Your message was sent."
    })
    .await;
    assert!(session.all("compose").await.is_empty(), "the draft was offered again while Exchange was still sending it");
    session.control("PUT", "/_emulator/faults", r#"{"latency_ms":0}"#).await;
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    assert_eq!(count_in(&session, "sentitems", "Mid-send reload").await, 1);
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn declining_the_shared_mailbox_permission_explains_it_where_the_list_was() {
    let session = Session::start().await;
    signed_in_mail(&session).await;
    session.type_into("open-mailbox-input", MEGAN).await;
    session.click("open-mailbox").await;
    session.wait_for("consent-cancel").await.click().await.unwrap();
    // Back in Tern: the refusal explained, nothing of Adele's own mailbox under Megan's name.
    let refusal = session.text_of("auth-error").await;
    assert!(refusal.contains("declined"), "{refusal}");
    assert!(session.text_of("mailbox-consent-needed").await.contains(MEGAN));
    assert!(session.all("message-row").await.is_empty());
    assert!(session.all("folder").await.is_empty());
    assert!(session.hash().await.starts_with("#/mailbox/"), "{}", session.hash().await);
    // Asking again from there works.
    session.click("mailbox-grant-access").await;
    session.wait_for("consent-accept").await.click().await.unwrap();
    eventually("Megan's inbox", || async { subjects(&session).await.contains(&"Offsite venue".to_owned()) }).await;
    session.finish().await;
}

/// With Graph slow, the event form is left while free/busy and *Find a time* are on their
/// way, and a series' scope is asked and answered at once: nothing lands in a form that is
/// gone, and a new form starts clean.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_event_form_is_left_while_free_busy_and_find_a_time_are_asked() {
    let session = Session::start_in_zone_with("UTC", |options| options.latency_ms = 600).await;
    session.open("/").await;
    session.sign_in(ADELE).await;
    session.open("/#/calendar/week/2026-11-16").await;
    session.wait_for("event").await;
    session.click("new-event").await;
    session.type_into("event-form-subject", "Hurried").await;
    session.set_value("event-form-start", "2026-11-19T10:00").await;
    session.set_value("event-form-end", "2026-11-19T10:30").await;
    session.type_into("event-form-attendees", MEGAN).await;
    session.click("event-form-find-time").await;
    session.click("event-form-cancel").await;
    assert!(session.all("event-form").await.is_empty());
    tokio::time::sleep(Duration::from_millis(1500)).await;
    // A new form has nothing of the last one's answers.
    session.click("new-event").await;
    session.wait_for("free-busy").await;
    assert!(session.all("meeting-suggestions").await.is_empty() && session.all("free-busy-row").await.is_empty());
    session.click("event-form-cancel").await;
    // An occurrence of the weekly sync: Edit and its scope answered before anything loads.
    session.open("/#/calendar/week/2026-11-30").await;
    let sync = "const e = [...document.querySelectorAll('[data-testid=event]')].find(e => e.textContent.endsWith('Weekly team sync (moved to 16:00)') || e.textContent.endsWith('Weekly team sync')); if (e) e.click(); return !!e";
    eventually("an occurrence opened", || async { session.script(sync).await == serde_json::json!(true) }).await;
    session.click("event-edit").await;
    session.click("event-scope-series").await;
    let repeat = session.wait_for("event-form-repeat").await.prop("value").await.unwrap();
    assert_eq!(repeat.as_deref(), Some("weekly"));
    session.click("event-form-cancel").await;
    session.finish().await;
}
