//! Calls to Microsoft Graph for the active account (DESIGN.md section 6): a bearer token
//! from the session, a new `client-request-id` on every call, only headers Graph's CORS
//! preflight accepts, at most 4 calls in flight per mailbox, one renewal and retry when
//! Graph refuses the token, and bounded back-off with jitter on throttling and outages.

use super::auth::Auth;
use super::limiter::Limiter;
use crate::browser::{crypto, js_error_message, timer};
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;
use tern_core::auth::error::AuthError;
use tern_core::graph::retry::{self, Verdict};
use tern_core::graph::GraphError;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, Response};

/// Outlook's limit of concurrent requests per mailbox.
pub const MAX_IN_FLIGHT: usize = 4;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GraphFailure {
    Auth(AuthError),
    Graph(GraphError),
    Network(String),
}

impl fmt::Display for GraphFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Auth(error) => write!(f, "{error}"),
            Self::Graph(error) => write!(f, "{error}"),
            Self::Network(detail) => write!(f, "Microsoft Graph could not be reached: {detail}."),
        }
    }
}

/// A version 4 UUID from the browser's random source.
fn uuid_v4() -> String {
    let mut bytes = crypto::random_bytes::<16>().unwrap_or_default();
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

async fn send_once(url: &str, token: &str, client_request_id: &str) -> Result<Response, GraphFailure> {
    let network = |error: wasm_bindgen::JsValue| GraphFailure::Network(js_error_message(&error));
    let init = RequestInit::new();
    let headers = web_sys::Headers::new().map_err(network)?;
    headers.set("Authorization", &format!("Bearer {token}")).map_err(network)?;
    headers.set("client-request-id", client_request_id).map_err(network)?;
    init.set_headers(&headers);
    init.set_credentials(web_sys::RequestCredentials::Omit);
    let window = web_sys::window().ok_or_else(|| GraphFailure::Network("no window".into()))?;
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await.map_err(network)?;
    Ok(response.unchecked_into())
}

async fn text_of(response: &Response) -> String {
    match response.text() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|v| v.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

#[derive(Default)]
struct Inner {
    limiters: RefCell<HashMap<String, Rc<Limiter>>>,
}

#[derive(Clone, Copy)]
pub struct Graph {
    auth: Auth,
    inner: StoredValue<Rc<Inner>, LocalStorage>,
    /// Calls now waiting to try again after throttling or an outage.
    pub retrying: RwSignal<u32>,
}

impl Graph {
    pub fn new(auth: Auth) -> Graph {
        Graph {
            auth,
            inner: StoredValue::new_local(Rc::default()),
            retrying: RwSignal::new(0),
        }
    }

    pub fn provide(self) {
        provide_context(self);
    }

    pub fn expect() -> Graph {
        expect_context()
    }

    fn limiter(self, mailbox: String) -> Rc<Limiter> {
        let inner = self.inner.get_value();
        let mut limiters = inner.limiters.borrow_mut();
        limiters.entry(mailbox).or_insert_with(|| Limiter::new(MAX_IN_FLIGHT)).clone()
    }

    /// `GET {graph_base}{path}`: a successful response, or the failure explained.
    pub async fn get(self, path: &str) -> Result<Response, GraphFailure> {
        let url = format!("{}{path}", self.auth.config().graph_base);
        let account = self.auth.active.get_untracked().unwrap_or_default();
        let limiter = self.limiter(tern_core::graph::mailbox_of(path, &account));
        let mut attempt = 1;
        let mut renewed = false;
        loop {
            let token = self.auth.access_token().await.map_err(GraphFailure::Auth)?;
            let client_request_id = uuid_v4();
            let outcome = {
                let _permit = limiter.acquire().await;
                send_once(&url, &token, &client_request_id).await
            };
            let status = outcome.as_ref().ok().map(Response::status);
            // Readable only where the host exposes it; Graph does not.
            let retry_after = outcome
                .as_ref()
                .ok()
                .and_then(|response| response.headers().get("Retry-After").ok().flatten());
            match retry::decide(status, attempt, renewed, retry_after.as_deref(), js_sys::Math::random()) {
                Verdict::RenewToken => {
                    renewed = true;
                    self.auth.reject_token(&token);
                }
                Verdict::RetryAfterMs(delay) => {
                    self.retrying.update(|n| *n += 1);
                    timer::sleep(delay).await;
                    self.retrying.update(|n| *n -= 1);
                    attempt += 1;
                }
                Verdict::Done | Verdict::GiveUp => {
                    let response = outcome?;
                    if response.ok() {
                        return Ok(response);
                    }
                    let body = text_of(&response).await;
                    return Err(GraphFailure::Graph(GraphError::from_response(response.status(), &body, &client_request_id)));
                }
            }
        }
    }

    pub async fn get_json<T: serde::de::DeserializeOwned>(self, path: &str) -> Result<T, GraphFailure> {
        let response = self.get(path).await?;
        let body = text_of(&response).await;
        serde_json::from_str(&body).map_err(|error| GraphFailure::Network(format!("the answer was not understood ({error})")))
    }

    /// A binary resource (a photo) as a `blob:` URL the page may show.
    pub async fn get_object_url(self, path: &str) -> Result<String, GraphFailure> {
        let response = self.get(path).await?;
        let network = |error: wasm_bindgen::JsValue| GraphFailure::Network(js_error_message(&error));
        let blob: web_sys::Blob = JsFuture::from(response.blob().map_err(network)?)
            .await
            .map_err(network)?
            .unchecked_into();
        web_sys::Url::create_object_url_with_blob(&blob).map_err(network)
    }
}
