//! The Microsoft identity platform, emulated: discovery, keys, authorize (sign-in,
//! account picker, consent), token, sign-out and admin consent, with the parameters,
//! errors and lifetimes of section 4 of the design.

mod authorize;
mod broker;
pub(crate) mod clock;
mod control;
mod discovery;
mod errors;
mod keys;
mod logout;
mod pages;
pub(crate) mod random;
pub(crate) mod registry;
mod scopes;
mod token;
mod web;

use crate::Shared;
use axum::routing::{get, post};
use axum::Router;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use clock::{Clock, Time};
use keys::Keys;
use registry::{App, Registry, User};
use scopes::Scopes;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

pub use keys::JwtError;
pub use registry::{DEMO_CLIENT_ID, IMPLICIT_CLIENT_ID, TENANT_DOMAIN, TENANT_ID, WEB_CLIENT_ID};

/// Every identity endpoint, under `/{tenant}/…`, plus its `/_emulator/…` switches.
pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/{tenant}/v2.0/.well-known/openid-configuration", get(discovery::openid_configuration).options(discovery::preflight))
        .route("/{tenant}/discovery/v2.0/keys", get(discovery::keys).options(discovery::preflight))
        .route("/{tenant}/oauth2/v2.0/authorize", get(authorize::authorize))
        .route("/{tenant}/oauth2/v2.0/token", post(token::token).options(token::preflight).fallback(token::not_post))
        .route("/{tenant}/oauth2/v2.0/logout", get(logout::logout))
        .route("/{tenant}/v2.0/adminconsent", get(authorize::admin_consent))
        .route("/{tenant}/login", post(authorize::sign_in))
        .route("/{tenant}/login/select", post(authorize::select_account))
        .route("/{tenant}/consent", post(authorize::consent))
        .route("/error", get(discovery::error_lookup))
        .merge(control::routes())
        .merge(broker::routes())
}

/// Access tokens live an hour: `expires_in` is 3599 and `exp` is issuance plus that.
const ACCESS_TOKEN_SECONDS: i64 = 3599;
/// How far back the service dates `iat`/`nbf`, to allow for clock skew.
pub(crate) const SKEW_SECONDS: i64 = 300;
/// Authorization codes are short-lived.
const CODE_SECONDS: i64 = 600;
/// A single-page app's refresh token lives 24 hours from sign-in, however often it is used.
const SPA_REFRESH_SECONDS: i64 = 86_400;
/// How long a sign-in page stays usable.
const FLOW_SECONDS: i64 = 3600;

/// The identity side of the emulator.
pub struct Identity {
    registry: Registry,
    keys: Arc<Keys>,
    clock: Clock,
    port: u16,
    /// `http://127.0.0.1:PORT`, used when a request does not say which loopback name it used.
    default_origin: String,
    store: Mutex<Store>,
}

/// What a verified access token says.
#[derive(Clone, Debug, PartialEq)]
pub struct AccessToken {
    pub audience: String,
    pub tenant_id: String,
    pub object_id: String,
    pub upn: String,
    pub name: String,
    pub client_id: String,
    /// The delegated permissions (`scp`), e.g. `Mail.Read`.
    pub scopes: Vec<String>,
    pub expires: i64,
    pub claims: Map<String, Value>,
}

/// Why an access token was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenRejection {
    /// Not a JWT, or not signed with the emulator's key.
    Signature(JwtError),
    /// Issued by someone else.
    Issuer,
    /// For another API than the one asked about.
    Audience,
    /// `exp` has passed (by the emulator's clock).
    Expired,
    /// `nbf` is still ahead.
    NotYetValid,
    /// A v2 id_token or an app-only token: not a delegated access token.
    NotAnAccessToken,
}

#[derive(Default)]
struct Store {
    sessions: HashMap<String, Session>,
    pending: HashMap<String, Pending>,
    codes: HashMap<String, Code>,
    refresh_tokens: HashMap<String, RefreshGrant>,
    /// (user oid, client id) → what that user consented to for that app.
    user_grants: HashMap<(String, String), BTreeSet<String>>,
    /// client id → what an administrator consented to for everyone.
    admin_grants: HashMap<String, BTreeSet<String>>,
    /// user oid → how many times their tokens were revoked, and since when tokens are valid.
    revocations: HashMap<String, (u64, Time)>,
    token_log: Vec<TokenRequest>,
    next_id_token_claims: Option<Map<String, Value>>,
}

/// A browser's sign-in session: the emulator's cookie points at one.
struct Session {
    /// `session_state`, returned with every authorize response.
    state: String,
    users: Vec<SignedIn>,
}

#[derive(Clone)]
struct SignedIn {
    oid: String,
    /// The `sid` claim.
    sid: String,
}

/// An interaction under way: the validated request, and who signed in so far.
#[derive(Clone)]
struct Pending {
    flow: Flow,
    tenant: String,
    user: Option<String>,
    created: Time,
}

#[derive(Clone)]
enum Flow {
    Authorize(authorize::Request),
    AdminConsent(authorize::AdminRequest),
}

struct Code {
    client_id: String,
    redirect_uri: String,
    oid: String,
    sid: String,
    scopes: Scopes,
    nonce: Option<String>,
    challenge: Option<String>,
    issued: Time,
    redeemed: bool,
}

#[derive(Clone)]
struct RefreshGrant {
    client_id: String,
    oid: String,
    sid: String,
    /// The scopes of the sign-in the grant came from, used when a refresh names none.
    scopes: Scopes,
    /// When the first token of the chain was issued; every refresh keeps it.
    issued: Time,
    expires: Time,
    revocation: u64,
}

struct TokenRequest {
    grant_type: String,
    client_id: String,
    origin: Option<String>,
    time: Time,
}

/// What a token request or an implicit response produces.
struct Issued {
    oid: String,
    access_token: String,
    scope: String,
    id_token: Option<String>,
    refresh_token: Option<(String, i64)>,
}

impl Identity {
    /// The identity side for an emulator at `origin` (`http://127.0.0.1:PORT`): the
    /// built-in directory plus the users and apps of an `--identity` file's text.
    pub fn new(origin: &str, identity_file: Option<&str>) -> Result<Identity, String> {
        let port = origin.rsplit_once(':').and_then(|(_, port)| port.parse().ok()).unwrap_or(0);
        let mut registry = Registry::builtin(port);
        if let Some(text) = identity_file {
            registry.extend_from_json(text, port)?;
        }
        Ok(Identity {
            registry,
            keys: Keys::shared(),
            clock: Clock::default(),
            port,
            default_origin: origin.to_owned(),
            store: Mutex::new(Store::default()),
        })
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().expect("identity store lock")
    }

    /// Back to the state at start, keeping only the key: clock, grants, sessions, codes,
    /// refresh tokens, the token request log and the id_token overrides.
    pub fn reset(&self) {
        self.clock.reset();
        *self.store() = Store::default();
    }

    /// Checks an access token as Microsoft Graph does: signature, issuer, audience
    /// (`resource`, e.g. `https://graph.microsoft.com`) and lifetime by the emulator's clock.
    /// Now, by the emulator's clock.
    pub(crate) fn now(&self) -> clock::Time {
        self.clock.now()
    }

    pub(crate) fn user_by_oid(&self, oid: &str) -> Option<&User> {
        self.registry.user_by_oid(oid)
    }

    pub(crate) fn user_by_upn(&self, upn: &str) -> Option<&User> {
        self.registry.user_by_upn(upn)
    }

    pub(crate) fn users(&self) -> &[User] {
        &self.registry.users
    }

    pub fn verify_access_token(&self, token: &str, resource: &str) -> Result<AccessToken, TokenRejection> {
        let claims = self.keys.verify(token).map_err(TokenRejection::Signature)?;
        let text = |name: &str| claims.get(name).and_then(Value::as_str).unwrap_or_default().to_owned();
        let number = |name: &str| claims.get(name).and_then(Value::as_i64);
        if claims.get("ver").and_then(Value::as_str) != Some("1.0") || text("scp").is_empty() {
            return Err(TokenRejection::NotAnAccessToken);
        }
        let issuer_ok = text("iss").strip_suffix(&format!("/{}/", text("tid"))).is_some_and(|origin| self.is_own_origin(origin));
        if !issuer_ok || text("tid") != TENANT_ID {
            return Err(TokenRejection::Issuer);
        }
        let audience_ok =
            registry::resource(resource).zip(registry::resource(&text("aud"))).is_some_and(|(wanted, actual)| wanted.uri == actual.uri);
        if !audience_ok {
            return Err(TokenRejection::Audience);
        }
        let now = self.clock.now().unix_seconds();
        let expires = number("exp").unwrap_or(0);
        if now >= expires {
            return Err(TokenRejection::Expired);
        }
        if number("nbf").is_some_and(|nbf| now < nbf) {
            return Err(TokenRejection::NotYetValid);
        }
        Ok(AccessToken {
            audience: text("aud"),
            tenant_id: text("tid"),
            object_id: text("oid"),
            upn: text("upn"),
            name: text("name"),
            client_id: text("appid"),
            scopes: text("scp").split(' ').map(str::to_owned).collect(),
            expires,
            claims,
        })
    }

    /// Whether `origin` is this emulator under one of its loopback names.
    fn is_own_origin(&self, origin: &str) -> bool {
        ["127.0.0.1", "localhost", "[::1]"].iter().any(|host| origin == format!("http://{host}:{}", self.port))
    }

    /// The user's consented permissions for the app: their own and the tenant-wide ones.
    fn granted(store: &Store, oid: &str, client_id: &str) -> BTreeSet<String> {
        let mut granted = store.user_grants.get(&(oid.to_owned(), client_id.to_owned())).cloned().unwrap_or_default();
        if let Some(admin) = store.admin_grants.get(client_id) {
            granted.extend(admin.iter().cloned());
        }
        granted
    }

    /// What of `scopes` the user has not consented to for the app.
    fn missing_consent(&self, oid: &str, app: &App, scopes: &Scopes) -> BTreeSet<String> {
        let granted = Self::granted(&self.store(), oid, &app.client_id);
        scopes.all().difference(&granted).cloned().collect()
    }

    fn grant(&self, oid: &str, client_id: &str, items: BTreeSet<String>) {
        self.store().user_grants.entry((oid.to_owned(), client_id.to_owned())).or_default().extend(items);
    }

    fn grant_for_organization(&self, client_id: &str, items: BTreeSet<String>) {
        self.store().admin_grants.entry(client_id.to_owned()).or_default().extend(items);
    }

    fn revocation(&self, oid: &str) -> u64 {
        self.store().revocations.get(oid).map(|(count, _)| *count).unwrap_or(0)
    }

    /// Revokes every refresh token of the user and ends their sign-in sessions, as
    /// `revokeSignInSessions` does. Returns false for an unknown user.
    pub fn revoke_refresh_tokens(&self, upn: &str) -> bool {
        let Some(user) = self.registry.user_by_upn(upn) else {
            return false;
        };
        let now = self.clock.now();
        let mut store = self.store();
        let entry = store.revocations.entry(user.oid.clone()).or_insert((0, now));
        *entry = (entry.0 + 1, now);
        for session in store.sessions.values_mut() {
            session.users.retain(|signed_in| signed_in.oid != user.oid);
        }
        true
    }

    fn log_token_request(&self, grant_type: &str, client_id: &str, origin: Option<&str>) {
        let time = self.clock.now();
        self.store().token_log.push(TokenRequest {
            grant_type: grant_type.to_owned(),
            client_id: client_id.to_owned(),
            origin: origin.map(str::to_owned),
            time,
        });
    }

    fn token_log_json(&self) -> Value {
        let store = self.store();
        let requests: Vec<Value> = store
            .token_log
            .iter()
            .map(|request| {
                json!({
                    "grant_type": request.grant_type,
                    "client_id": request.client_id,
                    "origin": request.origin,
                    "time": request.time.rfc3339(),
                })
            })
            .collect();
        json!({"count": requests.len(), "requests": requests})
    }

    fn set_next_id_token_claims(&self, claims: Map<String, Value>) {
        self.store().next_id_token_claims = Some(claims);
    }

    /// Mints the tokens for the subject: an access token for the one API the scopes
    /// name, an id_token when `openid` is among them, and a refresh token when asked.
    fn issue(&self, who: &Subject, scopes: &Scopes, id_token: Option<IdTokenExtras>, refresh: Option<RefreshPlan>) -> Issued {
        let now = self.clock.now();
        let resource = scopes.resource().unwrap_or_else(|_| registry::resource(registry::GRAPH).expect("Graph is known"));
        let granted = Self::granted(&self.store(), &who.user.oid, &who.app.client_id);
        // The token carries every permission the user granted for its API, not only
        // those asked for this time.
        let permissions: Vec<&String> =
            granted.iter().filter(|item| scopes::permission_resource(item).is_some_and(|r| r.uri == resource.uri)).collect();
        let oidc: Vec<&str> = ["openid", "profile", "email"].into_iter().filter(|s| scopes.has(s)).collect();
        let mut scp: BTreeSet<String> =
            permissions.iter().filter_map(|item| item.rsplit_once('/').map(|(_, name)| name.to_owned())).collect();
        if scp.is_empty() {
            scp.extend(oidc.iter().map(|s| (*s).to_owned()));
        }
        let scp_text = scp.into_iter().collect::<Vec<_>>().join(" ");
        let access_token = self.access_token(who, resource, &scp_text, now);
        let scope: BTreeSet<String> =
            permissions.iter().map(|item| scopes::display(item)).chain(oidc.iter().map(|s| (*s).to_owned())).collect();
        let id_token = id_token.filter(|_| scopes.has("openid")).map(|extras| {
            let mut extra = Vec::new();
            if let Some(nonce) = extras.nonce {
                extra.push(("nonce", nonce));
            }
            if extras.with_at_hash {
                extra.push(("at_hash", half_hash(&access_token)));
            }
            self.id_token(who, scopes, extra, now)
        });
        let refresh_token = refresh.map(|plan| {
            let token = random::token::<48>();
            let expires = plan.expires.unwrap_or(now.plus_seconds(SPA_REFRESH_SECONDS));
            let issued = plan.issued.unwrap_or(now);
            let revocation = self.revocation(&who.user.oid);
            self.store().refresh_tokens.insert(
                token.clone(),
                RefreshGrant {
                    client_id: who.app.client_id.clone(),
                    oid: who.user.oid.clone(),
                    sid: who.sid.to_owned(),
                    scopes: plan.scopes,
                    issued,
                    expires,
                    revocation,
                },
            );
            (token, (expires.unix_seconds() - now.unix_seconds()).max(0))
        });
        Issued { oid: who.user.oid.clone(), access_token, scope: scope.into_iter().collect::<Vec<_>>().join(" "), id_token, refresh_token }
    }

    fn access_token(&self, who: &Subject, resource: &registry::Resource, scp: &str, now: Time) -> String {
        let Subject { origin, user, app, sid } = who;
        let issued = now.plus_seconds(-SKEW_SECONDS).unix_seconds();
        let (given, family) = user.name.split_once(' ').unwrap_or((user.name.as_str(), ""));
        // Directory role template ids: every member has the default user role, the admin
        // also Global Administrator.
        let mut wids = vec!["b79fbf4d-3ef9-4689-8143-76b194e85509"];
        if user.admin {
            wids.insert(0, "62e90394-69f5-4237-9190-012177145e10");
        }
        let claims = json!({
            "aud": resource.uri,
            "iss": format!("{origin}/{TENANT_ID}/"),
            "iat": issued,
            "nbf": issued,
            "exp": now.plus_seconds(ACCESS_TOKEN_SECONDS).unix_seconds(),
            "acct": 0,
            "acr": "1",
            "aio": random::token::<24>(),
            "amr": ["pwd"],
            "app_displayname": app.name,
            "appid": app.client_id,
            "appidacr": "0",
            "family_name": family,
            "given_name": given,
            "idtyp": "user",
            "ipaddr": "127.0.0.1",
            "name": user.name,
            "oid": user.oid,
            "scp": scp,
            "sid": sid,
            "sub": pairwise(&user.oid, resource.app_id),
            "tid": TENANT_ID,
            "unique_name": user.upn,
            "upn": user.upn,
            "uti": random::token::<16>(),
            "ver": "1.0",
            "wids": wids,
        });
        let Value::Object(claims) = claims else { unreachable!("a JSON object literal") };
        self.keys.sign(&claims)
    }

    /// A v2.0 id_token; `extra` are the request-bound claims (`nonce`, `c_hash`, `at_hash`).
    fn id_token(&self, who: &Subject, scopes: &Scopes, extra: Vec<(&str, String)>, now: Time) -> String {
        let Subject { origin, user, app, sid } = who;
        let issued = now.plus_seconds(-SKEW_SECONDS);
        let mut claims = Map::new();
        let mut put = |name: &str, value: Value| {
            claims.insert(name.to_owned(), value);
        };
        put("aud", json!(app.client_id));
        put("iss", json!(format!("{origin}/{TENANT_ID}/v2.0")));
        put("iat", json!(issued.unix_seconds()));
        put("nbf", json!(issued.unix_seconds()));
        put("exp", json!(issued.plus_seconds(3600).unix_seconds()));
        put("aio", json!(random::token::<24>()));
        // The profile scope is what releases the user's names and object id.
        if scopes.has("profile") {
            put("name", json!(user.name));
            put("oid", json!(user.oid));
            put("preferred_username", json!(user.upn));
        }
        if scopes.has("email") {
            put("email", json!(user.upn));
        }
        for (name, value) in extra {
            put(name, json!(value));
        }
        put("sid", json!(sid));
        put("sub", json!(pairwise(&user.oid, &app.client_id)));
        put("tid", json!(TENANT_ID));
        put("uti", json!(random::token::<16>()));
        put("ver", json!("2.0"));
        if let Some(overrides) = self.store().next_id_token_claims.take() {
            for (name, value) in overrides {
                if value.is_null() {
                    claims.remove(&name);
                } else {
                    claims.insert(name, value);
                }
            }
        }
        self.keys.sign(&claims)
    }
}

/// Who a token is for and from where: the user, the app, the issuer's origin and the
/// sign-in session (`sid`).
struct Subject<'a> {
    origin: &'a str,
    user: &'a User,
    app: &'a App,
    sid: &'a str,
}

/// What an id_token carries beyond the user: the request's nonce, and whether to bind
/// it to the access token issued alongside (`at_hash`, implicit flow only).
struct IdTokenExtras {
    nonce: Option<String>,
    with_at_hash: bool,
}

/// How a refresh token comes about: fresh at sign-in, or continuing a chain whose
/// issue time and absolute expiry it keeps.
struct RefreshPlan {
    scopes: Scopes,
    issued: Option<Time>,
    expires: Option<Time>,
}

/// The `sub` claim: stable for a user and an app, different across apps.
fn pairwise(oid: &str, audience: &str) -> String {
    let digest = Sha256::digest(format!("{TENANT_ID}|{audience}|{oid}|tern-emulator").as_bytes());
    URL_SAFE_NO_PAD.encode(digest)
}

/// `c_hash` / `at_hash`: the left half of the SHA-256 of the value, base64url.
fn half_hash(value: &str) -> String {
    let digest = Sha256::digest(value.as_bytes());
    URL_SAFE_NO_PAD.encode(&digest[..16])
}
