//! The hardening a reviewer asks for, shown end to end: Tern refuses to run inside another
//! page's frame, and refuses a configuration that would send its tokens to a stranger.

use fantoccini::Locator;
use serde_json::json;
use tern_e2e::{dist_dir, plain_host, Session};

/// A stranger's page framing `path` of a host that sends none of Tern's headers.
async fn framed_by_a_stranger(session: &Session, path: &str, name: &str) {
    let careless = plain_host::serve(dist_dir()).await;
    let stranger = std::env::temp_dir().join(format!("tern-e2e-stranger-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&stranger).unwrap();
    let page = format!("<!doctype html><h1>Win a prize</h1><iframe id=tern width=800 height=600 src='{careless}{path}'></iframe>");
    std::fs::write(stranger.join("index.html"), page).unwrap();
    let stranger = plain_host::serve(stranger).await;
    session.browser.goto(&format!("{stranger}/")).await.unwrap();
    let frame = session.browser.wait().for_element(Locator::Id("tern")).await.unwrap();
    frame.enter_frame().await.unwrap();
    let notice = session.wait_for("framed-notice").await.text().await.unwrap();
    assert!(notice.contains("Tern does not run inside another page"), "{path}: {notice}");
    assert!(session.all("sign-in").await.is_empty(), "{path}: nothing to click but the way out");
    let stored = session.script("return Object.keys(sessionStorage).concat(Object.keys(localStorage))").await;
    assert_eq!(stored, json!([]), "{path}: nothing read or written");
    session.browser.enter_parent_frame().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_framed_tern_shows_a_notice_and_does_nothing_else() {
    let session = Session::start().await;
    framed_by_a_stranger(&session, "/", "page").await;
    // The host has no config.json; a Tern that ran would have asked for it and failed.
    session.expect_console_errors(&["/favicon.ico - Failed to load resource"]);
    session.finish().await;
}

/// The add-in's pane may be framed, but only by Outlook on the web: where the header is
/// missing, the pane checks its ancestors itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_add_in_pane_framed_by_anyone_but_outlook_shows_the_notice() {
    let session = Session::start().await;
    framed_by_a_stranger(&session, "/addin.html", "pane").await;
    session.expect_console_errors(&["/favicon.ico - Failed to load resource", "appsforoffice.microsoft.com/lib/1/hosted/office.js"]);
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_graph_base_that_is_not_microsofts_graph_is_refused_before_any_sign_in() {
    let session = Session::start().await;
    session
        .use_config(json!({
            "authority": "https://login.microsoftonline.com/common",
            "protocol": "microsoft",
            "graph_base": "https://graph.evil.example/v1.0",
        }))
        .await;
    session.open("/").await;
    assert_eq!(session.text_of("config-error-title").await, "Tern's configuration has settings that need fixing");
    let detail = session.text_of("config-error-detail").await;
    assert!(
        detail.contains("\"graph_base\" is https://graph.evil.example/v1.0") && detail.contains("https://graph.microsoft.com/v1.0"),
        "{detail}"
    );
    assert!(session.all("sign-in").await.is_empty());
    assert!(session.storage_keys("session").await.is_empty());
    session.finish().await;
}
