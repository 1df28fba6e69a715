//! Signing in through the emulator's identity pages, and every way it can go wrong.

use tern_e2e::Session;

const ADELE: &str = "adele@contoso.example";
const MEGAN: &str = "megan@contoso.example";
const TENANT: &str = "3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b";

async fn assert_no_tokens_kept(session: &Session) {
    let session_keys = session.storage_keys("session").await;
    assert!(session_keys.iter().all(|key| !key.starts_with("tern:account")), "tokens kept after a refused sign-in: {session_keys:?}");
    assert!(session.storage_keys("local").await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pkce_sign_in_shows_who_you_are_and_returns_to_the_same_place() {
    let session = Session::start().await;
    session.open("/#/calendar/week").await;
    session.wait_for("area-calendar").await;
    session.sign_in(ADELE).await;

    assert_eq!(session.content_of("account-name").await, "Adele Vance");
    assert_eq!(session.content_of("account-username").await, ADELE);
    assert!(session.content_of("account-tenant").await.contains(TENANT));
    assert_eq!(session.hash().await, "#/calendar/week", "back at the route the person left");
    let url = session.browser.current_url().await.unwrap().to_string();
    for secret in ["code=", "access_token", "id_token", "state="] {
        assert!(!url.contains(secret), "{secret} left in {url}");
    }
    assert_eq!(session.token_requests().await, 1, "one code redemption");

    // Default settings keep tokens in this tab's sessionStorage only.
    assert!(session.storage_keys("local").await.is_empty());
    let session_keys = session.storage_keys("session").await;
    assert!(session_keys.iter().any(|key| key.ends_with(":tokens")), "{session_keys:?}");
    assert!(session_keys.iter().all(|key| !key.starts_with("tern:interaction:")), "interaction left: {session_keys:?}");

    session.wait_for("brand").await.click().await.unwrap();
    assert_eq!(session.text_of("claim-preferred_username").await, ADELE);
    assert_eq!(session.text_of("profile-name").await, "Adele Vance");

    // No token reached the console either.
    let stored = session.all_stored_text().await;
    let access_token = stored
        .split("\\\"token\\\":\\\"")
        .nth(1)
        .and_then(|rest| rest.split("\\\"").next())
        .expect("an access token in sessionStorage")
        .to_owned();
    assert!(access_token.starts_with("eyJ"), "{access_token}");
    let console = session.console().await;
    // The missing photo's 404 shows the log is really being read.
    assert!(console.iter().any(|line| line.contains("404")), "{console:?}");
    for line in &console {
        assert!(!line.contains(&access_token) && !line.contains("eyJ"), "a token in the console: {line}");
    }
    assert_eq!(session.text_of("claim-tid").await, TENANT);
    assert!(!session.all("access-token").await.is_empty());
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn implicit_sign_in_works_for_registrations_that_use_it() {
    let session = Session::start().await;
    session.use_config(serde_json::json!({ "client_id": tern_emulator::IMPLICIT_CLIENT_ID, "flow": "implicit" })).await;
    session.open("/").await;
    assert!(session.text_of("implicit-warning").await.contains("may stay in this browser's history"));
    session.sign_in(MEGAN).await;
    assert_eq!(session.content_of("account-name").await, "Megan Bowen");
    assert!(session.text_of("refresh-token-state").await.contains("cannot be renewed silently"));
    assert_eq!(session.token_requests().await, 0, "the implicit flow uses no token endpoint");
    let url = session.browser.current_url().await.unwrap().to_string();
    assert!(!url.contains("access_token") && !url.contains("id_token"), "{url}");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_consent_explains_what_happened_and_offers_to_try_again() {
    let session = Session::start().await;
    session.open("/").await;
    session.wait_for("sign-in").await.click().await.unwrap();
    let username = session.wait_for("signin-username").await;
    username.send_keys(MEGAN).await.unwrap();
    session.wait_for("signin-password").await.send_keys("demo").await.unwrap();
    session.wait_for("signin-submit").await.click().await.unwrap();
    session.wait_for("consent-cancel").await.click().await.unwrap();

    assert_eq!(session.text_of("auth-error-title").await, "Sign-in did not complete");
    assert_eq!(session.text_of("auth-error-explanation").await, "You declined to give Tern the permissions it asked for.");
    let mut details = Vec::new();
    for element in session.all("auth-error-detail").await {
        details.push(element.prop("textContent").await.unwrap().unwrap_or_default());
    }
    assert!(details.iter().any(|d| d.contains("AADSTS65004")), "{details:?}");
    assert!(details.iter().any(|d| d.contains("Trace ID")), "{details:?}");
    session.wait_for("auth-error-retry").await;
    assert_no_tokens_kept(&session).await;
    assert_eq!(session.token_requests().await, 0);
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tampered_or_foreign_state_is_refused_without_a_token_request() {
    let session = Session::start().await;
    session.open("/#code=stolen-code&state=forged-state&session_state=x").await;
    assert_eq!(session.text_of("auth-error-title").await, "This sign-in answer was refused");
    assert!(session.text_of("auth-error-explanation").await.contains("No token was requested"));
    let url = session.browser.current_url().await.unwrap().to_string();
    assert!(!url.contains("stolen-code"), "{url}");
    assert_eq!(session.token_requests().await, 0);

    session.open("/#code=stolen-code").await;
    session.browser.refresh().await.unwrap();
    assert_eq!(session.text_of("auth-error-title").await, "This sign-in answer was refused");
    assert_no_tokens_kept(&session).await;
    assert_eq!(session.token_requests().await, 0);
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replayed_callback_address_is_refused() {
    let session = Session::start().await;
    session.open("/").await;
    session.sign_in(ADELE).await;
    let callback = session.script("return performance.getEntriesByType('navigation')[0].name").await.as_str().unwrap().to_owned();
    assert!(callback.contains("code="), "the navigation that brought the answer: {callback}");
    // Opened afresh, as from history or a copied link (not a same-page fragment change).
    session.browser.goto("about:blank").await.unwrap();
    session.browser.goto(&callback).await.unwrap();
    assert_eq!(session.text_of("auth-error-title").await, "This sign-in answer was refused");
    assert_eq!(session.token_requests().await, 1, "the replay made no token request");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_id_token_with_a_wrong_nonce_is_refused_and_nothing_is_kept() {
    let session = Session::start().await;
    session.control("PUT", "/_emulator/next-id-token-claims", r#"{"nonce":"not-the-nonce-tern-sent"}"#).await;
    session.open("/").await;
    session.wait_for("sign-in").await.click().await.unwrap();
    session.wait_for("signin-username").await.send_keys(ADELE).await.unwrap();
    session.wait_for("signin-password").await.send_keys("demo").await.unwrap();
    session.wait_for("signin-submit").await.click().await.unwrap();
    if session.first_of(&["consent-accept", "auth-error"]).await == "consent-accept" {
        session.wait_for("consent-accept").await.click().await.unwrap();
    }
    assert_eq!(session.text_of("auth-error-title").await, "The sign-in answer failed its security checks");
    assert!(session.text_of("auth-error-explanation").await.contains("nonce"));
    assert!(session.all("account").await.is_empty());
    assert_no_tokens_kept(&session).await;
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_implicit_answer_whose_id_token_does_not_bind_its_access_token_is_refused() {
    let session = Session::start().await;
    session.use_config(serde_json::json!({ "client_id": tern_emulator::IMPLICIT_CLIENT_ID, "flow": "implicit" })).await;
    session.control("PUT", "/_emulator/next-id-token-claims", r#"{"at_hash":"AAAAAAAAAAAAAAAAAAAAAA"}"#).await;
    session.open("/").await;
    session.wait_for("sign-in").await.click().await.unwrap();
    session.complete_sign_in_pages_only(MEGAN).await;
    assert_eq!(session.text_of("auth-error-title").await, "The sign-in answer failed its security checks");
    assert!(session.text_of("auth-error-explanation").await.contains("at_hash"));
    assert!(session.all("account").await.is_empty());
    assert_no_tokens_kept(&session).await;
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn abandoned_sign_ins_are_swept_at_start_and_at_sign_out() {
    let session = Session::start().await;
    session.open("/").await;
    session.wait_for("sign-in").await;
    let plant = |key: &str, age: i64| {
        format!(
            "sessionStorage.setItem('tern:interaction:{key}', JSON.stringify({{state: '{key}', nonce: 'n', verifier: 'v', flow: 'Pkce', \
             purpose: 'SignIn', redirect_uri: location.origin + '/', scopes: ['openid'], return_to: '', \
             created_at: Math.floor(Date.now() / 1000) - {age}}})); return null"
        )
    };
    session.script(&plant("abandoned", 16 * 60)).await;
    session.script(&plant("under-way", 60)).await;
    session.open("/").await;
    session.wait_for("sign-in").await;
    let interactions = |keys: Vec<String>| keys.into_iter().filter(|key| key.starts_with("tern:interaction:")).collect::<Vec<_>>();
    assert_eq!(interactions(session.storage_keys("session").await), ["tern:interaction:under-way"], "an entry older than 15 minutes goes");
    session.sign_in(ADELE).await;
    session.script(&plant("begun-before-sign-out", 60)).await;
    session.sign_out().await;
    session.wait_for("landing").await;
    assert!(interactions(session.storage_keys("session").await).is_empty(), "sign-out leaves no sign-in half done");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_accounts_can_be_added_switched_and_signed_out_one_at_a_time() {
    let session = Session::start().await;
    session.open("/").await;
    session.sign_in(ADELE).await;
    assert_eq!(session.content_of("account-name").await, "Adele Vance");

    session.wait_for("account-menu").await.click().await.unwrap();
    session.wait_for("add-account").await.click().await.unwrap();
    session.complete_emulator_sign_in(MEGAN).await;
    assert_eq!(session.content_of("account-name").await, "Megan Bowen");

    session.wait_for("account-menu").await.click().await.unwrap();
    let switch = session.wait_for("switch-account").await;
    assert_eq!(switch.attr("data-username").await.unwrap().as_deref(), Some(ADELE));
    switch.click().await.unwrap();
    assert_eq!(session.content_of("account-name").await, "Adele Vance");

    // Signing Adele out leaves Megan signed in, and Adele's tokens gone.
    session.sign_out().await;
    session.wait_for("account").await;
    for _ in 0..100 {
        if session.content_of("account-name").await == "Megan Bowen" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(session.content_of("account-name").await, "Megan Bowen");
    let stored = session.all_stored_text().await;
    assert!(!stored.contains("Adele"), "Adele's data left behind: {stored}");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_leaves_no_token_in_any_storage() {
    let session = Session::start().await;
    session.open("/").await;
    session.sign_in(ADELE).await;
    let before = session.all_stored_text().await;
    assert!(before.contains("refresh_token") || before.contains("access_tokens"), "{before}");
    session.sign_out().await;
    session.wait_for("landing").await;
    assert!(session.storage_keys("session").await.is_empty(), "{:?}", session.storage_keys("session").await);
    assert!(session.storage_keys("local").await.is_empty());
    let after = session.all_stored_text().await;
    assert!(!after.contains("eyJ"), "a JWT is still stored: {after}");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_can_grant_consent_for_the_organisation() {
    let session = Session::start().await;
    session.open("/").await;
    session.sign_in(ADELE).await;
    session.wait_for("admin-consent").await.click().await.unwrap();
    if session.first_of(&["signin-username", "consent-accept"]).await == "signin-username" {
        session.wait_for("signin-username").await.send_keys(ADELE).await.unwrap();
        session.wait_for("signin-password").await.send_keys("demo").await.unwrap();
        session.wait_for("signin-submit").await.click().await.unwrap();
    }
    session.wait_for("consent-for-organization").await;
    session.wait_for("consent-accept").await.click().await.unwrap();
    let granted = session.text_of("admin-consent-granted").await;
    assert!(granted.contains(TENANT), "{granted}");
    assert_eq!(session.content_of("account-name").await, "Adele Vance", "still signed in");
    let url = session.browser.current_url().await.unwrap().to_string();
    assert!(!url.contains("admin_consent"), "{url}");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_who_cancels_admin_consent_is_told_so_and_stays_signed_in() {
    let session = Session::start().await;
    session.open("/").await;
    session.sign_in(ADELE).await;
    session.wait_for("admin-consent").await.click().await.unwrap();
    if session.first_of(&["signin-username", "consent-cancel"]).await == "signin-username" {
        session.wait_for("signin-username").await.send_keys(ADELE).await.unwrap();
        session.wait_for("signin-password").await.send_keys("demo").await.unwrap();
        session.wait_for("signin-submit").await.click().await.unwrap();
    }
    session.wait_for("consent-for-organization").await;
    session.wait_for("consent-cancel").await.click().await.unwrap();
    assert_eq!(session.text_of("auth-error-explanation").await, "You declined to give Tern the permissions it asked for.");
    let mut details = Vec::new();
    for element in session.all("auth-error-detail").await {
        details.push(element.prop("textContent").await.unwrap().unwrap_or_default());
    }
    assert!(details.iter().any(|d| d.contains("AADSTS65004")), "{details:?}");
    assert_eq!(session.content_of("account-name").await, "Adele Vance", "cancelling admin consent signs nobody out");
    let url = session.browser.current_url().await.unwrap().to_string();
    assert!(!url.contains("admin_consent") && !url.contains("error="), "the answer leaves the address bar: {url}");
    session.finish().await;
}

async fn signed_in_with_token_cache(token_cache: &str) -> Session {
    let session = Session::start().await;
    session.use_config(serde_json::json!({ "token_cache": token_cache })).await;
    session.open("/").await;
    session.sign_in(ADELE).await;
    assert_eq!(session.text_of("profile-name").await, "Adele Vance");
    session
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_memory_token_cache_stores_nothing_and_a_reload_signs_out() {
    let session = signed_in_with_token_cache("memory").await;
    assert!(session.storage_keys("session").await.is_empty(), "{:?}", session.storage_keys("session").await);
    assert!(session.storage_keys("local").await.is_empty());
    assert!(!session.all_stored_text().await.contains("eyJ"));
    session.browser.refresh().await.unwrap();
    session.wait_for("landing").await;
    assert!(session.all("account").await.is_empty());
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_local_token_cache_keeps_the_sign_in_for_other_tabs() {
    let session = signed_in_with_token_cache("local").await;
    let local = session.storage_keys("local").await;
    assert!(local.iter().any(|key| key.ends_with(":tokens")), "{local:?}");
    let new_tab = session.browser.new_window(true).await.unwrap();
    session.browser.switch_to_window(new_tab.handle).await.unwrap();
    session.open("/").await;
    assert_eq!(session.content_of("account-name").await, "Adele Vance");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_web_platform_redirect_uri_is_explained_not_taken_for_a_network_failure() {
    let session = Session::start().await;
    session.use_config(serde_json::json!({ "client_id": tern_emulator::WEB_CLIENT_ID })).await;
    // The token endpoint refuses the browser's redemption: that refusal is what the page reads.
    session.expect_console_errors(&["/oauth2/v2.0/token - Failed to load resource: the server responded with a status of 400"]);
    session.open("/").await;
    session.wait_for("sign-in").await.click().await.unwrap();
    session.complete_sign_in_pages_only("adele@contoso.example").await;
    let explanation = session.text_of("auth-error-explanation").await;
    assert!(!explanation.contains("could not reach"), "{explanation}");
    let mut details = Vec::new();
    for element in session.all("auth-error-detail").await {
        details.push(element.prop("textContent").await.unwrap().unwrap_or_default());
    }
    assert!(details.iter().any(|d| d.contains("AADSTS9002326")), "{details:?}");
    assert!(session.text_of("auth-error-action").await.contains("Single-page application"));
    assert_no_tokens_kept(&session).await;
    session.finish().await;
}
