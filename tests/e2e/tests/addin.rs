//! The Outlook add-in's pane (`addin.html`), built from the same wasm as Tern's own page.

use serde_json::json;
use tern_e2e::Session;

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
