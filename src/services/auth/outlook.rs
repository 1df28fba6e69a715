//! Signing in inside Outlook: the add-in's pane asks Outlook for tokens through nested app
//! authentication (`browser::naa_bridge`) rather than leaving for the sign-in page, which
//! Microsoft refuses to show in Outlook on the web's frame. Outlook keeps the sign-in and
//! its refresh token; Tern keeps what Outlook gives, in memory, and verifies the ID token
//! as after any sign-in.

use super::{now, Auth, Core};
use crate::browser::crypto;
use crate::browser::naa_bridge::Bridge;
use tern_core::auth::authorize::{sign_in_scopes, Purpose};
use tern_core::auth::error::AuthError;
use tern_core::auth::naa::{self, Answer, Method, Next, TokenParams};
use tern_core::auth::token::TokenResponse;
use tern_core::auth::token_cache::{granted_scopes, AccessToken};
use tern_core::config::Flow;

impl Core {
    /// A token for `scopes` from Outlook: silently, then, when Outlook must ask the person
    /// and `may_ask` allows, through Outlook's own window.
    async fn ask_outlook(&self, bridge: &Bridge, scopes: &[String], may_ask: bool) -> Result<naa::Token, AuthError> {
        let params = TokenParams {
            client_id: self.config.client_id.clone(),
            authority: Some(self.config.authority.clone()),
            scope: scopes.join(" "),
            correlation_id: crypto::random_token().map_err(AuthError::RandomSource)?,
            claims: None,
        };
        let unreachable = |detail: String| AuthError::Network { what: "Asking Outlook to sign Tern in".into(), detail };
        let mut answer = bridge.ask(Method::GetToken, Some(&params)).await.map_err(unreachable)?;
        if let Answer::Refused(error) = &answer {
            if may_ask && error.status.next(false) == Next::AskInteractively {
                answer = bridge.ask(Method::GetTokenPopup, Some(&params)).await.map_err(unreachable)?;
            }
        }
        match answer {
            Answer::Token { token, .. } => Ok(token),
            Answer::Refused(error) => Err(AuthError::Outlook(Box::new(error))),
            Answer::Ready => Err(AuthError::Incomplete("token in Outlook's answer".into())),
        }
    }

    /// A fresh access token for the account from Outlook, without asking the person.
    pub(super) async fn renew_through_outlook(&self, bridge: &Bridge, account: &str) -> Result<String, AuthError> {
        let mut tokens = self.load_tokens(account)?.ok_or(AuthError::NotSignedIn)?;
        let token = self.ask_outlook(bridge, &self.required_scopes(&tokens), false).await?;
        let issued_at = now();
        let scopes = granted_scopes(token.scope.as_deref().unwrap_or_default());
        tokens.store_access_token(
            AccessToken { token: token.access_token.clone(), scopes, expires_at: issued_at + token.expires_in as i64 },
            issued_at,
        );
        self.save_tokens(&tokens)?;
        Ok(token.access_token)
    }
}

impl Auth {
    /// Signs in as whoever Outlook is signed in as, if Outlook can do so without asking:
    /// how the pane starts, and how it comes back after a reload (its tokens live in memory).
    pub async fn sign_in_quietly_through_outlook(self) -> Result<(), AuthError> {
        let Some(bridge) = self.core().outlook.clone() else { return Err(AuthError::NotSignedIn) };
        let scopes = self.core().config.scopes.clone();
        self.sign_in_through_outlook(&bridge, Purpose::SignIn, &scopes, false).await
    }

    pub(super) async fn sign_in_through_outlook(
        self,
        bridge: &Bridge,
        purpose: Purpose,
        resource_scopes: &[String],
        may_ask: bool,
    ) -> Result<(), AuthError> {
        let core = self.core();
        let scopes = sign_in_scopes(Flow::Pkce, resource_scopes);
        let token = core.ask_outlook(bridge, &scopes, may_ask).await?;
        if token.id_token.is_empty() {
            return Err(AuthError::Incomplete("ID token".into()));
        }
        let claims = core.verify_id_token(&token.id_token, None, None).await?;
        let response = TokenResponse {
            token_type: Some("Bearer".into()),
            scope: token.scope.clone().unwrap_or_else(|| scopes.join(" ")),
            expires_in: token.expires_in as i64,
            access_token: token.access_token,
            refresh_token: None,
            id_token: Some(token.id_token.clone()),
        };
        self.keep_signed_in(&claims, token.id_token, response, &purpose, now())
    }
}
