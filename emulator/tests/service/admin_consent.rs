//! `/{tenant}/v2.0/adminconsent`: an administrator grants permissions for everyone.

use crate::harness::*;
use axum::http::StatusCode;
use tern_emulator::{DEMO_CLIENT_ID, TENANT_ID};

fn admin_consent_url(scope: &str) -> String {
    format!(
        "/organizations/v2.0/adminconsent?{}",
        serde_urlencoded::to_string([("client_id", DEMO_CLIENT_ID), ("scope", scope), ("redirect_uri", APP), ("state", "12345"),]).unwrap()
    )
}

const ORG_SCOPES: &str = "https://graph.microsoft.com/User.Read.All https://graph.microsoft.com/Mail.Read";

#[tokio::test]
async fn an_admin_consents_for_the_organization_and_users_are_no_longer_asked() {
    let mut emulator = Emulator::new();
    let page = emulator.get(&admin_consent_url(ORG_SCOPES)).await;
    assert!(page.has("signin-form"));
    let consent = emulator.sign_in(&page, ADELE, "demo").await;
    assert!(consent.has("consent-for-organization"));
    assert_eq!(consent.attributes("consent-scope", "data-scope"), ["Mail.Read", "User.Read.All"]);
    let reply = emulator.press(&consent, "consent-accept", "decision", "accept").await;
    assert_eq!(reply.status, StatusCode::FOUND);
    assert!(reply.location().starts_with("http://localhost:8080/?admin_consent=True&tenant="), "{}", reply.location());
    let params = reply.params();
    assert_eq!(params["tenant"], TENANT_ID);
    assert_eq!(params["scope"], "https://graph.microsoft.com/Mail.Read https://graph.microsoft.com/User.Read.All");
    assert_eq!(params["state"], "12345");

    // Megan, no admin, now signs in for those permissions without a consent page.
    let mut megan = emulator.new_browser();
    let reply = megan.authorize_as(&code_params(DEMO_CLIENT_ID, "User.Read.All Mail.Read"), MEGAN).await;
    let code = reply.params()["code"].clone();
    let tokens = megan.redeem_for(DEMO_CLIENT_ID, &code, "User.Read.All").await.json();
    assert_eq!(claims(tokens["access_token"].as_str().unwrap())["scp"], "Mail.Read User.Read.All");
}

#[tokio::test]
async fn an_admin_who_cancels_sends_the_documented_error() {
    let mut emulator = Emulator::new();
    let page = emulator.get(&admin_consent_url(ORG_SCOPES)).await;
    let consent = emulator.sign_in(&page, ADELE, "demo").await;
    let reply = emulator.press(&consent, "consent-cancel", "decision", "cancel").await;
    assert!(reply.location().starts_with("http://localhost:8080/?admin_consent=True&error=access_denied"), "{}", reply.location());
    let params = reply.params();
    assert!(params["error_description"].starts_with("AADSTS65004: User declined to consent to access the app."));
    assert_eq!(params["state"], "12345");
    assert!(!params.contains_key("tenant"), "an error names no tenant");
}

#[tokio::test]
async fn a_user_who_is_not_an_admin_cannot_consent_for_the_organization() {
    let mut emulator = Emulator::new();
    let page = emulator.get(&admin_consent_url(ORG_SCOPES)).await;
    let approval = emulator.sign_in(&page, MEGAN, "demo").await;
    assert!(approval.has("admin-approval-needed"));
    assert_eq!(approval.text("emulator-error-code"), "AADSTS90094");
    let forced = emulator.press(&approval, "return-without-consent", "decision", "accept").await;
    assert!(forced.has("admin-approval-needed"), "accepting without being an admin is refused");

    let back = emulator.press(&approval, "return-without-consent", "decision", "return").await;
    let params = back.params();
    assert_eq!(params["admin_consent"], "True");
    assert_eq!(params["error"], "access_denied");
    assert!(params["error_description"].starts_with("AADSTS90094: The grant requires admin permission."));

    // Megan is signed in now, so the next request goes straight to the approval page;
    // "Have an admin account?" leads to the sign-in page, and Adele can finish.
    let approval = emulator.get(&admin_consent_url(ORG_SCOPES)).await;
    assert!(approval.has("admin-approval-needed"), "{}", approval.body);
    let sign_in = emulator.press(&approval, "use-another-account", "another", "1").await;
    assert!(sign_in.has("signin-form"));
    let consent = emulator.sign_in(&sign_in, ADELE, "demo").await;
    assert!(consent.has("consent-for-organization"));
}

#[tokio::test]
async fn admin_consent_checks_its_request_like_authorize() {
    let mut emulator = Emulator::new();
    let url = admin_consent_url(ORG_SCOPES).replace("localhost%3A8080", "localhost%3A9999");
    let reply = emulator.get(&url).await;
    assert_eq!(reply.text("emulator-error-code"), "AADSTS50011");
    assert!(reply.header("location").is_none());
    let reply = emulator.get(&admin_consent_url("https://graph.microsoft.com/Mail.Fly")).await;
    assert_eq!(reply.params()["admin_consent"], "True");
    assert_eq!(reply.params()["error"], "invalid_client");
}
