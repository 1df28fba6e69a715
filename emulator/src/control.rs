//! `/_emulator/…`: health and the switches tests use to put the emulator in a state.

use crate::app_config::Override;
use crate::graph::faults::Plan;
use crate::Shared;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/_emulator/health", get(health))
        .route("/_emulator/app-config", put(set_app_config).delete(remove_app_config))
        .route("/_emulator/reset", post(reset))
        .route("/_emulator/faults", get(faults).put(set_faults))
}

async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({
        "status": "ok",
        "service": "tern-emulator",
        "version": env!("CARGO_PKG_VERSION"),
    }))
}

/// Serve these exact bytes as the app's `config.json`.
async fn set_app_config(State(state): State<Shared>, body: String) -> StatusCode {
    *state.app_config.lock().expect("app config lock") = Override::Text(body);
    StatusCode::NO_CONTENT
}

/// Answer `config.json` with 404.
async fn remove_app_config(State(state): State<Shared>) -> StatusCode {
    *state.app_config.lock().expect("app config lock") = Override::Missing;
    StatusCode::NO_CONTENT
}

/// Back to the state at start: the generated config.json, and the identity side's clock,
/// grants, sessions, token request log and id_token overrides, the mailboxes (under a new
/// IMAP UIDVALIDITY), and the calendars, contacts and To Do lists.
async fn reset(State(state): State<Shared>) -> StatusCode {
    *state.app_config.lock().expect("app config lock") = Override::Generated;
    *state.mail.lock().expect("mail lock") = state.mail_at_start.clone();
    state.renew_uid_validity();
    *state.pim.lock().expect("pim lock") = state.pim_at_start.clone();
    state.identity().reset();
    state.graph_faults.reset();
    StatusCode::NO_CONTENT
}

/// The Graph faults still to be served, and how many requests Outlook's concurrency limit
/// has refused since the start (a client that queues its calls causes none).
async fn faults(State(state): State<Shared>) -> Json<serde_json::Value> {
    let mut answer = serde_json::to_value(state.graph_faults.plan()).unwrap_or_default();
    answer["concurrency_refusals"] = state.graph_faults.concurrency_refusals().into();
    Json(answer)
}

/// `{"throttle": N, "unavailable": N, "latency_ms": N, "expire_tokens": bool, "send_delay_ms": N}`: the next N
/// Graph requests get 429 or 503 (503 first), every answer is delayed, and the access
/// tokens issued so far are refused as expired.
async fn set_faults(State(state): State<Shared>, body: String) -> Response {
    match serde_json::from_str::<Plan>(&body) {
        Ok(plan) => {
            state.graph_faults.set_plan(plan);
            state.graph_faults.expire_tokens_until(state.identity().now().unix_seconds());
            StatusCode::NO_CONTENT.into_response()
        }
        Err(error) => (
            StatusCode::BAD_REQUEST,
            format!("expected {{\"throttle\", \"unavailable\", \"latency_ms\", \"expire_tokens\", \"send_delay_ms\"}}: {error}"),
        )
            .into_response(),
    }
}
