//! Sign-in with an OpenID Connect provider that is not Microsoft's, running on this
//! computer: panva's certified oidc-provider, stock. It refuses what only Microsoft takes
//! (`prompt=select_account`), gives refresh tokens only with `prompt=consent`, and names
//! its issuer exactly, so these tests show Tern speaking plain OpenID Connect.

use fantoccini::Locator;
use serde_json::{json, Value};
use tern_e2e::oidc::OidcProvider;
use tern_e2e::{eventually, Session};

/// The oidc-provider client id these tests register; any text, not a GUID.
const CLIENT: &str = "tern-e2e";

async fn fill(session: &Session, css: &str, text: &str) {
    let field = session.browser.wait().for_element(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}"));
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

async fn submit(session: &Session, page: &str) {
    session.browser.wait().for_element(Locator::Css(&format!("form input[name=prompt][value={page}]"))).await.unwrap();
    session.browser.find(Locator::Css("button[type=submit]")).await.unwrap().click().await.unwrap();
}

/// Tern on the emulator (which also answers Graph), signing in at `provider`; the
/// protocol is left to Tern's default for a host that is not Microsoft's.
async fn tern_with(provider_issuer: &str, session: &Session) {
    session.use_config(json!({ "client_id": CLIENT, "authority": provider_issuer, "protocol": Value::Null })).await;
    // Graph refuses a token it did not issue, and the provider's pages have no icon; these
    // tests are about the sign-in.
    let icon = format!("{provider_issuer}/favicon.ico - Failed to load resource");
    session.expect_console_errors(&["the server responded with a status of 401", &icon]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_signs_in_at_a_plain_openid_provider_on_this_computer() {
    let session = Session::start().await;
    let provider = OidcProvider::start(CLIENT, &format!("{}/", session.origin)).await;
    tern_with(&provider.issuer, &session).await;
    session.open("/").await;
    session.wait_for("sign-in").await.click().await.unwrap();

    fill(&session, "input[name=login]", "adele.vance@fabrikam.example").await;
    fill(&session, "input[name=password]", "any password").await;
    submit(&session, "login").await;
    submit(&session, "consent").await;

    assert_eq!(session.content_of("account-name").await, "Adele Vance");
    assert_eq!(session.content_of("account-username").await, "adele.vance@fabrikam.example");
    assert_eq!(session.text_of("claim-iss").await, provider.issuer);
    assert!(session.all("account-tenant").await.is_empty(), "no tenant line for a provider without tenants");
    assert!(session.all("admin-consent").await.is_empty(), "no admin consent outside Microsoft's platform");
    let discovery = "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('openid-configuration'))";
    assert_eq!(
        session.script(discovery).await,
        json!([format!("{}/.well-known/openid-configuration", provider.issuer)]),
        "discovery at the issuer itself, not under /v2.0"
    );
    eventually("the refresh token kept (asked with prompt=consent)", || async {
        session.text_of("refresh-token-state").await.starts_with("Tern can renew this sign-in")
    })
    .await;
    let page = session.script("return document.body.innerText").await;
    assert!(!page.as_str().unwrap_or_default().contains("AADSTS"), "no Microsoft error help: {page}");
    let stored = session.all_stored_text().await;
    assert!(stored.contains("adele.vance@fabrikam.example") && !stored.contains("select_account"), "{stored}");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provider_that_names_another_issuer_is_refused_before_anyone_signs_in() {
    let session = Session::start().await;
    let provider = OidcProvider::start(CLIENT, &format!("{}/", session.origin)).await;
    // The same provider by another name: its discovery says 127.0.0.1, Tern was told localhost.
    let renamed = provider.issuer.replace("127.0.0.1", "localhost");
    tern_with(&renamed, &session).await;
    session.open("/").await;
    session.wait_for("sign-in").await.click().await.unwrap();
    let text = session.text_of("sign-in-error").await;
    assert!(text.contains(&format!("names the issuer {}", provider.issuer)), "{text}");
    assert!(session.browser.current_url().await.unwrap().as_str().starts_with(&session.origin), "Tern did not leave for the provider");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn microsofts_platform_on_this_computer_without_a_protocol_is_explained() {
    let session = Session::start().await;
    // The emulator at a loopback address reads as a plain provider, whose discovery is elsewhere.
    session.use_config(json!({ "protocol": Value::Null })).await;
    session.expect_console_errors(&["/common/.well-known/openid-configuration - Failed to load resource"]);
    session.open("/").await;
    session.wait_for("sign-in").await.click().await.unwrap();
    let text = session.text_of("sign-in-error").await;
    assert!(text.contains("/common/.well-known/openid-configuration answered HTTP 404"), "{text}");
    assert!(text.contains("set \"protocol\": \"microsoft\""), "{text}");
    session.finish().await;
}
