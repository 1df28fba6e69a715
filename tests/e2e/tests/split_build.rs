//! Two builds: a signed-out person downloads only the small first screen, and the full app
//! while that screen sits idle; a sign-in answer, a signed-in reload and the add-in's pane
//! start the full app directly.

use tern_e2e::{eventually, Session};

const ADELE: &str = "adele@contoso.example";

/// The WebAssembly files this document fetched, each with what fetched it: `fetch` for a
/// build that started, `link` for the idle prefetch.
async fn wasm_fetched(session: &Session) -> Vec<(String, String)> {
    let entries = session
        .script(
            "return performance.getEntriesByType('resource').filter(e => e.name.endsWith('.wasm'))\
             .map(e => [e.name.split('/').pop(), e.initiatorType])",
        )
        .await;
    let entries: Vec<(String, String)> = serde_json::from_value(entries).unwrap();
    entries
}

fn is_first_screen(file: &str) -> bool {
    file.starts_with("tern-first-screen-")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_out_visit_starts_the_first_screen_and_fetches_the_full_app_only_when_idle() {
    let session = Session::start().await;
    session.open("/").await;
    session.wait_for("landing").await;
    eventually("the full app is prefetched", || async {
        session.script("return document.querySelectorAll('link[data-tern-prefetch]').length").await == 2
    })
    .await;
    let fetched = wasm_fetched(&session).await;
    let started: Vec<_> = fetched.iter().filter(|(_, by)| by != "link").map(|(file, _)| file.as_str()).collect();
    assert_eq!(started.len(), 1, "{fetched:?}");
    assert!(is_first_screen(started[0]), "only the first screen starts: {fetched:?}");
    assert!(fetched.iter().all(|(file, by)| is_first_screen(file) || by == "link"), "{fetched:?}");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_in_answer_and_a_signed_in_reload_start_the_full_app_directly() {
    let session = Session::start().await;
    session.open("/#/calendar").await;
    session.sign_in(ADELE).await;
    let after_sign_in = wasm_fetched(&session).await;
    assert_eq!(after_sign_in.len(), 1, "{after_sign_in:?}");
    assert!(!is_first_screen(&after_sign_in[0].0), "the answer goes to the full app: {after_sign_in:?}");
    assert_eq!(session.hash().await, "#/calendar", "the place is kept");
    session.open("/#/mail").await;
    session.wait_for("account").await;
    let after_reload = wasm_fetched(&session).await;
    assert_eq!(after_reload.len(), 1, "{after_reload:?}");
    assert!(!is_first_screen(&after_reload[0].0), "a signed-in reload starts the full app: {after_reload:?}");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn once_signed_out_a_visit_is_the_small_first_screen_again() {
    let session = Session::start().await;
    session.open("/").await;
    session.sign_in(ADELE).await;
    session.sign_out().await;
    session.wait_for("landing").await;
    session.open("/").await;
    session.wait_for("landing").await;
    let fetched = wasm_fetched(&session).await;
    assert!(fetched.iter().any(|(file, by)| is_first_screen(file) && by != "link"), "signed out, a reload is small again: {fetched:?}");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_builds_draw_the_same_landing_page_and_bar() {
    let session = Session::start().await;
    let drawn = || async {
        session.wait_for("landing").await;
        let markup = session
            .script("return [document.querySelector('.top-bar').innerHTML, document.querySelector('[data-testid=landing]').outerHTML]")
            .await;
        let builds = wasm_fetched(&session).await.into_iter().filter(|(_, by)| by != "link").map(|(file, _)| file).collect::<Vec<_>>();
        (markup, builds)
    };
    session.open("/").await;
    let (small, small_builds) = drawn().await;
    // Any query starts the full app, which shows the same landing page to a signed-out person.
    session.open("/?from=elsewhere").await;
    let (full, full_builds) = drawn().await;
    assert!(is_first_screen(&small_builds[0]) && !is_first_screen(&full_builds[0]), "{small_builds:?} {full_builds:?}");
    // Leptos leaves its wrapper and empty markers for what the bar may add later.
    let strip_wrapper = |bar: &str| bar.replace("<div class=\"dom-view\">", "").replace("</div>", "").replace("<!---->", "");
    assert_eq!(strip_wrapper(small[0].as_str().unwrap()), strip_wrapper(full[0].as_str().unwrap()));
    assert_eq!(small[1], full[1]);
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_screen_follows_the_hash_and_a_double_click_starts_one_sign_in() {
    let session = Session::start().await;
    session.open("/#/calendar").await;
    session.wait_for("area-calendar").await;
    assert_eq!(session.wait_for("nav-calendar").await.attr("aria-current").await.unwrap().as_deref(), Some("page"));
    session.click("nav-mail").await;
    session.wait_for("area-mail").await;
    session.script("history.back(); return null").await;
    session.wait_for("area-calendar").await;
    session.open("/#/no-such-place").await;
    session.wait_for("not-found").await;
    session.click("go-home").await;
    session.wait_for("landing").await;
    // The button is disabled by the first click, so the second finds nothing to do.
    session.script("const button = document.querySelector('[data-testid=sign-in]'); button.click(); button.click(); return null").await;
    session.wait_for("signin-username").await;
    let begun = session.storage_keys("session").await.into_iter().filter(|key| key.starts_with("tern:interaction:")).count();
    assert_eq!(begun, 1, "one sign-in under way");
    session.finish().await;
}
