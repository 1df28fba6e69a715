//! The authorize endpoint's checks: what it shows itself, what it redirects.

use crate::harness::*;
use axum::http::StatusCode;
use tern_emulator::{DEMO_CLIENT_ID, IMPLICIT_CLIENT_ID, TENANT_ID, WEB_CLIENT_ID};

fn with(
    mut params: Vec<(&'static str, &'static str)>,
    name: &'static str,
    value: Option<&'static str>,
) -> Vec<(&'static str, &'static str)> {
    params.retain(|(key, _)| *key != name);
    if let Some(value) = value {
        params.push((name, value));
    }
    params
}

fn demo() -> Vec<(&'static str, &'static str)> {
    code_params(DEMO_CLIENT_ID, SCOPE)
}

/// The service's own error page: no redirect, the code and description shown.
fn assert_error_page(reply: &Reply, code: &str, words: &str) {
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert!(reply.header("location").is_none());
    assert!(reply.has("emulator-error"));
    assert_eq!(reply.text("emulator-error-code"), code);
    assert!(reply.text("emulator-error-description").contains(words), "{}", reply.body);
    assert_eq!(reply.header("x-frame-options"), Some("DENY"));
}

#[tokio::test]
async fn an_unknown_client_gets_the_error_page_and_no_redirect() {
    let mut emulator = Emulator::new();
    let params = with(demo(), "client_id", Some("00000000-1111-4222-8333-444444444444"));
    let reply = emulator.get(&authorize_url(&params)).await;
    assert_error_page(&reply, "AADSTS700016", "Application with identifier '00000000-1111-4222-8333-444444444444' was not found");
}

#[tokio::test]
async fn an_unregistered_redirect_uri_gets_the_error_page_and_no_redirect() {
    let mut emulator = Emulator::new();
    for uri in ["http://localhost:8080", "http://localhost:8081/", "https://evil.example/"] {
        let reply = emulator.get(&authorize_url(&with(demo(), "redirect_uri", Some(uri)))).await;
        assert_error_page(&reply, "AADSTS50011", &format!("The redirect URI '{uri}' specified in the request does not match"));
    }
    let reply = emulator.get(&authorize_url(&with(demo(), "redirect_uri", None))).await;
    assert_error_page(&reply, "AADSTS900971", "No reply address provided.");
    let reply = emulator.get(&authorize_url(&with(demo(), "client_id", None))).await;
    assert_error_page(&reply, "AADSTS900144", "'client_id'");
}

#[tokio::test]
async fn an_unknown_tenant_or_the_consumers_authority_get_error_pages() {
    let mut emulator = Emulator::new();
    let url = authorize_url(&demo()).replace("/common/", "/fabrikam.example/");
    assert_error_page(&emulator.get(&url).await, "AADSTS90002", "Tenant 'fabrikam.example' not found");
    let url = authorize_url(&demo()).replace("/common/", "/consumers/");
    assert_error_page(&emulator.get(&url).await, "AADSTS9002332", "Azure Active Directory users only");
}

#[tokio::test]
async fn protocol_errors_go_back_to_the_redirect_uri_in_the_services_shape() {
    let mut emulator = Emulator::new();
    let reply = emulator.get(&authorize_url(&with(demo(), "code_challenge", None))).await;
    assert_eq!(reply.status, StatusCode::FOUND);
    assert!(reply.location().starts_with("http://localhost:8080/?error="), "{}", reply.location());
    let params = reply.params();
    assert_eq!(params["error"], "invalid_request");
    assert_eq!(params["state"], "state-1");
    assert_eq!(params["error_uri"], format!("{ORIGIN}/error?code=9002325"));
    let description = &params["error_description"];
    assert!(description.starts_with(
        "AADSTS9002325: Proof Key for Code Exchange is required for cross-origin authorization code redemption.\r\nTrace ID: "
    ));
    let lines: Vec<&str> = description.split("\r\n").collect();
    assert_eq!(lines.len(), 4, "{description:?}");
    assert!(lines[2].starts_with("Correlation ID: ") && lines[2].len() == "Correlation ID: ".len() + 36);
    assert!(lines[3].starts_with("Timestamp: ") && lines[3].ends_with('Z'));
}

#[tokio::test]
async fn pkce_must_be_s256_with_a_proper_challenge() {
    let mut emulator = Emulator::new();
    let plain = with(demo(), "code_challenge_method", Some("plain"));
    let reply = emulator.get(&authorize_url(&plain)).await;
    assert_eq!((reply.params()["error"].as_str(), reply.error_code().as_str()), ("invalid_request", "AADSTS50149"));
    let no_method = with(demo(), "code_challenge_method", None);
    assert_eq!(emulator.get(&authorize_url(&no_method)).await.error_code(), "AADSTS50149");
    let short = with(demo(), "code_challenge", Some("tooshort"));
    assert_eq!(emulator.get(&authorize_url(&short)).await.error_code(), "AADSTS501491");
    // A Web-platform redirect URI may leave PKCE out: the sign-in page comes.
    let web = with(code_params(WEB_CLIENT_ID, SCOPE), "code_challenge", None);
    let reply = emulator.get(&authorize_url(&web)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.has("signin-form"));
}

#[tokio::test]
async fn implicit_issuance_needs_to_be_enabled_for_the_app() {
    let mut emulator = Emulator::new();
    let implicit = |client_id, response_type| {
        vec![
            ("client_id", client_id),
            ("response_type", response_type),
            ("redirect_uri", APP),
            ("scope", "openid profile User.Read"),
            ("state", "s"),
            ("nonce", "n"),
        ]
    };
    let reply = emulator.get(&authorize_url(&implicit(DEMO_CLIENT_ID, "id_token"))).await;
    assert!(reply.in_fragment());
    assert_eq!(reply.params()["error"], "unsupported_response_type");
    assert_eq!(reply.error_code(), "AADSTS700054");
    assert!(reply.params()["error_description"].starts_with("AADSTS700054: response_type 'id_token' is not enabled for the application."));
    let reply = emulator.get(&authorize_url(&implicit(DEMO_CLIENT_ID, "token"))).await;
    assert_eq!(reply.params()["error"], "unsupported_response_type");
    assert!(reply.params()["error_description"].starts_with("AADSTS70005: response_type 'token' is not enabled for the application."));
    assert_eq!(emulator.get(&authorize_url(&implicit(WEB_CLIENT_ID, "id_token token"))).await.error_code(), "AADSTS700054");
    let reply = emulator.get(&authorize_url(&implicit(IMPLICIT_CLIENT_ID, "id_token token"))).await;
    assert_eq!(reply.status, StatusCode::OK, "the implicit app gets the sign-in page");

    let no_nonce = with(implicit(IMPLICIT_CLIENT_ID, "id_token"), "nonce", None);
    let reply = emulator.get(&authorize_url(&no_nonce)).await;
    assert_eq!(reply.params()["error"], "invalid_request");
    assert!(reply.params()["error_description"].starts_with("AADSTS90014: The required field 'nonce' is missing."));
    let query = with(implicit(IMPLICIT_CLIENT_ID, "id_token"), "response_mode", Some("query"));
    assert_eq!(emulator.get(&authorize_url(&query)).await.error_code(), "AADSTS70007");
}

#[tokio::test]
async fn scopes_are_checked_against_the_apis_the_tenant_knows() {
    let mut emulator = Emulator::new();
    let reply = emulator.get(&authorize_url(&with(demo(), "scope", Some("openid Mail.Fly")))).await;
    assert_eq!(reply.params()["error"], "invalid_client");
    assert!(reply.params()["error_description"].starts_with(
        "AADSTS650053: The application 'Tern (demo)' asked for scope 'Mail.Fly' that doesn't exist on the resource '00000003-0000-0000-c000-000000000000'."
    ));
    let reply = emulator.get(&authorize_url(&with(demo(), "scope", Some("openid https://api.example/read")))).await;
    assert_eq!(reply.params()["error"], "invalid_resource");
    assert_eq!(reply.error_code(), "AADSTS500011");
    let reply = emulator.get(&authorize_url(&with(demo(), "scope", None))).await;
    assert_eq!(reply.error_code(), "AADSTS900144");
}

#[tokio::test]
async fn one_access_token_cannot_span_two_apis_but_one_sign_in_may_consent_to_both() {
    let mut emulator = Emulator::new();
    let both = "openid profile Mail.Read https://outlook.office.com/IMAP.AccessAsUser.All";
    let implicit =
        [("client_id", IMPLICIT_CLIENT_ID), ("response_type", "id_token token"), ("redirect_uri", APP), ("scope", both), ("nonce", "n")];
    let reply = emulator.get(&authorize_url(&implicit)).await;
    assert_eq!(reply.params()["error"], "invalid_scope");
    assert!(reply.params()["error_description"].starts_with(&format!(
        "AADSTS700022: Provided value for the input parameter scope is not valid because it contains more than one resource. Scope {both} is not valid."
    )));
    let reply = emulator.get(&authorize_url(&code_params(DEMO_CLIENT_ID, both))).await;
    assert_eq!(reply.status, StatusCode::OK, "the code flow signs in and asks consent for both");
}

#[tokio::test]
async fn the_code_comes_back_in_the_query_unless_the_fragment_is_asked_for() {
    let mut emulator = Emulator::new();
    let reply = emulator.authorize_as(&demo(), ADELE).await;
    assert!(reply.location().starts_with("http://localhost:8080/?code="), "{}", reply.location());
    let params = reply.params();
    assert_eq!(params["state"], "state-1");
    assert!(params["session_state"].len() == 36);
    let fragment = with(demo(), "response_mode", Some("fragment"));
    let reply = emulator.authorize_as(&fragment, ADELE).await;
    assert!(reply.location().starts_with("http://localhost:8080/#code="), "{}", reply.location());
    assert_eq!(reply.params()["session_state"], params["session_state"], "one session, one session_state");
}

#[tokio::test]
async fn form_post_hands_the_response_over_as_a_form() {
    let mut emulator = Emulator::new();
    emulator.authorize_as(&demo(), ADELE).await;
    let reply = emulator.get(&authorize_url(&with(demo(), "response_mode", Some("form_post")))).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.contains(&format!("<form method=\"post\" action=\"{APP}\">")));
    assert!(!reply.hidden("code").is_empty());
    assert_eq!(reply.hidden("state"), "state-1");
    assert!(reply.has("form-post-continue"));
    assert!(!reply.body.contains("<script"));
}

#[tokio::test]
async fn an_implicit_sign_in_returns_tokens_in_the_fragment() {
    let mut emulator = Emulator::new();
    let params = [
        ("client_id", IMPLICIT_CLIENT_ID),
        ("response_type", "id_token token"),
        ("redirect_uri", APP),
        ("scope", "openid profile User.Read"),
        ("state", "s-9"),
        ("nonce", "n-9"),
    ];
    let reply = emulator.authorize_as(&params, MEGAN).await;
    assert!(reply.in_fragment());
    let params = reply.params();
    assert_eq!(params["token_type"], "Bearer");
    assert_eq!(params["expires_in"], "3599");
    assert_eq!(params["state"], "s-9");
    assert!(params.contains_key("session_state"));
    assert!(!params.contains_key("refresh_token"));
    assert!(!params.contains_key("code"));
    let scope: Vec<&str> = params["scope"].split(' ').collect();
    assert!(scope.contains(&"User.Read") && scope.contains(&"openid"), "{scope:?}");
    let id_token = emulator.verified_claims(&params["id_token"]).await;
    assert_eq!(id_token["nonce"], "n-9");
    assert_eq!(id_token["aud"], IMPLICIT_CLIENT_ID);
    assert_eq!(id_token["preferred_username"], MEGAN);
    assert!(id_token.contains_key("at_hash"));
    let access = emulator.state.identity().verify_access_token(&params["access_token"], "https://graph.microsoft.com").unwrap();
    assert_eq!(access.upn, MEGAN);
    assert_eq!(access.tenant_id, TENANT_ID);
    assert_eq!(access.scopes, ["User.Read"]);
}

#[tokio::test]
async fn the_hybrid_flow_binds_its_id_token_to_the_code() {
    let mut emulator = Emulator::new();
    let params = [
        ("client_id", IMPLICIT_CLIENT_ID),
        ("response_type", "code id_token"),
        ("redirect_uri", APP),
        ("scope", "openid profile User.Read"),
        ("nonce", "n-h"),
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
    ];
    let reply = emulator.authorize_as(&params, ADELE).await;
    assert!(reply.in_fragment());
    let params = reply.params();
    let id_token = emulator.verified_claims(&params["id_token"]).await;
    let digest = <sha2::Sha256 as sha2::Digest>::digest(params["code"].as_bytes());
    let expected = base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, &digest[..16]);
    assert_eq!(id_token["c_hash"], expected.as_str());
    assert_eq!(id_token["nonce"], "n-h");
}
