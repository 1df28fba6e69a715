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
