//! The Outlook add-in's pane (`addin.html`), built from the same wasm as Tern's own page.

use serde_json::json;
use tern_e2e::{eventually, Session};

/// A pane `width` px wide in Outlook with nested app authentication for Adele, signed in
/// through it (Outlook asks for her consent the first time).
async fn signed_in_pane(width: u32) -> Session {
    let setting = json!({ "host": "Outlook", "sets": [["Mailbox", "1.13"]], "naa": { "username": "adele@contoso.example" } });
    let session = Session::start_addin(width, 720, setting).await;
    session.open("/addin.html").await;
    session.click("sign-in").await;
    session.wait_for("profile-name").await;
    session
}

/// Outlook's ids for the first `count` messages of the inbox (in the EWS alphabet it hands
/// add-ins), with their Graph ids and subjects; the pane is left on its start page.
async fn inbox_items(session: &Session, count: usize) -> Vec<(String, String, String)> {
    session.open("/addin.html#/mail/inbox").await;
    session.wait_for("message-row").await;
    let script = format!(
        "return [...document.querySelectorAll('[data-testid=message-row]')].slice(0, {count}).map(r => [r.dataset.id, r.querySelector('[data-testid=row-subject]').textContent])"
    );
    let rows: Vec<(String, String)> = serde_json::from_value(session.script(&script).await).unwrap();
    session.open("/addin.html#/").await;
    rows.into_iter().map(|(rest, subject)| (rest.replace('-', "/").replace('_', "+"), rest, subject)).collect()
}

async fn select_in_outlook(session: &Session, ews_id: &str) {
    session.script(&format!("window.__officeStandInSelect({{ itemId: '{ews_id}', itemType: 'message' }}); return null")).await;
}

/// Without Office.js (blocked, offline, or no Office around) the pane says what it is and
/// leads to Tern, and touches no storage.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pane_without_office_says_what_it_is_and_leads_to_tern() {
    let session = Session::start_with_window(340, 720).await;
    session.expect_console_errors(&["appsforoffice.microsoft.com/lib/1/hosted/office.js"]);
    session.open("/addin.html").await;
    session.wait_for("outside-office").await;
    assert!(session.text_of("outside-office-reason").await.contains("Office.js"));
    assert!(session.storage_keys("session").await.is_empty(), "nothing stored in the tab");
    assert!(session.storage_keys("local").await.is_empty(), "nor kept in the browser");
    session.click("outside-office-open").await;
    session.wait_for("landing").await;
    session.finish().await;
}

/// With Office.js loaded but no Office around it, the pane says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pane_opened_outside_office_says_so() {
    let session = Session::start_addin(340, 720, json!({ "host": null })).await;
    session.open("/addin.html").await;
    session.wait_for("outside-office").await;
    assert!(session.text_of("outside-office-reason").await.contains("opened outside Outlook"));
    session.finish().await;
}

/// In Outlook, Tern starts once Office is ready, with the History API that Office.js takes
/// away given back, and fits the pane.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_outlook_the_pane_starts_tern_with_the_history_api_back() {
    let session = Session::start_addin(340, 720, json!({ "host": "Outlook", "sets": [["Mailbox", "1.13"]] })).await;
    session.open("/addin.html").await;
    session.wait_for("landing").await;
    let history = session.script("return [typeof history.pushState, typeof history.replaceState, typeof Office]").await;
    assert_eq!(history, json!(["function", "function", "object"]));
    assert_eq!(session.script("return document.title").await, json!("Tern for Outlook"));
    assert!(session.script("return document.documentElement.scrollWidth <= window.innerWidth").await == true);
    session.finish().await;
}

/// Inside Outlook with nested app authentication, Outlook signs Tern in: the pane never
/// leaves for the sign-in page. The first time, Outlook must ask the person for consent
/// (`USER_INTERACTION_REQUIRED`, then `GetTokenPopup`); after a reload it signs in quietly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outlook_signs_tern_in_through_nested_app_authentication() {
    let session = signed_in_pane(340).await;
    assert_eq!(session.content_of("account-name").await, "Adele Vance");
    let asked = session.script("return window.__naaRequests").await;
    assert_eq!(asked, json!(["GetToken", "GetToken", "GetTokenPopup"]), "quietly at start, then asked, then Outlook asked the person");
    assert!(session.browser.current_url().await.unwrap().path().ends_with("/addin.html"), "never left the pane");
    assert_eq!(session.token_requests().await, 0, "no token request of Tern's own");
    assert!(session.storage_keys("session").await.is_empty() && session.storage_keys("local").await.is_empty(), "tokens only in memory");
    session.open("/addin.html#/mail/inbox").await;
    session.wait_for("message-row").await;
    session.browser.refresh().await.unwrap();
    session.wait_for("message-row").await;
    assert_eq!(session.script("return window.__naaRequests").await, json!(["GetToken"]), "after a reload: signed in quietly");
    session.finish().await;
}

/// When the person cancels in Outlook, the pane says so in words and what comes next.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outlook_refusing_to_sign_tern_in_is_explained() {
    let setting = json!({ "host": "Outlook", "naa": { "username": "adele@contoso.example", "refuse": "USER_CANCEL" } });
    let session = Session::start_addin(340, 720, setting).await;
    session.open("/addin.html").await;
    session.click("sign-in").await;
    let said = session.text_of("sign-in-error").await;
    assert!(said.contains("Outlook did not sign Tern in") && said.contains("Signing in was cancelled"), "{said}");
    assert_eq!(session.browser.windows().await.unwrap().len(), 1, "the person said no: no other window");
    session.finish().await;
}

/// Waits for Office's dialog to open beside the pane, and returns its window.
async fn dialog_window(session: &Session, pane: &fantoccini::wd::WindowHandle) -> fantoccini::wd::WindowHandle {
    for _ in 0..100 {
        let windows = session.browser.windows().await.unwrap();
        if let Some(dialog) = windows.into_iter().find(|window| window != pane) {
            return dialog;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no dialog opened");
}

/// Opens the pane set up by `setting`, and signs in through Office's dialog as the person
/// would; returns with the keyboard back on the pane.
async fn through_the_dialog(setting: serde_json::Value) -> (Session, fantoccini::wd::WindowHandle) {
    let session = Session::start_addin(340, 720, setting).await;
    session.open("/addin.html").await;
    let pane = session.browser.window().await.unwrap();
    session.click("sign-in").await;
    let dialog = dialog_window(&session, &pane).await;
    session.browser.switch_to_window(dialog).await.unwrap();
    session.wait_for("signin-username").await.send_keys("adele@contoso.example").await.unwrap();
    session.wait_for("signin-password").await.send_keys("demo").await.unwrap();
    session.wait_for("signin-submit").await.click().await.unwrap();
    session.wait_for("consent-accept").await.click().await.unwrap();
    session.browser.switch_to_window(pane.clone()).await.unwrap();
    (session, pane)
}

async fn sign_in_through_the_dialog(setting: serde_json::Value) {
    let (session, pane) = through_the_dialog(setting).await;
    session.wait_for("profile-name").await;
    assert_eq!(session.content_of("account-name").await, "Adele Vance");
    eventually("the dialog closed", || async { session.browser.windows().await.unwrap() == [pane.clone()] }).await;
    assert!(session.storage_keys("session").await.is_empty() && session.storage_keys("local").await.is_empty(), "tokens only in memory");
    session.open("/addin.html#/mail/inbox").await;
    session.wait_for("message-row").await;
    session.finish().await;
}

/// Without nested app authentication, Office's dialog signs Tern in: a window of the
/// pane's own origin runs the usual sign-in and hands the tokens to the pane, which checks
/// the ID token again and keeps them in memory only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_nested_authentication_the_office_dialog_signs_tern_in() {
    sign_in_through_the_dialog(json!({ "host": "Outlook" })).await;
}

/// Where Outlook has the bridge but will not sign Tern in through it, the dialog takes over.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_outlook_refuses_nested_authentication_the_dialog_takes_over() {
    let refusing = json!({ "username": "adele@contoso.example", "refuse": "NESTED_APP_AUTH_UNAVAILABLE" });
    sign_in_through_the_dialog(json!({ "host": "Outlook", "naa": refusing })).await;
}

/// An answer Office says came from another origin is not taken, tokens or not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dialog_answer_from_another_origin_is_ignored() {
    let (session, _) = through_the_dialog(json!({ "host": "Outlook", "dialog": { "origin": "https://evil.example" } })).await;
    let said = session.text_of("sign-in-error").await;
    assert!(said.contains("https://evil.example was ignored"), "{said}");
    assert!(session.all("account").await.is_empty(), "nobody signed in");
    session.finish().await;
}

/// Each way Office's dialog can fail is said in words, with what to do.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dialog_that_cannot_open_or_is_closed_is_explained() {
    let session = Session::start_addin(340, 720, json!({ "host": "Outlook", "dialog": { "refuse": 12011 } })).await;
    session.open("/addin.html").await;
    session.click("sign-in").await;
    let said = session.text_of("sign-in-error").await;
    assert!(said.contains("blocked the sign-in window as a pop-up") && said.contains("12011"), "{said}");
    session.finish().await;

    let session = Session::start_addin(340, 720, json!({ "host": "Outlook" })).await;
    session.open("/addin.html").await;
    let pane = session.browser.window().await.unwrap();
    session.click("sign-in").await;
    let dialog = dialog_window(&session, &pane).await;
    session.browser.switch_to_window(dialog).await.unwrap();
    session.wait_for("signin-username").await;
    session.browser.switch_to_window(pane).await.unwrap();
    session.script("window.__officeStandInCloseDialog(); return null").await;
    let said = session.text_of("sign-in-error").await;
    assert!(said.contains("closed before signing in finished"), "{said}");
    session.finish().await;
}

/// The message Outlook has open shows beside Tern, found in Graph from Outlook's EWS id;
/// a pinned pane follows the person to the next message. Beside it: "Add to To Do" files a
/// task linked to it, the sender is shown among the contacts or added, today's agenda,
/// and "Schedule a meeting" opens the calendar's form with the message's people.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pane_shows_the_open_message_follows_item_changes_and_adds_it_to_to_do() {
    let session = signed_in_pane(320).await;
    assert_eq!(session.text_of("open-item-none").await, "Open a message in Outlook to act on it here.");
    let rows = inbox_items(&session, 2).await;
    for (ews, _, subject) in &rows {
        select_in_outlook(&session, ews).await;
        eventually(&format!("{subject} beside Tern"), || async {
            session.all("open-item-subject").await.len() == 1 && session.text_of("open-item-subject").await == *subject
        })
        .await;
    }
    let (_, rest, subject) = &rows[1];
    let link = session.script("return document.querySelector('[data-testid=open-item-open]').getAttribute('href')").await;
    assert_eq!(link, json!(format!("#/mail/inbox/{}", rest.replace('=', "%3D"))), "the whole of Tern one tap away");
    session.click("open-item-todo").await;
    assert_eq!(session.text_of("open-item-said").await, "Added to your To Do list, linked to this message.");
    // Usable in Outlook's narrowest pane: nothing sideways, nothing axe calls serious.
    assert!(session.script("return document.documentElement.scrollWidth <= window.innerWidth").await == true);
    assert_eq!(session.axe_violations().await, Vec::<serde_json::Value>::new(), "the pane beside a message");
    // Today's agenda beside it, and the sender as a contact: shown, or added.
    session.wait_for("open-item-agenda").await;
    let sender = session.text_of("open-item-from").await;
    if session.first_of(&["open-item-add-contact", "open-item-contact"]).await == "open-item-add-contact" {
        session.click("open-item-add-contact").await;
        assert_eq!(session.text_of("open-item-said").await, "The sender is now in your contacts.");
    }
    eventually("the sender among the contacts", || async {
        session.all("open-item-contact").await.len() == 1 && session.text_of("open-item-contact").await.contains(&sender)
    })
    .await;
    // A meeting with the message's people opens in the calendar's form.
    session.click("open-item-meeting").await;
    session.wait_for("event-form").await;
    assert_eq!(session.hash().await, "#/calendar/agenda");
    let field = |id: &'static str| {
        let session = &session;
        async move { session.script(&format!("return document.querySelector('[data-testid={id}]').value")).await }
    };
    assert_eq!(field("event-form-subject").await, json!(subject));
    let attendees = field("event-form-attendees").await;
    let attendees = attendees.as_str().unwrap_or_default();
    assert!(!attendees.is_empty() && !attendees.contains("adele@contoso.example"), "the message's people, not me: {attendees}");
    session.click("event-form-cancel").await;

    session.open("/addin.html#/tasks").await;
    let wanted = format!("Follow up: {subject}");
    eventually("the task listed", || async {
        let titles = session.script("return [...document.querySelectorAll('[data-testid=task-title]')].map(t => t.textContent)").await;
        titles.as_array().is_some_and(|titles| titles.iter().any(|title| title == &json!(wanted)))
    })
    .await;
    session.finish().await;
}

/// Beside a message being written, a contact's address goes into To or Cc, and an event's
/// details into the body, through Outlook's own calls (`addAsync`, `setSelectedDataAsync`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_writing_a_contact_and_an_event_go_into_the_message() {
    let session = signed_in_pane(340).await;
    session.script("window.__officeStandInCompose(); return null").await;
    session.wait_for("open-item-composing").await;

    session.open("/addin.html#/contacts").await;
    session.click_css("[data-testid=contact-row]").await;
    let name = session.text_of("contact-name").await;
    let address = session.text_of("contact-email").await;
    session.click("contact-add-to").await;
    assert_eq!(session.text_of("compose-in-outlook-said").await, "Added to To.");
    session.click("contact-add-cc").await;
    let composed = session.script("return window.__officeStandInComposed").await;
    let person = json!([{ "displayName": name, "emailAddress": address }]);
    assert_eq!(composed["to"], person);
    eventually("the Cc too", || async { session.script("return window.__officeStandInComposed.cc.length").await == json!(1) }).await;

    session.open("/addin.html#/calendar/agenda").await;
    session.click_css("[data-testid=event]").await;
    let subject = session.text_of("event-subject").await;
    session.click("event-insert").await;
    assert_eq!(session.text_of("compose-in-outlook-said").await, "Put into the message.");
    let body = session.script("return window.__officeStandInComposed.body").await;
    let body = body.as_str().unwrap_or_default();
    assert!(body.starts_with(&format!("{subject}\nWhen: ")), "{body}");
    session.finish().await;
}

/// An impatient person opens a message and, before Graph has found it, the next one: the
/// pane ends on the message opened last, and the late answer for the first never takes over.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_answer_for_an_earlier_message_never_takes_over() {
    let session = signed_in_pane(340).await;
    let rows = inbox_items(&session, 2).await;
    let ((first, _, _), (second, _, wanted)) = (&rows[0], &rows[1]);
    session.control("PUT", "/_emulator/faults", r#"{"latency_ms":1500}"#).await;
    select_in_outlook(&session, first).await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    session.control("PUT", "/_emulator/faults", r#"{"latency_ms":0}"#).await;
    select_in_outlook(&session, second).await;
    eventually("the second message beside Tern", || async {
        session.all("open-item-subject").await.len() == 1 && session.text_of("open-item-subject").await == *wanted
    })
    .await;
    // By now the slow answers for the first message have arrived.
    tokio::time::sleep(std::time::Duration::from_millis(3_500)).await;
    assert_eq!(session.text_of("open-item-subject").await, *wanted);
    session.finish().await;
}
