//! The first things a person meets: the landing screen, navigation, broken configuration.

use tern_e2e::{dist_dir, Session};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn landing_screen_explains_tern_and_what_it_will_ask_for() {
    let session = Session::start().await;
    session.open("/").await;
    session.wait_for("landing").await;
    assert_eq!(session.text_of("tagline").await, "A fast, private Outlook client that runs entirely in your browser.");
    let permissions = session.all("permission").await;
    let mut texts = Vec::new();
    for permission in &permissions {
        texts.push(permission.text().await.unwrap());
    }
    assert_eq!(texts.len(), 10, "{texts:?}");
    assert!(texts.iter().any(|t| t == "Send mail as you Mail.Send"), "{texts:?}");
    assert!(texts.iter().any(|t| t.starts_with("Sign you in")), "{texts:?}");
    let provider = session.text_of("provider").await;
    assert!(provider.contains("127.0.0.1"), "{provider}");
    assert!(provider.contains("only in this tab"), "{provider}");
    let sign_in = session.wait_for("sign-in").await;
    assert_eq!(sign_in.text().await.unwrap(), "Sign in with Microsoft");
    assert!(sign_in.is_enabled().await.unwrap());
    assert_eq!(session.all("panic-banner").await.len(), 0);
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_runs_under_its_own_strict_content_security_policy() {
    let session = Session::start().await;
    session.open("/").await;
    // The app rendering at all proves the loader's hash is in the policy.
    session.wait_for("landing").await;
    let policy = session.script("return document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content").await;
    let policy = policy.as_str().unwrap();
    assert!(!policy.contains("TERN_INLINE_SCRIPT_HASHES"), "{policy}");
    assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"), "{policy}");
    assert!(!policy.replace("'wasm-unsafe-eval'", "").contains("'unsafe-eval'"), "{policy}");
    let script_src = policy.split(';').find(|directive| directive.trim().starts_with("script-src")).unwrap();
    assert!(!script_src.contains("'unsafe-inline'"), "no inline script but the hashed loader: {policy}");
    let referrer = session.script("return document.querySelector('meta[name=referrer]').content").await;
    assert_eq!(referrer, "no-referrer");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn navigation_follows_the_hash_and_keeps_the_place() {
    let session = Session::start().await;
    session.open("/").await;
    session.wait_for("landing").await;
    session.wait_for("nav-mail").await.click().await.unwrap();
    session.wait_for("area-mail").await;
    assert_eq!(session.hash().await, "#/mail/inbox");
    let current = session.wait_for("nav-mail").await.attr("aria-current").await.unwrap();
    assert_eq!(current.as_deref(), Some("page"));
    session.wait_for("nav-tasks").await.click().await.unwrap();
    session.wait_for("area-tasks").await;
    session.browser.back().await.unwrap();
    session.wait_for("area-mail").await;

    // A reload keeps the place the person was at.
    session.open("/#/calendar/month/2026-11-23").await;
    session.wait_for("area-calendar").await;
    session.browser.refresh().await.unwrap();
    session.wait_for("area-calendar").await;
    assert_eq!(session.hash().await, "#/calendar/month/2026-11-23");

    session.open("/#/nowhere/at-all").await;
    assert_eq!(session.text_of("not-found-hash").await, "#/nowhere/at-all");
    session.wait_for("go-home").await.click().await.unwrap();
    session.wait_for("landing").await;
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_config_json_gets_a_readable_screen() {
    let session = Session::start().await;
    session.expect_console_errors(&["/config.json - Failed to load resource: the server responded with a status of 404"]);

    assert_eq!(session.control("DELETE", "/_emulator/app-config", "").await, 204);
    session.open("/").await;
    assert_eq!(session.text_of("config-error-title").await, "Tern's configuration file is missing");
    let detail = session.text_of("config-error-detail").await;
    assert!(detail.contains("/config.json answered HTTP 404"), "{detail}");
    assert!(session.text_of("config-error-advice").await.contains("config.example.json"));

    session.control("PUT", "/_emulator/app-config", "{\n  \"client_id\": \"x\",\n}").await;
    session.click_and_wait_for_reload("reload").await;
    assert_eq!(session.text_of("config-error-title").await, "Tern's configuration file is not valid JSON settings");
    assert!(session.text_of("config-error-detail").await.starts_with("Line 3, column 1:"));

    let wrong =
        r#"{"client_id": "7e2f9a4c-1d3b-4c5e-8f6a-9b0c1d2e3f4a", "authority": "http://login.example.org/common", "token_cache": "cookie"}"#;
    session.control("PUT", "/_emulator/app-config", wrong).await;
    session.browser.refresh().await.unwrap();
    session.wait_for("config-error").await;
    assert_eq!(session.text_of("config-error-title").await, "Tern's configuration has settings that need fixing");
    let mut details = Vec::new();
    for element in session.all("config-error-detail").await {
        details.push(element.text().await.unwrap());
    }
    assert_eq!(details.len(), 2, "{details:?}");
    assert!(details[0].starts_with("\"authority\" is \"http://login.example.org/common\", which must use https://"), "{details:?}");
    assert!(details[1].starts_with("\"token_cache\" is \"cookie\""), "{details:?}");
    assert_eq!(session.all("panic-banner").await.len(), 0);

    session.control("POST", "/_emulator/reset", "").await;
    session.browser.refresh().await.unwrap();
    session.wait_for("landing").await;
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fits_a_320_pixel_task_pane_without_sideways_scrolling() {
    let session = Session::start_with_window(320, 700).await;
    session.open("/").await;
    session.wait_for("landing").await;
    let overflow = session.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth").await;
    assert_eq!(overflow.as_i64(), Some(0));
    session.finish().await;
}

#[test]
fn the_build_refers_to_its_files_relatively_so_any_sub_path_works() {
    for page in ["index.html", "addin.html"] {
        let html = std::fs::read_to_string(dist_dir().join(page)).unwrap();
        for attribute in ["href=\"", "src=\""] {
            for (index, _) in html.match_indices(attribute) {
                let rest = &html[index + attribute.len()..];
                let office_js = page == "addin.html" && rest.starts_with("https://appsforoffice.microsoft.com/");
                assert!(rest.starts_with("./") || office_js, "{page}: absolute reference: {}", &rest[..rest.len().min(40)]);
            }
        }
        // The loader names the builds it may start, as JSON strings.
        assert!(html.contains("\"./tern-"), "{page} names no build to load: {html}");
        assert!(!html.contains("\"/tern"), "{page}: an absolute build address: {html}");
    }
}
