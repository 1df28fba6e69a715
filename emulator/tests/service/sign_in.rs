//! The pages a person meets: sign-in, account picker, consent; and the single sign-on
//! and `prompt` behaviour that decides which of them appear.

use crate::harness::*;
use axum::http::StatusCode;
use tern_emulator::{DEMO_CLIENT_ID, WEB_CLIENT_ID};

fn with_param<'a>(mut params: Vec<(&'a str, &'a str)>, name: &'a str, value: &'a str) -> Vec<(&'a str, &'a str)> {
    params.retain(|(key, _)| *key != name);
    params.push((name, value));
    params
}

#[tokio::test]
async fn the_sign_in_page_names_the_app_offers_the_demo_users_and_works_without_script() {
    let mut emulator = Emulator::new();
    let page = emulator.get(&authorize_url(&code_params(DEMO_CLIENT_ID, SCOPE))).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.text("app-name"), "Tern (demo)");
    assert_eq!(page.attributes("pick-user", "data-upn"), [ADELE, MEGAN]);
    assert!(page.has("signin-username") && page.has("signin-password") && page.has("signin-submit"));
    assert!(page.text("password-hint").contains("demo"));
    assert!(!page.body.contains("<script"));
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
    assert_eq!(page.header("cross-origin-opener-policy"), Some("same-origin"));
    assert!(page.header("content-security-policy").unwrap().contains("frame-ancestors 'none'"));
    assert!(emulator.cookie("tern_emulator_session").is_none(), "no session before signing in");
}

#[tokio::test]
async fn a_wrong_password_or_unknown_user_shows_the_page_again_with_the_error() {
    let mut emulator = Emulator::new();
    let page = emulator.get(&authorize_url(&code_params(DEMO_CLIENT_ID, SCOPE))).await;
    let again = emulator.sign_in(&page, ADELE, "not-demo").await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.attributes("signin-error", "data-code"), ["AADSTS50126"]);
    assert!(again.text("signin-error").contains("password is incorrect"));
    assert_eq!(again.input_value("signin-username"), ADELE);
    assert!(emulator.cookie("tern_emulator_session").is_none());
    let unknown = emulator.sign_in(&again, "nobody@contoso.example", "demo").await;
    assert_eq!(unknown.attributes("signin-error", "data-code"), ["AADSTS50034"]);
    let consent = emulator.sign_in(&unknown, ADELE, "demo").await;
    assert!(consent.has("consent-accept"), "the right password goes on: {}", consent.body);
}

#[tokio::test]
async fn picking_a_demo_user_fills_in_the_user_name() {
    let mut emulator = Emulator::new();
    let page = emulator.get(&authorize_url(&code_params(DEMO_CLIENT_ID, SCOPE))).await;
    let picked = emulator.press(&page, "pick-user", "pick", MEGAN).await;
    assert_eq!(picked.input_value("signin-username"), MEGAN);
    assert!(picked.body.contains("data-testid=\"signin-password\" autofocus"));
    let hinted = emulator.get(&authorize_url(&with_param(code_params(DEMO_CLIENT_ID, SCOPE), "login_hint", MEGAN))).await;
    assert_eq!(hinted.input_value("signin-username"), MEGAN);
}

#[tokio::test]
async fn signing_in_starts_a_session_and_consent_lists_every_requested_scope() {
    let mut emulator = Emulator::new();
    let page = emulator.get(&authorize_url(&code_params(DEMO_CLIENT_ID, SCOPE))).await;
    let consent = emulator.sign_in(&page, ADELE, "demo").await;
    let cookie = consent.header("set-cookie").unwrap();
    assert!(cookie.starts_with("tern_emulator_session="));
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    assert_eq!(consent.attributes("consent-scope", "data-scope"), ["openid", "profile", "offline_access", "Mail.Read", "User.Read"]);
    assert_eq!(consent.text("app-name"), "Tern (demo)");
    let done = emulator.press(&consent, "consent-accept", "decision", "accept").await;
    assert_eq!(done.status, StatusCode::FOUND);
    assert!(done.params().contains_key("code"));
}

#[tokio::test]
async fn cancelling_consent_tells_the_app_the_user_declined() {
    let mut emulator = Emulator::new();
    let page = emulator.get(&authorize_url(&code_params(DEMO_CLIENT_ID, SCOPE))).await;
    let consent = emulator.sign_in(&page, ADELE, "demo").await;
    let reply = emulator.press(&consent, "consent-cancel", "decision", "cancel").await;
    let params = reply.params();
    assert_eq!(params["error"], "access_denied");
    assert!(params["error_description"].starts_with("AADSTS65004: User declined to consent to access the app."));
    assert_eq!(params["state"], "state-1");
    assert!(!params.contains_key("code"));
    // Nothing was granted: the next sign-in asks again.
    let again = emulator.get(&authorize_url(&code_params(DEMO_CLIENT_ID, SCOPE))).await;
    assert!(again.has("consent-accept"));
}

#[tokio::test]
async fn a_signed_in_user_who_consented_gets_straight_back_to_the_app() {
    let mut emulator = Emulator::new();
    emulator.authorize_as(&code_params(DEMO_CLIENT_ID, SCOPE), ADELE).await;
    let reply = emulator.get(&authorize_url(&code_params(DEMO_CLIENT_ID, "openid profile User.Read"))).await;
    assert_eq!(reply.status, StatusCode::FOUND, "consented scopes need no page");
    assert!(reply.params().contains_key("code"));
    let more = emulator.get(&authorize_url(&code_params(DEMO_CLIENT_ID, "openid Calendars.Read"))).await;
    assert_eq!(more.attributes("consent-scope", "data-scope"), ["openid", "Calendars.Read"], "a new scope asks again");
}

#[tokio::test]
async fn prompt_login_and_prompt_consent_show_their_pages_even_with_a_session() {
    let mut emulator = Emulator::new();
    emulator.authorize_as(&code_params(DEMO_CLIENT_ID, SCOPE), ADELE).await;
    let login = emulator.get(&authorize_url(&with_param(code_params(DEMO_CLIENT_ID, SCOPE), "prompt", "login"))).await;
    assert!(login.has("signin-form"));
    let consent = emulator.get(&authorize_url(&with_param(code_params(DEMO_CLIENT_ID, SCOPE), "prompt", "consent"))).await;
    assert!(consent.has("consent-accept"));
    let bad = emulator.get(&authorize_url(&with_param(code_params(DEMO_CLIENT_ID, SCOPE), "prompt", "sometimes"))).await;
    assert_eq!(bad.error_code(), "AADSTS90023");
}

#[tokio::test]
async fn prompt_none_answers_silently_or_says_why_it_cannot() {
    let mut emulator = Emulator::new();
    let silent = with_param(code_params(DEMO_CLIENT_ID, SCOPE), "prompt", "none");
    let reply = emulator.get(&authorize_url(&silent)).await;
    assert_eq!(reply.params()["error"], "login_required");
    assert!(reply.params()["error_description"].starts_with("AADSTS50058: A silent sign-in request was sent but no user is signed in."));

    // Signed in for other scopes only: consent is missing.
    emulator.authorize_as(&code_params(DEMO_CLIENT_ID, "openid profile User.Read"), ADELE).await;
    let reply = emulator.get(&authorize_url(&silent)).await;
    assert_eq!(reply.params()["error"], "consent_required");
    assert!(reply.params()["error_description"].starts_with(&format!(
        "AADSTS65001: The user or administrator has not consented to use the application with ID '{DEMO_CLIENT_ID}' named 'Tern (demo)'."
    )));

    emulator.authorize_as(&code_params(DEMO_CLIENT_ID, SCOPE), ADELE).await;
    let reply = emulator.get(&authorize_url(&silent)).await;
    assert!(reply.params().contains_key("code"), "{}", reply.location());
}

#[tokio::test]
async fn prompt_none_with_two_accounts_needs_a_hint() {
    let mut emulator = Emulator::new();
    emulator.authorize_as(&code_params(DEMO_CLIENT_ID, SCOPE), ADELE).await;
    let login = with_param(code_params(DEMO_CLIENT_ID, SCOPE), "prompt", "login");
    emulator.authorize_as(&login, MEGAN).await;

    let silent = with_param(code_params(DEMO_CLIENT_ID, SCOPE), "prompt", "none");
    let reply = emulator.get(&authorize_url(&silent)).await;
    assert_eq!(reply.params()["error"], "interaction_required");
    assert!(reply.params()["error_description"].starts_with(
        "AADSTS16000: Either multiple user identities are available for the current request or selected account is not supported for the scenario."
    ));
    let hinted = with_param(silent.clone(), "login_hint", MEGAN);
    let reply = emulator.get(&authorize_url(&hinted)).await;
    let code = reply.params()["code"].clone();
    let tokens = emulator.redeem(DEMO_CLIENT_ID, &code).await.json();
    assert_eq!(claims(tokens["id_token"].as_str().unwrap())["preferred_username"], MEGAN);
    let stranger = with_param(silent, "login_hint", "someone@contoso.example");
    assert_eq!(emulator.get(&authorize_url(&stranger)).await.params()["error"], "login_required");
}

#[tokio::test]
async fn with_several_accounts_or_select_account_the_picker_comes() {
    let mut emulator = Emulator::new();
    let select = with_param(code_params(DEMO_CLIENT_ID, SCOPE), "prompt", "select_account");
    let first = emulator.get(&authorize_url(&select)).await;
    assert!(first.has("signin-form"), "nobody signed in yet: the sign-in page");
    emulator.complete(first, ADELE).await;

    let picker = emulator.get(&authorize_url(&select)).await;
    assert_eq!(picker.attributes("account-tile", "data-upn"), [ADELE]);
    assert!(picker.has("use-another-account"));
    let other = emulator.press(&picker, "use-another-account", "another", "1").await;
    assert!(other.has("signin-form"));
    let done = emulator.complete(other, MEGAN).await;
    assert!(done.params().contains_key("code"));

    let picker = emulator.get(&authorize_url(&code_params(DEMO_CLIENT_ID, SCOPE))).await;
    assert_eq!(picker.attributes("account-tile", "data-upn"), [ADELE, MEGAN], "two accounts: no guessing");
    let chosen = emulator.press(&picker, "account-tile", "upn", ADELE).await;
    let code = chosen.params()["code"].clone();
    let tokens = emulator.redeem(DEMO_CLIENT_ID, &code).await.json();
    assert_eq!(claims(tokens["id_token"].as_str().unwrap())["preferred_username"], ADELE);
}

#[tokio::test]
async fn a_permission_only_an_admin_may_grant_stops_a_user_at_admin_approval() {
    let mut emulator = Emulator::new();
    let params = code_params(DEMO_CLIENT_ID, "openid profile User.Read.All");
    let page = emulator.get(&authorize_url(&params)).await;
    let approval = emulator.sign_in(&page, MEGAN, "demo").await;
    assert!(approval.has("admin-approval-needed"));
    assert_eq!(approval.text("emulator-error-code"), "AADSTS90094");
    // Accepting anyway is refused: the page comes back.
    let forced = emulator.press(&approval, "return-without-consent", "decision", "accept").await;
    assert!(forced.has("admin-approval-needed"));
    let back = emulator.press(&approval, "return-without-consent", "decision", "return").await;
    assert_eq!(back.params()["error"], "access_denied");
    assert!(back.params()["error_description"].starts_with("AADSTS90094: The grant requires admin permission."));

    // The admin may consent for herself.
    let admin = emulator.new_browser().authorize_as(&params, ADELE).await;
    assert!(admin.params().contains_key("code"));
}

#[tokio::test]
async fn a_stale_or_forged_interaction_is_refused() {
    let mut emulator = Emulator::new();
    let reply = emulator.post_form("/common/login", &[("ctx", "made-up"), ("login", ADELE), ("passwd", "demo")]).await;
    assert_eq!(reply.text("emulator-error-code"), "AADSTS50089");
    let page = emulator.get(&authorize_url(&code_params(DEMO_CLIENT_ID, SCOPE))).await;
    let consent = emulator.sign_in(&page, ADELE, "demo").await;
    // Another browser cannot accept consent on Adele's behalf.
    let mut other = emulator.new_browser();
    let forged = other.press(&consent, "consent-accept", "decision", "accept").await;
    assert_eq!(forged.text("emulator-error-code"), "AADSTS50089");
    // An hour later the page is no longer usable.
    emulator.advance_clock(3601).await;
    let late = emulator.press(&consent, "consent-accept", "decision", "accept").await;
    assert_eq!(late.text("emulator-error-code"), "AADSTS50089");
}

#[tokio::test]
async fn a_web_app_sign_in_gives_a_code_that_only_a_confidential_client_could_redeem() {
    let mut emulator = Emulator::new();
    let mut params = code_params(WEB_CLIENT_ID, SCOPE);
    params.retain(|(name, _)| !name.starts_with("code_challenge"));
    let reply = emulator.authorize_as(&params, ADELE).await;
    assert!(reply.params().contains_key("code"));
}
