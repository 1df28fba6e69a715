//! `/{tenant}/oauth2/v2.0/logout`: the session ends; the browser returns to the app only
//! when the address is one of its redirect URIs.

use crate::harness::*;
use axum::http::StatusCode;
use tern_emulator::DEMO_CLIENT_ID;

fn silent() -> String {
    let mut params = code_params(DEMO_CLIENT_ID, SCOPE);
    params.push(("prompt", "none"));
    authorize_url(&params)
}

#[tokio::test]
async fn signing_out_ends_the_session_and_returns_to_a_registered_address() {
    let mut emulator = Emulator::new();
    emulator.authorize_as(&code_params(DEMO_CLIENT_ID, SCOPE), ADELE).await;
    assert!(emulator.get(&silent()).await.params().contains_key("code"));
    let url = format!(
        "/common/oauth2/v2.0/logout?{}",
        serde_urlencoded::to_string([("post_logout_redirect_uri", APP), ("client_id", DEMO_CLIENT_ID), ("state", "bye")]).unwrap()
    );
    let reply = emulator.get(&url).await;
    assert_eq!(reply.status, StatusCode::FOUND);
    assert_eq!(reply.location(), "http://localhost:8080/?state=bye");
    assert!(reply.header("set-cookie").unwrap().contains("Max-Age=0"));
    assert_eq!(emulator.get(&silent()).await.params()["error"], "login_required");
}

#[tokio::test]
async fn an_unregistered_address_gets_the_signed_out_page() {
    let mut emulator = Emulator::new();
    emulator.authorize_as(&code_params(DEMO_CLIENT_ID, SCOPE), ADELE).await;
    let reply = emulator.get("/common/oauth2/v2.0/logout?post_logout_redirect_uri=https%3A%2F%2Fevil.example%2F").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.has("signed-out"));
    assert!(reply.header("location").is_none());
    assert_eq!(emulator.get(&silent()).await.params()["error"], "login_required");
    assert!(emulator.get("/common/oauth2/v2.0/logout").await.has("signed-out"));
}

#[tokio::test]
async fn the_address_must_belong_to_the_named_app() {
    let mut emulator = Emulator::with_identity_file(
        r#"{"apps": [{"client_id": "0c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f", "name": "Other",
                      "spa_redirect_uris": ["http://localhost:3000/"]}]}"#,
    );
    let logout = |client_id: &str| {
        format!(
            "/common/oauth2/v2.0/logout?{}",
            serde_urlencoded::to_string([("post_logout_redirect_uri", "http://localhost:3000/"), ("client_id", client_id)]).unwrap()
        )
    };
    assert!(emulator.get(&logout(DEMO_CLIENT_ID)).await.has("signed-out"));
    assert_eq!(emulator.get(&logout("0c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f")).await.location(), "http://localhost:3000/");
    let any = emulator.get("/common/oauth2/v2.0/logout?post_logout_redirect_uri=http%3A%2F%2Flocalhost%3A3000%2F").await;
    assert_eq!(any.location(), "http://localhost:3000/", "without client_id any app's address will do");
}

#[tokio::test]
async fn a_logout_hint_signs_out_only_that_account() {
    let mut emulator = Emulator::new();
    emulator.authorize_as(&code_params(DEMO_CLIENT_ID, SCOPE), ADELE).await;
    let mut login = code_params(DEMO_CLIENT_ID, SCOPE);
    login.push(("prompt", "login"));
    emulator.authorize_as(&login, MEGAN).await;
    let reply = emulator.get("/common/oauth2/v2.0/logout?logout_hint=megan%40contoso.example").await;
    assert!(reply.has("signed-out"));
    assert!(reply.header("set-cookie").is_none(), "Adele is still signed in");
    let code = emulator.get(&silent()).await.params()["code"].clone();
    let tokens = emulator.redeem(DEMO_CLIENT_ID, &code).await.json();
    assert_eq!(claims(tokens["id_token"].as_str().unwrap())["preferred_username"], ADELE);
}
