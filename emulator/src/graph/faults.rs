//! Trouble on demand, and Outlook's own limit: throttling (429 with `Retry-After`), bursts
//! of 503, added latency, and more than 4 requests in flight for one mailbox answered with
//! 429 `ApplicationThrottled`, as Exchange Online does.

use super::{client_request_id, error, GRAPH_RESOURCE};
use crate::identity::random;
use crate::Shared;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

/// Outlook's concurrency limit per app and mailbox.
pub const MAX_IN_FLIGHT: usize = 4;
/// What the emulator puts in `Retry-After`, in seconds.
const RETRY_AFTER_SECONDS: &str = "1";

/// The faults still to serve; each count is used up one request at a time.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Plan {
    /// Answer the next N Graph requests with 429 `TooManyRequests`.
    pub throttle: u32,
    /// Answer the next N Graph requests with 503 `serviceNotAvailable`.
    pub unavailable: u32,
    /// Delay every Graph answer by this many milliseconds.
    pub latency_ms: u64,
    /// Refuse every access token issued until now with 401 `InvalidAuthenticationToken`
    /// (expired), as when tokens outlive their hour; tokens issued later are accepted.
    pub expire_tokens: bool,
    /// How long a sent message stays in Drafts after `send` answered 202, before it
    /// reaches Sent Items and its recipients (Exchange sends asynchronously).
    pub send_delay_ms: u64,
}

#[derive(Default)]
pub struct Faults {
    plan: Mutex<Plan>,
    /// What the command line asked for, restored by `/_emulator/reset`.
    at_start: Mutex<Plan>,
    in_flight: Mutex<HashMap<String, usize>>,
    /// Tokens issued at or before this time (seconds) count as expired.
    expired_until: Mutex<Option<i64>>,
    concurrency_refusals: std::sync::atomic::AtomicU64,
}

impl Faults {
    pub fn set_start_plan(&self, plan: Plan) {
        *self.at_start.lock().expect("fault plan lock") = plan.clone();
        self.set_plan(plan);
    }

    pub fn reset(&self) {
        let start = self.at_start.lock().expect("fault plan lock").clone();
        *self.expired_until.lock().expect("fault plan lock") = None;
        self.concurrency_refusals.store(0, std::sync::atomic::Ordering::SeqCst);
        self.set_plan(start);
    }

    /// Makes every token issued up to `now` (seconds) expired, when the plan says so.
    pub fn expire_tokens_until(&self, now: i64) {
        if self.plan().expire_tokens {
            *self.expired_until.lock().expect("fault plan lock") = Some(now);
        }
    }

    /// Whether a token whose `iat` is `issued_at` was expired by the plan; `iat` is dated
    /// back by the identity platform's clock skew allowance.
    pub fn expired(&self, issued_at: i64) -> bool {
        let issued = issued_at + crate::identity::SKEW_SECONDS;
        self.expired_until.lock().expect("fault plan lock").is_some_and(|until| issued <= until)
    }

    pub fn plan(&self) -> Plan {
        self.plan.lock().expect("fault plan lock").clone()
    }

    pub fn set_plan(&self, plan: Plan) {
        *self.plan.lock().expect("fault plan lock") = plan;
    }

    /// The fault the next request meets, if any, using it up.
    fn take(&self) -> (Option<StatusCode>, u64) {
        let mut plan = self.plan.lock().expect("fault plan lock");
        let status = if plan.unavailable > 0 {
            plan.unavailable -= 1;
            Some(StatusCode::SERVICE_UNAVAILABLE)
        } else if plan.throttle > 0 {
            plan.throttle -= 1;
            Some(StatusCode::TOO_MANY_REQUESTS)
        } else {
            None
        };
        (status, plan.latency_ms)
    }

    pub fn concurrency_refusals(&self) -> u64 {
        self.concurrency_refusals.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn enter(&self, mailbox: &str) -> bool {
        let mut in_flight = self.in_flight.lock().expect("in-flight lock");
        let count = in_flight.entry(mailbox.to_owned()).or_insert(0);
        if *count >= MAX_IN_FLIGHT {
            self.concurrency_refusals.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            return false;
        }
        *count += 1;
        true
    }

    fn leave(&self, mailbox: &str) {
        let mut in_flight = self.in_flight.lock().expect("in-flight lock");
        if let Some(count) = in_flight.get_mut(mailbox) {
            *count -= 1;
            if *count == 0 {
                in_flight.remove(mailbox);
            }
        }
    }
}

fn refusal(state: &Shared, status: StatusCode, code: &str, message: &str, client_request_id: &str) -> Response {
    let mut response = error(state, status, code, message, &random::guid(), client_request_id);
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER_SECONDS));
    response
}

/// The mailbox a request is for: `/users/{id|upn}/…`, or the caller's own (by the token).
fn mailbox(state: &Shared, request: &Request) -> Option<String> {
    if let Some(rest) = request.uri().path().strip_prefix("/v1.0/users/") {
        return Some(rest.split('/').next().unwrap_or_default().to_ascii_lowercase());
    }
    let bearer = request.headers().get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ")?;
    let token = state.identity().verify_access_token(bearer, GRAPH_RESOURCE).ok()?;
    Some(token.upn.to_ascii_lowercase())
}

pub async fn guard(State(state): State<Shared>, request: Request, next: Next) -> Response {
    if request.method() == Method::OPTIONS {
        return next.run(request).await;
    }
    let client_request_id = client_request_id(request.headers());
    let (fault, latency_ms) = state.graph_faults.take();
    match fault {
        Some(StatusCode::SERVICE_UNAVAILABLE) => {
            return refusal(
                &state,
                StatusCode::SERVICE_UNAVAILABLE,
                "serviceNotAvailable",
                "Service unavailable. Please retry again later.",
                &client_request_id,
            );
        }
        Some(status) => {
            return refusal(&state, status, "TooManyRequests", "Please retry again later.", &client_request_id);
        }
        None => {}
    }
    let Some(mailbox) = mailbox(&state, &request) else {
        if latency_ms > 0 {
            tokio::time::sleep(Duration::from_millis(latency_ms)).await;
        }
        return next.run(request).await;
    };
    if !state.graph_faults.enter(&mailbox) {
        return refusal(
            &state,
            StatusCode::TOO_MANY_REQUESTS,
            "ApplicationThrottled",
            "Application is over its MailboxConcurrency limit.",
            &client_request_id,
        );
    }
    let _slot = Slot { state: state.clone(), mailbox };
    // The delay stands for the server's own time, so it holds a place in flight.
    if latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(latency_ms)).await;
    }
    next.run(request).await
}

/// A place in flight, given back even when the caller goes away mid-request.
struct Slot {
    state: Shared,
    mailbox: String,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.state.graph_faults.leave(&self.mailbox);
    }
}
