//! `fetch` outside Graph's bearer-token calls (identity, upload sessions): a status and a body, or why the request
//! never got an answer.

use super::js_error_message;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestCredentials, RequestInit, Response};

pub struct Answer {
    pub status: u16,
    pub body: String,
}

async fn send(url: &str, init: &RequestInit) -> Result<Answer, String> {
    // Identity calls never need this site's cookies, and must not send them elsewhere.
    init.set_credentials(RequestCredentials::Omit);
    let window = web_sys::window().ok_or("no window")?;
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, init))
        .await
        .map_err(|error| js_error_message(&error))?
        .unchecked_into();
    let body = JsFuture::from(response.text().map_err(|error| js_error_message(&error))?)
        .await
        .map_err(|error| js_error_message(&error))?
        .as_string()
        .unwrap_or_default();
    Ok(Answer {
        status: response.status(),
        body,
    })
}

pub async fn get(url: &str) -> Result<Answer, String> {
    send(url, &RequestInit::new()).await
}

/// POSTs an `application/x-www-form-urlencoded` body, as the token endpoint requires.
pub async fn post_form(url: &str, body: &str) -> Result<Answer, String> {
    let init = RequestInit::new();
    init.set_method("POST");
    let headers = web_sys::Headers::new().map_err(|error| js_error_message(&error))?;
    headers
        .set("Content-Type", "application/x-www-form-urlencoded")
        .map_err(|error| js_error_message(&error))?;
    init.set_headers(&headers);
    init.set_body(&body.into());
    send(url, &init).await
}

/// PUTs one chunk of an upload session. The upload URL carries its own authorisation, and
/// Outlook refuses a bearer token on it, so none is sent.
pub async fn put_chunk(url: &str, chunk: &web_sys::Blob, content_range: &str) -> Result<Answer, String> {
    let init = RequestInit::new();
    init.set_method("PUT");
    let headers = web_sys::Headers::new().map_err(|error| js_error_message(&error))?;
    headers.set("Content-Range", content_range).map_err(|error| js_error_message(&error))?;
    init.set_headers(&headers);
    init.set_body(chunk);
    send(url, &init).await
}

/// A file's bytes (or a slice's), read by the browser.
pub async fn bytes_of(blob: &web_sys::Blob) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(blob.array_buffer()).await.map_err(|error| js_error_message(&error))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
