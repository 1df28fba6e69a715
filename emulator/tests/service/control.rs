//! The `/_emulator/…` switches tests use.

use crate::harness::*;
use axum::http::{Method, StatusCode};
use tern_emulator::{DEMO_CLIENT_ID, WEB_CLIENT_ID};

#[tokio::test]
async fn the_token_request_log_counts_every_call_and_reset_clears_it() {
    let mut emulator = Emulator::new();
    let tokens = emulator.tokens(DEMO_CLIENT_ID, SCOPE, ADELE).await;
    emulator.refresh(DEMO_CLIENT_ID, tokens["refresh_token"].as_str().unwrap(), SCOPE).await;
    emulator.token(&[("grant_type", "authorization_code"), ("client_id", WEB_CLIENT_ID)], None).await;
    let log = emulator.get("/_emulator/token-requests").await.json();
    assert_eq!(log["count"], 3);
    let requests = log["requests"].as_array().unwrap();
    assert_eq!(requests[0]["grant_type"], "authorization_code");
    assert_eq!(requests[1]["grant_type"], "refresh_token");
    assert_eq!(requests[1]["client_id"], DEMO_CLIENT_ID);
    assert_eq!(requests[1]["origin"], APP_ORIGIN);
    assert!(requests[2]["origin"].is_null());
    assert!(requests[0]["time"].as_str().unwrap().ends_with('Z'));

    emulator.advance_clock(7200).await;
    assert_eq!(emulator.post_json("/_emulator/reset", "").await.status, StatusCode::NO_CONTENT);
    assert_eq!(emulator.get("/_emulator/token-requests").await.json()["count"], 0);
    let clock = emulator.post_json("/_emulator/clock/advance", r#"{"seconds": 0}"#).await.json();
    assert_eq!(clock["offset_seconds"], 0, "reset puts the clock back");
}

#[tokio::test]
async fn planted_claims_change_the_next_id_token_only() {
    let mut emulator = Emulator::new();
    let reply = emulator
        .send(
            Method::PUT,
            "/_emulator/next-id-token-claims",
            &[],
            r#"{"nonce": "someone-else", "aud": "another-app", "name": null}"#.into(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let planted = claims(emulator.tokens(DEMO_CLIENT_ID, SCOPE, ADELE).await["id_token"].as_str().unwrap());
    assert_eq!(planted["nonce"], "someone-else");
    assert_eq!(planted["aud"], "another-app");
    assert!(!planted.contains_key("name"));
    let normal = claims(emulator.tokens(DEMO_CLIENT_ID, SCOPE, ADELE).await["id_token"].as_str().unwrap());
    assert_eq!(normal["nonce"], "nonce-1");
    assert_eq!(normal["aud"], DEMO_CLIENT_ID);

    let reply = emulator.send(Method::PUT, "/_emulator/next-id-token-claims", &[], r#"{"exp": 1}"#.into()).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    emulator.post_json("/_emulator/reset", "").await;
    let after_reset = claims(emulator.tokens(DEMO_CLIENT_ID, SCOPE, ADELE).await["id_token"].as_str().unwrap());
    assert_ne!(after_reset["exp"], 1, "reset drops planted claims");

    let bad = emulator.send(Method::PUT, "/_emulator/next-id-token-claims", &[], "[1, 2]".into()).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_clock_moves_only_by_whole_seconds_given_as_json() {
    let mut emulator = Emulator::new();
    let reply = emulator.post_json("/_emulator/clock/advance", r#"{"seconds": 90}"#).await;
    assert_eq!(reply.json()["offset_seconds"], 90);
    let reply = emulator.post_json("/_emulator/clock/advance", r#"{"seconds": -30}"#).await;
    assert_eq!(reply.json()["offset_seconds"], 60);
    assert_eq!(emulator.post_json("/_emulator/clock/advance", r#"{"seconds": "soon"}"#).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(emulator.get("/_emulator/health").await.json()["status"], "ok");
}
