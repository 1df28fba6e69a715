//! Talking to Graph when Graph is having trouble.

use tern_e2e::Session;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outage_shows_retrying_and_the_calls_recover_without_hammering() {
    let session = Session::start().await;
    session.expect_console_errors(&["the server responded with a status of 503"]);
    session.open("/").await;
    session.sign_in("adele@contoso.example").await;
    assert_eq!(session.text_of("profile-name").await, "Adele Vance");

    session.control("PUT", "/_emulator/faults", r#"{"unavailable":3}"#).await;
    session.browser.refresh().await.unwrap();
    assert!(session.text_of("retrying").await.contains("retrying"));
    assert_eq!(session.text_of("profile-name").await, "Adele Vance");
    session.wait_for("profile-initials").await;
    let (_, left) = tern_e2e::http(&session.origin, "GET", "/_emulator/faults", "").await;
    assert!(left.contains("\"unavailable\":0"), "every planned 503 was met: {left}");
    for _ in 0..100 {
        if session.all("retrying").await.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(session.all("retrying").await.is_empty(), "the indicator goes away");
    session.click("request-log-toggle").await;
    let log = session.text_of("request-log").await;
    assert!(
        log.contains("GET /me") && log.contains("503") && log.contains("200"),
        "the troubleshooting log shows the outage and the recovery: {log}"
    );
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lasting_outage_ends_in_an_explained_error_with_its_ids() {
    let session = Session::start().await;
    session.expect_console_errors(&["the server responded with a status of 503"]);
    session.open("/").await;
    session.sign_in("adele@contoso.example").await;
    session.control("PUT", "/_emulator/faults", r#"{"unavailable":100}"#).await;
    session.browser.refresh().await.unwrap();
    let error = session.failure_text("profile-error").await;
    assert!(error.contains("Microsoft Graph is having trouble right now"), "{error}");
    assert!(error.contains("serviceNotAvailable"), "{error}");
    assert!(error.contains("client-request-id"), "{error}");
    let (_, left) = tern_e2e::http(&session.origin, "GET", "/_emulator/faults", "").await;
    let value: serde_json::Value = serde_json::from_str(&left).unwrap();
    let used = 100 - value["unavailable"].as_u64().unwrap();
    // The profile, the photo and the mailbox settings (automatic replies, read once for
    // Settings and the banner), five tries each.
    assert!(used <= 15, "bounded tries for three calls: {used}");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_answers_never_push_a_mailbox_past_four_calls_at_once() {
    let session = Session::start().await;
    session.open("/").await;
    session.sign_in("adele@contoso.example").await;
    session.control("PUT", "/_emulator/faults", r#"{"latency_ms":250}"#).await;
    // Start-up batches ten calls to the mailbox; opening a message adds several more.
    session.open("/#/mail/inbox").await;
    session.wait_for("message-row").await;
    session.press("j").await;
    session.wait_for("message-body").await;
    session.open("/#/calendar/week/2026-11-16").await;
    session.wait_for("event").await;
    let (_, faults) = tern_e2e::http(&session.origin, "GET", "/_emulator/faults", "").await;
    let faults: serde_json::Value = serde_json::from_str(&faults).unwrap();
    assert_eq!(faults["concurrency_refusals"], 0, "Outlook's limit was never met: {faults}");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_without_the_needed_permission_shows_the_403_explanation() {
    let session = Session::start().await;
    session.use_config(serde_json::json!({ "scopes": ["User.Read"] })).await;
    session.open("/").await;
    session.sign_in("adele@contoso.example").await;
    session.open("/#/mail/inbox").await;
    let error = session.failure_text("list-error").await;
    assert!(error.contains("Your account is not allowed to do this"), "{error}");
    assert!(error.contains("403"), "{error}");
    assert!(error.contains("ErrorAccessDenied"), "{error}");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_inbox_paints_after_one_round_trip_even_when_graph_is_slow() {
    let session = Session::start_with(|options| options.latency_ms = 400).await;
    session.open("/").await;
    session.sign_in("adele@contoso.example").await;
    session.wait_for("profile-name").await;
    // Watch for the first row, then go to the inbox within the page. Only calls asked for
    // after that count: the bar's photo, asked for at sign-in, may still be on its way.
    session
        .script(
            "window.__shown = null; window.__asked = performance.now();
             new MutationObserver((_, observer) => {
               if (document.querySelector('[data-testid=message-row]')) { window.__shown = performance.now(); observer.disconnect(); }
             }).observe(document.body, { childList: true, subtree: true });
             location.hash = '#/mail/inbox'; return null",
        )
        .await;
    session.wait_for("message-row").await;
    let finished = session
        .script(
            "return performance.getEntriesByType('resource')
               .filter(e => e.name.includes('/v1.0/') && e.startTime >= window.__asked && e.responseEnd <= window.__shown)
               .map(e => e.name.replace(/^.*\\/v1\\.0/, ''))",
        )
        .await;
    let finished: Vec<String> = serde_json::from_value(finished).unwrap();
    // The count of round trips is the property; how long they take is for the benchmark
    // (issue 15), never a test's timing.
    assert_eq!(finished, ["/$batch"], "Graph calls answered before the first row");
    session.finish().await;
}
