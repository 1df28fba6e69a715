//! `GET /{tenant}/oauth2/v2.0/authorize` and `GET /{tenant}/v2.0/adminconsent`, and the
//! pages between the request and the answer: sign-in, account picker, consent, admin
//! approval. The request is checked first; a bad client or redirect URI gets the
//! service's own error page, every later problem goes back to the redirect URI.

use super::errors::{self, OAuthError, Stamp};
use super::pages::{self, DemoUser};
use super::registry::{Platform, User, TENANT_ID};
use super::scopes::{self, Scopes};
use super::web::{self, form_pairs, pick, pick_nonempty, Reply, ResponseMode, Tenant};
use super::{random, Code, Flow, IdTokenExtras, Identity, Pending, Session, SignedIn, Subject, CODE_SECONDS, FLOW_SECONDS};
use crate::Shared;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use std::collections::BTreeSet;

/// A checked authorize request.
#[derive(Clone)]
pub struct Request {
    client_id: String,
    reply: Reply,
    response: ResponseType,
    scopes: Scopes,
    nonce: Option<String>,
    challenge: Option<String>,
    prompt: Prompt,
    login_hint: Option<String>,
    origin: String,
}

/// A checked admin consent request.
#[derive(Clone)]
pub struct AdminRequest {
    client_id: String,
    reply: Reply,
    scopes: Scopes,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ResponseType {
    code: bool,
    id_token: bool,
    token: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Prompt {
    Unspecified,
    Login,
    None,
    Consent,
    SelectAccount,
}

pub async fn authorize(State(state): State<Shared>, Path(tenant): Path<String>, headers: HeaderMap, RawQuery(query): RawQuery) -> Response {
    let identity = &state.identity;
    let pairs = form_pairs(query.as_deref().unwrap_or_default());
    let stamp = Stamp::new(identity.clock.now(), pick(&pairs, "client-request-id"));
    let origin = web::request_origin(&headers, &identity.default_origin);
    let Some(kind) = Tenant::parse(&tenant) else {
        return pages::error(&errors::tenant_not_found(&tenant), &stamp);
    };
    match identity.check_authorize(kind, &pairs, &origin) {
        Ok(request) => identity.begin(&tenant, Flow::Authorize(request), identity.session_id(&headers)),
        Err(Refusal::Page(error)) => pages::error(&error, &stamp),
        Err(Refusal::Redirect(reply, error)) => reply.error(&error, &stamp, &origin),
    }
}

pub async fn admin_consent(
    State(state): State<Shared>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let identity = &state.identity;
    let pairs = form_pairs(query.as_deref().unwrap_or_default());
    let stamp = Stamp::new(identity.clock.now(), None);
    let origin = web::request_origin(&headers, &identity.default_origin);
    let Some(kind) = Tenant::parse(&tenant) else {
        return pages::error(&errors::tenant_not_found(&tenant), &stamp);
    };
    match identity.check_admin_consent(kind, &pairs) {
        Ok(request) => identity.begin(&tenant, Flow::AdminConsent(request), identity.session_id(&headers)),
        Err(Refusal::Page(error)) => pages::error(&error, &stamp),
        Err(Refusal::Redirect(reply, error)) => reply.error(&error, &stamp, &origin),
    }
}

/// `POST /{tenant}/login`: the sign-in form (`login`, `passwd`) or a demo user picked
/// (`pick`), both with the interaction's `ctx`.
pub async fn sign_in(State(state): State<Shared>, headers: HeaderMap, body: String) -> Response {
    let identity = &state.identity;
    let form = form_pairs(&body);
    let Some((ctx, pending)) = identity.pending_from(&form) else {
        return identity.expired_page();
    };
    if let Some(upn) = pick(&form, "pick") {
        return identity.sign_in_page(&ctx, &pending, upn, None);
    }
    let login = pick(&form, "login").unwrap_or_default().trim();
    let password = pick(&form, "passwd").unwrap_or_default();
    let Some(user) = identity.registry.user_by_upn(login).filter(|_| !login.is_empty()) else {
        let text = "We couldn't find an account with that username. Try another, or check the spelling.";
        return identity.sign_in_page(&ctx, &pending, login, Some((errors::unknown_user(), text)));
    };
    if user.password != password {
        let text = "Your account or password is incorrect.";
        return identity.sign_in_page(&ctx, &pending, &user.upn, Some((errors::wrong_password(), text)));
    }
    let (session, new_cookie) = identity.add_to_session(&headers, &user.oid);
    let mut response = identity.with_user(&ctx, &user.oid, Some(&session));
    if let Some(cookie) = new_cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// `POST /{tenant}/login/select`: an account tile (`upn`) or "use another account"
/// (`another`).
pub async fn select_account(State(state): State<Shared>, headers: HeaderMap, body: String) -> Response {
    let identity = &state.identity;
    let form = form_pairs(&body);
    let Some((ctx, pending)) = identity.pending_from(&form) else {
        return identity.expired_page();
    };
    let session = identity.session_id(&headers);
    let chosen = pick(&form, "upn").and_then(|upn| identity.registry.user_by_upn(upn));
    match chosen {
        Some(user) if identity.session_users(session.as_deref()).iter().any(|u| u.oid == user.oid) => {
            identity.with_user(&ctx, &user.oid, session.as_deref())
        }
        Some(user) => identity.sign_in_page(&ctx, &pending, &user.upn, None),
        None => identity.sign_in_page(&ctx, &pending, "", None),
    }
}

/// `POST /{tenant}/consent`: `decision` is `accept`, `cancel`, or `return` (leave the
/// admin approval page without consent).
pub async fn consent(State(state): State<Shared>, headers: HeaderMap, body: String) -> Response {
    let identity = &state.identity;
    let form = form_pairs(&body);
    let Some((ctx, pending)) = identity.pending_from(&form) else {
        return identity.expired_page();
    };
    let session = identity.session_id(&headers);
    let signed_in = pending.user.as_deref().and_then(|oid| identity.session_users(session.as_deref()).into_iter().find(|u| u.oid == oid));
    let Some(user) = signed_in else {
        return identity.expired_page();
    };
    let stamp = Stamp::new(identity.clock.now(), None);
    let (reply, origin) = identity.reply_of(&pending.flow);
    let refusal = match pick(&form, "decision") {
        Some("accept") => None,
        Some("return") => Some(errors::admin_required()),
        _ => Some(match pending.flow {
            Flow::Authorize(_) => errors::user_declined(),
            Flow::AdminConsent(_) => errors::admin_declined(),
        }),
    };
    if let Some(error) = refusal {
        identity.store().pending.remove(&ctx);
        return reply.error(&error, &stamp, &origin);
    }
    match &pending.flow {
        Flow::Authorize(request) => {
            let app = identity.registry.app(&request.client_id).expect("checked at authorize");
            let missing = identity.missing_consent(&user.oid, app, &request.scopes);
            if needs_admin(&missing, &user) {
                return identity.admin_approval_page(&ctx, &pending);
            }
            identity.grant(&user.oid, &request.client_id, request.scopes.all());
            identity.finish(&ctx, session.as_deref())
        }
        Flow::AdminConsent(request) => {
            if !user.admin {
                return identity.admin_approval_page(&ctx, &pending);
            }
            identity.grant_for_organization(&request.client_id, request.scopes.all());
            identity.store().pending.remove(&ctx);
            let granted = request.scopes.all().into_iter().collect::<Vec<_>>().join(" ");
            reply.send(vec![("tenant", TENANT_ID.to_owned()), ("scope", granted)], Vec::new())
        }
    }
}

/// Whether the missing permissions include one only an administrator may grant, for a
/// user who is not one.
fn needs_admin(missing: &BTreeSet<String>, user: &User) -> bool {
    !user.admin && missing.iter().any(|item| scopes::admin_only(item))
}

enum Refusal {
    /// Shown by the service itself: the redirect URI cannot be trusted.
    Page(OAuthError),
    /// Sent back to the app.
    Redirect(Reply, OAuthError),
}

impl Identity {
    fn check_authorize(&self, tenant: Tenant, pairs: &[(String, String)], origin: &str) -> Result<Request, Refusal> {
        let client_id = pick_nonempty(pairs, "client_id").ok_or_else(|| Refusal::Page(errors::missing_parameter("client_id")))?;
        let app =
            self.registry.app(client_id).ok_or_else(|| Refusal::Page(errors::app_not_found(client_id.trim(), tenant.directory_name())))?;
        if tenant == Tenant::Consumers {
            return Err(Refusal::Page(errors::organizations_only(&app.client_id, &app.name)));
        }
        let redirect_uri = pick_nonempty(pairs, "redirect_uri").ok_or(Refusal::Page(errors::no_reply_address()))?;
        let platform =
            app.platform_of(redirect_uri).ok_or_else(|| Refusal::Page(errors::redirect_uri_mismatch(redirect_uri, &app.client_id)))?;
        let mut reply = Reply {
            redirect_uri: redirect_uri.to_owned(),
            mode: ResponseMode::Query,
            state: pick_nonempty(pairs, "state").map(str::to_owned),
            admin_consent: false,
        };
        let refuse = |reply: &Reply, error: OAuthError| Refusal::Redirect(reply.clone(), error);

        let Some(response_type) = pick_nonempty(pairs, "response_type") else {
            return Err(refuse(&reply, errors::missing_parameter("response_type")));
        };
        let response =
            parse_response_type(response_type).ok_or_else(|| refuse(&reply, errors::unsupported_response_type(response_type)))?;
        let implicit = response.id_token || response.token;
        reply.mode = if implicit { ResponseMode::Fragment } else { ResponseMode::Query };
        match pick_nonempty(pairs, "response_mode") {
            None => {}
            Some("query") if implicit => return Err(refuse(&reply, errors::unsupported_response_mode("query"))),
            Some("query") => reply.mode = ResponseMode::Query,
            Some("fragment") => reply.mode = ResponseMode::Fragment,
            Some("form_post") => reply.mode = ResponseMode::FormPost,
            Some(other) => return Err(refuse(&reply, errors::unsupported_response_mode(other))),
        }
        if response.id_token && !app.implicit_id_token {
            return Err(refuse(&reply, errors::implicit_id_token_disabled()));
        }
        if response.token && !app.implicit_access_token {
            return Err(refuse(&reply, errors::implicit_token_disabled()));
        }

        let scope_text = pick_nonempty(pairs, "scope").ok_or_else(|| refuse(&reply, errors::missing_parameter("scope")))?;
        let scopes = Scopes::parse(scope_text, app).map_err(|error| refuse(&reply, error))?;
        if response.id_token && !scopes.has("openid") {
            return Err(refuse(&reply, errors::id_token_needs_openid()));
        }
        if response.token && scopes.resource().is_err() {
            return Err(refuse(&reply, errors::scope_spans_resources_at_authorize(scope_text)));
        }
        let nonce = pick_nonempty(pairs, "nonce").map(str::to_owned);
        if response.id_token && nonce.is_none() {
            return Err(refuse(&reply, errors::nonce_missing()));
        }

        let challenge = pick_nonempty(pairs, "code_challenge").map(str::to_owned);
        if response.code {
            match &challenge {
                None if platform == Platform::Spa => return Err(refuse(&reply, errors::pkce_required())),
                None => {}
                Some(challenge) => {
                    // Without a method the challenge would be `plain`, which is refused too.
                    if pick_nonempty(pairs, "code_challenge_method") != Some("S256") {
                        return Err(refuse(&reply, errors::bad_challenge_method()));
                    }
                    let base64url = challenge.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
                    if challenge.len() != 43 || !base64url {
                        return Err(refuse(&reply, errors::bad_challenge_size()));
                    }
                }
            }
        }
        let prompt = match pick_nonempty(pairs, "prompt") {
            None => Prompt::Unspecified,
            Some("login") => Prompt::Login,
            Some("none") => Prompt::None,
            Some("consent") => Prompt::Consent,
            Some("select_account") => Prompt::SelectAccount,
            Some(other) => return Err(refuse(&reply, errors::bad_prompt(other))),
        };
        Ok(Request {
            client_id: app.client_id.clone(),
            reply,
            response,
            scopes,
            nonce,
            challenge: if response.code { challenge } else { None },
            prompt,
            login_hint: pick_nonempty(pairs, "login_hint").map(|hint| hint.trim().to_owned()),
            origin: origin.to_owned(),
        })
    }

    fn check_admin_consent(&self, tenant: Tenant, pairs: &[(String, String)]) -> Result<AdminRequest, Refusal> {
        let client_id = pick_nonempty(pairs, "client_id").ok_or_else(|| Refusal::Page(errors::missing_parameter("client_id")))?;
        let app =
            self.registry.app(client_id).ok_or_else(|| Refusal::Page(errors::app_not_found(client_id.trim(), tenant.directory_name())))?;
        if tenant == Tenant::Consumers {
            return Err(Refusal::Page(errors::organizations_only(&app.client_id, &app.name)));
        }
        let redirect_uri = pick_nonempty(pairs, "redirect_uri").ok_or(Refusal::Page(errors::no_reply_address()))?;
        if !app.is_redirect_uri(redirect_uri) {
            return Err(Refusal::Page(errors::redirect_uri_mismatch(redirect_uri, &app.client_id)));
        }
        let reply = Reply {
            redirect_uri: redirect_uri.to_owned(),
            mode: ResponseMode::Query,
            state: pick_nonempty(pairs, "state").map(str::to_owned),
            admin_consent: true,
        };
        let scope_text = match pick_nonempty(pairs, "scope") {
            Some(text) => text,
            None => return Err(Refusal::Redirect(reply, errors::missing_parameter("scope"))),
        };
        match Scopes::parse(scope_text, app) {
            Ok(scopes) => Ok(AdminRequest { client_id: app.client_id.clone(), reply, scopes }),
            Err(error) => Err(Refusal::Redirect(reply, error)),
        }
    }

    /// The session the browser's cookie points at, if it still exists.
    pub(super) fn session_id(&self, headers: &HeaderMap) -> Option<String> {
        let id = web::cookie(headers, web::SESSION_COOKIE)?;
        self.store().sessions.contains_key(&id).then_some(id)
    }

    fn session_users(&self, session: Option<&str>) -> Vec<User> {
        let store = self.store();
        let Some(session) = session.and_then(|id| store.sessions.get(id)) else {
            return Vec::new();
        };
        session.users.iter().filter_map(|signed_in| self.registry.user_by_oid(&signed_in.oid).cloned()).collect()
    }

    /// Signs the user in to the browser's session, starting one when there is none; the
    /// new session's cookie is returned to be set.
    fn add_to_session(&self, headers: &HeaderMap, oid: &str) -> (String, Option<HeaderValue>) {
        let existing = self.session_id(headers);
        let mut store = self.store();
        let signed_in = SignedIn { oid: oid.to_owned(), sid: random::guid() };
        match existing {
            Some(id) => {
                let session = store.sessions.get_mut(&id).expect("checked just now");
                session.users.retain(|user| user.oid != oid);
                session.users.push(signed_in);
                (id, None)
            }
            None => {
                let id = random::token::<32>();
                store.sessions.insert(id.clone(), Session { state: random::guid(), users: vec![signed_in] });
                let cookie = web::session_cookie(&id);
                (id, Some(cookie))
            }
        }
    }

    fn begin(&self, tenant: &str, flow: Flow, session: Option<String>) -> Response {
        let ctx = random::token::<24>();
        let now = self.clock.now();
        {
            let mut store = self.store();
            store.pending.retain(|_, pending| pending.created.plus_seconds(FLOW_SECONDS) > now);
            store.pending.insert(ctx.clone(), Pending { flow, tenant: tenant.to_owned(), user: None, created: now });
        }
        self.choose_user(&ctx, session.as_deref())
    }

    fn pending_from(&self, form: &[(String, String)]) -> Option<(String, Pending)> {
        let ctx = pick(form, "ctx")?;
        let now = self.clock.now();
        let pending = self.store().pending.get(ctx).cloned()?;
        (pending.created.plus_seconds(FLOW_SECONDS) > now).then(|| (ctx.to_owned(), pending))
    }

    fn reply_of(&self, flow: &Flow) -> (Reply, String) {
        match flow {
            Flow::Authorize(request) => (request.reply.clone(), request.origin.clone()),
            Flow::AdminConsent(request) => (request.reply.clone(), self.default_origin.clone()),
        }
    }

    fn expired_page(&self) -> Response {
        pages::error(&errors::flow_expired(), &Stamp::new(self.clock.now(), None))
    }

    /// Decides who signs in: the only or hinted account of the session, an account
    /// picker, or the sign-in page; `prompt` decides first.
    fn choose_user(&self, ctx: &str, session: Option<&str>) -> Response {
        let Some(pending) = self.store().pending.get(ctx).cloned() else {
            return self.expired_page();
        };
        let accounts = self.session_users(session);
        let (prompt, hint) = match &pending.flow {
            Flow::Authorize(request) => (request.prompt, request.login_hint.clone()),
            Flow::AdminConsent(_) => (Prompt::Unspecified, None),
        };
        let hinted = hint.as_deref().and_then(|hint| accounts.iter().find(|user| user.upn.eq_ignore_ascii_case(hint)));
        match prompt {
            Prompt::Login => self.sign_in_page(ctx, &pending, hint.as_deref().unwrap_or_default(), None),
            Prompt::SelectAccount if accounts.is_empty() => self.sign_in_page(ctx, &pending, hint.as_deref().unwrap_or_default(), None),
            Prompt::SelectAccount => self.picker_page(ctx, &pending, &accounts),
            Prompt::None => {
                let chosen = match (&hint, hinted, accounts.as_slice()) {
                    (_, Some(user), _) => Ok(user),
                    (Some(_), None, _) | (None, None, []) => Err(errors::login_required()),
                    (None, None, [only]) => Ok(only),
                    (None, None, _) => Err(errors::several_accounts()),
                };
                match chosen {
                    Ok(user) => self.with_user(ctx, &user.oid, session),
                    Err(error) => self.refuse(ctx, &pending, &error),
                }
            }
            Prompt::Unspecified | Prompt::Consent => match (hinted, hint.as_deref(), accounts.as_slice()) {
                (Some(user), _, _) => self.with_user(ctx, &user.oid, session),
                (None, Some(hint), _) => self.sign_in_page(ctx, &pending, hint, None),
                (None, None, []) => self.sign_in_page(ctx, &pending, "", None),
                (None, None, [only]) => self.with_user(ctx, &only.oid, session),
                (None, None, _) => self.picker_page(ctx, &pending, &accounts),
            },
        }
    }

    /// The user is known: ask for consent when something is missing (or `prompt=consent`),
    /// otherwise answer the app.
    fn with_user(&self, ctx: &str, oid: &str, session: Option<&str>) -> Response {
        let updated = self.store().pending.get_mut(ctx).map(|pending| {
            pending.user = Some(oid.to_owned());
            pending.clone()
        });
        let Some(pending) = updated else {
            return self.expired_page();
        };
        let user = self.registry.user_by_oid(oid).expect("a directory user").clone();
        match &pending.flow {
            Flow::Authorize(request) => {
                let app = self.registry.app(&request.client_id).expect("checked at authorize");
                let missing = self.missing_consent(oid, app, &request.scopes);
                if missing.is_empty() && request.prompt != Prompt::Consent {
                    return self.finish(ctx, session);
                }
                if request.prompt == Prompt::None {
                    return self.refuse(ctx, &pending, &errors::consent_required(&app.client_id, &app.name));
                }
                if needs_admin(&missing, &user) {
                    return self.admin_approval_page(ctx, &pending);
                }
                self.consent_page(ctx, &pending, &user, &request.scopes, false)
            }
            Flow::AdminConsent(request) if user.admin => self.consent_page(ctx, &pending, &user, &request.scopes, true),
            Flow::AdminConsent(_) => self.admin_approval_page(ctx, &pending),
        }
    }

    fn refuse(&self, ctx: &str, pending: &Pending, error: &OAuthError) -> Response {
        self.store().pending.remove(ctx);
        let (reply, origin) = self.reply_of(&pending.flow);
        reply.error(error, &Stamp::new(self.clock.now(), None), &origin)
    }

    /// Answers the app: a code, tokens, or both, in the asked response mode.
    fn finish(&self, ctx: &str, session: Option<&str>) -> Response {
        let Some(pending) = self.store().pending.remove(ctx) else {
            return self.expired_page();
        };
        let (Flow::Authorize(request), Some(oid)) = (&pending.flow, &pending.user) else {
            return self.expired_page();
        };
        // The user must still be signed in to this browser (a revocation may have ended it).
        let signed_in = session.and_then(|id| {
            let store = self.store();
            let session = store.sessions.get(id)?;
            let user = session.users.iter().find(|user| &user.oid == oid)?;
            Some((session.state.clone(), user.sid.clone()))
        });
        let Some((session_state, sid)) = signed_in else {
            return self.expired_page();
        };
        let user = self.registry.user_by_oid(oid).expect("a directory user").clone();
        let app = self.registry.app(&request.client_id).expect("checked at authorize").clone();
        let now = self.clock.now();
        let mut params: Vec<(&str, String)> = Vec::new();
        let mut code_value = None;
        if request.response.code {
            let code = random::token::<48>();
            let mut store = self.store();
            store.codes.retain(|_, code| code.issued.plus_seconds(CODE_SECONDS) > now);
            store.codes.insert(
                code.clone(),
                Code {
                    client_id: app.client_id.clone(),
                    redirect_uri: request.reply.redirect_uri.clone(),
                    oid: user.oid.clone(),
                    sid: sid.clone(),
                    scopes: request.scopes.clone(),
                    nonce: request.nonce.clone(),
                    challenge: request.challenge.clone(),
                    issued: now,
                    redeemed: false,
                },
            );
            drop(store);
            params.push(("code", code.clone()));
            code_value = Some(code);
        }
        let who = Subject { origin: &request.origin, user: &user, app: &app, sid: &sid };
        let c_hash = code_value.as_deref().map(super::half_hash);
        if request.response.token {
            let extras = IdTokenExtras { nonce: request.nonce.clone(), with_at_hash: true };
            let issued = self.issue(&who, &request.scopes, request.response.id_token.then_some(extras), None);
            params.push(("access_token", issued.access_token));
            params.push(("token_type", "Bearer".to_owned()));
            params.push(("expires_in", super::ACCESS_TOKEN_SECONDS.to_string()));
            params.push(("scope", issued.scope));
            if let Some(id_token) = issued.id_token {
                params.push(("id_token", id_token));
            }
        } else if request.response.id_token {
            let mut extra = Vec::new();
            if let Some(nonce) = &request.nonce {
                extra.push(("nonce", nonce.clone()));
            }
            if let Some(c_hash) = c_hash {
                extra.push(("c_hash", c_hash));
            }
            params.push(("id_token", self.id_token(&who, &request.scopes, extra, now)));
        }
        request.reply.send(params, vec![("session_state", session_state)])
    }

    fn sign_in_page(&self, ctx: &str, pending: &Pending, login: &str, error: Option<(OAuthError, &str)>) -> Response {
        pages::sign_in(pages::SignIn {
            action: format!("/{}/login", pending.tenant),
            ctx,
            app_name: self.app_name(&pending.flow),
            login,
            error: error.map(|(error, text)| (error.code_label(), text.to_owned())),
            users: self.registry.users.iter().map(|user| DemoUser { upn: &user.upn, name: &user.name }).collect(),
        })
    }

    fn picker_page(&self, ctx: &str, pending: &Pending, accounts: &[User]) -> Response {
        let tiles: Vec<DemoUser> = accounts.iter().map(|user| DemoUser { upn: &user.upn, name: &user.name }).collect();
        pages::account_picker(&format!("/{}/login/select", pending.tenant), ctx, self.app_name(&pending.flow), &tiles)
    }

    fn consent_page(&self, ctx: &str, pending: &Pending, user: &User, scopes: &Scopes, for_organization: bool) -> Response {
        let mut items: Vec<(String, String)> = super::registry::OIDC_SCOPES
            .iter()
            .filter(|(name, _)| scopes.has(name))
            .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
            .collect();
        items.extend(scopes.permissions.iter().map(|p| (scopes::display(p), scopes::describe(p))));
        pages::consent(pages::Consent {
            action: format!("/{}/consent", pending.tenant),
            ctx,
            app_name: self.app_name(&pending.flow),
            upn: &user.upn,
            items,
            for_organization,
        })
    }

    fn admin_approval_page(&self, ctx: &str, pending: &Pending) -> Response {
        pages::admin_approval(
            &format!("/{}/login/select", pending.tenant),
            &format!("/{}/consent", pending.tenant),
            ctx,
            self.app_name(&pending.flow),
            &errors::admin_required(),
        )
    }

    fn app_name(&self, flow: &Flow) -> &str {
        let client_id = match flow {
            Flow::Authorize(request) => &request.client_id,
            Flow::AdminConsent(request) => &request.client_id,
        };
        self.registry.app(client_id).map(|app| app.name.as_str()).unwrap_or_default()
    }
}

fn parse_response_type(text: &str) -> Option<ResponseType> {
    let mut response = ResponseType { code: false, id_token: false, token: false };
    for part in text.split_whitespace() {
        let flag = match part {
            "code" => &mut response.code,
            "id_token" => &mut response.id_token,
            "token" => &mut response.token,
            _ => return None,
        };
        if *flag {
            return None;
        }
        *flag = true;
    }
    // Supported: code, id_token, token, id_token token, and the hybrid code id_token.
    let supported =
        matches!((response.code, response.id_token, response.token), (true, _, false) | (false, _, true) | (false, true, false));
    supported.then_some(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_supported_response_types_in_any_order() {
        let rt = |text| parse_response_type(text).map(|r| (r.code, r.id_token, r.token));
        assert_eq!(rt("code"), Some((true, false, false)));
        assert_eq!(rt("token id_token"), Some((false, true, true)));
        assert_eq!(rt("id_token"), Some((false, true, false)));
        assert_eq!(rt("code id_token"), Some((true, true, false)));
        assert_eq!(rt("code token"), None);
        assert_eq!(rt("code code"), None);
        assert_eq!(rt("device"), None);
        assert_eq!(rt(""), None);
    }
}
