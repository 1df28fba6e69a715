//! The Outlook add-in's pane (`addin.html`), built from the same wasm as Tern's own page.

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
