//! The sign-in session: starting an interactive sign-in, completing it when the browser
//! comes back, keeping tokens per account, renewing them (one renewal at a time per
//! account), switching accounts and signing out. Inside Outlook, Outlook signs in instead
//! (`outlook`).

mod outlook;

pub use outlook::sign_in_in_dialog;

use super::single_flight::SingleFlight;
use crate::browser::naa_bridge::Bridge;
use crate::browser::storage::Store;
use crate::browser::{crypto, http, location};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use tern_core::auth::authorize::{prompt_value, sign_in_scopes, AuthorizeRequest, PendingInteraction, Prompt, Purpose};
use tern_core::auth::callback::{accept, Answer, RawCallback};
use tern_core::auth::discovery::{check_discovery, discovery_url, Discovery, Jwks};
use tern_core::auth::error::AuthError;
use tern_core::auth::id_token::{self, Expected, IdTokenClaims};
use tern_core::auth::jwt::Jwt;
use tern_core::auth::token::{code_redemption_body, read_response, refresh_body, TokenResponse};
use tern_core::auth::token_cache::{granted_scopes, keys, AccessToken, Account, AccountTokens, RefreshToken};
use tern_core::auth::{pkce, token_cache};
use tern_core::config::{Config, Flow, TokenCache};
use tern_core::percent::form_encode;
use tern_core::weburl::WebUrl;

fn is_graph_scope(scope: &str) -> bool {
    tern_core::scopes::resource_of(scope).is_none_or(|resource| resource == tern_core::scopes::GRAPH_RESOURCE)
}

pub fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// The identity provider's answer found in the address when the page opened, already
/// removed from the address bar, with the interaction its `state` named (taken out of
/// storage, so the same answer can never be used twice).
pub struct Arrival {
    raw: RawCallback,
    pending: Option<PendingInteraction>,
}

/// The identity provider's OpenID Connect settings, checked before any of it is used.
pub async fn load_discovery(config: &Config) -> Result<Discovery, AuthError> {
    let url = discovery_url(config);
    let answer = http::get(&url).await.map_err(network("Loading the sign-in service's settings"))?;
    if answer.status != 200 {
        let hint = if config.is_microsoft() {
            ""
        } else {
            " (for Microsoft's identity platform or Tern's emulator, set \"protocol\": \"microsoft\" in config.json)"
        };
        return Err(protocol("The sign-in service's settings", format!("{url} answered HTTP {}{hint}", answer.status)));
    }
    let discovery: Discovery = tern_core::json::from_str(&answer.body).map_err(|e| protocol("The sign-in service's settings", e))?;
    check_discovery(config, &discovery).map_err(|problem| protocol("The sign-in service's settings", problem))?;
    Ok(discovery)
}

/// A sign-in by the identity provider's page: what it needs is kept in the tab under a
/// fresh `state`, then the browser leaves. `leave` fails only if it could not leave.
pub struct Redirect<'a> {
    pub config: &'a Config,
    pub discovery: &'a Discovery,
    pub interactions: &'a Store,
    pub purpose: Purpose,
    pub prompt: Option<Prompt>,
    pub login_hint: Option<String>,
    pub resource_scopes: &'a [String],
}

impl Redirect<'_> {
    pub fn leave(self) -> Result<(), AuthError> {
        let config = self.config;
        let flow = config.flow;
        let verifier = match flow {
            Flow::Pkce => Some(pkce::verifier(&crypto::random_bytes::<32>().map_err(random_error)?)),
            Flow::Implicit => None,
        };
        let pending = PendingInteraction {
            state: crypto::random_token().map_err(random_error)?,
            nonce: crypto::random_token().map_err(random_error)?,
            verifier,
            flow,
            purpose: self.purpose,
            redirect_uri: config.redirect_uri.clone(),
            scopes: sign_in_scopes(flow, self.resource_scopes),
            return_to: location::hash(),
            created_at: now(),
        };
        let challenge = pending.verifier.as_deref().map(pkce::challenge);
        let prompt = prompt_value(config.protocol, self.prompt, self.discovery.prompt_values_supported.as_deref(), &pending.scopes);
        let url = AuthorizeRequest {
            endpoint: &self.discovery.authorization_endpoint,
            client_id: &config.client_id,
            interaction: &pending,
            challenge: challenge.as_deref(),
            prompt: prompt.as_deref(),
            login_hint: self.login_hint.as_deref(),
        }
        .url();
        self.interactions.set_json(&keys::interaction(&pending.state), &pending).map_err(storage_error)?;
        location::go_to(&url);
        Ok(())
    }
}

/// The sign-in store of interactions under way: the tab's session storage, or memory when
/// the browser refuses it.
pub fn interaction_store() -> Store {
    Store::open(TokenCache::Session).unwrap_or_else(|_| Store::memory())
}

/// Runs before anything renders: takes a sign-in answer out of the address bar (codes and
/// tokens must not linger there, in history or in a `Referer`) and puts back the route the
/// person was at.
pub fn take_arrival() -> Option<Arrival> {
    let interactions = interaction_store();
    let raw = RawCallback::find(&location::search(), &location::hash());
    let pending = raw.as_ref().and_then(RawCallback::state).and_then(|state| {
        let key = keys::interaction(state);
        let pending = interactions.get_json::<PendingInteraction>(&key).ok().flatten();
        interactions.remove(&key);
        pending
    });
    // The answer's own entry is out already, so an expired one is still reported as such.
    sweep_expired_interactions(&interactions);
    let raw = raw?;
    let return_to = pending.as_ref().map(|p| p.return_to.as_str()).unwrap_or_default();
    location::replace_address(&format!("{}{return_to}", location::page_without_query_and_fragment()));
    Some(Arrival { raw, pending })
}

/// Removes the sign-ins begun in this tab that took too long to come back: they never will.
pub fn sweep_expired_interactions(interactions: &Store) {
    sweep_interactions(interactions, |pending| pending.is_expired(now()));
}

/// Removes the sign-ins begun in this tab that `abandoned` says will never be finished
/// (and any entry that cannot be read), so their verifiers and nonces do not linger.
fn sweep_interactions(interactions: &Store, abandoned: impl Fn(&PendingInteraction) -> bool) {
    for key in interactions.keys_with_prefix(keys::INTERACTION_PREFIX) {
        if interactions.get_json::<PendingInteraction>(&key).ok().flatten().is_none_or(|pending| abandoned(&pending)) {
            interactions.remove(&key);
        }
    }
}

/// Something to tell the person after a round trip that was not a sign-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    AdminConsentGranted { tenant: String, scope: String },
}

struct Provider {
    discovery: Discovery,
    jwks: Jwks,
}

struct Core {
    config: Config,
    tokens: Store,
    interactions: Store,
    provider: RefCell<Option<Rc<Provider>>>,
    renewals: SingleFlight<Result<String, AuthError>>,
    /// In the add-in's pane: how Outlook can sign Tern in.
    pane: Option<Pane>,
}

/// The add-in's pane, which signs in through Outlook: nested app authentication where
/// Outlook offers it, else Office's sign-in dialog.
#[derive(Clone)]
pub struct Pane {
    pub bridge: Option<Rc<Bridge>>,
}

#[derive(Clone, Copy)]
pub struct Auth {
    core: StoredValue<Rc<Core>, LocalStorage>,
    pub accounts: RwSignal<Vec<Account>>,
    pub active: RwSignal<Option<String>>,
    /// Something the session could not do that the person should know of (a refused
    /// storage write, say), shown by the shell until dismissed.
    pub problem: RwSignal<Option<AuthError>>,
}

fn network(what: &str) -> impl Fn(String) -> AuthError + '_ {
    move |detail| AuthError::Network { what: what.to_owned(), detail }
}

fn protocol(what: &str, detail: impl ToString) -> AuthError {
    AuthError::Protocol { what: what.to_owned(), detail: detail.to_string() }
}

fn storage_error(error: impl ToString) -> AuthError {
    AuthError::Storage(error.to_string())
}

fn unreadable(error: impl ToString) -> AuthError {
    AuthError::StoredDataUnreadable(error.to_string())
}

fn random_error(error: String) -> AuthError {
    AuthError::RandomSource(error)
}

impl Core {
    /// The scopes a cached access token must cover to be used, and a renewal asks for.
    /// Microsoft issues one token per resource and names its scopes; a plain OpenID
    /// provider's `scope` speaks of its own scopes, so its token serves until it expires.
    fn required_scopes(&self, tokens: &AccountTokens) -> Vec<String> {
        if self.config.is_microsoft() {
            tokens.resource_scopes(&self.config.scopes)
        } else {
            Vec::new()
        }
    }

    async fn provider(&self) -> Result<Rc<Provider>, AuthError> {
        if let Some(provider) = self.provider.borrow().as_ref() {
            return Ok(provider.clone());
        }
        let discovery = load_discovery(&self.config).await?;
        let keys = http::get(&discovery.jwks_uri).await.map_err(network("Loading the sign-in service's keys"))?;
        let jwks: Jwks = tern_core::json::from_str(&keys.body).map_err(|e| protocol("The sign-in service's keys", e))?;
        let provider = Rc::new(Provider { discovery, jwks });
        *self.provider.borrow_mut() = Some(provider.clone());
        Ok(provider)
    }

    /// Checks the ID token's signature against the provider's published keys, then its
    /// claims. Nothing is stored unless both pass.
    async fn verify_id_token(&self, token: &str, nonce: Option<&str>, access_token: Option<&str>) -> Result<IdTokenClaims, AuthError> {
        let provider = self.provider().await?;
        let jwt = Jwt::decode_rs256(token).map_err(|problem| AuthError::IdToken(problem.to_string()))?;
        let key = provider
            .jwks
            .rsa_key(jwt.header.kid.as_deref())
            .ok_or_else(|| AuthError::IdToken("it is signed with a key the sign-in service does not publish".into()))?;
        let valid = crypto::verify_rs256(key, jwt.signing_input.as_bytes(), &jwt.signature).await.map_err(AuthError::IdToken)?;
        if !valid {
            return Err(AuthError::IdToken("its signature is not valid".into()));
        }
        let claims: IdTokenClaims = jwt.claims_as().map_err(|problem| AuthError::IdToken(problem.to_string()))?;
        let expected = Expected { client_id: &self.config.client_id, issuer: &provider.discovery.issuer, nonce, access_token, now: now() };
        id_token::validate(&claims, &expected).map_err(|problem| AuthError::IdToken(problem.to_string()))?;
        Ok(claims)
    }

    fn load_accounts(&self) -> Result<Vec<Account>, AuthError> {
        Ok(self.tokens.get_json(keys::ACCOUNTS).map_err(unreadable)?.unwrap_or_default())
    }

    /// The account's tokens; `Ok(None)` when it has none, an error when they are there but
    /// cannot be read.
    fn load_tokens(&self, account: &str) -> Result<Option<AccountTokens>, AuthError> {
        self.tokens.get_json(&keys::tokens(account)).map_err(unreadable)
    }

    fn save_tokens(&self, tokens: &AccountTokens) -> Result<(), AuthError> {
        self.tokens.set_json(&keys::tokens(&tokens.account.key), tokens).map_err(storage_error)
    }

    async fn redeem(&self, pending: &PendingInteraction, code: &str) -> Result<TokenResponse, AuthError> {
        let provider = self.provider().await?;
        let verifier = pending.verifier.as_deref().unwrap_or_default();
        let body = code_redemption_body(&self.config.client_id, code, &pending.redirect_uri, verifier, &pending.scopes);
        let answer = http::post_form(&provider.discovery.token_endpoint, &body).await.map_err(network("The token request"))?;
        read_response(answer.status, &answer.body)
    }

    /// Renews the account's access token with its refresh token (inside Outlook: by asking
    /// Outlook, which holds it).
    ///
    /// `scopes` names another API's permissions; `None` renews the Graph token.
    async fn renew(self: Rc<Self>, account: String, scopes: Option<Vec<String>>) -> Result<String, AuthError> {
        if let Some(bridge) = self.pane.as_ref().and_then(|pane| pane.bridge.clone()) {
            if scopes.is_some() {
                return Err(AuthError::Protocol {
                    what: "A token for another API".into(),
                    detail: "inside Outlook, Tern asks Outlook for Microsoft Graph tokens only; open Tern in its own browser tab for this"
                        .into(),
                });
            }
            return self.renew_through_outlook(&bridge, &account).await;
        }
        let mut tokens = self.load_tokens(&account)?.ok_or(AuthError::NotSignedIn)?;
        let Some(refresh) = tokens.refresh_token.clone() else {
            return Err(AuthError::provider(
                "interaction_required",
                "The implicit flow has no refresh token; a new sign-in round trip renews the tokens.",
            ));
        };
        if self.config.is_microsoft() && !refresh.is_usable(now()) {
            return Err(AuthError::provider(
                "invalid_grant",
                "AADSTS700084: The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00.",
            ));
        }
        let provider = self.provider().await?;
        let scopes = scopes.unwrap_or_else(|| self.required_scopes(&tokens));
        let body = refresh_body(&self.config.client_id, &refresh.token, &scopes);
        let answer = http::post_form(&provider.discovery.token_endpoint, &body).await.map_err(network("Renewing your sign-in"))?;
        let response = read_response(answer.status, &answer.body)?;
        let renewed = match &response.id_token {
            Some(id_token) => Some(self.verify_id_token(id_token, None, None).await?),
            None => None,
        };
        // Another renewal (Graph's, or another API's) may have saved while this one waited:
        // build on what is stored now, not on what was read before.
        tokens = self.load_tokens(&account)?.ok_or(AuthError::NotSignedIn)?;
        if let (Some(id_token), Some(renewed)) = (&response.id_token, renewed) {
            let stored = Jwt::decode(&tokens.id_token).ok().and_then(|jwt| jwt.claims_as::<IdTokenClaims>().ok());
            if !stored.is_some_and(|stored| renewed.same_person_as(&stored)) {
                return Err(AuthError::IdToken("the renewed sign-in is for a different person than this account".into()));
            }
            tokens.id_token = id_token.clone();
        }
        let issued_at = now();
        let access = AccessToken {
            token: response.access_token.clone(),
            scopes: granted_scopes(&response.scope),
            expires_at: issued_at + response.expires_in,
        };
        tokens.store_access_token(access, issued_at);
        if let Some(next) = response.refresh_token {
            tokens.refresh_token = Some(RefreshToken { token: next, signed_in_at: refresh.signed_in_at });
        }
        self.save_tokens(&tokens)?;
        Ok(response.access_token)
    }
}

impl Auth {
    /// Opens the session kept in the tab. Stored accounts that cannot be read are reported
    /// beside the session (which then starts with none), never taken for "signed out" in
    /// silence; they stay in storage until the person signs out or in.
    ///
    /// In the add-in's `pane`, Tern signs in through Outlook and keeps its tokens in memory
    /// only: a page inside Outlook is no place to leave them behind.
    pub fn new(config: Config, pane: Option<Pane>) -> Result<(Auth, Option<AuthError>), AuthError> {
        let cache = if pane.is_some() { TokenCache::Memory } else { config.token_cache };
        let tokens = Store::open(cache).map_err(storage_error)?;
        let core = Core {
            config,
            tokens,
            interactions: interaction_store(),
            provider: RefCell::new(None),
            renewals: SingleFlight::default(),
            pane,
        };
        let (accounts, unreadable) = match core.load_accounts() {
            Ok(accounts) => (accounts, None),
            Err(error) => (Vec::new(), Some(error)),
        };
        let active = core
            .tokens
            .get(keys::ACTIVE_ACCOUNT)
            .ok()
            .flatten()
            .filter(|key| accounts.iter().any(|a| &a.key == key))
            .or_else(|| accounts.first().map(|a| a.key.clone()));
        let auth = Auth {
            core: StoredValue::new_local(Rc::new(core)),
            accounts: RwSignal::new(accounts),
            active: RwSignal::new(active),
            problem: RwSignal::new(None),
        };
        Ok((auth, unreadable))
    }

    pub fn provide(self) {
        provide_context(self);
    }

    pub fn expect() -> Auth {
        expect_context()
    }

    fn core(self) -> Rc<Core> {
        self.core.get_value()
    }

    pub fn config(self) -> Config {
        self.core().config.clone()
    }

    /// Whether Tern runs as the Outlook add-in's pane.
    pub fn in_outlook(self) -> bool {
        self.core().pane.is_some()
    }

    pub fn active_account(self) -> Option<Account> {
        let key = self.active.get()?;
        self.accounts.get().into_iter().find(|account| account.key == key)
    }

    /// Something of the active account's kept in the tab's storage (cached mail, drafts),
    /// where sign-out removes it with the tokens.
    pub fn account_item<T: tern_core::json::FromJson>(self, name: &str) -> Option<T> {
        self.item_of(&self.active.get_untracked()?, name)
    }

    /// Keeps `value` for the active account. Storage may be full or refused; the caller
    /// keeps its copy in memory either way, so the error is only reported.
    pub fn keep_account_item<T: serde::Serialize>(self, name: &str, value: &T) -> Result<(), String> {
        let account = self.active.get_untracked().ok_or_else(|| "not signed in".to_owned())?;
        self.keep_item_of(&account, name, value)
    }

    pub fn forget_account_item(self, name: &str) {
        if let Some(account) = self.active.get_untracked() {
            self.forget_item_of(&account, name);
        }
    }

    /// As [`Auth::account_item`], for a named account: work that outlives a switch of
    /// account (a send under way) still files under the account it began with.
    pub fn item_of<T: tern_core::json::FromJson>(self, account: &str, name: &str) -> Option<T> {
        self.core().tokens.get_json(&keys::account_item(account, name)).ok().flatten()
    }

    pub fn keep_item_of<T: serde::Serialize>(self, account: &str, name: &str, value: &T) -> Result<(), String> {
        self.core().tokens.set_json(&keys::account_item(account, name), value).map_err(|error| error.to_string())
    }

    pub fn forget_item_of(self, account: &str, name: &str) {
        self.core().tokens.remove(&keys::account_item(account, name));
    }

    /// The cached tokens of an account, for the token inspector.
    pub fn tokens_of(self, account: &str) -> Option<AccountTokens> {
        self.core().load_tokens(account).ok().flatten()
    }

    /// Leaves for the identity provider; returns only if the sign-in could not start.
    /// Inside Outlook, asks Outlook instead and returns once signed in.
    pub async fn sign_in(self, purpose: Purpose, prompt: Option<Prompt>, login_hint: Option<String>) -> Result<(), AuthError> {
        let core = self.core();
        let known = match purpose.account() {
            Some(account) => core.load_tokens(account)?,
            None => None,
        };
        let mut resource_scopes = match known {
            Some(tokens) => tokens.resource_scopes(&core.config.scopes),
            None => core.config.scopes.clone(),
        };
        if let Purpose::Consent { scopes, .. } = &purpose {
            if scopes.iter().all(|scope| is_graph_scope(scope)) {
                resource_scopes.extend(scopes.iter().cloned());
            } else {
                // One token is for one API (AADSTS28000): another API's permissions are
                // asked for on their own, and the Graph token stays as it is.
                resource_scopes = scopes.clone();
            }
        }
        if let Some(pane) = core.pane.clone() {
            return self.sign_in_in_pane(pane, purpose, &resource_scopes).await;
        }
        self.leave_for_sign_in(purpose, prompt, login_hint, &resource_scopes).await
    }

    /// The sign-in page, with this page as the way back, whatever the session is.
    async fn sign_in_by_redirect(self, purpose: Purpose, prompt: Option<Prompt>, login_hint: Option<String>) -> Result<(), AuthError> {
        let scopes = self.core().config.scopes.clone();
        self.leave_for_sign_in(purpose, prompt, login_hint, &scopes).await
    }

    async fn leave_for_sign_in(
        self,
        purpose: Purpose,
        prompt: Option<Prompt>,
        login_hint: Option<String>,
        resource_scopes: &[String],
    ) -> Result<(), AuthError> {
        let core = self.core();
        let provider = core.provider().await?;
        Redirect {
            config: &core.config,
            discovery: &provider.discovery,
            interactions: &core.interactions,
            purpose,
            prompt,
            login_hint,
            resource_scopes,
        }
        .leave()
    }

    /// Finishes what `take_arrival` found: checks the answer, redeems the code, verifies the
    /// ID token and keeps the account. On any failure nothing is stored.
    pub async fn complete(self, arrival: Arrival) -> Result<Option<Notice>, AuthError> {
        let core = self.core();
        let (pending, answer) = accept(&arrival.raw, arrival.pending, now())?;
        let (response, signed_in_at) = match answer {
            Answer::AdminConsent { tenant, scope } => return Ok(Some(Notice::AdminConsentGranted { tenant, scope })),
            Answer::Code(code) => (core.redeem(&pending, &code).await?, now()),
            Answer::Tokens { access_token, expires_in, scope, id_token } => (
                TokenResponse {
                    token_type: Some("Bearer".into()),
                    scope,
                    expires_in,
                    access_token,
                    refresh_token: None,
                    id_token: Some(id_token),
                },
                now(),
            ),
        };
        let id_token = response.id_token.clone().ok_or_else(|| AuthError::Incomplete("ID token".into()))?;
        // Tokens in the address (the implicit flow) must be bound to the ID token beside them.
        let implicit_access = pending.verifier.is_none().then_some(response.access_token.as_str());
        let claims = core.verify_id_token(&id_token, Some(&pending.nonce), implicit_access).await?;
        self.keep_signed_in(&claims, id_token, response, &pending.purpose, signed_in_at)?;
        Ok(None)
    }

    /// Keeps the account of a verified sign-in with its tokens, and makes it the active one.
    fn keep_signed_in(
        self,
        claims: &IdTokenClaims,
        id_token: String,
        response: TokenResponse,
        purpose: &Purpose,
        signed_in_at: i64,
    ) -> Result<(), AuthError> {
        let core = self.core();
        let key = claims.account_key();
        if purpose.account().is_some_and(|account| account != key) {
            return Err(AuthError::IdToken("you signed in as a different person than the account being renewed".into()));
        }
        let known = core.load_tokens(&key)?;
        let mut extra_scopes = known.as_ref().map(|known| known.extra_scopes.clone()).unwrap_or_default();
        let mut access_tokens = Vec::new();
        if let Purpose::Consent { scopes, .. } = purpose {
            // Graph renewals ask again for Graph's extra permissions only; a consent round
            // trip keeps the tokens the account already holds, of Graph and of other APIs.
            let graph: Vec<&String> = scopes.iter().filter(|scope| is_graph_scope(scope)).collect();
            extra_scopes.retain(|known| !graph.iter().any(|s| s.eq_ignore_ascii_case(known)));
            extra_scopes.extend(graph.into_iter().cloned());
            access_tokens = known.map(|known| known.access_tokens).unwrap_or_default();
        }
        let account = Account {
            key,
            username: claims.preferred_username.clone().unwrap_or_else(|| claims.sub.clone()),
            name: claims.name.clone().unwrap_or_default(),
            tenant_id: claims.tid.clone(),
        };
        let mut tokens = AccountTokens {
            account,
            id_token,
            refresh_token: response.refresh_token.clone().map(|token| RefreshToken { token, signed_in_at }),
            extra_scopes,
            access_tokens,
        };
        tokens.store_access_token(
            AccessToken {
                token: response.access_token,
                scopes: granted_scopes(&response.scope),
                expires_at: signed_in_at + response.expires_in,
            },
            signed_in_at,
        );
        self.keep_account(tokens)
    }

    /// Keeps an account's tokens, adds it to the accounts, and makes it the active one.
    fn keep_account(self, tokens: AccountTokens) -> Result<(), AuthError> {
        let core = self.core();
        core.save_tokens(&tokens)?;
        let key = tokens.account.key.clone();
        let mut accounts = core.load_accounts()?;
        accounts.retain(|known| known.key != key);
        accounts.push(tokens.account);
        core.tokens.set_json(keys::ACCOUNTS, &accounts).map_err(storage_error)?;
        self.accounts.set(accounts);
        self.switch_to(&key);
        Ok(())
    }

    /// Makes `account` the active one, and remembers it for the next start; when the
    /// browser refuses to remember, the switch still happens and the person is told.
    pub fn switch_to(self, account: &str) {
        if let Err(error) = self.core().tokens.set(keys::ACTIVE_ACCOUNT, account) {
            self.problem.set(Some(storage_error(error)));
        }
        self.active.set(Some(account.to_owned()));
    }

    /// An access token for the active account's Graph calls: from the cache when fresh
    /// (no network), else one renewal shared by every caller that asks meanwhile. When
    /// renewal needs the person, Tern leaves for an interactive sign-in that comes back to
    /// the same route.
    pub async fn access_token(self) -> Result<String, AuthError> {
        let core = self.core();
        let account = self.active.get_untracked().ok_or(AuthError::NotSignedIn)?;
        let tokens = core.load_tokens(&account)?.ok_or(AuthError::NotSignedIn)?;
        if let Some(token) = tokens.usable_access_token(&core.required_scopes(&tokens), now()) {
            return Ok(token.token.clone());
        }
        let renewing = core.clone();
        let result = core.renewals.run(&account, || renewing.renew(account.clone(), None)).await;
        if let Err(error) = &result {
            if error.needs_interaction() {
                let username = tokens.account.username.clone();
                self.sign_in(Purpose::Renew { account }, None, Some(username)).await?;
            }
        }
        result
    }

    /// A token of the active account for another API than Graph (Exchange Online's IMAP, POP
    /// and SMTP): from the cache when fresh, else renewed with the refresh token for `scopes`
    /// (all of that API). When the person has not consented yet, Tern leaves to ask them and
    /// comes back to the same route: `Ok(None)`, the page is going.
    pub async fn resource_token(self, scopes: &[&str]) -> Result<Option<AccessToken>, AuthError> {
        let core = self.core();
        let account = self.active.get_untracked().ok_or(AuthError::NotSignedIn)?;
        let wanted: Vec<String> = scopes.iter().map(|scope| (*scope).to_owned()).collect();
        let tokens = core.load_tokens(&account)?.ok_or(AuthError::NotSignedIn)?;
        if let Some(token) = tokens.usable_access_token(&wanted, now()) {
            return Ok(Some(token.clone()));
        }
        let renewing = core.clone();
        let key = format!("{account} {}", wanted.join(" "));
        let result = core.renewals.run(&key, || renewing.renew(account.clone(), Some(wanted.clone()))).await;
        match result {
            Ok(token) => core
                .load_tokens(&account)?
                .and_then(|tokens| tokens.access_tokens.into_iter().find(|cached| cached.token == token))
                .map(Some)
                .ok_or(AuthError::NotSignedIn),
            Err(error) if error.needs_interaction() && core.pane.is_none() => {
                let purpose = Purpose::Consent { account, scopes: wanted };
                self.sign_in(purpose, None, Some(tokens.account.username)).await.map(|()| None)
            }
            Err(error) => Err(error),
        }
    }

    /// Whether the active account was granted `scope`, at sign-in or by a later consent.
    pub fn has_consented(self, scope: &str) -> bool {
        let core = self.core();
        self.active
            .get_untracked()
            .and_then(|account| core.load_tokens(&account).ok().flatten())
            .is_some_and(|tokens| tokens.has_consented(&core.config.scopes, scope))
    }

    /// Incremental consent: leaves for the sign-in page asking for `scopes` on top of what
    /// the active account holds, and comes back to the current route. Returns only if the
    /// round trip could not start.
    pub async fn request_consent(self, scopes: &[&str]) -> Result<(), AuthError> {
        let account = self.active_account().ok_or(AuthError::NotSignedIn)?;
        let purpose = Purpose::Consent { account: account.key, scopes: scopes.iter().map(|s| (*s).to_owned()).collect() };
        self.sign_in(purpose, None, Some(account.username)).await
    }

    /// Forgets an access token the resource refused (401), so the next call renews it.
    pub fn reject_token(self, token: &str) -> Result<(), AuthError> {
        let core = self.core();
        let Some(account) = self.active.get_untracked() else {
            return Ok(());
        };
        if let Some(mut tokens) = core.load_tokens(&account)? {
            tokens.access_tokens.retain(|cached| cached.token != token);
            core.save_tokens(&tokens)?;
        }
        Ok(())
    }

    /// Removes the account's tokens and everything cached for it, then ends its session at
    /// the identity provider.
    pub async fn sign_out(self, account: &str) {
        let core = self.core();
        let username = self.accounts.get_untracked().into_iter().find(|known| known.key == account).map(|known| known.username);
        core.tokens.remove_with_prefix(&keys::account_prefix(account));
        // A sign-in begun before signing out is not finished after it.
        sweep_interactions(&core.interactions, |_| true);
        // Signing out clears what was unreadable too.
        let remaining: Vec<Account> = core.load_accounts().unwrap_or_default().into_iter().filter(|known| known.key != account).collect();
        if remaining.is_empty() {
            core.tokens.remove(keys::ACCOUNTS);
            core.tokens.remove(keys::ACTIVE_ACCOUNT);
        } else {
            if let Err(error) = core.tokens.set_json(keys::ACCOUNTS, &remaining) {
                // The list could not be rewritten: dropping it is better than keeping an
                // account whose tokens are gone; the others sign in again.
                core.tokens.remove(keys::ACCOUNTS);
                self.problem.set(Some(storage_error(error)));
            }
        }
        let next = remaining.first().map(|known| known.key.clone());
        self.accounts.set(remaining);
        match next {
            Some(next) => self.switch_to(&next),
            None => self.active.set(None),
        }
        // Inside Outlook the sign-in is Outlook's: signing out of Tern leaves it alone.
        if core.pane.is_some() {
            return;
        }
        let end_session = core.provider().await.ok().and_then(|provider| provider.discovery.end_session_endpoint.clone());
        if let Some(endpoint) = end_session {
            let mut pairs =
                vec![("post_logout_redirect_uri", core.config.redirect_uri.as_str()), ("client_id", core.config.client_id.as_str())];
            if let Some(username) = username.as_deref() {
                pairs.push(("logout_hint", username));
            }
            let separator = if endpoint.contains('?') { '&' } else { '?' };
            location::go_to(&format!("{endpoint}{separator}{}", form_encode(&pairs)));
        }
    }

    /// Microsoft's admin consent round trip for the organisation of the active account.
    pub async fn request_admin_consent(self) -> Result<(), AuthError> {
        let core = self.core();
        let authority = WebUrl::parse(&core.config.authority).map_err(|p| protocol("The authority", p))?;
        let tenant = self.active_account().and_then(|account| account.tenant_id).unwrap_or_else(|| "organizations".into());
        let scope: Vec<String> = core
            .config
            .scopes
            .iter()
            .map(|scope| if scope.contains("://") { scope.clone() } else { format!("{}/{scope}", tern_core::scopes::GRAPH_RESOURCE) })
            .collect();
        let pending = PendingInteraction {
            state: crypto::random_token().map_err(random_error)?,
            nonce: crypto::random_token().map_err(random_error)?,
            verifier: None,
            flow: core.config.flow,
            purpose: Purpose::AdminConsent,
            redirect_uri: core.config.redirect_uri.clone(),
            scopes: Vec::new(),
            return_to: location::hash(),
            created_at: now(),
        };
        core.interactions.set_json(&keys::interaction(&pending.state), &pending).map_err(storage_error)?;
        let query = form_encode(&[
            ("client_id", core.config.client_id.as_str()),
            ("scope", scope.join(" ").as_str()),
            ("redirect_uri", core.config.redirect_uri.as_str()),
            ("state", pending.state.as_str()),
        ]);
        location::go_to(&format!("{}/{tenant}/v2.0/adminconsent?{query}", authority.origin()));
        Ok(())
    }
}

/// How much longer the refresh token of `tokens` can renew, for the inspector.
pub fn refresh_seconds_left(tokens: &AccountTokens) -> Option<i64> {
    tokens.refresh_token.as_ref().map(|refresh| refresh.signed_in_at + token_cache::SPA_REFRESH_LIFETIME_SECONDS - now())
}
