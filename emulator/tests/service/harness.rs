//! A tiny browser: sends requests through the router, keeps the emulator's cookie, reads
//! redirects and the pages' `data-testid` elements.

use axum::body::{to_bytes, Body};
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::signature::Verifier;
use rsa::{BigUint, RsaPublicKey};
use serde_json::{Map, Value};
use sha2::Sha256;
use std::collections::HashMap;
use tern_emulator::{router, upload_router, Shared, State, DEMO_CLIENT_ID};
use tower::ServiceExt;

pub const ORIGIN: &str = "http://127.0.0.1:8710";
/// Where upload sessions are answered: the next port, another origin.
pub const UPLOAD_ORIGIN: &str = "http://127.0.0.1:8711";
/// A redirect URI registered for every built-in app: `trunk serve`'s.
pub const APP: &str = "http://localhost:8080/";
pub const APP_ORIGIN: &str = "http://localhost:8080";
/// RFC 7636's example verifier and its S256 challenge.
pub const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
pub const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
pub const ADELE: &str = "adele@contoso.example";
pub const MEGAN: &str = "megan@contoso.example";
pub const SCOPE: &str = "openid profile offline_access User.Read Mail.Read";

pub struct Emulator {
    pub state: Shared,
    router: Router,
    uploads: Router,
    cookies: HashMap<String, String>,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Emulator {
    pub fn new() -> Emulator {
        Emulator::from_state(State::new(ORIGIN))
    }

    pub fn with_identity_file(text: &str) -> Emulator {
        Emulator::from_state(State::with_identity_file(ORIGIN, Some(text)).expect("a valid identity file"))
    }

    pub fn from_state(state: Shared) -> Emulator {
        Emulator { router: router(state.clone(), None), uploads: upload_router(state.clone()), state, cookies: HashMap::new() }
    }

    /// A second browser on the same emulator: no cookies.
    pub fn new_browser(&self) -> Emulator {
        Emulator { state: self.state.clone(), router: self.router.clone(), uploads: self.uploads.clone(), cookies: HashMap::new() }
    }

    pub fn cookie(&self, name: &str) -> Option<&String> {
        self.cookies.get(name)
    }

    pub async fn send(&mut self, method: Method, uri: &str, headers: &[(&str, &str)], body: String) -> Reply {
        let mut request = Request::builder().method(method).uri(uri);
        if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("host")) {
            request = request.header(header::HOST, "127.0.0.1:8710");
        }
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
            request = request.header(header::COOKIE, jar.join("; "));
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = self.router.clone().oneshot(request.body(Body::from(body)).unwrap()).await.unwrap();
        let (parts, body) = response.into_parts();
        for value in parts.headers.get_all(header::SET_COOKIE) {
            let text = value.to_str().unwrap();
            let (pair, _) = text.split_once(';').unwrap_or((text, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if text.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let body = to_bytes(body, usize::MAX).await.unwrap();
        Reply { status: parts.status, headers: parts.headers, body: String::from_utf8(body.to_vec()).unwrap() }
    }

    /// As [`Emulator::send`] with a binary body; the answer also as bytes. A URI on
    /// [`UPLOAD_ORIGIN`] goes to the upload listener.
    pub async fn send_bytes(&mut self, method: Method, uri: &str, headers: &[(&str, &str)], body: Vec<u8>) -> (Reply, Vec<u8>) {
        let (router, uri, host) = match uri.strip_prefix(UPLOAD_ORIGIN) {
            Some(path) => (self.uploads.clone(), path, "127.0.0.1:8711"),
            None => (self.router.clone(), uri, "127.0.0.1:8710"),
        };
        let mut request = Request::builder().method(method).uri(uri).header(header::HOST, host);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = router.oneshot(request.body(Body::from(body)).unwrap()).await.unwrap();
        let (parts, body) = response.into_parts();
        let bytes = to_bytes(body, usize::MAX).await.unwrap().to_vec();
        let reply = Reply { status: parts.status, headers: parts.headers, body: String::from_utf8_lossy(&bytes).into_owned() };
        (reply, bytes)
    }

    pub async fn get(&mut self, uri: &str) -> Reply {
        self.send(Method::GET, uri, &[], String::new()).await
    }

    pub async fn post_form(&mut self, uri: &str, pairs: &[(&str, &str)]) -> Reply {
        let body = serde_urlencoded::to_string(pairs).unwrap();
        self.send(Method::POST, uri, &[("content-type", "application/x-www-form-urlencoded")], body).await
    }

    pub async fn post_json(&mut self, uri: &str, body: &str) -> Reply {
        self.send(Method::POST, uri, &[("content-type", "application/json")], body.to_owned()).await
    }

    /// A token request as a browser at `origin` sends it (no `Origin` when `None`).
    pub async fn token(&mut self, pairs: &[(&str, &str)], origin: Option<&str>) -> Reply {
        let body = serde_urlencoded::to_string(pairs).unwrap();
        let mut headers = vec![("content-type", "application/x-www-form-urlencoded")];
        if let Some(origin) = origin {
            headers.push(("origin", origin));
        }
        self.send(Method::POST, "/common/oauth2/v2.0/token", &headers, body).await
    }

    /// Signs in on the sign-in page `page` as `upn` with `password`.
    pub async fn sign_in(&mut self, page: &Reply, upn: &str, password: &str) -> Reply {
        let action = page.form_action("signin-form");
        let ctx = page.hidden("ctx");
        self.post_form(&action, &[("ctx", &ctx), ("login", upn), ("passwd", password)]).await
    }

    /// Presses a button: `name=value` in the form that holds the element `testid`.
    pub async fn press(&mut self, page: &Reply, testid: &str, name: &str, value: &str) -> Reply {
        let action = page.action_around(testid);
        let ctx = page.hidden("ctx");
        self.post_form(&action, &[("ctx", &ctx), (name, value)]).await
    }

    /// Goes through whatever pages come (sign-in as `upn` with the demo password,
    /// account picker, consent) until the emulator redirects.
    pub async fn complete(&mut self, mut reply: Reply, upn: &str) -> Reply {
        for _ in 0..6 {
            if reply.status == StatusCode::FOUND {
                return reply;
            }
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
            reply = if reply.has("signin-form") {
                self.sign_in(&reply, upn, "demo").await
            } else if reply.has("account-tile") {
                self.press(&reply, "account-tile", "upn", upn).await
            } else if reply.has("consent-accept") {
                self.press(&reply, "consent-accept", "decision", "accept").await
            } else {
                panic!("an unexpected page: {}", reply.body);
            };
        }
        panic!("no redirect came");
    }

    /// Authorize with `params` and go through the pages as `upn`.
    pub async fn authorize_as(&mut self, params: &[(&str, &str)], upn: &str) -> Reply {
        let first = self.get(&authorize_url(params)).await;
        self.complete(first, upn).await
    }

    /// The default flow: code + PKCE for the demo SPA, as `upn`; returns the code.
    pub async fn code(&mut self, client_id: &str, scope: &str, upn: &str) -> String {
        let reply = self.authorize_as(&code_params(client_id, scope), upn).await;
        reply.params().get("code").cloned().unwrap_or_else(|| panic!("no code in {}", reply.location()))
    }

    /// A code redeemed by the browser at `APP_ORIGIN` for `SCOPE`.
    pub async fn redeem(&mut self, client_id: &str, code: &str) -> Reply {
        self.redeem_for(client_id, code, SCOPE).await
    }

    /// A code redeemed by the browser at `APP_ORIGIN` for `scope`.
    pub async fn redeem_for(&mut self, client_id: &str, code: &str, scope: &str) -> Reply {
        self.token(
            &[
                ("client_id", client_id),
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", APP),
                ("code_verifier", VERIFIER),
                ("scope", scope),
            ],
            Some(APP_ORIGIN),
        )
        .await
    }

    /// Signs `upn` in to the demo app with `scope` and redeems the code for the same scopes:
    /// the access token.
    pub async fn access_token(&mut self, scope: &str, upn: &str) -> String {
        let code = self.code(DEMO_CLIENT_ID, scope, upn).await;
        let reply = self.redeem_for(DEMO_CLIENT_ID, &code, scope).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.json()["access_token"].as_str().unwrap().to_owned()
    }

    /// Signs in and redeems the code: the token response.
    pub async fn tokens(&mut self, client_id: &str, scope: &str, upn: &str) -> Value {
        let code = self.code(client_id, scope, upn).await;
        let reply = self.redeem(client_id, &code).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.json()
    }

    pub async fn refresh(&mut self, client_id: &str, refresh_token: &str, scope: &str) -> Reply {
        self.token(
            &[("client_id", client_id), ("grant_type", "refresh_token"), ("refresh_token", refresh_token), ("scope", scope)],
            Some(APP_ORIGIN),
        )
        .await
    }

    pub async fn advance_clock(&mut self, seconds: i64) {
        let reply = self.post_json("/_emulator/clock/advance", &format!(r#"{{"seconds": {seconds}}}"#)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }

    /// Checks a JWT's signature against the published keys, as a client would, and
    /// returns its claims.
    pub async fn verified_claims(&mut self, token: &str) -> Map<String, Value> {
        let keys = self.get("/common/discovery/v2.0/keys").await.json();
        let (input, signature) = token.rsplit_once('.').unwrap();
        let (header, claims) = input.split_once('.').unwrap();
        let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).unwrap()).unwrap();
        assert_eq!(header["alg"], "RS256");
        let key = keys["keys"].as_array().unwrap().iter().find(|key| key["kid"] == header["kid"]).expect("the token's kid is published");
        let number = |name: &str| BigUint::from_bytes_be(&URL_SAFE_NO_PAD.decode(key[name].as_str().unwrap()).unwrap());
        let public = RsaPublicKey::new(number("n"), number("e")).unwrap();
        let signature = Signature::try_from(URL_SAFE_NO_PAD.decode(signature).unwrap().as_slice()).unwrap();
        VerifyingKey::<Sha256>::new(public).verify(input.as_bytes(), &signature).expect("the signature verifies with the published key");
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims).unwrap()).unwrap()
    }
}

pub fn authorize_url(params: &[(&str, &str)]) -> String {
    format!("/common/oauth2/v2.0/authorize?{}", serde_urlencoded::to_string(params).unwrap())
}

pub fn code_params<'a>(client_id: &'a str, scope: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("client_id", client_id),
        ("response_type", "code"),
        ("redirect_uri", APP),
        ("scope", scope),
        ("state", "state-1"),
        ("nonce", "nonce-1"),
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
    ]
}

/// The claims of a JWT, unverified.
pub fn claims(token: &str) -> Map<String, Value> {
    let part = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|value| value.to_str().unwrap())
    }

    pub fn location(&self) -> String {
        self.header("location").unwrap_or_else(|| panic!("not a redirect ({}): {}", self.status, self.body)).to_owned()
    }

    /// The parameters of the redirect, from its query or its fragment.
    pub fn params(&self) -> HashMap<String, String> {
        serde_urlencoded::from_str::<Vec<(String, String)>>(self.response_part()).unwrap().into_iter().collect()
    }

    /// The query (`?…`) or fragment (`#…`) the response was put in.
    pub fn response_part(&self) -> &str {
        let location = self.header("location").unwrap();
        match location.split_once('#') {
            Some((_, fragment)) => fragment,
            None => location.split_once('?').map(|(_, query)| query).unwrap_or(""),
        }
    }

    pub fn in_fragment(&self) -> bool {
        self.location().contains('#')
    }

    /// The AADSTS code of a redirected error.
    pub fn error_code(&self) -> String {
        self.params()["error_description"].split(':').next().unwrap().to_owned()
    }

    pub fn has(&self, testid: &str) -> bool {
        self.body.contains(&format!("data-testid=\"{testid}\""))
    }

    /// The text of the first element with `data-testid="testid"` (up to its first child).
    pub fn text(&self, testid: &str) -> String {
        let start = self.body.find(&format!("data-testid=\"{testid}\"")).unwrap_or_else(|| panic!("no {testid} in {}", self.body));
        let rest = &self.body[start..];
        let open = rest.find('>').unwrap() + 1;
        let close = rest[open..].find('<').unwrap();
        unescape(&rest[open..open + close]).trim().to_owned()
    }

    /// An attribute of every element with `data-testid="testid"`.
    pub fn attributes(&self, testid: &str, attribute: &str) -> Vec<String> {
        self.body
            .match_indices(&format!("data-testid=\"{testid}\""))
            .map(|(at, _)| {
                let tag_start = self.body[..at].rfind('<').unwrap();
                let tag = &self.body[tag_start..at + self.body[at..].find('>').unwrap()];
                let marker = format!("{attribute}=\"");
                let from = tag.find(&marker).unwrap_or_else(|| panic!("no {attribute} in {tag}")) + marker.len();
                unescape(&tag[from..from + tag[from..].find('"').unwrap()])
            })
            .collect()
    }

    pub fn hidden(&self, name: &str) -> String {
        let marker = format!("name=\"{name}\" value=\"");
        let from = self.body.find(&marker).unwrap_or_else(|| panic!("no {name} field in {}", self.body)) + marker.len();
        unescape(&self.body[from..from + self.body[from..].find('"').unwrap()])
    }

    pub fn input_value(&self, testid: &str) -> String {
        self.attributes(testid, "value").remove(0)
    }

    fn form_action(&self, testid: &str) -> String {
        self.attributes(testid, "action").remove(0)
    }

    /// The action of the form enclosing the element `testid`.
    fn action_around(&self, testid: &str) -> String {
        let at = self.body.find(&format!("data-testid=\"{testid}\"")).unwrap();
        let form = self.body[..at].rfind("<form").unwrap();
        let marker = "action=\"";
        let from = form + self.body[form..].find(marker).unwrap() + marker.len();
        unescape(&self.body[from..from + self.body[from..].find('"').unwrap()])
    }
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}
