//! `POST /{tenant}/oauth2/v2.0/token`: authorization codes and refresh tokens redeemed
//! for tokens. The browser's `Origin` header makes a request a single-page-app
//! redemption; the answer is readable cross-origin only for the app's SPA origins.

use super::errors::{self, OAuthError};
use super::registry::{App, Platform, TENANT_ID};
use super::scopes::Scopes;
use super::web::{self, form_pairs, pick, pick_nonempty, Tenant};
use super::{IdTokenExtras, Identity, Issued, RefreshPlan, Subject, ACCESS_TOKEN_SECONDS, CODE_SECONDS};
use crate::Shared;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::json;
use sha2::{Digest, Sha256};

pub async fn token(State(state): State<Shared>, Path(tenant): Path<String>, headers: HeaderMap, body: String) -> Response {
    let identity = &state.identity;
    let form = form_pairs(&body);
    let browser = headers.get(header::ORIGIN).and_then(|value| value.to_str().ok());
    let grant_type = pick_nonempty(&form, "grant_type");
    let client_id = pick_nonempty(&form, "client_id");
    identity.log_token_request(grant_type.unwrap_or_default(), client_id.unwrap_or_default(), browser);

    let app = client_id.and_then(|id| identity.registry.app(id));
    let allow = browser.filter(|origin| app.is_some_and(|app| app.spa_origin_allowed(origin)));
    let origin = web::request_origin(&headers, &identity.default_origin);
    let answer = Tenant::parse(&tenant)
        .ok_or_else(|| errors::tenant_not_found(&tenant))
        .and_then(|tenant| identity.redeem(tenant, &form, browser, &origin));
    match answer {
        Ok(issued) => {
            let body = Identity::token_body(issued, &form);
            web::json(StatusCode::OK, &body, allow)
        }
        // Errors are readable by any page, so a SPA can explain a refusal such as
        // AADSTS9002326 (emulator/FIDELITY.md, "Token endpoint").
        Err(error) => web::json_error(&error, identity.clock.now(), &headers, &origin, browser),
    }
}

/// The CORS preflight a browser sends before a token request with extra headers.
pub async fn preflight(headers: HeaderMap) -> Response {
    let mut response = StatusCode::OK.into_response();
    let out = response.headers_mut();
    if let Some(origin) = headers.get(header::ORIGIN) {
        out.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
        out.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
    out.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("POST, OPTIONS"));
    if let Some(asked) = headers.get(header::ACCESS_CONTROL_REQUEST_HEADERS) {
        out.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, asked.clone());
    }
    out.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("86400"));
    response
}

pub async fn not_post(State(state): State<Shared>, method: Method, headers: HeaderMap) -> Response {
    let identity = &state.identity;
    let origin = web::request_origin(&headers, &identity.default_origin);
    web::json_error(&errors::post_only(method.as_str()), identity.clock.now(), &headers, &origin, None)
}

impl Identity {
    fn redeem(&self, tenant: Tenant, form: &[(String, String)], browser: Option<&str>, origin: &str) -> Result<Issued, OAuthError> {
        let grant_type = pick_nonempty(form, "grant_type").ok_or_else(|| errors::missing_parameter("grant_type"))?;
        let client_id = pick_nonempty(form, "client_id").ok_or_else(|| errors::missing_parameter("client_id"))?;
        let app = self.registry.app(client_id).ok_or_else(|| errors::app_not_found(client_id.trim(), tenant.directory_name()))?.clone();
        if tenant == Tenant::Consumers {
            return Err(errors::organizations_only(&app.client_id, &app.name));
        }
        match grant_type {
            "authorization_code" => self.redeem_code(&app, form, browser, origin),
            "refresh_token" => self.redeem_refresh_token(&app, form, browser, origin),
            other => Err(errors::grant_type_unsupported(other)),
        }
    }

    fn redeem_code(&self, app: &App, form: &[(String, String)], browser: Option<&str>, origin: &str) -> Result<Issued, OAuthError> {
        let redirect_uri = pick_nonempty(form, "redirect_uri").ok_or_else(|| errors::missing_parameter("redirect_uri"))?;
        let platform = app.platform_of(redirect_uri).ok_or_else(|| errors::redirect_uri_mismatch(redirect_uri, &app.client_id))?;
        match (platform, browser) {
            (Platform::Spa, Some(browser)) if app.spa_origin_allowed(browser) => {}
            (Platform::Spa, None) => return Err(errors::spa_needs_cross_origin()),
            (_, Some(browser)) => return Err(errors::cross_origin_needs_spa(browser)),
            // A Web-platform app is a confidential client: it must prove itself with a
            // secret or an assertion, and the emulator registers neither.
            (Platform::Web, None) => return Err(errors::client_secret_required()),
        }
        let code = pick_nonempty(form, "code").ok_or_else(|| errors::missing_parameter("code"))?;
        let now = self.clock.now();
        let (oid, sid, code_scopes, nonce) = {
            let mut store = self.store();
            let Some(record) = store.codes.get_mut(code).filter(|record| record.client_id == app.client_id) else {
                return Err(errors::malformed_grant());
            };
            if record.redeemed {
                return Err(errors::code_redeemed());
            }
            if now >= record.issued.plus_seconds(CODE_SECONDS) {
                return Err(errors::code_expired());
            }
            if record.redirect_uri != redirect_uri {
                return Err(errors::redirect_uri_differs());
            }
            if let Some(challenge) = &record.challenge {
                let verified = pick(form, "code_verifier")
                    .is_some_and(|verifier| URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) == *challenge);
                if !verified {
                    return Err(errors::verifier_mismatch());
                }
            }
            (record.oid.clone(), record.sid.clone(), record.scopes.clone(), record.nonce.clone())
        };
        let user = self.registry.user_by_oid(&oid).expect("a directory user").clone();
        let mut scopes = self.token_scopes(app, &oid, form, &code_scopes)?;
        scopes.oidc.extend(code_scopes.oidc.iter().copied());
        if let Some(record) = self.store().codes.get_mut(code) {
            record.redeemed = true;
        }
        let refresh = scopes.has("offline_access").then(|| RefreshPlan { scopes: code_scopes.clone(), issued: None, expires: None });
        let extras = IdTokenExtras { nonce, with_at_hash: false };
        let who = Subject { origin, user: &user, app, sid: &sid };
        Ok(self.issue(&who, &scopes, Some(extras), refresh))
    }

    fn redeem_refresh_token(
        &self,
        app: &App,
        form: &[(String, String)],
        browser: Option<&str>,
        origin: &str,
    ) -> Result<Issued, OAuthError> {
        match browser {
            Some(browser) if app.spa_origin_allowed(browser) => {}
            Some(browser) => return Err(errors::cross_origin_needs_spa(browser)),
            None => return Err(errors::spa_needs_cross_origin()),
        }
        let token = pick_nonempty(form, "refresh_token").ok_or_else(|| errors::missing_parameter("refresh_token"))?;
        let grant = self
            .store()
            .refresh_tokens
            .get(token)
            .filter(|grant| grant.client_id == app.client_id)
            .cloned()
            .ok_or_else(errors::malformed_grant)?;
        let now = self.clock.now();
        if now >= grant.expires {
            return Err(errors::spa_refresh_token_expired(grant.issued));
        }
        if let Some((count, valid_from)) = self.store().revocations.get(&grant.oid).copied() {
            if grant.revocation < count {
                return Err(errors::grant_revoked(grant.issued, valid_from));
            }
        }
        let user = self.registry.user_by_oid(&grant.oid).expect("a directory user").clone();
        let scopes = self.token_scopes(app, &grant.oid, form, &grant.scopes)?;
        let refresh = RefreshPlan { scopes: grant.scopes.clone(), issued: Some(grant.issued), expires: Some(grant.expires) };
        let extras = IdTokenExtras { nonce: None, with_at_hash: false };
        let who = Subject { origin, user: &user, app, sid: &grant.sid };
        Ok(self.issue(&who, &scopes, Some(extras), Some(refresh)))
    }

    /// The scopes a token request names (those of the sign-in when it names none): one
    /// API at most, and nothing the user has not consented to. A grant can mint tokens
    /// for every API the user consented to for the app.
    fn token_scopes(&self, app: &App, oid: &str, form: &[(String, String)], fallback: &Scopes) -> Result<Scopes, OAuthError> {
        let (scopes, text) = match pick_nonempty(form, "scope") {
            Some(text) => (Scopes::parse(text, app)?, text.to_owned()),
            None => (fallback.clone(), fallback.all().into_iter().collect::<Vec<_>>().join(" ")),
        };
        if scopes.resource().is_err() {
            return Err(errors::scope_spans_resources(&text));
        }
        let mut asked = scopes.clone();
        asked.oidc.clear();
        if !self.missing_consent(oid, app, &asked).is_empty() {
            return Err(errors::consent_missing_for_grant(&app.client_id, &app.name));
        }
        Ok(scopes)
    }

    fn token_body(issued: Issued, form: &[(String, String)]) -> serde_json::Value {
        let mut body = json!({
            "token_type": "Bearer",
            "scope": issued.scope,
            "expires_in": ACCESS_TOKEN_SECONDS,
            "ext_expires_in": ACCESS_TOKEN_SECONDS,
            "access_token": issued.access_token,
        });
        if let Some((token, expires_in)) = issued.refresh_token {
            body["refresh_token"] = json!(token);
            body["refresh_token_expires_in"] = json!(expires_in);
        }
        if let Some(id_token) = &issued.id_token {
            body["id_token"] = json!(id_token);
        }
        // MSAL asks for `client_info=1`: the account's ids, base64url-encoded JSON.
        if pick(form, "client_info") == Some("1") {
            let info = json!({"uid": issued.oid, "utid": TENANT_ID}).to_string();
            body["client_info"] = json!(URL_SAFE_NO_PAD.encode(info));
        }
        body
    }
}
