//! The token endpoint: redemption, PKCE, single use, lifetimes, refresh, CORS.

use crate::harness::*;
use axum::http::{Method, StatusCode};
use serde_json::Value;
use tern_emulator::{TokenRejection, DEMO_CLIENT_ID, IMPLICIT_CLIENT_ID, TENANT_ID, WEB_CLIENT_ID};

fn assert_error(reply: &Reply, status: StatusCode, error: &str, code: u32) -> Value {
    assert_eq!(reply.status, status, "{}", reply.body);
    let body = reply.json();
    assert_eq!(body["error"], error, "{body}");
    assert_eq!(body["error_codes"], serde_json::json!([code]));
    let description = body["error_description"].as_str().unwrap();
    assert!(description.starts_with(&format!("AADSTS{code}: ")), "{description}");
    assert!(
        description.contains("\r\nTrace ID: ") && description.contains("\r\nCorrelation ID: ") && description.contains("\r\nTimestamp: ")
    );
    for member in ["timestamp", "trace_id", "correlation_id"] {
        assert!(body[member].is_string(), "{member} in {body}");
    }
    assert_eq!(body["error_uri"], format!("{ORIGIN}/error?code={code}"));
    body
}

#[tokio::test]
async fn a_code_redeemed_by_the_spa_gives_the_documented_token_response() {
    let mut emulator = Emulator::new();
    let code = emulator.code(DEMO_CLIENT_ID, SCOPE, ADELE).await;
    let reply = emulator.redeem(DEMO_CLIENT_ID, &code).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.header("access-control-allow-origin"), Some(APP_ORIGIN));
    assert_eq!(reply.header("cache-control"), Some("no-store, no-cache"));
    let body = reply.json();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3599);
    assert_eq!(body["ext_expires_in"], 3599);
    assert_eq!(body["refresh_token_expires_in"], 86400);
    let mut scope: Vec<&str> = body["scope"].as_str().unwrap().split(' ').collect();
    scope.sort();
    assert_eq!(scope, ["Mail.Read", "User.Read", "openid", "profile"]);
    for member in ["access_token", "refresh_token", "id_token"] {
        assert!(!body[member].as_str().unwrap().is_empty(), "{member}");
    }
}

#[tokio::test]
async fn the_id_token_and_access_token_carry_the_documented_claims_and_verify_with_the_published_key() {
    let mut emulator = Emulator::new();
    let body = emulator.tokens(DEMO_CLIENT_ID, SCOPE, ADELE).await;
    let id = emulator.verified_claims(body["id_token"].as_str().unwrap()).await;
    assert_eq!(id["aud"], DEMO_CLIENT_ID);
    assert_eq!(id["iss"], format!("{ORIGIN}/{TENANT_ID}/v2.0"));
    assert_eq!(id["tid"], TENANT_ID);
    assert_eq!(id["oid"], "a1d3e1e0-7a2c-4b5e-9d8f-0e1f2a3b4c5d");
    assert_eq!(id["preferred_username"], ADELE);
    assert_eq!(id["name"], "Adele Vance");
    assert_eq!(id["nonce"], "nonce-1");
    assert_eq!(id["ver"], "2.0");
    assert_eq!(id["exp"].as_i64().unwrap() - id["iat"].as_i64().unwrap(), 3600);
    assert_eq!(id["nbf"], id["iat"]);
    assert!(id["sub"].as_str().unwrap().len() == 43);
    assert!(!id.contains_key("c_hash"), "not on id_tokens from the token endpoint");

    let access = emulator.verified_claims(body["access_token"].as_str().unwrap()).await;
    assert_eq!(access["aud"], "https://graph.microsoft.com");
    assert_eq!(access["iss"], format!("{ORIGIN}/{TENANT_ID}/"));
    assert_eq!(access["appid"], DEMO_CLIENT_ID);
    assert_eq!(access["upn"], ADELE);
    assert_eq!(access["name"], "Adele Vance");
    assert_eq!(access["oid"], id["oid"]);
    assert_eq!(access["scp"], "Mail.Read User.Read");
    assert_eq!(access["ver"], "1.0");
    assert_eq!(access["exp"].as_i64().unwrap() - access["nbf"].as_i64().unwrap(), 3599 + 300);

    // The subject is pairwise: the same user in another app has another `sub`.
    let mut other = emulator.new_browser();
    let params = [
        ("client_id", IMPLICIT_CLIENT_ID),
        ("response_type", "id_token"),
        ("redirect_uri", APP),
        ("scope", "openid profile"),
        ("nonce", "n"),
    ];
    let reply = other.authorize_as(&params, ADELE).await;
    let again = claims(&reply.params()["id_token"]);
    assert_eq!(again["oid"], id["oid"]);
    assert_ne!(again["sub"], id["sub"]);
}

#[tokio::test]
async fn without_offline_access_or_openid_those_tokens_are_left_out() {
    let mut emulator = Emulator::new();
    let code = emulator.code(DEMO_CLIENT_ID, "openid User.Read", ADELE).await;
    let reply = emulator.redeem_for(DEMO_CLIENT_ID, &code, "User.Read").await;
    let body = reply.json();
    assert!(body.get("refresh_token").is_none());
    let id = claims(body["id_token"].as_str().unwrap());
    assert!(!id.contains_key("name") && !id.contains_key("preferred_username") && !id.contains_key("oid"), "profile releases these");

    let code = emulator.code(DEMO_CLIENT_ID, "User.Read", ADELE).await;
    let reply = emulator
        .token(
            &[
                ("client_id", DEMO_CLIENT_ID),
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", APP),
                ("code_verifier", VERIFIER),
            ],
            Some(APP_ORIGIN),
        )
        .await;
    assert!(reply.json().get("id_token").is_none());
}

#[tokio::test]
async fn the_verifier_must_match_the_challenge() {
    let mut emulator = Emulator::new();
    let code = emulator.code(DEMO_CLIENT_ID, SCOPE, ADELE).await;
    let wrong = [
        ("client_id", DEMO_CLIENT_ID),
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", APP),
        ("code_verifier", "xBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
    ];
    let reply = emulator.token(&wrong, Some(APP_ORIGIN)).await;
    let body = assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_grant", 501481);
    assert!(body["error_description"].as_str().unwrap().contains("The Code_Verifier does not match the code_challenge"));
    assert_eq!(reply.header("access-control-allow-origin"), Some(APP_ORIGIN), "the SPA can read its errors");
    let missing: Vec<_> = wrong.iter().copied().filter(|(name, _)| *name != "code_verifier").collect();
    assert_error(&emulator.token(&missing, Some(APP_ORIGIN)).await, StatusCode::BAD_REQUEST, "invalid_grant", 501481);
    assert_eq!(emulator.redeem(DEMO_CLIENT_ID, &code).await.status, StatusCode::OK, "the right verifier still works");
}

#[tokio::test]
async fn a_code_is_single_use() {
    let mut emulator = Emulator::new();
    let code = emulator.code(DEMO_CLIENT_ID, SCOPE, ADELE).await;
    assert_eq!(emulator.redeem(DEMO_CLIENT_ID, &code).await.status, StatusCode::OK);
    let body = assert_error(&emulator.redeem(DEMO_CLIENT_ID, &code).await, StatusCode::BAD_REQUEST, "invalid_grant", 54005);
    assert!(body["error_description"].as_str().unwrap().contains("OAuth2 Authorization code was already redeemed"));
    assert_error(&emulator.redeem(DEMO_CLIENT_ID, "not-a-code").await, StatusCode::BAD_REQUEST, "invalid_grant", 9002313);
}

#[tokio::test]
async fn a_code_lives_ten_minutes_by_the_emulator_clock() {
    let mut emulator = Emulator::new();
    let fresh = emulator.code(DEMO_CLIENT_ID, SCOPE, ADELE).await;
    let stale = emulator.code(DEMO_CLIENT_ID, SCOPE, ADELE).await;
    emulator.advance_clock(599).await;
    assert_eq!(emulator.redeem(DEMO_CLIENT_ID, &fresh).await.status, StatusCode::OK);
    emulator.advance_clock(2).await;
    assert_error(&emulator.redeem(DEMO_CLIENT_ID, &stale).await, StatusCode::BAD_REQUEST, "invalid_grant", 70008);
}

#[tokio::test]
async fn the_redirect_uri_must_be_the_one_the_code_was_issued_for() {
    let mut emulator = Emulator::new();
    let code = emulator.code(DEMO_CLIENT_ID, SCOPE, ADELE).await;
    let pairs = [
        ("client_id", DEMO_CLIENT_ID),
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", "http://127.0.0.1:8080/"),
        ("code_verifier", VERIFIER),
    ];
    assert_error(&emulator.token(&pairs, Some("http://127.0.0.1:8080")).await, StatusCode::BAD_REQUEST, "invalid_grant", 70000);
    let other_app = [("client_id", IMPLICIT_CLIENT_ID), ("redirect_uri", APP)];
    let mut pairs: Vec<_> = pairs.iter().copied().filter(|(n, _)| *n != "client_id" && *n != "redirect_uri").collect();
    pairs.extend(other_app);
    assert_error(&emulator.token(&pairs, Some(APP_ORIGIN)).await, StatusCode::BAD_REQUEST, "invalid_grant", 9002313);
}

#[tokio::test]
async fn cross_origin_redemption_is_for_spa_redirect_uris_only() {
    let mut emulator = Emulator::new();
    let pairs = |client_id| {
        vec![
            ("client_id", client_id),
            ("grant_type", "authorization_code"),
            ("code", "whatever"),
            ("redirect_uri", APP),
            ("code_verifier", VERIFIER),
        ]
    };
    // A Web-platform redirect URI from a browser: refused, and the refusal readable by the
    // page, so the app can explain it.
    let reply = emulator.token(&pairs(WEB_CLIENT_ID), Some(APP_ORIGIN)).await;
    let body = assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_request", 9002326);
    assert!(body["error_description"]
        .as_str()
        .unwrap()
        .starts_with("AADSTS9002326: Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: 'http://localhost:8080'."));
    assert_eq!(reply.header("access-control-allow-origin"), Some(APP_ORIGIN));
    // The same from a server: a confidential client must authenticate.
    let reply = emulator.token(&pairs(WEB_CLIENT_ID), None).await;
    assert_error(&reply, StatusCode::UNAUTHORIZED, "invalid_client", 7000218);
    // A SPA redirect URI without a browser.
    assert_error(&emulator.token(&pairs(DEMO_CLIENT_ID), None).await, StatusCode::BAD_REQUEST, "invalid_request", 9002327);
    // A SPA redirect URI from a page on an origin the app does not have.
    let reply = emulator.token(&pairs(DEMO_CLIENT_ID), Some("https://evil.example")).await;
    assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_request", 9002326);
    assert_eq!(reply.header("access-control-allow-origin"), Some("https://evil.example"));
}

#[tokio::test]
async fn the_preflight_is_answered_and_other_methods_are_refused() {
    let mut emulator = Emulator::new();
    let reply = emulator
        .send(
            Method::OPTIONS,
            "/common/oauth2/v2.0/token",
            &[
                ("origin", APP_ORIGIN),
                ("access-control-request-method", "POST"),
                ("access-control-request-headers", "content-type,client-request-id"),
            ],
            String::new(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("access-control-allow-origin"), Some(APP_ORIGIN));
    assert!(reply.header("access-control-allow-methods").unwrap().contains("POST"));
    assert_eq!(reply.header("access-control-allow-headers"), Some("content-type,client-request-id"));
    let reply = emulator.get("/common/oauth2/v2.0/token").await;
    assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_request", 900561);
}

#[tokio::test]
async fn malformed_requests_get_the_services_errors() {
    let mut emulator = Emulator::new();
    assert_error(
        &emulator.token(&[("client_id", DEMO_CLIENT_ID)], Some(APP_ORIGIN)).await,
        StatusCode::BAD_REQUEST,
        "invalid_request",
        900144,
    );
    let reply = emulator.token(&[("grant_type", "password"), ("client_id", DEMO_CLIENT_ID)], Some(APP_ORIGIN)).await;
    assert_error(&reply, StatusCode::BAD_REQUEST, "unsupported_grant_type", 70003);
    let reply = emulator
        .token(&[("grant_type", "authorization_code"), ("client_id", "00000000-1111-4222-8333-444444444444")], Some(APP_ORIGIN))
        .await;
    assert_error(&reply, StatusCode::BAD_REQUEST, "unauthorized_client", 700016);
    let reply = emulator
        .send(
            Method::POST,
            "/nowhere.example/oauth2/v2.0/token",
            &[("client-request-id", "6f2a1c3e-9b7d-4e5f-8a1b-2c3d4e5f6a7b")],
            format!("grant_type=refresh_token&client_id={DEMO_CLIENT_ID}"),
        )
        .await;
    let body = assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_tenant", 90002);
    assert_eq!(body["correlation_id"], "6f2a1c3e-9b7d-4e5f-8a1b-2c3d4e5f6a7b", "the client-request-id is echoed");
}

#[tokio::test]
async fn refreshing_returns_a_new_refresh_token_and_keeps_the_old_one_valid() {
    let mut emulator = Emulator::new();
    let first = emulator.tokens(DEMO_CLIENT_ID, SCOPE, ADELE).await;
    let old = first["refresh_token"].as_str().unwrap().to_owned();
    emulator.advance_clock(3600).await;
    let reply = emulator.refresh(DEMO_CLIENT_ID, &old, SCOPE).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.header("access-control-allow-origin"), Some(APP_ORIGIN));
    let second = reply.json();
    let new = second["refresh_token"].as_str().unwrap();
    assert_ne!(new, old);
    let remaining = second["refresh_token_expires_in"].as_i64().unwrap();
    assert!((86400 - 3601..=86400 - 3600).contains(&remaining), "the lifetime is not extended: {remaining}");
    let id = claims(second["id_token"].as_str().unwrap());
    assert!(!id.contains_key("nonce"));
    assert_eq!(emulator.refresh(DEMO_CLIENT_ID, &old, SCOPE).await.status, StatusCode::OK, "the old one stays valid");
    assert_error(&emulator.refresh(DEMO_CLIENT_ID, "nonsense", SCOPE).await, StatusCode::BAD_REQUEST, "invalid_grant", 9002313);
    assert_error(&emulator.refresh(IMPLICIT_CLIENT_ID, new, SCOPE).await, StatusCode::BAD_REQUEST, "invalid_grant", 9002313);
}

#[tokio::test]
async fn a_spa_refresh_token_dies_24_hours_after_sign_in_however_often_it_is_used() {
    let mut emulator = Emulator::new();
    let first = emulator.tokens(DEMO_CLIENT_ID, SCOPE, ADELE).await;
    let mut token = first["refresh_token"].as_str().unwrap().to_owned();
    for _ in 0..3 {
        emulator.advance_clock(8 * 3600 - 100).await;
        let reply = emulator.refresh(DEMO_CLIENT_ID, &token, SCOPE).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        token = reply.json()["refresh_token"].as_str().unwrap().to_owned();
    }
    emulator.advance_clock(301).await;
    let reply = emulator.refresh(DEMO_CLIENT_ID, &token, SCOPE).await;
    let body = assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_grant", 700084);
    assert_eq!(body["suberror"], "bad_token");
    let description = body["error_description"].as_str().unwrap();
    assert!(description.contains("single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00"));
    assert!(description.contains("The token was issued on 2"));
    assert_eq!(reply.header("access-control-allow-origin"), Some(APP_ORIGIN));
}

#[tokio::test]
async fn revoked_refresh_tokens_are_refused_and_the_session_ends() {
    let mut emulator = Emulator::new();
    let tokens = emulator.tokens(DEMO_CLIENT_ID, SCOPE, ADELE).await;
    let refresh_token = tokens["refresh_token"].as_str().unwrap();
    let reply = emulator.post_json("/_emulator/users/adele@contoso.example/revoke-refresh-tokens", "").await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let body = assert_error(&emulator.refresh(DEMO_CLIENT_ID, refresh_token, SCOPE).await, StatusCode::BAD_REQUEST, "invalid_grant", 50173);
    assert!(body["error_description"].as_str().unwrap().contains("The provided grant has expired due to it being revoked"));
    // Signing in again works, and gives a refresh token that is valid.
    let page = emulator.get(&authorize_url(&code_params(DEMO_CLIENT_ID, SCOPE))).await;
    assert!(page.has("signin-form"), "the session ended too");
    let fresh = emulator.tokens(DEMO_CLIENT_ID, SCOPE, ADELE).await;
    let reply = emulator.refresh(DEMO_CLIENT_ID, fresh["refresh_token"].as_str().unwrap(), SCOPE).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(emulator.post_json("/_emulator/users/nobody@contoso.example/revoke-refresh-tokens", "").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_refresh_token_mints_tokens_for_every_api_the_user_consented_to_one_at_a_time() {
    let mut emulator = Emulator::new();
    let both = "openid profile offline_access Mail.Read https://outlook.office.com/IMAP.AccessAsUser.All";
    let code = emulator.code(DEMO_CLIENT_ID, both, ADELE).await;
    let reply = emulator.redeem_for(DEMO_CLIENT_ID, &code, both).await;
    let body = assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_request", 28000);
    assert!(body["error_description"].as_str().unwrap().contains("because it contains more than one resource"));
    let reply = emulator.redeem_for(DEMO_CLIENT_ID, &code, "openid offline_access Mail.Read").await;
    let graph = reply.json();
    assert_eq!(claims(graph["access_token"].as_str().unwrap())["aud"], "https://graph.microsoft.com");

    let refresh_token = graph["refresh_token"].as_str().unwrap();
    let reply = emulator.refresh(DEMO_CLIENT_ID, refresh_token, "https://outlook.office.com/IMAP.AccessAsUser.All offline_access").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let outlook = reply.json();
    let access = claims(outlook["access_token"].as_str().unwrap());
    assert_eq!(access["aud"], "https://outlook.office.com");
    assert_eq!(access["scp"], "IMAP.AccessAsUser.All");
    assert_eq!(outlook["scope"], "https://outlook.office.com/IMAP.AccessAsUser.All");

    let reply = emulator.refresh(DEMO_CLIENT_ID, refresh_token, "Calendars.Read").await;
    let body = assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_grant", 65001);
    assert_eq!(body["suberror"], "consent_required");
    let reply = emulator.refresh(DEMO_CLIENT_ID, refresh_token, both).await;
    assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_request", 28000);
}

#[tokio::test]
async fn graph_can_check_access_tokens_by_the_emulator_clock() {
    let mut emulator = Emulator::new();
    let tokens = emulator.tokens(DEMO_CLIENT_ID, SCOPE, MEGAN).await;
    let access_token = tokens["access_token"].as_str().unwrap();
    let state = emulator.state.clone();
    let identity = state.identity();
    let checked = identity.verify_access_token(access_token, "https://graph.microsoft.com").unwrap();
    assert_eq!(checked.upn, MEGAN);
    assert_eq!(checked.client_id, DEMO_CLIENT_ID);
    assert_eq!(checked.scopes, ["Mail.Read", "User.Read"]);
    assert_eq!(identity.verify_access_token(access_token, "https://outlook.office.com"), Err(TokenRejection::Audience));
    let id_token = tokens["id_token"].as_str().unwrap();
    assert_eq!(identity.verify_access_token(id_token, "https://graph.microsoft.com"), Err(TokenRejection::NotAnAccessToken));
    let mut parts: Vec<&str> = access_token.split('.').collect();
    let other = tokens["id_token"].as_str().unwrap().split('.').nth(1).unwrap();
    parts[1] = other;
    assert!(matches!(identity.verify_access_token(&parts.join("."), "https://graph.microsoft.com"), Err(TokenRejection::Signature(_))));
    emulator.advance_clock(3599).await;
    assert_eq!(identity.verify_access_token(access_token, "https://graph.microsoft.com"), Err(TokenRejection::Expired));
}
