//! Calls to Microsoft Graph for the active account (docs/architecture.md, "Reliability"): a bearer token
//! from the session, a new `client-request-id` on every call, only headers Graph's CORS
//! preflight accepts, at most 4 calls in flight per mailbox, one renewal and retry when
//! Graph refuses the token, and bounded back-off with jitter on throttling and outages.

use super::auth::Auth;
use super::limiter::{Limiter, Permit};
use crate::browser::{crypto, http, js_error_message, timer};
use gloo_net::http::Response;
use leptos::prelude::*;
use serde_json::Value;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;
use tern_core::auth::error::AuthError;
use tern_core::graph::batch;
use tern_core::graph::console::{self, Call, Handling};
use tern_core::graph::requests::GraphRequest;
use tern_core::graph::retry::{self, Verdict};
use tern_core::graph::GraphError;
use tern_core::json::FromJson;
use tern_core::mail::attachments::{raster_image_type, DOWNLOAD_TYPE};
use wasm_bindgen::JsCast;

/// Outlook's limit of concurrent requests per mailbox.
pub const MAX_IN_FLIGHT: usize = 4;

/// What a `blob:` URL of Graph's bytes may be: a picture shown in the page, or a file
/// handed to the browser to save.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlobKind {
    RasterImage,
    Download,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GraphFailure {
    Auth(AuthError),
    Graph(GraphError),
    Network(String),
    /// An answer arrived but could not be read (not the JSON Graph documents).
    Decode(String),
    /// Something in this browser failed (its random source, storage, a file).
    Browser(String),
}

impl fmt::Display for GraphFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Auth(error) => write!(f, "{error}"),
            Self::Graph(error) => write!(f, "{error}"),
            Self::Network(detail) => write!(f, "Microsoft Graph could not be reached: {detail}."),
            Self::Decode(detail) => write!(f, "Microsoft Graph's answer could not be read: {detail}."),
            Self::Browser(detail) => write!(f, "This browser could not do it: {detail}."),
        }
    }
}

/// A version 4 UUID from the browser's random source.
fn uuid_v4() -> Result<String, GraphFailure> {
    let mut bytes = crypto::random_bytes::<16>().map_err(GraphFailure::Browser)?;
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32]))
}

/// What one call sends besides the bearer token and `client-request-id`.
#[derive(Clone, Copy)]
struct Outgoing<'a> {
    method: &'a str,
    body: Option<&'a str>,
    /// Extra `Prefer` values, e.g. `outlook.body-content-type="text"`.
    prefer: &'a [&'a str],
}

impl Outgoing<'_> {
    const GET: Outgoing<'static> = Outgoing { method: "GET", body: None, prefer: &[] };
}

/// Stable ids: a `move` would otherwise hand back the message under a new id.
const IMMUTABLE_IDS: &str = "IdType=\"ImmutableId\"";

/// The headers of one try: the bearer token, a new `client-request-id`, and only what
/// Graph's CORS preflight accepts.
fn headers_for(outgoing: Outgoing<'_>, token: &str, client_request_id: &str) -> Vec<(&'static str, String)> {
    let mut prefer = vec![IMMUTABLE_IDS];
    prefer.extend_from_slice(outgoing.prefer);
    let mut headers = vec![
        ("Authorization", format!("Bearer {token}")),
        ("client-request-id", client_request_id.to_owned()),
        ("Prefer", prefer.join(", ")),
    ];
    if outgoing.body.is_some() {
        headers.push(("Content-Type", "application/json".to_owned()));
    }
    headers
}

/// One try of a call. `permit` is this call's places among the mailboxes' requests in
/// flight, kept until the browser is done with the request.
async fn send_once(url: &str, outgoing: Outgoing<'_>, headers: &[(&str, String)], permit: Vec<Permit>) -> Result<Response, String> {
    let headers: Vec<(&str, &str)> = headers.iter().map(|(name, value)| (*name, value.as_str())).collect();
    let call = http::Call {
        method: outgoing.method,
        url,
        headers: &headers,
        body: outgoing.body.map(wasm_bindgen::JsValue::from_str),
        abort_when_abandoned: false,
    };
    http::send(call, permit).await
}

async fn text_of(response: &Response) -> String {
    response.text().await.unwrap_or_default()
}

/// The log keeps the latest calls only, so a long session does not grow without bound.
const LOG_LIMIT: usize = 200;

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
    /// The latest calls, oldest first.
    pub log: RwSignal<Vec<Call>, LocalStorage>,
}

impl Graph {
    pub fn new(auth: Auth) -> Graph {
        Graph { auth, inner: StoredValue::new_local(Rc::default()), retrying: RwSignal::new(0), log: RwSignal::new_local(Vec::new()) }
    }

    pub fn provide(self) {
        provide_context(self);
    }

    pub fn expect() -> Graph {
        expect_context()
    }

    pub fn auth(self) -> Auth {
        self.auth
    }

    fn limiter(self, mailbox: String) -> Rc<Limiter> {
        let inner = self.inner.get_value();
        let mut limiters = inner.limiters.borrow_mut();
        limiters.entry(mailbox).or_insert_with(|| Limiter::new(MAX_IN_FLIGHT)).clone()
    }

    fn record(self, entry: Call) {
        self.log.update(|log| {
            if log.len() >= LOG_LIMIT {
                log.remove(0);
            }
            log.push(entry);
        });
    }

    /// One call to `path` (relative to the Graph base, or a `nextLink`/`deltaLink` as Graph
    /// wrote it), renewed and retried as docs/architecture.md ("Reliability") says.
    async fn send(self, path: &str, outgoing: Outgoing<'_>) -> Result<Response, GraphFailure> {
        let account = self.auth.active.get_untracked().unwrap_or_default();
        let relative = path.strip_prefix(self.auth.config().graph_base.as_str()).unwrap_or(path);
        let places = vec![(tern_core::graph::mailbox_of(relative, &account), 1)];
        self.send_taking(path, outgoing, places).await
    }

    /// Places among the mailboxes' requests in flight, taken in one order by every caller
    /// so that two calls needing several can never wait on each other.
    async fn take_places(self, mut places: Vec<(String, usize)>) -> Vec<Permit> {
        tern_core::sort::sort(&mut places);
        let mut permits = Vec::with_capacity(places.len());
        for (mailbox, count) in places {
            permits.push(self.limiter(mailbox).acquire_many(count).await);
        }
        permits
    }

    async fn send_taking(self, path: &str, outgoing: Outgoing<'_>, places: Vec<(String, usize)>) -> Result<Response, GraphFailure> {
        let base = self.auth.config().graph_base;
        let (url, relative) = match path.strip_prefix(base.as_str()) {
            Some(relative) => (path.to_owned(), relative.to_owned()),
            // An absolute address elsewhere (a link in an answer, say) would carry the Graph
            // token to another host: refused.
            None if path.contains("://") => return Err(GraphFailure::Network(format!("{path} is not on Microsoft Graph ({base})"))),
            None => (format!("{base}{path}"), path.to_owned()),
        };
        let logged_path = relative.split('?').next().unwrap_or_default().to_owned();
        let account = self.auth.active.get_untracked().unwrap_or_default();
        let mut attempt = 1;
        let mut renewed = false;
        loop {
            let token = self.auth.access_token().await.map_err(GraphFailure::Auth)?;
            let client_request_id = uuid_v4()?;
            let headers = headers_for(outgoing, &token, &client_request_id);
            let started = js_sys::Date::now();
            let permits = self.take_places(places.clone()).await;
            let outcome = send_once(&url, outgoing, &headers, permits).await;
            let duration_ms = (js_sys::Date::now() - started) as u32;
            let status = outcome.as_ref().ok().map(Response::status);
            let response_headers: Vec<(String, String)> =
                outcome.as_ref().map(|response| response.headers().entries().collect()).unwrap_or_default();
            let error_body = match &outcome {
                Ok(response) if !response.ok() => Some(text_of(response).await),
                _ => None,
            };
            let header = |name: &str| response_headers.iter().find(|(known, _)| known.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone());
            // Readable only where the host exposes it; Graph does not.
            let retry_after = header("Retry-After");
            let verdict = retry::decide(status, attempt, renewed, retry_after.as_deref(), js_sys::Math::random());
            self.record(Call {
                account: account.clone(),
                method: outgoing.method.to_owned(),
                url: url.clone(),
                path: logged_path.clone(),
                started_at_ms: started,
                duration_ms,
                status,
                client_request_id: client_request_id.clone(),
                request_id: header("request-id"),
                request_headers: headers.iter().map(|(name, value)| console::redacted_header(name, value)).collect(),
                response_headers: response_headers.clone(),
                request_body: outgoing.body.map(console::recorded_body),
                error_body: error_body.clone(),
                network_error: outcome.as_ref().err().cloned(),
                handling: match verdict {
                    Verdict::RenewToken => Handling::RenewedToken,
                    Verdict::RetryAfterMs(delay) => Handling::RetriedAfterMs(delay),
                    Verdict::Done => Handling::Finished,
                    Verdict::GiveUp => Handling::GaveUp,
                },
                attempt,
            });
            match verdict {
                Verdict::RenewToken => {
                    renewed = true;
                    self.auth.reject_token(&token).map_err(GraphFailure::Auth)?;
                }
                Verdict::RetryAfterMs(delay) => {
                    self.back_off(delay).await;
                    attempt += 1;
                }
                Verdict::Done | Verdict::GiveUp => {
                    let response = outcome.map_err(GraphFailure::Network)?;
                    if response.ok() {
                        return Ok(response);
                    }
                    let body = error_body.unwrap_or_default();
                    return Err(GraphFailure::Graph(GraphError::from_response(response.status(), &body, &client_request_id)));
                }
            }
        }
    }

    async fn back_off(self, delay_ms: u64) {
        self.retrying.update(|n| *n += 1);
        timer::sleep(delay_ms).await;
        self.retrying.update(|n| *n -= 1);
    }

    /// Sends a request built by `tern_core::graph::requests`.
    pub async fn request(self, request: &GraphRequest) -> Result<Response, GraphFailure> {
        let body = request.body.as_ref().map(Value::to_string);
        let prefer: Vec<&str> = request.prefer.iter().map(String::as_str).collect();
        self.send(&request.path, Outgoing { method: request.method.as_str(), body: body.as_deref(), prefer: &prefer }).await
    }

    /// A request whose answer is JSON, decoded into `T`.
    pub async fn request_json<T: FromJson>(self, request: &GraphRequest) -> Result<T, GraphFailure> {
        read(&self.request_value(request).await?)
    }

    // The answer is read as a value apart from the model it becomes, so that the waiting
    // and parsing are compiled once rather than once per model.
    async fn request_value(self, request: &GraphRequest) -> Result<Value, GraphFailure> {
        let response = self.request(request).await?;
        parse(&text_of(&response).await)
    }

    /// A request whose answer carries nothing Tern needs (202, 204).
    pub async fn perform(self, request: &GraphRequest) -> Result<(), GraphFailure> {
        self.request(request).await.map(drop)
    }

    /// A link Graph wrote (`@odata.nextLink`, `@odata.deltaLink`, or the start of a delta
    /// round), followed verbatim: only ever to the Graph base.
    pub async fn follow<T: FromJson>(self, link: &str) -> Result<T, GraphFailure> {
        read(&self.follow_value(link).await?)
    }

    async fn follow_value(self, link: &str) -> Result<Value, GraphFailure> {
        let response = self.send(link, Outgoing::GET).await?;
        parse(&text_of(&response).await)
    }

    /// A binary resource (a photo, an attachment) as a `blob:` URL of the type `kind` allows,
    /// whatever type the sender gave it. The caller revokes it when it is no longer shown.
    pub async fn object_url(self, request: &GraphRequest, kind: BlobKind) -> Result<String, GraphFailure> {
        let response = self.request(request).await?;
        let network = |error: wasm_bindgen::JsValue| GraphFailure::Browser(js_error_message(&error));
        let raw: web_sys::Response = response.into();
        let declared = raw.headers().get("Content-Type").ok().flatten().unwrap_or_default();
        let as_type = match kind {
            BlobKind::RasterImage => raster_image_type(&declared)
                .ok_or_else(|| GraphFailure::Decode(format!("\u{201c}{declared}\u{201d} is not a picture Tern shows")))?,
            BlobKind::Download => DOWNLOAD_TYPE,
        };
        let blob: web_sys::Blob =
            wasm_bindgen_futures::JsFuture::from(raw.blob().map_err(network)?).await.map_err(network)?.unchecked_into();
        let retyped = blob.slice_with_f64_and_f64_and_content_type(0.0, blob.size(), as_type).map_err(network)?;
        web_sys::Url::create_object_url_with_blob(&retyped).map_err(network)
    }

    /// Sends `requests` as fully parallel `$batch` calls of at most 20 (Graph runs 4 of a
    /// mailbox at a time and queues the rest), and answers each by id. Items throttled or refused for an outage are sent again
    /// after backing off, with what depended on them; the rest keep their first answer.
    pub async fn batch(self, requests: Vec<batch::Request>) -> Result<BTreeMap<String, batch::Response>, GraphFailure> {
        let mut answers = BTreeMap::new();
        let mut pending = requests;
        for attempt in 1..=retry::MAX_ATTEMPTS {
            let bodies = batch::pack(pending.clone()).map_err(|problem| GraphFailure::Decode(problem.to_string()))?;
            for body in bodies {
                let places = self.batch_places(&body);
                let body = body.to_string();
                let outgoing = Outgoing { method: "POST", body: Some(&body), prefer: &[] };
                let response = self.send_taking("/$batch", outgoing, places).await?;
                let unpacked = batch::unpack(&text_of(&response).await).map_err(GraphFailure::Decode)?;
                answers.extend(unpacked);
            }
            let again = batch::to_retry(&pending, &answers);
            if again.is_empty() || attempt == retry::MAX_ATTEMPTS {
                break;
            }
            let delay = match retry::decide(Some(429), attempt, true, None, js_sys::Math::random()) {
                Verdict::RetryAfterMs(delay) => delay,
                _ => break,
            };
            self.back_off(delay).await;
            pending = again;
        }
        Ok(answers)
    }
}

impl Graph {
    /// Outlook counts a batch's inner requests among their mailboxes' requests in flight,
    /// as many at once as it runs (at most 4 of a mailbox).
    fn batch_places(self, body: &Value) -> Vec<(String, usize)> {
        let account = self.auth.active.get_untracked().unwrap_or_default();
        let mut places: BTreeMap<String, usize> = BTreeMap::new();
        for request in body["requests"].as_array().into_iter().flatten() {
            let url = request["url"].as_str().unwrap_or_default();
            *places.entry(tern_core::graph::mailbox_of(url, &account)).or_default() += 1;
        }
        places.into_iter().map(|(mailbox, count)| (mailbox, count.min(MAX_IN_FLIGHT))).collect()
    }
}

/// Lets the screen being shown send what its first paint needs before work nobody is
/// waiting for (the photo, the background checks). Outlook runs four of a mailbox's
/// requests at once, the start-up batch of a screen takes all four, and the limiter serves
/// in order of arrival: started a turn of the event loop later, such work queues behind
/// the batch instead of making it wait a whole round trip.
pub async fn after_first_requests() {
    crate::browser::timer::sleep(0).await;
}

fn parse(body: &str) -> Result<Value, GraphFailure> {
    serde_json::from_str(body).map_err(|error| GraphFailure::Decode(error.to_string()))
}

fn read<T: FromJson>(value: &Value) -> Result<T, GraphFailure> {
    T::from_json(value).map_err(|error| GraphFailure::Decode(error.to_string()))
}

/// A `$batch` item's answer as the model it carries, or its error explained.
pub fn batch_item<T: FromJson>(answers: &BTreeMap<String, batch::Response>, id: &str) -> Result<T, GraphFailure> {
    read(batch_body(answers, id)?)
}

fn batch_body<'a>(answers: &'a BTreeMap<String, batch::Response>, id: &str) -> Result<&'a Value, GraphFailure> {
    let Some(answer) = answers.get(id) else {
        return Err(GraphFailure::Decode(format!("the batch answer lacks item {id}")));
    };
    let body = answer.body.as_ref().unwrap_or(&Value::Null);
    if (200..300).contains(&answer.status) {
        return Ok(body);
    }
    let client_request_id = answer.headers.get("client-request-id").cloned().unwrap_or_default();
    Err(GraphFailure::Graph(GraphError::from_response(answer.status, &body.to_string(), &client_request_id)))
}
