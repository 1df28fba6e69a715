//! Calls to Microsoft Graph for the active account: a bearer token from the session, a new
//! `client-request-id` on every call, only headers Graph's CORS preflight accepts, and one
//! renewal and retry when Graph refuses the token.

use super::auth::Auth;
use crate::browser::{crypto, js_error_message};
use std::fmt;
use tern_core::auth::error::AuthError;
use tern_core::graph::GraphError;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, Response};

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

/// `GET {graph_base}{path}`; a successful response, or the failure explained.
pub async fn get(auth: Auth, path: &str) -> Result<Response, GraphFailure> {
    let url = format!("{}{path}", auth.config().graph_base);
    let mut renewed = false;
    loop {
        let token = auth.access_token().await.map_err(GraphFailure::Auth)?;
        let client_request_id = uuid_v4();
        let response = send_once(&url, &token, &client_request_id).await?;
        if response.ok() {
            return Ok(response);
        }
        let status = response.status();
        if status == 401 && !renewed {
            renewed = true;
            auth.reject_token(&token);
            continue;
        }
        let body = text_of(&response).await;
        return Err(GraphFailure::Graph(GraphError::from_response(status, &body, &client_request_id)));
    }
}

pub async fn get_json<T: serde::de::DeserializeOwned>(auth: Auth, path: &str) -> Result<T, GraphFailure> {
    let response = get(auth, path).await?;
    let body = text_of(&response).await;
    serde_json::from_str(&body).map_err(|error| GraphFailure::Network(format!("the answer was not understood ({error})")))
}

/// A binary resource (a photo) as a `blob:` URL the page may show.
pub async fn get_object_url(auth: Auth, path: &str) -> Result<String, GraphFailure> {
    let response = get(auth, path).await?;
    let network = |error: wasm_bindgen::JsValue| GraphFailure::Network(js_error_message(&error));
    let blob: web_sys::Blob = JsFuture::from(response.blob().map_err(network)?)
        .await
        .map_err(network)?
        .unchecked_into();
    web_sys::Url::create_object_url_with_blob(&blob).map_err(network)
}
