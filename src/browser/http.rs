//! Every HTTP call Tern makes (identity, Graph, upload sessions), through `gloo-net`.
//!
//! A call belongs to the task that awaits it: when that task is dropped (the screen that
//! started it went away), its answer is dropped with it. What the caller holds for the
//! call's sake (a place among a mailbox's 4 requests in flight) is kept until the browser
//! has really finished with the request.
//!
//! Whether an abandoned request is also aborted is the caller's choice. A Graph request
//! is left to finish: the server goes on working on it after an abort, and Outlook counts
//! it among the mailbox's 4 concurrent requests until then, so freeing its place early
//! would make the next request trip the limit (429). Identity calls and upload chunks,
//! which no such limit counts, are aborted.

use super::js_error_message;
use futures::channel::oneshot;
use gloo_net::http::Response;
use wasm_bindgen::JsValue;
use web_sys::{AbortController, RequestCredentials, RequestInit};

/// A status and a body, for calls whose answer is read whole at once.
pub struct Answer {
    pub status: u16,
    pub body: String,
}

/// One request: the method, the absolute URL, headers and an optional body.
pub struct Call<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
    pub body: Option<JsValue>,
    /// Abort the browser's request when the awaiting task is dropped.
    pub abort_when_abandoned: bool,
}

/// Aborts the request unless the answer arrived first.
struct AbortOnDrop(Option<AbortController>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(controller) = self.0.take() {
            controller.abort();
        }
    }
}

/// Sends `call`, keeping `hold` until the browser is done with the request. Never sends
/// cookies: no call of Tern's needs this site's, and none may carry them elsewhere.
pub async fn send<H: 'static>(call: Call<'_>, hold: H) -> Result<Response, String> {
    let error = |error: JsValue| js_error_message(&error);
    let controller = AbortController::new().map_err(error)?;
    let init = RequestInit::new();
    init.set_method(call.method);
    init.set_credentials(RequestCredentials::Omit);
    init.set_signal(Some(&controller.signal()));
    let headers = web_sys::Headers::new().map_err(error)?;
    for (name, value) in call.headers {
        headers.set(name, value).map_err(error)?;
    }
    init.set_headers(&headers);
    if let Some(body) = &call.body {
        init.set_body(body);
    }
    let request = web_sys::Request::new_with_str_and_init(call.url, &init).map_err(error)?;
    let (answered, answer) = oneshot::channel();
    wasm_bindgen_futures::spawn_local(async move {
        let outcome = gloo_net::http::Request::from(request).send().await;
        let _ = answered.send(outcome);
        drop(hold);
    });
    let mut abort = AbortOnDrop(call.abort_when_abandoned.then_some(controller));
    let outcome = answer.await;
    abort.0 = None;
    match outcome {
        Ok(Ok(response)) => Ok(response),
        Ok(Err(failure)) => Err(failure.to_string()),
        Err(_) => Err("the request was abandoned".into()),
    }
}

async fn whole(call: Call<'_>) -> Result<Answer, String> {
    let response = send(call, ()).await?;
    let body = response.text().await.map_err(|error| error.to_string())?;
    Ok(Answer { status: response.status(), body })
}

pub async fn get(url: &str) -> Result<Answer, String> {
    whole(Call { method: "GET", url, headers: &[], body: None, abort_when_abandoned: true }).await
}

/// POSTs an `application/x-www-form-urlencoded` body, as the token endpoint requires.
pub async fn post_form(url: &str, body: &str) -> Result<Answer, String> {
    let headers = [("Content-Type", "application/x-www-form-urlencoded")];
    whole(Call { method: "POST", url, headers: &headers, body: Some(body.into()), abort_when_abandoned: true }).await
}

/// PUTs one chunk of an upload session. The upload URL carries its own authorisation, and
/// Outlook refuses a bearer token on it, so none is sent.
pub async fn put_chunk(url: &str, chunk: &web_sys::Blob, content_range: &str) -> Result<Answer, String> {
    let headers = [("Content-Range", content_range)];
    whole(Call { method: "PUT", url, headers: &headers, body: Some(chunk.into()), abort_when_abandoned: true }).await
}

/// A file's bytes (or a slice's), read by the browser.
pub async fn bytes_of(blob: &web_sys::Blob) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(blob.array_buffer()).await.map_err(|error| js_error_message(&error))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
