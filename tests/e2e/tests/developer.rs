//! The Developer section of the signed-in home: the token inspector and the request
//! console, per account (issue 16, §1, §2 and §4).

use serde_json::{json, Value};
use tern_e2e::{eventually, Session};

const ADELE: &str = "adele@contoso.example";
const MEGAN: &str = "megan@contoso.example";

/// The text of the first element matching `selector`.
async fn text_css(session: &Session, selector: &str) -> String {
    let script = format!("const e = document.querySelector({selector:?}); return e ? (e.value ?? e.textContent) : null");
    match session.script(&script).await {
        Value::String(text) => text,
        other => panic!("{selector}: {other}"),
    }
}

/// The access tokens the tab holds for the active account.
async fn access_tokens(session: &Session) -> Vec<String> {
    session.access_tokens().await.iter().map(|token| token["token"].as_str().expect("a token").to_owned()).collect()
}

async fn status_shown(session: &Session, status: &str) -> bool {
    let script =
        format!("return [...document.querySelectorAll('[data-testid=request-log-status]')].some(e => e.textContent == '{status}')");
    session.script(&script).await == Value::Bool(true)
}

/// Opens the details of the console's first call that ended with `status`.
async fn click_details_of(session: &Session, status: &str) {
    let script = format!(
        "[...document.querySelectorAll('[data-testid=request-log-entry]')]
           .find(row => row.querySelector('[data-testid=request-log-status]').textContent == '{status}')
           .querySelector('[data-testid=request-log-details]').click(); return null"
    );
    session.script(&script).await;
}

async fn page_html(session: &Session) -> String {
    session.script("return document.documentElement.outerHTML").await.as_str().unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_inspector_explains_each_token_counts_down_and_shows_a_token_only_when_asked() {
    let session = Session::start().await;
    session.open("/").await;
    session.sign_in(ADELE).await;
    session.wait_for("developer").await;
    let access = "[data-testid=token][data-kind='Access token']";
    let id = "[data-testid=token][data-kind='ID token']";
    assert!(text_css(&session, &format!("{id} h4")).await.contains("ID token"));
    assert!(text_css(&session, &format!("{id} [data-testid=token-claim-aud]")).await.contains("Tern itself"));
    assert!(text_css(&session, &format!("{access} h4")).await.contains("Microsoft Graph"));
    let scp = text_css(&session, &format!("{access} [data-testid=token-claim-scp]")).await;
    assert!(scp.contains("Mail.ReadWrite") && scp.contains("Delegated permissions"), "{scp}");
    let exp = text_css(&session, &format!("{access} [data-testid=token-claim-exp]")).await;
    assert!(exp.contains("Expires") && exp.contains("UTC"), "a time in the person's zone (UTC here): {exp}");
    for claim in ["tid", "oid", "iat", "nbf"] {
        let text = text_css(&session, &format!("{access} [data-testid=token-claim-{claim}]")).await;
        assert!(text.len() > 20, "{claim} is explained: {text}");
    }
    // Live countdown.
    let first = text_css(&session, &format!("{access} [data-testid=token-countdown]")).await;
    assert!(first.starts_with("Expires in "), "{first}");
    eventually("the countdown to move", || async { text_css(&session, &format!("{access} [data-testid=token-countdown]")).await != first })
        .await;
    // Which Graph endpoints the scopes allow.
    let allowed = session.script("return document.querySelectorAll('[data-testid=token-endpoint][data-allowed=true]').length").await;
    assert!(allowed.as_u64().unwrap() > 30, "{allowed}");
    // A token is in the page only after Reveal, and copying it warns once.
    let token = access_tokens(&session).await.remove(0);
    assert!(!page_html(&session).await.contains(&token), "no token before Reveal");
    session.click_css(&format!("{access} [data-testid=token-reveal]")).await;
    assert_eq!(text_css(&session, &format!("{access} [data-testid=token-raw]")).await, token);
    session.click_css(&format!("{access} [data-testid=token-raw-copy]")).await;
    assert!(session.text_of("copy-warning").await.contains("act as you"));
    session.click("copy-warning-confirm").await;
    session.wait_for("token-raw-copied").await;
    session.click_css(&format!("{id} [data-testid=token-reveal]")).await;
    session.click_css(&format!("{id} [data-testid=token-raw-copy]")).await;
    eventually("the second copy to finish", || async { session.all("token-raw-copied").await.len() == 2 }).await;
    assert!(session.all("copy-warning").await.is_empty(), "the warning comes once");
    session.click_css(&format!("{access} [data-testid=token-reveal]")).await;
    session.click_css(&format!("{id} [data-testid=token-reveal]")).await;
    assert!(!page_html(&session).await.contains(&token), "Hide takes it out of the page");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_filters_names_the_missing_permission_and_copies_without_the_token() {
    let session = Session::start().await;
    session.expect_console_errors(&["the server responded with a status of 403"]);
    session.use_config(json!({ "scopes": ["User.Read", "Mail.Read"] })).await;
    session.open("/").await;
    session.sign_in(ADELE).await;
    // Reading works; deleting needs Mail.ReadWrite, which this token lacks.
    session.open("/#/mail/inbox").await;
    // A message on its own: a conversation's delete would go as one batch.
    session.wait_for("message-row").await;
    session.click_css("[data-testid=message-row][data-count=\"1\"] a").await;
    session.wait_for("message-subject").await;
    session.click("delete").await;
    session.wait_for("action-undone").await;
    session.open("/#/").await;
    session.click("request-log-toggle").await;
    let all_rows = session.all("request-log-entry").await.len();
    session.set_value("request-filter-status", "failed").await;
    eventually("only failures", || async { session.all("request-log-entry").await.len() < all_rows }).await;
    let statuses =
        session.script("return [...document.querySelectorAll('[data-testid=request-log-status]')].map(e => e.textContent)").await;
    assert!(statuses.as_array().unwrap().iter().all(|s| s.as_str().unwrap() >= "400"), "{statuses}");
    // Deleting moves the message to Deleted Items.
    session.set_value("request-filter-method", "POST").await;
    session.type_into("request-filter-path", "/move").await;
    eventually("the refused move alone", || async { session.all("request-log-entry").await.len() == 1 }).await;
    session.click("request-log-details").await;
    assert_eq!(session.text_of("request-explanation-summary").await, "The token lacks the permission Mail.ReadWrite.");
    let explanation = session.text_of("request-explanation").await;
    assert!(explanation.contains("ErrorAccessDenied") && explanation.contains("admin consent"), "{explanation}");
    assert!(session.text_of("request-headers").await.contains("Authorization: Bearer [redacted]"));
    assert!(session.text_of("request-error-body").await.contains("ErrorAccessDenied"));
    let request_id = session.text_of("request-details-request-id").await;
    let client_request_id = session.text_of("request-details-client-request-id").await;
    assert!(!request_id.is_empty() && !client_request_id.is_empty());
    let token = access_tokens(&session).await.remove(0);
    session.click("request-copy-curl").await;
    let curl = text_css(&session, "[data-testid=request-copied]").await;
    assert!(
        curl.starts_with("curl -X POST '")
            && curl.contains("--data-raw '{\"destinationId\"")
            && curl.contains("Bearer $TOKEN")
            && !curl.contains(&token),
        "{curl}"
    );
    session.click("request-copy-support").await;
    eventually("the support text", || async { text_css(&session, "[data-testid=request-copied]").await.starts_with("Call: POST") }).await;
    let support = text_css(&session, "[data-testid=request-copied]").await;
    assert!(support.contains(&request_id) && support.contains(&client_request_id) && !support.contains(&token), "{support}");
    assert!(!page_html(&session).await.contains(&token), "no token anywhere in the page");
    // The console's remedy: grant the permission, and the new token has it.
    session.click("request-grant").await;
    session.wait_for("consent-accept").await.click().await.unwrap();
    session.wait_for("developer").await;
    let scp = text_css(&session, "[data-testid=token][data-kind='Access token'] [data-testid=token-claim-scp]").await;
    assert!(scp.contains("Mail.ReadWrite"), "{scp}");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_token_shows_graphs_challenge_and_what_tern_did() {
    let session = Session::start().await;
    session.expect_console_errors(&["the server responded with a status of 401"]);
    session.open("/").await;
    session.sign_in(ADELE).await;
    session.wait_for("profile-name").await;
    session.edit_cached_tokens("tokens.access_tokens.forEach(t => t.token = t.token.slice(0, -4) + 'AAAA');").await;
    session.browser.refresh().await.unwrap();
    session.wait_for("profile-name").await;
    session.click("request-log-toggle").await;
    session.set_value("request-filter-status", "4xx").await;
    eventually("the refused call", || async { status_shown(&session, "401").await }).await;
    click_details_of(&session, "401").await;
    let explanation = session.text_of("request-explanation").await;
    assert!(explanation.contains("Graph did not accept the token."), "{explanation}");
    assert!(explanation.contains("WWW-Authenticate: Bearer realm=\"\""), "{explanation}");
    assert!(explanation.contains("renewed it and sent the call again"), "{explanation}");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttling_is_explained_with_what_tern_did() {
    let session = Session::start_with(|options| options.throttle = 1).await;
    session.expect_console_errors(&["the server responded with a status of 429"]);
    session.open("/").await;
    session.sign_in(ADELE).await;
    session.wait_for("profile-name").await;
    session.click("request-log-toggle").await;
    session.set_value("request-filter-status", "4xx").await;
    eventually("the throttled call", || async { status_shown(&session, "429").await }).await;
    click_details_of(&session, "429").await;
    let explanation = session.text_of("request-explanation").await;
    assert!(explanation.contains("Graph throttled Tern.") && explanation.contains("Tern waited"), "{explanation}");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switching_accounts_switches_the_inspector_and_the_console() {
    let session = Session::start().await;
    session.open("/").await;
    session.sign_in(ADELE).await;
    session.wait_for("profile-name").await;
    let adele_tokens = access_tokens(&session).await;
    session.wait_for("account-menu").await.click().await.unwrap();
    session.wait_for("add-account").await.click().await.unwrap();
    session.complete_emulator_sign_in(MEGAN).await;
    session.open("/#/").await;
    eventually("Megan's tokens", || async {
        text_css(&session, "[data-testid=token][data-kind='ID token'] [data-testid=token-claim-preferred_username]").await.contains(MEGAN)
    })
    .await;
    session.click("request-log-toggle").await;
    session.wait_for("request-log-entry").await;
    let megan_ids = session
        .script("return [...document.querySelectorAll('[data-testid=request-log-entry] code')].map(e => e.textContent).join(' ')")
        .await;
    // Reveal every token: none of Adele's may be among them.
    session.script("document.querySelectorAll('[data-testid=token-reveal]').forEach(b => b.click()); return null").await;
    let html = session.script("return document.querySelector('[data-testid=developer]').outerHTML").await.as_str().unwrap().to_owned();
    assert!(!adele_tokens.iter().any(|token| html.contains(token.as_str())), "Adele's tokens under Megan");
    assert!(!html.contains(ADELE), "nothing of Adele's account in Megan's Developer section");
    session.wait_for("account-menu").await.click().await.unwrap();
    session.wait_for("switch-account").await.click().await.unwrap();
    eventually("Adele's tokens", || async {
        text_css(&session, "[data-testid=token][data-kind='ID token'] [data-testid=token-claim-preferred_username]").await.contains(ADELE)
    })
    .await;
    session.click("request-log-toggle").await;
    session.wait_for("request-log-entry").await;
    let adele_ids = session
        .script("return [...document.querySelectorAll('[data-testid=request-log-entry] code')].map(e => e.textContent).join(' ')")
        .await;
    let megan_ids = megan_ids.as_str().unwrap().to_owned();
    let first_megan_call = megan_ids.split(' ').find(|part| part.len() == 36).unwrap().to_owned();
    assert!(!adele_ids.as_str().unwrap().contains(&first_megan_call), "Megan's calls under Adele");
    session.finish().await;
}
