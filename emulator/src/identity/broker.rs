//! What Outlook does for an add-in that asks it for tokens (nested app authentication): a
//! control endpoint the tests' stand-in bridge (`tests/e2e/office/office.js`) calls where
//! Outlook would call the identity platform for the signed-in person. It answers in the
//! bridge's own terms: a token and an account, or an error with a bridge status.
//!
//! The app registration must list `brk-multihub://{the pane's host}` as a single-page app
//! redirect URI, as Microsoft's guide for nested app authentication requires.

use super::errors::OAuthError;
use super::{random, IdTokenExtras, Identity, Subject, ACCESS_TOKEN_SECONDS};
use crate::Shared;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

pub fn routes() -> Router<Shared> {
    Router::new().route("/_emulator/naa/token", post(token))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Ask {
    /// Who Outlook is signed in as.
    username: String,
    client_id: String,
    scope: String,
    /// The origin of the add-in's pane.
    pane_origin: String,
    /// `GetTokenPopup`: Outlook may ask the person (sign-in, consent).
    interactive: bool,
}

fn refused(status: &str, error: &OAuthError) -> Response {
    Json(json!({
        "error": {
            "status": status,
            "code": error.error,
            "subError": error.suberror,
            "description": format!("AADSTS{}: {}", error.code, error.message),
        }
    }))
    .into_response()
}

async fn token(State(state): State<Shared>, Json(ask): Json<Ask>) -> Response {
    let identity = &state.identity;
    match identity.broker_token(&state.origin, &ask) {
        Ok(answer) => Json(answer).into_response(),
        Err((status, error)) => refused(status, &error),
    }
}

impl Identity {
    fn broker_token(&self, origin: &str, ask: &Ask) -> Result<Value, (&'static str, OAuthError)> {
        let persistent = |error| ("PERSISTENT_ERROR", error);
        let app = self
            .registry
            .app(&ask.client_id)
            .ok_or_else(|| persistent(super::errors::app_not_found(&ask.client_id, super::TENANT_DOMAIN)))?;
        let host = ask.pane_origin.split_once("://").map(|(_, host)| host).unwrap_or_default();
        let broker_uri = format!("brk-multihub://{host}");
        if !app.is_redirect_uri(&broker_uri) {
            return Err(persistent(super::errors::redirect_uri_mismatch(&broker_uri, &app.client_id)));
        }
        let user = self.registry.user_by_upn(&ask.username).ok_or(("ACCOUNT_UNAVAILABLE", super::errors::unknown_user()))?.clone();
        let scopes = super::scopes::Scopes::parse(&ask.scope, app).map_err(persistent)?;
        let mut asked = scopes.clone();
        asked.oidc.clear();
        let missing = self.missing_consent(&user.oid, app, &asked);
        if !missing.is_empty() {
            if !ask.interactive {
                return Err(("USER_INTERACTION_REQUIRED", super::errors::consent_missing_for_grant(&app.client_id, &app.name)));
            }
            // Outlook's own window asked, and the person agreed.
            self.grant(&user.oid, &app.client_id, missing);
        }
        let sid = random::guid();
        let who = Subject { origin, user: &user, app, sid: &sid };
        let issued = self.issue(&who, &scopes, Some(IdTokenExtras { nonce: None, with_at_hash: false }), None);
        Ok(json!({
            "token": {
                "access_token": issued.access_token,
                "id_token": issued.id_token.unwrap_or_default(),
                "expires_in": ACCESS_TOKEN_SECONDS,
                "scope": issued.scope,
                "properties": null,
            },
            "account": {
                "homeAccountId": format!("{}.{}", user.oid, super::TENANT_ID),
                "environment": "login.microsoftonline.com",
                "tenantId": super::TENANT_ID,
                "username": user.upn,
                "localAccountId": user.oid,
                "name": user.name,
            }
        }))
    }
}
