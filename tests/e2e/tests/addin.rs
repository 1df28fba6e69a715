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

/// Inside Outlook with nested app authentication, Outlook signs Tern in: the pane never
/// leaves for the sign-in page. The first time, Outlook must ask the person for consent
/// (`USER_INTERACTION_REQUIRED`, then `GetTokenPopup`); after a reload it signs in quietly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outlook_signs_tern_in_through_nested_app_authentication() {
    let setting = json!({ "host": "Outlook", "sets": [["Mailbox", "1.13"]], "naa": { "username": "adele@contoso.example" } });
    let session = Session::start_addin(340, 720, setting).await;
    session.open("/addin.html").await;
    session.click("sign-in").await;
    session.wait_for("profile-name").await;
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

/// When Outlook refuses, the pane says why in words and what comes next.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outlook_refusing_to_sign_tern_in_is_explained() {
    let setting = json!({ "host": "Outlook", "naa": { "username": "adele@contoso.example", "refuse": "ACCOUNT_UNAVAILABLE" } });
    let session = Session::start_addin(340, 720, setting).await;
    session.open("/addin.html").await;
    session.click("sign-in").await;
    let said = session.text_of("sign-in-error").await;
    assert!(said.contains("Outlook did not sign Tern in") && said.contains("not available to Tern"), "{said}");
    session.finish().await;
}
