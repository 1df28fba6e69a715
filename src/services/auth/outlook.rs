//! Signing in inside Outlook, where the add-in's pane cannot leave for the sign-in page
//! (Microsoft refuses to show it in Outlook on the web's frame):
//! - nested app authentication (`browser::naa_bridge`): Outlook signs Tern in itself and
//!   keeps the sign-in; Tern keeps what Outlook gives, in memory, and verifies the ID token
//!   as after any sign-in;
//! - else Office's dialog: a window of the pane's own origin (`addin.html?sign-in-dialog`)
//!   signs in by the usual redirect and sends the account's tokens back to the pane.

use super::{now, protocol, Auth, Config, Core, Pane};
use crate::browser::naa_bridge::Bridge;
use crate::browser::{crypto, location, office};
use leptos::prelude::GetUntracked;
use tern_core::addin::{DialogReply, DIALOG_QUERY};
use tern_core::auth::authorize::{sign_in_scopes, Prompt, Purpose};
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
        let Some(bridge) = self.core().pane.as_ref().and_then(|pane| pane.bridge.clone()) else { return Err(AuthError::NotSignedIn) };
        let scopes = self.core().config.scopes.clone();
        self.sign_in_through_outlook(&bridge, Purpose::SignIn, &scopes, false).await
    }

    /// Nested app authentication where Outlook offers it; Office's dialog where it does not,
    /// or where Outlook says it will not sign Tern in this way.
    pub(super) async fn sign_in_in_pane(self, pane: Pane, purpose: Purpose, resource_scopes: &[String]) -> Result<(), AuthError> {
        if let Some(bridge) = pane.bridge {
            match self.sign_in_through_outlook(&bridge, purpose, resource_scopes, true).await {
                Err(AuthError::Outlook(refusal)) if refusal.status.next(true) == Next::UseDialog => {}
                done => return done,
            }
        }
        self.sign_in_through_dialog().await
    }

    async fn sign_in_through_dialog(self) -> Result<(), AuthError> {
        let page = location::page_without_query_and_fragment();
        let said = office::dialog_message(&format!("{page}?{DIALOG_QUERY}")).await.map_err(AuthError::Dialog)?;
        let own_origin = web_sys::window().and_then(|window| window.location().origin().ok()).unwrap_or_default();
        if said.origin.as_deref().is_some_and(|origin| origin != own_origin) {
            return Err(AuthError::InDialog(format!(
                "An answer from {} was ignored: only Tern's own sign-in window is heard.",
                said.origin.unwrap_or_default()
            )));
        }
        let tokens = match tern_core::json::from_str::<DialogReply>(&said.message) {
            Ok(DialogReply::SignedIn(tokens)) => *tokens,
            Ok(DialogReply::Failed { title, explanation, action }) => {
                return Err(AuthError::InDialog(format!("{title}: {explanation} {action}")))
            }
            Err(problem) => return Err(protocol("The sign-in window's answer", problem)),
        };
        // Checked again here: the pane keeps only an ID token it has verified itself.
        let claims = self.core().verify_id_token(&tokens.id_token, None, None).await?;
        if claims.account_key() != tokens.account.key {
            return Err(AuthError::IdToken("the sign-in window's account does not match its ID token".into()));
        }
        self.keep_account(tokens)
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

/// The sign-in dialog's side: on its first load it leaves for the sign-in page, with this
/// page as the way back; back with the answer, it completes the sign-in and hands the
/// account's tokens over. `Ok(None)`: it has left for the sign-in page.
pub async fn sign_in_in_dialog(config: Config, arrival: Option<super::Arrival>) -> Result<Option<DialogReply>, AuthError> {
    let config = Config { redirect_uri: location::page_without_query_and_fragment(), ..config };
    let (auth, _) = Auth::new(config, Some(Pane { bridge: None }))?;
    let Some(arrival) = arrival else {
        // Not `sign_in`, which in a pane would open another dialog.
        auth.sign_in_by_redirect(Purpose::SignIn, Some(Prompt::SelectAccount), None).await?;
        return Ok(None);
    };
    auth.complete(arrival).await?;
    let account = auth.active.get_untracked().ok_or(AuthError::NotSignedIn)?;
    let tokens = auth.tokens_of(&account).ok_or(AuthError::NotSignedIn)?;
    Ok(Some(DialogReply::SignedIn(Box::new(tokens))))
}
