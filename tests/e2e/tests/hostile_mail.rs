//! Hostile mail end to end: every vector of `tests/fixtures/xss/` opened in the reading pane of
//! the release build runs no script and reaches no other host; a tracking pixel is fetched
//! only after "Show images". A recording server on loopback stands for the attacker.

use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tern_e2e::{seeded_inbox, Session};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Counts every connection made to it and answers each with an empty 404.
async fn tracker() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buffer = [0u8; 2048];
                let _ = stream.read(&mut buffer).await;
                let _ = stream.write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").await;
            });
        }
    });
    (origin, hits)
}

fn html_message(subject: &str, html: &str, minutes_ago: usize) -> Value {
    json!({
        "subject": subject,
        "body": { "contentType": "html", "content": html },
        "from": { "emailAddress": { "name": "Mallory", "address": "mallory@evil.example" } },
        "toRecipients": [{ "emailAddress": { "name": "Adele Vance", "address": "adele@contoso.example" } }],
        "receivedDateTime": format!("2026-11-19T{:02}:{:02}:00Z", 23 - minutes_ago / 60, 59 - minutes_ago % 60),
        "isRead": false,
    })
}

async fn signed_in_with(data: std::path::PathBuf) -> Session {
    let session = Session::start_with(|options| options.data = Some(data)).await;
    session.open("/").await;
    session.sign_in("adele@contoso.example").await;
    session.open("/#/mail/inbox").await;
    session.wait_for("message-row").await;
    session
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_hostile_vector_runs_script_or_reaches_another_host() {
    let (origin, hits) = tracker().await;
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/xss/vectors.json");
    let vectors: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(path).expect("tests/fixtures/xss/vectors.json")).unwrap();
    let messages: Vec<Value> = vectors
        .iter()
        .enumerate()
        .map(|(index, vector)| {
            let html = vector["html"].as_str().unwrap().replace("{{TRACKER}}", &origin);
            html_message(vector["id"].as_str().unwrap(), &html, index)
        })
        .collect();
    let session = signed_in_with(seeded_inbox(&format!("hostile-{}", messages.len()), messages)).await;
    // Some vectors carry markup that a second parse in the frame turns into an event
    // handler; the frame's own policy refuses to run it, and Chromium reports the refusal.
    // The refusal is the defence working (this test still fails on any script that runs).
    session.expect_console_errors(&["Executing inline event handler violates the following Content Security Policy directive"]);
    session
        .script(
            "window.__tern_xss = false; window.alert = window.confirm = window.prompt = () => { window.__tern_xss = true; }; return null",
        )
        .await;
    let mut opened = Vec::new();
    for vector in &vectors {
        // A vector may move focus into its frame; the shortcut belongs to the page.
        session
            .script("if (document.activeElement && document.activeElement.tagName === 'IFRAME') document.activeElement.blur(); return null")
            .await;
        session.press("j").await;
        let id = vector["id"].as_str().unwrap();
        let mut shown = String::new();
        for _ in 0..50 {
            shown = session
                .script("const s = document.querySelector('[data-testid=message-subject]'); return s ? s.textContent : ''")
                .await
                .as_str()
                .unwrap_or("")
                .to_owned();
            if shown == id && session.script("return document.querySelector('[data-testid=message-body]') !== null").await == true {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(shown, id, "vector {id} opened in order");
        opened.push(id.to_owned());
        assert_eq!(hits.load(Ordering::SeqCst), 0, "a request reached the tracker by vector {id}");
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(opened.len(), vectors.len());
    assert_eq!(hits.load(Ordering::SeqCst), 0, "a request reached the tracker");
    assert_eq!(session.script("return window.__tern_xss").await, false, "a dialog was called");
    let console = session.console().await;
    assert!(!console.iter().any(|line| line.contains("__tern_xss")), "{console:?}");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tracking_pixel_is_fetched_only_after_show_images() {
    let (origin, hits) = tracker().await;
    let html = format!(
        "<p>Big sale!</p><img src=\"{origin}/pixel.gif?u=adele\" width=1 height=1><div style=\"background:url({origin}/bg.png)\">x</div>"
    );
    let session = signed_in_with(seeded_inbox("hostile-pixel", vec![html_message("Big sale", &html, 1)])).await;
    // After Show images the pixels are asked for, and the stand-in tracker has none.
    session.expect_console_errors(&["/pixel.gif?u=adele - Failed to load resource", "/bg.png - Failed to load resource"]);
    session.press("j").await;
    session.wait_for("message-body").await;
    let blocked = session.text_of("blocked-images").await;
    assert!(blocked.starts_with('2'), "{blocked}");
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    assert_eq!(hits.load(Ordering::SeqCst), 0, "nothing fetched before the person asks");
    session.click("show-images").await;
    for _ in 0..50 {
        if hits.load(Ordering::SeqCst) > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(hits.load(Ordering::SeqCst) > 0, "the images load once shown");
    session.finish().await;
}

/// A picture behind `cid:` is shown as the raster image it claims to be (its `blob:` typed
/// by Tern's allow-list, `core/src/mail/attachments.rs`); an HTML part behind `cid:` is not
/// shown at all, since a `blob:` URL of it would open as a page of Tern's origin.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_raster_pictures_behind_cid_are_shown_and_as_pictures() {
    const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    // "<script>parent.alert(1)</script>" in base64.
    const PAGE: &str = "PHNjcmlwdD5wYXJlbnQuYWxlcnQoMSk8L3NjcmlwdD4=";
    let mut message = html_message(
        "Invoice with pictures",
        r#"<p>Logo: <img alt="logo" src="cid:logo@x"></p><p><a href="cid:page@x">Open the invoice</a><img alt="page" src="cid:page@x"></p>"#,
        1,
    );
    message["hasAttachments"] = json!(true);
    message["attachments"] = json!([
        {"@odata.type": "#microsoft.graph.fileAttachment", "name": "logo.png", "contentType": "image/PNG; name=logo.png",
         "isInline": true, "contentId": "logo@x", "contentBytes": PNG},
        {"@odata.type": "#microsoft.graph.fileAttachment", "name": "invoice.html", "contentType": "text/html",
         "isInline": true, "contentId": "page@x", "contentBytes": PAGE},
    ]);
    let session = signed_in_with(seeded_inbox("hostile-cid", vec![message])).await;
    session.press("j").await;
    session.wait_for("message-body").await;
    let srcdoc = "return document.querySelector('[data-testid=message-body]').srcdoc";
    tern_e2e::eventually("the logo shown", || async { session.script(srcdoc).await.as_str().unwrap_or_default().contains("src=\"blob:") })
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let html = session.script(srcdoc).await.as_str().unwrap_or_default().to_owned();
    assert_eq!(html.matches("=\"blob:").count(), 1, "only the picture became a blob: URL: {html}");
    let fetched = "return performance.getEntriesByType('resource').filter(e => e.name.includes('/attachments/') && e.name.endsWith('/$value')).length";
    assert_eq!(session.script(fetched).await, json!(1), "the HTML part was never even fetched");
    let loaded = "const d = document.querySelector('[data-testid=message-body]').contentDocument; \
                  const img = d && d.querySelector('img[alt=logo]'); return img ? img.complete && img.naturalWidth : 0";
    tern_e2e::eventually("the logo decoded as a picture", || async { session.script(loaded).await == json!(1) }).await;
    session.finish().await;
}
