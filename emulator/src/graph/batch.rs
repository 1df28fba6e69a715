//! `POST /v1.0/$batch`: JSON batching. Each inner request goes through the same Graph
//! routes as a direct call, with the batch's `Authorization`, so it meets the same token
//! and scope checks and, on its own, the planned faults and Outlook's limit of 4 requests
//! in flight per mailbox.
//!
//! As Graph does (emulator/FIDELITY.md, "$batch"):
//! - a batch is fully parallel (no `dependsOn`) or fully sequential (every request after
//!   the first has one); a mix is refused whole, 400 "Batch should be either fully
//!   sequential or fully parallel";
//! - `dependsOn` names earlier requests only, and ids are unique ignoring case;
//! - at most 4 requests of one batch run at a time, the rest wait their turn, so a batch
//!   alone never trips the mailbox's limit; requests outside the batch still count;
//! - an inner request with a body but no `Content-Type` fails on its own (400);
//! - a request whose dependency failed gets 424 without running.

use super::{authenticate, error, preflight, with_graph_headers};
use crate::Shared;
use axum::body::{to_bytes, Body};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tower::ServiceExt;

/// Most requests one batch may hold.
pub const MAX_REQUESTS: usize = 20;
/// How many requests of one batch Graph runs at once; the rest are queued.
const RUN_AT_ONCE: usize = 4;
/// Graph's words for a batch that mixes parallel and sequential requests.
const MIXED_BATCH: &str = "Batch should be either fully sequential or fully parallel";
/// Response headers an inner answer passes on; the rest (CORS, ids) belong to the batch.
const PASSED_HEADERS: &[&str] = &["content-type", "location", "etag", "retry-after", "preference-applied"];

pub fn routes() -> Router<Shared> {
    Router::new().route("/v1.0/$batch", post(batch).options(preflight))
}

#[derive(Deserialize)]
struct Envelope {
    requests: Vec<Inner>,
}

#[derive(Clone, Deserialize)]
struct Inner {
    id: String,
    method: String,
    url: String,
    #[serde(default)]
    headers: HashMap<String, String>,
    #[serde(default)]
    body: Option<Value>,
    #[serde(default, rename = "dependsOn")]
    depends_on: Vec<String>,
}

/// One inner answer, as the batch response carries it.
struct Answer {
    status: StatusCode,
    headers: Map<String, Value>,
    body: Option<Value>,
}

impl Answer {
    fn failed(&self) -> bool {
        self.status.is_client_error() || self.status.is_server_error()
    }

    fn into_json(self, id: &str) -> Value {
        let mut out = Map::new();
        out.insert("id".into(), Value::from(id));
        out.insert("status".into(), Value::from(self.status.as_u16()));
        out.insert("headers".into(), Value::Object(self.headers));
        if let Some(body) = self.body {
            out.insert("body".into(), body);
        }
        Value::Object(out)
    }
}

async fn batch(State(state): State<Shared>, headers: HeaderMap, body: String) -> Response {
    let call = match authenticate(&state, &headers) {
        Ok(call) => call,
        Err(response) => return response,
    };
    let bad = |message: &str| error(&state, StatusCode::BAD_REQUEST, "BadRequest", message, &call.request_id, &call.client_request_id);
    let Ok(envelope) = serde_json::from_str::<Envelope>(&body) else {
        return bad("Invalid batch payload format.");
    };
    if envelope.requests.len() > MAX_REQUESTS {
        return bad(&format!("Number of requests in the batch exceeds the maximum of {MAX_REQUESTS}."));
    }
    if let Err(message) = check_dependencies(&envelope.requests) {
        return bad(&message);
    }
    let authorization = headers.get(header::AUTHORIZATION).cloned();
    let app = super::routes(state.clone()).with_state(state.clone());
    let mut answers = run(app, &envelope.requests, authorization).await;
    let responses: Vec<Value> =
        envelope.requests.iter().filter_map(|inner| answers.remove(&inner.id).map(|answer| answer.into_json(&inner.id))).collect();
    with_graph_headers(axum::Json(json!({ "responses": responses })).into_response(), &call.request_id, &call.client_request_id)
}

/// Ids must be unique ignoring case, `dependsOn` must name earlier requests only, and
/// the batch must be fully parallel or fully sequential.
fn check_dependencies(requests: &[Inner]) -> Result<(), String> {
    let mut earlier: HashSet<String> = HashSet::new();
    for inner in requests {
        if let Some(later) = inner.depends_on.iter().find(|d| !earlier.contains(&d.to_lowercase())) {
            return Err(format!("Request dependency '{later}' was not found among the earlier requests of the batch."));
        }
        if !earlier.insert(inner.id.to_lowercase()) {
            return Err(format!("Request id '{}' is duplicated in the batch.", inner.id));
        }
    }
    let chained = requests.iter().skip(1).filter(|r| !r.depends_on.is_empty()).count();
    if chained != 0 && chained != requests.len().saturating_sub(1) {
        return Err(MIXED_BATCH.into());
    }
    Ok(())
}

/// Runs the requests in rounds: each round, those whose dependencies have all answered,
/// at most `RUN_AT_ONCE` at a time; one whose dependency failed is answered 424 instead.
async fn run(app: Router, requests: &[Inner], authorization: Option<HeaderValue>) -> HashMap<String, Answer> {
    let turns = Arc::new(Semaphore::new(RUN_AT_ONCE));
    let mut answers: HashMap<String, Answer> = HashMap::new();
    while answers.len() < requests.len() {
        let answered = |id: &String| answers.keys().any(|known| known.eq_ignore_ascii_case(id));
        let ready: Vec<&Inner> = requests.iter().filter(|r| !answers.contains_key(&r.id) && r.depends_on.iter().all(answered)).collect();
        let mut running = JoinSet::new();
        for inner in ready {
            let failed = |dependency: &String| answers.iter().any(|(id, answer)| id.eq_ignore_ascii_case(dependency) && answer.failed());
            if inner.depends_on.iter().any(failed) {
                answers.insert(inner.id.clone(), failed_dependency());
                continue;
            }
            let request = inner_request(inner, authorization.as_ref());
            let app = app.clone();
            let id = inner.id.clone();
            let turns = turns.clone();
            running.spawn(async move {
                let _turn = turns.acquire_owned().await.expect("the batch's semaphore stays open");
                let answer = match request {
                    Ok(request) => answer(app.oneshot(request).await.into_response()).await,
                    Err(answer) => answer,
                };
                (id, answer)
            });
        }
        while let Some(done) = running.join_next().await {
            let (id, answer) = done.expect("an inner request does not panic");
            answers.insert(id, answer);
        }
    }
    answers
}

fn failed_dependency() -> Answer {
    Answer {
        status: StatusCode::FAILED_DEPENDENCY,
        headers: Map::new(),
        body: Some(json!({"error": {"code": "FailedDependency", "message": "Request failed because of a failed dependency."}})),
    }
}

/// The inner request as a direct call: its URL under `/v1.0`, its headers, the batch's
/// `Authorization`, and its JSON body.
fn inner_request(inner: &Inner, authorization: Option<&HeaderValue>) -> Result<Request<Body>, Answer> {
    let invalid = |message: &str| Answer {
        status: StatusCode::BAD_REQUEST,
        headers: Map::new(),
        body: Some(json!({"error": {"code": "BadRequest", "message": message}})),
    };
    let method = Method::from_bytes(inner.method.to_ascii_uppercase().as_bytes()).map_err(|_| invalid("Invalid HTTP method."))?;
    if inner.url.contains("://") {
        return Err(invalid("The url of a batch request must be relative to the version, e.g. /me/messages."));
    }
    let has_content_type = inner.headers.keys().any(|name| name.eq_ignore_ascii_case("content-type"));
    if inner.body.is_some() && !has_content_type {
        return Err(invalid("Content-Type header must be specified for the request with a body."));
    }
    let path = if inner.url.starts_with('/') { inner.url.clone() } else { format!("/{}", inner.url) };
    let mut request = Request::builder().method(method).uri(format!("/v1.0{path}"));
    for (name, value) in &inner.headers {
        request = request.header(name.as_str(), value.as_str());
    }
    if let Some(value) = authorization {
        request = request.header(header::AUTHORIZATION, value);
    }
    let body = match &inner.body {
        Some(body) => Body::from(body.to_string()),
        None => Body::empty(),
    };
    request.body(body).map_err(|_| invalid("Invalid request headers."))
}

/// An answer's status, passed-on headers and body: JSON as JSON, other bytes as base64.
async fn answer(response: Response) -> Answer {
    let (parts, body) = response.into_parts();
    let mut headers = Map::new();
    for name in PASSED_HEADERS {
        if let Some(value) = parts.headers.get(*name).and_then(|v| v.to_str().ok()) {
            headers.insert((*name).to_owned(), Value::from(value));
        }
    }
    let bytes = to_bytes(body, usize::MAX).await.unwrap_or_default();
    let body =
        if bytes.is_empty() { None } else { Some(serde_json::from_slice(&bytes).unwrap_or_else(|_| Value::from(STANDARD.encode(&bytes)))) };
    Answer { status: parts.status, headers, body }
}
