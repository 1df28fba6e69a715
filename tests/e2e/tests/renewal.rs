//! Keeping a sign-in alive: silent renewal, and the interactive way back when it cannot be.

use tern_e2e::Session;

const ADELE: &str = "adele@contoso.example";

async fn signed_in_at(path: &str) -> Session {
    let session = Session::start().await;
    session.open(path).await;
    session.sign_in(ADELE).await;
    assert_eq!(session.text_of("profile-name").await, "Adele Vance");
    session
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_access_token_is_renewed_once_for_concurrent_calls() {
    let session = signed_in_at("/").await;
    assert_eq!(session.token_grants().await, ["authorization_code"]);
    // The profile and the photo were fetched with the cached token: no renewal yet.
    session.edit_cached_tokens("tokens.access_tokens.forEach(t => t.expires_at = 0);").await;
    session.browser.refresh().await.unwrap();
    assert_eq!(session.text_of("profile-name").await, "Adele Vance");
    session.wait_for("profile-initials").await;
    assert_eq!(session.token_grants().await, ["authorization_code", "refresh_token"], "two concurrent Graph calls, one renewal");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_in_older_than_24_hours_goes_through_the_sign_in_page_and_back_to_the_same_screen() {
    let session = signed_in_at("/#/settings").await;
    assert_eq!(session.hash().await, "#/settings");
    session
        .edit_cached_tokens(
            "tokens.access_tokens.forEach(t => t.expires_at = 0);
             tokens.refresh_token.signed_in_at -= 25 * 3600;",
        )
        .await;
    session.browser.refresh().await.unwrap();
    // The emulator still has a session, so it may answer without asking anything.
    let next = session.first_of(&["signin-username", "account-tile", "consent-accept", "profile-name"]).await;
    if next != "profile-name" {
        session.complete_emulator_sign_in(ADELE).await;
    }
    assert_eq!(session.text_of("profile-name").await, "Adele Vance");
    assert_eq!(session.hash().await, "#/settings", "back where the person was");
    let grants = session.token_grants().await;
    assert_eq!(grants, ["authorization_code", "authorization_code"], "no doomed refresh was sent: {grants:?}");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_refresh_token_leads_to_an_interactive_sign_in_and_back() {
    let session = signed_in_at("/#/settings").await;
    // The revoked refresh token is refused (400 invalid_grant) before the sign-in page.
    session.expect_console_errors(&["/oauth2/v2.0/token - Failed to load resource: the server responded with a status of 400"]);
    let status = session.control("POST", "/_emulator/users/adele@contoso.example/revoke-refresh-tokens", "").await;
    assert_eq!(status, 204);
    session.edit_cached_tokens("tokens.access_tokens.forEach(t => t.expires_at = 0);").await;
    session.browser.refresh().await.unwrap();
    session.first_of(&["signin-username", "account-tile"]).await;
    session.complete_emulator_sign_in(ADELE).await;
    assert_eq!(session.text_of("profile-name").await, "Adele Vance");
    assert_eq!(session.hash().await, "#/settings");
    assert_eq!(
        session.token_grants().await,
        ["authorization_code", "refresh_token", "authorization_code"],
        "the refused renewal, then a new sign-in"
    );
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_implicit_flow_renews_with_a_new_authorize_round_trip() {
    let session = Session::start().await;
    session.use_config(serde_json::json!({ "client_id": tern_emulator::IMPLICIT_CLIENT_ID, "flow": "implicit" })).await;
    session.open("/#/settings").await;
    session.sign_in(ADELE).await;
    assert_eq!(session.text_of("profile-name").await, "Adele Vance");
    let first = session.all_stored_text().await;

    session.edit_cached_tokens("tokens.access_tokens.forEach(t => t.expires_at = 0);").await;
    session.browser.refresh().await.unwrap();
    let next = session.first_of(&["signin-username", "account-tile", "consent-accept", "profile-name"]).await;
    if next != "profile-name" {
        session.complete_emulator_sign_in(ADELE).await;
    }
    assert_eq!(session.text_of("profile-name").await, "Adele Vance");
    assert_eq!(session.hash().await, "#/settings");
    assert_ne!(session.all_stored_text().await, first, "a new access token was stored");
    assert_eq!(session.token_requests().await, 0, "the implicit flow never calls the token endpoint");
    session.finish().await;
}
