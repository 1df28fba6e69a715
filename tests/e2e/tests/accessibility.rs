//! Every screen checked by axe-core (vendored in `tests/e2e/axe/`, licence beside it) at a
//! wide and an add-in width, in the light and the dark theme: a violation of impact
//! "serious" or "critical" fails the test, named with where it is.

use serde_json::{json, Value};
use std::time::Duration;
use tern_e2e::{eventually, Session};

/// Lets frames and late answers arrive before the page is judged.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(400)).await;
}

/// Walks every screen and returns what axe found on each, as `(screen, violations)`.
async fn walk(session: &Session) -> Vec<(String, Vec<Value>)> {
    let mut found = Vec::new();
    let mut check = |name: &str, list: Vec<Value>| found.push((name.to_owned(), list));
    // A forged answer, on a fresh load: what the sign-in error screen is for.
    session.open("/#code=forged-code&state=forged-state").await;
    session.wait_for("auth-error").await;
    check("sign-in error", session.axe_violations().await);

    session.browser.refresh().await.unwrap();
    session.wait_for("landing").await;
    check("landing", session.axe_violations().await);

    session.sign_in("adele@contoso.example").await;
    session.open("/#/settings").await;
    session.wait_for("settings-time-zone").await;
    check("home and settings", session.axe_violations().await);
    // The Developer section opened: a token revealed, the console and a call's details.
    session.click_css("[data-testid=token][data-kind='Access token'] [data-testid=token-reveal]").await;
    session.click("request-log-toggle").await;
    session.wait_for("request-log-details").await.click().await.unwrap();
    session.wait_for("request-details").await;
    check("developer section", session.axe_violations().await);

    session.open("/#/mail-programs").await;
    session.wait_for("mail-programs-servers").await;
    check("mail programs", session.axe_violations().await);

    session.open("/#/mail/inbox").await;
    session.wait_for("message-row").await;
    settle().await;
    check("mail list", session.axe_violations().await);
    session.click_css("[data-testid=message-row]").await;
    session.wait_for("message-body").await;
    settle().await;
    check("open message", session.axe_violations().await);
    session.open("/#/mail/inbox").await;
    session.wait_for("new-message").await.click().await.unwrap();
    session.wait_for("compose").await;
    check("compose", session.axe_violations().await);
    session.click("compose-discard").await;

    for view in ["week", "month", "agenda"] {
        session.open(&format!("/#/calendar/{view}/2026-11-16")).await;
        session.wait_for("calendar-title").await;
        eventually("the demo week's events", || async { !session.all("event").await.is_empty() || view == "agenda" }).await;
        settle().await;
        check(&format!("calendar {view}"), session.axe_violations().await);
    }
    session.click("new-event").await;
    session.wait_for("event-form").await;
    check("event form", session.axe_violations().await);
    session.click("event-form-cancel").await;

    session.open("/#/contacts").await;
    session.wait_for("contact-row").await;
    check("contacts", session.axe_violations().await);
    session.click("new-contact").await;
    session.wait_for("contact-form").await;
    check("contact form", session.axe_violations().await);
    session.click("contact-form-cancel").await;

    session.open("/#/tasks").await;
    session.wait_for("task").await;
    check("tasks", session.axe_violations().await);
    session.click("task-open").await;
    session.wait_for("task-editor").await;
    check("task editor", session.axe_violations().await);
    session.click("task-edit-close").await;
    found
}

async fn check_at(width: u32, height: u32) {
    for dark in [false, true] {
        let session = Session::start_with_window(width, height).await;
        session.prefer_dark(dark).await;
        let found: Vec<(String, Vec<Value>)> = walk(&session).await.into_iter().filter(|(_, list)| !list.is_empty()).collect();
        let scheme = session.script("return matchMedia('(prefers-color-scheme: dark)').matches").await;
        assert_eq!(scheme, json!(dark), "the page saw the theme asked for");
        assert!(found.is_empty(), "at {width} px, {} theme: {}", if dark { "dark" } else { "light" }, json!(found));
        session.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_screen_passes_axe_at_1366_pixels_in_both_themes() {
    check_at(1366, 800).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_screen_passes_axe_in_a_340_pixel_pane_in_both_themes() {
    check_at(340, 720).await;
}
